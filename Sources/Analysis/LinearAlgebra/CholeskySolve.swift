import CBLAS

/// Solves a symmetric positive definite system `A x = b` by a blocked right-looking Cholesky
/// factorisation whose triangular solves and trailing updates go through BLAS (`dtrsm`,
/// `dsyrk`), so ridge systems of a few thousand unknowns take seconds, not minutes.
enum CholeskySolve {
    static let block = 64

    static func solve(_ a: [Double], size n: Int, rhs: [Double]) -> [Double] {
        precondition(a.count == n * n && rhs.count == n, "system sizes")
        guard n > 0 else { return [] }
        var l = a
        let floor = 1e-300
        var j = 0
        while j < n {
            let nb = min(block, n - j)
            // Factor the diagonal block in place (lower triangle).
            for c in j..<(j + nb) {
                var diagonal = l[c * n + c]
                for k in j..<c { diagonal -= l[c * n + k] * l[c * n + k] }
                let root = max(diagonal, floor).squareRoot()
                l[c * n + c] = root
                for r in (c + 1)..<(j + nb) {
                    var v = l[r * n + c]
                    for k in j..<c { v -= l[r * n + k] * l[c * n + k] }
                    l[r * n + c] = v / root
                }
            }
            let below = n - j - nb
            if below > 0 {
                l.withUnsafeMutableBufferPointer { p in
                    guard let base = p.baseAddress else { return }
                    let diagonalBlock = base + j * n + j
                    let panel = base + (j + nb) * n + j
                    let trailing = base + (j + nb) * n + (j + nb)
                    cblas_dtrsm(CblasRowMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit,
                                Int32(below), Int32(nb), 1, diagonalBlock, Int32(n), panel, Int32(n))
                    cblas_dsyrk(CblasRowMajor, CblasLower, CblasNoTrans, Int32(below), Int32(nb),
                                -1, panel, Int32(n), 1, trailing, Int32(n))
                }
            }
            j += nb
        }
        var x = rhs
        l.withUnsafeBufferPointer { pl in
            x.withUnsafeMutableBufferPointer { px in
                cblas_dtrsv(CblasRowMajor, CblasLower, CblasNoTrans, CblasNonUnit, Int32(n), pl.baseAddress, Int32(n), px.baseAddress, 1)
                cblas_dtrsv(CblasRowMajor, CblasLower, CblasTrans, CblasNonUnit, Int32(n), pl.baseAddress, Int32(n), px.baseAddress, 1)
            }
        }
        return x
    }
}
