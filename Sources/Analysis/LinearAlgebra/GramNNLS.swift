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
/// right-hand side `y = L^-1 b_P` are factored at once for a solve's starting set, then grown
/// by one row per added variable (O(k^2)) and downdated by Givens rotations when a variable
/// leaves (O(k^2)), so a Lawson–Hanson step never refactors. L is stored by columns, so that
/// the factorisation and the forward substitutions are independent updates of contiguous
/// columns (which vectorise) rather than chains of dependent multiply-adds; the reciprocals
/// of its diagonal are kept beside it, because a division on such a chain costs several
/// multiplications.
/// A variable whose column is numerically dependent on the passive set is skipped for that
/// step, as in the original algorithm's rank test. The working buffers are owned by this class
/// and live as long as it does; only ``GramOperator``, which fills the new rows, sees them. The triangular solves are
/// plain loops rather than BLAS calls: at these sizes (k <= M = 50) a call costs more than
/// its work, and OpenBLAS's level-2 routines take a process-wide lock for their scratch
/// memory, which serialised the manifolds' threads.
final class GramNNLS {
    /// The order of H (number of variables).
    let size: Int
    private let gram: GramOperator
    /// L by columns: `L[r][c]` (r >= c) at `chol[c * size + r]`.
    private let chol: UnsafeMutablePointer<Double>
    /// `1 / L[r][r]`.
    private let inverseDiagonal: UnsafeMutablePointer<Double>
    /// The new row of L while a variable is added.
    private let newRow: UnsafeMutablePointer<Double>
    private let forward: UnsafeMutablePointer<Double>
    private let z: UnsafeMutablePointer<Double>
    private let s: UnsafeMutablePointer<Double>
    private let gradient: UnsafeMutablePointer<Double>
    private let isPassive: UnsafeMutablePointer<Bool>
    private let blocked: UnsafeMutablePointer<Bool>
    private var passive: [Int] = []
    /// Scratch list of the variables a passive set is factored from.
    private var candidates: [Int] = []
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
        newRow = .allocate(capacity: max(1, size))
        newRow.initialize(repeating: 0, count: max(1, size))
        inverseDiagonal = .allocate(capacity: max(1, size))
        inverseDiagonal.initialize(repeating: 0, count: max(1, size))
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
        candidates.reserveCapacity(size)
    }

    deinit {
        chol.deallocate()
        forward.deallocate()
        newRow.deallocate()
        inverseDiagonal.deallocate()
        z.deallocate()
        s.deallocate()
        gradient.deallocate()
        isPassive.deallocate()
        blocked.deallocate()
    }

    /// The indices with a positive weight in the last solution.
    var support: [Int] { passive }

    /// The last solution's weight of variable `j`.
    func weight(_ j: Int) -> Double { z[j] }

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
        solveInPlace(b, start: start)
        return (0..<size).map { z[$0] }
    }

    /// Solves for `b` from the passive set `start`; the solution is read with ``weight(_:)``
    /// over ``support`` (with a dense H, nothing is allocated once the passive set has grown
    /// to its size).
    func solveInPlace(_ b: [Double], start: Start = .empty) {
        let n = size
        precondition(b.count == n, "right-hand side does not match the Gram matrix")
        for i in 0..<n { z[i] = 0; blocked[i] = false }
        if start != .previous {
            for p in passive { isPassive[p] = false }
            passive.removeAll(keepingCapacity: true)
        }
        if start == .positiveRightHandSide {
            candidates.removeAll(keepingCapacity: true)
            for j in 0..<n where b[j] > 0 { candidates.append(j) }
            factorize(candidates, b)
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
            candidates.removeAll(keepingCapacity: true)
            for p in passive where s[p] > 0 { candidates.append(p) }
            if candidates.count == passive.count { break }
            factorize(candidates, b)
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
    }

    /// Makes `set` the passive set, factoring `H_PP` at once and forming `y = L^-1 b_P`. The
    /// factorisation is right-looking: each column, once final, updates the columns after it,
    /// independent updates that vectorise, where growing the factor a row at a time
    /// (``add(_:_:)``) is a chain of dependent steps. A variable numerically dependent on those
    /// before it is left out, as ``add(_:_:)`` leaves it out; that case (rare) is handed to
    /// ``add(_:_:)`` one variable at a time.
    private func factorize(_ set: [Int], _ b: [Double]) {
        for p in passive { isPassive[p] = false }
        passive.removeAll(keepingCapacity: true)
        let n = size, k = set.count
        for (c, j) in set.enumerated() { gram.gather(row: j, at: set, into: chol + c * n) }
        for c in 0..<k {
            let column = chol + c * n
            let diagonal = column[c]
            guard diagonal > 1e-12 * max(gram.entry(set[c], set[c]), 1e-300) else {
                for j in set { _ = add(j, b[j]) }
                return
            }
            let root = diagonal.squareRoot(), inverse = 1 / root
            column[c] = root
            inverseDiagonal[c] = inverse
            for r in (c + 1)..<max(c + 1, k) { column[r] *= inverse }
            for q in (c + 1)..<max(c + 1, k) {
                let target = chol + q * n
                let factor = column[q]
                for r in q..<k { target[r] -= column[r] * factor }
            }
        }
        for j in set {
            passive.append(j)
            isPassive[j] = true
        }
        refreshForward(b)
    }

    /// Appends variable `j` (right-hand side `bj`) to the passive set, growing the Cholesky
    /// factor and the forward substitution by one row. Returns false (and leaves the set
    /// unchanged) when its column is numerically dependent.
    private func add(_ j: Int, _ bj: Double) -> Bool {
        let n = size
        let k = passive.count
        let own = gram.entry(j, j)
        var diagonal = own
        let row = newRow
        gram.gather(row: j, at: passive, into: row)
        // The new row l solves L l = H_Pj (forward substitution), a column of L at a time.
        for r in 0..<k {
            let column = chol + r * n
            let lr = row[r] * inverseDiagonal[r]
            row[r] = lr
            for c in (r + 1)..<max(r + 1, k) { row[c] -= column[c] * lr }
            diagonal -= lr * lr
        }
        guard diagonal > 1e-12 * max(own, 1e-300) else { return false }
        let root = diagonal.squareRoot()
        for c in 0..<k { chol[c * n + k] = row[c] }
        chol[k * n + k] = root
        inverseDiagonal[k] = 1 / root
        var projected = bj
        for c in 0..<k { projected -= row[c] * forward[c] }
        forward[k] = projected * inverseDiagonal[k]
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
        // Rows below `position` move up one; row r keeps columns 0...r + 1 (the last of them
        // the superdiagonal element the rotations remove).
        for c in 0..<k {
            let column = chol + c * n
            var r = max(position, c - 1)
            while r < k - 1 { column[r] = column[r + 1]; r += 1 }
        }
        // Row `position` of the old system is gone; y keeps its k entries until rotated.
        for j in position..<(k - 1) {
            let left = chol + j * n, right = chol + (j + 1) * n
            let a = left[j], b = right[j]
            let radius = (a * a + b * b).squareRoot()
            guard radius > 0 else { continue }
            let c = a / radius, s = b / radius
            for r in j..<(k - 1) {
                let x = left[r], y = right[r]
                left[r] = c * x + s * y
                right[r] = -s * x + c * y
            }
            right[j] = 0
            let u = forward[j], v = forward[j + 1]
            forward[j] = c * u + s * v
            forward[j + 1] = -s * u + c * v
        }
        for r in 0..<(k - 1) { chol[(k - 1) * n + r] = 0 }
        for r in position..<max(position, k - 1) { inverseDiagonal[r] = 1 / chol[r * n + r] }
    }

    /// Recomputes `y = L^-1 b_P` for a new right-hand side.
    private func refreshForward(_ b: [Double]) {
        let n = size, k = passive.count
        for r in 0..<k { forward[r] = b[passive[r]] }
        for r in 0..<k {
            let column = chol + r * n
            let y = forward[r] * inverseDiagonal[r]
            forward[r] = y
            for c in (r + 1)..<max(r + 1, k) { forward[c] -= column[c] * y }
        }
    }

    /// Solves `L^T s_P = y`; `s` holds the result at the passive indices.
    private func backSubstitute() {
        let k = passive.count
        guard k > 0 else { return }
        // `gradient` is free scratch here: it is recomputed before its next read.
        let x = gradient
        // x_c = (y_c - sum over r > c of L[r][c] x_r) / L[c][c], the terms taken from the last
        // row up, reading column c of L contiguously.
        for c in stride(from: k - 1, through: 0, by: -1) {
            let column = chol + c * size
            var v = forward[c]
            var r = k - 1
            while r > c { v -= column[r] * x[r]; r -= 1 }
            x[c] = v * inverseDiagonal[c]
        }
        for r in 0..<k { s[passive[r]] = x[r] }
    }
}

/// The Gram matrix H of a ``GramNNLS`` problem.
enum GramOperator {
    /// H itself, `size x size` row-major.
    case dense([Double], size: Int)
    /// `H = C C^T + offset` with C `[size, rank]` row-major (one row per variable).
    case factored(rows: [Double], rank: Int, offset: Double)

    /// `out[c] = H[j][indices[c]]`.
    func gather(row j: Int, at indices: [Int], into out: UnsafeMutablePointer<Double>) {
        switch self {
        case let .dense(h, n):
            h.withUnsafeBufferPointer { hp in
                guard let row = hp.baseAddress.map({ $0 + j * n }) else { return }
                for (c, i) in indices.enumerated() { out[c] = row[i] }
            }
        case .factored:
            for (c, i) in indices.enumerated() { out[c] = entry(j, i) }
        }
    }

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
