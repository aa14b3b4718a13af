/// Non-negative least squares in Gram form, by the Lawson–Hanson active-set method
/// (Lawson & Hanson, "Solving Least Squares Problems", 1974, ch. 23):
///
///     minimise 0.5 z^T H z - b^T z   subject to z >= 0,
///
/// which is `min ||S z - t||^2` when `H = S^T S` and `b = S^T t`. The Gram matrix is fixed at
/// construction, so many right-hand sides share it (the n_t problems of one manifold), and a
/// solve may start from a guessed passive set (a warm start).
///
/// H is given either explicitly or as `C C^T + offset` from a row-major factor C
/// (``GramOperator``); the factored form never builds H, which matters when the variables are
/// thousands of points of low rank (the separability tests of the simulated capacity).
///
/// The passive set's Cholesky factor is grown by one row per added variable (O(k^2)) and
/// rebuilt only when variables leave the set. A variable whose column is numerically dependent
/// on the passive set is skipped for that step, as in the original algorithm's rank test.
struct GramNNLS {
    /// The order of H (number of variables).
    let size: Int
    private let gram: GramOperator
    private var gradient: [Double]
    private var chol: [Double]
    private var passive: [Int] = []
    private var isPassive: [Bool]
    private var blocked: [Bool]
    private var z: [Double]
    private var s: [Double]
    private var work: [Double]
    /// Outer iterations (variables added) of the last solve, for diagnostics and tests.
    private(set) var lastIterations = 0

    init(gram: [Double], size: Int) {
        precondition(gram.count == size * size, "Gram matrix does not match its size")
        self.init(operator: .dense(gram, size: size), size: size)
    }

    init(operator gram: GramOperator, size: Int) {
        self.size = size
        self.gram = gram
        gradient = [Double](repeating: 0, count: size)
        chol = [Double](repeating: 0, count: size * size)
        isPassive = [Bool](repeating: false, count: size)
        blocked = [Bool](repeating: false, count: size)
        z = [Double](repeating: 0, count: size)
        s = [Double](repeating: 0, count: size)
        work = [Double](repeating: 0, count: size)
    }

    /// The indices with a positive weight in the last solution.
    var support: [Int] { passive }

    /// Solves for `b` and returns z (length ``size``). `warmStart` lists variables to try as
    /// the initial passive set; those whose unconstrained solution is not positive are dropped
    /// before the active-set iterations start, so the result does not depend on the guess.
    mutating func solve(_ b: [Double], warmStart: [Int] = []) -> [Double] {
        let n = size
        precondition(b.count == n, "right-hand side does not match the Gram matrix")
        for i in 0..<n { z[i] = 0; isPassive[i] = false; blocked[i] = false }
        passive.removeAll(keepingCapacity: true)
        var scale = 0.0
        for i in 0..<n { scale = max(scale, abs(b[i])) }
        let tolerance = 1e-11 * max(scale, 1e-300)

        if !warmStart.isEmpty {
            for j in warmStart where !isPassive[j] { _ = add(j) }
            // Drop non-positive components until the unconstrained solution on the set is
            // strictly positive, which makes it a feasible starting point.
            while !passive.isEmpty {
                solvePassive(b)
                let before = passive.count
                passive = passive.filter { s[$0] > 0 }
                for i in 0..<n where isPassive[i] && !passive.contains(i) { isPassive[i] = false }
                if passive.count == before { break }
                rebuild()
            }
            for j in passive { z[j] = s[j] }
        }

        var iterations = 0
        let limit = 3 * n + 10
        while iterations < limit {
            // Negative gradient w = b - H z, over the variables not in the passive set.
            gram.negativeGradient(b, z: z, passive: passive, into: &gradient)
            var best = -1
            var bestValue = tolerance
            for j in 0..<n where !isPassive[j] && !blocked[j] && gradient[j] > bestValue {
                bestValue = gradient[j]
                best = j
            }
            if best < 0 { break }
            iterations += 1
            if !add(best) {
                blocked[best] = true
                continue
            }
            for j in 0..<n { blocked[j] = false }
            var inner = 0
            while true {
                solvePassive(b)
                var feasible = true
                for p in passive where s[p] <= 0 { feasible = false; break }
                if feasible {
                    for p in passive { z[p] = s[p] }
                    break
                }
                inner += 1
                // Step from z towards s until the first passive weight reaches zero; that
                // variable (and any other that reached zero) leaves the passive set.
                var alpha = 1.0
                var leaving = -1
                for p in passive where s[p] <= 0 {
                    let denominator = z[p] - s[p]
                    let ratio = denominator > 0 ? z[p] / denominator : 0
                    if ratio <= alpha { alpha = ratio; leaving = p }
                }
                for p in passive { z[p] += alpha * (s[p] - z[p]) }
                if leaving >= 0 { z[leaving] = 0 }
                let keep = passive.filter { z[$0] > 0 }
                for p in passive where z[p] <= 0 {
                    isPassive[p] = false
                    z[p] = 0
                }
                passive = keep
                rebuild()
                if passive.isEmpty || inner > n { break }
            }
        }
        lastIterations = iterations
        return z
    }

    /// Appends variable `j` to the passive set, growing the Cholesky factor by one row.
    /// Returns false (and leaves the set unchanged) when its column is numerically dependent.
    private mutating func add(_ j: Int) -> Bool {
        let n = size
        let k = passive.count
        let own = gram.entry(j, j)
        var diagonal = own
        for c in 0..<k {
            var v = gram.entry(j, passive[c])
            for d in 0..<c { v -= chol[k * n + d] * chol[c * n + d] }
            v /= chol[c * n + c]
            chol[k * n + c] = v
            diagonal -= v * v
        }
        guard diagonal > 1e-12 * max(own, 1e-300) else { return false }
        chol[k * n + k] = diagonal.squareRoot()
        passive.append(j)
        isPassive[j] = true
        return true
    }

    /// Refactors the passive set from scratch after variables left it.
    private mutating func rebuild() {
        let members = passive
        passive.removeAll(keepingCapacity: true)
        for p in members {
            isPassive[p] = false
            if !add(p) { z[p] = 0 }
        }
    }

    /// Solves `H_PP s_P = b_P` with the current factor; `s` holds the result at the passive
    /// indices.
    private mutating func solvePassive(_ b: [Double]) {
        let n = size
        let k = passive.count
        for r in 0..<k {
            var v = b[passive[r]]
            for c in 0..<r { v -= chol[r * n + c] * work[c] }
            work[r] = v / chol[r * n + r]
        }
        for r in stride(from: k - 1, through: 0, by: -1) {
            var v = work[r]
            for c in (r + 1)..<max(r + 1, k) { v -= chol[c * n + r] * work[c] }
            work[r] = v / chol[r * n + r]
        }
        for r in 0..<k { s[passive[r]] = work[r] }
    }
}

/// The Gram matrix H of a ``GramNNLS`` problem.
enum GramOperator {
    /// H itself, `size x size` row-major.
    case dense([Double], size: Int)
    /// `H = C C^T + offset` with C `[size, rank]` row-major (one row per variable).
    case factored(rows: [Double], rank: Int, offset: Double)

    func entry(_ i: Int, _ j: Int) -> Double {
        switch self {
        case let .dense(h, n):
            return h[i * n + j]
        case let .factored(c, rank, offset):
            var v = offset
            for k in 0..<rank { v += c[i * rank + k] * c[j * rank + k] }
            return v
        }
    }

    /// `out = b - H z` where z is zero outside `passive`.
    func negativeGradient(_ b: [Double], z: [Double], passive: [Int], into out: inout [Double]) {
        let n = b.count
        switch self {
        case let .dense(h, _):
            for j in 0..<n {
                var w = b[j]
                let row = j * n
                for p in passive { w -= h[row + p] * z[p] }
                out[j] = w
            }
        case let .factored(c, rank, offset):
            var v = [Double](repeating: 0, count: rank)
            var total = 0.0
            for p in passive {
                total += z[p]
                for k in 0..<rank { v[k] += z[p] * c[p * rank + k] }
            }
            let projected = DenseBLAS.multiply(c, rows: n, inner: rank, v, columns: 1)
            for j in 0..<n { out[j] = b[j] - offset * total - projected[j] }
        }
    }
}
