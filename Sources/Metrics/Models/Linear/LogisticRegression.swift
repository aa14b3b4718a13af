#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// L2-regularised logistic regression with scikit-learn's `LogisticRegression()` objective
/// (defaults: `penalty="l2"`, `C=1`, `fit_intercept=True`, solver `lbfgs`), solved to
/// convergence rather than stopped at scikit-learn's 100 iterations.
///
/// With `K >= 3` classes the model is multinomial (softmax) with one weight row and one
/// intercept per class; with two classes it is a single binary logistic model for the larger
/// label against the smaller, as scikit-learn fits it. The minimised objective is
///
///     C * sum_i logloss_i + 0.5 * ||W||^2     (intercepts not penalised),
///
/// divided by `n` internally for conditioning (same optimum). The multinomial intercepts are
/// only determined up to a common shift; they are centred to sum to zero, which is where
/// scikit-learn's L-BFGS ends from its zero start. Solver: L-BFGS with 20 correction pairs
/// and a weak-Wolfe bisection line search from a zero start, fully deterministic, run on
/// standardised features with the penalty transformed to match (an exact change of
/// variables that only improves conditioning); the gradient tolerance applies in those
/// coordinates.
/// Used by the BetaVAE score (Higgins et al. 2017) and Explicitness (Ridgeway & Mozer 2018).
public struct LogisticRegression: Sendable {
    /// Solver and penalty settings.
    public struct Settings: Sendable {
        /// Inverse regularisation strength (scikit-learn's `C`).
        public var c: Double = 1
        /// Stop when the largest absolute component of the gradient of the `n`-scaled
        /// objective, in the solver's standardised coordinates, is at most this.
        public var gradientTolerance: Double = 1e-9
        /// Upper bound on L-BFGS iterations.
        public var maxIterations: Int = 2000
        /// L-BFGS memory (correction pairs kept).
        public var memory: Int = 20
        /// Solve in per-feature standardised coordinates (the same optimum; better conditioned
        /// when the features' scales differ). Off for features whose scales carry the
        /// problem's geometry, such as the factor of a Gram matrix, where rescaling its small
        /// columns would weight their penalty up and slow the solver down.
        public var standardizes = true

        /// scikit-learn's defaults, solved to a tight tolerance.
        public init() {}
    }

    /// The distinct training labels, ascending; probability columns follow this order.
    public let classes: [Int]
    /// Weights `[m, D]`: `m = 1` for two classes (the model for `classes[1]`), else `m = K`.
    public let coefficients: Matrix
    /// Intercepts, `m` of them.
    public let intercepts: [Double]
    /// L-BFGS iterations used.
    public let iterations: Int
    /// Objective and gradient evaluations used (line-search trials included).
    public let evaluations: Int
    /// Largest absolute gradient component of the `n`-scaled objective at the solution.
    public let gradientMaxNorm: Double
    /// Value of `C * sum_i logloss_i + 0.5 * ||W||^2` at the solution.
    public let objective: Double
    /// Whether the gradient tolerance was met or the objective stopped decreasing at machine
    /// precision (otherwise the solver stopped at the iteration bound or when no line-search
    /// step decreased the objective).
    public let converged: Bool

    /// Fits the model to rows of `x` with integer `labels`.
    ///
    /// - Throws: ``MetricsInputError`` when `labels` has fewer than two distinct values or its
    ///   length differs from `x.rows`.
    public static func fit(_ x: Matrix, labels: [Int], settings: Settings = .init()) throws -> LogisticRegression {
        guard labels.count == x.rows else {
            throw MetricsInputError("logistic regression: \(labels.count) labels for \(x.rows) rows")
        }
        let classes = Array(Set(labels)).sorted()
        guard classes.count >= 2 else {
            throw MetricsInputError("logistic regression: the labels take only \(classes.count) distinct value(s); at least 2 classes are needed")
        }
        var position = [Int: Int](minimumCapacity: classes.count)
        for (j, c) in classes.enumerated() { position[c] = j }
        let encoded = labels.map { position[$0] ?? 0 }
        // Solve in centred coordinates x' = (x - mean) / scale, W' = W * scale, with the penalty
        // reweighted by 1 / scale^2: the same optimum. With `standardizes` (the default) scale
        // is each feature's standard deviation, which conditions features of unequal scales
        // far better; otherwise it is 1.
        let n = x.rows, d = x.columns
        var mean = [Double](repeating: 0, count: d)
        var scale = [Double](repeating: 0, count: d)
        for i in 0..<n { for c in 0..<d { mean[c] += x.storage[i * d + c] } }
        for c in 0..<d { mean[c] /= Double(max(1, n)) }
        for i in 0..<n {
            for c in 0..<d {
                let t = x.storage[i * d + c] - mean[c]
                scale[c] += t * t
            }
        }
        for c in 0..<d {
            let sd = (scale[c] / Double(max(1, n))).squareRoot()
            scale[c] = settings.standardizes && sd > 0 && sd.isFinite ? sd : 1
        }
        var standardized = x.storage
        for i in 0..<n { for c in 0..<d { standardized[i * d + c] = (standardized[i * d + c] - mean[c]) / scale[c] } }
        let problem = LogisticSoftmaxProblem(x: standardized, rows: n, columns: d, labels: encoded,
                                             classCount: classes.count, c: settings.c,
                                             penaltyWeights: scale.map { 1 / ($0 * $0) })
        let solution = LogisticLBFGS.minimize(problem, start: [Double](repeating: 0, count: problem.parameterCount),
                                              gradientTolerance: settings.gradientTolerance,
                                              maxIterations: settings.maxIterations, memory: settings.memory)
        let m = problem.outputs
        var weights = Array(solution.point[0..<(m * d)])
        var bias = Array(solution.point[(m * d)..<(m * d + m)])
        for j in 0..<m {
            for c in 0..<d {
                weights[j * d + c] /= scale[c]
                bias[j] -= weights[j * d + c] * mean[c]
            }
        }
        if m > 1 {
            let shift = bias.reduce(0, +) / Double(m)
            for j in 0..<m { bias[j] -= shift }
        }
        return LogisticRegression(classes: classes, coefficients: Matrix(rows: m, columns: d, storage: weights),
                                  intercepts: bias, iterations: solution.iterations,
                                  evaluations: solution.evaluations,
                                  gradientMaxNorm: solution.gradientMaxNorm,
                                  objective: solution.value * Double(x.rows) * settings.c,
                                  converged: solution.converged)
    }

    /// Decision values `x W^T + b`, `[n, m]`.
    public func decisionValues(_ x: Matrix) -> Matrix {
        precondition(x.columns == coefficients.columns, "feature count differs from the fitted model")
        var out = [Double](repeating: 0, count: x.rows * coefficients.rows)
        LogisticBLAS.multiplyTransposed(x.storage, rows: x.rows, inner: x.columns,
                                         coefficients.storage, outputs: coefficients.rows, into: &out)
        let m = coefficients.rows
        for i in 0..<x.rows { for j in 0..<m { out[i * m + j] += intercepts[j] } }
        return Matrix(rows: x.rows, columns: m, storage: out)
    }

    /// Class probabilities `[n, K]`, columns in ``classes`` order (scikit-learn `predict_proba`).
    public func probabilities(_ x: Matrix) -> Matrix {
        let raw = decisionValues(x)
        let c = classes.count
        var out = [Double](repeating: 0, count: x.rows * c)
        if raw.columns == 1 {
            for i in 0..<x.rows {
                let p = LogisticRegression.sigmoid(raw.storage[i])
                out[i * 2] = 1 - p
                out[i * 2 + 1] = p
            }
        } else {
            for i in 0..<x.rows {
                var top = -Double.infinity
                for j in 0..<c { top = max(top, raw.storage[i * c + j]) }
                var sum = 0.0
                for j in 0..<c {
                    let e = exp(raw.storage[i * c + j] - top)
                    out[i * c + j] = e
                    sum += e
                }
                for j in 0..<c { out[i * c + j] /= sum }
            }
        }
        return Matrix(rows: x.rows, columns: c, storage: out)
    }

    /// Predicted labels: the class with the largest decision value (first on ties), as
    /// scikit-learn `predict`.
    public func predict(_ x: Matrix) -> [Int] {
        let raw = decisionValues(x)
        if raw.columns == 1 { return raw.storage.map { $0 > 0 ? classes[1] : classes[0] } }
        let c = raw.columns
        return (0..<x.rows).map { i in
            var best = 0
            for j in 1..<c where raw.storage[i * c + j] > raw.storage[i * c + best] { best = j }
            return classes[best]
        }
    }

    /// Fraction of rows whose predicted label equals `labels`.
    public func accuracy(_ x: Matrix, labels: [Int]) -> Double {
        precondition(labels.count == x.rows, "one label per row")
        guard x.rows > 0 else { return 0 }
        let predicted = predict(x)
        var hits = 0
        for i in 0..<x.rows where predicted[i] == labels[i] { hits += 1 }
        return Double(hits) / Double(x.rows)
    }

    static func sigmoid(_ t: Double) -> Double {
        if t >= 0 { return 1 / (1 + exp(-t)) }
        let e = exp(t)
        return e / (1 + e)
    }
}
