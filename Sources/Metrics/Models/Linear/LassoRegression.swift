/// Column z-scoring with the mean and population standard deviation of a reference matrix
/// (sklearn `StandardScaler`); constant columns map to 0.
struct LassoStandardizer: Sendable {
    let mean: [Double]
    let scale: [Double]

    init(_ x: Matrix) {
        let n = Double(x.rows)
        var mean = [Double](repeating: 0, count: x.columns), scale = mean
        for c in 0..<x.columns {
            let column = x.column(c)
            let m = column.reduce(0, +) / n
            let v = column.reduce(0) { $0 + ($1 - m) * ($1 - m) } / n
            mean[c] = m
            scale[c] = v > 0 ? v.squareRoot() : 0
        }
        self.mean = mean
        self.scale = scale
    }

    func transform(_ x: Matrix) -> Matrix {
        var out = x
        for r in 0..<x.rows {
            for c in 0..<x.columns {
                out[r, c] = scale[c] > 0 ? (x[r, c] - mean[c]) / scale[c] : 0
            }
        }
        return out
    }
}

/// A fitted Lasso linear model `y = intercept + x . coefficients`.
public struct LassoRegression: Sendable {
    /// One coefficient per column of the design matrix, in the target's units.
    public let coefficients: [Double]
    /// The intercept.
    public let intercept: Double

    /// Minimises `1/(2n) |y - Xw - b|^2 + alpha |w|_1` (sklearn `Lasso(alpha)` with
    /// `fit_intercept=True`) by cyclic coordinate descent on the centred Gram matrix, until
    /// the largest coefficient change is below `1e-10` times the largest coefficient (or
    /// 10,000 sweeps). The objective is convex, so the optimum is sklearn's up to its tolerance.
    public static func fit(_ x: Matrix, y: [Double], alpha: Double) -> LassoRegression {
        let n = x.rows, p = x.columns
        precondition(y.count == n, "one target per row")
        let nd = Double(max(1, n))
        var xMean = [Double](repeating: 0, count: p)
        for r in 0..<n { for c in 0..<p { xMean[c] += x[r, c] } }
        for c in 0..<p { xMean[c] /= nd }
        let yMean = y.reduce(0, +) / nd
        var gram = [Double](repeating: 0, count: p * p), xy = [Double](repeating: 0, count: p)
        var centred = [Double](repeating: 0, count: p)
        for r in 0..<n {
            for c in 0..<p { centred[c] = x[r, c] - xMean[c] }
            let yc = y[r] - yMean
            for a in 0..<p {
                xy[a] += centred[a] * yc
                for b in a..<p { gram[a * p + b] += centred[a] * centred[b] }
            }
        }
        for a in 0..<p {
            xy[a] /= nd
            for b in a..<p {
                gram[a * p + b] /= nd
                gram[b * p + a] = gram[a * p + b]
            }
        }
        var w = [Double](repeating: 0, count: p)
        for _ in 0..<10_000 {
            var maxChange = 0.0, maxWeight = 0.0
            for j in 0..<p where gram[j * p + j] > 0 {
                var rho = xy[j]
                for k in 0..<p where k != j { rho -= gram[j * p + k] * w[k] }
                let updated = softThreshold(rho, alpha) / gram[j * p + j]
                maxChange = max(maxChange, abs(updated - w[j]))
                w[j] = updated
                maxWeight = max(maxWeight, abs(updated))
            }
            if maxChange <= 1e-10 * max(maxWeight, 1e-12) { break }
        }
        var b = yMean
        for c in 0..<p { b -= w[c] * xMean[c] }
        return LassoRegression(coefficients: w, intercept: b)
    }

    /// Fits on the z-scored target (so `alpha` does not depend on the target's units) and
    /// returns the model in the target's units and the coefficients on the z-scored scale.
    static func fitStandardizedTarget(_ x: Matrix, y: [Double], alpha: Double) -> (model: LassoRegression, standardized: [Double]) {
        let n = Double(max(1, y.count))
        let mean = y.reduce(0, +) / n
        let sd = (y.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / n).squareRoot()
        guard sd > 0 else {
            let zeros = [Double](repeating: 0, count: x.columns)
            return (LassoRegression(coefficients: zeros, intercept: mean), zeros)
        }
        let z = fit(x, y: y.map { ($0 - mean) / sd }, alpha: alpha)
        return (LassoRegression(coefficients: z.coefficients.map { $0 * sd }, intercept: mean + sd * z.intercept),
                z.coefficients)
    }

    private static func softThreshold(_ v: Double, _ t: Double) -> Double {
        v > t ? v - t : (v < -t ? v + t : 0)
    }

    /// Predictions `intercept + x . coefficients` for every row of `x`.
    public func predict(_ x: Matrix) -> [Double] {
        (0..<x.rows).map { r in
            var s = intercept
            for c in 0..<x.columns { s += x[r, c] * coefficients[c] }
            return s
        }
    }
}
