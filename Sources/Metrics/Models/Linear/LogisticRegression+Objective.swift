#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The `n`-scaled logistic-regression objective and its gradient, owning the work buffers so
/// that L-BFGS evaluations allocate nothing.
///
/// Parameters are laid out as the weights `W [m, d]` row-major, then the `m` intercepts.
/// `m = classCount` (softmax) for three or more classes; `m = 1` (binary logistic model for
/// class 1, class 0's decision value fixed at 0) for two.
/// Value: `(1/n) sum_i logloss_i + (1/(2 C n)) sum_{j,d} penaltyWeights[d] W[j,d]^2`.
final class LogisticSoftmaxProblem {
    let n: Int
    let d: Int
    let outputs: Int
    let x: [Double]
    let labels: [Int]
    let scale: Double
    let penaltyWeights: [Double]
    private var raw: [Double]
    private var weightGradient: [Double]
    private var biasGradient: [Double]

    /// Number of parameters, `m * (d + 1)`.
    var parameterCount: Int { outputs * (d + 1) }

    /// `x` is row-major `[rows, columns]`; `labels` are class positions `0..<classCount`.
    init(x: [Double], rows: Int, columns: Int, labels: [Int], classCount: Int, c: Double,
         penaltyWeights: [Double]) {
        n = rows
        d = columns
        outputs = classCount == 2 ? 1 : classCount
        self.x = x
        self.labels = labels
        self.penaltyWeights = penaltyWeights
        scale = 1 / (c * Double(max(1, rows)))
        raw = [Double](repeating: 0, count: rows * outputs)
        weightGradient = [Double](repeating: 0, count: outputs * columns)
        biasGradient = [Double](repeating: 0, count: outputs)
    }

    /// Returns the objective at `theta` and writes its gradient into `gradient`.
    func evaluate(_ theta: [Double], gradient: inout [Double]) -> Double {
        let m = outputs
        LogisticBLAS.multiplyTransposed(x, rows: n, inner: d, theta, outputs: m, into: &raw)
        var loss = 0.0
        for j in 0..<m { biasGradient[j] = 0 }
        raw.withUnsafeMutableBufferPointer { r in
            biasGradient.withUnsafeMutableBufferPointer { bg in
                theta.withUnsafeBufferPointer { t in
                    labels.withUnsafeBufferPointer { y in
                        let bias = t.baseAddress! + m * d
                        if m == 1 {
                            loss = binaryPass(r, bias: bias[0], labels: y, biasGradient: bg)
                        } else {
                            loss = softmaxPass(r, bias: bias, labels: y, biasGradient: bg)
                        }
                    }
                }
            }
        }
        let invN = 1 / Double(max(1, n))
        LogisticBLAS.transposedTimes(raw, rows: n, columns: m, x, inner: d, alpha: invN, into: &weightGradient)
        var penalty = 0.0
        for j in 0..<m {
            for c in 0..<d {
                let p = j * d + c
                let w = penaltyWeights[c] * theta[p]
                penalty += w * theta[p]
                gradient[p] = weightGradient[p] + scale * w
            }
        }
        for j in 0..<m { gradient[m * d + j] = biasGradient[j] * invN }
        return loss * invN + 0.5 * scale * penalty
    }

    /// Binary pass: loss sum, residuals `sigmoid(z) - y` in place of the decision values.
    private func binaryPass(_ r: UnsafeMutableBufferPointer<Double>, bias: Double,
                            labels y: UnsafeBufferPointer<Int>,
                            biasGradient bg: UnsafeMutableBufferPointer<Double>) -> Double {
        var loss = 0.0
        for i in 0..<n {
            let z = r[i] + bias
            let target = y[i] == 1 ? 1.0 : 0.0
            let e = LogisticExponential.of(-abs(z))
            loss += max(z, 0) + log1p(e) - target * z
            let p = z >= 0 ? 1 / (1 + e) : e / (1 + e)
            r[i] = p - target
            bg[0] += r[i]
        }
        return loss
    }

    /// Softmax pass: loss sum, residuals `softmax - onehot` in place of the decision values.
    private func softmaxPass(_ r: UnsafeMutableBufferPointer<Double>, bias: UnsafePointer<Double>,
                             labels y: UnsafeBufferPointer<Int>,
                             biasGradient bg: UnsafeMutableBufferPointer<Double>) -> Double {
        let m = outputs
        var loss = 0.0
        for i in 0..<n {
            let row = r.baseAddress! + i * m
            var top = -Double.infinity
            for j in 0..<m {
                row[j] += bias[j]
                top = max(top, row[j])
            }
            let label = y[i]
            let labelMargin = row[label] - top
            for j in 0..<m { row[j] = LogisticExponential.of(row[j] - top) }
            var sum = 0.0
            for j in 0..<m { sum += row[j] }
            loss += log(sum) - labelMargin
            let inverse = 1 / sum
            for j in 0..<m { row[j] *= inverse }
            row[label] -= 1
            for j in 0..<m { bg[j] += row[j] }
        }
        return loss
    }
}
