import CBLAS

/// Row-major single-precision matrix product through BLAS:
/// `C[m, n] = alpha * op(A) * op(B) + beta * C`, `op(A)` being `[m, k]` and `op(B)` `[k, n]`.
/// `lda`, `ldb`, `ldc` are the row strides of the matrices as stored.
func sgemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float = 1,
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

    /// Writes the column matrix of `image` into `columns` (overwritten).
    func im2col(_ image: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>) {
        let positions = self.positions
        for c in 0..<channels {
            let plane = image + c * height * width
            for i in 0..<kernelHeight {
                for j in 0..<kernelWidth {
                    let row = columns + ((c * kernelHeight + i) * kernelWidth + j) * positions
                    for oy in 0..<outHeight {
                        let iy = oy * strideH - padH + i
                        let out = row + oy * outWidth
                        guard iy >= 0, iy < height else {
                            out.update(repeating: 0, count: outWidth)
                            continue
                        }
                        let line = plane + iy * width
                        var ix = -padW + j
                        for ox in 0..<outWidth {
                            out[ox] = ix >= 0 && ix < width ? line[ix] : 0
                            ix += strideW
                        }
                    }
                }
            }
        }
    }

    /// Adds the column matrix `columns` back onto `image` (the adjoint of ``im2col(_:_:)``:
    /// every entry is added to the pixel it was read from; padding entries are dropped).
    /// `image` is not cleared first.
    func col2imAdd(_ columns: UnsafePointer<Float>, _ image: UnsafeMutablePointer<Float>) {
        let positions = self.positions
        for c in 0..<channels {
            let plane = image + c * height * width
            for i in 0..<kernelHeight {
                for j in 0..<kernelWidth {
                    let row = columns + ((c * kernelHeight + i) * kernelWidth + j) * positions
                    for oy in 0..<outHeight {
                        let iy = oy * strideH - padH + i
                        guard iy >= 0, iy < height else { continue }
                        let source = row + oy * outWidth
                        let line = plane + iy * width
                        var ix = -padW + j
                        for ox in 0..<outWidth {
                            if ix >= 0 && ix < width { line[ix] += source[ox] }
                            ix += strideW
                        }
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
        }
        return data
    }
}
