import Foundation
import SynCore
import SynData
import Testing
@testable import SynTone

/// The band-limited renderer against a direct, sample-by-sample evaluation of the Fourier
/// series written out here from the textbook coefficients (specs/syntone.md).
@Suite("Band-limited oscillator series")
struct OscillatorSeriesTests {
    static let rate = 16000
    static let renderer = ToneRenderer(sampleRate: rate)
    static var cutoff: Double { 0.48 * Double(rate) }

    /// Coefficients (sin, cos) of harmonic k per unit amplitude, before tilt.
    static func coefficient(_ waveform: Waveform, _ k: Int, pulseWidth: Double = 0.5) -> (Double, Double) {
        let kd = Double(k)
        switch waveform {
        case .sine: return (k == 1 ? 1 : 0, 0)
        case .sawtooth: return ((k % 2 == 1 ? 1 : -1) * 2 / (Double.pi * kd), 0)
        case .triangle:
            guard k % 2 == 1 else { return (0, 0) }
            return (((k - 1) / 2 % 2 == 0 ? 1 : -1) * 8 / (Double.pi * Double.pi * kd * kd), 0)
        case .square where pulseWidth == 0.5:
            return (k % 2 == 1 ? 4 / (Double.pi * kd) : 0, 0)
        case .square:
            // (1/pi) * integral over [0, 2 pi w) of sin(k x) and cos(k x), over the ideal peak.
            let w = pulseWidth, peak = max(w, 1 - w)
            return ((1 - cos(2 * Double.pi * kd * w)) / (Double.pi * kd) / peak,
                    sin(2 * Double.pi * kd * w) / (Double.pi * kd) / peak)
        }
    }

    /// sum_k tiltGain_k (b_k sin(k theta) + c_k cos(k theta)) for k * highest < cutoff.
    static func direct(_ p: ToneParameters, theta: Double, highest: Double) -> Double {
        var k = 1, sum = 0.0
        while k == 1 || Double(k) * highest < cutoff {
            let (b, c) = coefficient(p.waveform, k, pulseWidth: p.pulseWidth)
            let tilt = pow(Double(k), p.tilt / (20 * log10(2.0)))
            sum += tilt * (b * sin(Double(k) * theta) + c * cos(Double(k) * theta))
            k += 1
        }
        return sum
    }

    static func render(_ p: ToneParameters, gain: Double = 1) -> [Float] {
        var rng = Xoshiro256StarStar(seed: 3)
        return renderer.render(p, gain: gain, rng: &rng)
    }

    static func maxError(_ rendered: [Float], _ expected: (Int) -> Double) -> Double {
        var worst = 0.0
        for n in rendered.indices { worst = max(worst, abs(Double(rendered[n]) - expected(n))) }
        return worst
    }

    @Test("constant-frequency tones equal their series sample for sample", arguments: Waveform.allCases)
    func constantFrequency(waveform: Waveform) {
        for (f, phase) in [(110.0, 0.0), (987.65, 2.5), (3000.0, -1.0), (7999.0, 0.3)] {
            var p = ToneParameters()
            p.waveform = waveform
            p.frequency = f
            p.phase = phase
            p.amplitude = 0.6
            p.duration = 0.37
            let x = Self.render(p, gain: 0.9)
            #expect(x.count == 5920)
            let error = Self.maxError(x) { n in
                0.54 * Self.direct(p, theta: phase + 2 * Double.pi * f * Double(n) / Double(Self.rate), highest: f)
            }
            #expect(error < 1e-6, "\(waveform.name) at \(f) Hz: error \(error)")
        }
    }

    @Test("pulse width and tilt follow the documented series")
    func pulseWidthAndTilt() {
        var cases: [ToneParameters] = []
        for (w, tilt) in [(0.1, 0.0), (0.62, -3.0), (0.5, 6.0), (0.9, 0.0)] {
            var p = ToneParameters()
            p.waveform = .square
            p.frequency = 523.25
            p.pulseWidth = w
            p.tilt = tilt
            p.duration = 0.25
            cases.append(p)
        }
        var saw = ToneParameters()
        saw.waveform = .sawtooth
        saw.tilt = -9
        saw.duration = 0.25
        cases.append(saw)
        for p in cases {
            let x = Self.render(p)
            let error = Self.maxError(x) { n in
                Self.direct(p, theta: 2 * Double.pi * p.frequency * Double(n) / Double(Self.rate), highest: p.frequency)
            }
            #expect(error < 1e-6, "\(p): error \(error)")
        }
    }

    @Test("a long pulse series approaches the ideal zero-mean pulse of peak 1")
    func pulseShape() {
        var p = ToneParameters()
        p.waveform = .square
        p.frequency = 100  // 76 harmonics
        p.pulseWidth = 0.25
        let x = Self.render(p)
        let mean = x.reduce(0.0) { $0 + Double($1) } / Double(x.count)
        #expect(abs(mean) < 1e-6)
        // Mid-pulse (theta = pi w) the ideal value is (1 - w) / max(w, 1 - w) = 1; mid-gap -1/3.
        let high = Double(x[20]), low = Double(x[100])
        #expect(abs(high - 1) < 0.02 && abs(low + 1.0 / 3) < 0.02, "\(high) \(low)")
    }

    @Test("exponential glide follows the closed-form phase")
    func glide() {
        for waveform in [Waveform.sine, .sawtooth] {
            var p = ToneParameters()
            p.waveform = waveform
            p.frequency = 300
            p.glideEndFrequency = 1200
            p.phase = 0.4
            p.duration = 0.5
            let logRatio = log(4.0)
            let x = Self.render(p)
            let error = Self.maxError(x) { n in
                let t = Double(n) / Double(Self.rate)
                let theta = 0.4 + 2 * Double.pi * 300 * 0.5 * (exp(logRatio * t / 0.5) - 1) / logRatio
                return Self.direct(p, theta: theta, highest: 1200)
            }
            #expect(error < 2e-5, "\(waveform.name): error \(error)")
        }
    }

    @Test("vibrato follows the integrated instantaneous frequency")
    func vibrato() {
        var p = ToneParameters()
        p.waveform = .triangle
        p.frequency = 440
        p.vibratoRate = 5.5
        p.vibratoDepth = 50
        p.duration = 0.5
        let x = Self.render(p)
        // Reference phase: Simpson's rule with 8 panels per sample.
        let rate = Double(Self.rate)
        func f(_ t: Double) -> Double { 440 * pow(2, 50.0 / 1200 * sin(2 * Double.pi * 5.5 * t)) }
        var thetas = [Double](repeating: 0, count: x.count)
        var cycles = 0.0
        for n in 1..<x.count {
            let a = Double(n - 1) / rate, h = 1 / rate / 8
            var s = f(a) + f(a + 8 * h)
            for i in 1..<8 { s += (i % 2 == 1 ? 4 : 2) * f(a + Double(i) * h) }
            cycles += s * h / 3
            thetas[n] = 2 * Double.pi * cycles
        }
        let highest = 440 * pow(2, 50.0 / 1200)
        let error = Self.maxError(x) { Self.direct(p, theta: thetas[$0], highest: highest) }
        #expect(error < 2e-5, "error \(error)")
    }

    @Test("ADSR envelope is the documented piecewise-linear shape")
    func envelope() {
        var p = ToneParameters()
        p.frequency = 1000
        p.attack = 0.1
        p.decay = 0.2
        p.sustain = 0.6
        p.release = 0.3
        let x = Self.render(p)
        func envelope(_ t: Double) -> Double {
            if t < 0.1 { return t / 0.1 }
            if t < 0.3 { return 1 - 0.4 * (t - 0.1) / 0.2 }
            if t < 0.7 { return 0.6 }
            return 0.6 * (1 - t) / 0.3
        }
        let error = Self.maxError(x) { n in
            let t = Double(n) / Double(Self.rate)
            return envelope(t) * sin(2 * Double.pi * 1000 * t)
        }
        #expect(error < 1e-6, "error \(error)")
    }

    @Test("harmonic magnitudes list what is rendered")
    func harmonicMagnitudes() {
        var p = ToneParameters()
        p.waveform = .sawtooth
        let saw = Self.renderer.harmonicMagnitudes(p)
        #expect(saw.count == 17)  // 17 * 440 = 7480 < 7680 <= 18 * 440
        for (i, m) in saw.enumerated() { #expect(abs(m - 2 / (Double.pi * Double(i + 1))) < 1e-15) }
        p.waveform = .square
        p.frequency = 3000
        #expect(Self.renderer.harmonicMagnitudes(p) == [4 / Double.pi, 0])
        p.waveform = .sine
        p.frequency = 100
        #expect(Self.renderer.harmonicMagnitudes(p).filter { $0 != 0 } == [1])
        p.waveform = .sawtooth
        p.glideEndFrequency = 2000
        #expect(Self.renderer.harmonicMagnitudes(p).count == 3)
        p.glideEndFrequency = nil
        p.frequency = 950
        #expect(Self.renderer.harmonicMagnitudes(p).count == 8)
        p.vibratoRate = 6
        p.vibratoDepth = 100
        #expect(Self.renderer.harmonicMagnitudes(p).count == 7)
        p.tilt = -6
        p.waveform = .square
        p.vibratoDepth = 0
        let tilted = Self.renderer.harmonicMagnitudes(p)
        #expect(abs(tilted[2] - 4 / (3 * Double.pi) * pow(10, -6 * log2(3.0) / 20)) < 1e-15)
    }

    @Test("rendering is identical from several threads and at any call order")
    func concurrentRendering() {
        let items = (0..<8).map { i -> ToneParameters in
            var p = ToneParameters()
            p.waveform = Waveform(rawValue: i % 4)!
            p.frequency = 200 + 310 * Double(i)
            p.duration = 0.1
            p.snr = i % 2 == 0 ? 20 : nil
            return p
        }
        @Sendable func renderItem(_ i: Int) -> [Float] {
            var rng = Xoshiro256StarStar.item(seed: 42, index: UInt64(i))
            return Self.renderer.render(items[i], gain: 0.5, rng: &rng)
        }
        let serial = (0..<items.count).map(renderItem)
        let parallel = parallelMap(items.count, jobs: 4) { renderItem($0) }
        #expect(serial == parallel)
    }
}
