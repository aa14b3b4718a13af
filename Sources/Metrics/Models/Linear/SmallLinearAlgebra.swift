#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small dense linear algebra for the unsupervised scores: eigenvalues of a symmetric matrix
/// (cyclic Jacobi rotations, Golub & Van Loan §8.5) and `log |det|` by LU with partial
/// pivoting (as `numpy.linalg.slogdet`). Matrices are `n x n`, row-major, `n` at most a few
/// hundred (one row per code).
enum SmallLinearAlgebra {
    /// Eigenvalues of the symmetric matrix `a` (only its upper triangle is trusted), ascending.
    static func symmetricEigenvalues(_ a: [Double], n: Int) -> [Double] {
        precondition(a.count == n * n, "matrix does not match its size")
        var m = a
        for i in 0..<n { for j in 0..<i { m[i * n + j] = m[j * n + i] } }
        for _ in 0..<100 {
            var off = 0.0, total = 0.0
            for i in 0..<n {
                for j in 0..<n {
                    let v = m[i * n + j] * m[i * n + j]
                    total += v
                    if i != j { off += v }
                }
            }
            if off <= 1e-30 * total || off == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) where m[p * n + q] != 0 {
                    let apq = m[p * n + q]
                    let theta = (m[q * n + q] - m[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<n {
                        let akp = m[k * n + p], akq = m[k * n + q]
                        m[k * n + p] = c * akp - s * akq
                        m[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = m[p * n + k], aqk = m[q * n + k]
                        m[p * n + k] = c * apk - s * aqk
                        m[q * n + k] = s * apk + c * aqk
                    }
                }
            }
        }
        return (0..<n).map { m[$0 * n + $0] }.sorted()
    }

    /// `log |det a|` by LU with partial pivoting; nil when a pivot is exactly 0.
    static func logAbsDeterminant(_ a: [Double], n: Int) -> Double? {
        precondition(a.count == n * n, "matrix does not match its size")
        var m = a
        var logDet = 0.0
        for col in 0..<n {
            var pivot = col
            for r in (col + 1)..<max(col + 1, n) where abs(m[r * n + col]) > abs(m[pivot * n + col]) { pivot = r }
            if m[pivot * n + col] == 0 { return nil }
            if pivot != col {
                for k in 0..<n { m.swapAt(col * n + k, pivot * n + k) }
            }
            let d = m[col * n + col]
            logDet += log(abs(d))
            for r in (col + 1)..<max(col + 1, n) {
                let f = m[r * n + col] / d
                if f == 0 { continue }
                for k in col..<n { m[r * n + k] -= f * m[col * n + k] }
            }
        }
        return logDet
    }
}
