import CBLAS
import SynCore

/// Row-major single-precision matrix product through BLAS:
/// `C[m, n] = alpha * op(A) * op(B) + beta * C`, `op(A)` being `[m, k]` and `op(B)` `[k, n]`.
/// `lda`, `ldb`, `ldc` are the row strides of the matrices as stored.
func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
           a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
           beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    // Empty products (m, n or k zero) are sgemmOnThisThread's to handle.
    guard m * n * k > 0, m * n * k >= NeuralThreads.parallelProductThreshold, n >= 2 * NeuralThreads.productBlocks,
          NeuralThreads.blasCount == 1 else {
        sgemmOnThisThread(transA: transA, transB: transB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                          beta: beta, c: c, ldc: ldc)
        return
    }
    // OpenBLAS single-threaded inside our own threads: a fixed number of blocks of C's columns
    // (a multiple of 16 wide), each one call over the whole inner dimension, so the result does
    // not depend on how many threads share the blocks.
    let share = (n + 16 * NeuralThreads.productBlocks - 1) / (16 * NeuralThreads.productBlocks) * 16
    let blocks = (n + share - 1) / share
    let left = SharedPointer(UnsafeMutablePointer(mutating: a)), right = SharedPointer(UnsafeMutablePointer(mutating: b))
    let out = SharedPointer(c)
    NeuralThreads.forEachSample(blocks, work: share * m * k) { block in
        let first = block * share, width = min(share, n - first)
        let columns = transB ? right.base + first * ldb : right.base + first
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(width), Int32(k), alpha, left.base, Int32(lda), columns, Int32(ldb), beta,
                    out.base + first, Int32(ldc))
    }
}

/// ``sgemm(transA:transB:m:n:k:alpha:a:lda:b:ldb:beta:c:ldc:)`` as one BLAS call, not cut into
/// column blocks for Neural's threads (for loops that are already parallel, see
/// ``forEachSampleProduct(_:work:workers:_:)``). Which columns a call covers can change the rounding
/// of some of them (OpenBLAS has its own kernels for the edges of a product), so a product is
/// split the same way whatever the thread count.
func sgemmOnThisThread(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
                       a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                       beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    guard m > 0, n > 0 else { return }
    guard k > 0 else {
        // An empty inner dimension leaves beta * C.
        for i in 0..<m {
            let row = c + i * ldc
            for j in 0..<n { row[j] = beta == 0 ? 0 : beta * row[j] }
        }
        return
    }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
}

/// Runs `body(worker, n)` for `count` samples (or groups of samples) whose work is mostly BLAS
/// products, on `workers` threads (``productWorkers``, read once by the caller); `worker` is in
/// `0..<workers`, and samples with the same worker never run at once, so `body` can use the
/// worker's part of a scratch buffer.
func forEachSampleProduct(_ count: Int, work: Int, workers: Int, _ body: @Sendable (_ worker: Int, _ n: Int) -> Void) {
    NeuralThreads.forEachSample(count, work: work, jobs: max(1, workers), body)
}

/// The threads ``forEachSampleProduct(_:work:workers:_:)`` is to run on: Neural's when OpenBLAS
/// is single-threaded (as `synbench train` and the encoder run it), else 1, so that OpenBLAS's
/// threads are not started inside ours (the rounding then follows OpenBLAS's split of each
/// product; see ``NeuralThreads/withBLASOnOneThread(_:)``). With OpenBLAS threaded, the
/// convolutions' per-sample passes, including the pooling and bias work done inside them, run
/// on one thread of ours while OpenBLAS's threads share each product.
var productWorkers: Int { NeuralThreads.blasCount == 1 ? NeuralThreads.count : 1 }

/// The geometry shared by a convolution's image and its column matrix: an image of
/// `channels x height x width`, a `kernelHeight x kernelWidth` window moved by the strides,
/// with implicit zero padding, visiting `outHeight x outWidth` positions.
///
/// The column matrix is `[channels * kernelHeight * kernelWidth, outHeight * outWidth]`, row
/// `(c * kernelHeight + i) * kernelWidth + j`, column `oy * outWidth + ox`, holding
/// `image[c, oy * strideH - padH + i, ox * strideW - padW + j]` (0 outside the image): the
/// row order of a flattened PyTorch weight `[out, in, kh, kw]`.
struct ConvolutionGeometry: Equatable {
    var channels: Int
    var height: Int
    var width: Int
    var kernelHeight: Int
    var kernelWidth: Int
    var strideH: Int
    var strideW: Int
    var padH: Int
    var padW: Int
    var outHeight: Int
    var outWidth: Int

    /// Rows of the column matrix.
    var columnRows: Int { channels * kernelHeight * kernelWidth }
    /// Columns of the column matrix.
    var positions: Int { outHeight * outWidth }
    /// Elements of one image.
    var imageSize: Int { channels * height * width }

    /// The output positions `o` in `0..<outCount` whose tap `o * stride - pad + offset` lies
    /// in `0..<size`: the rest read padding. Computed once per kernel tap, so the inner loops
    /// of ``im2col(_:_:rowStride:)`` and ``col2imAdd(_:_:rowStride:)`` have no bounds tests.
    @inline(__always)
    static func validPositions(offset: Int, pad: Int, stride: Int, size: Int, outCount: Int) -> Range<Int> {
        // o * stride >= pad - offset, and o * stride <= size - 1 + pad - offset.
        let low = pad - offset, high = size - 1 + pad - offset
        guard high >= 0 else { return 0..<0 }
        let first = low <= 0 ? 0 : (low + stride - 1) / stride
        let end = min(outCount, high / stride + 1)
        return first < end ? first..<end : 0..<0
    }

    /// Writes the column matrix of `image` into `columns` (overwritten), whose rows are
    /// `rowStride` elements apart (``positions`` for a matrix of its own).
    func im2col(_ image: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>, rowStride: Int) {
        if isSameSizeUnitStride {
            im2colSameSize(image, columns, rowStride: rowStride)
            return
        }
        if isStridedAlongWidth {
            im2colStridedWidth(image, columns, rowStride: rowStride)
            return
        }
        for c in 0..<channels {
            let plane = image + c * height * width
            for i in 0..<kernelHeight {
                let rowsIn = Self.validPositions(offset: i, pad: padH, stride: strideH, size: height, outCount: outHeight)
                for j in 0..<kernelWidth {
                    let row = columns + ((c * kernelHeight + i) * kernelWidth + j) * rowStride
                    let cols = Self.validPositions(offset: j, pad: padW, stride: strideW, size: width, outCount: outWidth)
                    // Rows above and below the image are padding.
                    zeroFill(row, count: rowsIn.lowerBound * outWidth)
                    zeroFill(row + rowsIn.upperBound * outWidth, count: (outHeight - rowsIn.upperBound) * outWidth)
                    for oy in rowsIn {
                        let out = row + oy * outWidth
                        let line = plane + (oy * strideH - padH + i) * width
                        zeroFill(out, count: cols.lowerBound)
                        zeroFill(out + cols.upperBound, count: outWidth - cols.upperBound)
                        guard !cols.isEmpty else { continue }
                        // Unit stride along the width here: the strided case has its own path.
                        (out + cols.lowerBound).update(from: line + cols.lowerBound - padW + j, count: cols.count)
                    }
                }
            }
        }
    }

    /// Adds the column matrix `columns` back onto `image` (the adjoint of ``im2col(_:_:)``:
    /// every entry is added to the pixel it was read from; padding entries are dropped).
    /// `image` is not cleared first; `rowStride` as in ``im2col(_:_:rowStride:)``.
    func col2imAdd(_ columns: UnsafePointer<Float>, _ image: UnsafeMutablePointer<Float>, rowStride: Int) {
        if isStridedAlongWidth {
            col2imAddStridedWidth(columns, image, rowStride: rowStride)
            return
        }
        for c in 0..<channels {
            let plane = image + c * height * width
            for i in 0..<kernelHeight {
                let rowsIn = Self.validPositions(offset: i, pad: padH, stride: strideH, size: height, outCount: outHeight)
                for j in 0..<kernelWidth {
                    let row = columns + ((c * kernelHeight + i) * kernelWidth + j) * rowStride
                    let cols = Self.validPositions(offset: j, pad: padW, stride: strideW, size: width, outCount: outWidth)
                    guard !cols.isEmpty else { continue }
                    for oy in rowsIn {
                        let source = row + oy * outWidth
                        // Unit stride along the width here: the strided case has its own path.
                        let target = plane + (oy * strideH - padH + i) * width - padW + j
                        for ox in cols { target[ox] += source[ox] }
                    }
                }
            }
        }
    }
}

/// A growable scratch buffer of Floats owned by a layer (im2col columns and the like).
final class Scratch {
    private(set) var data: UnsafeMutablePointer<Float>
    private var capacity: Int

    init() {
        capacity = 1
        data = .allocate(capacity: 1)
        data.initialize(to: 0)
    }

    deinit { data.deallocate() }

    /// Makes room for `count` elements (contents unspecified after growing) and returns the
    /// buffer.
    func reserve(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > capacity {
            data.deallocate()
            capacity = count
            data = .allocate(capacity: count)
            data.initialize(repeating: 0, count: count)
            NeuralBuffers.countAllocation()
        }
        return data
    }
}

/// A buffer address that may cross into the worker threads of ``parallelFor``: each worker
/// touches only its own samples' part of the buffer, and the owner keeps the buffer alive
/// until the parallel loop returns.
struct SharedPointer<Element>: @unchecked Sendable {
    let base: UnsafeMutablePointer<Element>
    init(_ base: UnsafeMutablePointer<Element>) { self.base = base }
}

/// Worker threads Neural's batch-parallel loops (the convolutions' per-sample passes,
/// pooling, element-wise layers) use; every core unless set. BLAS keeps its own thread
/// count (OpenBLAS: `OPENBLAS_NUM_THREADS`). Results do not depend on it: each thread writes
/// only its own samples.
public enum NeuralThreads {
    private static let storage = Locked(defaultJobCount)

    /// The number of threads (at least 1).
    public static var count: Int {
        get { storage.withLock { $0 } }
        set { storage.withLock { $0 = max(1, newValue) } }
    }

    /// OpenBLAS's own thread count (its matrix products run on these threads, separate from
    /// ``count``); setting it calls `openblas_set_num_threads`. The environment variable
    /// `OPENBLAS_NUM_THREADS` sets the initial value. At 1, large products are cut into
    /// ``productBlocks`` that ``count`` threads share instead.
    public static var blasCount: Int {
        get { Int(openblas_get_num_threads()) }
        set { openblas_set_num_threads(Int32(max(1, newValue))) }
    }

    /// Runs `body` with ``blasCount`` 1, then restores it: the setting `synbench train` runs
    /// Neural in, under which a network's outputs do not depend on any thread count. With
    /// OpenBLAS threaded, how it splits each product depends on its thread count, and the
    /// split can change the rounding of a product's edge elements.
    public static func withBLASOnOneThread<T>(_ body: () throws -> T) rethrows -> T {
        let previous = blasCount
        if previous != 1 { blasCount = 1 }
        defer { if previous != 1 { blasCount = previous } }
        return try body()
    }

    /// The name of the CPU whose kernels OpenBLAS runs (`openblas_get_corename`: detected when
    /// the library loads, or forced by the environment variable `OPENBLAS_CORETYPE`).
    public static var blasCoreName: String { String(cString: openblas_get_corename()) }

    /// Column blocks a large matrix product is cut into when OpenBLAS runs single-threaded
    /// (``blasCount`` 1); ``count`` threads share them. Then one set of threads does all the
    /// work, without OpenBLAS's own threads waking, spinning and yielding around every product.
    /// Fixed, so results do not depend on ``count``; two, because each block packs the left
    /// operand again.
    static let productBlocks = 2

    /// Multiply-adds (`m * n * k`) from which products are cut into ``productBlocks``.
    static var parallelProductThreshold: Int {
        get { productThreshold.withLock { $0 } }
        set { productThreshold.withLock { $0 = max(0, newValue) } }
    }

    private static let productThreshold = Locked(1 << 20)

    private static let threshold = Locked(65_536)

    /// Elements of work in a whole loop below which it stays on the calling thread (tests set
    /// it to 0 to run the parallel paths on small inputs).
    static var parallelWorkThreshold: Int {
        get { threshold.withLock { $0 } }
        set { threshold.withLock { $0 = max(0, newValue) } }
    }

    /// Runs `body(item)` for every item in `0..<count` (samples, or image planes), each about
    /// `work` elements, in parallel when it pays: more than one thread and item, and at least
    /// ``parallelWorkThreshold`` elements in all.
    static func forEachSample(_ count: Int, work: Int, _ body: @Sendable (Int) -> Void) {
        forEachSample(count, work: work, jobs: NeuralThreads.count) { _, item in body(item) }
    }

    /// ``forEachSample(_:work:_:)`` on `jobs` threads that also passes the worker running each
    /// item, in `0..<jobs`: items with the same worker never run at once.
    static func forEachSample(_ count: Int, work: Int, jobs: Int, _ body: @Sendable (_ worker: Int, _ item: Int) -> Void) {
        if jobs <= 1 || count <= 1 || count * work < parallelWorkThreshold {
            for n in 0..<count { body(0, n) }
        } else {
            parallelFor(count, jobs: jobs, chunk: max(1, count / (4 * jobs)), workerAndIndex: body)
        }
    }
}

/// Sets `count` floats to zero; the one or two padding entries at a row's ends are stored
/// directly (a `memset` call per entry cost more than the copy beside it).
@inline(__always)
func zeroFill(_ target: UnsafeMutablePointer<Float>, count: Int) {
    switch count {
    case 0: break
    case 1: target[0] = 0
    case 2:
        target[0] = 0
        target[1] = 0
    default: target.update(repeating: 0, count: count)
    }
}

/// The sum of `count` floats in eight interleaved lanes (the compiler does not reorder a
/// float reduction by itself, so a plain loop runs one addition at a time).
@inline(__always)
func floatSum(_ values: UnsafePointer<Float>, count: Int) -> Float {
    // Lanes 0-3 and 4-7 as two 16-byte vectors: a SIMD8 load went through the stack.
    var low = SIMD4<Float>(repeating: 0), high = low
    var p = 0
    while p + 8 <= count {
        low += UnsafeRawPointer(values + p).loadUnaligned(as: SIMD4<Float>.self)
        high += UnsafeRawPointer(values + p + 4).loadUnaligned(as: SIMD4<Float>.self)
        p += 8
    }
    var total = SIMD8(lowHalf: low, highHalf: high).sum()
    while p < count {
        total += values[p]
        p += 1
    }
    return total
}

/// Adds to `gradient[c]` the sum over samples and positions of channel `c` of `[N, C, L]`:
/// each plane summed in Float (``floatSum(_:count:)``), the planes in Double in sample order, one channel per thread,
/// so the result does not depend on the thread count.
func accumulateChannelSums(_ data: UnsafePointer<Float>, _ gradient: UnsafeMutablePointer<Float>, samples: Int, channels: Int, positions: Int) {
    let source = SharedPointer(UnsafeMutablePointer(mutating: data)), target = SharedPointer(gradient)
    NeuralThreads.forEachSample(channels, work: samples * positions) { c in
        var sum = 0.0
        for n in 0..<samples {
            let plane = source.base + (n * channels + c) * positions
            sum += Double(floatSum(plane, count: positions))
        }
        target.base[c] += Float(sum)
    }
}

/// Adds to `gradient[c]` the plane sums `sums[c * samples + n]` of channel `c` (each made by
/// ``floatSum(_:count:)`` while its plane was in cache), in Double in sample order: the
/// result of ``accumulateChannelSums(_:_:samples:channels:positions:)`` on those planes.
func addPlaneSums(_ sums: UnsafePointer<Float>, samples: Int, channels: Int, to gradient: UnsafeMutablePointer<Float>) {
    for c in 0..<channels {
        var sum = 0.0
        for n in 0..<samples { sum += Double(sums[c * samples + n]) }
        gradient[c] += Float(sum)
    }
}
