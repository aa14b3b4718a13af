/// A ``Conv2d``, a LeakyReLU ``Activation`` and a 2 x 2, stride 2 ``MaxPool2d`` run as one
/// pass over the convolution's product, as ``Sequential`` runs such a run of layers.
///
/// The three layers' own forward passes write the full-size map three times over (the copy
/// with the bias, the activation, the pooling's read); the map of a network's first
/// convolution is its largest tensor by far. Here the bias, the activation and the pooling
/// read each sample's `[out, H*W]` product while it is in cache (``Conv2d``'s
/// `forwardPerSample(_:_:)`) and write only the pooled map; the backward pass scatters each
/// sample's d(loss)/d(product) into the convolution's block just before the sample's
/// products use it (`backwardPerSample(_:)`), so no full-size map is ever stored. The
/// arithmetic is the layers' own, element for element: the bias is added and the activation
/// applied before the window's maximum is chosen (so ties after rounding go to the first
/// element, as in PyTorch), and the activation's slope is chosen from the sign of the pooled
/// output, which is the sign of its input (the slope is positive). Results are bit-identical
/// to running the layers one after another.
///
/// A first layer (no input gradient) with one input channel and a 3 x 3, padding 1 kernel
/// skips the matrix product altogether (``SingleChannelConvolution``); its sums run in
/// another order, so its results equal the layers' to rounding only.
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
    /// The input with a zero border (``SingleChannelConvolution``).
    private let padded = Scratch()
    /// The zero input gradient the direct path returns.
    private let zeroInputGradient = Tensor(shape: [0, 0, 0, 0])
    private var inputShape: [Int] = []

    /// How the last forward pass ran.
    private enum Path {
        /// The three layers one after another (odd maps: floor-mode pooling drops a row or column).
        case layers
        /// The convolution's matrix product, then the fused pooling.
        case product
        /// ``SingleChannelConvolution``.
        case direct
    }

    private var path = Path.layers

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

    private func choosePath(outputShape shape: [Int]) -> Path {
        let conv = convolution
        guard shape.count == 4, shape[2] % 2 == 0, shape[3] % 2 == 0 else { return .layers }
        let direct = conv.inChannels == 1 && !conv.computesInputGradient && conv.kernel == (3, 3)
            && conv.stride == (1, 1) && conv.padding == (1, 1)
        return direct ? .direct : .product
    }

    /// The pooled, activated output `[N, out, Ho / 2, Wo / 2]`.
    func forward(_ input: Tensor) -> Tensor {
        let conv = convolution
        let shape = (try? conv.outputShape(for: input.shape)) ?? []
        path = choosePath(outputShape: shape)
        guard path != .layers else { return pool.forward(activation.forward(conv.forward(input))) }
        if inputShape != input.shape { inputShape = input.shape }
        let n = shape[0], channels = shape[1], height = shape[2], width = shape[3]
        let rows = height / 2, columns = width / 2
        output.ensureShape(n, channels, rows, columns)
        // Grown only: a smaller last batch reuses the buffer.
        // Never empty, so that its base address exists for an empty batch too.
        if winners.count < max(1, output.count) { winners = [UInt8](repeating: 0, count: max(1, output.count)) }
        let y = SharedPointer(output.data), slope = self.slope
        let bias = conv.bias.map { SharedPointer($0.value.data) }
        winners.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { preconditionFailure("ConvolutionActivationPool: no winners") }
            let codes = SharedPointer(base)
            guard path == .direct else {
                // Each sample's product is pooled while it is in cache.
                let plane = height * width
                conv.forwardPerSample(input) { sample, product in
                    for c in 0..<channels {
                        let out = (sample * channels + c) * rows * columns
                        PoolingKernels.poolPlane(product + c * plane, width: width, rows: rows, columns: columns,
                                                 bias: bias?.base[c] ?? 0, slope: slope, y.base + out, codes.base + out)
                    }
                }
                return
            }
            let source = SharedPointer(padded.reserve(SingleChannelConvolution.paddedCount(samples: n, height: height, width: width)))
            SingleChannelConvolution.pad(input.data, source.base, samples: n, height: height, width: width)
            let weights = SharedPointer(conv.weight.value.data)
            // Plane p is channel p / N of sample p % N.
            NeuralThreads.forEachSample(channels * n, work: height * width) { p in
                let c = p / n, sample = p % n
                let out = (sample * channels + c) * rows * columns
                SingleChannelConvolution.poolPlane(source.base + sample * (height + 2) * (width + 2), height: height,
                                                   width: width, weights: weights.base + 9 * c, bias: bias?.base[c] ?? 0,
                                                   slope: slope, y.base + out, codes.base + out)
            }
        }
        return output
    }

    /// d(loss)/d(input) from d(loss)/d(pooled output); adds the convolution's parameter
    /// gradients.
    func backward(_ gradOutput: Tensor) -> Tensor {
        guard path != .layers else { return convolution.backward(activation.backward(pool.backward(gradOutput))) }
        precondition(gradOutput.shape == output.shape, "MaxPool2d: gradient \(gradOutput.shape) for output \(output.shape)")
        let n = output.shape[0], channels = output.shape[1], rows = output.shape[2], columns = output.shape[3]
        let g = SharedPointer(gradOutput.data), y = SharedPointer(output.data), slope = self.slope
        return winners.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { preconditionFailure("ConvolutionActivationPool: no winners") }
            let codes = SharedPointer(base)
            if path == .direct {
                return directBackward(g, y, codes, samples: n, channels: channels, rows: rows, columns: columns)
            }
            let conv = convolution, plane = 4 * rows * columns
            let sums = SharedPointer(planeSums.reserve(channels * n))
            // Each sample's d(loss)/d(product) is scattered from the pooled gradient into the
            // convolution's block just before the sample's products use it.
            let dx = conv.backwardPerSample { sample, block in
                for c in 0..<channels {
                    let at = (sample * channels + c) * rows * columns, target = block + c * plane
                    PoolingKernels.scatterPlane(g.base + at, y.base + at, codes.base + at, rows: rows, columns: columns,
                                                slope: slope, target)
                    // While the plane is in cache; summed as accumulateChannelSums sums it.
                    sums.base[c * n + sample] = floatSum(target, count: plane)
                }
                return UnsafePointer(block)
            }
            if let bias = conv.bias { addPlaneSums(sums.base, samples: n, channels: channels, to: bias.gradient.data) }
            return dx
        }
    }

    /// The backward pass of the direct path: the weight and bias gradients of each channel
    /// (one channel per task), and a zero input gradient (the input is data).
    private func directBackward(_ g: SharedPointer<Float>, _ y: SharedPointer<Float>, _ codes: SharedPointer<UInt8>,
                                samples n: Int, channels: Int, rows: Int, columns: Int) -> Tensor {
        let conv = convolution
        let image = SharedPointer(padded.data), weightGradient = SharedPointer(conv.weight.gradient.data)
        let biasGradient = conv.bias.map { SharedPointer($0.gradient.data) }
        let slope = self.slope
        // Without a bias the sums land in a throwaway slot per channel.
        let discarded = SharedPointer(planeSums.reserve(channels))
        NeuralThreads.forEachSample(channels, work: 4 * n * rows * columns) { c in
            SingleChannelConvolution.accumulateGradient(
                channel: c, channels: channels, samples: n, height: 2 * rows, width: 2 * columns, g.base, y.base,
                codes.base, padded: image.base, slope: slope, weightGradient: weightGradient.base + 9 * c,
                biasGradient: (biasGradient?.base ?? discarded.base) + c)
        }
        zeroInputGradient.ensureShape(inputShape[0], inputShape[1], inputShape[2], inputShape[3])
        zeroInputGradient.fill(0)
        return zeroInputGradient
    }
}
