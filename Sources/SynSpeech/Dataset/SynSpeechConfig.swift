import SynCore
import SynData

/// The SynSpeech config schema and the decoding of a config file into a ``SynSpeechDataset``.
///
/// Factors (all optional; an unlisted factor is fixed at its default):
///
/// | name | values | default |
/// |---|---|---|
/// | speaker | indices 0..<`speakers` into the drawn speakers | 0 |
/// | text | indices 0..<count into the text list | 0 |
/// | style | default, friendly, sad, whispering (codes 0-3), then the config's own styles | default |
/// | vowel | the 12 Hillenbrand monophthongs `IY IH EY EH AE AA AO OW UH UW AH ER` (codes 0-11) | null (sentences) |
/// | f0 | Hz, the base F0 (a sustained vowel's F0) | null (the speaker's) |
/// | vocal_tract_length | cm | null (the speaker's) |
/// | open_quotient | percent | null (the speaker's) |
/// | aspiration | dB on Klatt's scale, AH wherever the voice is on | null (the speaker's; none for sustained vowels) |
/// | intonation_slope | semitones/s, a linear F0 slope about the middle of the speech | 0 |
/// | speaking_rate | tempo factor | null (the speaker's) |
///
/// In metadata.csv a listed `text` factor prints the sentence (its label) and `text_idx` its
/// position in the listed values; factors.npy holds that position and factor_values.npy the
/// index into the text list. When `text` is not listed, an extra column `text` holds the fixed
/// sentence (or a sustained vowel's symbol).
///
/// The voice-level factors (`f0` to `speaking_rate`) override the voice of the item's speaker
/// after its style is applied, so the listed value is the one synthesized. When `vowel` is
/// listed (or set under `constants`), every item is that vowel sustained for `duration` seconds
/// with a flat F0 (plus the intonation slope) instead of a sentence; `text` must then not be
/// listed, and the items get the columns `f0_hz, f1_hz, f2_hz, f3_hz` (the F0 at the middle of
/// the vowel and the formant targets after vocal-tract scaling, as given to the synthesizer).
///
/// Top-level keys besides the common ones of ``DatasetConfig``:
/// - `speakers`: how many speakers to draw from the default ``SpeakerPopulation`` with the
///   dataset seed (default: the largest listed speaker index + 1);
/// - `texts`: `builtin` (``SentenceList/builtIn``, the default), a list of sentences, or
///   `{file: PATH}`: a UTF-8 text file, one sentence of 2 to 8 words per line, PATH relative to
///   the config file's folder, or `{pseudo: N}`: N distinct pseudo-words of the CV(C) syllable
///   grammar (``PseudoWordGrammar``), drawn from the dataset seed;
/// - `lexicon`: a mapping of extra words to ARPAbet pronunciations (`zorp: Z AO1 R P`);
/// - `styles`: a mapping of style names to overrides of ``SpeakingStyle``'s fields
///   (``SpeakingStyle/fieldKeys``, e.g. `sad: {rate_scale: 0.8}`); a built-in name changes only
///   the given fields of that style, a new name defines a style (unset fields: no change) that
///   the `style` factor may then list;
/// - `textgrid`, `tracks`: booleans (default false) for the per-item side files;
/// - `duration`: seconds of a sustained vowel (default 0.5; 0.05...10), only with `vowel`;
/// - `voice_source`: `klglott88` (default), `lf` or `impulse` (``VoiceSourceKind``), and
///   `jitter`, `shimmer` in percent (default 0; ``VoicePerturbation``), for every speaker.
///
/// `gender` is not a factor: it is derived from the speaker and written as a column.
///
/// Targets the sample rate cannot carry are config errors: a base F0 (an `f0` value, or a
/// speaker's in a config style) at or above fs / 20 (``minimumSamplesPerPeriod``), and a formant
/// target of the used phonemes scaled by a `vocal_tract_length` value (or a used speaker's own
/// tract) above 0.45 fs (``maximumFormantFraction``); an item whose F0 contour reaches fs / 20
/// stops the run before anything is written.
public enum SynSpeechConfig {
    /// The generator name a config names in `generator:`.
    public static let generatorName = "synspeech"
    /// The default sample rate.
    public static let defaultSampleRate = 16000
    /// The generator's own top-level keys.
    public static let extraKeys = ["speakers", "texts", "lexicon", "styles", "textgrid", "tracks", "duration",
                                   "voice_source", "jitter", "shimmer"]
    /// The most speakers a config may ask for (drawing is O(N) in memory and time; the
    /// population itself allows far more).
    public static let maximumSpeakers = 100_000
    /// The synthesizer's sample-rate range (``KlattSynthesizer``).
    public static let sampleRateRange = 8000...48_000

    /// Every factor a SynSpeech config may list, in this (schema) order.
    public static let schema: [FactorSchema] = [
        FactorSchema(name: "speaker", unit: "index", defaultValue: 0,
                     summary: "index into the speakers drawn for the dataset"),
        FactorSchema(name: "text", unit: "index", defaultValue: 0,
                     summary: "index into the text list (metadata.csv prints the sentence)"),
        FactorSchema(name: "style", unit: "", labels: SpeakingStyle.builtIn.map(\.name), defaultValue: 0,
                     summary: "speaking style"),
        FactorSchema(name: "vowel", unit: "", labels: PhonemeInventory.monophthongSymbols, defaultValue: nil,
                     allowsNull: true, summary: "a sustained monophthong instead of a sentence; null = sentences"),
        FactorSchema(name: "f0", unit: "Hz", defaultValue: nil, allowsNull: true, isPitch: true,
                     summary: "base F0 (a sustained vowel's flat F0); null = the speaker's"),
        FactorSchema(name: "vocal_tract_length", unit: "cm", defaultValue: nil, allowsNull: true,
                     summary: "vocal-tract length (formants scale by 17.5 / L); null = the speaker's"),
        FactorSchema(name: "open_quotient", unit: "percent", defaultValue: nil, allowsNull: true,
                     summary: "glottal open quotient OQ; null = the speaker's"),
        FactorSchema(name: "aspiration", unit: "dB", defaultValue: nil, allowsNull: true,
                     summary: "aspiration AH of voiced speech; null = the speaker's (sustained vowels: none)"),
        FactorSchema(name: "intonation_slope", unit: "semitones/s", defaultValue: 0,
                     summary: "linear F0 slope about the middle of the speech"),
        FactorSchema(name: "speaking_rate", unit: "factor", defaultValue: nil, allowsNull: true,
                     summary: "tempo factor (durations divided by it); null = the speaker's"),
    ]

    /// ``schema`` with `styles` as the `style` labels (the built-in styles, then a config's
    /// own, as ``decodeStyles(_:)`` returns them).
    public static func schema(styles: [String]) -> [FactorSchema] {
        schema.map { entry in
            var entry = entry
            if entry.name == "style" { entry.labels = styles }
            return entry
        }
    }

    /// The range each numeric voice-level factor must fall in (inclusive).
    public static let voiceFactorRanges: [(name: String, range: ClosedRange<Double>)] = [
        ("f0", 20...1000), ("vocal_tract_length", 8...25), ("open_quotient", 10...100), ("aspiration", 0...80),
        ("intonation_slope", -48...48), ("speaking_rate", 0.25...4),
    ]
    /// A base F0 must stay below fs divided by this: the open phase of the glottal pulse, down to
    /// 10 % of a period (the `open_quotient` factor's lower bound), must span the 2 samples of
    /// the closure's polyBLEP, so a period needs more than 20 samples.
    public static let minimumSamplesPerPeriod = 20.0
    /// Formant targets after vocal-tract scaling must stay at or below this fraction of the
    /// sample rate, the band the cascade's formants fill (specs/synspeech.md; a resonator
    /// above it is bent by its mirror image and at 0.475 fs is dropped).
    public static let maximumFormantFraction = 0.45
    /// The range of `duration` (s).
    public static let durationRange = 0.05...10.0

    /// Decodes a parsed SynSpeech config. `seed` overrides the config's seed (`--seed`).
    public static func decode(file: String, root: ConfigValue, seed: UInt64? = nil) throws -> SynSpeechDataset {
        let styles = try decodeStyles(ConfigReader(file: file, value: root).object(allowed: []).optional("styles"))
        var config = try DatasetConfig.decode(file: file, root: root, schema: schema(styles: styles.map(\.name)),
                                              defaultSampleRate: defaultSampleRate, extraKeys: extraKeys)
        if let seed { config.seed = seed }
        guard sampleRateRange.contains(config.sampleRate) else {
            throw ConfigError(file: file, path: "sample_rate",
                              "SynSpeech renders at 8000...48000 Hz, got \(config.sampleRate)")
        }

        let textsReader = config.root.optional("texts")
        let pseudoWords = try textsReader.flatMap { try decodePseudoWords($0, seed: config.seed) }
        let (sentences, textsSource, textLocation): ([String], String, TextLocation)
        if let pseudoWords {
            (sentences, textsSource, textLocation) = (pseudoWords.map(\.spelling), "pseudo", { _ in ("texts.pseudo", "") })
        } else {
            (sentences, textsSource, textLocation) = try decodeTexts(textsReader)
        }
        var lexicon = Lexicon.bundled
        var custom: [(String, String)] = []
        if let r = config.root.optional("lexicon") {
            guard case let .map(pairs) = r.value else {
                throw r.error("must be a mapping of words to pronunciations, got \(r.value.typeDescription)")
            }
            for (word, value) in pairs {
                custom.append((word, try ConfigReader(file: file, value: value, path: "lexicon.\(word)").string()))
            }
            do {
                lexicon = try lexicon.adding(Dictionary(custom, uniquingKeysWith: { a, _ in a }))
            } catch {
                throw r.error("\(error)")
            }
        }
        let converter = TextToPhones(lexicon: lexicon)
        var texts: [PhoneticText] = pseudoWords?.map(\.phoneticText) ?? []
        texts.reserveCapacity(sentences.count)
        for (i, s) in sentences.enumerated() where pseudoWords == nil {
            do {
                texts.append(try converter.convert(s, location: textLocation(i).line))
            } catch {
                throw ConfigError(file: file, path: textLocation(i).path, "\(error)")
            }
        }

        // Index factors: listed values only, integers in range.
        func indices(_ name: String, below limit: Int?, what: String) throws -> Int {
            var largest = 0
            guard let f = config.factors.first(where: { $0.name == name }) else {
                if let c = config.constants.first(where: { $0.name == name }), let v = c.value {
                    guard let i = Int(exactly: v), i >= 0, limit.map({ i < $0 }) ?? true else {
                        throw ConfigError(file: file, path: c.keyPath.isEmpty ? "constants.\(name)" : c.keyPath,
                                          "\(name) must be an integer index in 0..<\(limit ?? 0), got \(FactorSpec.format(v))")
                    }
                    return i
                }
                return 0
            }
            guard case let .discrete(values, _) = f.domain else {
                throw ConfigError(file: file, path: f.keyPath, "\(name) must list index values (\(what)), not a random range")
            }
            for (j, v) in values.enumerated() {
                guard let i = Int(exactly: v), i >= 0, limit.map({ i < $0 }) ?? true else {
                    let range = limit.map { "0..<\($0)" } ?? "0 or more"
                    throw ConfigError(file: file, path: f.valuePath(j),
                                      "\(name) must be an integer index in \(range) (\(what)), got \(FactorSpec.format(v))")
                }
                largest = max(largest, i)
            }
            return largest
        }
        _ = try indices("text", below: texts.count, what: "\(texts.count) texts")
        // Texts and speakers are identities, not quantities: categorical (so nothing bins
        // neighbouring indices together) unless the entry gives its own kind.
        for name in ["text", "speaker"] {
            if let k = config.factors.firstIndex(where: { $0.name == name }),
               case let .list(entries)? = config.root.optional("factors")?.value, entries.indices.contains(k),
               case let .map(keys) = entries[k], !keys.contains(where: { $0.0 == "kind" }) {
                config.factors[k].kind = .categorical
            }
        }
        // The listed texts print their sentence in metadata.csv: the sentences are the labels.
        if let k = config.factors.firstIndex(where: { $0.name == "text" }),
           case let .discrete(values, _) = config.factors[k].domain {
            config.factors[k].domain = .discrete(values: values, labels: values.map { texts[Int($0)].text })
        }

        // Speakers.
        let speakerCount: Int
        if let r = config.root.optional("speakers") {
            speakerCount = try r.positiveInteger(atMost: maximumSpeakers)
            _ = try indices("speaker", below: speakerCount, what: "speakers: \(speakerCount)")
        } else {
            speakerCount = try indices("speaker", below: nil, what: "speakers drawn") + 1
        }
        let population = SpeakerPopulation()
        var speakers: [Speaker]
        do {
            speakers = try population.draw(count: speakerCount, seed: config.seed)
        } catch {
            throw ConfigError(file: file, path: "speakers", "\(error)")
        }
        // Voice source and perturbations, the same for every speaker.
        var voiceSource = VoiceSourceSettings()
        if let r = config.root.optional("voice_source") {
            let name = try r.choice(VoiceSourceKind.allCases.map(\.rawValue))
            voiceSource.kind = VoiceSourceKind(rawValue: name) ?? .klglott88
        }
        for (key, limit, path) in [("jitter", VoicePerturbation.maximumJitter, \VoiceSourceSettings.jitterPercent),
                                   ("shimmer", VoicePerturbation.maximumShimmer, \VoiceSourceSettings.shimmerPercent)] {
            guard let r = config.root.optional(key) else { continue }
            let x = try r.double()
            guard x.isFinite, x >= 0, x <= limit else {
                throw r.error("\(key) must be in 0...\(FactorSpec.format(limit)) percent, got \(FactorSpec.format(x))")
            }
            voiceSource[keyPath: path] = x
        }
        for i in speakers.indices { speakers[i].voiceSource = voiceSource }

        // Voice-level factors: every value (or a random range's bounds) in range.
        for (name, range) in voiceFactorRanges {
            let bad: (Double) -> Bool = { !($0.isFinite && range.contains($0)) }
            let message = "\(name) must be in \(FactorSpec.format(range.lowerBound))...\(FactorSpec.format(range.upperBound))"
            if let f = config.factors.first(where: { $0.name == name }) {
                switch f.domain {
                case let .discrete(values, _):
                    if let j = values.firstIndex(where: bad) {
                        throw ConfigError(file: file, path: f.valuePath(j), "\(message), got \(FactorSpec.format(values[j]))")
                    }
                case let .uniform(lower, upper, _, _):
                    if bad(lower) || bad(upper) {
                        throw ConfigError(file: file, path: f.valuePath(0),
                                          "\(message), got \(FactorSpec.format(lower))...\(FactorSpec.format(upper))")
                    }
                }
            } else if let c = config.constants.first(where: { $0.name == name }), let v = c.value, bad(v) {
                throw ConfigError(file: file, path: c.keyPath.isEmpty ? "constants.\(name)" : c.keyPath,
                                  "\(message), got \(FactorSpec.format(v))")
            }
        }
        let sustained = config.factors.contains { $0.name == "vowel" } || config.constant("vowel") != nil
        if let f = config.factors.first(where: { $0.name == "vowel" }), case .uniform = f.domain {
            throw ConfigError(file: file, path: f.keyPath, "vowel must list vowels, not a random range")
        }
        if sustained, let f = config.factors.first(where: { $0.name == "text" }) {
            throw ConfigError(file: file, path: f.keyPath, "text cannot be a factor of sustained vowels (vowel is listed)")
        }
        var vowelDuration = 0.5
        if let r = config.root.optional("duration") {
            guard sustained else { throw r.error("duration is the length of a sustained vowel; list vowel to use it") }
            vowelDuration = try r.double()
            guard vowelDuration.isFinite, durationRange.contains(vowelDuration) else {
                throw r.error("duration must be in 0.05...10 s, got \(FactorSpec.format(vowelDuration))")
            }
        }

        try checkSampleRateLimits(config, speakers: speakers, styles: styles, texts: texts, sustained: sustained)

        let textgrid = try config.root.optional("textgrid").map { try $0.bool() } ?? false
        let tracks = try config.root.optional("tracks").map { try $0.bool() } ?? false
        var dataset = SynSpeechDataset(config: config, speakers: speakers, population: population,
                                       sentences: sentences, texts: texts, textsSource: textsSource,
                                       lexicon: custom, styles: styles, textgrid: textgrid, tracks: tracks,
                                       vowelDuration: sustained ? vowelDuration : nil)
        dataset.voiceSource = voiceSource
        return dataset
    }

    /// Loads and decodes a config file.
    public static func load(path: String, seed: UInt64? = nil) throws -> SynSpeechDataset {
        try decode(file: path, root: try ConfigValue.load(path: path), seed: seed)
    }
}

extension SynSpeechConfig {
    /// SynSpeech's entry for a ``GeneratorRegistry``.
    public static let registryEntry = GeneratorRegistry.Entry(name: generatorName) { file, root, seed in
        try decode(file: file, root: root, seed: seed)
    }
}
