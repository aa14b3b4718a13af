import Foundation
import SynCore
import SynData

/// SynSpeech as a ``DatasetGenerator``: an item is one speaker saying one text in one style.
///
/// ``prepare(values:rng:)`` applies the style (one of ``styles``) to the speaker (``SpeakingStyle/apply(to:)``),
/// times the text (``DurationModel``, rate from the voice) and builds its Klatt frames
/// (``FrameBuilder`` with the voice's vocal-tract length, OQ, TL and FL; F0 from ``F0Model``
/// with the voice's base F0 and range). The voice then acts on the frames: AH is raised to
/// the voice's aspiration wherever AV is on (for a sustained vowel only when the `aspiration`
/// factor sets it); a whispered style moves AV's level to AH and
/// turns AV off; bandwidths are scaled by the style; every source amplitude that is on moves
/// by the style's level change. Nothing is drawn while preparing.
///
/// ``render(_:gain:rng:into:)`` runs a ``KlattSynthesizer`` for the voice's vocal-tract
/// length, drawing its noise from the item's stream. The gain comes from the rendered peaks
/// of 1,024 calibration items (all items when fewer) with a 25 % margin.
public struct SynSpeechDataset: DatasetGenerator {
    /// Version of the SynSpeech dataset output; bump on any change of output bytes.
    public static let version = "0.6.0"
    /// Frame period of the rules and the synthesizer, seconds.
    public static let framePeriod = 0.005

    /// The validated config.
    public let config: DatasetConfig
    /// The speakers drawn for the dataset (factor `speaker` indexes them).
    public let speakers: [Speaker]
    /// The population they were drawn from.
    public let population: SpeakerPopulation
    /// The texts as given (factor `text` indexes them).
    public let sentences: [String]
    /// The texts converted to phones.
    public let texts: [PhoneticText]
    /// `builtin`, `config` (an inline list), `file` (`texts: {file: ...}`) or `pseudo`
    /// (`texts: {pseudo: N}`).
    public let textsSource: String
    /// The config's extra pronunciations.
    public let lexicon: [(String, String)]
    /// The effective speaking styles (factor `style` indexes them): the built-in ones with the
    /// config's overrides, then the config's own (``SynSpeechConfig/decodeStyles(_:)``).
    public let styles: [SpeakingStyle]
    /// Whether each item has a TextGrid.
    public let textgrid: Bool
    /// Whether each item has a tracks .npy.
    public let tracks: Bool
    /// The length of a sustained vowel (s) when items are sustained vowels (`vowel` listed or
    /// fixed), nil for sentences.
    public let vowelDuration: Double?
    /// The config's `voice_source`, `jitter` and `shimmer` (already applied to every speaker;
    /// kept to record them in dataset.json).
    public var voiceSource = VoiceSourceSettings()
    private let columns: (speaker: Int?, text: Int?, style: Int?)
    private let fixed: (speaker: Int, text: Int, style: Int)
    /// Column (or nil) and fixed value (nil = the speaker's) of vowel, f0, vocal_tract_length,
    /// open_quotient, aspiration, intonation_slope, speaking_rate, in that order.
    private let voiceFactors: [(column: Int?, fixed: Double?)]
    static let voiceFactorNames = ["vowel", "f0", "vocal_tract_length", "open_quotient", "aspiration",
                                   "intonation_slope", "speaking_rate"]

    /// Per-item values of the voice-level factors; nil leaves the speaker's value (or, for
    /// ``vowel``, makes a sentence).
    public struct VoiceOverrides: Sendable, Hashable {
        /// Index into ``PhonemeInventory/monophthongSymbols``: a sustained vowel.
        public var vowel: Int?
        /// Base F0, Hz.
        public var f0: Double?
        /// Vocal-tract length, cm.
        public var vocalTractLength: Double?
        /// Open quotient, percent.
        public var openQuotient: Double?
        /// Aspiration AH of voiced speech, dB on Klatt's scale (also for a sustained vowel, which
        /// otherwise has none).
        public var aspiration: Double?
        /// Linear F0 slope about the middle of the speech, semitones/s.
        public var intonationSlope: Double = 0
        /// Tempo factor.
        public var speakingRate: Double?

        /// No overrides: a sentence in the speaker's voice.
        public init(vowel: Int? = nil, f0: Double? = nil, vocalTractLength: Double? = nil,
                    openQuotient: Double? = nil, aspiration: Double? = nil, intonationSlope: Double = 0,
                    speakingRate: Double? = nil) {
            self.vowel = vowel; self.f0 = f0; self.vocalTractLength = vocalTractLength
            self.openQuotient = openQuotient; self.aspiration = aspiration
            self.intonationSlope = intonationSlope; self.speakingRate = speakingRate
        }
    }

    /// `synspeech`.
    public var generatorName: String { SynSpeechConfig.generatorName }
    /// ``version``.
    public var generatorVersion: String { SynSpeechDataset.version }
    /// Utterances differ in length.
    public var fixedDuration: Double? { nil }

    /// One prepared item: who says what how, timed and framed.
    public struct Item: Sendable {
        /// Speaker index.
        public var speaker: Int
        /// Text index.
        public var text: Int
        /// The speaker's voice in the item's style.
        public var voice: VoiceSettings
        /// The timed phones and words.
        public var utterance: Utterance
        /// The Klatt frames, one per ``SynSpeechDataset/framePeriod``.
        public var frames: [KlattFrame]
        /// For a sustained vowel: its index into ``PhonemeInventory/monophthongSymbols``.
        public var vowel: Int? = nil
        /// For a sustained vowel: F0 at the middle of the vowel and F1..F3 as given to the
        /// synthesizer (after vocal-tract scaling), Hz.
        public var targets: (f0: Double, f1: Double, f2: Double, f3: Double)? = nil
    }

    /// Makes the generator of a decoded config (see ``SynSpeechConfig/decode(file:root:seed:)``).
    public init(config: DatasetConfig, speakers: [Speaker], population: SpeakerPopulation, sentences: [String],
                texts: [PhoneticText], textsSource: String, lexicon: [(String, String)] = [],
                styles: [SpeakingStyle] = SpeakingStyle.builtIn, textgrid: Bool, tracks: Bool,
                vowelDuration: Double? = nil) {
        self.config = config
        self.speakers = speakers
        self.population = population
        self.sentences = sentences
        self.texts = texts
        self.textsSource = textsSource
        self.lexicon = lexicon
        self.styles = styles.isEmpty ? SpeakingStyle.builtIn : styles
        self.textgrid = textgrid
        self.tracks = tracks
        self.vowelDuration = vowelDuration
        func column(_ name: String) -> Int? { config.factors.firstIndex { $0.name == name } }
        func constant(_ name: String) -> Int { config.constant(name).flatMap { Int(exactly: $0) } ?? 0 }
        columns = (column("speaker"), column("text"), column("style"))
        fixed = (constant("speaker"), constant("text"), constant("style"))
        voiceFactors = Self.voiceFactorNames.map { (column($0), config.constant($0)) }
    }

    /// The speakers, the population, the styles, the texts, the frame period and the side files.
    public var resolvedExtras: [(String, JSONValue)] {
        var extras: [(String, JSONValue)] = [
            ("frame_period_s", .number(Self.framePeriod)),
            ("speaker_population", population.json),
            ("speakers", .array(speakers.map(\.json))),
            ("styles", .array(styles.map(\.json))),
        ]
        if textsSource == "builtin" {
            extras.append(("texts", .string("builtin")))
        } else if textsSource == "pseudo" {
            extras.append(("texts", .object([("pseudo", .number(Double(texts.count))),
                                             ("words", .array(texts.map { .string($0.text) })),
                                             ("phones", .array(texts.map { .string($0.phoneString) }))])))
        } else {
            extras.append(("texts", .array(sentences.map { .string($0) })))
        }
        if !lexicon.isEmpty {
            extras.append(("lexicon", .object(lexicon.map { ($0.0, .string($0.1)) })))
        }
        extras.append(("textgrid", .bool(textgrid)))
        extras.append(("tracks", .bool(tracks)))
        extras += voiceSource.jsonMembers
        if tracks { extras.append(("track_columns", .array(FrameTracks.columns.map { .string($0) }))) }
        if let vowelDuration {
            extras.append(("vowel_duration_s", .number(vowelDuration)))
            extras.append(("vowels", .object(PhonemeInventory.monophthongSymbols.map { symbol in
                let t = PhonemeInventory.hillenbrandMale[symbol]!
                return (symbol, .object([("f1_hz", .number(t.f1)), ("f2_hz", .number(t.f2)), ("f3_hz", .number(t.f3))]))
            })))
        }
        return extras
    }

    /// Whether `text` is a listed factor; then its factor column prints the sentence and no
    /// extra `text` column is needed.
    var textIsListed: Bool { columns.text != nil }

    /// `gender`, `text` (the sentence, or a sustained vowel's symbol; only when `text` is not a
    /// listed factor, whose own column prints the sentence), `phones` (ARPAbet with stress) and
    /// `duration_s` (of the audio). With sustained vowels also `f0_hz, f1_hz, f2_hz, f3_hz` (F0
    /// at the vowel's middle and the formant targets after vocal-tract scaling, as synthesized).
    public var extraColumns: [ExtraColumn] {
        [ExtraColumn(name: "gender", kind: .text)]
            + (textIsListed ? [] : [ExtraColumn(name: "text", kind: .text)])
            + [ExtraColumn(name: "phones", kind: .text), ExtraColumn(name: "duration_s", kind: .number, unit: "s")]
            + (vowelDuration == nil ? [] : ["f0_hz", "f1_hz", "f2_hz", "f3_hz"].map {
                ExtraColumn(name: $0, kind: .number, unit: "Hz")
            })
    }

    /// `textgrid/NNN/NNNNNN.TextGrid` and `tracks/NNN/NNNNNN.npy`, as configured.
    public var sideFiles: [SideFileKind] {
        (textgrid ? [SideFileKind(folder: "textgrid", fileExtension: "TextGrid")] : [])
            + (tracks ? [SideFileKind(folder: "tracks", fileExtension: "npy")] : [])
    }

    /// Rendered peaks of 1,024 items spread over the dataset, with a 25 % margin. A formant
    /// synthesizer has no closed-form peak bound; 64 items with 10 % were too few for
    /// synspeech-small (item 16273 of 25,000 peaked 1.3 % over full scale and was refused).
    public var gainSource: GainSource { .rendered(calibrationItems: 1024, margin: 0.25) }

    /// The voice of speaker `speaker` in style `style` as Klatt frames for text `text`, or for
    /// the sustained vowel of `overrides` (then `text` is ignored). The overrides replace the
    /// styled voice's values (a sustained vowel gets aspiration only from `overrides`); the intonation slope multiplies F0 by
    /// 2^(slope x (t - middle of the speech) / 12), holding its edge values in the silences.
    public func item(speaker: Int, text: Int, style: Int, overrides: VoiceOverrides = VoiceOverrides()) -> Item {
        let styleValue = styles[min(max(style, 0), styles.count - 1)]
        var settings = styleValue.apply(to: speakers[speaker])
        if let x = overrides.f0 { settings.voice.baseF0Hz = x }
        if let x = overrides.vocalTractLength { settings.voice.vocalTractLengthCm = x }
        if let x = overrides.openQuotient { settings.voice.openQuotientPercent = x }
        if let x = overrides.aspiration { settings.voice.aspirationDb = x }
        if let x = overrides.speakingRate { settings.voice.speakingRate = x }
        let v = settings.voice
        var vowelPhone: Phone?
        if let i = overrides.vowel {
            let symbols = PhonemeInventory.monophthongSymbols
            vowelPhone = Phone(symbol: symbols[min(max(i, 0), symbols.count - 1)], stress: .primary)
        }
        var prosody = vowelPhone == nil ? Prosody() : Prosody.flat(f0: v.baseF0Hz)
        prosody.baseF0 = v.baseF0Hz
        prosody.rangeSemitones = v.f0RangeSemitones
        prosody.speakingRate = v.speakingRate
        let utterance = vowelPhone.map { Utterance.sustained($0, duration: vowelDuration ?? 0.5) }
            ?? DurationModel().utterance(texts[text], prosody: prosody)
        var builder = FrameBuilder(framePeriod: Self.framePeriod, vocalTractLength: v.vocalTractLengthCm)
        builder.voice.oq = v.openQuotientPercent
        builder.voice.tl = v.spectralTiltDb
        // Sustained vowels are the continuous-factor items whose f0_hz..f3_hz columns must be
        // what is in the audio: modal voice, no flutter wobbling F0, no added breath noise.
        builder.voice.fl = vowelPhone == nil ? v.flutterPercent : 0
        let middle = 0.5 * (utterance.speechStart + utterance.speechEnd)
        var frames: [KlattFrame]
        if overrides.intonationSlope != 0 {
            let model = F0Model(prosody: prosody)
            let count = builder.frameCount(utterance)
            let f0 = (0..<count).map { k -> Double in
                let t = Double(k) * Self.framePeriod
                let u = min(max(t, utterance.speechStart), utterance.speechEnd) - middle
                return model.f0(at: t, in: utterance) * pow(2, overrides.intonationSlope * u / 12)
            }
            frames = builder.frames(utterance, f0: f0)
        } else {
            frames = builder.frames(utterance, prosody: prosody)
        }
        let s = settings.style
        for k in frames.indices {
            var f = frames[k]
            if f.av > 0, vowelPhone == nil || overrides.aspiration != nil { f.ah = max(f.ah, v.aspirationDb) }
            if !s.voiced {
                f.ah = max(f.ah, f.av)
                f.av = 0
            }
            f.b1 *= s.f1BandwidthScale
            f.b2 *= s.higherBandwidthScale; f.b3 *= s.higherBandwidthScale
            f.b4 *= s.higherBandwidthScale; f.b5 *= s.higherBandwidthScale
            if s.levelChangeDb != 0 {
                func level(_ x: Double) -> Double { x > 0 ? max(0, x + s.levelChangeDb) : x }
                f.av = level(f.av); f.ah = level(f.ah); f.af = level(f.af)
                f.a2 = level(f.a2); f.a3 = level(f.a3); f.a4 = level(f.a4)
                f.a5 = level(f.a5); f.a6 = level(f.a6); f.ab = level(f.ab)
            }
            frames[k] = f
        }
        var result = Item(speaker: speaker, text: text, voice: settings, utterance: utterance, frames: frames)
        if vowelPhone != nil {
            let k = min(frames.count - 1, Int((middle / Self.framePeriod).rounded()))
            let f = frames[k]
            result.vowel = overrides.vowel
            result.targets = (F0Model(prosody: prosody).f0(at: middle, in: utterance), f.f1, f.f2, f.f3)
        }
        return result
    }

    /// The item with these factor values (column order); nothing is drawn.
    public func prepare(values: [Double], rng: inout Xoshiro256StarStar) -> Item {
        func index(_ column: Int?, _ constant: Int) -> Int {
            column.flatMap { Int(exactly: values[$0]) } ?? constant
        }
        let x = voiceFactors.map { f in f.column.map { values[$0] } ?? f.fixed }
        let overrides = VoiceOverrides(vowel: x[0].flatMap { Int(exactly: $0) }, f0: x[1], vocalTractLength: x[2],
                                       openQuotient: x[3], aspiration: x[4], intonationSlope: x[5] ?? 0,
                                       speakingRate: x[6])
        return item(speaker: index(columns.speaker, fixed.speaker), text: index(columns.text, fixed.text),
                    style: index(columns.style, fixed.style), overrides: overrides)
    }

    private func synthesizer(_ item: Item, gain: Double) -> KlattSynthesizer {
        var synthesizer = KlattSynthesizer(sampleRate: Double(config.sampleRate), framePeriod: Self.framePeriod,
                                           vocalTractLength: item.voice.voice.vocalTractLengthCm, outputGain: gain)
        synthesizer.voiceSource = item.voice.voice.voiceSource
        return synthesizer
    }

    /// round(frames x frame period x sample rate).
    public func sampleCount(of item: Item) -> Int {
        synthesizer(item, gain: 1).sampleCount(frameCount: item.frames.count)
    }

    /// The audio duration of `item` in seconds.
    public func duration(of item: Item) -> Double {
        Double(sampleCount(of: item)) / Double(config.sampleRate)
    }

    /// The item's TextGrid (words and phones tiers over the audio's duration).
    public func textGrid(of item: Item) throws -> TextGrid {
        let words = item.utterance.words.map { (start: $0.start, end: $0.end, label: $0.spelling) }
        let phones = item.utterance.phones.map { (start: $0.start, end: $0.end, label: $0.phone.description) }
        return try TextGrid.words(words, phones: phones, duration: duration(of: item))
    }

    /// An F0 contour that reaches fs/20 (accents, the question rise and the intonation slope
    /// lift it above the base F0 the config check sees), and a TextGrid that cannot be built (a
    /// rules bug), each stop the run before anything is written.
    public func problems(of item: Item) -> [ItemProblem] {
        var problems: [ItemProblem] = []
        let fs = Double(config.sampleRate)
        let limit = fs / SynSpeechConfig.minimumSamplesPerPeriod
        let peak = item.frames.reduce(0) { max($0, $1.av > 0 ? $1.f0 : 0) }
        if peak >= limit {
            let rate = Int((peak * SynSpeechConfig.minimumSamplesPerPeriod).rounded(.down)) + 1
            let hz = { (x: Double) in FactorSpec.format((x * 100).rounded() / 100) }
            problems.append(ItemProblem(
                "speaker \(item.speaker), text \(item.text): the F0 contour reaches \(hz(peak)) Hz, at or above fs/20 = \(hz(limit)) Hz at sample_rate \(config.sampleRate) (accents, the question rise and intonation_slope lift F0 above its base); lower f0 or intonation_slope, or raise sample_rate to at least \(rate)",
                factors: ["f0", "intonation_slope", "speaker", "style"]))
        }
        if textgrid {
            do {
                _ = try textGrid(of: item)
            } catch {
                problems.append(ItemProblem("speaker \(item.speaker), text \(item.text): no TextGrid: \(error)", factors: ["text"]))
            }
        }
        return problems
    }

    /// Synthesizes the item, then its TextGrid and tracks (as configured) and columns.
    public func render(_ item: Item, gain: Double, rng: inout Xoshiro256StarStar, into output: inout RenderedItem) {
        synthesizer(item, gain: gain).render(item.frames, into: &output.samples, rng: &rng)
        output.count = output.samples.count
        var k = 0
        if textgrid {
            output.sideFiles[k] = (try? textGrid(of: item))?.longTextFormat() ?? []
            k += 1
        }
        if tracks {
            output.sideFiles[k] = FrameTracks(klattFrames: item.frames).npyBytes()
        }
        output.columns = [.text(item.voice.voice.gender.rawValue)]
        if !textIsListed {
            output.columns.append(.text(item.vowel.map { PhonemeInventory.monophthongSymbols[$0] } ?? texts[item.text].text))
        }
        output.columns += [.text(item.vowel == nil ? texts[item.text].phoneString : item.utterance.arpabet),
                           .number(duration(of: item))]
        if vowelDuration != nil {
            let t = item.targets ?? (0, 0, 0, 0)
            output.columns += [.number(t.f0), .number(t.f1), .number(t.f2), .number(t.f3)]
        }
    }
}
