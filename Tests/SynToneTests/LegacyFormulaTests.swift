import Foundation
import SynCore
import SynData
import Testing
@testable import SynTone

/// Legacy mode against a straightforward evaluation of the published numpy/scipy formulas,
/// written out here from scipy's definitions (scipy.signal.sawtooth / square).
@Suite("Legacy mode reproduces the published formulas")
struct LegacyFormulaTests {
    static let renderer = ToneRenderer(sampleRate: 16000, mode: .legacy)

    /// scipy.signal.sawtooth(x, width): with t = x mod 2 pi, -1 + 2 t / (width 2 pi) for
    /// t < width 2 pi, else 1 - 2 (t - width 2 pi) / ((1 - width) 2 pi).
    static func sawtooth(_ x: Double, width: Double = 1) -> Double {
        let t = x - 2 * Double.pi * (x / (2 * Double.pi)).rounded(.down)
        if t < width * 2 * Double.pi { return -1 + 2 * t / (width * 2 * Double.pi) }
        return 1 - 2 * (t - width * 2 * Double.pi) / ((1 - width) * 2 * Double.pi)
    }

    /// scipy.signal.square(x, duty): +1 when x mod 2 pi < duty 2 pi, else -1.
    static func square(_ x: Double, duty: Double = 0.5) -> Double {
        let t = x - 2 * Double.pi * (x / (2 * Double.pi)).rounded(.down)
        return t < duty * 2 * Double.pi ? 1 : -1
    }

    static func published(_ p: ToneParameters, count: Int) -> [Double] {
        (0..<count).map { i in
            // numpy.linspace(0, duration, count)
            let t = Double(i) * p.duration / Double(count - 1)
            let x = 2 * Double.pi * p.frequency * t
            let shape: Double
            switch p.waveform {
            case .sine: shape = sin(x + p.phase)
            case .square: shape = square(x)
            case .sawtooth: shape = sawtooth(x)
            case .triangle: shape = sawtooth(x, width: 0.5)
            }
            return p.amplitude * shape
        }
    }

    @Test("matches to 1e-6 on a spread of published grid points", arguments: Waveform.allCases)
    func matchesPublished(waveform: Waveform) {
        // Published grid: amplitude linspace(0.1, 1, 20), frequency linspace(440, 8000, 400).
        for (a, i) in [(0, 0), (5, 57), (19, 123), (11, 200), (3, 311), (19, 399)] {
            var p = ToneParameters()
            p.waveform = waveform
            p.amplitude = 0.1 + 0.9 * Double(a) / 19
            p.frequency = 440 + 7560 * Double(i) / 399
            let x = Self.renderer.render(p, gain: 1, rng: &Self.unusedStream)
            let reference = Self.published(p, count: 16000)
            #expect(x.count == 16000)
            var worst = 0.0
            for n in 0..<x.count { worst = max(worst, abs(Double(x[n]) - reference[n])) }
            #expect(worst < 1e-6, "\(waveform.name) at \(p.frequency) Hz, amplitude \(p.amplitude): \(worst)")
        }
    }

    nonisolated(unsafe) static var unusedStream = Xoshiro256StarStar(seed: 0)

    /// Samples of the published formulas computed by NumPy and SciPy themselves
    /// (`References/scipy_legacy_tones.py` prints them), so the transcription above is not
    /// the only reference: (amplitude index, frequency index on the published grid, waveform,
    /// samples at `sciPyIndices`).
    static let sciPyIndices = [0, 1, 2, 777, 5000, 12345, 15998, 15999]
    static let sciPySamples: [(Int, Int, Waveform, [Double])] = [
        (5, 57, .sine, [0.0, 0.18934374224801823, 0.31319712061629934, -0.30513103713336887, 0.062471981418546194, -0.2746065236825056, -0.189343742247923, -1.0520290956108559e-14]),
        (5, 57, .triangle, [-0.33684210526315794, -0.20883410476312667, -0.08082610426309537, -0.09379533589270747, -0.2968396051069247, -0.13245038341211723, -0.2088341047632798, -0.3368421052630848]),
        (5, 57, .sawtooth, [-0.33684210526315794, -0.2728381050131423, -0.20883410476312667, 0.21531872057793272, -0.3168408551850413, 0.2346462443376376, 0.27283810501321887, -0.33684210526312136]),
        (5, 57, .square, [0.33684210526315794, 0.33684210526315794, 0.33684210526315794, -0.33684210526315794, 0.33684210526315794, -0.33684210526315794, -0.33684210526315794, 0.33684210526315794]),
        (19, 399, .sine, [0.0, -0.00019636181220060117, 0.0003927236168298911, -0.15198187054668372, 0.8315037022286622, -0.6575076697544332, 0.00019636181844372044, -5.142666334841014e-12]),
        (19, 399, .triangle, [-1.0, 0.9998749921870117, -0.9997499843740235, 0.9028689293080477, -0.3749609350600135, -0.5432214513405252, 0.9998749921842847, -0.9999999999979735]),
        (19, 399, .sawtooth, [-1.0, 6.250390649409354e-05, -0.9998749921870117, 0.048565535345976185, -0.6874804675300068, 0.7716107256702627, -6.250390785766946e-05, 0.9999999999989868]),
        (19, 399, .square, [1.0, -1.0, 1.0, -1.0, 1.0, -1.0, 1.0, -1.0]),
    ]

    @Test("legacy samples match NumPy/SciPy's own output to 1e-6, last sample included")
    func legacySamplesMatchSciPy() {
        for (a, i, waveform, expected) in Self.sciPySamples {
            var p = ToneParameters()
            p.waveform = waveform
            p.amplitude = 0.1 + 0.9 * Double(a) / 19
            p.frequency = 440 + 7560 * Double(i) / 399
            let x = Self.renderer.render(p, gain: 1, rng: &Self.unusedStream)
            for (n, value) in zip(Self.sciPyIndices, expected) {
                #expect(abs(Double(x[n]) - value) < 1e-6, "\(waveform.name) at \(p.frequency) Hz, sample \(n): \(x[n]) vs \(value)")
            }
        }
    }

    @Test("the sine uses the phase; the time axis ends exactly at the duration")
    func sinePhaseAndAxis() {
        var p = ToneParameters()
        p.frequency = 1000
        p.phase = 0.7
        p.duration = 0.5
        var rng = Xoshiro256StarStar(seed: 0)
        let x = Self.renderer.render(p, gain: 2, rng: &rng)
        #expect(x.count == 8000)
        let reference = Self.published(p, count: 8000)
        for n in 0..<x.count { #expect(abs(Double(x[n]) - 2 * reference[n]) < 1e-6) }
        // The last sample sits at t = duration: sin(2 pi 1000 * 0.5 + 0.7) = sin(0.7).
        #expect(abs(Double(x[7999]) - 2 * sin(0.7)) < 1e-6)
    }

    @Test("the fast remainder equals fmod bit for bit")
    func remainderIsExact() {
        var rng = Xoshiro256StarStar(seed: 4)
        let m = 2 * Double.pi
        var samples = (0..<3000).map { _ in rng.nextDouble(in: 0, 60000) }
        samples += (0..<2000).map { k in Double(k) * m }  // exact multiples, rounded
        samples += (1..<2000).map { k in (Double(k) * m).nextDown }
        samples += [0, m, m.nextDown, m.nextUp, 1e-300]
        for x in samples {
            #expect(legacyModulo(x, m) == fmod(x, m), "x = \(x)")
        }
    }

    @Test("aliasing: a published square at 5.9 kHz has strong energy at 1.7 kHz")
    func aliasing() {
        var p = ToneParameters()
        p.waveform = .square
        p.frequency = 5900
        var rng = Xoshiro256StarStar(seed: 0)
        let x = Self.renderer.render(p, gain: 1, rng: &rng).map(Double.init)
        // The published time axis samples at 15999 Hz: the third harmonic, 17.7 kHz, folds to
        // 17700 - 15999 = 1701 Hz (the spec's "1.7 kHz"); 1 s holds whole cycles of it.
        func power(at f: Double) -> Double {
            var re = 0.0, im = 0.0
            for (n, v) in x.enumerated() {
                re += v * cos(2 * Double.pi * f * Double(n) / 15999)
                im += v * sin(2 * Double.pi * f * Double(n) / 15999)
            }
            return (re * re + im * im) / Double(x.count * x.count)
        }
        #expect(power(at: 1701) > 0.01)
        #expect(power(at: 1650) < 1e-6)
        #expect(Self.renderer.peakBound(p) == 1)
    }
}
