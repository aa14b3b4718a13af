/// The prosodic settings of one utterance: tempo, the F0 level and range, and the shape of the
/// intonation contour (specs/synspeech.md, "From text to parameters": F0 = declination line +
/// accents on stressed syllables + a phrase-final contour, in semitones about the speaker's base
/// F0 and scaled by the speaker's range).
///
/// Contour sizes (declination, accent, final fall and rise) are given for a speaker whose range
/// is ``referenceRangeSemitones``; ``F0Model`` multiplies them by
/// `rangeSemitones / referenceRangeSemitones`, so a narrow-ranged (e.g. sad) speaker has flatter
/// intonation with the same settings. The default values are the project's choices, in the
/// spirit of the declination and accent models of 't Hart, Collier and Cohen (1990) and of
/// Fujisaki's phrase/accent decomposition (Fujisaki and Hirose 1984), which both describe F0 on
/// a logarithmic scale as a slowly falling baseline plus local accent excursions.
public struct Prosody: Sendable, Equatable, Hashable {
    /// The speaker range the contour sizes are written for, semitones (an octave).
    public static let referenceRangeSemitones = 12.0

    /// Speaking rate, 1 = normal; every duration is divided by it (1.5 is 1.5 times faster).
    public var speakingRate: Double = 1
    /// Base F0 in Hz: the F0 at the start of the declination line, before accents.
    public var baseF0: Double = 110
    /// The speaker's F0 range in semitones; scales every contour size (see the type's note).
    public var rangeSemitones: Double = 12
    /// Declination in semitones per second of speech (positive values make F0 fall over time).
    public var declinationSemitonesPerSecond: Double = 1.5
    /// Height of the accent on every primary-stressed vowel, semitones (at the reference range).
    public var accentSemitones: Double = 2.5
    /// Phrase-final fall of a statement and rise of a question, semitones (at the reference
    /// range).
    public var finalFallSemitones = 4.0, finalRiseSemitones = 6.0
    /// Duration of the phrase-final contour at rate 1, s: it spans the last this-many seconds of
    /// speech (divided by the rate).
    public var finalContourSeconds: Double = 0.3
    /// Phrase-final lengthening: the factor on Klatt's PRCNT for the vowel and coda of the last
    /// syllable (Klatt 1979 uses 1.4).
    public var finalLengthening: Double = 1.4
    /// Silence before the first phone, s.
    public var leadingSilence: Double = 0.1
    /// Silence after the last phone, s.
    public var trailingSilence: Double = 0.1

    /// The default settings: normal rate, base F0 110 Hz, 12-semitone range, declination
    /// 1.5 st/s, accents 2.5 st, final fall 4 st or rise 6 st over 0.3 s, final lengthening 1.4,
    /// 100 ms of silence at each end.
    public init() {}

    /// A flat contour at `f0` Hz: no declination, accents or final movement (sustained vowels,
    /// tests); other settings default.
    public static func flat(f0: Double) -> Prosody {
        var p = Prosody()
        p.baseF0 = f0
        (p.declinationSemitonesPerSecond, p.accentSemitones) = (0, 0)
        (p.finalFallSemitones, p.finalRiseSemitones) = (0, 0)
        return p
    }

    /// The factor on every contour size: `rangeSemitones / referenceRangeSemitones`.
    public var rangeScale: Double { rangeSemitones / Self.referenceRangeSemitones }
}
