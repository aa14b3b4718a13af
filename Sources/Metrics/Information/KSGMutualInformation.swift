import SynCore

/// Mutual information between two continuous variables by the k-nearest-neighbour estimator
/// of Kraskov, Stögbauer & Grassberger (2004), estimator 1, in nats, as scikit-learn's
/// `mutual_info_regression` computes it for one feature.
///
/// Both variables are scaled to unit standard deviation (population, as
/// `sklearn.preprocessing.scale(with_mean=False)`), then, as scikit-learn does to break ties,
/// each gets deterministic jitter `1e-10 * max(1, mean|v|) * g` with `g` standard normal from
/// a stream seeded by `seed` (scikit-learn draws it from its own RNG, so results agree with it
/// only up to this jitter). For each point `i`, `eps_i` is the max-norm distance to its k-th
/// nearest neighbour in the joint space; `n_x(i)` and `n_y(i)` count the other points strictly
/// within `eps_i` along each axis. Then
/// `I = psi(N) + psi(k) - mean(psi(n_x + 1)) - mean(psi(n_y + 1))`, clipped at 0.
/// A constant variable gives 0.
public enum KSGMutualInformation {
    /// Neighbours used by default (scikit-learn's `n_neighbors = 3`).
    public static let defaultNeighbours = 3

    /// `I(x; y)` in nats.
    ///
    /// - Precondition: equal lengths; more than `k` points.
    public static func nats(_ x: [Double], _ y: [Double], k: Int = defaultNeighbours,
                            seed: UInt64 = 0) -> Double {
        precondition(x.count == y.count, "x and y must have the same length")
        let n = x.count
        precondition(k >= 1 && n > k, "need more points than neighbours")
        guard let xs = prepared(x, stream: Xoshiro256StarStar.item(seed: seed, index: 0)),
              let ys = prepared(y, stream: Xoshiro256StarStar.item(seed: seed, index: 1)) else { return 0 }
        return estimate(xs, ys, k: k)
    }

    /// `M[l, k] = I(code_l; value_k)` for every pair, in parallel over pairs.
    ///
    /// - Precondition: equal row counts; more than `k` rows.
    public static func matrix(codes: Matrix, values: Matrix, k: Int = defaultNeighbours,
                              seed: UInt64 = 0, jobs: Int = 1) -> Matrix {
        precondition(codes.rows == values.rows, "codes and values must have the same rows")
        precondition(k >= 1 && codes.rows > k, "need more points than neighbours")
        let l = codes.columns, f = values.columns
        // Each column gets its own jitter stream, so a pair's estimate does not depend on jobs.
        let xs: [[Double]?] = (0..<l).map {
            prepared(codes.column($0), stream: Xoshiro256StarStar.item(seed: seed, index: UInt64($0)))
        }
        let ys: [[Double]?] = (0..<f).map {
            prepared(values.column($0), stream: Xoshiro256StarStar.item(seed: seed, index: UInt64(l + $0)))
        }
        // Sorting is shared: each code is sorted once, each factor's values once.
        let sortedCodes: [SortedVariable?] = parallelMap(l, jobs: jobs) { xs[$0].map(SortedVariable.init) }
        let sortedValues: [[Double]?] = ys.map { $0?.sorted() }
        let psi = Digamma.integerTable(upTo: codes.rows + 1)
        let entries = parallelMap(l * f, jobs: jobs) { idx -> Double in
            guard let x = sortedCodes[idx / f], let y = ys[idx % f], let sy = sortedValues[idx % f] else { return 0 }
            return estimate(x, y, sortedY: sy, k: k, psi: psi)
        }
        return Matrix(rows: l, columns: f, storage: entries)
    }

    /// Unit-variance scaling plus tie-breaking jitter; nil for a constant variable.
    static func prepared(_ v: [Double], stream: Xoshiro256StarStar) -> [Double]? {
        let n = Double(v.count)
        let mean = v.reduce(0, +) / n
        var ss = 0.0
        for x in v { ss += (x - mean) * (x - mean) }
        let sd = (ss / n).squareRoot()
        guard sd > 0 else { return nil }
        var rng = stream
        var out = v.map { $0 / sd }
        let amp = 1e-10 * max(1, out.reduce(0) { $0 + abs($1) } / n)
        for i in 0..<out.count { out[i] += amp * rng.nextGaussian() }
        return out
    }

    /// The estimator on prepared (scaled, tie-free) data.
    static func estimate(_ x: [Double], _ y: [Double], k: Int) -> Double {
        estimate(SortedVariable(x), y, sortedY: y.sorted(), k: k,
                 psi: Digamma.integerTable(upTo: x.count + 1))
    }

    /// The estimator with `x` pre-sorted, `sortedY` = `y` ascending and `psi[m] = psi(m)`.
    static func estimate(_ x: SortedVariable, _ y: [Double], sortedY: [Double], k: Int, psi: [Double]) -> Double {
        let n = y.count
        let sy = x.order.map { y[$0] }
        var sumPsi = 0.0
        x.values.withUnsafeBufferPointer { sx in
            sy.withUnsafeBufferPointer { syp in
                sortedY.withUnsafeBufferPointer { ys in
                    withUnsafeTemporaryAllocation(of: Double.self, capacity: k) { best in
                        for p in 0..<n {
                            let eps = kthNeighbourDistance(sx, syp, at: p, k: k, best: best)
                            // Strictly inside eps, as scikit-learn's radius nextafter(eps, 0).
                            let r = eps > 0 ? eps.nextDown : 0
                            let nx = countWithin(sx, center: sx[p], radius: r) - 1
                            let ny = countWithin(ys, center: syp[p], radius: r) - 1
                            sumPsi += psi[nx + 1] + psi[ny + 1]
                        }
                    }
                }
            }
        }
        let mi = psi[n] + psi[k] - sumPsi / Double(n)
        return max(0, mi)
    }

    /// Max-norm distance from point `p` to its k-th nearest other point; points sorted by x.
    /// `best` holds the k smallest distances seen, ascending.
    @inline(__always)
    static func kthNeighbourDistance(_ sx: UnsafeBufferPointer<Double>, _ sy: UnsafeBufferPointer<Double>,
                                     at p: Int, k: Int, best: UnsafeMutableBufferPointer<Double>) -> Double {
        for i in 0..<k { best[i] = .infinity }
        let n = sx.count
        let x0 = sx[p], y0 = sy[p]
        var left = p - 1, right = p + 1
        while left >= 0 || right < n {
            let dl = left >= 0 ? x0 - sx[left] : .infinity
            let dr = right < n ? sx[right] - x0 : .infinity
            let j: Int, dx: Double
            if dl <= dr { j = left; dx = dl; left -= 1 } else { j = right; dx = dr; right += 1 }
            if dx >= best[k - 1] { break }
            let d = max(dx, abs(sy[j] - y0))
            if d < best[k - 1] {
                var i = k - 1
                while i > 0 && best[i - 1] > d { best[i] = best[i - 1]; i -= 1 }
                best[i] = d
            }
        }
        return best[k - 1]
    }

    /// Number of sorted values `v` with `|v - center| <= radius`, the difference computed as
    /// the distances are (rounded subtraction is monotone, so binary search stays valid).
    @inline(__always)
    static func countWithin(_ sorted: UnsafeBufferPointer<Double>, center: Double, radius: Double) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi { let m = (lo + hi) >> 1; if center - sorted[m] > radius { lo = m + 1 } else { hi = m } }
        let first = lo
        hi = sorted.count
        while lo < hi { let m = (lo + hi) >> 1; if sorted[m] - center <= radius { lo = m + 1 } else { hi = m } }
        return lo - first
    }
}

/// A variable's values in ascending order with the permutation that sorts them.
struct SortedVariable: Sendable {
    /// `order[i]` is the index of the i-th smallest value.
    let order: [Int]
    /// The values, ascending.
    let values: [Double]

    init(_ v: [Double]) {
        var pairs = v.indices.map { (v[$0], $0) }
        pairs.sort { $0.0 < $1.0 }
        order = pairs.map(\.1)
        values = pairs.map(\.0)
    }
}

/// The digamma function at positive integers: `psi(1) = -gamma`, `psi(m + 1) = psi(m) + 1/m`.
enum Digamma {
    /// Euler-Mascheroni constant.
    static let eulerGamma = 0.577_215_664_901_532_860_6

    /// `table[m] = psi(m)` for `m` in `1...upTo` (`table[0]` is unused, -infinity).
    static func integerTable(upTo m: Int) -> [Double] {
        var t = [Double](repeating: -.infinity, count: m + 1)
        if m >= 1 { t[1] = -eulerGamma }
        if m >= 2 { for i in 2...m { t[i] = t[i - 1] + 1 / Double(i - 1) } }
        return t
    }
}
