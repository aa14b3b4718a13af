import DSP
import Foundation
import SynCore
import Testing
@testable import SynSpeech

/// Synthesis by rule (Sources/SynSpeech/Rules) checked on its timing, its frames and, where the
/// property is acoustic, on audio rendered by ``KlattSynthesizer`` and measured with our own
/// ``FormantEstimator`` and ``PitchTracker``.
@Suite struct RulesTests {
    static let sampleRate = 16_000.0

    /// A phonetic text from words given as ARPAbet (`("pa", "P AA1")`).
    static func text(_ words: [(String, String)], question: Bool = false) throws -> PhoneticText {
        let phonetic = try words.map { spelling, arpabet in
            PhoneticWord(spelling: spelling,
                         phones: try arpabet.split(separator: " ").map { try Phone(parsing: $0) })
        }
        return PhoneticText(text: words.map(\.0).joined(separator: " "), words: phonetic,
                            isQuestion: question)
    }

    /// `frames` rendered at 16 kHz (the synthesizer tests' renderer), as Double.
    static func render(_ frames: [KlattFrame]) -> [Double] { KlattSynthesizerTests.render(frames) }

    static func slice(_ x: [Double], from a: Double, to b: Double) -> [Double] {
        let i = max(0, Int(a * sampleRate)), j = min(x.count, Int(b * sampleRate))
        return i < j ? Array(x[i..<j]) : []
    }

    static func rmsDecibels(_ x: [Double]) -> Double {
        10 * log10(max(1e-30, x.reduce(0) { $0 + $1 * $1 } / Double(max(1, x.count))))
    }

    static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : 0.5 * (s[s.count / 2 - 1] + s[s.count / 2])
    }

    // MARK: - Durations

    @Test("durations: a stressed vowel is longer than the same vowel unstressed")
    func stressLengthens() throws {
        let model = DurationModel()
        let prosody = Prosody()
        for symbol in ["AA", "IY", "AH", "EH"] {
            let stressed = model.duration(of: Phone(symbol: symbol, stress: .primary)!,
                                          syllableStress: .primary, isFinal: false, prosody: prosody)
            let unstressed = model.duration(of: Phone(symbol: symbol, stress: .unstressed)!,
                                            syllableStress: .unstressed, isFinal: false, prosody: prosody)
            print(String(format: "%@: stressed %.1f ms, unstressed %.1f ms (ratio %.3f)", symbol,
                         1000 * stressed, 1000 * unstressed, unstressed / stressed))
            #expect(unstressed < 0.8 * stressed)
            #expect(unstressed > 0.6 * stressed)
        }
    }

    @Test("durations: the phrase-final syllable is longer than the same syllable before it")
    func finalLengthening() throws {
        let u = DurationModel().utterance(try Self.text([("pa", "P AA1"), ("pa", "P AA1")]))
        let vowels = u.phones.filter(\.phone.isVowel)
        let ratio = vowels[1].duration / vowels[0].duration
        print(String(format: "final AA %.1f ms vs non-final %.1f ms (ratio %.3f)",
                     1000 * vowels[1].duration, 1000 * vowels[0].duration, ratio))
        #expect(ratio > 1.15)
        #expect(abs(u.phones[2].duration - u.phones[0].duration) < 1e-12)  // the onset /p/ is not final
    }

    @Test("durations: rate 1.5 shortens the speech to 1/1.5; utterance = phones + silences")
    func rateAndTiling() throws {
        let text = try TextToPhones().convert(SentenceList.builtIn[0])
        let slow = DurationModel().utterance(text)
        var fast = Prosody()
        fast.speakingRate = 1.5
        let quick = DurationModel().utterance(text, prosody: fast)
        let speech = { (u: Utterance) in u.speechEnd - u.speechStart }
        let ratio = speech(quick) / speech(slow)
        print(String(format: "speech %.3f s at rate 1, %.3f s at rate 1.5: ratio %.4f (1/1.5 = %.4f)",
                     speech(slow), speech(quick), ratio, 1 / 1.5))
        #expect(abs(ratio - 1 / 1.5) < 0.01)
        for u in [slow, quick] {
            let sum = u.phones.reduce(0) { $0 + $1.duration } + u.leadingSilence + u.trailingSilence
            #expect(abs(u.duration - sum) < 1e-9)
            for (a, b) in zip(u.phones, u.phones.dropFirst()) { #expect(abs(a.end - b.start) < 1e-12) }
            #expect(u.words.count == text.words.count)
            #expect(u.words.first?.start == u.speechStart)
            #expect(u.words.last?.end == u.speechEnd)
        }
    }

    // MARK: - Sustained vowels

    @Test("sustained vowel, 600 ms, flat F0 110 Hz: LPC F1 within 5 %, F2/F3 within 3 %, F0 within 0.5 %",
          arguments: ["AA", "IY", "UW"])
    func sustainedVowel(symbol: String) throws {
        let phone = try #require(Phone(symbol: symbol, stress: .primary))
        let u = Utterance.sustained(phone, duration: 0.6)
        let frames = FrameBuilder().frames(u, prosody: .flat(f0: 110))
        let x = Self.render(frames)
        #expect(abs(Double(x.count) / Self.sampleRate - u.duration) < 0.006)
        let steady = Self.slice(x, from: 0.15, to: 0.65)
        let measured = FormantEstimator(sampleRate: Self.sampleRate).medianFormants(steady)
        try #require(measured.count >= 3)
        let t = phone.phoneme.target
        let errors = zip([t.f1, t.f2, t.f3], measured).map { ($1.frequency - $0) / $0 }
        let f0 = try #require(PitchTracker(sampleRate: Self.sampleRate).medianPitch(steady))
        print(String(format: "%@: F1 %.0f (%+.2f %%), F2 %.0f (%+.2f %%), F3 %.0f (%+.2f %%), F0 %.2f Hz (%+.3f %%)",
                     symbol, measured[0].frequency, 100 * errors[0], measured[1].frequency,
                     100 * errors[1], measured[2].frequency, 100 * errors[2], f0, 100 * (f0 / 110 - 1)))
        #expect(abs(errors[0]) < 0.05)
        #expect(abs(errors[1]) < 0.03)
        #expect(abs(errors[2]) < 0.03)
        #expect(abs(f0 / 110 - 1) < 0.005)
    }

    // MARK: - Intonation

    /// Median F0 of the last voiced 200 ms and of 200 ms around the middle of the speech.
    static func endAndMiddlePitch(_ sentence: String) throws -> (end: Double, middle: Double) {
        let text = try TextToPhones().convert(sentence)
        let u = DurationModel().utterance(text)
        let x = render(FrameBuilder().frames(u, prosody: Prosody()))
        let track = PitchTracker(sampleRate: sampleRate).track(x)
        let voiced = track.filter { $0.frequency != nil }
        let last = try #require(voiced.last).time
        let end = voiced.filter { $0.time >= last - 0.2 }.compactMap(\.frequency)
        let mid = 0.5 * (u.speechStart + u.speechEnd)
        let middle = voiced.filter { abs($0.time - mid) <= 0.1 }.compactMap(\.frequency)
        try #require(!end.isEmpty && !middle.isEmpty)
        return (median(end), median(middle))
    }

    @Test("intonation: a statement ends falling, a question rising (last voiced 200 ms vs middle)")
    func statementFallsQuestionRises() throws {
        let statement = try Self.endAndMiddlePitch("My sister likes green apples.")
        let question = try Self.endAndMiddlePitch("Is the water cold?")
        print(String(format: "statement: middle %.1f Hz, end %.1f Hz; question: middle %.1f Hz, end %.1f Hz",
                     statement.middle, statement.end, question.middle, question.end))
        #expect(statement.end < statement.middle * 0.95)
        #expect(question.end > question.middle * 1.05)
    }

    // MARK: - Stops

    @Test("stops: /p/ in 'a pa' has a near-silent closure and a noisy burst and aspiration")
    func voicelessStop() throws {
        let u = DurationModel().utterance(try Self.text([("a", "AH0"), ("pa", "P AA1")]))
        let x = Self.render(FrameBuilder().frames(u, prosody: Prosody()))
        let p = u.phones[1]
        let release = try #require(p.releaseTime)
        let closure = Self.rmsDecibels(Self.slice(x, from: p.start + 0.02, to: release - 0.005))
        let vowelA = Self.rmsDecibels(Self.slice(x, from: u.phones[0].start + 0.02, to: u.phones[0].end - 0.02))
        let vowelB = Self.rmsDecibels(Self.slice(x, from: u.phones[2].start + 0.03, to: u.phones[2].end - 0.03))
        let noise = Self.rmsDecibels(Self.slice(x, from: release, to: p.end))
        // Noise shows as a high zero-crossing rate (voicing at 110 Hz through F1 has few).
        let aspiration = Self.slice(x, from: release, to: p.end)
        let crossings = zip(aspiration, aspiration.dropFirst()).filter { $0 * $1 < 0 }.count
        let rate = Double(crossings) / (Double(aspiration.count) / Self.sampleRate)
        print(String(format: "closure %.1f dB, vowels %.1f / %.1f dB, burst+aspiration %.1f dB (VOT %.0f ms), %.0f zero crossings/s",
                     closure, vowelA, vowelB, noise, 1000 * (p.end - release), rate))
        #expect(closure < min(vowelA, vowelB) - 20)
        #expect(noise > closure + 20)
        #expect(rate > 1000)
    }

    @Test("stops: voiced /b/ in 'a ba' has a voice-onset time near zero, /p/ a long one")
    func voicedStopVOT() throws {
        func onsetDelay(_ stop: String) throws -> (timing: Double, frames: Double) {
            let u = DurationModel().utterance(try Self.text([("a", "AH0"), ("ba", "\(stop) AA1")]))
            let builder = FrameBuilder()
            let frames = builder.frames(u, prosody: Prosody())
            let p = u.phones[1]
            let release = try #require(p.releaseTime)
            // First frame after the release whose voicing is within 10 dB of the vowel's.
            let k0 = Int((release / builder.framePeriod).rounded(.up))
            let k = try #require((k0..<frames.count).first { frames[$0].av >= 50 })
            return (p.end - release, Double(k) * builder.framePeriod - release)
        }
        let b = try onsetDelay("B"), p = try onsetDelay("P")
        print(String(format: "VOT /b/: %.1f ms by timing, %.1f ms by frames; /p/: %.1f ms, %.1f ms",
                     1000 * b.timing, 1000 * b.frames, 1000 * p.timing, 1000 * p.frames))
        #expect(b.timing < 0.012)
        #expect(b.frames < 0.015)
        #expect(p.timing > 0.04)
        #expect(p.frames > 0.04)
    }

    // MARK: - Whole sentences

    @Test("frames: formants continuous (adjacent frames within 300 Hz) except at stop releases")
    func continuity() throws {
        for index in 0..<5 {
            let text = try TextToPhones().convert(SentenceList.builtIn[index])
            let u = DurationModel().utterance(text)
            let builder = FrameBuilder()
            let frames = builder.frames(u, prosody: Prosody())
            let stops = u.phones.filter { $0.releaseTime != nil }
            var worst = 0.0
            for k in 1..<frames.count {
                let t = Double(k) * builder.framePeriod
                if stops.contains(where: { t > $0.start && t <= $0.end + builder.framePeriod }) { continue }
                let a = frames[k - 1], b = frames[k]
                worst = max(worst, abs(a.f1 - b.f1), abs(a.f2 - b.f2), abs(a.f3 - b.f3))
            }
            print(String(format: "'%@': largest formant step %.0f Hz per frame", text.text, worst))
            #expect(worst <= 300)
        }
    }

    @Test("sentence: a built-in sentence renders to finite samples of 1 to 4 s")
    func builtInSentence() throws {
        let text = try TextToPhones(lexicon: .bundled).convert(SentenceList.builtIn[0])
        let u = DurationModel().utterance(text)
        let builder = FrameBuilder()
        let frames = builder.frames(u, prosody: Prosody())
        let x = Self.render(frames)
        let seconds = Double(x.count) / Self.sampleRate
        print(String(format: "'%@' (%@): %.3f s, peak %.3f", text.text, u.arpabet, seconds,
                     x.map(abs).max() ?? 0))
        let finite = x.allSatisfy { $0.isFinite }
        #expect(finite)
        #expect(seconds >= 1 && seconds <= 4)
        #expect(seconds >= u.duration - 1e-9 && seconds < u.duration + builder.framePeriod)
        #expect(builder.frames(u, prosody: Prosody()) == frames)  // deterministic
    }

    @Test("vocal-tract length: formant targets scale by 17.5 / L")
    func vocalTractScaling() throws {
        let u = Utterance.sustained(Phone(symbol: "AA", stress: .primary)!, duration: 0.3)
        let ref = FrameBuilder().frames(u, prosody: .flat(f0: 200))
        let short = FrameBuilder(vocalTractLength: 14).frames(u, prosody: .flat(f0: 200))
        let k = ref.count / 2
        #expect(abs(short[k].f2 / ref[k].f2 - 17.5 / 14) < 1e-9)
        #expect(abs(short[k].f1 / ref[k].f1 - 17.5 / 14) < 1e-9)
    }
}
