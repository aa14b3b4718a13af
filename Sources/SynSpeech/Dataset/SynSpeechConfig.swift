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
/// | style | default, friendly, sad, whispering (codes 0-3) | default |
///
/// Top-level keys besides the common ones of ``DatasetConfig``:
/// - `speakers`: how many speakers to draw from the default ``SpeakerPopulation`` with the
///   dataset seed (default: the largest listed speaker index + 1);
/// - `texts`: `builtin` (``SentenceList/builtIn``, the default) or a list of sentences;
/// - `lexicon`: a mapping of extra words to ARPAbet pronunciations (`zorp: Z AO1 R P`);
/// - `textgrid`, `tracks`: booleans (default false) for the per-item side files.
///
/// `gender` is not a factor: it is derived from the speaker and written as a column.
public enum SynSpeechConfig {
    /// The generator name a config names in `generator:`.
    public static let generatorName = "synspeech"
    /// The default sample rate.
    public static let defaultSampleRate = 16000
    /// The generator's own top-level keys.
    public static let extraKeys = ["speakers", "texts", "lexicon", "textgrid", "tracks"]
    /// The most speakers a config may ask for (drawing is O(N) in memory and time; the
    /// population itself allows far more).
    public static let maximumSpeakers = 100_000
    /// The synthesizer's sample-rate range (``KlattSynthesizer``).
    public static let sampleRateRange = 8000...48_000

    /// Every factor a SynSpeech config may list, in this (schema) order.
    public static let schema: [FactorSchema] = [
        FactorSchema(name: "speaker", unit: "index", defaultValue: 0,
                     summary: "index into the speakers drawn for the dataset"),
        FactorSchema(name: "text", unit: "index", defaultValue: 0, summary: "index into the text list"),
        FactorSchema(name: "style", unit: "", labels: SpeakingStyle.builtIn.map(\.name), defaultValue: 0,
                     summary: "speaking style"),
    ]

    /// Decodes a parsed SynSpeech config. `seed` overrides the config's seed (`--seed`).
    public static func decode(file: String, root: ConfigValue, seed: UInt64? = nil) throws -> SynSpeechDataset {
        var config = try DatasetConfig.decode(file: file, root: root, schema: schema,
                                              defaultSampleRate: defaultSampleRate, extraKeys: extraKeys)
        if let seed { config.seed = seed }
        guard sampleRateRange.contains(config.sampleRate) else {
            throw ConfigError(file: file, path: "sample_rate",
                              "SynSpeech renders at 8000...48000 Hz, got \(config.sampleRate)")
        }

        // Texts.
        let sentences: [String]
        var textsSource = "builtin"
        var textPath: (Int) -> String = { _ in "texts" }
        if let r = config.root.optional("texts") {
            if case .string = r.value {
                _ = try r.choice(["builtin"])
                sentences = SentenceList.builtIn.sentences
            } else {
                sentences = try r.list().map { try $0.string() }
                textsSource = "config"
                textPath = { "texts[\($0)]" }
            }
        } else {
            sentences = SentenceList.builtIn.sentences
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
        var texts: [PhoneticText] = []
        texts.reserveCapacity(sentences.count)
        for (i, s) in sentences.enumerated() {
            do {
                texts.append(try converter.convert(s))
            } catch {
                throw ConfigError(file: file, path: textPath(i), "\(error)")
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

        // Speakers.
        let speakerCount: Int
        if let r = config.root.optional("speakers") {
            speakerCount = try r.positiveInteger(atMost: maximumSpeakers)
            _ = try indices("speaker", below: speakerCount, what: "speakers: \(speakerCount)")
        } else {
            speakerCount = try indices("speaker", below: nil, what: "speakers drawn") + 1
        }
        let population = SpeakerPopulation()
        let speakers: [Speaker]
        do {
            speakers = try population.draw(count: speakerCount, seed: config.seed)
        } catch {
            throw ConfigError(file: file, path: "speakers", "\(error)")
        }

        let textgrid = try config.root.optional("textgrid").map { try $0.bool() } ?? false
        let tracks = try config.root.optional("tracks").map { try $0.bool() } ?? false
        return SynSpeechDataset(config: config, speakers: speakers, population: population,
                                sentences: sentences, texts: texts, textsSource: textsSource,
                                lexicon: custom, textgrid: textgrid, tracks: tracks)
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
