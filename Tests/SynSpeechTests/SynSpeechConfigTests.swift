import DSP
import Foundation
import Testing
import SynCore
import SynData
@testable import SynSpeech

/// The SynSpeech config keys of issue 7: style overrides and new styles under `styles:`, the
/// `aspiration` voice-level factor (checked in the rendered audio), texts from a file, the
/// sentence in metadata.csv's `text` column, and the bad inputs that must be one-line config
/// errors naming the key path.
@Suite struct SynSpeechConfigTests {
    static let base = "generator: synspeech\nspeakers: 2\n"
    static let oneText = "factors:\n  - name: text\n    values: [0]\n"

    static func decode(_ yaml: String, file: String = "t.yaml") throws -> SynSpeechDataset {
        try SynSpeechConfig.decode(file: file, root: try ConfigValue.parseYAML(yaml, file: file))
    }

    /// The one-line description of the error `yaml` throws ("" when it decodes).
    static func failure(_ yaml: String, file: String = "t.yaml") -> String {
        do {
            _ = try decode(yaml, file: file)
            return ""
        } catch {
            return "\(error)"
        }
    }

    /// Expects `yaml` to fail with a one-line ConfigError at `path` whose message contains
    /// every string of `parts`.
    static func expectError(_ yaml: String, path: String, _ parts: [String], file: String = "t.yaml",
                            sourceLocation: SourceLocation = #_sourceLocation) {
        let text = failure(yaml, file: file)
        #expect(text.hasPrefix("\(file): \(path): "), "\(text)", sourceLocation: sourceLocation)
        #expect(!text.contains("\n"), "\(text)", sourceLocation: sourceLocation)
        for part in parts { #expect(text.contains(part), "\(text) lacks \(part)", sourceLocation: sourceLocation) }
    }

    // MARK: - pseudo-words

    @Test func pseudoWordTextsAreDistinctSeededAndRender() throws {
        let yaml = "generator: synspeech\nspeakers: 1\ntexts: {pseudo: 40}\nfactors:\n  - name: text\n    values: [0, 1, 39]\n"
        let g = try Self.decode(yaml)
        #expect(g.textsSource == "pseudo")
        #expect(g.texts.count == 40)
        #expect(Set(g.texts.map(\.text)).count == 40)
        #expect(g.texts.allSatisfy { $0.words.count == 1 && !$0.words[0].phones.isEmpty })
        // The same seed gives the same words; another seed other words.
        #expect(try Self.decode(yaml).texts.map(\.text) == g.texts.map(\.text))
        #expect(try Self.decode("seed: 7\n" + yaml).texts.map(\.text) != g.texts.map(\.text))
        // An item renders audio with a phone per grammar phone, and its text column is the spelling.
        var rng = Xoshiro256StarStar.item(seed: 0, index: 0)
        let values = g.config.factors.map { f -> Double in
            if case let .discrete(v, _) = f.domain { return v[f.name == "text" ? 2 : 0] }
            return 0
        }
        let item = g.prepare(values: values, rng: &rng)
        #expect(g.problems(of: item).isEmpty)
        #expect(item.utterance.words.map(\.spelling) == [g.texts[39].text])
        var out = RenderedItem(generator: g)
        g.render(item, gain: 1, rng: &rng, into: &out)
        #expect(out.count == g.sampleCount(of: item) && out.samples.prefix(out.count).contains { $0 != 0 })
        Self.expectError("generator: synspeech\ntexts: {pseudo: 5, file: a.txt}\n" + Self.oneText, path: "texts", ["either file or pseudo"])
    }

    // MARK: - styles

    @Test func styleOverridesChangeOnlyTheGivenFieldAndNewStylesCanBeListed() throws {
        let yaml = Self.base + """
            styles:
              sad: {rate_scale: 0.8}
              angry: {f0_shift_semitones: 3, level_change_db: 4, voiced: true}
            factors:
              - name: style
                values: [default, sad, angry]
            """
        let g = try Self.decode(yaml)
        #expect(g.styles.map(\.name) == ["default", "friendly", "sad", "whispering", "angry"])
        var expectedSad = SpeakingStyle.sad
        expectedSad.rateScale = 0.8
        #expect(g.styles[2] == expectedSad)
        #expect(g.styles[4] == SpeakingStyle(name: "angry", f0ShiftSemitones: 3, levelChangeDb: 4))
        // The style factor's codes index the effective styles; items use them.
        guard case let .discrete(codes, labels) = try #require(g.config.factors.first { $0.name == "style" }).domain else {
            Issue.record("style is not a list"); return
        }
        #expect(codes == [0, 2, 4] && labels == ["default", "sad", "angry"])
        let angry = g.item(speaker: 0, text: 0, style: 4)
        #expect(abs(angry.voice.voice.baseF0Hz - g.speakers[0].baseF0Hz * pow(2, 3.0 / 12)) < 1e-9)
        let sad = g.item(speaker: 0, text: 0, style: 2)
        #expect(abs(sad.voice.voice.speakingRate - g.speakers[0].speakingRate * 0.8) < 1e-12)
        // dataset.json records the effective styles.
        let styles = try #require(g.resolvedExtras.first { $0.0 == "styles" }?.1)
        #expect(styles == .array(g.styles.map(\.json)))
        #expect(styles.serialized().contains("\"rate_scale\":0.8"))
        // A new style is only known to the config that defines it.
        Self.expectError(Self.base + "factors:\n  - name: style\n    values: [angry]\n", path: "factors[0].values[0]",
                         ["unknown style 'angry'", "default, friendly, sad, whispering"])
    }

    @Test func badStyleOverridesNameTheFieldAndWhatIsAllowed() {
        Self.expectError(Self.base + "styles: {sad: {foo: 1}}\n" + Self.oneText, path: "styles.sad.foo",
                         ["unknown key", "f0_shift_semitones", "rate_scale", "higher_bandwidth_scale", "voiced"])
        Self.expectError(Self.base + "styles: {sad: {rate_scale: 0}}\n" + Self.oneText, path: "styles.sad.rate_scale",
                         ["0 must be a number in 0.25...4"])
        Self.expectError(Self.base + "styles: {loud: {level_change_db: 100}}\n" + Self.oneText,
                         path: "styles.loud.level_change_db", ["100 must be a number in -60...60"])
        Self.expectError(Self.base + "styles: {sad: {rate_scale: fast}}\n" + Self.oneText, path: "styles.sad.rate_scale",
                         ["must be a number"])
        Self.expectError(Self.base + "styles: {sad: {voiced: 1}}\n" + Self.oneText, path: "styles.sad.voiced",
                         ["must be true or false"])
        Self.expectError(Self.base + "styles: [sad]\n" + Self.oneText, path: "styles", ["must be a mapping"])
        Self.expectError(Self.base + "styles: {}\n" + Self.oneText, path: "styles", ["is empty"])
    }

    // MARK: - the text column

    @Test func listedTextsPrintTheirSentenceAndKeepTheIndexInTheArrays() throws {
        let tmp = SynSpeechDatasetTests.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let yaml = Self.base + """
            texts: ["The dog ran to the park.", "Is the cat, the red one, home?", "We walked home in the rain."]
            factors:
              - name: text
                values: [2, 1]
            """
        let g = try Self.decode(yaml)
        try SynSpeechDatasetTests.generate(g, into: tmp + "/d")
        #expect(try DatasetVerifier.verify(folder: tmp + "/d").problems.isEmpty)
        let lines = try String(contentsOfFile: tmp + "/d/metadata.csv", encoding: .utf8).split(separator: "\n").map(String.init)
        let header = try #require(CSVLine.fields(lines[0]))
        #expect(header == ["file_name", "text", "text_idx", "gender", "phones", "duration_s"])
        let rows = try lines.dropFirst().map { try #require(CSVLine.fields($0)) }
        #expect(rows.map { $0[1] } == ["We walked home in the rain.", "Is the cat, the red one, home?"])
        #expect(rows.map { $0[2] } == ["0", "1"])
        #expect(rows[1][4].hasPrefix("IH1 Z DH AH0 K AE1 T"))
        // factors.npy: the position in the listed values; factor_values.npy: the text index.
        let indices = try NpyArray(contentsOf: URL(fileURLWithPath: tmp + "/d/factors.npy"))
        let values = try NpyArray(contentsOf: URL(fileURLWithPath: tmp + "/d/factor_values.npy"))
        #expect(try indices.integers(source: "factors.npy") == [0, 1])
        #expect(values.doubles() == [2, 1])
        let json = try String(contentsOfFile: tmp + "/d/dataset.json", encoding: .utf8)
        #expect(json.contains("\"codes\": [2, 1]"))
        #expect(g.config.factors[0].kind == .categorical)
        // An entry's own kind is kept.
        let ordinal = try Self.decode(Self.base + "factors:\n  - name: text\n    kind: ordinal\n    values: [0, 1]\n")
        #expect(ordinal.config.factors[0].kind == .ordinal)
    }

    @Test func aFixedTextIsAnExtraColumn() throws {
        let g = try Self.decode(Self.base + "constants: {text: 4}\nfactors:\n  - name: speaker\n    values: [0, 1]\n")
        #expect(g.extraColumns.map(\.name) == ["gender", "text", "phones", "duration_s"])
        var rng = Xoshiro256StarStar(seed: 0)
        let item = g.prepare(values: [1], rng: &rng)
        var out = RenderedItem(generator: g)
        g.render(item, gain: 0.001, rng: &rng, into: &out)
        #expect(out.columns[1] == .text(SentenceList.builtIn[4]))
    }

    // MARK: - texts from a file

    @Test func textsComeFromAUTF8FileBesideTheConfig() throws {
        let tmp = SynSpeechDatasetTests.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let config = tmp + "/c.yaml"
        let yaml = Self.base + "texts: {file: lists/mine.txt}\nfactors:\n  - name: text\n    values: [0, 1]\n"
        try FileManager.default.createDirectory(atPath: tmp + "/lists", withIntermediateDirectories: true)
        try "The café dog ran home.\nWe walked to the park.\n".write(toFile: tmp + "/lists/mine.txt", atomically: true, encoding: .utf8)
        // "café" is not in the lexicon: named, with its nearest entries and the file's line.
        Self.expectError(yaml, path: "texts.file", ["lists/mine.txt line 1: unknown word \"café\"", "nearest lexicon entries: "],
                         file: config)
        try "The dog ran home.\r\nWe walked to the park.\n\n".write(toFile: tmp + "/lists/mine.txt", atomically: true, encoding: .utf8)
        let g = try Self.decode(yaml, file: config)
        #expect(g.sentences == ["The dog ran home.", "We walked to the park."])
        #expect(g.textsSource == "file")
        #expect(g.resolvedExtras.first { $0.0 == "texts" }?.1 == .array([.string("The dog ran home."), .string("We walked to the park.")]))

        try Data([0x54, 0x68, 0x65, 0x20, 0xff, 0x64, 0x6f, 0x67, 0x0a]).write(to: URL(fileURLWithPath: tmp + "/lists/mine.txt"))
        Self.expectError(yaml, path: "texts.file", ["lists/mine.txt: the text list is not UTF-8"], file: config)
        try Data().write(to: URL(fileURLWithPath: tmp + "/lists/mine.txt"))
        Self.expectError(yaml, path: "texts.file", ["the text list has no sentences"], file: config)
        try "The dog ran home.\n\nWe walked.\n".write(toFile: tmp + "/lists/mine.txt", atomically: true, encoding: .utf8)
        Self.expectError(yaml, path: "texts.file", ["line 2: empty line"], file: config)
        Self.expectError(yaml.replacingOccurrences(of: "mine.txt", with: "missing.txt"), path: "texts.file",
                         ["cannot read the text list \(tmp)/lists/missing.txt"], file: config)
        Self.expectError(Self.base + "texts: {path: x.txt}\n" + Self.oneText, path: "texts.path", ["unknown key", "file"])
    }

    // MARK: - the other bad inputs of issue 7

    @Test func badTextsLexiconAndSpeakerCountsAreOneLineErrors() {
        Self.expectError(Self.base + "texts: []\n" + Self.oneText, path: "texts", ["must not be empty"])
        Self.expectError(Self.base + "texts: [\"The dog ran.\", \"Hello\"]\n" + Self.oneText, path: "texts[1]",
                         ["1 word; a sentence must have 2 to 8 words"])
        Self.expectError(Self.base + "texts: [\"the zorpish dog\"]\n" + Self.oneText, path: "texts[0]",
                         ["unknown word \"zorpish\"", "nearest lexicon entries: ", "add it with a pronunciation under lexicon"])
        Self.expectError(Self.base + "texts: [\"the zorp dog\"]\nlexicon: {zorp: Z AO1 R Q}\n" + Self.oneText,
                         path: "lexicon", ["pronunciation of \"zorp\": unknown phoneme \"Q\"", "allowed"])
        // The default population holds far more distinct speakers than a config may ask for, so
        // the config's own limit speaks first (SpeakersTests checks the population's, which a
        // narrower population reaches).
        Self.expectError(Self.base.replacingOccurrences(of: "speakers: 2", with: "speakers: 100001") + Self.oneText,
                         path: "speakers", ["must be at most 100000, got 100001"])
        Self.expectError(Self.base + "factors:\n  - name: speaker\n    values: [0, 2]\n", path: "factors[0].values[1]",
                         ["speaker must be an integer index in 0..<2"])
    }

    @Test func aspirationIsAVoiceLevelFactorInRange() throws {
        let g = try Self.decode(Self.base + "factors:\n  - name: aspiration\n    values: [0, 40]\n")
        #expect(g.config.factors.map(\.unit) == ["dB"])
        var rng = Xoshiro256StarStar(seed: 0)
        let loud = g.prepare(values: [40], rng: &rng)
        #expect(loud.voice.voice.aspirationDb == 40)
        #expect(loud.frames.filter { $0.av > 0 }.allSatisfy { $0.ah >= 40 })
        Self.expectError(Self.base + "factors:\n  - name: aspiration\n    values: [0, 81]\n", path: "factors[0].values[1]",
                         ["aspiration must be in 0...80, got 81"])
        Self.expectError(Self.base + "constants: {aspiration: -1}\n" + Self.oneText, path: "constants.aspiration",
                         ["aspiration must be in 0...80, got -1"])
    }

    /// Harmonics-to-noise ratio in dB of a signal with period `period` samples: r / (1 - r) with
    /// r the normalised autocorrelation at one period (Boersma 1993's definition).
    static func harmonicsToNoise(_ x: [Double], period: Int) -> Double {
        var xy = 0.0, xx = 0.0, yy = 0.0
        for n in 0..<(x.count - period) {
            xy += x[n] * x[n + period]; xx += x[n] * x[n]; yy += x[n + period] * x[n + period]
        }
        let r = xy / (xx * yy).squareRoot()
        return 10 * log10(r / (1 - r))
    }

    /// A steady AA at F0 100 Hz (160 samples a period at 16 kHz) rendered through the dataset
    /// with aspiration 0, 20, 40 and 60 dB: the harmonics-to-noise ratio of the middle 0.256 s
    /// falls (by 20 dB a 20 dB step), and the spectral energy between the harmonics rises, with
    /// every step.
    @Test func moreAspirationMeansMoreNoiseInTheAudio() throws {
        let tmp = SynSpeechDatasetTests.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let yaml = """
            generator: synspeech
            speakers: 1
            duration: 0.5
            constants: {vowel: AA, f0: 100, vocal_tract_length: 17.5, open_quotient: 50}
            factors:
              - name: aspiration
                values: [0, 20, 40, 60]
            """
        let g = try Self.decode(yaml)
        try SynSpeechDatasetTests.generate(g, into: tmp + "/d")
        let analyzer = SpectrumAnalyzer(length: 4096, sampleRate: 16000)
        var hnr: [Double] = [], between: [Double] = []
        for i in 0..<4 {
            let wav = try #require(FileManager.default.contents(atPath: tmp + String(format: "/d/audio/000/%06d.wav", i)))
            let samples = stride(from: 44, to: wav.count - 1, by: 2).map {
                Double(Int16(bitPattern: UInt16(wav[$0]) | UInt16(wav[$0 + 1]) << 8)) / 32768
            }
            let middle = Array(samples[(samples.count - 4096) / 2..<(samples.count + 4096) / 2])
            hnr.append(Self.harmonicsToNoise(middle, period: 160))
            between.append(analyzer.harmonicEnergy(middle, fundamental: 100, halfWidth: 4).otherDecibels)
        }
        print("aspiration 0/20/40/60 dB: HNR \(hnr.map { String(format: "%.1f", $0) }) dB, between harmonics \(between.map { String(format: "%.1f", $0) }) dB")
        for k in 1..<4 {
            #expect(hnr[k] < hnr[k - 1], "HNR \(hnr)")
            #expect(between[k] > between[k - 1], "between \(between)")
        }
        // 20 dB more aspiration is 20 dB more noise against the same harmonics (the 0 dB item is
        // exactly periodic: its HNR is unbounded).
        for k in 2..<4 { #expect(abs(hnr[k - 1] - hnr[k] - 20) < 3, "HNR \(hnr)") }
    }

    @Test func f0AndFormantTargetsTheSampleRateCannotCarryAreErrors() throws {
        let at8k = Self.base + "sample_rate: 8000\n"
        Self.expectError(at8k + "factors:\n  - name: f0\n    values: [120, 400]\n", path: "factors[0].values[1]",
                         ["f0 400 Hz is at or above fs/20 = 400 Hz at sample_rate 8000", "raise sample_rate to at least 8001"])
        Self.expectError(at8k + "sampling: random\ncount: 4\nfactors:\n  - name: f0\n    random: {min: 100, max: 450}\n",
                         path: "factors[0].random", ["f0 450 Hz", "raise sample_rate to at least 9001"])
        Self.expectError(at8k + "styles: {shrill: {f0_shift_semitones: 24}}\nconstants: {style: shrill}\n" + Self.oneText,
                         path: "styles.shrill", ["in style shrill speaks at", "at or above fs/20 = 400 Hz"])
        _ = try Self.decode(at8k + "factors:\n  - name: f0\n    values: [120, 399]\n")
        _ = try Self.decode(Self.base + "factors:\n  - name: f0\n    values: [120, 400]\n")

        // Sentence 0 ("The dog ran to the park.") peaks at the F3 of G (2850 Hz at 17.5 cm):
        // 0.45 x 8000 = 3600 Hz needs L >= 13.86 cm.
        Self.expectError(at8k + "factors:\n  - name: vocal_tract_length\n    values: [17.5, 12]\n", path: "factors[0].values[1]",
                         ["vocal_tract_length 12 cm scales the 2850 Hz formant target of G (at 17.5 cm) to 4156.25 Hz",
                          "above 0.45 fs = 3600 Hz at sample_rate 8000", "use at least 13.86 cm",
                          "raise sample_rate to at least 9237"])
        // Sustained vowels: IY's F3 (3000 Hz) is the highest; 3000 x 17.5 / 3600 = 14.58 cm.
        Self.expectError(at8k + "factors:\n  - name: vowel\n    values: [AA, IY]\n  - name: vocal_tract_length\n    values: [14.5]\n",
                         path: "factors[1].values[0]",
                         ["the 3000 Hz formant target of IY (at 17.5 cm) to 3620.69 Hz", "use at least 14.59 cm",
                          "raise sample_rate to at least 8046"])
        _ = try Self.decode(at8k + "factors:\n  - name: vowel\n    values: [AA, IY]\n  - name: vocal_tract_length\n    values: [14.6]\n")
        _ = try Self.decode(at8k + "factors:\n  - name: vowel\n    values: [AA, UW]\n  - name: vocal_tract_length\n    values: [14.5]\n")
        // Without the factor the speakers' own tracts count: a population of 20 at 8 kHz has
        // short (female) tracts that put IY's F3 above 0.45 fs.
        Self.expectError("generator: synspeech\nspeakers: 20\nsample_rate: 8000\nfactors:\n  - name: vowel\n    values: [IY]\n  - name: speaker\n    linear: {start: 0, stop: 19, count: 20}\n",
                         path: "factors[1]", ["vocal tract (", "formant target of IY", "above 0.45 fs = 3600 Hz at sample_rate 8000",
                                              "list a vocal_tract_length factor"])
    }
}
