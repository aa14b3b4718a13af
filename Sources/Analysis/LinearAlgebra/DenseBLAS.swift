import CBLAS

/// The few BLAS products the analysis needs, on row-major contiguous Float64 arrays.
///
/// Pointers live only for the duration of one call; callers pass and receive arrays.
enum DenseBLAS {
    /// Runs `body` with OpenBLAS on one thread, then restores its thread count. For work that
    /// is already parallel over independent pieces (the manifolds of MFTMA, one per worker):
    /// there, OpenBLAS's own threads only compete with ours (measured: the capacity of the
    /// benchmark layer took 0.24 s with 2 OpenBLAS threads on one job and 0.15 s with one).
    static func singleThreaded<T>(_ body: () -> T) -> T {
        let previous = openblas_get_num_threads()
        openblas_set_num_threads(1)
        defer { openblas_set_num_threads(previous) }
        return body()
    }

    /// `c[m, n] = alpha * a[m, k] * b[n, k]^T + beta * c` (`a` and `b` row-major).
    static func multiplyTransposed(_ a: [Double], rows m: Int, inner k: Int, _ b: [Double], columns n: Int,
                                   alpha: Double = 1, beta: Double = 0, into c: inout [Double]) {
        precondition(a.count >= m * k && b.count >= n * k && c.count >= m * n, "buffer sizes")
        guard m > 0, n > 0 else { return }
        guard k > 0 else {
            for i in 0..<(m * n) { c[i] *= beta }
            return
        }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(n), Int32(k),
                                alpha, pa.baseAddress, Int32(k), pb.baseAddress, Int32(k),
                                beta, pc.baseAddress, Int32(n))
                }
            }
        }
    }

    /// `c[m, n] = a[m, k] * b[k, n]` (both row-major).
    static func multiply(_ a: [Double], rows m: Int, inner k: Int, _ b: [Double], columns n: Int) -> [Double] {
        precondition(a.count >= m * k && b.count >= k * n, "buffer sizes")
        var c = [Double](repeating: 0, count: m * n)
        guard m > 0, n > 0, k > 0 else { return c }
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(m), Int32(n), Int32(k),
                                1, pa.baseAddress, Int32(k), pb.baseAddress, Int32(n),
                                0, pc.baseAddress, Int32(n))
                }
            }
        }
        return c
    }

    /// LAPACK's `dpstrf` on the symmetric positive semidefinite `g` `[n, n]`: `P^T G P = L L^T`
    /// with L lower triangular, its first `rank` columns kept (LAPACK's default tolerance,
    /// `n * eps * max diagonal`). Returns L's columns `[n, rank]` row-major in pivoted row order
    /// and `pivots` (row `i` of L belongs to row `pivots[i]` of G).
    static func pivotedCholesky(_ g: [Double], size n: Int) -> (factor: [Double], rank: Int, pivots: [Int]) {
        precondition(g.count == n * n, "matrix does not match its size")
        guard n > 0 else { return ([], 0, []) }
        // Symmetric, so row-major G is its own column-major copy.
        var a = g
        var pivots = [Int32](repeating: 0, count: n)
        var work = [Double](repeating: 0, count: 2 * n)
        var rank: Int32 = 0, info: Int32 = 0
        var order = Int32(n), lda = Int32(n), tolerance = -1.0
        "L".withCString { uplo in
            dpstrf_(uplo, &order, &a, &lda, &pivots, &rank, &tolerance, &work, &info, 1)
        }
        // info > 0 only reports a rank below n; below 0 an argument was wrong, which is ours.
        precondition(info >= 0, "dpstrf: argument \(-info) is invalid")
        let r = Int(max(0, rank))
        // Column-major: L[i, k] is a[k * n + i].
        var factor = [Double](repeating: 0, count: n * r)
        for k in 0..<r { for i in k..<n { factor[i * r + k] = a[k * n + i] } }
        return (factor, r, pivots.map { Int($0) - 1 })
    }

    /// The Gram matrix of the rows, `a a^T` `[m, m]` (full, both triangles filled).
    static func rowGram(_ a: [Double], rows m: Int, columns k: Int) -> [Double] {
        gram(a, rows: m, columns: k, ofColumns: false)
    }

    /// The Gram matrix of the columns, `a^T a` `[k, k]` (full, both triangles filled).
    static func columnGram(_ a: [Double], rows m: Int, columns k: Int) -> [Double] {
        gram(a, rows: m, columns: k, ofColumns: true)
    }

    /// `dsyrk` on the upper triangle, mirrored to the lower one.
    private static func gram(_ a: [Double], rows m: Int, columns k: Int, ofColumns: Bool) -> [Double] {
        let size = ofColumns ? k : m, inner = ofColumns ? m : k
        var g = [Double](repeating: 0, count: size * size)
        guard size > 0, inner > 0 else { return g }
        a.withUnsafeBufferPointer { pa in
            g.withUnsafeMutableBufferPointer { pg in
                cblas_dsyrk(CblasRowMajor, CblasUpper, ofColumns ? CblasTrans : CblasNoTrans, Int32(size), Int32(inner),
                            1, pa.baseAddress, Int32(k), 0, pg.baseAddress, Int32(size))
            }
        }
        for i in 0..<size { for j in 0..<i { g[i * size + j] = g[j * size + i] } }
        return g
    }
}
