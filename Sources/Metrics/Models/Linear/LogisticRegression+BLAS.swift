import CBLAS

/// The two matrix products logistic regression needs, through BLAS `dgemm` on row-major
/// contiguous Float64 buffers, in blocks of rows.
///
/// Each call covers at most ``maxBlockWork`` multiply-adds (`rows * m * k`) unless that is
/// fewer than ``minBlockRows`` rows. OpenBLAS runs products that small on the calling thread,
/// so the metrics' own parallel fits (few features, few classes) do not contend with BLAS
/// worker threads (measured: whole products with two fits at once on 2 cores ran over 5x
/// slower). Wide fits (a layer's probe) get blocks of ``minBlockRows`` rows, which OpenBLAS
/// may thread; each output element is still one dot product, so results do not depend on the
/// BLAS thread count. Blocks are summed in row order, so the results are deterministic.
enum LogisticBLAS {
    /// Largest `rows * m * k` per `dgemm` call (OpenBLAS's single-thread limit is 262144),
    /// unless that leaves fewer than ``minBlockRows`` rows.
    static let maxBlockWork = 200_000

    /// Fewest rows per call. Wide problems (a layer's thousands of features, tens of classes)
    /// would otherwise get one row per call, each repacking the whole weight matrix: the
    /// packing then cost more than the products. Their blocks are larger than OpenBLAS's
    /// single-thread limit, so those products use its threads; each output element is still
    /// one thread's dot product, so the results do not depend on the thread count.
    static let minBlockRows = 64

    static func blockRows(_ m: Int, _ k: Int) -> Int { max(minBlockRows, maxBlockWork / max(1, m * k)) }

    /// `out[n, m] = a[n, k] * b[m, k]^T` (`out` is overwritten).
    static func multiplyTransposed(_ a: [Double], rows n: Int, inner k: Int,
                                   _ b: [Double], outputs m: Int, into out: inout [Double]) {
        precondition(a.count >= n * k && b.count >= m * k && out.count >= n * m, "buffer sizes")
        guard n > 0, m > 0 else { return }
        guard k > 0 else {
            for i in 0..<(n * m) { out[i] = 0 }
            return
        }
        let block = blockRows(m, k)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                out.withUnsafeMutableBufferPointer { po in
                    guard let a0 = pa.baseAddress, let b0 = pb.baseAddress, let o0 = po.baseAddress else { return }
                    var start = 0
                    while start < n {
                        let rows = min(block, n - start)
                        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(m), Int32(k),
                                    1.0, a0 + start * k, Int32(k), b0, Int32(k),
                                    0.0, o0 + start * m, Int32(m))
                        start += rows
                    }
                }
            }
        }
    }

    /// `out[m, k] = alpha * r[n, m]^T * a[n, k]` (`out` is overwritten).
    static func transposedTimes(_ r: [Double], rows n: Int, columns m: Int,
                                _ a: [Double], inner k: Int, alpha: Double, into out: inout [Double]) {
        precondition(r.count >= n * m && a.count >= n * k && out.count >= m * k, "buffer sizes")
        guard m > 0, k > 0 else { return }
        for i in 0..<(m * k) { out[i] = 0 }
        let block = blockRows(m, k)
        r.withUnsafeBufferPointer { pr in
            a.withUnsafeBufferPointer { pa in
                out.withUnsafeMutableBufferPointer { po in
                    guard let r0 = pr.baseAddress, let a0 = pa.baseAddress, let o0 = po.baseAddress else { return }
                    var start = 0
                    while start < n {
                        let rows = min(block, n - start)
                        cblas_dgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(m), Int32(k), Int32(rows),
                                    alpha, r0 + start * m, Int32(m), a0 + start * k, Int32(k),
                                    1.0, o0, Int32(k))
                        start += rows
                    }
                }
            }
        }
    }
}
