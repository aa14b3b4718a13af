import Foundation
import Testing
@testable import DSP

@Suite("PitchTracker")
struct PitchTrackerTests {
    @Test("median F0 within 0.5 % on impulse trains at fractional periods through vowel resonators",
          arguments: [0, 1, 2], [97.3, 120.0, 211.7])
    func modalVoice(vowel: Int, f0: Double) throws {
        let (name, formants) = VowelSignals.vowels[vowel]
        let tracker = PitchTracker(sampleRate: VowelSignals.rate)
        let frames = tracker.track(VowelSignals.vowel(formants, f0: f0, seconds: 1))
        let voiced = frames.compactMap(\.frequency)
        let median = try #require(tracker.medianPitch(VowelSignals.vowel(formants, f0: f0, seconds: 1)))
        print("pitch /\(name)/ F0 \(f0): median \(median), relative error \(median / f0 - 1), voiced \(voiced.count)/\(frames.count)")
        #expect(abs(median / f0 - 1) < 0.005)
        #expect(voiced.count == frames.count)
    }

    @Test("white Gaussian noise through the vowel resonators is unvoiced in at least 90 % of frames",
          arguments: [0, 1, 2])
    func whisper(vowel: Int) {
        let (name, formants) = VowelSignals.vowels[vowel]
        let tracker = PitchTracker(sampleRate: VowelSignals.rate)
        let x = VowelSignals.resonate(VowelSignals.noise(count: 32000, seed: 7 + UInt64(vowel)),
                                      VowelSignals.resonances(formants))
        let frames = tracker.track(x)
        let unvoiced = frames.filter { $0.frequency == nil }.count
        let strengths = frames.map(\.strength).sorted()
        print("whisper /\(name)/: unvoiced \(unvoiced)/\(frames.count), median strength \(strengths[strengths.count / 2]), max \(strengths.last!)")
        #expect(Double(unvoiced) >= 0.9 * Double(frames.count))
    }

    @Test("silence and too-short signals give no voiced frames")
    func silence() {
        let tracker = PitchTracker(sampleRate: 16000)
        #expect(tracker.track([Double](repeating: 0, count: 8000)).allSatisfy { $0.frequency == nil })
        #expect(tracker.track([Double](repeating: 0, count: 100)).isEmpty)
        #expect(tracker.medianPitch([Double](repeating: 0, count: 8000)) == nil)
    }
}
