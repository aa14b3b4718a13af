import Metrics
import SynCore

/// The theory-free capacity check (Chung, Lee & Sompolinsky 2018, Sec. V; Cohen et al. 2020):
/// the number of random projection dimensions N_c at which half of the balanced random
/// dichotomies of the P manifolds are linearly separable (by a hyperplane through the origin),
/// and alpha_sim = P / N_c.
///
/// The manifolds are prepared as for MFTMA: global mean removed, each manifold scaled by the
/// inverse norm of its centre. A Gaussian projection of the points to n dimensions is drawn as
/// `Z R` with `R^T R` the points' Gram matrix and Z `[n, rank]` Gaussian (the same law as
/// projecting the points themselves, at the cost of their rank instead of their width).
/// Separability of one dichotomy is decided exactly by Lawson & Hanson's least-distance
/// program: `y_i w . x_i >= 1` is feasible iff the NNLS `min_u>=0 ||E u - f||`,
/// `E = [y_i x_i ; 1]`, `f = (0, ..., 0, 1)`, leaves a residual, i.e. iff `sum(u) < 1` at the
/// optimum. N_c is bracketed by doubling n, then bisection, with the same draws at every n (common
/// random numbers) and interpolated linearly between the last bracket's fractions.
public enum SimulatedCapacity {
    /// Settings of the estimate.
    public struct Options: Sendable {
        /// Dichotomy-projection draws per tested dimension (at least 100 in the spec).
        public var draws = 100
        /// Seed of the dichotomies and projections.
        public var seed: UInt64 = 0
        /// Threads over draws.
        public var jobs = 1
        /// Defaults: 100 draws, seed 0, one thread.
        public init() {}
    }

    /// The estimate.
    public struct Estimate: Sendable, Equatable {
        /// alpha_sim = P / N_c; nil when even the full-rank data separates fewer than half the
        /// dichotomies.
        public var capacity: Double?
        /// N_c (interpolated, so fractional).
        public var criticalDimension: Double?
        /// Dimensions tested and their separable fractions, in test order.
        public var trials: [(dimension: Int, fraction: Double)]

        /// Equal capacities, critical dimensions and trials.
        public static func == (a: Estimate, b: Estimate) -> Bool {
            a.capacity == b.capacity && a.criticalDimension == b.criticalDimension
                && a.trials.count == b.trials.count
                && zip(a.trials, b.trials).allSatisfy { $0.dimension == $1.dimension && $0.fraction == $1.fraction }
        }
    }

    /// Estimates alpha_sim for manifolds given as `[M_i, N]` point rows.
    public static func estimate(_ manifolds: [Matrix], options: Options) -> Estimate {
        let p = manifolds.count
        precondition(p >= 2, "at least two manifolds")
        let n = manifolds[0].columns
        var points: [Double] = []
        var owner: [Int] = []
        for (i, manifold) in manifolds.enumerated() {
            points += manifold.storage
            owner += [Int](repeating: i, count: manifold.rows)
        }
        let count = owner.count
        var origin = [Double](repeating: 0, count: n)
        for r in 0..<count { for c in 0..<n { origin[c] += points[r * n + c] } }
        for c in 0..<n { origin[c] /= Double(count) }
        for r in 0..<count { for c in 0..<n { points[r * n + c] -= origin[c] } }
        var centres = [[Double]](repeating: [Double](repeating: 0, count: n), count: p)
        var sizes = [Int](repeating: 0, count: p)
        for r in 0..<count {
            sizes[owner[r]] += 1
            for c in 0..<n { centres[owner[r]][c] += points[r * n + c] }
        }
        for i in 0..<p {
            let norm = (centres[i].reduce(0) { $0 + $1 * $1 }).squareRoot() / Double(sizes[i])
            let scale = norm > 0 ? 1 / norm : 1
            for r in 0..<count where owner[r] == i { for c in 0..<n { points[r * n + c] *= scale } }
        }
        let root = PivotedCholesky(gram: DenseBLAS.rowGram(points, rows: count, columns: n), size: count)
        // Point coordinates as rows [count, rank].
        var coordinates = [Double](repeating: 0, count: count * root.rank)
        for k in 0..<root.rank { for j in 0..<count { coordinates[j * root.rank + k] = root.factor[k * count + j] } }
        let rank = root.rank
        let pointCoordinates = coordinates
        let pointOwner = owner

        var fractions: [Int: Double] = [:]
        func fraction(_ dimension: Int) -> Double {
            if let f = fractions[dimension] { return f }
            let separable = parallelMap(options.draws, jobs: options.jobs) { draw -> Bool in
                var rng = Xoshiro256StarStar.item(seed: options.seed, index: UInt64(draw))
                var signs = [Double](repeating: -1, count: p)
                var order = Array(0..<p)
                ManifoldSample.shuffle(&order, rng: &rng)
                for i in order.prefix(p / 2) { signs[i] = 1 }
                // Z is [dimension, rank]; the projected point j is Z c_j. Drawn row by row, so a
                // larger dimension extends, not replaces, a smaller one's rows.
                var z = [Double](repeating: 0, count: dimension * rank)
                for row in 0..<dimension { for k in 0..<rank { z[row * rank + k] = rng.nextGaussian() } }
                var projected = [Double](repeating: 0, count: count * dimension)
                DenseBLAS.multiplyTransposed(pointCoordinates, rows: count, inner: rank, z, columns: dimension, into: &projected)
                for j in 0..<count { let s = signs[pointOwner[j]]; for c in 0..<dimension { projected[j * dimension + c] *= s } }
                let solver = GramNNLS(operator: .factored(rows: projected, rank: dimension, offset: 1), size: count)
                let u = solver.solve([Double](repeating: 1, count: count))
                return u.reduce(0, +) < 1 - 1e-8
            }
            let f = Double(separable.filter { $0 }.count) / Double(options.draws)
            fractions[dimension] = f
            return f
        }
        // Bracket N_c by doubling from 1 (small dimensions are the cheap tests), capped at the
        // data's rank, then bisect the bracket.
        var trials: [(Int, Double)] = []
        let limit = min(n, count)
        var lo = 0, loFraction = 0.0
        var hi = 1, hiFraction = fraction(1)
        trials.append((hi, hiFraction))
        while hiFraction < 0.5 {
            guard hi < limit else { return Estimate(capacity: nil, criticalDimension: nil, trials: trials) }
            lo = hi
            loFraction = hiFraction
            hi = min(2 * hi, limit)
            hiFraction = fraction(hi)
            trials.append((hi, hiFraction))
        }
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            let f = fraction(mid)
            trials.append((mid, f))
            if f >= 0.5 { hi = mid; hiFraction = f } else { lo = mid; loFraction = f }
        }
        let critical = hiFraction > loFraction
            ? Double(lo) + (0.5 - loFraction) / (hiFraction - loFraction) * Double(hi - lo)
            : Double(hi)
        return Estimate(capacity: Double(p) / critical, criticalDimension: critical, trials: trials)
    }
}
