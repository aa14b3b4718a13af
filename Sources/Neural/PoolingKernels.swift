/// The kernels of ``ConvolutionActivationPool``: LeakyReLU plus the bias, the first maximum of
/// each 2 x 2 window, and the backward scatter, four windows at a time in 16-byte vector lanes
/// (as scalar code the comparisons became branches, mispredicted half the time; wider vectors
/// went through the stack).
enum PoolingKernels {
    /// LeakyReLU of `x + bias`, lane by lane, in the layers' order of operations.
    @inline(__always)
    static func activate(_ x: SIMD4<Float>, bias: Float, slope: Float) -> SIMD4<Float> {
        let shifted = x + bias
        return shifted.replacing(with: shifted * slope, where: .!(shifted .> 0))
    }

    /// The left and right elements of four consecutive windows from the eight values `p, q`.
    @inline(__always)
    static func split(_ p: SIMD4<Float>, _ q: SIMD4<Float>) -> (left: SIMD4<Float>, right: SIMD4<Float>) {
        (SIMD4(p[0], p[2], q[0], q[2]), SIMD4(p[1], p[3], q[1], q[3]))
    }

    /// Stores the first maximum of each of four windows (`a, b` their top row, `c, d` the
    /// bottom, activated) and its position `2 * row + column`; a NaN (the window's last) takes
    /// over, as in ``MaxPool2d``.
    @inline(__always)
    static func storeMaxima(_ a: SIMD4<Float>, _ b: SIMD4<Float>, _ c: SIMD4<Float>, _ d: SIMD4<Float>,
                            _ values: UnsafeMutablePointer<Float>, _ codes: UnsafeMutablePointer<UInt8>) {
        let total = a + b + c + d
        if any(total .!= total) {
            for k in 0..<4 { (values[k], codes[k]) = firstMaximum(a[k], b[k], c[k], d[k]) }
            return
        }
        var best = a, code = SIMD4<Int32>(repeating: 0)
        var larger = b .> best
        best.replace(with: b, where: larger)
        code.replace(with: 1, where: larger)
        larger = c .> best
        best.replace(with: c, where: larger)
        code.replace(with: 2, where: larger)
        larger = d .> best
        best.replace(with: d, where: larger)
        code.replace(with: 3, where: larger)
        UnsafeMutableRawPointer(values).storeBytes(of: best, as: SIMD4<Float>.self)
        UnsafeMutableRawPointer(codes).storeBytes(of: SIMD4<UInt8>(truncatingIfNeeded: code), as: SIMD4<UInt8>.self)
    }

    /// The value and position (`2 * row + column`) of the first maximum of a window in
    /// row-major order; a NaN (the last one) takes over.
    static func firstMaximum(_ a: Float, _ b: Float, _ c: Float, _ d: Float) -> (Float, UInt8) {
        if d.isNaN { return (d, 3) }
        if c.isNaN { return (c, 2) }
        if b.isNaN { return (b, 1) }
        if a.isNaN { return (a, 0) }
        var bestValue = a, best: UInt8 = 0
        if b > bestValue { (bestValue, best) = (b, 1) }
        if c > bestValue { (bestValue, best) = (c, 2) }
        if d > bestValue { (bestValue, best) = (d, 3) }
        return (bestValue, best)
    }

    @inline(__always)
    static func load(_ at: UnsafePointer<Float>) -> SIMD4<Float> {
        UnsafeRawPointer(at).loadUnaligned(as: SIMD4<Float>.self)
    }

    /// One plane `x` (`2 rows x width`) of the product: bias, activation and pooling into
    /// `values` and `codes` (`rows x columns`, `width = 2 * columns`).
    static func poolPlane(_ x: UnsafePointer<Float>, width: Int, rows: Int, columns: Int, bias: Float,
                          slope: Float, _ values: UnsafeMutablePointer<Float>, _ codes: UnsafeMutablePointer<UInt8>) {
        for oy in 0..<rows {
            let top = x + 2 * oy * width, bottom = top + width
            let rowValues = values + oy * columns, rowCodes = codes + oy * columns
            var ox = 0
            while ox + 4 <= columns {
                let (a, b) = split(activate(load(top + 2 * ox), bias: bias, slope: slope),
                                   activate(load(top + 2 * ox + 4), bias: bias, slope: slope))
                let (c, d) = split(activate(load(bottom + 2 * ox), bias: bias, slope: slope),
                                   activate(load(bottom + 2 * ox + 4), bias: bias, slope: slope))
                storeMaxima(a, b, c, d, rowValues + ox, rowCodes + ox)
                ox += 4
            }
            while ox < columns {
                let window = SIMD4<Float>(top[2 * ox], top[2 * ox + 1], bottom[2 * ox], bottom[2 * ox + 1])
                let v = activate(window, bias: bias, slope: slope)
                (rowValues[ox], rowCodes[ox]) = firstMaximum(v[0], v[1], v[2], v[3])
                ox += 1
            }
        }
    }

    /// One plane of d(loss)/d(product) (`2 rows x 2 columns`, overwritten) from the pooled
    /// gradient `g`, the pooled output `y` and the winners: each window's gradient, times the
    /// slope where the output is not positive, at its winner and 0 elsewhere.
    static func scatterPlane(_ g: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ codes: UnsafePointer<UInt8>,
                             rows: Int, columns: Int, slope: Float, _ target: UnsafeMutablePointer<Float>) {
        let width = 2 * columns
        for oy in 0..<rows {
            let top = target + 2 * oy * width, bottom = top + width
            let o = oy * columns
            var ox = 0
            while ox + 4 <= columns {
                let v = load(g + o + ox), output = load(y + o + ox)
                let code = SIMD4<Int32>(truncatingIfNeeded: UnsafeRawPointer(codes + o + ox).loadUnaligned(as: SIMD4<UInt8>.self))
                let gradient = v.replacing(with: v * slope, where: .!(output .> 0))
                let zero = SIMD4<Float>(repeating: 0)
                let a = zero.replacing(with: gradient, where: code .== 0), b = zero.replacing(with: gradient, where: code .== 1)
                let c = zero.replacing(with: gradient, where: code .== 2), d = zero.replacing(with: gradient, where: code .== 3)
                store(SIMD4(a[0], b[0], a[1], b[1]), SIMD4(a[2], b[2], a[3], b[3]), top + 2 * ox)
                store(SIMD4(c[0], d[0], c[1], d[1]), SIMD4(c[2], d[2], c[3], d[3]), bottom + 2 * ox)
                ox += 4
            }
            while ox < columns {
                let v = g[o + ox], gradient = y[o + ox] > 0 ? v : slope * v, code = codes[o + ox]
                top[2 * ox] = code == 0 ? gradient : 0
                top[2 * ox + 1] = code == 1 ? gradient : 0
                bottom[2 * ox] = code == 2 ? gradient : 0
                bottom[2 * ox + 1] = code == 3 ? gradient : 0
                ox += 1
            }
        }
    }

    @inline(__always)
    private static func store(_ low: SIMD4<Float>, _ high: SIMD4<Float>, _ at: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(at).storeBytes(of: low, as: SIMD4<Float>.self)
        UnsafeMutableRawPointer(at + 4).storeBytes(of: high, as: SIMD4<Float>.self)
    }
}
