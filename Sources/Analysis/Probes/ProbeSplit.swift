import SynCore

/// A fixed train/test split of item indices, shared by every layer so probe scores at
/// different depths are comparable.
public struct ProbeSplit: Sendable {
    /// Training rows, ascending.
    public let train: [Int]
    /// Held-out rows, ascending.
    public let test: [Int]

    /// Wraps explicit index lists (for example a split saved with a fixture).
    public init(train: [Int], test: [Int]) {
        self.train = train
        self.test = test
    }

    /// A seeded held-out split of `0..<count`: a Fisher–Yates shuffle drawn from
    /// `Xoshiro256StarStar(seed: seed)`, the first `round(count * testFraction)` (at least 1,
    /// and leaving at least 1 for training) become the test rows.
    public static func heldOut(count: Int, testFraction: Double = 0.2, seed: UInt64) -> ProbeSplit {
        precondition(count >= 2, "a split needs at least two items")
        precondition(testFraction > 0 && testFraction < 1, "testFraction must lie in (0, 1)")
        var order = Array(0..<count)
        var rng = Xoshiro256StarStar(seed: seed)
        ManifoldSample.shuffle(&order, rng: &rng)
        let testCount = min(count - 1, max(1, Int((Double(count) * testFraction).rounded())))
        return ProbeSplit(train: order[testCount...].sorted(), test: order[..<testCount].sorted())
    }
}
