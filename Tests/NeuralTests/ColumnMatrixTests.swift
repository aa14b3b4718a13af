import Testing
@testable import Neural

/// im2col and col2im of stride-1, same-size convolutions (flat copies and additions) against
/// the definition, including maps narrower than the kernel.
@Suite struct ColumnMatrixTests {
    static func geometry(channels: Int, height: Int, width: Int, kernel: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(channels: channels, height: height, width: width, kernelHeight: kernel, kernelWidth: kernel,
                            strideH: 1, strideW: 1, padH: kernel / 2, padW: kernel / 2, outHeight: height, outWidth: width)
    }

    /// Where column-matrix entry `(row, position)` reads the image, or nil for padding.
    static func source(_ g: ConvolutionGeometry, row: Int, position: Int) -> Int? {
        let c = row / (g.kernelHeight * g.kernelWidth), i = row / g.kernelWidth % g.kernelHeight, j = row % g.kernelWidth
        let y = position / g.outWidth - g.padH + i, x = position % g.outWidth - g.padW + j
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
}
