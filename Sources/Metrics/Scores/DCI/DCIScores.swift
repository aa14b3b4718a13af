import Foundation

/// Disentanglement and completeness from an importance matrix `R [L codes, K factors]`
/// (Eastwood & Williams, ICLR 2018), exactly as disentanglement_lib's `dci.py` aggregates it.
public struct DCIScores: Sendable, Equatable {
    /// Per code `D_l = 1 - H_K(P_l)`, `P_l = (R[l, :] + 1e-11)` renormalised, entropy in base K.
    public let perCode: [Double]
    /// Per factor `C_k = 1 - H_L(P_k)`, `P_k = (R[:, k] + 1e-11)` renormalised, base L.
    public let perFactor: [Double]
    /// `sum_l w_l D_l` with `w_l` = row sum / total (all-ones weights when R sums to 0);
    /// nil when K < 2 (the base-K entropy is undefined).
    public let disentanglement: Double?
    /// `sum_k v_k C_k` with `v_k` = column sum / total (all-ones weights when R sums to 0);
    /// nil when L < 2.
    public let completeness: Double?

    /// Aggregates `importance` (rows = codes, columns = factors).
    public init(importance: Matrix) {
        let l = importance.rows, k = importance.columns
        perCode = (0..<l).map { DCIScores.oneMinusEntropy(importance.row($0), base: k) }
        perFactor = (0..<k).map { DCIScores.oneMinusEntropy(importance.column($0), base: l) }
        let total = importance.storage.reduce(0, +)
        let useOnes = total == 0
        let rowSums = (0..<l).map { r in useOnes ? Double(k) : importance.row(r).reduce(0, +) }
        let columnSums = (0..<k).map { c in useOnes ? Double(l) : importance.column(c).reduce(0, +) }
        let weightTotal = useOnes ? Double(l * k) : total
        disentanglement = k < 2 ? nil : zip(perCode, rowSums).reduce(0) { $0 + $1.0 * $1.1 / weightTotal }
        completeness = l < 2 ? nil : zip(perFactor, columnSums).reduce(0) { $0 + $1.0 * $1.1 / weightTotal }
    }

    /// `1 - entropy(p + 1e-11, base)` with `p` renormalised (scipy.stats.entropy); NaN for base < 2.
    static func oneMinusEntropy(_ values: [Double], base: Int) -> Double {
        guard base >= 2 else { return .nan }
        let shifted = values.map { $0 + 1e-11 }
        let sum = shifted.reduce(0, +)
        var h = 0.0
        for v in shifted {
            let p = v / sum
            if p > 0 { h -= p * Foundation.log(p) }
        }
        return 1 - h / Foundation.log(Double(base))
    }
}
