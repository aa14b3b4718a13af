import Foundation
import Testing
@testable import DSP

@Suite("SpectrumAnalyzer")
struct SpectrumAnalyzerTests {
    let rate = 16000.0

    func tone(_ partials: [(frequency: Double, amplitude: Double)], count: Int = 16000) -> [Double] {
        (0..<count).map { n in
            partials.reduce(0) { $0 + $1.amplitude * sin(2 * Double.pi * $1.frequency * Double(n) / rate + 0.3) }
        }
    }

    @Test("peak frequency of a pure tone is exact to 1e-7 relative", arguments: [97.25, 440.0, 1234.567, 7001.3])
    func peakFrequency(frequency: Double) {
        let analyzer = SpectrumAnalyzer(length: 16000, sampleRate: rate)
        let measured = analyzer.peakFrequency(tone([(frequency, 0.7)]), near: frequency + 1.3)
        #expect(abs(measured / frequency - 1) < 1e-7)
    }

    @Test("fundamental is the lowest strong partial, even when it is not the strongest")
    func fundamental() {
        let analyzer = SpectrumAnalyzer(length: 8000, sampleRate: rate)
        let f = 183.7
        let x = tone([(f, 0.2), (2 * f, 1), (3 * f, 0.5), (5 * f, 0.1)], count: 8000)
        let measured = analyzer.fundamental(x)
        #expect(measured != nil)
        #expect(abs((measured ?? 0) / f - 1) < 1e-6)
        #expect(analyzer.fundamental([Double](repeating: 0, count: 8000)) == nil)
    }

    @Test("4-term Blackman-Harris: the leakage floor of a pure tone lies below -90 dB")
    func harmonicEnergyFloor() {
        let analyzer = SpectrumAnalyzer(length: 16000, sampleRate: rate, window: .blackmanHarris)
        let f = 523.25
        let clean = analyzer.harmonicEnergy(tone([(f, 1), (3 * f, 0.3)]), fundamental: f)
        #expect(clean.otherDecibels < -90)
        // At the main lobe's edge the far sidelobes of the 4-term window still leak ~ -90 dB.
        let narrow = analyzer.harmonicEnergy(tone([(f, 1), (3 * f, 0.3)]), fundamental: f, halfWidth: 5)
        #expect(narrow.otherDecibels > clean.otherDecibels)
    }

    @Test("a pure tone has no energy off its harmonics; an added partial is measured at its level")
    func harmonicEnergy() {
        let analyzer = SpectrumAnalyzer(length: 16000, sampleRate: rate, window: .blackmanHarris7)
        let f = 523.25
        let clean = analyzer.harmonicEnergy(tone([(f, 1), (3 * f, 0.3)]), fundamental: f)
        #expect(clean.otherDecibels < -150)
        // An inharmonic partial 60 dB below the fundamental: other / total = 1e-6 / (0.5 + 0.045 + ...).
        let dirty = analyzer.harmonicEnergy(tone([(f, 1), (3 * f, 0.3), (2.5 * f, 1e-3)]), fundamental: f)
        let expected = 10 * log10(1e-6 / (1 + 0.09 + 1e-6))
        #expect(abs(dirty.otherDecibels - expected) < 0.1)
    }

    @Test("partial amplitudes are measured exactly")
    func partialAmplitudes() {
        let analyzer = SpectrumAnalyzer(length: 16000, sampleRate: rate, window: .blackmanHarris7)
        let x = tone([(300.5, 0.8), (901.5, 0.05), (4444.4, 0.3)])
        #expect(abs(analyzer.partialAmplitude(x, at: 300.5) - 0.8) < 1e-9)
        #expect(abs(analyzer.partialAmplitude(x, at: 901.5) - 0.05) < 1e-9)
        #expect(abs(analyzer.partialAmplitude(x, at: 4444.4) - 0.3) < 1e-9)
        #expect(analyzer.partialAmplitude(x, at: 2000) < 1e-9)
    }

    @Test("time-domain peak, power and SNR")
    func measures() {
        let x: [Float] = [0.5, -2, 1]
        #expect(SignalMeasures.peak(x) == 2)
        #expect(abs(SignalMeasures.meanPower(x) - 5.25 / 3) < 1e-12)
        let clean: [Double] = [1, -1, 1, -1]
        let noisy: [Double] = [1.1, -1.1, 0.9, -0.9]
        #expect(abs(SignalMeasures.signalToNoise(clean: clean, noisy: noisy) - 20) < 1e-9)
    }
}
