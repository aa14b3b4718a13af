import Metrics

/// Metrics' ``LogisticRegression`` (scikit-learn's `LogisticRegression(C=1)`: L2 penalty
/// `0.5 ||W||^2`, unpenalised intercepts) fitted through the Gram matrix of the training rows,
/// for layers with more features than training items.
///
/// The penalised optimum's weights lie in the span of the centred training rows,
/// `W = A^T X_c`, so the logits are `K A + b` with `K = X_c X_c^T` and the penalty is
/// `0.5 tr(A^T K A)`. With `K = F F^T` (pivoted Cholesky, `F` of `r <= n` columns) and
/// `U = F^T A` this is the same logistic regression on the `r` features `F`: the same
/// objective value for the same logits, so the same optimum. Each solver iteration then costs
/// `n r` instead of `n d` per class; on a 32,768-wide layer with 4,000 training items that is
/// the difference between an hour and a minute. The weights in feature space are recovered
/// from `U` by one triangular solve.
struct KernelLogisticRegression {
    /// The distinct training labels, ascending.
    let classes: [Int]
    /// Weights `[m, d]` (`m = 1` for two classes, the model of `classes[1]`).
    let weights: [Double]
    /// Intercepts, `m`, for features centred on ``mean``.
    let intercepts: [Double]
    /// The training rows' column means.
    let mean: [Double]
    /// Rank of the training rows' Gram matrix that was used.
    let rank: Int
    /// Whether the solver met its gradient tolerance (see ``LogisticRegression/converged``).
    let converged: Bool

    /// Fits the model to the rows of `x` with `labels`.
    ///
    /// - Throws: ``MetricsInputError`` from ``LogisticRegression`` (fewer than two classes).
    init(_ x: Matrix, labels: [Int]) throws {
        let n = x.rows, d = x.columns
        var mean = [Double](repeating: 0, count: d)
        for i in 0..<n { for c in 0..<d { mean[c] += x.storage[i * d + c] } }
        for c in 0..<d { mean[c] /= Double(max(1, n)) }
        var centred = x.storage
        for i in 0..<n { for c in 0..<d { centred[i * d + c] -= mean[c] } }
        let kernel = DenseBLAS.rowGram(centred, rows: n, columns: d)
        let root = DenseBLAS.pivotedCholesky(kernel, size: n)
        let r = root.rank
        // F: row pivots[i] of the data is row i of L.
        var features = [Double](repeating: 0, count: n * max(r, 1))
        if r > 0 { for i in 0..<n { for k in 0..<r { features[root.pivots[i] * r + k] = root.factor[i * r + k] } } }
        // F's columns shrink along the pivots; standardising them would weight the penalty of
        // the small ones up (an exact change of variables, but a badly conditioned one).
        var settings = LogisticRegression.Settings()
        settings.standardizes = false
        let model = try LogisticRegression.fit(Matrix(rows: n, columns: max(r, 1), storage: features), labels: labels,
                                               settings: settings)
        converged = model.converged
        let m = model.coefficients.rows
        // The fitted coefficients are U^T `[m, r]`; A, nonzero on the pivot rows only, solves
        // L11^T A_p = U with L11 the leading r x r block of L (lower triangular).
        var a = [Double](repeating: 0, count: r * m)
        for j in 0..<m {
            for k in stride(from: r - 1, through: 0, by: -1) {
                var v = model.coefficients.storage[j * model.coefficients.columns + k]
                for q in (k + 1)..<max(k + 1, r) { v -= root.factor[q * r + k] * a[q * m + j] }
                a[k * m + j] = v / root.factor[k * r + k]
            }
        }
        // W = A^T X_c, with A `[n, m]` zero off the pivot rows (no copy of the rows themselves:
        // a layer's training rows can be a gigabyte).
        var transposedA = [Double](repeating: 0, count: m * n)
        for k in 0..<r { for j in 0..<m { transposedA[j * n + root.pivots[k]] = a[k * m + j] } }
        weights = DenseBLAS.multiply(transposedA, rows: m, inner: n, centred, columns: d)
        classes = model.classes
        intercepts = model.intercepts
        self.mean = mean
        rank = r
    }

    /// Decision values `(x - mean) W^T + b`, `[n, m]` row-major.
    func decisionValues(_ x: Matrix) -> [Double] {
        let d = mean.count, m = intercepts.count
        precondition(x.columns == d, "feature count differs from the fitted model")
        var centred = x.storage
        for i in 0..<x.rows { for c in 0..<d { centred[i * d + c] -= mean[c] } }
        var out = [Double](repeating: 0, count: x.rows * m)
        DenseBLAS.multiplyTransposed(centred, rows: x.rows, inner: d, weights, columns: m, into: &out)
        for i in 0..<x.rows { for j in 0..<m { out[i * m + j] += intercepts[j] } }
        return out
    }

    /// Predicted labels as ``LogisticRegression/predict(_:)`` makes them: the larger label when
    /// the binary decision value is positive, else the class with the largest value (the first
    /// on ties).
    func predict(_ x: Matrix) -> [Int] {
        let values = decisionValues(x), m = intercepts.count
        if m == 1 { return values.map { $0 > 0 ? classes[1] : classes[0] } }
        return (0..<x.rows).map { i in
            var best = 0
            for j in 1..<m where values[i * m + j] > values[i * m + best] { best = j }
            return classes[best]
        }
    }
}
