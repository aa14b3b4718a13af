import Metrics

/// The participation ratio of a layer, `(sum lambda)^2 / sum lambda^2` over the eigenvalues of
/// the centred data's covariance (Gao et al. 2017; the reference's
/// `alldata_dimension_analysis`): the number of dimensions the variance effectively spreads over.
public enum ParticipationRatio {
    /// Computed without an eigendecomposition: `sum lambda = tr C` and
    /// `sum lambda^2 = ||C||_F^2`, with C replaced by the smaller of the two Gram matrices of
    /// the centred data (they share their non-zero eigenvalues; the scale cancels). 0 for data
    /// without variance.
    public static func of(_ x: Matrix) -> Double {
        let n = x.rows, d = x.columns
        guard n >= 2, d >= 1 else { return 0 }
        var centred = x.storage
        for c in 0..<d {
            var mean = 0.0
            for r in 0..<n { mean += centred[r * d + c] }
            mean /= Double(n)
            for r in 0..<n { centred[r * d + c] -= mean }
        }
        let size = min(n, d)
        let gram = d <= n ? DenseBLAS.columnGram(centred, rows: n, columns: d) : DenseBLAS.rowGram(centred, rows: n, columns: d)
        var trace = 0.0, frobenius = 0.0
        for i in 0..<size { trace += gram[i * size + i] }
        for v in gram { frobenius += v * v }
        return frobenius > 0 ? trace * trace / frobenius : 0
    }
}
