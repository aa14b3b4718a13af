import SynCore

/// A speaker's gender, drawn as part of the speaker and written as the `gender` column
/// (specs/synspeech.md, "Factors").
public enum Gender: String, Sendable, Hashable, CaseIterable {
    case female
    case male
}

/// The numeric voice parameters of a ``Speaker``, in the fixed order in which
/// ``SpeakerPopulation/draw(count:seed:)`` draws them and in which they appear in JSON.
///
/// Each parameter has a JSON key (with its unit), a quantisation resolution (two speakers are
/// the same speaker when every parameter falls on the same multiple of it) and a default range
/// per gender. F0 and vocal-tract length ranges are those of specs/synspeech.md, which follow
/// the adult speakers of Peterson & Barney (1952, JASA 24(2)) and Hillenbrand et al. (1995,
/// JASA 97(5)); the voice-quality ranges follow the KLSYN88 settings of Klatt & Klatt (1990,
/// JASA 87(2)), who measured female voices as breathier (higher OQ, more aspiration, steeper
/// tilt) than male ones.
public enum SpeakerParameter: Int, Sendable, Hashable, CaseIterable {
    /// Base F0 in Hz, the speaker's reference pitch (the declination line starts near it).
    /// Male 85...155, female 165...255 (spec); resolution 0.5 Hz.
    case baseF0
    /// F0 range in semitones: how far accents and phrase contours move F0 about the base.
    /// Male 3...7, female 4...9 (female intonation spans more semitones); resolution 0.1 st.
    case f0Range
    /// Vocal-tract length in cm; formants scale by L_ref / L. Male 15.5...18.5, female
    /// 13.5...16 (spec); resolution 0.05 cm.
    case vocalTractLength
    /// Open quotient OQ in percent of the glottal period (KLSYN88 units). Male 40...60,
    /// female 50...70 (Klatt & Klatt 1990); resolution 1 %.
    case openQuotient
    /// Spectral tilt TL in dB down at 3 kHz (KLSYN88, >= 0). Male 0...8, female 4...14;
    /// resolution 0.5 dB.
    case spectralTilt
    /// Aspiration AH during voicing in dB on Klatt's amplitude scale (0 = off). Male 10...35,
    /// female 20...45; resolution 1 dB.
    case aspiration
    /// Flutter FL in percent (KLSYN88's slow quasi-random F0 wobble, Klatt & Klatt 1990).
    /// 10...35 for both; resolution 1 %.
    case flutter
    /// Speaking rate as a factor on tempo (1 = the rules' durations, 1.1 = 10 % faster:
    /// durations divided by it). 0.85...1.15 for both; resolution 0.01.
    case speakingRate

    /// The parameter's JSON key, carrying its unit.
    public var key: String { descriptor.key }
    /// The quantisation step of the default ranges (in the parameter's unit).
    public var resolution: Double { descriptor.resolution }
    /// The speaker field that holds the parameter.
    public var keyPath: WritableKeyPath<Speaker, Double> { descriptor.path }

    /// The default range for `gender`, quantised at ``resolution``.
    public func defaultRange(for gender: Gender) -> ParameterRange {
        let bounds = gender == .female ? descriptor.female : descriptor.male
        return ParameterRange(bounds.lowerBound, bounds.upperBound, step: descriptor.resolution)
    }

    private typealias Descriptor = (
        key: String, path: WritableKeyPath<Speaker, Double>, resolution: Double,
        male: ClosedRange<Double>, female: ClosedRange<Double>
    )

    private var descriptor: Descriptor {
        switch self {
        case .baseF0: return ("base_f0_hz", \.baseF0Hz, 0.5, 85...155, 165...255)
        case .f0Range: return ("f0_range_semitones", \.f0RangeSemitones, 0.1, 3...7, 4...9)
        case .vocalTractLength: return ("vocal_tract_length_cm", \.vocalTractLengthCm, 0.05, 15.5...18.5, 13.5...16)
        case .openQuotient: return ("open_quotient_percent", \.openQuotientPercent, 1, 40...60, 50...70)
        case .spectralTilt: return ("spectral_tilt_db", \.spectralTiltDb, 0.5, 0...8, 4...14)
        case .aspiration: return ("aspiration_db", \.aspirationDb, 1, 10...35, 20...45)
        case .flutter: return ("flutter_percent", \.flutterPercent, 1, 10...35, 10...35)
        case .speakingRate: return ("speaking_rate", \.speakingRate, 0.01, 0.85...1.15, 0.85...1.15)
        }
    }
}

/// One synthetic speaker: the voice every utterance of this speaker starts from, before a
/// ``SpeakingStyle`` transforms it. Units are those of ``SpeakerParameter``.
public struct Speaker: Sendable, Hashable {
    /// The speaker's index in the dataset (0-based), the value of the `speaker` factor.
    public var id: Int
    /// The speaker's gender.
    public var gender: Gender
    /// Base F0 in Hz.
    public var baseF0Hz: Double
    /// F0 range in semitones.
    public var f0RangeSemitones: Double
    /// Vocal-tract length in cm.
    public var vocalTractLengthCm: Double
    /// Open quotient OQ in percent (KLSYN88, 1...100).
    public var openQuotientPercent: Double
    /// Spectral tilt TL in dB down at 3 kHz (>= 0).
    public var spectralTiltDb: Double
    /// Aspiration AH during voicing in dB on Klatt's scale (0 = off).
    public var aspirationDb: Double
    /// Flutter FL in percent.
    public var flutterPercent: Double
    /// Speaking rate as a tempo factor (1 = the rules' durations).
    public var speakingRate: Double
    /// The voice source (KLGLOTT88, LF or impulse) and the speaker's jitter and shimmer in
    /// percent. Not drawn by the population: the default (KLGLOTT88, no jitter or shimmer) unless
    /// a config sets it.
    public var voiceSource: VoiceSourceSettings

    /// A speaker with every parameter given (units as in ``SpeakerParameter``), voiced by
    /// `voiceSource` (default: KLGLOTT88 without jitter or shimmer).
    public init(
        id: Int, gender: Gender, baseF0Hz: Double, f0RangeSemitones: Double,
        vocalTractLengthCm: Double, openQuotientPercent: Double, spectralTiltDb: Double,
        aspirationDb: Double, flutterPercent: Double, speakingRate: Double,
        voiceSource: VoiceSourceSettings = VoiceSourceSettings()
    ) {
        self.id = id
        self.gender = gender
        self.baseF0Hz = baseF0Hz
        self.f0RangeSemitones = f0RangeSemitones
        self.vocalTractLengthCm = vocalTractLengthCm
        self.openQuotientPercent = openQuotientPercent
        self.spectralTiltDb = spectralTiltDb
        self.aspirationDb = aspirationDb
        self.flutterPercent = flutterPercent
        self.speakingRate = speakingRate
        self.voiceSource = voiceSource
    }

    /// The value of `parameter`.
    public subscript(parameter: SpeakerParameter) -> Double {
        get { self[keyPath: parameter.keyPath] }
        set { self[keyPath: parameter.keyPath] = newValue }
    }

    /// The factor L_ref / L by which this speaker's vocal-tract length scales formant
    /// frequencies given for a reference tract of `referenceLengthCm` cm (a uniform tube's
    /// resonances are inversely proportional to its length).
    public func formantScale(referenceLengthCm: Double) -> Double {
        referenceLengthCm / vocalTractLengthCm
    }

    /// The speaker as a JSON object for dataset.json: `id`, `gender`, then every
    /// ``SpeakerParameter`` under its key, in declaration order, then `voice_source`,
    /// `jitter_percent` and `shimmer_percent` only when the voice source is not the default (so
    /// the JSON of default speakers is what it was before sources could be chosen).
    public var json: JSONValue {
        .object([("id", .integer(id)), ("gender", .string(gender.rawValue))]
            + SpeakerParameter.allCases.map { ($0.key, .number(self[$0])) }
            + (voiceSource.isDefault ? [] : voiceSource.jsonMembers))
    }
}
