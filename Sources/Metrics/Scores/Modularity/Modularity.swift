import SynCore

/// Modularity (Ridgeway & Mozer 2018), as disentanglement_lib's `modularity_explicitness`
/// computes it.
///
/// From `M[l, k] = I(code_l binned; factor_k)` on the **train** split (the reference's
/// `mus_train`, `ys_train`): per code, with `m_l = max_k M[l, k]^2`,
/// `modularity_l = 1 - (sum_k M[l, k]^2 - m_l) / (m_l (K - 1))`, and 0 when `m_l = 0` (a code
/// that carries no information); the score is the mean over codes.
///
/// `options.continuousFactors` does not change it: it uses the factor labels.
public enum Modularity {
    /// Computes Modularity on `input.trainCodes` / `input.trainFactors`.
    ///
    /// - Throws: ``MetricsInputError`` with fewer than 2 factors (the formula divides by
    ///   `K - 1`) or more bins than train rows.
    public static func compute(_ input: MetricInput, options: MetricOptions = .init()) throws -> ModularityResult {
        guard input.factors.columns >= 2 else {
            throw MetricsInputError("Modularity needs at least 2 factor columns (it divides by K - 1); got \(input.factors.columns)")
        }
        let info = try InformationMatrix(codes: input.trainCodes, factors: input.trainFactors, options: options)
        let perCode = scores(info.mutualInformation)
        var notes = [String]()
        if options.continuousFactors {
            notes.append("continuous factors: Modularity uses the discrete factor labels")
        }
        return ModularityResult(
            score: perCode.reduce(0, +) / Double(perCode.count), perCode: perCode,
            mutualInformation: info.mutualInformation, notes: notes,
            settings: [("bins", info.binSetting),
                       ("estimator", .string(options.millerMadow ? "plug-in with Miller-Madow correction" : "plug-in (histogram)")),
                       ("points", .integer(input.trainCodes.rows)),
                       ("sample", .string("train split"))])
    }

    /// Per-code modularity of a mutual-information matrix `[L, K]`, `K >= 2`.
    public static func scores(_ m: Matrix) -> [Double] {
        precondition(m.columns >= 2, "modularity needs at least 2 factors")
        return (0..<m.rows).map { l in
            var sum = 0.0, best = 0.0
            for k in 0..<m.columns {
                let s = m[l, k] * m[l, k]
                sum += s
                best = max(best, s)
            }
            if best == 0 { return 0 }
            return 1 - (sum - best) / (best * Double(m.columns - 1))
        }
    }
}

/// Modularity's score and per-code values.
public struct ModularityResult: MetricResult {
    /// Mean modularity over codes.
    public let score: Double?
    /// Modularity of each code.
    public let perCode: [Double]
    /// The train-split mutual information `[L, K]` in nats.
    public let mutualInformation: Matrix
    public let notes: [String]
    public let settings: [(String, JSONValue)]

    public var scores: [(name: String, value: Double?)] { [("score", score)] }
    public var details: [(String, JSONValue)] {
        [("per_code", .array(perCode.map { .number($0) })),
         ("mutual_information", .matrix(mutualInformation.rowArrays))]
    }
}
