/// A square root of a symmetric positive semidefinite matrix by Cholesky with complete
/// (diagonal) pivoting: `G = R^T R` with `R` of `rank` rows.
///
/// The manifold analysis needs coordinates of M points whose Gram matrix is G. The reference
/// takes them from a QR decomposition of the points in feature space; any `R` with
/// `R^T R = G` differs from those by a rotation, and every MFTMA quantity is invariant under a
/// rotation applied to both the points and the isotropic Gaussian t vectors, so this factor
/// (M^3 / 3 operations instead of a QR of the N x M points) gives the same distribution.
struct PivotedCholesky {
    /// Rows of the factor, `rank x size`, row-major.
    let factor: [Double]
    /// Numerical rank: pivots stop when the largest remaining diagonal falls below
    /// `relativeTolerance` times the largest diagonal of G.
    let rank: Int
    /// The order of G.
    let size: Int

    init(gram g: [Double], size n: Int, relativeTolerance: Double = 1e-12) {
        precondition(g.count == n * n, "Gram matrix does not match its size")
        var a = g
        var perm = Array(0..<n)
        var maxDiag = 0.0
        for i in 0..<n { maxDiag = max(maxDiag, g[i * n + i]) }
        let floor = maxDiag * relativeTolerance
        // `l` holds the lower factor in pivoted order, column by column (row-major n x n).
        var l = [Double](repeating: 0, count: n * n)
        var r = 0
        while r < n {
            var best = r
            for i in (r + 1)..<max(r + 1, n) where a[perm[i] * n + perm[i]] > a[perm[best] * n + perm[best]] { best = i }
            let pivotValue = a[perm[best] * n + perm[best]]
            if !(pivotValue > floor) || pivotValue <= 0 { break }
            perm.swapAt(r, best)
            for c in 0..<r { let t = l[r * n + c]; l[r * n + c] = l[best * n + c]; l[best * n + c] = t }
            let root = pivotValue.squareRoot()
            l[r * n + r] = root
            let p = perm[r]
            for i in (r + 1)..<max(r + 1, n) {
                let q = perm[i]
                var v = a[q * n + p]
                for c in 0..<r { v -= l[i * n + c] * l[r * n + c] }
                l[i * n + r] = v / root
            }
            // Update the remaining diagonal (the Schur complement's diagonal is all pivoting needs).
            for i in (r + 1)..<max(r + 1, n) {
                let q = perm[i]
                a[q * n + q] -= l[i * n + r] * l[i * n + r]
            }
            r += 1
        }
        // R[k, perm[i]] = L[i, k]: row k of R is column k of L, scattered back to original order.
        var out = [Double](repeating: 0, count: r * n)
        for k in 0..<r { for i in k..<n { out[k * n + perm[i]] = l[i * n + k] } }
        factor = out
        rank = r
        size = n
    }
}
