/// The score of one probe on a held-out split.
public struct ProbeScore: Sendable, Equatable {
    /// Test accuracy (classification, fraction in [0, 1]) or test R^2 (regression).
    public var value: Double
    /// Chance level: the test split's majority-class frequency for classification, 0 for R^2.
    public var chance: Double

    /// Wraps a score and its chance level.
    public init(value: Double, chance: Double) {
        self.value = value
        self.chance = chance
    }

    /// The majority-class frequency of `labels` (0 for none).
    static func majorityFrequency(_ labels: [Int]) -> Double {
        guard !labels.isEmpty else { return 0 }
        var counts: [Int: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        return Double(counts.values.max() ?? 0) / Double(labels.count)
    }
}
