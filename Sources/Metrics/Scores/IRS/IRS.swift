import SynCore

/// The Interventional Robustness Score (Suter et al. 2019, "Robustly Disentangled Causal
/// Mechanisms: Validating Deep Representations for Interventional Robustness"), as
/// disentanglement_lib's `irs.py` computes it, on all rows of `input.codes` / `input.factors`
/// (the reference draws its 10000 points at random, with no fixed-factor batches, so any
/// stored sample serves and no ``FactorGroups`` check applies).
///
/// 1. Each factor is discretized like a code: ``HistogramDiscretizer`` with `options.bins`
///    (reference: 20 equal-width bins over the factor's range).
/// 2. Codes with zero variance are dropped (`var > 0` as numpy computes it).
/// 3. For each factor `k` and each of its binned values `v`: `E[z | v]` = the mean code over the
///    rows in that bin, and the 0.99 quantile (numpy's default linear interpolation) of
///    `|z - E[z | v]|` over those rows, per code; averaged over the distinct binned values.
/// 4. Each code's deviations are divided by its largest `|z - mean z|` over all rows;
///    `IRS[l, k] = 1 - deviation`; a code's score is `max_k IRS[l, k]`.
/// 5. IRS = mean of the code scores weighted by their largest deviation (plain mean when all
///    deviations are 0). With no active code the score is 0 (the reference's convention) and
///    a note says so.
public enum IRS {
    /// The quantile of the within-value deviations (reference: 0.99; the paper's 1.0).
    public static let referenceQuantile = 0.99

    /// Computes the score.
    public static func compute(_ input: MetricInput, options: MetricOptions = .init(),
                               quantile: Double = referenceQuantile) throws -> IRSResult {
        guard quantile >= 0, quantile <= 1 else {
            throw MetricsInputError("irs: the deviation quantile is \(quantile); it must lie in [0, 1]")
        }
        let codes = input.codes, factors = input.factors
        let n = codes.rows, l = codes.columns, k = factors.columns
        try options.bins.validate(rows: n)
        let binned: [[Int]] = (0..<k).map { f in
            HistogramDiscretizer.labels(factors.column(f).map(Double.init), bins: options.bins)
        }
        let columns = (0..<l).map { codes.column($0) }
        let active = (0..<l).filter { c in
            let column = columns[c]
            let mean = column.reduce(0, +) / Double(n)
            var ss = 0.0
            for v in column { ss += (v - mean) * (v - mean) }
            return ss / Double(n) > 0
        }
        guard !active.isEmpty else {
            return IRSResult(score: 0, matrix: [], activeCodes: [], maxDeviations: [],
                             notes: ["every code is constant; the score is 0 by the reference's convention"],
                             bins: options.bins, quantile: quantile)
        }
        let maxDeviations: [Double] = active.map { c in
            let column = columns[c]
            let mean = column.reduce(0, +) / Double(n)
            var m = 0.0
            for v in column { m = max(m, abs(v - mean)) }
            return m
        }
        // deviation[f][a]: mean over binned values of factor f of the within-value quantile.
        let deviations: [[Double]] = parallelMap(k, jobs: max(1, options.jobs)) { f in
            let labels = binned[f]
            let distinct = Array(Set(labels)).sorted()
            var members = [[Int]](repeating: [], count: distinct.count)
            var position = [Int: Int](minimumCapacity: distinct.count)
            for (j, v) in distinct.enumerated() { position[v] = j }
            for i in 0..<n { members[position[labels[i]] ?? 0].append(i) }
            var cumulative = [Double](repeating: 0, count: active.count)
            var diffs = [Double]()
            for rows in members {
                for (a, c) in active.enumerated() {
                    let column = columns[c]
                    var mean = 0.0
                    for r in rows { mean += column[r] }
                    mean /= Double(rows.count)
                    diffs.removeAll(keepingCapacity: true)
                    for r in rows { diffs.append(abs(column[r] - mean)) }
                    diffs.sort()
                    cumulative[a] += IRS.linearQuantile(sorted: diffs, quantile)
                }
            }
            return cumulative.map { $0 / Double(distinct.count) }
        }
        var matrix = [[Double]](repeating: [Double](repeating: 0, count: k), count: active.count)
        var codeScores = [Double](repeating: 0, count: active.count)
        for a in 0..<active.count {
            for f in 0..<k { matrix[a][f] = 1 - deviations[f][a] / maxDeviations[a] }
            codeScores[a] = matrix[a].max() ?? 0
        }
        let weightSum = maxDeviations.reduce(0, +)
        let score: Double
        if weightSum > 0 {
            var s = 0.0
            for a in 0..<active.count { s += codeScores[a] * maxDeviations[a] }
            score = s / weightSum
        } else {
            score = codeScores.reduce(0, +) / Double(codeScores.count)
        }
        return IRSResult(score: score, matrix: matrix, activeCodes: active, maxDeviations: maxDeviations,
                         notes: [], bins: options.bins, quantile: quantile)
    }

    /// numpy's default ("linear") quantile of an ascending sample: position `q (n - 1)`,
    /// interpolated with numpy's `_lerp` (which switches form at `t >= 0.5` for accuracy).
    static func linearQuantile(sorted x: [Double], _ q: Double) -> Double {
        let n = x.count
        guard n > 1 else { return x.first ?? 0 }
        let position = q * Double(n - 1)
        let below = min(Int(position.rounded(.down)), n - 1)
        let above = min(below + 1, n - 1)
        let t = position - Double(below)
        let a = x[below], b = x[above]
        let difference = b - a
        return t >= 0.5 ? b - difference * (1 - t) : a + difference * t
    }
}

/// The IRS score with its per-code, per-factor matrix.
public struct IRSResult: MetricResult {
    /// The IRS (weighted mean over active codes of their best factor's robustness).
    public let score: Double
    /// `IRS[a, k]` for active code `activeCodes[a]` and factor `k`.
    public let matrix: [[Double]]
    /// Codes with nonzero variance.
    public let activeCodes: [Int]
    /// Largest `|z - mean z|` of each active code (the normaliser and weight).
    public let maxDeviations: [Double]
    /// Caveats (pruned codes, left-out factors, solver stops), one sentence each.
    public let notes: [String]
    let bins: MetricOptions.Bins
    let quantile: Double

    /// Each active code's score, `max_k IRS[a, k]`.
    public var codeScores: [Double] { matrix.map { $0.max() ?? 0 } }

    /// Each active code's factor with the largest IRS (first on ties).
    public var parents: [Int] {
        matrix.map { row in row.indices.max { row[$0] < row[$1] || (row[$0] == row[$1] && $0 > $1) } ?? 0 }
    }

    /// Headline scores under their JSON names.
    public var scores: [(name: String, value: Double?)] { [("score", score)] }

    /// Sample sizes, model and sampling rule used, for the JSON record.
    public var settings: [(String, JSONValue)] {
        let binning: JSONValue
        switch bins {
        case .fixed(let b): binning = .integer(b)
        case .auto: binning = .string("auto")
        }
        return [("factor_bins", binning), ("diff_quantile", .number(quantile)),
                ("sample", .string("all rows of codes/factors"))]
    }

    /// Intermediate results for the JSON record.
    public var details: [(String, JSONValue)] {
        [("num_active_dims", .integer(activeCodes.count)),
         ("active_codes", .array(activeCodes.map { .integer($0) })),
         ("irs_matrix", .matrix(matrix)),
         ("disentanglement_scores", .array(codeScores.map { .optionalNumber($0) })),
         ("parents", .array(parents.map { .integer($0) })),
         ("max_deviations", .array(maxDeviations.map { .optionalNumber($0) }))]
    }
}
