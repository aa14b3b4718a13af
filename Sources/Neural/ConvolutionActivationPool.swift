/// A ``Conv2d``, a LeakyReLU ``Activation`` and a 2 x 2, stride 2 ``MaxPool2d`` run as one
/// pass over the convolution's product, as ``Sequential`` runs such a run of layers.
///
/// The three layers' own forward passes write the full-size map three times over (the layout
/// change with the bias, the activation, the pooling's read); the map of a network's first
/// convolution is its largest tensor by far. Here the bias, the activation and the pooling
/// read the `[out, N*H*W]` product once and write only the pooled map; the backward pass
/// writes d(loss)/d(product) straight into the convolution's channel-major buffer. The
/// arithmetic is the layers' own, element for element: the bias is added and the activation
/// applied before the window's maximum is chosen (so ties after rounding go to the first
/// element, as in PyTorch), and the activation's slope is chosen from the sign of the pooled
/// output, which is the sign of its input (the slope is positive). Results are bit-identical
/// to running the layers one after another.
final class ConvolutionActivationPool {
    let convolution: Conv2d
    let activation: Activation
    let pool: MaxPool2d
    private let slope: Float

    private let output = Tensor(shape: [0, 0, 0, 0])
    /// Which element of each window was the maximum: `2 * row + column`, in output order.
    private var winners: [UInt8] = []
    /// The sum of each `(channel, sample)` plane of d(loss)/d(product), channel-major.
    private let planeSums = Scratch()
    /// Whether the last forward pass ran fused (odd maps fall back to the three layers).
    private var fused = false

    /// The block for `layers[0...2]` when they are a convolution, a LeakyReLU with a positive
    /// slope and a 2 x 2 max-pool of stride 2; nil otherwise.
    init?(_ first: any Layer, _ second: any Layer, _ third: any Layer) {
        guard let convolution = first as? Conv2d, let activation = second as? Activation, let pool = third as? MaxPool2d,
              case .leakyReLU(let slope) = activation.kind, slope > 0,
              pool.kernel == (2, 2), pool.stride == (2, 2) else { return nil }
        self.convolution = convolution
        self.activation = activation
        self.pool = pool
        self.slope = slope
    }

    /// The pooled, activated output `[N, out, Ho / 2, Wo / 2]`.
    func forward(_ input: Tensor) -> Tensor {
        let conv = convolution
        let shape = (try? conv.outputShape(for: input.shape)) ?? []
        fused = shape.count == 4 && shape[2] % 2 == 0 && shape[3] % 2 == 0
        guard fused else { return pool.forward(activation.forward(conv.forward(input))) }
        let product = SharedPointer(conv.channelMajorProduct(input))
        let n = shape[0], channels = shape[1], height = shape[2], width = shape[3]
        let rows = height / 2, columns = width / 2
        output.ensureShape(n, channels, rows, columns)
        if winners.count != output.count { winners = [UInt8](repeating: 0, count: output.count) }
        let y = SharedPointer(output.data), slope = self.slope
        let bias = conv.bias.map { SharedPointer($0.value.data) }
        winners.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let codes = SharedPointer(base)
            // Plane p of the product is channel p / N of sample p % N.
            NeuralThreads.forEachSample(channels * n, work: height * width) { p in
                let c = p / n, sample = p % n
                let out = (sample * channels + c) * rows * columns
                Self.poolPlane(product.base + p * height * width, width: width, rows: rows, columns: columns,
                               bias: bias?.base[c] ?? 0, slope: slope, y.base + out, codes.base + out)
            }
        }
        return output
    }

    /// One plane: bias, activation, then the first maximum of each window (a NaN, the
    /// window's last, takes over, as in ``MaxPool2d``). Four windows at a time in vector
    /// lanes: as scalar code the comparisons became branches, mispredicted half the time.
    @inline(__always)
    private static func poolPlane(_ x: UnsafeMutablePointer<Float>, width: Int, rows: Int, columns: Int, bias: Float,
                                  slope: Float, _ values: UnsafeMutablePointer<Float>, _ codes: UnsafeMutablePointer<UInt8>) {
        for oy in 0..<rows {
            let top = x + 2 * oy * width, bottom = top + width
            let rowValues = values + oy * columns, rowCodes = codes + oy * columns
            var ox = 0
            while ox + 4 <= columns {
                let (a, b) = pairs(top + 2 * ox, bias: bias, slope: slope)
                let (c, d) = pairs(bottom + 2 * ox, bias: bias, slope: slope)
                let total = a + b + c + d
                if any(total .!= total) {
                    for k in 0..<4 {
                        (rowValues[ox + k], rowCodes[ox + k]) = firstMaximum(a[k], b[k], c[k], d[k])
                    }
                } else {
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
                    UnsafeMutableRawPointer(rowValues + ox).storeBytes(of: best, as: SIMD4<Float>.self)
                    UnsafeMutableRawPointer(rowCodes + ox).storeBytes(of: SIMD4<UInt8>(truncatingIfNeeded: code), as: SIMD4<UInt8>.self)
                }
                ox += 4
            }
            while ox < columns {
                let shift = SIMD4<Float>(top[2 * ox], top[2 * ox + 1], bottom[2 * ox], bottom[2 * ox + 1])
                let v = activate(shift, bias: bias, slope: slope)
                (rowValues[ox], rowCodes[ox]) = firstMaximum(v[0], v[1], v[2], v[3])
                ox += 1
            }
        }
    }

    /// The activated left and right elements of four consecutive windows on one row (eight
    /// floats from `row`), from 16-byte loads (wider vectors are split through the stack).
    @inline(__always)
    private static func pairs(_ row: UnsafeMutablePointer<Float>, bias: Float, slope: Float) -> (SIMD4<Float>, SIMD4<Float>) {
        let p = activate(UnsafeRawPointer(row).loadUnaligned(as: SIMD4<Float>.self), bias: bias, slope: slope)
        let q = activate(UnsafeRawPointer(row + 4).loadUnaligned(as: SIMD4<Float>.self), bias: bias, slope: slope)
        return (SIMD4(p[0], p[2], q[0], q[2]), SIMD4(p[1], p[3], q[1], q[3]))
    }

    /// LeakyReLU of `x + bias`, lane by lane, in the layers' order of operations.
    @inline(__always)
    private static func activate<V: SIMD>(_ x: V, bias: Float, slope: Float) -> V where V.Scalar == Float {
        let shifted = x + bias
        return shifted.replacing(with: shifted * slope, where: .!(shifted .> 0))
    }

    /// The value and position (`2 * row + column`) of the first maximum of a window in
    /// row-major order; a NaN (the last one) takes over.
    private static func firstMaximum(_ a: Float, _ b: Float, _ c: Float, _ d: Float) -> (Float, UInt8) {
        var bestValue = a, best: UInt8 = 0
        for (v, at) in [(b, UInt8(1)), (c, 2), (d, 3)] where v > bestValue {
            bestValue = v
            best = at
        }
        for (v, at) in [(a, UInt8(0)), (b, 1), (c, 2), (d, 3)] where v.isNaN {
            bestValue = v
            best = at
        }
        return (bestValue, best)
    }

    /// d(loss)/d(input) from d(loss)/d(pooled output); adds the convolution's parameter
    /// gradients.
    func backward(_ gradOutput: Tensor) -> Tensor {
        guard fused else { return convolution.backward(activation.backward(pool.backward(gradOutput))) }
        let conv = convolution
        precondition(gradOutput.shape == output.shape, "MaxPool2d: gradient \(gradOutput.shape) for output \(output.shape)")
        let n = output.shape[0], channels = output.shape[1], rows = output.shape[2], columns = output.shape[3]
        let plane = 4 * rows * columns
        let dy = SharedPointer(conv.channelMajorGradientBuffer())
        let g = SharedPointer(gradOutput.data), y = SharedPointer(output.data), slope = self.slope
        let sums = SharedPointer(planeSums.reserve(channels * n))
        winners.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let codes = SharedPointer(base)
            NeuralThreads.forEachSample(channels * n, work: plane) { p in
                let c = p / n, sample = p % n
                let at = (sample * channels + c) * rows * columns
                let target = dy.base + p * plane
                Self.scatterPlane(g.base + at, y.base + at, codes.base + at, rows: rows, columns: columns,
                                  slope: slope, target)
                // While the plane is in cache; summed as accumulateChannelSums sums it.
                sums.base[p] = floatSum(target, count: plane)
            }
        }
        if let bias = conv.bias {
            for c in 0..<channels {
                var sum = 0.0
                for sample in 0..<n { sum += Double(sums.base[c * n + sample]) }
                bias.gradient.data[c] += Float(sum)
            }
        }
        return conv.backward(channelMajorGradient: dy.base)
    }

    /// One plane of d(loss)/d(product) (`2 rows x 2 columns`, overwritten) from the pooled
    /// gradient `g`, the pooled output `y` and the winners: each window's gradient, times the
    /// slope where the output is not positive, at its winner and 0 elsewhere. Four windows at a
    /// time in vector lanes.
    @inline(__always)
    private static func scatterPlane(_ g: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                     _ codes: UnsafeMutablePointer<UInt8>, rows: Int, columns: Int, slope: Float,
                                     _ target: UnsafeMutablePointer<Float>) {
        let width = 2 * columns
        for oy in 0..<rows {
            let top = target + 2 * oy * width, bottom = top + width
            let o = oy * columns
            var ox = 0
            while ox + 4 <= columns {
                let v = UnsafeRawPointer(g + o + ox).loadUnaligned(as: SIMD4<Float>.self)
                let output = UnsafeRawPointer(y + o + ox).loadUnaligned(as: SIMD4<Float>.self)
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
