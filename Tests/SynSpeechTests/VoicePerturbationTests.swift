import DSP
import Foundation
import SynCore
import SynData
import Testing
@testable import SynSpeech

/// Measurements on any ``GlottalSource``: output, fractional period-end times, per-period peak flow.
enum SourceMeasurement {
    struct Run {
        /// The output samples.
        var output: [Double]
        /// Fractional sample times of the phase wraps: n + (1 - phase before) / (phase step).
        var wraps: [Double]
        /// The largest running sum of the output (the flow) between consecutive wraps.
        var peakFlows: [Double]

        /// Period lengths in samples between consecutive wraps.
        var periods: [Double] { zip(wraps.dropFirst(), wraps).map { $0 - $1 } }
        /// (last wrap - first wrap) / (number of periods).
        var meanPeriod: Double { (wraps.last! - wraps.first!) / Double(wraps.count - 1) }
    }

    static func run<S: GlottalSource>(_ source: inout S, f0: Double, count: Int) -> Run {
        var run = Run(output: [], wraps: [], peakFlows: [])
        run.output.reserveCapacity(count)
        var flow = 0.0, peak = -Double.infinity
        for n in 0..<count {
            let before = source.phase.cycles
            let x = source.next(f0: f0)
            run.output.append(x)
            flow += x
            peak = max(peak, flow)
            let after = source.phase.cycles
            if after < before {
                run.wraps.append(Double(n) + (1 - before) / (after + 1 - before))
                run.peakFlows.append(peak)
                peak = -Double.infinity
            }
        }
        return run
    }

    static func relativeStandardDeviation(_ x: [Double]) -> Double {
        let mean = x.reduce(0, +) / Double(x.count)
        let variance = x.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(x.count - 1)
        return variance.squareRoot() / mean
    }

    /// A source of `kind` with unit amplitude, OQ 0.5, perturbed by `perturbation`.
    static func runKind(_ kind: VoiceSourceKind, controls: GlottalControls = GlottalControls(),
                        perturbation: VoicePerturbation, f0: Double, count: Int) -> Run {
        switch kind {
        case .klglott88:
            var s = KLGLOTT88Source(sampleRate: 16_000, controls: controls, perturbation: perturbation)
            return run(&s, f0: f0, count: count)
        case .lf:
            var s = LFSource(sampleRate: 16_000, controls: controls, perturbation: perturbation)
            return run(&s, f0: f0, count: count)
        case .impulse:
            var s = ImpulseSource(sampleRate: 16_000, controls: controls, perturbation: perturbation)
            return run(&s, f0: f0, count: count)
        }
    }
}

/// Jitter, shimmer, diplophonia, breathiness and the source choice, on every source and
/// through the synthesizer and the dataset config.
@Suite struct VoicePerturbationTests {
    static let sampleRate = 16_000.0
    static let kinds = VoiceSourceKind.allCases

    @Test("jitter 0 and shimmer 0 are bit-identical to no perturbation (each source)", arguments: kinds)
    func zeroIsIdentity(kind: VoiceSourceKind) {
        let zero = VoicePerturbation(jitter: 0, shimmer: 0, rng: Xoshiro256StarStar(seed: 99))
        let a = SourceMeasurement.runKind(kind, perturbation: .none, f0: 113.7, count: 8000).output
        let b = SourceMeasurement.runKind(kind, perturbation: zero, f0: 113.7, count: 8000).output
        #expect(a == b)
        // Through the synthesizer too: explicit zero settings render the default's bytes.
        var frame = KlattSynthesizerTests.vowelFrame(f0: 113.7, f1: 730, f2: 1090, f3: 2440)
        frame.ah = 40
        let frames = KlattSynthesizerTests.steady(frame, seconds: 0.3)
        #expect(Self.render(frames, VoiceSourceSettings(kind: kind, jitterPercent: 0, shimmerPercent: 0), seed: 4)
                == Self.render(frames, VoiceSourceSettings(kind: kind), seed: 4))
    }

    /// With N periods the sample standard deviation has a relative standard error of about
    /// 1 / sqrt(2 (N - 1)): 1.0 % for the 4,800 periods of 40 s at 120 Hz. The period at the wrap
    /// also takes the old period's rate for a fraction of one sample (about J % of a sample,
    /// against a period spread of J % of 133 samples). 6 % is six standard errors.
    @Test("jitter J % gives a period relative standard deviation of J % within 6 %, mean F0 kept (each source)",
          arguments: kinds, [0.5, 2.0])
    func jitterMatches(kind: VoiceSourceKind, jitter: Double) {
        let f0 = 120.0
        let perturbation = VoicePerturbation(jitter: jitter, rng: Xoshiro256StarStar(seed: 11))
        let run = SourceMeasurement.runKind(kind, perturbation: perturbation, f0: f0, count: Int(40 * Self.sampleRate))
        let periods = Array(run.periods.dropFirst())
        let measured = 100 * SourceMeasurement.relativeStandardDeviation(periods)
        let mean = periods.reduce(0, +) / Double(periods.count)
        let local = 100 * zip(periods.dropFirst(), periods).map { abs($0 - $1) }.reduce(0, +) / Double(periods.count - 1) / mean
        print(String(format: "%@ jitter %.1f %%: measured period std %.3f %% (%d periods), Praat local jitter %.3f %% (expected %.3f), mean F0 %.3f Hz",
                     kind.rawValue, jitter, measured, periods.count, local, 2 / Double.pi.squareRoot() * jitter,
                     Self.sampleRate / mean))
        #expect(abs(measured - jitter) / jitter < 0.06)
        #expect(abs(Self.sampleRate / mean - f0) / f0 < 0.001)
    }

    /// Same statistics as jitter (relative standard error 1 % with 4,800 periods). KLGLOTT88's and
    /// LF's peak flow is the period's amplitude exactly up to sampling (1e-4); the impulse
    /// source's overlapping pulses dilute it (a peak carries part of the previous pulse's tail),
    /// so it is only printed there, with its period-to-period pulse weights checked instead.
    @Test("shimmer S % gives a peak-flow relative standard deviation of S % within 6 %", arguments: [VoiceSourceKind.klglott88, .lf])
    func shimmerMatches(kind: VoiceSourceKind) {
        let shimmer = 5.0
        let perturbation = VoicePerturbation(shimmer: shimmer, rng: Xoshiro256StarStar(seed: 12))
        let run = SourceMeasurement.runKind(kind, perturbation: perturbation, f0: 120, count: Int(40 * Self.sampleRate))
        let measured = 100 * SourceMeasurement.relativeStandardDeviation(Array(run.peakFlows.dropFirst(2)))
        print(String(format: "%@ shimmer %.1f %%: measured peak-flow std %.3f %% over %d periods", kind.rawValue, shimmer,
                     measured, run.peakFlows.count - 2))
        #expect(abs(measured - shimmer) / shimmer < 0.06)
    }

    @Test("the perturbation factors themselves: period stretch and amplitude have the configured relative std")
    func perturbationFactors() {
        var p = VoicePerturbation(jitter: 3, shimmer: 10, rng: Xoshiro256StarStar(seed: 5))
        var stretches: [Double] = [], amplitudes: [Double] = []
        for _ in 0..<100_000 {
            let period = p.nextPeriod(diplophonia: 0, closedQuotient: 0.5)
            stretches.append(1 / period.rate)
            amplitudes.append(period.amplitude)
        }
        let j = 100 * SourceMeasurement.relativeStandardDeviation(stretches)
        let s = 100 * SourceMeasurement.relativeStandardDeviation(amplitudes)
        print(String(format: "100,000 periods: stretch std %.4f %% (3), amplitude std %.4f %% (10); min stretch %.3f",
                     j, s, stretches.min()!))
        // Relative standard error 0.22 % with 100,000 draws; 1 % is about four and a half of them.
        #expect(abs(j - 3) / 3 < 0.01)
        #expect(abs(s - 10) / 10 < 0.01)
        #expect(stretches.min()! >= 1 - 3 * 0.03 / VoicePerturbation.truncatedStandardDeviation - 1e-12)
    }

    @Test("same seed, same samples; another seed, other periods (each source)", arguments: kinds)
    func seededDeterminism(kind: VoiceSourceKind) {
        func output(_ seed: UInt64) -> [Double] {
            SourceMeasurement.runKind(kind, perturbation: VoicePerturbation(jitter: 1, shimmer: 3, rng: Xoshiro256StarStar(seed: seed)),
                                      f0: 120, count: 8000).output
        }
        #expect(output(1) == output(1))
        #expect(output(1) != output(2))
        var frame = KlattSynthesizerTests.vowelFrame(f0: 120, f1: 730, f2: 1090, f3: 2440)
        frame.ah = 0
        let frames = KlattSynthesizerTests.steady(frame, seconds: 0.3)
        let settings = VoiceSourceSettings(kind: kind, jitterPercent: 1, shimmerPercent: 3)
        #expect(Self.render(frames, settings, seed: 3) == Self.render(frames, settings, seed: 3))
        #expect(Self.render(frames, settings, seed: 3) != Self.render(frames, settings, seed: 4))
    }

    @Test("diplophonia DI 50 % at OQ 50 %: every second pulse a quarter period late and at half amplitude")
    func diplophonia() {
        let f0 = 100.0
        let controls = GlottalControls(openQuotient: 0.5, diplophonia: 50)
        let run = SourceMeasurement.runKind(.klglott88, controls: controls, perturbation: .none, f0: f0, count: 16_000)
        let periods = run.periods, peaks = run.peakFlows
        let t0 = Self.sampleRate / f0
        for k in 1..<periods.count - 1 {
            // Period 0 (from the start, ending at the first wrap) is the delayed one; periods[k] is
            // period k + 1, so they alternate 0.75 and 1.25 T0 from k = 0.
            let expected = k % 2 == 0 ? 0.75 * t0 : 1.25 * t0
            #expect(abs(periods[k] - expected) < 1e-6, "period \(k): \(periods[k]) vs \(expected)")
        }
        for k in 2..<peaks.count {
            let expected = k % 2 == 0 ? 0.5 : 1
            #expect(abs(peaks[k] - expected) < 1e-3, "peak \(k): \(peaks[k])")
        }
    }

    @Test("breathiness BR: noise only while the glottis is open (energy in proportion to OQ), none when unvoiced")
    func breathinessDuringOpenPhase() {
        func difference(oq: Double, av: Double = 60) -> Double {
            var frame = KlattSynthesizerTests.vowelFrame(f0: 120, f1: 730, f2: 1090, f3: 2440)
            frame.oq = oq
            frame.av = av
            var breathy = frame
            breathy.br = 60
            let a = Self.render(KlattSynthesizerTests.steady(frame), VoiceSourceSettings(), seed: 9)
            let b = Self.render(KlattSynthesizerTests.steady(breathy), VoiceSourceSettings(), seed: 9)
            return zip(a, b).reduce(0) { $0 + ($1.1 - $1.0) * ($1.1 - $1.0) }
        }
        let full = difference(oq: 100), part = difference(oq: 30)
        print(String(format: "breathiness: noise energy at OQ 30 %% / OQ 100 %% = %.3f (open fraction 0.30)", part / full))
        #expect(abs(part / full - 0.3) < 0.05)
        #expect(difference(oq: 50, av: 0) == 0)
    }

    @Test("each source through the synthesizer: median autocorrelation F0 within 0.5 %; loudness within 6 dB of KLGLOTT88",
          arguments: kinds, [100.0, 120.0, 113.7])
    func synthesizerPitch(kind: VoiceSourceKind, f0: Double) throws {
        let frames = KlattSynthesizerTests.steady(KlattSynthesizerTests.vowelFrame(f0: f0, f1: 730, f2: 1090, f3: 2440))
        let x = Self.render(frames, VoiceSourceSettings(kind: kind), seed: 1)
        let measured = try #require(PitchTracker(sampleRate: Self.sampleRate).medianPitch(x))
        let reference = Self.render(frames, VoiceSourceSettings(), seed: 1)
        let level = 20 * log10(KlattSynthesizerTests.rms(x) / KlattSynthesizerTests.rms(reference))
        print(String(format: "%@ /a/ F0 %.1f: measured %.3f Hz (%+.3f %%), RMS %+.1f dB re KLGLOTT88", kind.rawValue, f0,
                     measured, 100 * (measured - f0) / f0, level))
        #expect(abs(measured - f0) / f0 < 0.005)
        #expect(abs(level) < 6)
    }

    @Test("LF and impulse at 8, 22.05 and 48 kHz: finite output, F0 within 0.5 %",
          arguments: [VoiceSourceKind.lf, .impulse], [8000.0, 22_050.0, 48_000.0])
    func otherSampleRates(kind: VoiceSourceKind, sampleRate: Double) throws {
        var synthesizer = KlattSynthesizer(sampleRate: sampleRate)
        synthesizer.voiceSource = VoiceSourceSettings(kind: kind, jitterPercent: 0.5, shimmerPercent: 2)
        var rng = Xoshiro256StarStar.item(seed: 5, index: 0)
        var samples: [Float] = []
        let frame = KlattSynthesizerTests.vowelFrame(f0: 113.7, f1: 730, f2: 1090, f3: 2440)
        synthesizer.render(KlattSynthesizerTests.steady(frame, seconds: 0.5), into: &samples, rng: &rng)
        let x = samples.map(Double.init)
        #expect(x.allSatisfy { $0.isFinite })
        let f0 = try #require(PitchTracker(sampleRate: sampleRate).medianPitch(x))
        print(String(format: "%@ at fs %.0f: F0 %.3f Hz, peak |x| %.3f", kind.rawValue, sampleRate, f0, x.map(abs).max()!))
        #expect(abs(f0 - 113.7) / 113.7 < 0.005)
    }

    @Test("config: voice_source, jitter and shimmer reach every speaker and dataset.json; bad values name the key")
    func configKeys() throws {
        let base = """
            generator: synspeech
            seed: 1
            speakers: 2
            factors:
              - name: speaker
                values: [0, 1]

            """
        let g = try SynSpeechDatasetTests.decode(base + "voice_source: lf\njitter: 1.5\nshimmer: 4\n")
        #expect(g.speakers.allSatisfy { $0.voiceSource == VoiceSourceSettings(kind: .lf, jitterPercent: 1.5, shimmerPercent: 4) })
        let extras = g.resolvedExtras
        #expect(extras.contains { $0.0 == "voice_source" && $0.1 == .string("lf") })
        #expect(extras.contains { $0.0 == "jitter_percent" && $0.1 == .number(1.5) })
        guard case let .object(members) = g.speakers[0].json else { Issue.record("speaker JSON is not an object"); return }
        #expect(members.contains { $0.0 == "voice_source" })

        let plain = try SynSpeechDatasetTests.decode(base)
        #expect(plain.speakers.allSatisfy { $0.voiceSource.isDefault })
        guard case let .object(plainMembers) = plain.speakers[0].json else { Issue.record("speaker JSON is not an object"); return }
        #expect(!plainMembers.contains { $0.0 == "voice_source" || $0.0 == "jitter_percent" })

        for (yaml, key, words) in [("voice_source: rosenberg\n", "voice_source", "klglott88, lf, impulse"),
                                   ("jitter: 12\n", "jitter", "0...10"), ("shimmer: -1\n", "shimmer", "0...30")] {
            do {
                _ = try SynSpeechDatasetTests.decode(base + yaml)
                Issue.record("\(yaml) was accepted")
            } catch {
                let message = "\(error)"
                #expect(message.contains(key) && message.contains(words), "\(message)")
            }
        }
    }

    /// CPU seconds of the calling thread (robust to other processes sharing the cores, unlike
    /// wall-clock time).
    static func threadSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    /// The least thread CPU time of five runs of `body`.
    static func fastest(_ body: () -> Void) -> Double {
        (0..<5).map { _ in
            let start = threadSeconds()
            body()
            return threadSeconds() - start
        }.min()!
    }

    @Test("speed: each source alone and through the synthesizer, FL 25 %, jitter 1 % (printed only; meaningful in release)")
    func speed() {
        let count = 1_600_000
        var sink = 0.0
        for kind in Self.kinds {
            let controls = GlottalControls(openQuotient: 0.6, spectralTilt: 6, flutter: 25)
            let perturbation = VoicePerturbation(jitter: 1, rng: Xoshiro256StarStar(seed: 1))
            let alone = Self.fastest {
                switch kind {
                case .klglott88:
                    var s = KLGLOTT88Source(sampleRate: 16_000, controls: controls, perturbation: perturbation)
                    for _ in 0..<count { sink += s.next(f0: 120) }
                case .lf:
                    var s = LFSource(sampleRate: 16_000, controls: controls, perturbation: perturbation)
                    for _ in 0..<count { sink += s.next(f0: 120) }
                case .impulse:
                    var s = ImpulseSource(sampleRate: 16_000, controls: controls, perturbation: perturbation)
                    for _ in 0..<count { sink += s.next(f0: 120) }
                }
            }
            var frame = KlattSynthesizerTests.vowelFrame(f0: 120, f1: 730, f2: 1090, f3: 2440)
            frame.fl = 25
            frame.ah = 40
            let frames = KlattSynthesizerTests.steady(frame, seconds: 10)
            var synthesizer = KlattSynthesizer(sampleRate: Self.sampleRate)
            synthesizer.voiceSource = VoiceSourceSettings(kind: kind, jitterPercent: 1)
            var samples: [Float] = []
            let synthesis = Self.fastest {
                var rng = Xoshiro256StarStar.item(seed: 3, index: 0)
                synthesizer.render(frames, into: &samples, rng: &rng)
            }
            print(String(format: "speed %@: source alone %.1f ns/sample; synthesizer %.0f x real time at 16 kHz (thread CPU time, best of 5)",
                         kind.rawValue, 1e9 * alone / Double(count), 10 / synthesis))
        }
        // What flutter cost before it moved to one evaluation per 16 samples: three sines per sample.
        var phases = (0.0, 0.0, 0.0)
        let perSample = Self.fastest {
            for _ in 0..<count {
                sink += sineCosine(2 * Double.pi * phases.0).sin + sineCosine(2 * Double.pi * phases.1).sin
                    + sineCosine(2 * Double.pi * phases.2).sin
                phases.0 = fractionalPart(phases.0 + 12.7 / 16_000)
                phases.1 = fractionalPart(phases.1 + 7.1 / 16_000)
                phases.2 = fractionalPart(phases.2 + 4.7 / 16_000)
            }
        }
        var flutter = Flutter(sampleRate: 16_000)
        let perBlock = Self.fastest { for _ in 0..<count { sink += flutter.factor(percent: 25) } }
        print(String(format: "speed: flutter alone, three sines per sample %.1f ns/sample, per 16-sample block %.1f ns/sample",
                     1e9 * perSample / Double(count), 1e9 * perBlock / Double(count)))
        #expect(sink.isFinite)
    }

    @Test("a dataset with voice_source lf, jitter and shimmer verifies, records them, and is the same with 1 or 2 jobs")
    func datasetWithLFAndJitter() throws {
        let yaml = """
            generator: synspeech
            seed: 3
            speakers: 2
            voice_source: lf
            jitter: 1
            shimmer: 3
            factors:
              - name: speaker
                values: [0, 1]
              - name: text
                values: [0, 1]

            """
        let g = try SynSpeechDatasetTests.decode(yaml)
        let tmp = SynSpeechDatasetTests.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        try SynSpeechDatasetTests.generate(g, into: tmp + "/a", jobs: 1)
        try SynSpeechDatasetTests.generate(g, into: tmp + "/b", jobs: 2)
        #expect(try DatasetVerifier.verify(folder: tmp + "/a").problems.isEmpty)
        let a = SynSpeechDatasetTests.contents(tmp + "/a"), b = SynSpeechDatasetTests.contents(tmp + "/b")
        #expect(a.keys.filter { $0.hasPrefix("audio/") }.count == 4)
        for (name, bytes) in a where name.hasPrefix("audio/") { #expect(b[name] == bytes, "\(name) differs with 2 jobs") }
        let json = try String(contentsOfFile: tmp + "/a/dataset.json", encoding: .utf8)
        #expect(json.contains("\"voice_source\": \"lf\"") || json.contains("\"voice_source\":\"lf\""))
        #expect(json.contains("\"jitter_percent\""))
        // The same config with the default source renders other audio.
        let plain = try SynSpeechDatasetTests.decode(yaml.replacingOccurrences(of: "voice_source: lf\n", with: "")
            .replacingOccurrences(of: "jitter: 1\n", with: "").replacingOccurrences(of: "shimmer: 3\n", with: ""))
        try SynSpeechDatasetTests.generate(plain, into: tmp + "/c", jobs: 1)
        let c = SynSpeechDatasetTests.contents(tmp + "/c")
        #expect(c["audio/000/000000.wav"] != a["audio/000/000000.wav"])
    }

    /// `frames` at 16 kHz with `settings`, noise from the stream of `seed`.
    static func render(_ frames: [KlattFrame], _ settings: VoiceSourceSettings, seed: UInt64) -> [Double] {
        var synthesizer = KlattSynthesizer(sampleRate: sampleRate)
        synthesizer.voiceSource = settings
        var rng = Xoshiro256StarStar.item(seed: seed, index: 0)
        var samples: [Float] = []
        synthesizer.render(frames, into: &samples, rng: &rng)
        return samples.map(Double.init)
    }
}
