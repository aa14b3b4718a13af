#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Plug-in mutual information and entropy of integer labellings, in nats.
///
/// `nats(_:_:)` is scikit-learn's `mutual_info_score(a, b)` as disentanglement_lib calls it
/// (and `metrics_ref.py`'s `mutual_info_nats` spells out): from the contingency table `n_ij`
/// of the two labellings with `n` points and margins `a_i`, `b_j`, the non-empty cells in
/// row-major order give terms
/// `t_ij = p_ij (log n_ij - log n) + p_ij (-log(a_i b_j) + log n + log n)`, `p_ij = n_ij / n`;
/// terms below machine epsilon in magnitude are zeroed, and the sum is clipped at 0. A
/// labelling with a single value gives 0. Entropy is `H(y) = I(y; y)`.
///
/// Miller-Madow (Miller 1955) adds the first-order bias correction of each plug-in entropy,
/// `(m - 1) / (2n)` with `m` the number of non-empty cells, giving
/// `I_MM = I + (m_a + m_b - m_ab - 1) / (2n)` (clipped at 0) and `H_MM = H + (m - 1) / (2n)`.
public enum MutualInformation {
    /// `I(a; b)` in nats (Miller-Madow corrected when `millerMadow`).
    ///
    /// - Precondition: both labellings have the same number of points.
    public static func nats(_ a: DenseLabels, _ b: DenseLabels, millerMadow: Bool = false) -> Double {
        precondition(a.pointCount == b.pointCount, "labellings must have the same length")
        let n = a.pointCount
        if n == 0 || a.count <= 1 || b.count <= 1 { return 0 }
        let rows = a.count, cols = b.count
        var table = [Int](repeating: 0, count: rows * cols)
        table.withUnsafeMutableBufferPointer { t in
            a.codes.withUnsafeBufferPointer { ac in
                b.codes.withUnsafeBufferPointer { bc in
                    for i in 0..<n { t[Int(ac[i]) * cols + Int(bc[i])] += 1 }
                }
            }
        }
        return fromContingency(table, rows: rows, columns: cols, millerMadow: millerMadow)
    }

    /// `H(y) = I(y; y)` in nats (Miller-Madow corrected when `millerMadow`).
    ///
    /// The contingency table of `y` with itself is diagonal, so this evaluates exactly the
    /// terms ``fromContingency(_:rows:columns:millerMadow:)`` would, in the same order,
    /// without building the `count x count` table.
    public static func entropy(_ y: DenseLabels, millerMadow: Bool = false) -> Double {
        let n = y.pointCount
        let counts = y.counts().filter { $0 > 0 }
        if n == 0 || counts.count <= 1 { return 0 }
        let logN = log(Double(n))
        let dn = Double(n)
        var sum = 0.0
        for c in counts {
            let p = Double(c) / dn
            let logOuter = -log(Double(c * c)) + logN + logN
            var term = p * (log(Double(c)) - logN) + p * logOuter
            if abs(term) < Double.ulpOfOne { term = 0 }
            sum += term
        }
        if millerMadow {
            sum += Double(counts.count - 1) / (2 * dn)
        }
        return max(sum, 0)
    }

    /// Mutual information from a row-major contingency table of counts.
    public static func fromContingency(_ table: [Int], rows: Int, columns: Int,
                                       millerMadow: Bool = false) -> Double {
        precondition(table.count == rows * columns, "table does not match its shape")
        var rowSums = [Int](repeating: 0, count: rows)
        var colSums = [Int](repeating: 0, count: columns)
        var nonEmpty = 0
        for r in 0..<rows {
            for c in 0..<columns {
                let v = table[r * columns + c]
                rowSums[r] += v
                colSums[c] += v
                if v > 0 { nonEmpty += 1 }
            }
        }
        let n = rowSums.reduce(0, +)
        let usedRows = rowSums.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        let usedCols = colSums.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        if n == 0 || usedRows <= 1 || usedCols <= 1 { return 0 }
        let logN = log(Double(n))
        let dn = Double(n)
        var sum = 0.0
        for r in 0..<rows where rowSums[r] > 0 {
            for c in 0..<columns {
                let nij = table[r * columns + c]
                if nij == 0 { continue }
                let p = Double(nij) / dn
                let logOuter = -log(Double(rowSums[r] * colSums[c])) + logN + logN
                var term = p * (log(Double(nij)) - logN) + p * logOuter
                if abs(term) < Double.ulpOfOne { term = 0 }
                sum += term
            }
        }
        if millerMadow {
            sum += Double(usedRows + usedCols - nonEmpty - 1) / (2 * dn)
        }
        return max(sum, 0)
    }
}
