import SynCore

/// The rows of a stored dataset indexed by factor value: for each factor `k` and each distinct
/// value `v` of it, the rows with `y_k = v`.
///
/// Intervention metrics (FactorVAE and BetaVAE scores) need batches of points that share one
/// factor's value while the other factors vary. With a generator in process they render such
/// batches; with a stored dataset they draw rows from these groups instead.
///
/// Whether stored rows can stand in for the generator is decided by ``samplingSupport(batchSize:)``
/// with this rule: the rows support "fix factor `k`, vary the rest" sampling when
/// 1. they form a full-factorial grid: every combination of the factors' distinct values occurs
///    in at least one row (then each group holds every combination of the other factors), or
/// 2. every value of every factor has at least `batchSize` rows (so a batch is not a handful of
///    repeated rows).
///
/// Rows are drawn uniformly, with replacement, from a group. On a balanced grid (each
/// combination equally often) this is the reference's uniform distribution over the other
/// factors exactly.
public struct FactorGroups: Sendable {
    /// Number of rows indexed.
    public let rowCount: Int
    /// Number of factors.
    public let factorCount: Int
    /// Distinct values of each factor, ascending.
    public let values: [[Int]]
    /// Row indices grouped by value: factor `k`'s rows occupy `members[k*rowCount ..< (k+1)*rowCount]`,
    /// sorted by value then by row.
    let members: [Int]
    /// For factor `k`, group `j` is `members[k*rowCount + groupStart[k][j] ..< k*rowCount + groupStart[k][j+1]]`.
    let groupStart: [[Int]]
    /// Row-major `[rowCount, factorCount]`: the position of row `i`'s value of factor `k` in `values[k]`.
    let groupIndex: [Int]

    /// Indexes `factors` (labels must be non-negative, as ``MetricInput`` guarantees).
    public init(_ factors: FactorMatrix) {
        let n = factors.rows, k = factors.columns
        rowCount = n
        factorCount = k
        var values = [[Int]]()
        var starts = [[Int]]()
        var members = [Int](repeating: 0, count: n * k)
        var groupIndex = [Int](repeating: 0, count: n * k)
        for f in 0..<k {
            let column = factors.column(f)
            let distinct = Array(Set(column)).sorted()
            var position = [Int: Int](minimumCapacity: distinct.count)
            for (j, v) in distinct.enumerated() { position[v] = j }
            var counts = [Int](repeating: 0, count: distinct.count)
            for i in 0..<n {
                let j = position[column[i]] ?? 0
                groupIndex[i * k + f] = j
                counts[j] += 1
            }
            var start = [Int](repeating: 0, count: distinct.count + 1)
            for j in 0..<distinct.count { start[j + 1] = start[j] + counts[j] }
            var fill = Array(start.dropLast())
            for i in 0..<n {
                let j = groupIndex[i * k + f]
                members[f * n + fill[j]] = i
                fill[j] += 1
            }
            values.append(distinct)
            starts.append(start)
        }
        self.values = values
        self.groupStart = starts
        self.members = members
        self.groupIndex = groupIndex
    }

    /// The rows whose factor `factor` equals `values[factor][valueIndex]`, ascending.
    public func rows(factor: Int, valueIndex: Int) -> ArraySlice<Int> {
        let base = factor * rowCount
        return members[base + groupStart[factor][valueIndex]..<base + groupStart[factor][valueIndex + 1]]
    }

    /// How many rows have factor `factor` equal to `values[factor][valueIndex]`.
    public func count(factor: Int, valueIndex: Int) -> Int {
        groupStart[factor][valueIndex + 1] - groupStart[factor][valueIndex]
    }

    /// The number of factor-value combinations absent from the rows (0 for a full-factorial
    /// grid). Combinations are those of the distinct values each factor takes in the rows;
    /// `Int.max` when their number overflows `Int`.
    public var missingCombinations: Int {
        var combinations = 1
        for v in values {
            let (product, overflow) = combinations.multipliedReportingOverflow(by: v.count)
            if overflow { return Int.max }
            combinations = product
        }
        var present = Set<Int>(minimumCapacity: min(rowCount, combinations))
        for i in 0..<rowCount {
            var code = 0
            for f in 0..<factorCount { code = code * values[f].count + groupIndex[i * factorCount + f] }
            present.insert(code)
        }
        return combinations - present.count
    }

    /// True when every combination of the factors' values occurs in some row.
    public var isFullFactorial: Bool { missingCombinations == 0 }

    /// The factor and value with the fewest rows (first such in factor, then value order).
    public var smallestGroup: (factor: Int, value: Int, rows: Int) {
        var best = (factor: 0, value: values.first?.first ?? 0, rows: Int.max)
        for f in 0..<factorCount {
            for j in 0..<values[f].count where count(factor: f, valueIndex: j) < best.rows {
                best = (f, values[f][j], count(factor: f, valueIndex: j))
            }
        }
        return best
    }

    /// Why stored rows can (or cannot) stand in for "fix one factor, vary the rest" sampling.
    public enum SamplingSupport: Sendable, Equatable {
        /// Every combination of factor values is present.
        case fullFactorial
        /// Not a full grid, but every value of every factor has at least the batch size of rows.
        case largeGroups
        /// Neither: `factor`'s `value` has only `rows` rows and `missing` combinations are absent.
        case insufficient(factor: Int, value: Int, rows: Int, missing: Int)
    }

    /// Applies the rule in the type's documentation for batches of `batchSize` rows.
    public func samplingSupport(batchSize: Int) -> SamplingSupport {
        let missing = missingCombinations
        if missing == 0 { return .fullFactorial }
        let smallest = smallestGroup
        if smallest.rows >= batchSize { return .largeGroups }
        return .insufficient(factor: smallest.factor, value: smallest.value, rows: smallest.rows, missing: missing)
    }

    /// Checks ``samplingSupport(batchSize:)`` and returns it.
    ///
    /// - Throws: ``MetricsInputError`` naming `metric`, the factor (by `factorNames`) and the value
    ///   with too few rows, when the rows support neither kind of sampling.
    public func requireSampling(batchSize: Int, factorNames: [String], metric: String) throws -> SamplingSupport {
        let support = samplingSupport(batchSize: batchSize)
        if case let .insufficient(factor, value, rows, missing) = support {
            let name = factor < factorNames.count ? factorNames[factor] : "factor_\(factor)"
            let grid = missing == Int.max
                ? "the factor-value combinations outnumber any dataset"
                : "\(missing) factor-value combinations are missing"
            throw MetricsInputError("\(metric): factor '\(name)' value \(value) has only \(rows) rows and the rows are not a full-factorial grid (\(grid)); fix-one-factor sampling needs every combination of factor values present or at least \(batchSize) rows (the batch size) for every value of every factor")
        }
        return support
    }
}

extension FactorGroups {
    /// The seed of one metric's random streams: the first draw of the dataset-level stream
    /// `metric` of `seed`, so metrics sharing `options.seed` do not share draws.
    public static func metricSeed(_ seed: UInt64, metric: UInt64) -> UInt64 {
        var rng = Xoshiro256StarStar.dataset(seed: seed, reserved: metric)
        return rng.next()
    }
}

extension FactorGroups.SamplingSupport {
    /// One phrase for the JSON settings: which rule admitted the rows.
    public var summary: String {
        switch self {
        case .fullFactorial: return "stored rows, full-factorial grid"
        case .largeGroups: return "stored rows, every factor value has at least the batch size of rows"
        case let .insufficient(factor, value, rows, _):
            return "insufficient: factor \(factor) value \(value) has \(rows) rows"
        }
    }
}
