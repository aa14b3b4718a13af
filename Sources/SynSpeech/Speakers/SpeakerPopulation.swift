import SynCore

/// A closed range of one speaker parameter, quantised: the values a speaker can take are
/// `lower + k * step` for k = 0 ... ``levels`` - 1, never above `upper`. A range with
/// `lower == upper` is collapsed: one value.
public struct ParameterRange: Sendable, Hashable {
    /// Smallest value (in the parameter's unit).
    public var lower: Double
    /// Largest value (in the parameter's unit); `upper >= lower`.
    public var upper: Double
    /// Quantisation step (> 0, in the parameter's unit).
    public var step: Double

    /// Most levels a range may have, so level counts and their products stay exact integers.
    public static let maximumLevels = 1_000_000_000

    /// The range `lower ... upper` quantised at `step`.
    public init(_ lower: Double, _ upper: Double, step: Double) {
        self.lower = lower
        self.upper = upper
        self.step = step
    }

    /// How many quantised values the range holds (valid ranges only; a 1e-9 tolerance
    /// keeps `upper` itself when rounding leaves it a hair beyond the last step).
    public var levels: Int {
        Int(((upper - lower) / step + 1e-9).rounded(.down)) + 1
    }

    /// The value of level `k`, rounded to 9 decimals so that values print as the decimals
    /// they are (15.5 + 7 * 0.05 is 15.85, not 15.850000000000001).
    public func value(level k: Int) -> Double {
        ((lower + Double(k) * step) * 1e9).rounded() / 1e9
    }

    /// Throws ``SpeakerError/badRange(parameter:gender:reason:)`` unless the bounds are
    /// finite, ordered, inside `allowed`, and the step is positive with at most
    /// ``maximumLevels`` levels.
    func validate(_ parameter: SpeakerParameter, _ gender: Gender, allowed: ClosedRange<Double>) throws {
        func fail(_ reason: String) -> SpeakerError {
            .badRange(parameter: parameter.key, gender: gender.rawValue, reason: reason)
        }
        guard lower.isFinite, upper.isFinite, lower <= upper else {
            throw fail("bounds \(lower) ... \(upper) must be finite numbers with lower <= upper")
        }
        guard allowed.contains(lower), allowed.contains(upper) else {
            throw fail("bounds \(lower) ... \(upper) must lie in \(allowed.lowerBound) ... \(allowed.upperBound)")
        }
        guard step.isFinite, step > 0, (upper - lower) / step < Double(Self.maximumLevels) else {
            throw fail("step \(step) must be positive and give at most \(Self.maximumLevels) levels")
        }
    }

    /// The range as `{"lower", "upper", "step"}`.
    public var json: JSONValue {
        .object([("lower", .number(lower)), ("upper", .number(upper)), ("step", .number(step))])
    }
}

/// The ranges of every ``SpeakerParameter`` for one gender; always complete.
public struct VoiceRanges: Sendable, Hashable {
    private var ranges: [ParameterRange]

    /// The default ranges of `gender` (``SpeakerParameter/defaultRange(for:)``).
    public init(defaultsFor gender: Gender) {
        ranges = SpeakerParameter.allCases.map { $0.defaultRange(for: gender) }
    }

    /// The range of `parameter`.
    public subscript(parameter: SpeakerParameter) -> ParameterRange {
        get { ranges[parameter.rawValue] }
        set { ranges[parameter.rawValue] = newValue }
    }

    /// How many distinct speakers these ranges hold: the product of the level counts,
    /// saturating at `Int.max`.
    public var capacity: Int {
        ranges.reduce(1) { product, range in
            let (p, overflow) = product.multipliedReportingOverflow(by: range.levels)
            return overflow ? Int.max : p
        }
    }

    /// Every parameter's range under its key.
    public var json: JSONValue {
        .object(SpeakerParameter.allCases.map { ($0.key, self[$0].json) })
    }
}

/// How genders are assigned to speakers. Genders are never drawn at random: a dataset's
/// gender split is then exact (the published SynSpeech releases are about balanced), and the
/// population's capacity check can be made before drawing.
public enum GenderBalance: String, Sendable, Hashable, CaseIterable {
    /// Speaker 0 female, 1 male, 2 female, ...: ceil(N/2) female and floor(N/2) male.
    case alternating
    /// Every speaker female.
    case female
    /// Every speaker male.
    case male

    /// The gender of speaker `index`.
    public func gender(ofSpeaker index: Int) -> Gender {
        switch self {
        case .alternating: return index % 2 == 0 ? .female : .male
        case .female: return .female
        case .male: return .male
        }
    }

    /// The largest speaker count whose speakers of each gender fit in that gender's capacity.
    func maximumCount(femaleCapacity f: Int, maleCapacity m: Int) -> Int {
        switch self {
        case .alternating:
            // ceil(n/2) <= f and floor(n/2) <= m, i.e. n <= 2f and n <= 2m + 1 (saturating).
            let byFemale = f > Int.max / 2 ? Int.max : 2 * f
            let byMale = m >= Int.max / 2 ? Int.max : 2 * m + 1
            return min(byFemale, byMale)
        case .female: return f
        case .male: return m
        }
    }
}

/// The speaker population model of specs/synspeech.md ("Factors"): per-gender quantised
/// ranges of every ``SpeakerParameter`` and a ``GenderBalance``. A dataset draws its speakers
/// once, from a dataset-level stream, so every shard and resume sees the same speakers.
public struct SpeakerPopulation: Sendable, Hashable {
    /// Ranges for female speakers.
    public var female: VoiceRanges
    /// Ranges for male speakers.
    public var male: VoiceRanges
    /// How genders are assigned.
    public var balance: GenderBalance

    /// The reservation k of the speaker draw's dataset-level stream,
    /// `Xoshiro256StarStar.dataset(seed:reserved:)`, i.e. item index `UInt64.max - k`
    /// (specs/reproducibility.md). The ASCII bytes of "SPKR", so it collides neither with an
    /// item stream nor with small reservations other dataset-level draws use.
    public static let streamReservation: UInt64 = 0x5350_4B52

    /// Bounds a valid range must lie in, per parameter: physical limits (F0 and tract length
    /// positive, OQ a percentage, levels on Klatt's 0...80 dB scale, rate positive), not
    /// plausibility.
    static func allowedBounds(_ parameter: SpeakerParameter) -> ClosedRange<Double> {
        switch parameter {
        case .baseF0: return 20...1000
        case .f0Range: return 0...24
        case .vocalTractLength: return 5...30
        case .openQuotient: return 1...100
        case .spectralTilt, .aspiration: return 0...80
        case .flutter: return 0...100
        case .speakingRate: return 0.1...10
        }
    }

    /// The default population: every parameter's ``SpeakerParameter/defaultRange(for:)``,
    /// genders alternating.
    public init(
        female: VoiceRanges = VoiceRanges(defaultsFor: .female),
        male: VoiceRanges = VoiceRanges(defaultsFor: .male),
        balance: GenderBalance = .alternating
    ) {
        self.female = female
        self.male = male
        self.balance = balance
    }

    /// The ranges of `gender`.
    public func ranges(for gender: Gender) -> VoiceRanges {
        gender == .female ? female : male
    }

    /// Throws ``SpeakerError/badRange(parameter:gender:reason:)`` for the first invalid range.
    public func validate() throws {
        for gender in Gender.allCases {
            for parameter in SpeakerParameter.allCases {
                try ranges(for: gender)[parameter].validate(parameter, gender, allowed: Self.allowedBounds(parameter))
            }
        }
    }

    /// The most distinct speakers this population gives under its gender balance.
    public var maximumCount: Int {
        balance.maximumCount(femaleCapacity: female.capacity, maleCapacity: male.capacity)
    }

    /// Draws `count` distinct speakers (ids 0 ..< count) deterministically from `seed`.
    ///
    /// Speaker i's gender comes from ``balance``. Its parameters are drawn from the stream
    /// `Xoshiro256StarStar.dataset(seed: seed, reserved: streamReservation)`, speaker by
    /// speaker, one `nextInt(below: levels)` per ``SpeakerParameter`` in declaration order: a
    /// uniform level of the quantised range. A speaker whose levels all equal an earlier
    /// speaker's of the same gender is redrawn (a whole new tuple from the same stream) until
    /// it is new, so speakers are distinct after quantisation. Rejection costs about
    /// C ln C draws in the worst case (count equal to the capacity C).
    ///
    /// - Throws: ``SpeakerError/negativeCount(_:)``, ``SpeakerError/badRange(parameter:gender:reason:)``,
    ///   or ``SpeakerError/tooManySpeakers(requested:maximum:balance:)`` when more speakers are
    ///   asked for than the quantised population holds.
    public func draw(count: Int, seed: UInt64) throws -> [Speaker] {
        guard count >= 0 else { throw SpeakerError.negativeCount(count) }
        try validate()
        let maximum = maximumCount
        guard count <= maximum else {
            throw SpeakerError.tooManySpeakers(requested: count, maximum: maximum, balance: balance.rawValue)
        }
        var rng = Xoshiro256StarStar.dataset(seed: seed, reserved: Self.streamReservation)
        var seen: Set<[Int]> = []
        var speakers: [Speaker] = []
        speakers.reserveCapacity(count)
        for id in 0..<count {
            let gender = balance.gender(ofSpeaker: id)
            let ranges = ranges(for: gender)
            var levels: [Int]
            repeat {
                levels = [gender == .female ? 0 : 1]
                    + SpeakerParameter.allCases.map { rng.nextInt(below: ranges[$0].levels) }
            } while !seen.insert(levels).inserted
            var speaker = Speaker(
                id: id, gender: gender, baseF0Hz: 0, f0RangeSemitones: 0, vocalTractLengthCm: 0,
                openQuotientPercent: 0, spectralTiltDb: 0, aspirationDb: 0, flutterPercent: 0,
                speakingRate: 0)
            for parameter in SpeakerParameter.allCases {
                speaker[parameter] = ranges[parameter].value(level: levels[1 + parameter.rawValue])
            }
            speakers.append(speaker)
        }
        return speakers
    }

    /// The population as `{"balance", "female", "male"}` for dataset.json.
    public var json: JSONValue {
        .object([("balance", .string(balance.rawValue)), ("female", female.json), ("male", male.json)])
    }
}
