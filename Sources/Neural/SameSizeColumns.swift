/// The column matrix of a stride-1 convolution whose output is as large as its image (kernel
/// `2 * pad + 1` on both axes, the usual 3 x 3 with padding 1), built plane by plane.
///
/// Row `(c, i, j)` of such a matrix is channel `c` shifted by `(i - padH, j - padW)`: read as
/// one flat array it is a single copy of the plane at an offset, except for the rows shifted
/// past the top or bottom and the columns that wrap around a side, which are padding. One copy
/// per row plus a few zeros replaces a copy call per image row (a call per 8 to 32 floats
/// cost more than the copying).
extension ConvolutionGeometry {
    /// Whether ``im2colSameSize(_:_:rowStride:)`` applies.
    var isSameSizeUnitStride: Bool {
        strideH == 1 && strideW == 1 && outHeight == height && outWidth == width
    }

    /// One row `(c, i, j)` of a same-size column matrix: its offset into the matrix in rows,
    /// the channel's plane offset, and the flat span `span` of the row whose entries read the
    /// image at `entry + shift` (entries in `span` at a wrapped column are padding all the same).
    struct ShiftedRow {
        var row: Int
        var plane: Int
        var validRows: Range<Int>
        var span: Range<Int>
        var shift: Int
        var dx: Int
    }

    /// Calls `body` with every row of the column matrix in row order.
    @inline(__always)
    private func forEachShiftedRow(_ body: (ShiftedRow) -> Void) {
        for c in 0..<channels {
            for i in 0..<kernelHeight {
                let rows = Self.validPositions(offset: i, pad: padH, stride: 1, size: height, outCount: height)
                for j in 0..<kernelWidth {
                    let dx = j - padW
                    let span = rows.isEmpty || abs(dx) >= width
                        ? 0..<0 : (rows.lowerBound * width + max(0, -dx))..<(rows.upperBound * width - max(0, dx))
                    body(ShiftedRow(row: (c * kernelHeight + i) * kernelWidth + j, plane: c * height * width,
                                    validRows: span.isEmpty ? 0..<0 : rows, span: span, shift: (i - padH) * width + dx, dx: dx))
                }
            }
        }
    }

    /// Sets to zero the entries of `line`'s valid rows whose column wraps around a side.
    @inline(__always)
    private func zeroWrappedColumns(_ line: UnsafeMutablePointer<Float>, _ r: ShiftedRow) {
        for oy in r.validRows {
            let entries = line + oy * width
            for ox in 0..<max(0, -r.dx) { entries[ox] = 0 }
            for ox in (width - max(0, r.dx))..<width { entries[ox] = 0 }
        }
    }

    /// ``im2col(_:_:rowStride:)`` for ``isSameSizeUnitStride`` geometries: the same matrix.
    func im2colSameSize(_ image: UnsafePointer<Float>, _ columns: UnsafeMutablePointer<Float>, rowStride: Int) {
        let plane = height * width
        forEachShiftedRow { r in
            let line = columns + r.row * rowStride
            guard !r.span.isEmpty else {
                line.update(repeating: 0, count: plane)
                return
            }
            zeroFill(line, count: r.validRows.lowerBound * width)
            zeroFill(line + r.validRows.upperBound * width, count: (height - r.validRows.upperBound) * width)
            // The entries the flat copy skips or wraps into are padding.
            (line + r.span.lowerBound).update(from: image + r.plane + r.span.lowerBound + r.shift, count: r.span.count)
            zeroWrappedColumns(line, r)
        }
    }

    /// ``col2imAdd(_:_:rowStride:)`` for ``isSameSizeUnitStride`` geometries: one flat
    /// addition per row of `columns`, whose padding entries (the wrapped columns) are first set
    /// to zero so that the flat addition adds exactly 0 where they land. Each pixel receives its
    /// entries in the same order as in ``col2imAdd(_:_:rowStride:)``.
    func col2imAddSameSize(_ columns: UnsafeMutablePointer<Float>, _ image: UnsafeMutablePointer<Float>, rowStride: Int) {
        forEachShiftedRow { r in
            guard !r.span.isEmpty else { return }
            let line = columns + r.row * rowStride
            zeroWrappedColumns(line, r)
            let source = line + r.span.lowerBound, destination = image + r.plane + r.span.lowerBound + r.shift
            for k in 0..<r.span.count { destination[k] += source[k] }
        }
    }
}
