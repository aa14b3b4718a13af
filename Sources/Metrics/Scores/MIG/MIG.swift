import SynCore

/// Mutual Information Gap (Chen et al. 2018), as disentanglement_lib computes it.
///
/// With `M[l, k] = I(code_l binned; factor_k)` (``InformationMatrix``) and `H_k = H(factor_k)`:
/// `MIG_k = (M_(1)k - M_(2)k) / H_k`, the gap between the largest and second largest entry of
/// column `k`; the score is the plain mean over factors. Uses all rows of the input (the
/// reference's MIG sample).
///
/// A constant factor has `H_k = 0`, so its gap is undefined: its `MIG_k` is nil with a note,
/// and the score is the mean over the other factors (the reference would return NaN).
///
/// With `options.continuousFactors`, `M[l, k]` is the Kraskov-Stögbauer-Grassberger estimate
/// ``KSGMutualInformation`` between the raw code and the factor's numeric value
/// (`input.factorValues`, or the label itself when no values are given), and `H_k` stays the
/// plug-in entropy of the factor's labels: the grid of values the data set samples bounds
/// the information a code can carry about it. Per-factor gaps in nats are reported too.
public enum MIG {
    /// Computes MIG on `input.codes` / `input.factors`.
    ///
    /// - Throws: ``MetricsInputError`` with fewer than 2 codes (no second-best code), more
    ///   bins than rows, or (continuous factors) no more rows than KSG neighbours.
    public static func compute(_ input: MetricInput, options: MetricOptions = .init()) throws -> MIGResult {
        guard input.codes.columns >= 2 else {
            throw MetricsInputError("MIG needs at least 2 code columns to take a gap; got \(input.codes.columns)")
        }
        let info = try InformationMatrix(codes: input.codes, factors: input.factors, options: options)
        var matrix = info.mutualInformation
        var estimator = options.millerMadow ? "plug-in with Miller-Madow correction" : "plug-in (histogram)"
        if options.continuousFactors {
            guard input.codes.rows > KSGMutualInformation.defaultNeighbours else {
                throw MetricsInputError("continuous-factor MIG needs more than \(KSGMutualInformation.defaultNeighbours) rows for its nearest-neighbour estimate; got \(input.codes.rows)")
            }
            matrix = KSGMutualInformation.matrix(codes: input.codes, values: input.continuousFactorValues,
                                                 seed: options.seed, jobs: options.jobs)
            estimator = "KSG (Kraskov et al. 2004, estimator 1, k = \(KSGMutualInformation.defaultNeighbours))"
        }
        var perFactor = [Double?]()
        var gaps = [Double]()
        var notes = [String]()
        for k in 0..<matrix.columns {
            let column = (0..<matrix.rows).map { matrix[$0, k] }
            let (top, second, _) = TopTwo.of(column)
            gaps.append(top - second)
            let h = info.factorEntropy[k]
            if h > 0 {
                perFactor.append((top - second) / h)
            } else {
                perFactor.append(nil)
                notes.append("factor \(input.factorNames[k]) is constant, so its entropy is 0 and its MIG is undefined; the score averages the other factors")
            }
        }
        let defined = perFactor.compactMap { $0 }
        let score = defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
        var settings: [(String, JSONValue)] = [
            ("bins", info.binSetting),
            ("estimator", .string(estimator)),
            ("points", .integer(input.codes.rows)),
            ("sample", .string("all rows")),
        ]
        if options.continuousFactors {
            settings.append(("continuous_factors", .bool(true)))
            settings.append(("seed", .integer(Int(truncatingIfNeeded: options.seed))))
        }
        return MIGResult(score: score, perFactor: perFactor, gaps: gaps, mutualInformation: matrix,
                         factorEntropy: info.factorEntropy, factorNames: input.factorNames,
                         notes: notes, settings: settings)
    }
}

/// MIG's score, per-factor values and the matrices behind them.
public struct MIGResult: MetricResult {
    /// Mean MIG over the factors whose MIG is defined; nil when none is.
    public let score: Double?
    /// `MIG_k` per factor (nil for a constant factor).
    public let perFactor: [Double?]
    /// Unnormalised gaps `M_(1)k - M_(2)k` in nats.
    public let gaps: [Double]
    /// `M[l, k]` in nats, `[L, K]`.
    public let mutualInformation: Matrix
    /// `H(factor_k)` in nats.
    public let factorEntropy: [Double]
    /// Factor names, for the report.
    public let factorNames: [String]
    public let notes: [String]
    public let settings: [(String, JSONValue)]

    public var scores: [(name: String, value: Double?)] { [("score", score)] }
    public var details: [(String, JSONValue)] {
        [
            ("per_factor", .object(zip(factorNames, perFactor).map { ($0, .optionalNumber($1)) })),
            ("gap_nats", .array(gaps.map { .number($0) })),
            ("mutual_information", .matrix(mutualInformation.rowArrays)),
            ("factor_entropy", .array(factorEntropy.map { .number($0) })),
        ]
    }
}

/// The largest and second largest of a list, with the position of the largest (first one on
/// ties), as `np.sort(...)[::-1][:2]` and `np.argmax` give them.
enum TopTwo {
    static func of(_ values: [Double]) -> (top: Double, second: Double, argmax: Int) {
        precondition(values.count >= 2, "need at least two values")
        var best = 0
        for i in 1..<values.count where values[i] > values[best] { best = i }
        var second = -Double.infinity
        for i in 0..<values.count where i != best && values[i] > second { second = values[i] }
        return (values[best], second, best)
    }
}

extension MetricInput {
    /// Numeric factor values for the continuous-factor options: `factorValues` when given,
    /// else the labels as numbers.
    public var continuousFactorValues: Matrix {
        if let factorValues { return factorValues }
        return Matrix(rows: factors.rows, columns: factors.columns, storage: factors.storage.map(Double.init))
    }
}
