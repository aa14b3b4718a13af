import Foundation
import Testing
@testable import DSP

@Suite("FormantEstimator")
struct FormantEstimatorTests {
    @Test("median F1 within 5 %, F2 and F3 within 3 % of the resonators' (spec: steady vowels, F0 <= 150 Hz)",
          arguments: [0, 1, 2], [100.0, 123.4])
    func steadyVowels(vowel: Int, f0: Double) throws {
        let (name, formants) = VowelSignals.vowels[vowel]
        let estimator = FormantEstimator(sampleRate: VowelSignals.rate)
        let measured = estimator.medianFormants(VowelSignals.vowel(formants, f0: f0))
        try #require(measured.count >= 3)
        let errors = (0..<3).map { measured[$0].frequency / formants[$0] - 1 }
        print("formants /\(name)/ F0 \(f0):", measured.prefix(5).map { Int($0.frequency.rounded()) },
              "relative errors", errors.map { String(format: "%+.4f", $0) })
        #expect(abs(errors[0]) < 0.05, "/\(name)/ F1 \(measured[0].frequency)")
        #expect(abs(errors[1]) < 0.03, "/\(name)/ F2 \(measured[1].frequency)")
        #expect(abs(errors[2]) < 0.03, "/\(name)/ F3 \(measured[2].frequency)")
    }

    @Test("one 25 ms frame of /a/ at F0 100 Hz gives F1 within 5 %, F2 and F3 within 3 %")
    func singleFrame() throws {
        let formants = [730.0, 1090, 2440]
        let x = VowelSignals.vowel(formants, f0: 100)
        let measured = FormantEstimator(sampleRate: VowelSignals.rate).formants(Array(x[2000..<2400]))
        try #require(measured.count >= 3)
        #expect(abs(measured[0].frequency / formants[0] - 1) < 0.05)
        #expect(abs(measured[1].frequency / formants[1] - 1) < 0.03)
        #expect(abs(measured[2].frequency / formants[2] - 1) < 0.03)
    }

    @Test("default order is 2 + fs / 1000; frames are 25 ms every 10 ms")
    func framing() {
        let estimator = FormantEstimator(sampleRate: 16000)
        #expect(estimator.order == 18)
        #expect(estimator.frameLength == 400 && estimator.hopLength == 160)
        #expect(estimator.track([Double](repeating: 0.1, count: 400 + 160 * 9)).count == 10)
    }
}
