import Metrics
import SynCore

/// The optional low-rank centre-correlation removal of the reference (`fun_FA` with its
/// Stiefel-manifold optimisation in `manifold_analysis_corr`): find K orthonormal directions in
/// the span of the mean-subtracted class centres such that, after projecting them out, the
/// centres' squared correlations are smallest; K is the rank whose residual mean absolute
/// correlation is least. Every manifold is then projected onto the complement of those K
/// directions before its own analysis.
///
/// Differences from the reference, all in how the optimum is searched for, not in what is
/// optimised: Riemannian steepest descent with Armijo backtracking and a QR retraction
/// (instead of pymanopt's conjugate gradient), 3 random starts per rank (instead of 10), and
/// K at most P - 2. The search stops, as the reference does, after the residual correlation
/// rose three ranks in a row.
struct CentreSubspaceRemoval {
    /// The number of directions removed.
    let rank: Int
    /// The removed directions in feature space, `rank x n` row-major, orthonormal rows.
    let directions: [Double]
    /// Feature dimension.
    let dimension: Int

    static let startsPerRank = 3
    static let maxIterations = 300

    init(centres: [[Double]], dimension n: Int, seed: UInt64) {
        dimension = n
        let p = centres.count
        var mean = [Double](repeating: 0, count: n)
        for centre in centres { for c in 0..<n { mean[c] += centre[c] / Double(p) } }
        // Orthonormal basis of the centres' span (p - 1 directions), by Gram-Schmidt.
        var rowsB: [[Double]] = []
        for centre in centres.prefix(p - 1) {
            var v = (0..<n).map { centre[$0] - mean[$0] }
            for _ in 0..<2 { for q in rowsB { let d = dot(q, v); for c in 0..<n { v[c] -= d * q[c] } } }
            let norm = dot(v, v).squareRoot()
            if norm > 1e-12 { rowsB.append(v.map { $0 / norm }) }
        }
        let k0 = rowsB.count
        guard k0 >= 2 else { rank = 0; directions = []; return }
        // X [p, k0]: centres in that basis.
        var x = [Double](repeating: 0, count: p * k0)
        for i in 0..<p { for j in 0..<k0 { x[i * k0 + j] = dot(rowsB[j], centres[i]) - dot(rowsB[j], mean) } }
        var rng = Xoshiro256StarStar.dataset(seed: seed, reserved: 2)
        var best: (cost: Double, v: [Double], k: Int)? = nil
        var previous: [Double] = []
        var history: [Double] = []
        let maxK = min(k0 - 1, p - 2)
        for k in 1...max(1, maxK) {
            var chosen: [Double] = []
            var chosenStability = -1.0
            for _ in 0..<CentreSubspaceRemoval.startsPerRank {
                // Start: a random combination of the centres plus the previous rank's solution.
                var start = [Double](repeating: 0, count: k0 * k)
                for j in 0..<k0 {
                    var v = 0.0
                    for i in 0..<p { v += rng.nextGaussian() * x[i * k0 + j] }
                    start[j * k] = v
                    for c in 1..<max(1, k) { start[j * k + c] = previous[j * (k - 1) + c - 1] }
                }
                let v = StiefelDescent.minimize(x: x, rows: p, columns: k0, start: orthonormalColumns(start, rows: k0, columns: k), k: k)
                let stability = CentreSubspaceRemoval.stability(x: x, rows: p, columns: k0, v: v, k: k)
                if stability > chosenStability { chosenStability = stability; chosen = v }
            }
            previous = chosen
            let cost = CentreSubspaceRemoval.residualCorrelation(x: x, rows: p, columns: k0, v: chosen, k: k)
            history.append(cost)
            if best == nil || cost < best!.cost { best = (cost, chosen, k) }
            let h = history.count
            if h > 4 && history[h - 1] > history[h - 2] && history[h - 2] > history[h - 3] && history[h - 3] > history[h - 4] { break }
        }
        guard let best else { rank = 0; directions = []; return }
        rank = best.k
        var out = [Double](repeating: 0, count: best.k * n)
        for c in 0..<best.k { for j in 0..<k0 { for f in 0..<n { out[c * n + f] += best.v[j * best.k + c] * rowsB[j][f] } } }
        directions = out
    }

    /// Rows of `values [rows, n]` with the removed directions projected out.
    func project(_ values: [Double], rows: Int) -> [Double] {
        var out = values
        let n = dimension
        for r in 0..<rows {
            for c in 0..<rank {
                var d = 0.0
                for f in 0..<n { d += directions[c * n + f] * out[r * n + f] }
                for f in 0..<n { out[r * n + f] -= d * directions[c * n + f] }
            }
        }
        return out
    }

    /// The Gram matrix of the points at `rows` of `x` (taken relative to the first of them,
    /// as `gram` was) after projecting out the removed directions: `K - W W^T` with
    /// `W = X V` the points' coordinates along those directions.
    func projectedGram(_ x: Matrix, rows: [Int], gram: [Double]) -> [Double] {
        let n = dimension, m = rows.count
        guard rank > 0 else { return gram }
        var w = [Double](repeating: 0, count: m * rank)
        let first = rows[0] * n
        for (j, r) in rows.enumerated() {
            for d in 0..<rank {
                var v = 0.0
                for f in 0..<n { v += (x.storage[r * n + f] - x.storage[first + f]) * directions[d * n + f] }
                w[j * rank + d] = v
            }
        }
        var out = gram
        for i in 0..<m { for j in 0..<m { for d in 0..<rank { out[i * m + j] -= w[i * rank + d] * w[j * rank + d] } } }
        return out
    }

    /// The reference's stability: the smallest ratio of a centre's norm after and before the
    /// projection.
    static func stability(x: [Double], rows p: Int, columns k0: Int, v: [Double], k: Int) -> Double {
        let residual = residualRows(x: x, rows: p, columns: k0, v: v, k: k)
        var worst = Double.infinity
        for i in 0..<p {
            var a = 0.0, b = 0.0
            for j in 0..<k0 { a += residual[i * k0 + j] * residual[i * k0 + j]; b += x[i * k0 + j] * x[i * k0 + j] }
            if b > 0 { worst = min(worst, (a / b).squareRoot()) }
        }
        return worst
    }

    /// Mean absolute cosine between distinct residual centres.
    static func residualCorrelation(x: [Double], rows p: Int, columns k0: Int, v: [Double], k: Int) -> Double {
        let residual = residualRows(x: x, rows: p, columns: k0, v: v, k: k)
        return CentreCorrelation.meanAbsoluteCosine((0..<p).map { Array(residual[($0 * k0)..<(($0 + 1) * k0)]) }, dimension: k0)
    }

    static func residualRows(x: [Double], rows p: Int, columns k0: Int, v: [Double], k: Int) -> [Double] {
        let c = DenseBLAS.multiply(x, rows: p, inner: k0, v, columns: k)
        var out = x
        for i in 0..<p { for j in 0..<k0 { for a in 0..<k { out[i * k0 + j] -= c[i * k + a] * v[j * k + a] } } }
        return out
    }
}

/// Minimises the reference's `square_corrcoeff_full_cost` over matrices V `[k0, k]` with
/// orthonormal columns.
enum StiefelDescent {
    /// The cost 0.5 * sum_ab (C_ab - c_a . c_b)^2 / (c0_a c0_b) with C = X X^T, c = X V,
    /// c0_a = C_aa - |c_a|^2, and its Euclidean gradient X^T (-2 W c + 2 diag(Q c0) c),
    /// W = A / B, Q = A^2 / B^2 (A, B the numerator and denominator matrices).
    static func costAndGradient(x: [Double], rows p: Int, columns k0: Int, v: [Double], k: Int) -> (Double, [Double]) {
        let gramX = DenseBLAS.rowGram(x, rows: p, columns: k0)
        let c = DenseBLAS.multiply(x, rows: p, inner: k0, v, columns: k)
        var c0 = [Double](repeating: 0, count: p)
        for a in 0..<p {
            var s = 0.0
            for j in 0..<k { s += c[a * k + j] * c[a * k + j] }
            c0[a] = max(gramX[a * p + a] - s, 1e-300)
        }
        let cc = DenseBLAS.rowGram(c, rows: p, columns: k)
        var cost = 0.0
        var w = [Double](repeating: 0, count: p * p)
        var qc0 = [Double](repeating: 0, count: p)
        for a in 0..<p {
            for b in 0..<p {
                let numerator = gramX[a * p + b] - cc[a * p + b]
                let denominator = c0[a] * c0[b]
                cost += 0.5 * numerator * numerator / denominator
                w[a * p + b] = numerator / denominator
                qc0[a] += numerator * numerator / (denominator * denominator) * c0[b]
            }
        }
        let wc = DenseBLAS.multiply(w, rows: p, inner: p, c, columns: k)
        var dc = [Double](repeating: 0, count: p * k)
        for a in 0..<p { for j in 0..<k { dc[a * k + j] = -2 * wc[a * k + j] + 2 * qc0[a] * c[a * k + j] } }
        var gradient = [Double](repeating: 0, count: k0 * k)
        for a in 0..<p { for i in 0..<k0 { let xv = x[a * k0 + i]; for j in 0..<k { gradient[i * k + j] += xv * dc[a * k + j] } } }
        return (cost, gradient)
    }

    static func minimize(x: [Double], rows p: Int, columns k0: Int, start: [Double], k: Int) -> [Double] {
        var v = start
        var (cost, gradient) = costAndGradient(x: x, rows: p, columns: k0, v: v, k: k)
        var step = 1.0
        for _ in 0..<CentreSubspaceRemoval.maxIterations {
            // Riemannian gradient on the Stiefel manifold: G - V sym(V^T G).
            var vtg = [Double](repeating: 0, count: k * k)
            for i in 0..<k0 { for a in 0..<k { for b in 0..<k { vtg[a * k + b] += v[i * k + a] * gradient[i * k + b] } } }
            var direction = gradient
            for i in 0..<k0 {
                for b in 0..<k {
                    var s = 0.0
                    for a in 0..<k { s += v[i * k + a] * 0.5 * (vtg[a * k + b] + vtg[b * k + a]) }
                    direction[i * k + b] -= s
                }
            }
            let norm2 = dot(direction, direction)
            if norm2.squareRoot() < 1e-6 { break }
            var accepted = false
            while step > 1e-12 {
                let trial = orthonormalColumns(zip(v, direction).map { $0 - step * $1 }, rows: k0, columns: k)
                let (trialCost, trialGradient) = costAndGradient(x: x, rows: p, columns: k0, v: trial, k: k)
                if trialCost <= cost - 1e-4 * step * norm2 {
                    let improvement = cost - trialCost
                    v = trial; cost = trialCost; gradient = trialGradient
                    accepted = true
                    step *= 2
                    if improvement <= 1e-12 * max(1, abs(cost)) { return v }
                    break
                }
                step /= 2
            }
            if !accepted { break }
        }
        return v
    }
}

/// The Q factor of `a [rows, columns]` by modified Gram-Schmidt (twice, for orthogonality to
/// rounding), column signs kept as in `a`.
func orthonormalColumns(_ a: [Double], rows: Int, columns: Int) -> [Double] {
    var q = a
    for j in 0..<columns {
        for _ in 0..<2 {
            for i in 0..<j {
                var d = 0.0
                for r in 0..<rows { d += q[r * columns + i] * q[r * columns + j] }
                for r in 0..<rows { q[r * columns + j] -= d * q[r * columns + i] }
            }
        }
        var norm = 0.0
        for r in 0..<rows { norm += q[r * columns + j] * q[r * columns + j] }
        norm = norm.squareRoot()
        for r in 0..<rows { q[r * columns + j] = norm > 0 ? q[r * columns + j] / norm : 0 }
    }
    return q
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var s = 0.0
    for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
    return s
}
