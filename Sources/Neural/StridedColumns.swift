/// The column matrix of a convolution strided along the width (burgess64's 4 x 4 stride-2
/// convolutions, and the stride-2 transposed convolutions, whose adjoint convolution is
/// strided), built from the image's column phases.
///
/// With stride s, output column `ox` of tap `j` reads image column `ox * s - padW + j`, so a
/// row of the column matrix is every s-th pixel of an image row: a strided gather (or, for
/// col2im, a strided scatter) that does not vectorise. Split each plane first into s phase
/// planes, phase p holding columns p, p + s, p + 2s, ... of every row; then tap j reads one
/// phase at consecutive positions, and a row of the matrix is a contiguous copy (or sum).
/// Each pixel still receives its col2im terms in the same order as in
/// ``col2imAdd(_:_:rowStride:)``'s strided loop, so the result is the same to the bit.
extension ConvolutionGeometry {
    /// Whether the phase-plane paths apply (stride above 1 along the width).
    var isStridedAlongWidth: Bool { strideW > 1 }

    /// Columns of each phase plane (the first phases may be one column longer than the last).
    private var phaseWidth: Int { (width + strideW - 1) / strideW }

    /// Where tap `j` starts in the phase planes: output column `ox` reads column
    /// `ox + offset` of phase `phase`.
    @inline(__always)
    private func phaseTap(_ j: Int) -> (phase: Int, offset: Int) {
        let shift = j - padW
        // Floor division: a negative shift (the tap left of the window's centre) reads the
        // previous position of a later phase.
        let offset = shift >= 0 ? shift / strideW : -((-shift + strideW - 1) / strideW)
        return (shift - offset * strideW, offset)
    }

    /// Calls `body` with a buffer of `strideW` phase planes of one image plane
    /// (`height x phaseWidth` each, phase p at `p * height * phaseWidth`).
    @inline(__always)
    private func withPhaseBuffer(_ body: (UnsafeMutablePointer<Float>) -> Void) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: strideW * height * phaseWidth) { buffer in
            guard let base = buffer.baseAddress else { return }
            body(base)
        }
    }

    /// Splits `plane` (`height x width`) into its phase planes, or with `split` false writes
    /// the phase planes back into `plane` (the inverse).
    private func movePhases(_ plane: UnsafeMutablePointer<Float>, _ phases: UnsafeMutablePointer<Float>, split: Bool) {
        let pw = phaseWidth, phaseSize = height * pw
        for y in 0..<height {
            let line = plane + y * width, first = phases + y * pw
            var x = 0
            if strideW == 2 {
                // Sixteen pixels are eight of each phase, interleaved.
                let even = first, odd = first + phaseSize
                while x + 16 <= width {
                    if split {
                        let v = UnsafeRawPointer(line + x).loadUnaligned(as: SIMD16<Float>.self)
                        UnsafeMutableRawPointer(even + x / 2).storeBytes(of: v.evenHalf, as: SIMD8<Float>.self)
                        UnsafeMutableRawPointer(odd + x / 2).storeBytes(of: v.oddHalf, as: SIMD8<Float>.self)
                    } else {
                        var v = SIMD16<Float>()
                        v.evenHalf = UnsafeRawPointer(even + x / 2).loadUnaligned(as: SIMD8<Float>.self)
                        v.oddHalf = UnsafeRawPointer(odd + x / 2).loadUnaligned(as: SIMD8<Float>.self)
                        UnsafeMutableRawPointer(line + x).storeBytes(of: v, as: SIMD16<Float>.self)
                    }
                    x += 16
                }
            }
            // The rest phase by phase, without a division per pixel.
            for p in 0..<strideW {
                let phase = first + p * phaseSize
                var m = (x + strideW - 1 - p) / strideW
                var column = p + m * strideW
                while column < width {
                    if split { phase[m] = line[column] } else { line[column] = phase[m] }
                    m += 1
                    column += strideW
                }
            }
        }
    }

    /// ``im2col(_:_:rowStride:)`` for ``isStridedAlongWidth`` geometries: the same matrix.
    func im2colStridedWidth(_ image: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>, rowStride: Int) {
        let pw = phaseWidth, phaseSize = height * pw
        withPhaseBuffer { phases in
            for c in 0..<channels {
                movePhases(UnsafeMutablePointer(mutating: image) + c * height * width, phases, split: true)
                for i in 0..<kernelHeight {
                    let rowsIn = Self.validPositions(offset: i, pad: padH, stride: strideH, size: height, outCount: outHeight)
                    for j in 0..<kernelWidth {
                        let row = columns + ((c * kernelHeight + i) * kernelWidth + j) * rowStride
                        let cols = Self.validPositions(offset: j, pad: padW, stride: strideW, size: width, outCount: outWidth)
                        let tap = phaseTap(j)
                        zeroFill(row, count: rowsIn.lowerBound * outWidth)
                        zeroFill(row + rowsIn.upperBound * outWidth, count: (outHeight - rowsIn.upperBound) * outWidth)
                        for oy in rowsIn {
                            let out = row + oy * outWidth
                            zeroFill(out, count: cols.lowerBound)
                            zeroFill(out + cols.upperBound, count: outWidth - cols.upperBound)
                            guard !cols.isEmpty else { continue }
                            let line = phases + tap.phase * phaseSize + (oy * strideH - padH + i) * pw + tap.offset
                            (out + cols.lowerBound).update(from: line + cols.lowerBound, count: cols.count)
                        }
                    }
                }
            }
        }
    }

    /// ``col2imAdd(_:_:rowStride:)`` for ``isStridedAlongWidth`` geometries: each plane is
    /// split into phases, every row of `columns` added to its phase contiguously, and the
    /// phases merged back.
    func col2imAddStridedWidth(_ columns: UnsafePointer<Float>, _ image: UnsafeMutablePointer<Float>, rowStride: Int) {
        let pw = phaseWidth, phaseSize = height * pw
        withPhaseBuffer { phases in
            for c in 0..<channels {
                let plane = image + c * height * width
                movePhases(plane, phases, split: true)
                for i in 0..<kernelHeight {
                    let rowsIn = Self.validPositions(offset: i, pad: padH, stride: strideH, size: height, outCount: outHeight)
                    for j in 0..<kernelWidth {
                        let row = columns + ((c * kernelHeight + i) * kernelWidth + j) * rowStride
                        let cols = Self.validPositions(offset: j, pad: padW, stride: strideW, size: width, outCount: outWidth)
                        guard !cols.isEmpty else { continue }
                        let tap = phaseTap(j)
                        for oy in rowsIn {
                            let source = row + oy * outWidth
                            let target = phases + tap.phase * phaseSize + (oy * strideH - padH + i) * pw + tap.offset
                            for ox in cols { target[ox] += source[ox] }
                        }
                    }
                }
                movePhases(plane, phases, split: false)
            }
        }
    }
}
