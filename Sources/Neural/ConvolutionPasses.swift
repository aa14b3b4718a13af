/// The per-sample passes of ``Conv2d`` and ``ConvTranspose2d``: every column matrix is made
/// for one sample at a time in a block of the worker's own (`[columnRows, positions]`, a few
/// hundred kilobytes), used at once while it is in cache, and made again in the backward pass
/// rather than kept. A batch-wide column matrix (37 MB for the second convolution of
/// syntone-paper at batch 64) was written to memory in the forward pass and read back for the
/// weight gradient. A convolution's product and output gradient are per-sample blocks too
/// (``Conv2d``'s `forwardPerSample(_:_:)` and `backwardPerSample(_:)`), and a transposed
/// convolution reads its batch-major input directly: only the layers' inputs and outputs are
/// batch-wide.
///
/// The weight gradients are summed per sample within fixed groups of samples
/// (``weightGradientGroups(samples:)``), one partial gradient per group, and the partials are
/// added in group order: the result does not depend on the thread count.
extension ConvolutionGeometry {
    /// Groups the samples of a batch are cut into for the weight gradients, each a run of
    /// consecutive samples: at most 8, which 2, 4 or 8 threads share evenly (and which caps
    /// those passes at 8 threads).
    static func weightGradientGroups(samples: Int) -> Int { min(8, samples) }

    /// Samples of group `group` out of `groups`.
    static func samples(ofGroup group: Int, groups: Int, samples: Int) -> Range<Int> {
        (group * samples / groups)..<((group + 1) * samples / groups)
    }

    /// `image = col2im(W^T X)` for one sample: W `[k, columnRows]` (`weights`, row-major), X
    /// `[k, positions]` at `x` with rows `xRowStride` apart, the product made in `block`
    /// (`[columnRows, positions]`, scratch). `image` is overwritten.
    func transposedProductCol2im(weights: UnsafePointer<Float>, k: Int, x: UnsafePointer<Float>, xRowStride: Int,
                                 block: UnsafeMutablePointer<Float>, image: UnsafeMutablePointer<Float>) {
        sgemmOnThisThread(transA: true, transB: false, m: columnRows, n: positions, k: k, a: weights, lda: columnRows,
                          b: x, ldb: xRowStride, beta: 0, c: block, ldc: positions)
        image.update(repeating: 0, count: imageSize)
        if isSameSizeUnitStride {
            col2imAddSameSize(block, image, rowStride: positions)
        } else {
            col2imAdd(block, image, rowStride: positions)
        }
    }

    /// `product = W im2col(image)` for one sample, W `[m, columnRows]` (`weights`), the
    /// column matrix made in `block` (scratch), `product` `[m, positions]` with rows
    /// `productRowStride` apart.
    func im2colProduct(_ image: UnsafePointer<Float>, weights: UnsafePointer<Float>, m: Int,
                       block: UnsafeMutablePointer<Float>, product: UnsafeMutablePointer<Float>, productRowStride: Int) {
        im2col(image, block, rowStride: positions)
        sgemmOnThisThread(transA: false, transB: false, m: m, n: positions, k: columnRows, a: weights, lda: columnRows,
                          b: block, ldb: positions, beta: 0, c: product, ldc: productRowStride)
    }

    /// `partial (+)= A B^T` for one sample's column matrix B (`block`, `[columnRows,
    /// positions]`) and A `[m, positions]` (rows `aRowStride` apart): the sample's share of a
    /// weight gradient `[m, columnRows]`, overwriting `partial` for the first sample of a group.
    func accumulateWeightGradient(_ a: UnsafePointer<Float>, m: Int, aRowStride: Int, block: UnsafePointer<Float>,
                                  into partial: UnsafeMutablePointer<Float>, first: Bool) {
        sgemmOnThisThread(transA: false, transB: true, m: m, n: columnRows, k: positions, a: a, lda: aRowStride,
                          b: block, ldb: positions, beta: first ? 0 : 1, c: partial, ldc: columnRows)
    }
}

/// Adds `groups` partial gradients of `count` elements each (consecutive in `partials`) to
/// `gradient`, in group order.
func addPartialGradients(_ partials: UnsafePointer<Float>, groups: Int, count: Int, to gradient: UnsafeMutablePointer<Float>) {
    for group in 0..<groups {
        let part = partials + group * count
        for i in 0..<count { gradient[i] += part[i] }
    }
}
