/// Non-negative least squares in Gram form, by the Lawson–Hanson active-set method
/// (Lawson & Hanson, "Solving Least Squares Problems", 1974, ch. 23):
///
///     minimise 0.5 z^T H z - b^T z   subject to z >= 0,
///
/// which is `min ||S z - t||^2` when `H = S^T S` and `b = S^T t`. The Gram matrix is fixed at
/// construction, so many right-hand sides share it (the n_t problems of one manifold), and a
/// solve may start from the previous solve's passive set (a warm start).
///
/// H is given either explicitly or as `C C^T + offset` from a row-major factor C
/// (``GramOperator``); the factored form never builds H, which matters when the variables are
/// thousands of points of low rank (the separability tests of the simulated capacity).
///
/// The passive set's Cholesky factor L (`H_PP = L L^T`) and the forward-substituted
/// right-hand side `y = L^-1 b_P` are grown by one row per added variable (O(k^2)) and
/// downdated by Givens rotations when a variable leaves (O(k^2)), so a step never refactors.
/// A variable whose column is numerically dependent on the passive set is skipped for that
/// step, as in the original algorithm's rank test. The working buffers are owned by this class
/// and live as long as it does; nothing outside it sees a pointer. The triangular solves are
/// plain loops rather than BLAS calls: at these sizes (k <= M = 50) a call costs more than
/// its work, and OpenBLAS's level-2 routines take a process-wide lock for their scratch
/// memory, which serialised the manifolds' threads.
final class GramNNLS {
    /// The order of H (number of variables).
    let size: Int
    private let gram: GramOperator
    private let chol: UnsafeMutablePointer<Double>
    private let forward: UnsafeMutablePointer<Double>
    private let z: UnsafeMutablePointer<Double>
    private let s: UnsafeMutablePointer<Double>
    private let gradient: UnsafeMutablePointer<Double>
    private let isPassive: UnsafeMutablePointer<Bool>
    private let blocked: UnsafeMutablePointer<Bool>
    private var passive: [Int] = []
    /// Outer iterations (variables added) of the last solve, for diagnostics and tests.
    private(set) var lastIterations = 0

    convenience init(gram: [Double], size: Int) {
        precondition(gram.count == size * size, "Gram matrix does not match its size")
        self.init(operator: .dense(gram, size: size), size: size)
    }

    init(operator gram: GramOperator, size: Int) {
        self.size = size
        self.gram = gram
        chol = .allocate(capacity: max(1, size * size))
        chol.initialize(repeating: 0, count: max(1, size * size))
        forward = .allocate(capacity: max(1, size))
        forward.initialize(repeating: 0, count: max(1, size))
        z = .allocate(capacity: max(1, size))
        z.initialize(repeating: 0, count: max(1, size))
        s = .allocate(capacity: max(1, size))
        s.initialize(repeating: 0, count: max(1, size))
        gradient = .allocate(capacity: max(1, size))
        gradient.initialize(repeating: 0, count: max(1, size))
        isPassive = .allocate(capacity: max(1, size))
        isPassive.initialize(repeating: false, count: max(1, size))
        blocked = .allocate(capacity: max(1, size))
        blocked.initialize(repeating: false, count: max(1, size))
        passive.reserveCapacity(size)
    }

    deinit {
        chol.deallocate()
        forward.deallocate()
        z.deallocate()
        s.deallocate()
        gradient.deallocate()
        isPassive.deallocate()
        blocked.deallocate()
    }

    /// The indices with a positive weight in the last solution.
    var support: [Int] { passive }

    /// The passive set a solve starts from. Variables whose unconstrained solution on it is
    /// not positive are dropped first, so the result does not depend on the guess, only the
    /// work does.
    enum Start {
        /// The empty set (Lawson and Hanson's start).
        case empty
        /// The previous solve's set (and its Cholesky factor).
        case previous
        /// The variables whose gradient at z = 0 points into the feasible side (`b_j > 0`).
        /// On the manifold problems (unrelated right-hand sides, about half the points in
        /// each support) it cut the capacity's time by 30 % against the previous solve's set.
        case positiveRightHandSide
    }

    /// Solves for `b` from the passive set `start` and returns z (length ``size``).
    func solve(_ b: [Double], start: Start = .empty) -> [Double] {
        let n = size
        precondition(b.count == n, "right-hand side does not match the Gram matrix")
        for i in 0..<n { z[i] = 0; blocked[i] = false }
        if start != .previous {
            for p in passive { isPassive[p] = false }
            passive.removeAll(keepingCapacity: true)
        }
        if start == .positiveRightHandSide {
            for j in 0..<n where b[j] > 0 { _ = add(j, b[j]) }
        }
        var scale = 0.0
        for i in 0..<n { scale = max(scale, abs(b[i])) }
        let tolerance = 1e-11 * max(scale, 1e-300)

        // A kept factor's forward substitution belongs to the last right-hand side.
        if start == .previous { refreshForward(b) }
        // Drop non-positive components until the unconstrained solution on the set is strictly
        // positive, which makes it a feasible starting point. About half the set drops for an
        // unrelated right-hand side, so the factor of the rest is rebuilt (O(k^3 / 6)) rather
        // than downdated once per dropped variable (O(k^2) each).
        while !passive.isEmpty {
            backSubstitute()
            let kept = passive.filter { s[$0] > 0 }
            if kept.count == passive.count { break }
            for p in passive { isPassive[p] = false }
            passive.removeAll(keepingCapacity: true)
            for j in kept { _ = add(j, b[j]) }
        }
        for j in passive { z[j] = s[j] }

        var iterations = 0
        let limit = 3 * n + 10
        while iterations < limit {
            // Negative gradient w = b - H z, over the variables not in the passive set.
            gram.negativeGradient(b, z: z, passive: passive, isPassive: isPassive, into: gradient, size: n)
            var best = -1
            var bestValue = tolerance
            for j in 0..<n where !isPassive[j] && !blocked[j] && gradient[j] > bestValue {
                bestValue = gradient[j]
                best = j
            }
            if best < 0 { break }
            iterations += 1
            if !add(best, b[best]) {
                blocked[best] = true
                continue
            }
            for j in 0..<n { blocked[j] = false }
            var inner = 0
            while true {
                backSubstitute()
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
                for position in stride(from: passive.count - 1, through: 0, by: -1) where z[passive[position]] <= 0 {
                    z[passive[position]] = 0
                    remove(at: position)
                }
                if passive.isEmpty || inner > n { break }
            }
        }
        lastIterations = iterations
        return (0..<n).map { z[$0] }
    }

    /// Appends variable `j` (right-hand side `bj`) to the passive set, growing the Cholesky
    /// factor and the forward substitution by one row. Returns false (and leaves the set
    /// unchanged) when its column is numerically dependent.
    private func add(_ j: Int, _ bj: Double) -> Bool {
        let n = size
        let k = passive.count
        let own = gram.entry(j, j)
        var diagonal = own
        let row = chol + k * n
        for c in 0..<k { row[c] = gram.entry(j, passive[c]) }
        // The new row l solves L l = H_Pj (forward substitution).
        for r in 0..<k {
            let lower = chol + r * n
            var v = row[r]
            for c in 0..<r { v -= lower[c] * row[c] }
            row[r] = v / lower[r]
            diagonal -= row[r] * row[r]
        }
        guard diagonal > 1e-12 * max(own, 1e-300) else { return false }
        let root = diagonal.squareRoot()
        row[k] = root
        var projected = bj
        for c in 0..<k { projected -= row[c] * forward[c] }
        forward[k] = projected / root
        passive.append(j)
        isPassive[j] = true
        return true
    }

    /// Removes the variable at `position` of the passive set in O(k^2): deleting its row of L
    /// leaves one superdiagonal element in each later row, which Givens rotations of
    /// neighbouring columns remove (orthogonal, so `L L^T` is unchanged); the same rotations
    /// carry the forward substitution along.
    private func remove(at position: Int) {
        let n = size
        let k = passive.count
        isPassive[passive[position]] = false
        passive.remove(at: position)
        for r in position..<(k - 1) {
            let to = chol + r * n, from = chol + (r + 1) * n
            for c in 0...(r + 1) { to[c] = from[c] }
        }
        // Row `position` of the old system is gone; y keeps its k entries until rotated.
        for j in position..<(k - 1) {
            let a = chol[j * n + j], b = chol[j * n + j + 1]
            let radius = (a * a + b * b).squareRoot()
            guard radius > 0 else { continue }
            let c = a / radius, s = b / radius
            for r in j..<(k - 1) {
                let x = chol[r * n + j], y = chol[r * n + j + 1]
                chol[r * n + j] = c * x + s * y
                chol[r * n + j + 1] = -s * x + c * y
            }
            chol[j * n + j + 1] = 0
            let u = forward[j], v = forward[j + 1]
            forward[j] = c * u + s * v
            forward[j + 1] = -s * u + c * v
        }
        for r in 0..<(k - 1) { chol[r * n + k - 1] = 0 }
    }

    /// Recomputes `y = L^-1 b_P` for a new right-hand side.
    private func refreshForward(_ b: [Double]) {
        let n = size
        for r in 0..<passive.count {
            var v = b[passive[r]]
            let row = chol + r * n
            for c in 0..<r { v -= row[c] * forward[c] }
            forward[r] = v / row[r]
        }
    }

    /// Solves `L^T s_P = y`; `s` holds the result at the passive indices.
    private func backSubstitute() {
        let k = passive.count
        guard k > 0 else { return }
        // `gradient` is free scratch here: it is recomputed before its next read.
        let rhs = gradient
        for r in 0..<k { rhs[r] = forward[r] }
        // Column-oriented back substitution: once x_r is known, its multiples leave the rows
        // above it, reading row r of L contiguously.
        for r in stride(from: k - 1, through: 0, by: -1) {
            let lower = chol + r * size
            let x = rhs[r] / lower[r]
            rhs[r] = x
            for c in 0..<r { rhs[c] -= lower[c] * x }
        }
        for r in 0..<k { s[passive[r]] = rhs[r] }
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

    /// `out = b - H z` (z is zero outside the passive set).
    func negativeGradient(_ b: [Double], z: UnsafeMutablePointer<Double>, passive: [Int],
                          isPassive: UnsafeMutablePointer<Bool>, into out: UnsafeMutablePointer<Double>, size n: Int) {
        switch self {
        case let .dense(h, _):
            // Row by row of H (symmetric, so row p is column p) over the passive set only:
            // contiguous updates that vectorise, instead of one dependent sum per entry.
            for j in 0..<n { out[j] = b[j] }
            h.withUnsafeBufferPointer { hp in
                guard let base = hp.baseAddress else { return }
                for p in passive {
                    let weight = z[p]
                    let row = base + p * n
                    for j in 0..<n { out[j] -= row[j] * weight }
                }
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
