import Foundation
import SynCore
import SynData

// The `styles:` and `texts:` keys of a SynSpeech config and the checks of targets against the
// sample rate, each decoded or checked on its own (``SynSpeechConfig/decode(file:root:seed:)``
// calls them in order).

extension SynSpeechConfig {
    // MARK: - styles

    /// The effective speaking styles of a config: the built-in ones (``SpeakingStyle/builtIn``)
    /// with the overrides of `reader` (the `styles:` key, nil when absent) applied, then the
    /// styles it defines under new names, in document order.
    ///
    /// Each entry maps a style name to a mapping of ``SpeakingStyle/fieldKeys``; a built-in name
    /// changes only the given fields, a new name starts from "no change". An unknown field is a
    /// ``ConfigError`` at `styles.NAME.FIELD` listing the allowed fields; a value out of range one
    /// at the same path with ``SpeakingStyle/validate()``'s reason.
    public static func decodeStyles(_ reader: ConfigReader?) throws -> [SpeakingStyle] {
        var styles = SpeakingStyle.builtIn
        guard let reader else { return styles }
        let entries = try reader.object(allowed: [])
        guard !entries.pairs.isEmpty else {
            throw reader.error("is empty; map a style name to its changes, e.g. sad: {rate_scale: 0.8}")
        }
        for (name, _) in entries.pairs {
            let entry = try entries.required(name)
            let fields = try entry.object(allowed: SpeakingStyle.fieldKeys)
            try fields.finish()
            var style = styles.first { $0.name == name } ?? SpeakingStyle(name: name)
            for field in SpeakingStyle.numericFields {
                if let r = fields.optional(field.key) { style[keyPath: field.path] = try r.double() }
            }
            if let r = fields.optional("voiced") { style.voiced = try r.bool() }
            do {
                try style.validate()
            } catch let SpeakerError.badStyle(_, field, reason) where fields.has(field) {
                throw ConfigError(file: reader.file, path: fields.path(of: field), reason)
            } catch {
                throw entry.error("\(error)")
            }
            if let k = styles.firstIndex(where: { $0.name == name }) { styles[k] = style } else { styles.append(style) }
        }
        return styles
    }

    // MARK: - texts

    /// Where text `i` came from: the config key path and, for a file, `FILE line N`.
    typealias TextLocation = (Int) -> (path: String, line: String)

    /// The sentences of the `texts:` key (nil when absent: the built-in list), where they came
    /// from (`builtin`, `config` or `file`) and where each one is, for errors. A sentence of an
    /// inline list must have 2 to 8 words, as in a file (``SentenceList``).
    ///
    /// `{file: PATH}` reads a UTF-8 text file, one sentence per line (``SentenceList``), PATH
    /// relative to the config file's folder; a file that cannot be read, is not UTF-8, is empty or
    /// has a blank line or a sentence outside 2 to 8 words is a ``ConfigError`` at `texts.file`.
    static func decodeTexts(_ reader: ConfigReader?) throws -> (sentences: [String], source: String, location: TextLocation) {
        let builtIn: TextLocation = { _ in ("texts", "") }
        guard let r = reader else { return (SentenceList.builtIn.sentences, "builtin", builtIn) }
        switch r.value {
        case .string:
            _ = try r.choice(["builtin"])
            return (SentenceList.builtIn.sentences, "builtin", builtIn)
        case .map:
            let obj = try r.object(allowed: ["file", "pseudo"])
            try obj.finish()
            let fileReader = try obj.required("file")
            let name = try fileReader.string()
            let path = resolve(name, relativeTo: r.file)
            guard let data = FileManager.default.contents(atPath: path) else {
                throw fileReader.error("cannot read the text list \(path); give a UTF-8 file, one sentence per line")
            }
            do {
                let list = try SentenceList(utf8: [UInt8](data), source: name)
                return (list.sentences, "file", { (fileReader.path, "\(name) line \($0 + 1)") })
            } catch {
                throw fileReader.error("\(error)")
            }
        default:
            let words = SentenceList.minimumWords...SentenceList.maximumWords
            let sentences = try r.list().map { item -> String in
                let sentence = try item.string()
                let count = TextToPhones.words(in: sentence).words.count
                guard words.contains(count) else {
                    throw item.error("\(count) word\(count == 1 ? "" : "s"); a sentence must have \(words.lowerBound) to \(words.upperBound) words")
                }
                return sentence
            }
            return (sentences, "config", { ("texts[\($0)]", "") })
        }
    }

    /// The stream reservation of the pseudo-word texts ("PSWD"): the dataset stream
    /// `Xoshiro256StarStar.dataset(seed:reserved:)` they are drawn from, apart from the
    /// speakers' (``SpeakerPopulation/streamReservation``) and every item's.
    public static let pseudoWordStreamReservation: UInt64 = 0x5053_5744

    /// The most pseudo-word texts a config may ask for.
    public static let maximumPseudoWords = 100_000

    /// The pseudo-words of `texts: {pseudo: N}` (specs/synspeech.md: pseudo-words from a CV(C)
    /// syllable grammar as a second content source), or nil when `reader` is not such a mapping.
    ///
    /// N distinct words of ``PseudoWordGrammar``'s default grammar (1 to 3 CV(C) syllables, one
    /// stressed), drawn in order from the dataset stream reserved for them, so the same seed
    /// gives the same words in every shard and resume; a repeated spelling is drawn again.
    /// N outside 1...``maximumPseudoWords`` is a ``ConfigError`` at `texts.pseudo`.
    static func decodePseudoWords(_ reader: ConfigReader, seed: UInt64) throws -> [PseudoWord]? {
        guard case .map = reader.value else { return nil }
        let obj = try reader.object(allowed: ["file", "pseudo"])
        guard let countReader = obj.optional("pseudo") else { return nil }
        guard !obj.has("file") else {
            throw reader.error("give either file or pseudo, not both")
        }
        let count = try countReader.positiveInteger(atMost: maximumPseudoWords)
        let grammar: PseudoWordGrammar
        do {
            grammar = try PseudoWordGrammar()
        } catch {
            throw countReader.error("\(error)")
        }
        var rng = Xoshiro256StarStar.dataset(seed: seed, reserved: pseudoWordStreamReservation)
        var words: [PseudoWord] = []
        var seen: Set<String> = []
        words.reserveCapacity(count)
        // The default grammar has millions of words, so a repeat is rare; the bound only keeps
        // a pathological request from looping.
        var draws = 0
        while words.count < count {
            guard draws < 100 * count else {
                throw countReader.error("the syllable grammar gave only \(words.count) distinct pseudo-words in \(draws) draws; ask for fewer")
            }
            draws += 1
            let word = grammar.generate(using: &rng)
            if seen.insert(word.spelling).inserted { words.append(word) }
        }
        return words
    }

    /// `path` as written in `configFile`: absolute, or relative to the config file's folder.
    static func resolve(_ path: String, relativeTo configFile: String) -> String {
        guard !path.hasPrefix("/"), let slash = configFile.lastIndex(of: "/") else { return path }
        return String(configFile[...slash]) + path
    }

    // MARK: - targets against the sample rate

    /// Throws a ``ConfigError`` naming the factor value (or style, or speaker) and the limit when
    /// a base F0 reaches fs / ``minimumSamplesPerPeriod`` or a formant target scaled by a
    /// `vocal_tract_length` value (without one, by a used speaker's own tract) exceeds
    /// ``maximumFormantFraction`` x fs. The formant targets are those of the phonemes the items
    /// use (the listed or fixed texts, or the sustained vowels). The F0 contour above the base
    /// is checked per item (``SynSpeechDataset/problems(of:)``).
    static func checkSampleRateLimits(_ config: DatasetConfig, speakers: [Speaker], styles: [SpeakingStyle],
                                      texts: [PhoneticText], sustained: Bool) throws {
        let fs = Double(config.sampleRate)
        let file = config.file
        /// The listed values (a random range: its bounds) with their key paths, or the fixed
        /// value, of factor `name`.
        func values(_ name: String) -> [(value: Double, path: String)] {
            if let f = config.factors.first(where: { $0.name == name }) {
                switch f.domain {
                case let .discrete(values, _): return values.enumerated().map { ($0.element, f.valuePath($0.offset)) }
                case let .uniform(lower, upper, _, _): return [(lower, f.valuePath(0)), (upper, f.valuePath(0))]
                }
            }
            guard let c = config.constants.first(where: { $0.name == name }), let v = c.value else { return [] }
            return [(v, c.keyPath.isEmpty ? "constants.\(name)" : c.keyPath)]
        }
        func format(_ x: Double) -> String { FactorSpec.format((x * 100).rounded() / 100) }

        // F0: the f0 values, or every used speaker in every used style.
        let f0Limit = fs / minimumSamplesPerPeriod
        let minimumRate = { (f0: Double) in Int((f0 * minimumSamplesPerPeriod).rounded(.down)) + 1 }
        let why = "(a period needs 20 samples: an open phase of 10 % must span the closure's 2-sample polyBLEP)"
        if let bad = values("f0").first(where: { $0.value >= f0Limit }) {
            throw ConfigError(file: file, path: bad.path,
                              "f0 \(format(bad.value)) Hz is at or above fs/20 = \(format(f0Limit)) Hz at sample_rate \(config.sampleRate) \(why); lower it or raise sample_rate to at least \(minimumRate(bad.value))")
        }
        if values("f0").isEmpty {
            let usedStyles = values("style").compactMap { styles.indices.contains(Int($0.value)) ? styles[Int($0.value)] : nil }
            let usedSpeakers = values("speaker").compactMap { speakers.indices.contains(Int($0.value)) ? speakers[Int($0.value)] : nil }
            for style in usedStyles {
                for speaker in usedSpeakers {
                    let f0 = style.apply(to: speaker).voice.baseF0Hz
                    guard f0 >= f0Limit else { continue }
                    throw ConfigError(file: file, path: "styles.\(style.name)",
                                      "speaker \(speaker.id) (base F0 \(format(speaker.baseF0Hz)) Hz) in style \(style.name) speaks at \(format(f0)) Hz, at or above fs/20 = \(format(f0Limit)) Hz at sample_rate \(config.sampleRate) \(why); lower f0_shift_semitones or raise sample_rate to at least \(minimumRate(f0))")
                }
            }
        }

        // Formants: the highest target of the used phonemes, scaled by each tract length.
        var highest: (hz: Double, phoneme: String) = (0, "")
        func consider(_ hz: Double, _ phoneme: String) { if hz > highest.hz { highest = (hz, phoneme) } }
        if sustained {
            for v in values("vowel") {
                let symbols = PhonemeInventory.monophthongSymbols
                guard symbols.indices.contains(Int(v.value)), let t = PhonemeInventory.hillenbrandMale[symbols[Int(v.value)]]
                else { continue }
                consider(max(t.f1, t.f2, t.f3), symbols[Int(v.value)])
            }
        } else {
            for v in values("text") where texts.indices.contains(Int(v.value)) {
                for phone in texts[Int(v.value)].phones {
                    guard let p = PhonemeInventory.phoneme(phone.symbol) else { continue }
                    for t in [p.target] + (p.endTarget.map { [$0] } ?? []) { consider(max(t.f1, t.f2, t.f3), p.symbol) }
                }
            }
        }
        let formantLimit = maximumFormantFraction * fs
        let reference = CascadeBranch.referenceLength
        let rateFor = { (hz: Double) in Int((hz / maximumFormantFraction).rounded(.up)) }
        for v in values("vocal_tract_length") where v.value > 0 && highest.hz * reference / v.value > formantLimit {
            let scaled = highest.hz * reference / v.value
            let shortest = (highest.hz * reference / formantLimit * 100).rounded(.up) / 100
            throw ConfigError(file: file, path: v.path,
                              "vocal_tract_length \(format(v.value)) cm scales the \(format(highest.hz)) Hz formant target of \(highest.phoneme) (at \(format(reference)) cm) to \(format(scaled)) Hz, above 0.45 fs = \(format(formantLimit)) Hz at sample_rate \(config.sampleRate); use at least \(format(shortest)) cm or raise sample_rate to at least \(rateFor(scaled))")
        }
        // Without a vocal_tract_length factor every used speaker speaks with its own tract.
        guard values("vocal_tract_length").isEmpty else { return }
        let speakerPath = config.factors.first { $0.name == "speaker" }?.keyPath ?? "speakers"
        for v in values("speaker") where speakers.indices.contains(Int(v.value)) {
            let speaker = speakers[Int(v.value)]
            let scaled = highest.hz * reference / speaker.vocalTractLengthCm
            guard scaled > formantLimit else { continue }
            throw ConfigError(file: file, path: speakerPath,
                              "speaker \(speaker.id)'s vocal tract (\(format(speaker.vocalTractLengthCm)) cm) scales the \(format(highest.hz)) Hz formant target of \(highest.phoneme) (at \(format(reference)) cm) to \(format(scaled)) Hz, above 0.45 fs = \(format(formantLimit)) Hz at sample_rate \(config.sampleRate); raise sample_rate to at least \(rateFor(scaled)) or list a vocal_tract_length factor")
        }
    }
}
