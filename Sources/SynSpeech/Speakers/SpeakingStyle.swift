import Foundation
import SynCore

/// A speaking style as a transform of a speaker's voice (specs/synspeech.md, "Factors": the
/// `style` factor, with the four styles of the published SynSpeech as defaults and every field
/// overridable by a config).
///
/// The default styles move parameters in the directions the spec gives, which are those of
/// the vocal-emotion literature (Murray & Arnott 1993, JASA 93(2) 1097-1108, Table I: sadness
/// slightly lower and narrower pitch, slower, quieter, breathier; happiness higher and wider
/// pitch). The magnitudes are our choice, moderate enough that a style never pushes a default
/// speaker outside a plausible voice.
public struct SpeakingStyle: Sendable, Hashable {
    /// The style's name, the value recorded for the `style` factor.
    public var name: String
    /// F0 shift in semitones, applied to the base F0 (base x 2^(shift / 12)).
    public var f0ShiftSemitones: Double
    /// Factor on the F0 range in semitones (> 0; < 1 flattens intonation).
    public var f0RangeScale: Double
    /// Factor on the speaking rate (> 0; > 1 is faster).
    public var rateScale: Double
    /// Change of spectral tilt TL in dB (negative is brighter); the result is kept >= 0.
    public var tiltChangeDb: Double
    /// Change of open quotient OQ in percentage points; the result is kept in 1...100.
    public var openQuotientChangePercent: Double
    /// Change of voiced aspiration AH in dB; the result is kept >= 0 (0 = off).
    public var aspirationChangeDb: Double
    /// Change of the overall level in dB, added to every source amplitude (AV, AH, AF).
    public var levelChangeDb: Double
    /// Whether voicing is on. When false (whispering) the rules put aspiration where voicing
    /// would be: AV is 0 and voiced segments get AH at the level AV would have had (plus
    /// ``levelChangeDb``), so there is no periodicity for a pitch tracker to find.
    public var voiced: Bool
    /// Factor on F1's bandwidth (> 0).
    public var f1BandwidthScale: Double
    /// Factor on the bandwidths of F2 and above (> 0).
    public var higherBandwidthScale: Double

    /// A style; every transform defaults to "no change".
    public init(
        name: String, f0ShiftSemitones: Double = 0, f0RangeScale: Double = 1, rateScale: Double = 1,
        tiltChangeDb: Double = 0, openQuotientChangePercent: Double = 0, aspirationChangeDb: Double = 0,
        levelChangeDb: Double = 0, voiced: Bool = true, f1BandwidthScale: Double = 1,
        higherBandwidthScale: Double = 1
    ) {
        self.name = name
        self.f0ShiftSemitones = f0ShiftSemitones
        self.f0RangeScale = f0RangeScale
        self.rateScale = rateScale
        self.tiltChangeDb = tiltChangeDb
        self.openQuotientChangePercent = openQuotientChangePercent
        self.aspirationChangeDb = aspirationChangeDb
        self.levelChangeDb = levelChangeDb
        self.voiced = voiced
        self.f1BandwidthScale = f1BandwidthScale
        self.higherBandwidthScale = higherBandwidthScale
    }

    /// The speaker's own voice, unchanged.
    public static let `default` = SpeakingStyle(name: "default")

    /// Friendly: 2 semitones higher, 30 % wider F0 range, 5 % faster, 3 dB less tilt
    /// (brighter).
    public static let friendly = SpeakingStyle(
        name: "friendly", f0ShiftSemitones: 2, f0RangeScale: 1.3, rateScale: 1.05, tiltChangeDb: -3)

    /// Sad: 2 semitones lower, F0 range x 0.6, 15 % slower, breathier (OQ +10 points, AH
    /// +10 dB), 4 dB more tilt, 4 dB quieter.
    public static let sad = SpeakingStyle(
        name: "sad", f0ShiftSemitones: -2, f0RangeScale: 0.6, rateScale: 0.85, tiltChangeDb: 4,
        openQuotientChangePercent: 10, aspirationChangeDb: 10, levelChangeDb: -4)

    /// Whispering: no voicing (aspiration replaces it), F1 bandwidth x 3 and F2 and above
    /// x 1.5 (noise through narrow formants reads as periodic to pitch trackers; whispered
    /// vowels have wide bandwidths, F1's most), 6 dB quieter.
    public static let whispering = SpeakingStyle(
        name: "whispering", levelChangeDb: -6, voiced: false, f1BandwidthScale: 3,
        higherBandwidthScale: 1.5)

    /// The four built-in styles in the published order: default, friendly, sad, whispering.
    public static let builtIn: [SpeakingStyle] = [.default, .friendly, .sad, .whispering]

    /// The built-in style called `name`.
    /// - Throws: ``SpeakerError/unknownStyle(_:allowed:)`` naming the built-in styles.
    public static func named(_ name: String) throws -> SpeakingStyle {
        guard let style = builtIn.first(where: { $0.name == name }) else {
            throw SpeakerError.unknownStyle(name, allowed: builtIn.map(\.name))
        }
        return style
    }

    /// One numeric field of a style: its key (in dataset.json and under a config's `styles:`),
    /// the field, and the closed range a valid value lies in.
    public struct NumericField: Sendable {
        /// The JSON and config key (`rate_scale`).
        public let key: String
        /// The style's field.
        public let path: WritableKeyPath<SpeakingStyle, Double> & Sendable
        /// The values ``SpeakingStyle/validate()`` accepts. Shifts and changes stay within what a
        /// voice can take on Klatt's scales (two octaves of F0, 60 dB of level); scales within
        /// 0.25...4 for F0 range and rate (the `speaking_rate` factor's range: beyond it an
        /// utterance takes minutes or vanishes) and 0.1...10 for bandwidths.
        public let allowed: ClosedRange<Double>
    }

    /// The numeric fields in JSON order: the additive changes (F0 shift, tilt, OQ, aspiration,
    /// level), then the scales (F0 range, rate, F1 bandwidth, higher bandwidths).
    public static let numericFields: [NumericField] = [
        NumericField(key: "f0_shift_semitones", path: \.f0ShiftSemitones, allowed: -24...24),
        NumericField(key: "tilt_change_db", path: \.tiltChangeDb, allowed: -60...60),
        NumericField(key: "open_quotient_change_percent", path: \.openQuotientChangePercent, allowed: -99...99),
        NumericField(key: "aspiration_change_db", path: \.aspirationChangeDb, allowed: -80...80),
        NumericField(key: "level_change_db", path: \.levelChangeDb, allowed: -60...60),
        NumericField(key: "f0_range_scale", path: \.f0RangeScale, allowed: 0.25...4),
        NumericField(key: "rate_scale", path: \.rateScale, allowed: 0.25...4),
        NumericField(key: "f1_bandwidth_scale", path: \.f1BandwidthScale, allowed: 0.1...10),
        NumericField(key: "higher_bandwidth_scale", path: \.higherBandwidthScale, allowed: 0.1...10),
    ]

    /// Every key a config may set for a style under `styles:`: the ``numericFields`` and
    /// `voiced`.
    public static let fieldKeys: [String] = numericFields.map(\.key) + ["voiced"]

    /// Throws ``SpeakerError/badStyle(style:field:reason:)`` for an empty name or a numeric
    /// field that is not a finite number in its ``NumericField/allowed`` range.
    public func validate() throws {
        guard !name.isEmpty else {
            throw SpeakerError.badStyle(style: name, field: "name", reason: "must not be empty")
        }
        for field in Self.numericFields {
            let value = self[keyPath: field.path]
            guard value.isFinite, field.allowed.contains(value) else {
                let range = "\(JSONValue.number(field.allowed.lowerBound).serialized())..."
                    + JSONValue.number(field.allowed.upperBound).serialized()
                throw SpeakerError.badStyle(style: name, field: field.key,
                                            reason: "\(JSONValue.number(value).serialized()) must be a number in \(range)")
            }
        }
    }

    /// The effective voice of `speaker` in this style: base F0 x 2^(shift / 12), F0 range and
    /// rate scaled, TL and AH changed and kept >= 0, OQ changed and kept in 1...100; vocal-tract
    /// length and flutter unchanged; level, voicing and bandwidth scales are read from the
    /// result's ``VoiceSettings/style``.
    public func apply(to speaker: Speaker) -> VoiceSettings {
        var voice = speaker
        voice.baseF0Hz = speaker.baseF0Hz * pow(2, f0ShiftSemitones / 12)
        voice.f0RangeSemitones = speaker.f0RangeSemitones * f0RangeScale
        voice.speakingRate = speaker.speakingRate * rateScale
        voice.spectralTiltDb = max(0, speaker.spectralTiltDb + tiltChangeDb)
        voice.openQuotientPercent = min(100, max(1, speaker.openQuotientPercent + openQuotientChangePercent))
        voice.aspirationDb = max(0, speaker.aspirationDb + aspirationChangeDb)
        return VoiceSettings(voice: voice, style: self)
    }

    /// The style as a JSON object for dataset.json: `name`, the ``numericFields`` in order
    /// (additive changes, then scales), then `voiced`.
    public var json: JSONValue {
        .object([("name", .string(name))] + Self.numericFields.map { ($0.key, .number(self[keyPath: $0.path])) }
            + [("voiced", .bool(voiced))])
    }
}

/// The effective voice parameters of one speaker in one style: what the rules read when they
/// build an utterance's parameter frames. The transformed speaker parameters are in
/// ``voice``; what a style adds beyond them (level change, voicing, bandwidth scales) is read
/// from ``style``. Made by ``SpeakingStyle/apply(to:)`` (the memberwise initialiser is internal).
public struct VoiceSettings: Sendable, Hashable {
    /// The speaker with the style applied (same id and gender; units as in ``Speaker``).
    public var voice: Speaker
    /// The style that was applied; its ``SpeakingStyle/levelChangeDb``,
    /// ``SpeakingStyle/voiced``, ``SpeakingStyle/f1BandwidthScale`` and
    /// ``SpeakingStyle/higherBandwidthScale`` act on the frames directly.
    public var style: SpeakingStyle

    /// The settings as the voice's JSON object followed by `style`, the style's object.
    public var json: JSONValue {
        guard case let .object(pairs) = voice.json else { return voice.json }
        return .object(pairs + [("style", style.json)])
    }
}
