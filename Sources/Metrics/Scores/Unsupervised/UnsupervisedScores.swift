import SynCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The unsupervised scores of disentanglement_lib's `unsupervised_metrics`, on all rows of the
/// codes (factors are not used).
///
/// With `S` the sample covariance of the codes (`np.cov`, ddof 1):
/// - `gaussian_total_correlation = 1/2 (sum_l log S_ll - log det S)`: the KL divergence from a
///   Gaussian with covariance `S` to the product of its marginals (nats);
/// - `gaussian_wasserstein_correlation = 2 tr S - 2 tr sqrtm(S diag(S)[:, None])`, the
///   reference's expression; since `diag(S) S` is similar to the symmetric
///   `D^1/2 S D^1/2` (`D = diag(S)`), the trace of its square root is the sum of the square
///   roots of that matrix's eigenvalues;
/// - `gaussian_wasserstein_correlation_norm`: the above divided by `tr S`;
/// - `mutual_info_score`: the mean of `I(code_i binned; code_j binned)` over ordered pairs
///   `i != j` (nats; histogram bins from `options.bins`).
///
/// A singular covariance (a constant code, or linearly dependent codes) makes the total
/// correlation infinite: it is nil with a note. With a single code, the mean pairwise MI is
/// nil with a note.
public enum UnsupervisedScores {
    /// Computes the four scores on `input.codes`.
    ///
    /// - Throws: ``MetricsInputError`` when a fixed bin count is below 1 or exceeds the rows.
    public static func compute(_ input: MetricInput, options: MetricOptions = .init()) throws -> UnsupervisedResult {
        let z = input.codes
        let l = z.columns, n = z.rows
        try options.bins.validate(rows: n)
        let cov = covariance(z)
        var notes = [String]()
        let diag = (0..<l).map { cov[$0 * l + $0] }
        var tc: Double?
        if diag.allSatisfy({ $0 > 0 }), let logDet = SmallLinearAlgebra.logAbsDeterminant(cov, n: l) {
            tc = 0.5 * (diag.reduce(0) { $0 + log($1) } - logDet)
        } else {
            notes.append("the code covariance is singular (a constant code or linearly dependent codes), so the Gaussian total correlation is infinite")
        }
        var scaled = cov
        for i in 0..<l {
            for j in 0..<l { scaled[i * l + j] = cov[i * l + j] * (diag[i] * diag[j]).squareRoot() }
        }
        let eig = SmallLinearAlgebra.symmetricEigenvalues(scaled, n: l)
        let trace = diag.reduce(0, +)
        let wasserstein = 2 * trace - 2 * eig.reduce(0) { $0 + max($1, 0).squareRoot() }
        let normalised: Double? = trace > 0 ? wasserstein / trace : nil
        if trace == 0 { notes.append("every code is constant, so the normalised Wasserstein correlation is undefined") }

        var meanMI: Double?
        var pairwise = Matrix(rows: l, columns: l)
        if l >= 2 {
            let binned = parallelMap(l, jobs: options.jobs) { c -> DenseLabels in
                let x = z.column(c)
                return DenseLabels(binning: x, bins: HistogramDiscretizer.binCount(x, bins: options.bins))
            }
            let mm = options.millerMadow
            let entries = parallelMap(l * l, jobs: options.jobs) { idx -> Double in
                let i = idx / l, j = idx % l
                return i == j ? 0 : MutualInformation.nats(binned[j], binned[i], millerMadow: mm)
            }
            pairwise = Matrix(rows: l, columns: l, storage: entries)
            meanMI = entries.reduce(0, +) / Double(l * l - l)
        } else {
            notes.append("a single code has no pairs, so the mean pairwise mutual information is undefined")
        }
        let binSetting: JSONValue
        if case .fixed(let b) = options.bins { binSetting = .integer(b) } else { binSetting = .string("auto") }
        return UnsupervisedResult(
            totalCorrelation: tc, wassersteinCorrelation: wasserstein,
            wassersteinCorrelationNormalised: normalised, meanPairwiseMI: meanMI,
            covariance: Matrix(rows: l, columns: l, storage: cov), pairwiseMI: pairwise, notes: notes,
            settings: [("points", .integer(n)), ("bins", binSetting), ("sample", .string("all rows"))])
    }

    /// Sample covariance (ddof 1) of the columns, `[L * L]` row-major.
    static func covariance(_ z: Matrix) -> [Double] {
        let l = z.columns, n = z.rows
        var mean = [Double](repeating: 0, count: l)
        for r in 0..<n { for c in 0..<l { mean[c] += z[r, c] } }
        for c in 0..<l { mean[c] /= Double(n) }
        var cov = [Double](repeating: 0, count: l * l)
        z.storage.withUnsafeBufferPointer { s in
            for r in 0..<n {
                let row = r * l
                for i in 0..<l {
                    let di = s[row + i] - mean[i]
                    for j in i..<l { cov[i * l + j] += di * (s[row + j] - mean[j]) }
                }
            }
        }
        for i in 0..<l {
            for j in i..<l {
                cov[i * l + j] /= Double(n - 1)
                cov[j * l + i] = cov[i * l + j]
            }
        }
        return cov
    }
}

/// The unsupervised scores and the covariance they come from.
public struct UnsupervisedResult: MetricResult {
    /// Gaussian total correlation (nats); nil for a singular covariance.
    public let totalCorrelation: Double?
    /// Gaussian Wasserstein correlation.
    public let wassersteinCorrelation: Double
    /// Gaussian Wasserstein correlation divided by the total code variance.
    public let wassersteinCorrelationNormalised: Double?
    /// Mean pairwise discrete mutual information between codes (nats).
    public let meanPairwiseMI: Double?
    /// Code covariance `[L, L]`.
    public let covariance: Matrix
    /// Pairwise mutual information between binned codes `[L, L]` (zero diagonal).
    public let pairwiseMI: Matrix
    public let notes: [String]
    public let settings: [(String, JSONValue)]

    public var scores: [(name: String, value: Double?)] {
        [("gaussian_total_correlation", totalCorrelation),
         ("gaussian_wasserstein_correlation", wassersteinCorrelation),
         ("gaussian_wasserstein_correlation_norm", wassersteinCorrelationNormalised),
         ("mutual_info_score", meanPairwiseMI)]
    }
    public var details: [(String, JSONValue)] {
        [("covariance", .matrix(covariance.rowArrays)),
         ("pairwise_mutual_information", .matrix(pairwiseMI.rowArrays))]
    }
}
