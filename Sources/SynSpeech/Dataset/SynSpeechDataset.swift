import SynCore
import SynData

/// SynSpeech as a ``DatasetGenerator``: an item is one speaker saying one text in one style.
///
/// ``prepare(values:rng:)`` applies the style to the speaker (``SpeakingStyle/apply(to:)``),
/// times the text (``DurationModel``, rate from the voice) and builds its Klatt frames
/// (``FrameBuilder`` with the voice's vocal-tract length, OQ, TL and FL; F0 from ``F0Model``
/// with the voice's base F0 and range). The voice then acts on the frames: AH is raised to
/// the speaker's aspiration wherever AV is on; a whispered style moves AV's level to AH and
/// turns AV off; bandwidths are scaled by the style; every source amplitude that is on moves
/// by the style's level change. Nothing is drawn while preparing.
///
/// ``render(_:gain:rng:into:)`` runs a ``KlattSynthesizer`` for the voice's vocal-tract
/// length, drawing its noise from the item's stream. The gain comes from the rendered peaks
/// of 64 calibration items (all items when fewer) with a 10 % margin.
public struct SynSpeechDataset: DatasetGenerator {
    /// Version of the SynSpeech dataset output; bump on any change of output bytes.
    public static let version = "0.1.0"
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
    /// `builtin` or `config`.
    public let textsSource: String
    /// The config's extra pronunciations.
    public let lexicon: [(String, String)]
    /// Whether each item has a TextGrid.
    public let textgrid: Bool
    /// Whether each item has a tracks .npy.
    public let tracks: Bool
    private let columns: (speaker: Int?, text: Int?, style: Int?)
    private let fixed: (speaker: Int, text: Int, style: Int)

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
    }

    /// Makes the generator of a decoded config (see ``SynSpeechConfig/decode(file:root:seed:)``).
    public init(config: DatasetConfig, speakers: [Speaker], population: SpeakerPopulation, sentences: [String],
                texts: [PhoneticText], textsSource: String, lexicon: [(String, String)] = [],
                textgrid: Bool, tracks: Bool) {
        self.config = config
        self.speakers = speakers
        self.population = population
        self.sentences = sentences
        self.texts = texts
        self.textsSource = textsSource
        self.lexicon = lexicon
        self.textgrid = textgrid
        self.tracks = tracks
        func column(_ name: String) -> Int? { config.factors.firstIndex { $0.name == name } }
        func constant(_ name: String) -> Int { config.constant(name).flatMap { Int(exactly: $0) } ?? 0 }
        columns = (column("speaker"), column("text"), column("style"))
        fixed = (constant("speaker"), constant("text"), constant("style"))
    }

    /// The speakers, the population, the styles, the texts, the frame period and the side files.
    public var resolvedExtras: [(String, JSONValue)] {
        var extras: [(String, JSONValue)] = [
            ("frame_period_s", .number(Self.framePeriod)),
            ("speaker_population", population.json),
            ("speakers", .array(speakers.map(\.json))),
            ("styles", .array(SpeakingStyle.builtIn.map(\.json))),
        ]
        if textsSource == "builtin" {
            extras.append(("texts", .string("builtin")))
        } else {
            extras.append(("texts", .array(sentences.map { .string($0) })))
        }
        if !lexicon.isEmpty {
            extras.append(("lexicon", .object(lexicon.map { ($0.0, .string($0.1)) })))
        }
        extras.append(("textgrid", .bool(textgrid)))
        extras.append(("tracks", .bool(tracks)))
        if tracks { extras.append(("track_columns", .array(FrameTracks.columns.map { .string($0) }))) }
        return extras
    }

    /// `gender`, `transcript` (the text itself; `text` is the factor column of its index), `phones` (ARPAbet with stress) and `duration_s` (of the audio).
    public var extraColumns: [ExtraColumn] {
        [ExtraColumn(name: "gender", kind: .text), ExtraColumn(name: "transcript", kind: .text),
         ExtraColumn(name: "phones", kind: .text), ExtraColumn(name: "duration_s", kind: .number, unit: "s")]
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

    /// The voice of speaker `speaker` in style `style` as Klatt frames for text `text`.
    public func item(speaker: Int, text: Int, style: Int) -> Item {
        let styleValue = SpeakingStyle.builtIn[min(max(style, 0), SpeakingStyle.builtIn.count - 1)]
        let settings = styleValue.apply(to: speakers[speaker])
        let v = settings.voice
        var prosody = Prosody()
        prosody.baseF0 = v.baseF0Hz
        prosody.rangeSemitones = v.f0RangeSemitones
        prosody.speakingRate = v.speakingRate
        let utterance = DurationModel().utterance(texts[text], prosody: prosody)
        var builder = FrameBuilder(framePeriod: Self.framePeriod, vocalTractLength: v.vocalTractLengthCm)
        builder.voice.oq = v.openQuotientPercent
        builder.voice.tl = v.spectralTiltDb
        builder.voice.fl = v.flutterPercent
        var frames = builder.frames(utterance, prosody: prosody)
        let s = settings.style
        for k in frames.indices {
            var f = frames[k]
            if f.av > 0 { f.ah = max(f.ah, v.aspirationDb) }
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
        return Item(speaker: speaker, text: text, voice: settings, utterance: utterance, frames: frames)
    }

    /// The item with these factor values (column order); nothing is drawn.
    public func prepare(values: [Double], rng: inout Xoshiro256StarStar) -> Item {
        func index(_ column: Int?, _ constant: Int) -> Int {
            column.flatMap { Int(exactly: values[$0]) } ?? constant
        }
        return item(speaker: index(columns.speaker, fixed.speaker), text: index(columns.text, fixed.text),
                    style: index(columns.style, fixed.style))
    }

    private func synthesizer(_ item: Item, gain: Double) -> KlattSynthesizer {
        KlattSynthesizer(sampleRate: Double(config.sampleRate), framePeriod: Self.framePeriod,
                         vocalTractLength: item.voice.voice.vocalTractLengthCm, outputGain: gain)
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

    /// A TextGrid that cannot be built (a rules bug) stops the item.
    public func problems(of item: Item) -> [ItemProblem] {
        guard textgrid else { return [] }
        do {
            _ = try textGrid(of: item)
            return []
        } catch {
            return [ItemProblem("speaker \(item.speaker), text \(item.text): no TextGrid: \(error)", factors: ["text"])]
        }
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
        output.columns = [.text(item.voice.voice.gender.rawValue), .text(texts[item.text].text),
                          .text(texts[item.text].phoneString), .number(duration(of: item))]
    }
}
