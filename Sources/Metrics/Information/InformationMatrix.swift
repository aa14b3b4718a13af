import SynCore

/// The discrete mutual information between every binned code and every factor, the quantity
/// behind MIG, MIG-sup, DCIMIG, JEMMIG and Modularity.
///
/// Codes are binned per column by ``HistogramDiscretizer`` (bins from `options.bins`); factors
/// are used as given. `mutualInformation[l, k] = I(code_l binned; factor_k)` and
/// `factorEntropy[k] = H(factor_k)`, `codeEntropy[l] = H(code_l binned)`, all in nats by
/// ``MutualInformation`` (Miller-Madow when `options.millerMadow`). This is
/// disentanglement_lib's `discrete_mutual_info(discretize(mus), ys)` and
/// `discrete_entropy(ys)`.
public struct InformationMatrix: Sendable {
    /// `[L, K]` mutual information in nats.
    public let mutualInformation: Matrix
    /// `H(factor_k)` in nats, `[K]`.
    public let factorEntropy: [Double]
    /// `H(code_l binned)` in nats, `[L]`.
    public let codeEntropy: [Double]
    /// Bins used for each code (all equal unless `--bins auto`).
    public let binCounts: [Int]
    /// The binned codes, re-coded densely, one labelling per code.
    public let binnedCodes: [DenseLabels]
    /// The factors, re-coded densely, one labelling per factor.
    public let factorLabels: [DenseLabels]

    /// Bins `codes`, then fills the matrix (codes in parallel over `options.jobs` threads).
    ///
    /// - Throws: ``MetricsInputError`` when a fixed bin count is below 1 or exceeds the
    ///   number of rows.
    public init(codes: Matrix, factors: FactorMatrix, options: MetricOptions) throws {
        precondition(codes.rows == factors.rows, "codes and factors must have the same rows")
        try options.bins.validate(rows: codes.rows)
        let mm = options.millerMadow
        let factorLabels = (0..<factors.columns).map { DenseLabels(factors.column($0)) }
        let perCode: [(DenseLabels, Int, Double, [Double])] = parallelMap(codes.columns, jobs: options.jobs) { l in
            let x = codes.column(l)
            let bins = HistogramDiscretizer.binCount(x, bins: options.bins)
            let binned = DenseLabels(binning: x, bins: bins)
            // Factor first, code second: the reference's argument order (rows = factor values).
            let row = factorLabels.map { MutualInformation.nats($0, binned, millerMadow: mm) }
            return (binned, bins, MutualInformation.entropy(binned, millerMadow: mm), row)
        }
        var m = Matrix(rows: codes.columns, columns: factors.columns)
        for l in 0..<codes.columns {
            for k in 0..<factors.columns { m[l, k] = perCode[l].3[k] }
        }
        mutualInformation = m
        factorEntropy = factorLabels.map { MutualInformation.entropy($0, millerMadow: mm) }
        codeEntropy = perCode.map { $0.2 }
        binCounts = perCode.map { $0.1 }
        binnedCodes = perCode.map { $0.0 }
        self.factorLabels = factorLabels
    }

    /// Number of codes `L`.
    public var codeCount: Int { mutualInformation.rows }
    /// Number of factors `K`.
    public var factorCount: Int { mutualInformation.columns }

    /// JSON description of the binning, for `settings`.
    var binSetting: JSONValue {
        if Set(binCounts).count == 1, let b = binCounts.first { return .integer(b) }
        return .array(binCounts.map { .integer($0) })
    }
}
