import DSP
import Foundation
import SynCore
import SynData
import Testing
@testable import SynTone

@Suite("Peak bound and noise")
struct OscillatorPeakNoiseTests {
    static let rate = 16000
    static let renderer = ToneRenderer(sampleRate: rate)
    /// A spread of the published frequencies linspace(440, 8000, 400, endpoint: false).
    static let gridFrequencies = [0, 31, 77, 112, 113, 150, 179, 180, 250, 333, 399].map { 440 + 18.9 * Double($0) }

    static func render(_ p: ToneParameters, gain: Double = 1, seed: UInt64 = 5) -> [Float] {
        var rng = Xoshiro256StarStar(seed: seed)
        return renderer.render(p, gain: gain, rng: &rng)
    }

    @Test("peakBound bounds the rendered peak and is within 2 % of it on the published grid",
          arguments: Waveform.allCases)
    func peakBoundOnGrid(waveform: Waveform) {
        for f in Self.gridFrequencies {
            var p = ToneParameters()
            p.waveform = waveform
            p.frequency = f
            p.amplitude = 0.35
            let peak = SignalMeasures.peak(Self.render(p, gain: 1)) / p.amplitude
            let bound = Self.renderer.peakBound(p)
            #expect(peak <= bound, "\(waveform.name) at \(f) Hz: peak \(peak) > bound \(bound)")
            #expect(peak >= bound / 1.02, "\(waveform.name) at \(f) Hz: peak \(peak) << bound \(bound)")
        }
    }

    @Test("peakBound holds with envelope, pulse width, tilt, phase, glide and vibrato")
    func peakBoundVariants() {
        var variants: [ToneParameters] = []
        var p = ToneParameters()
        p.waveform = .sawtooth
        p.frequency = 210
        p.attack = 0.05
        p.decay = 0.1
        p.sustain = 0.4
        variants.append(p)
        p = ToneParameters()
        p.waveform = .square
        p.frequency = 333
        p.pulseWidth = 0.2
        p.tilt = -3
        p.phase = 2
        variants.append(p)
        p = ToneParameters()
        p.waveform = .triangle
        p.frequency = 500
        p.glideEndFrequency = 250
        p.vibratoRate = 4
        p.vibratoDepth = 30
        variants.append(p)
        p = ToneParameters()
        p.waveform = .square
        p.frequency = 900
        p.sustain = 0.5
        p.release = 0.2
        variants.append(p)
        for p in variants {
            let peak = SignalMeasures.peak(Self.render(p))
            let bound = Self.renderer.peakBound(p)
            #expect(peak <= bound && peak >= bound / 1.02, "\(p): peak \(peak), bound \(bound)")
        }
    }

    @Test("with noise, peakBound adds the largest possible Gaussian deviate")
    func peakBoundWithNoise() {
        var p = ToneParameters()
        p.waveform = .sawtooth
        p.frequency = 1000
        let clean = Self.renderer.peakBound(p)
        p.snr = 20
        let noisy = Self.renderer.peakBound(p)
        // sigma = sqrt(power / 100) with power = sum of (2 / (pi k))^2 / 2 over k = 1...7.
        let power = (1...7).reduce(0.0) { $0 + pow(2 / (Double.pi * Double($1)), 2) / 2 }
        let expected = clean + (-2 * log(0x1p-53)).squareRoot() * (power / 100).squareRoot() * (1 + 1e-6)
        #expect(abs(noisy - expected) < 1e-9)
        #expect(SignalMeasures.peak(Self.render(p)) <= noisy)
    }

    @Test("measured SNR within 0.5 dB of the requested one", arguments: [0.0, 10, 25, 40])
    func signalToNoise(snr: Double) {
        for (waveform, f, attack) in [(Waveform.sawtooth, 440.0, 0.0), (.sine, 3000, 0.3), (.square, 1234, 0.05)] {
            var p = ToneParameters()
            p.waveform = waveform
            p.frequency = f
            p.attack = attack
            p.amplitude = 0.5
            let clean = Self.render(p, gain: 0.8)
            p.snr = snr
            let noisy = Self.render(p, gain: 0.8)
            let measured = SignalMeasures.signalToNoise(clean: clean.map(Double.init), noisy: noisy.map(Double.init))
            #expect(abs(measured - snr) < 0.5, "\(waveform.name) at \(f) Hz: \(measured) dB for \(snr) dB")
        }
    }

    @Test("noise: same seed gives identical samples, another seed different ones; 2 draws per sample")
    func noiseReproducible() {
        var p = ToneParameters()
        p.waveform = .triangle
        p.frequency = 700
        p.duration = 0.2
        p.snr = 15
        #expect(Self.render(p, seed: 11) == Self.render(p, seed: 11))
        #expect(Self.render(p, seed: 11) != Self.render(p, seed: 12))
        var used = Xoshiro256StarStar(seed: 11)
        _ = Self.renderer.render(p, rng: &used)
        var expected = Xoshiro256StarStar(seed: 11)
        for _ in 0..<(2 * 3200) { _ = expected.next() }
        #expect(used.next() == expected.next())
        // Noise is drawn in sample order, one nextGaussian() per sample, after nothing else.
        p.snr = nil
        let clean = Self.render(p)
        p.snr = 15
        let noisy = Self.render(p, seed: 11)
        var draws = Xoshiro256StarStar(seed: 11)
        let first = Double(noisy[0]) - Double(clean[0])
        let second = Double(noisy[1]) - Double(clean[1])
        let g0 = draws.nextGaussian(), g1 = draws.nextGaussian()
        #expect(abs(first / g0 - second / g1) < 1e-4 * abs(first / g0))
        // Without noise nothing is drawn.
        p.snr = nil
        var untouched = Xoshiro256StarStar(seed: 11)
        _ = Self.renderer.render(p, rng: &untouched)
        var fresh = Xoshiro256StarStar(seed: 11)
        #expect(untouched.next() == fresh.next())
    }
}
