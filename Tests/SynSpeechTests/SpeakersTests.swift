import SynCore
import Foundation
import Testing
@testable import SynSpeech

/// The speaker population and speaking styles of specs/synspeech.md, "Factors".
@Suite struct SpeakersTests {
    /// A population whose every range is collapsed to its lower bound: one speaker per gender.
    static func collapsed(_ balance: GenderBalance = .alternating) -> SpeakerPopulation {
        var population = SpeakerPopulation(balance: balance)
        for parameter in SpeakerParameter.allCases {
            population.female[parameter].upper = population.female[parameter].lower
            population.male[parameter].upper = population.male[parameter].lower
        }
        return population
    }

    // MARK: Population

    @Test func drawIsDeterministicPerSeedAndDiffersAcrossSeeds() throws {
        let population = SpeakerPopulation()
        let a = try population.draw(count: 40, seed: 7)
        let b = try population.draw(count: 40, seed: 7)
        let c = try population.draw(count: 40, seed: 8)
        #expect(a == b)
        #expect(a != c)
        #expect(a.map(\.id) == Array(0..<40))
        // A prefix of a larger draw: speaker i does not depend on how many come after it.
        #expect(Array(try population.draw(count: 60, seed: 7).prefix(40)) == a)
    }

    @Test func speakerStreamIsTheReservedDatasetStream() throws {
        var rng = Xoshiro256StarStar.item(seed: 99, index: UInt64.max - SpeakerPopulation.streamReservation)
        let range = SpeakerParameter.baseF0.defaultRange(for: .female)
        let expected = range.value(level: rng.nextInt(below: range.levels))
        #expect(try SpeakerPopulation().draw(count: 1, seed: 99)[0].baseF0Hz == expected)
    }

    @Test func rangesRespectedPerGender() throws {
        let speakers = try SpeakerPopulation().draw(count: 400, seed: 3)
        #expect(speakers.filter { $0.gender == .female }.count == 200)
        for s in speakers {
            #expect(s.gender == (s.id % 2 == 0 ? .female : .male))
            if s.gender == .male {
                #expect((85...155).contains(s.baseF0Hz))
                #expect((15.5...18.5).contains(s.vocalTractLengthCm))
            } else {
                #expect((165...255).contains(s.baseF0Hz))
                #expect((13.5...16).contains(s.vocalTractLengthCm))
            }
            for parameter in SpeakerParameter.allCases {
                let range = parameter.defaultRange(for: s.gender)
                #expect((range.lower...range.upper).contains(s[parameter]), "\(parameter.key)")
                let steps = (s[parameter] - range.lower) / range.step
                #expect(abs(steps - steps.rounded()) < 1e-6, "\(parameter.key) off the grid")
            }
        }
        // The draw reaches both ends of a range.
        let maleF0 = speakers.filter { $0.gender == .male }.map(\.baseF0Hz)
        #expect(maleF0.min()! < 95 && maleF0.max()! > 145)
    }

    @Test func quantisedValuesPrintAsDecimals() {
        let vtl = SpeakerParameter.vocalTractLength.defaultRange(for: .male)
        #expect(vtl.levels == 61)
        #expect(vtl.value(level: 7) == 15.85)
        #expect(vtl.value(level: 60) == 18.5)
        #expect(JSONValue.number(vtl.value(level: 7)).serialized() == "15.85")
    }

    @Test func speakersDistinctAfterQuantisation() throws {
        // A narrow population (2 x 2 x 2 levels per gender, 8 each) drawn to capacity: every
        // redraw path is exercised and all 16 speakers must differ.
        var population = Self.collapsed()
        for parameter in [SpeakerParameter.baseF0, .vocalTractLength, .openQuotient] {
            population.female[parameter].upper = population.female[parameter].lower + population.female[parameter].step
            population.male[parameter].upper = population.male[parameter].lower + population.male[parameter].step
        }
        #expect(population.maximumCount == 16)
        let speakers = try population.draw(count: 16, seed: 11)
        let keys = Set(speakers.map { s in [s.gender == .female ? 0 : 1] + SpeakerParameter.allCases.map { s[$0] } })
        #expect(keys.count == 16)
        let large = try SpeakerPopulation().draw(count: 500, seed: 1)
        #expect(Set(large.map { s in SpeakerParameter.allCases.map { s[$0] } }).count == 500)
    }

    @Test func tooManySpeakersForCollapsedPopulationIsOneLineError() throws {
        let population = Self.collapsed()
        #expect(population.maximumCount == 2)
        #expect(try population.draw(count: 2, seed: 0).count == 2)
        let error = #expect(throws: SpeakerError.self) { try population.draw(count: 3, seed: 0) }
        #expect(error == .tooManySpeakers(requested: 3, maximum: 2, balance: "alternating"))
        let message = error?.description ?? ""
        #expect(message.contains("3") && message.contains("at most 2"))
        #expect(!message.contains("\n"))
        #expect(Self.collapsed(.female).maximumCount == 1)
        #expect(throws: SpeakerError.tooManySpeakers(requested: 2, maximum: 1, balance: "male")) {
            try Self.collapsed(.male).draw(count: 2, seed: 0)
        }
    }

    @Test func alternatingMaximumIsLimitedByEachGender() {
        var population = Self.collapsed()
        population.male[.flutter].upper = population.male[.flutter].lower + 4  // 5 male levels
        // 1 female: N <= 2 whatever the male capacity.
        #expect(population.maximumCount == 2)
        population.female[.flutter].upper = population.female[.flutter].lower + 9  // 10 female
        // 5 male allows N <= 11; 10 female allows N <= 20.
        #expect(population.maximumCount == 11)
        #expect(SpeakerPopulation().maximumCount > 1_000_000)
    }

    @Test func invalidRangesAndCountsAreOneLineErrors() throws {
        var population = SpeakerPopulation()
        population.female[.baseF0] = ParameterRange(250, 200, step: 0.5)
        #expect(throws: SpeakerError.self) { try population.draw(count: 1, seed: 0) }
        population = SpeakerPopulation()
        population.male[.vocalTractLength].step = 0
        #expect(throws: SpeakerError.self) { try population.draw(count: 1, seed: 0) }
        population = SpeakerPopulation()
        population.male[.openQuotient] = ParameterRange(40, 120, step: 1)
        do {
            try population.validate()
            Issue.record("OQ above 100 % accepted")
        } catch {
            #expect("\(error)" == "speaker population, male open_quotient_percent: bounds 40.0 ... 120.0 must lie in 1.0 ... 100.0")
        }
        #expect(throws: SpeakerError.negativeCount(-1)) { try SpeakerPopulation().draw(count: -1, seed: 0) }
        #expect(try SpeakerPopulation().draw(count: 0, seed: 0).isEmpty)
    }

    @Test func jsonHoldsEveryParameter() throws {
        let speaker = try SpeakerPopulation().draw(count: 2, seed: 5)[1]
        let json = speaker.json
        #expect(json["id"] == .integer(1))
        #expect(json["gender"] == .string("male"))
        for key in ["base_f0_hz", "f0_range_semitones", "vocal_tract_length_cm", "open_quotient_percent",
                    "spectral_tilt_db", "aspiration_db", "flutter_percent", "speaking_rate"] {
            #expect(json[key]?.doubleValue != nil, "\(key)")
        }
        for parameter in SpeakerParameter.allCases {
            #expect(json[parameter.key]?.doubleValue == speaker[parameter])
        }
        #expect(try JSONValue.parse(json.serialized()).serialized() == json.serialized())
        let population = SpeakerPopulation().json
        #expect(population["balance"] == .string("alternating"))
        #expect(population["male"]?["base_f0_hz"]?["lower"]?.doubleValue == 85)
        #expect(population["female"]?["vocal_tract_length_cm"]?["upper"]?.doubleValue == 16)
    }

    @Test func formantScaleIsReferenceOverLength() {
        var speaker = Speaker(
            id: 0, gender: .female, baseF0Hz: 200, f0RangeSemitones: 6, vocalTractLengthCm: 14,
            openQuotientPercent: 60, spectralTiltDb: 8, aspirationDb: 30, flutterPercent: 25,
            speakingRate: 1)
        #expect(speaker.formantScale(referenceLengthCm: 17.5) == 1.25)
        speaker[.vocalTractLength] = 17.5
        #expect(speaker.formantScale(referenceLengthCm: 17.5) == 1)
    }

    // MARK: Styles

    static let reference = Speaker(
        id: 3, gender: .male, baseF0Hz: 120, f0RangeSemitones: 5, vocalTractLengthCm: 17,
        openQuotientPercent: 50, spectralTiltDb: 4, aspirationDb: 20, flutterPercent: 25,
        speakingRate: 1)

    @Test func defaultStyleLeavesTheVoiceUnchanged() {
        let settings = SpeakingStyle.default.apply(to: Self.reference)
        #expect(settings.voice == Self.reference)
        #expect(settings.style.voiced && settings.style.levelChangeDb == 0)
        #expect(settings.style.f1BandwidthScale == 1 && settings.style.higherBandwidthScale == 1)
    }

    @Test func friendlyIsHigherWiderFasterBrighter() {
        let v = SpeakingStyle.friendly.apply(to: Self.reference).voice
        let r = Self.reference
        #expect(v.baseF0Hz > r.baseF0Hz && v.f0RangeSemitones > r.f0RangeSemitones)
        #expect(v.speakingRate > r.speakingRate && v.speakingRate < 1.1 * r.speakingRate)
        #expect(v.spectralTiltDb < r.spectralTiltDb)
        #expect(abs(v.baseF0Hz - 120 * pow(2, 2.0 / 12)) < 1e-9)
    }

    @Test func sadIsLowerNarrowerSlowerBreathierQuieter() {
        let settings = SpeakingStyle.sad.apply(to: Self.reference)
        let v = settings.voice
        let r = Self.reference
        #expect(v.baseF0Hz < r.baseF0Hz && v.f0RangeSemitones < r.f0RangeSemitones)
        #expect(v.speakingRate < r.speakingRate)
        #expect(v.openQuotientPercent > r.openQuotientPercent && v.aspirationDb > r.aspirationDb)
        #expect(v.spectralTiltDb > r.spectralTiltDb)
        #expect(settings.style.levelChangeDb < 0 && settings.style.voiced)
        #expect(v.vocalTractLengthCm == r.vocalTractLengthCm && v.flutterPercent == r.flutterPercent)
    }

    @Test func whisperingIsUnvoicedWideBandwidthAndQuieter() {
        let settings = SpeakingStyle.whispering.apply(to: Self.reference)
        #expect(!settings.style.voiced)
        #expect(settings.style.f1BandwidthScale == 3 && settings.style.higherBandwidthScale == 1.5)
        #expect(settings.style.f1BandwidthScale > settings.style.higherBandwidthScale)
        #expect(settings.style.levelChangeDb < 0)
    }

    @Test func styleResultsStayInBounds() {
        var style = SpeakingStyle(name: "extreme", tiltChangeDb: -50, openQuotientChangePercent: 80,
                                  aspirationChangeDb: -50)
        var v = style.apply(to: Self.reference).voice
        #expect(v.spectralTiltDb == 0 && v.aspirationDb == 0 && v.openQuotientPercent == 100)
        style.openQuotientChangePercent = -80
        v = style.apply(to: Self.reference).voice
        #expect(v.openQuotientPercent == 1)
    }

    @Test func stylesAreOverridableNamedAndValidated() throws {
        var sad = try SpeakingStyle.named("sad")
        #expect(sad == .sad)
        sad.f0ShiftSemitones = -5
        #expect(sad.apply(to: Self.reference).voice.baseF0Hz < SpeakingStyle.sad.apply(to: Self.reference).voice.baseF0Hz)
        #expect(SpeakingStyle.builtIn.map(\.name) == ["default", "friendly", "sad", "whispering"])
        #expect(throws: SpeakerError.unknownStyle("angry", allowed: ["default", "friendly", "sad", "whispering"])) {
            try SpeakingStyle.named("angry")
        }
        for style in SpeakingStyle.builtIn { try style.validate() }
        sad.f1BandwidthScale = 0
        #expect(throws: SpeakerError.badStyle(style: "sad", field: "f1_bandwidth_scale", reason: "0 must be a number in 0.1...10")) {
            try sad.validate()
        }
        sad.f1BandwidthScale = 1
        sad.levelChangeDb = .nan
        #expect(throws: SpeakerError.self) { try sad.validate() }
    }

    @Test func styleAndSettingsJSONHoldEveryField() throws {
        let json = SpeakingStyle.whispering.json
        for key in ["name", "f0_shift_semitones", "f0_range_scale", "rate_scale", "tilt_change_db",
                    "open_quotient_change_percent", "aspiration_change_db", "level_change_db", "voiced",
                    "f1_bandwidth_scale", "higher_bandwidth_scale"] {
            #expect(json[key] != nil, "\(key)")
        }
        #expect(json["voiced"] == .bool(false))
        #expect(json["f1_bandwidth_scale"]?.doubleValue == 3)
        let settings = SpeakingStyle.sad.apply(to: Self.reference).json
        for parameter in SpeakerParameter.allCases { #expect(settings[parameter.key] != nil) }
        #expect(settings["style"]?["name"] == .string("sad"))
        #expect(settings["style"]?["level_change_db"]?.doubleValue == -4)
        #expect(try JSONValue.parse(settings.serialized()).serialized() == settings.serialized())
    }
}
