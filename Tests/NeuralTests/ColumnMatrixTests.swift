import Testing
@testable import Neural

/// im2col and col2im of stride-1, same-size convolutions (flat copies and additions) and of
/// convolutions strided along the width (phase planes) against the definition, including maps
/// narrower than the kernel.
@Suite struct ColumnMatrixTests {
    static func geometry(channels: Int, height: Int, width: Int, kernel: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(channels: channels, height: height, width: width, kernelHeight: kernel, kernelWidth: kernel,
                            strideH: 1, strideW: 1, padH: kernel / 2, padW: kernel / 2, outHeight: height, outWidth: width)
    }

    /// Where column-matrix entry `(row, position)` reads the image, or nil for padding.
    static func source(_ g: ConvolutionGeometry, row: Int, position: Int) -> Int? {
        let c = row / (g.kernelHeight * g.kernelWidth), i = row / g.kernelWidth % g.kernelHeight, j = row % g.kernelWidth
        let y = position / g.outWidth * g.strideH - g.padH + i, x = position % g.outWidth * g.strideW - g.padW + j
        guard y >= 0, y < g.height, x >= 0, x < g.width else { return nil }
        return (c * g.height + y) * g.width + x
    }

    @Test(arguments: [(2, 5, 7, 3), (1, 4, 1, 3), (1, 3, 2, 5), (3, 6, 4, 5)])
    func sameSizeMatchesTheDefinition(channels: Int, height: Int, width: Int, kernel: Int) {
        let g = Self.geometry(channels: channels, height: height, width: width, kernel: kernel)
        #expect(g.isSameSizeUnitStride)
        let image = GradientCheck.randomTensor([g.imageSize], seed: 41)
        let columns = Tensor(shape: [g.columnRows * g.positions])
        columns.fill(.nan)
        g.im2col(image.data, columns.data, rowStride: g.positions)
        var expectedImage = [Float](repeating: 0, count: g.imageSize)
        let gradient = GradientCheck.randomTensor([g.columnRows * g.positions], seed: 42)
        for row in 0..<g.columnRows {
            for p in 0..<g.positions {
                let at = Self.source(g, row: row, position: p)
                #expect(columns[row * g.positions + p] == at.map { image[$0] } ?? 0)
                if let at { expectedImage[at] += gradient[row * g.positions + p] }
            }
        }
        let result = Tensor(shape: [g.imageSize])
        g.col2imAddSameSize(gradient.data, result.data, rowStride: g.positions)
        #expect(result.values == expectedImage)
    }

    /// Strided geometries: burgess64's 4 x 4 stride 2 padding 1, a stride-2 transposed
    /// convolution's adjoint (3 x 3, padding 1, an image one pixel wider than the windows
    /// reach), odd widths, rows long enough for the vector path with and without a tail, and
    /// stride 3. The columns equal the definition and col2im adds to the bit what the
    /// definition adds, in the same order.
    @Test(arguments: [(2, 8, 8, 4, 2, 1), (1, 8, 8, 3, 2, 1), (1, 5, 7, 3, 2, 1), (2, 6, 33, 4, 2, 1),
                      (1, 3, 32, 3, 2, 1), (2, 6, 11, 3, 3, 0), (1, 2, 2, 4, 2, 1), (1, 7, 13, 5, 2, 2),
                      (1, 6, 11, 5, 3, 2)])
    func stridedMatchesTheDefinition(channels: Int, height: Int, width: Int, kernel: Int, stride: Int, pad: Int) {
        let g = ConvolutionGeometry(channels: channels, height: height, width: width, kernelHeight: kernel, kernelWidth: kernel,
                                    strideH: stride, strideW: stride, padH: pad, padW: pad,
                                    outHeight: (height + 2 * pad - kernel) / stride + 1, outWidth: (width + 2 * pad - kernel) / stride + 1)
        #expect(g.isStridedAlongWidth)
        let image = GradientCheck.randomTensor([g.imageSize], seed: 43)
        let columns = Tensor(shape: [g.columnRows * g.positions])
        columns.fill(.nan)
        g.im2col(image.data, columns.data, rowStride: g.positions)
        let gradient = GradientCheck.randomTensor([g.columnRows * g.positions], seed: 44)
        let start = GradientCheck.randomTensor([g.imageSize], seed: 45)
        var expectedImage = start.values
        for row in 0..<g.columnRows {
            for p in 0..<g.positions {
                let at = Self.source(g, row: row, position: p)
                #expect(columns[row * g.positions + p] == at.map { image[$0] } ?? 0)
                if let at { expectedImage[at] += gradient[row * g.positions + p] }
            }
        }
        // col2im adds onto what the image holds.
        g.col2imAdd(gradient.data, start.data, rowStride: g.positions)
        #expect(start.values == expectedImage)
    }
}
