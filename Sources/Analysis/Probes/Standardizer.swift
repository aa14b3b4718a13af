import Metrics

/// Per-feature z-scoring with statistics from the training rows only (population standard
/// deviation as scikit-learn's `StandardScaler`; constant features keep scale 1).
struct Standardizer {
    let mean: [Double]
    let scale: [Double]

    init(_ x: Matrix, rows: [Int]) {
        let d = x.columns
        var mean = [Double](repeating: 0, count: d)
        var variance = [Double](repeating: 0, count: d)
        for r in rows { for c in 0..<d { mean[c] += x.storage[r * d + c] } }
        let n = Double(max(1, rows.count))
        for c in 0..<d { mean[c] /= n }
        for r in rows {
            for c in 0..<d {
                let t = x.storage[r * d + c] - mean[c]
                variance[c] += t * t
            }
        }
        self.mean = mean
        scale = variance.map { v in
            let sd = (v / n).squareRoot()
            return sd > 0 && sd.isFinite ? sd : 1
        }
    }

    /// The rows at `indices`, standardised.
    func apply(_ x: Matrix, rows indices: [Int]) -> Matrix {
        let d = x.columns
        var out = [Double](repeating: 0, count: indices.count * d)
        for (i, r) in indices.enumerated() {
            for c in 0..<d { out[i * d + c] = (x.storage[r * d + c] - mean[c]) / scale[c] }
        }
        return Matrix(rows: indices.count, columns: d, storage: out)
    }
}
