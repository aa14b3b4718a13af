import SynCore

/// A 2-D convolution, PyTorch's `nn.Conv2d` (groups 1, dilation 1, zero padding).
///
/// Input `[N, inChannels, H, W]`, output `[N, outChannels, Ho, Wo]` with
/// `Ho = (H + 2 * padding.h - kernel.h) / stride.h + 1` (floor division; likewise `Wo`).
/// `weight` is `[outChannels, inChannels, kh, kw]`, `bias` `[outChannels]`. Computed per
/// sample (parallel over samples) as im2col followed by an `sgemm`
/// (`[out, in*kh*kw] x [in*kh*kw, Ho*Wo]`) while the sample's columns are in cache; the
/// backward pass makes them again (see `ConvolutionPasses.swift`).
public final class Conv2d: Layer {
    /// Input channels.
    public let inChannels: Int
    /// Output channels.
    public let outChannels: Int
    /// Kernel height and width.
    public let kernel: (h: Int, w: Int)
    /// Strides along height and width.
    public let stride: (h: Int, w: Int)
    /// Zero padding added on both sides of height and width.
    public let padding: (h: Int, w: Int)
    /// `[outChannels, inChannels, kh, kw]`.
    public let weight: Parameter
    /// `[outChannels]`, or nil without bias.
    public let bias: Parameter?
    /// Whether ``backward(_:)`` computes d(loss)/d(input) (true by default). A network's
    /// first layer, whose input is data, sets it to false (PyTorch's `requires_grad=False` on
    /// the batch): the backward pass then skips that product and col2im and returns zeros;
    /// the parameter gradients are unaffected.
    public var computesInputGradient = true

    private let output = Tensor(shape: [0, 0, 0, 0])
    private let gradInput = Tensor(shape: [0, 0, 0, 0])
    /// Per worker, a column matrix `[in*kh*kw, Ho*Wo]` (and, forward, the product `[out, Ho*Wo]`).
    private let columns = Scratch()
    /// A block of `W^T dY` per worker.
    private let gradColumns = Scratch()
    /// A sample's d(loss)/d(output) `[out, Ho*Wo]` per worker (``backwardPerSample(_:)``).
    private let gradOutputBlocks = Scratch()
    /// One partial weight gradient per group of samples.
    private let partialGradient = Scratch()
    private var input: Tensor?
    private var geometry: ConvolutionGeometry?

    /// A convolution initialised as PyTorch does (fan-in `inChannels * kh * kw`), from `rng`.
    public init(inChannels: Int, outChannels: Int, kernel: (h: Int, w: Int), stride: (h: Int, w: Int) = (1, 1),
                padding: (h: Int, w: Int) = (0, 0), bias: Bool = true, rng: inout Xoshiro256StarStar) {
        precondition(inChannels > 0 && outChannels > 0 && kernel.h > 0 && kernel.w > 0 && stride.h > 0 && stride.w > 0
                     && padding.h >= 0 && padding.w >= 0, "Conv2d: sizes must be positive, padding non-negative")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        weight = Parameter(name: "weight", shape: [outChannels, inChannels, kernel.h, kernel.w])
        self.bias = bias ? Parameter(name: "bias", shape: [outChannels]) : nil
        PyTorchInitialization.reset(weight: weight, bias: self.bias, fanIn: inChannels * kernel.h * kernel.w, using: &rng)
    }

    /// A square kernel with equal strides and padding on both axes.
    public convenience init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                            bias: Bool = true, rng: inout Xoshiro256StarStar) {
        self.init(inChannels: inChannels, outChannels: outChannels, kernel: (kernel, kernel), stride: (stride, stride),
                  padding: (padding, padding), bias: bias, rng: &rng)
    }

    /// Weight, then bias.
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    private var label: String {
        "Conv2d(\(inChannels) -> \(outChannels), kernel \(kernel.h)x\(kernel.w), stride \(stride.h)x\(stride.w), padding \(padding.h)x\(padding.w))"
    }

    /// `[N, outChannels, Ho, Wo]` for `[N, inChannels, H, W]`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 4, inputShape[1] == inChannels else {
            throw NeuralShapeError("\(label) expects input [N, \(inChannels), H, W]; got \(inputShape)")
        }
        let h = inputShape[2] + 2 * padding.h, w = inputShape[3] + 2 * padding.w
        guard h >= kernel.h, w >= kernel.w else {
            throw NeuralShapeError("\(label): padded input \(h)x\(w) is smaller than the kernel (input \(inputShape))")
        }
        return [inputShape[0], outChannels, (h - kernel.h) / stride.h + 1, (w - kernel.w) / stride.w + 1]
    }

    private func makeGeometry(height: Int, width: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(channels: inChannels, height: height, width: width, kernelHeight: kernel.h,
                            kernelWidth: kernel.w, strideH: stride.h, strideW: stride.w, padH: padding.h,
                            padW: padding.w, outHeight: (height + 2 * padding.h - kernel.h) / stride.h + 1,
                            outWidth: (width + 2 * padding.w - kernel.w) / stride.w + 1)
    }

    /// Per sample (parallel), im2col and `W x cols` in blocks of the worker's own, the result
    /// laid out as `[N, out, Ho, Wo]` plus the bias.
    public func forward(_ input: Tensor) -> Tensor {
        let g = prepare(input)
        let n = input.shape[0], m = outChannels, plane = g.positions
        output.ensureShape(n, m, g.outHeight, g.outWidth)
        let out = SharedPointer(output.data), bias = self.bias.map { SharedPointer($0.value.data) }
        forwardPerSample(input) { sample, product in
            for c in 0..<m {
                let from = product + c * plane, to = out.base + (sample * m + c) * plane
                if let bias {
                    let v = bias.base[c]
                    for p in 0..<plane { to[p] = from[p] + v }
                } else {
                    to.update(from: from, count: plane)
                }
            }
        }
        return output
    }

    /// Checks `input`, keeps it for the backward pass and returns the geometry for its size.
    private func prepare(_ input: Tensor) -> ConvolutionGeometry {
        let s = input.shape
        precondition(s.count == 4 && s[1] == inChannels && s[2] + 2 * padding.h >= kernel.h
                     && s[3] + 2 * padding.w >= kernel.w, "\(label): input \(s)")
        self.input = input
        if geometry?.height != s[2] || geometry?.width != s[3] { geometry = makeGeometry(height: s[2], width: s[3]) }
        guard let g = geometry else { preconditionFailure("Conv2d: geometry") }
        return g
    }

    /// The product part of ``forward(_:)``: per sample (parallel), im2col and `W x cols`
    /// **without** bias into a `[out, Ho*Wo]` block of the worker's own, handed to
    /// `body(sample, product)` while it is in cache (valid only during the call). Keeps what
    /// the backward pass needs.
    func forwardPerSample(_ input: Tensor, _ body: @Sendable (_ sample: Int, _ product: UnsafeMutablePointer<Float>) -> Void) {
        let g = prepare(input)
        let n = input.shape[0], positions = g.positions, m = outChannels
        let block = g.columnRows * positions, slot = block + m * positions
        let workers = min(productWorkers, n), blocks = SharedPointer(columns.reserve(workers * slot))
        let source = SharedPointer(input.data), w = SharedPointer(weight.value.data)
        forEachSampleProduct(n, work: block * m, workers: workers) { worker, sample in
            let cols = blocks.base + worker * slot, product = cols + block
            g.im2colProduct(source.base + sample * g.imageSize, weights: w.base, m: m, block: cols, product: product,
                            productRowStride: positions)
            body(sample, product)
        }
    }

    /// `db += sum dY`, then per sample (parallel over fixed groups of samples) `cols` made
    /// again, `dW += dY cols^T` and `dX = col2im(W^T dY)`.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        guard let input, let g = geometry else { preconditionFailure("Conv2d: backward before forward") }
        let n = input.shape[0]
        precondition(gradOutput.hasShape(n, outChannels, g.outHeight, g.outWidth),
                     "\(label): gradient \(gradOutput.shape) for output \(output.shape)")
        if let bias { accumulateChannelSums(gradOutput.data, bias.gradient.data, samples: n, channels: outChannels, positions: g.positions) }
        let dy = SharedPointer(gradOutput.data), size = outChannels * g.positions
        return backwardPerSample(fillsBlocks: false) { sample, _ in UnsafePointer(dy.base + sample * size) }
    }

    /// The backward pass except the bias gradient, which the caller adds. Per sample (parallel
    /// over fixed groups of samples): `gradient(sample, block)` returns the sample's
    /// d(loss)/d(output) `[out, Ho*Wo]`, found elsewhere or written into `block` (a scratch
    /// block of the worker's own, for the caller to fill while the sample is in cache; with
    /// `fillsBlocks` false the blocks are not made and `block` must not be written); then
    /// `cols` made again, `dW += dY cols^T` (summed in fixed groups of samples) and
    /// `dX = col2im(W^T dY)`.
    func backwardPerSample(fillsBlocks: Bool = true,
                           _ gradient: @Sendable (_ sample: Int, _ block: UnsafeMutablePointer<Float>) -> UnsafePointer<Float>)
        -> Tensor {
        guard let input, let g = geometry else { preconditionFailure("Conv2d: backward before forward") }
        let n = input.shape[0], m = outChannels, rows = g.columnRows, positions = g.positions, block = rows * positions
        gradInput.ensureShape(n, inChannels, g.height, g.width)
        guard n > 0 else { return gradInput }
        let dataGradient = computesInputGradient
        let groups = ConvolutionGeometry.weightGradientGroups(samples: n), workers = min(productWorkers, groups)
        let partials = SharedPointer(partialGradient.reserve(groups * m * rows))
        let columnBlocks = SharedPointer(columns.reserve(workers * block))
        let productBlocks = SharedPointer(gradColumns.reserve(dataGradient ? workers * block : 1))
        let gradientBlocks = SharedPointer(gradOutputBlocks.reserve(fillsBlocks ? workers * m * positions : 1))
        let source = SharedPointer(input.data), w = SharedPointer(weight.value.data), dx = SharedPointer(gradInput.data)
        forEachSampleProduct(groups, work: (n + groups - 1) / groups * block * m * 2, workers: workers) { worker, group in
            let cols = columnBlocks.base + worker * block
            let samples = ConvolutionGeometry.samples(ofGroup: group, groups: groups, samples: n)
            for sample in samples {
                let dySample = gradient(sample, gradientBlocks.base + worker * m * positions)
                g.im2col(source.base + sample * g.imageSize, cols, rowStride: positions)
                g.accumulateWeightGradient(dySample, m: m, aRowStride: positions, block: cols,
                                           into: partials.base + group * m * rows, first: sample == samples.lowerBound)
                if dataGradient {
                    g.transposedProductCol2im(weights: w.base, k: m, x: dySample, xRowStride: positions,
                                              block: productBlocks.base + worker * block, image: dx.base + sample * g.imageSize)
                }
            }
        }
        addPartialGradients(partials.base, groups: groups, count: m * rows, to: weight.gradient.data)
        if !dataGradient { gradInput.fill(0) }
        return gradInput
    }
}

/// A 2-D transposed convolution, PyTorch's `nn.ConvTranspose2d` (groups 1, dilation 1).
///
/// Input `[N, inChannels, H, W]`, output `[N, outChannels, Ho, Wo]` with
/// `Ho = (H - 1) * stride.h - 2 * padding.h + kernel.h + outputPadding.h` (likewise `Wo`).
/// `weight` is `[inChannels, outChannels, kh, kw]` (PyTorch's layout for transposed
/// convolutions), `bias` `[outChannels]`. The forward pass is the adjoint of a convolution:
/// per sample, an `sgemm` (`W^T x X`, `[out*kh*kw, H*W]`) and its col2im.
public final class ConvTranspose2d: Layer {
    /// Input channels.
    public let inChannels: Int
    /// Output channels.
    public let outChannels: Int
    /// Kernel height and width.
    public let kernel: (h: Int, w: Int)
    /// Strides along height and width.
    public let stride: (h: Int, w: Int)
    /// PyTorch's `padding`: removed from both sides of the full output.
    public let padding: (h: Int, w: Int)
    /// PyTorch's `output_padding`: extra rows and columns at the bottom and right (less than
    /// the stride).
    public let outputPadding: (h: Int, w: Int)
    /// `[inChannels, outChannels, kh, kw]`.
    public let weight: Parameter
    /// `[outChannels]`, or nil without bias.
    public let bias: Parameter?

    private let output = Tensor(shape: [0, 0, 0, 0])
    private let gradInput = Tensor(shape: [0, 0, 0, 0])
    /// A block per worker: `W^T X` (forward), the column matrix of the output gradient
    /// (backward).
    private let columns = Scratch()
    /// One partial weight gradient per group of samples.
    private let partialGradient = Scratch()
    /// A sample's d(loss)/d(output) per worker when an activation follows
    /// (``backward(_:activation:)``).
    private let gradOutputBeforeActivation = Scratch()
    /// The sum of each `(channel, sample)` plane of d(loss)/d(output), channel-major.
    private let planeSums = Scratch()
    private var input: Tensor?
    private var geometry: ConvolutionGeometry?

    /// A transposed convolution initialised as PyTorch does: fan-in `weight.size(1) * kh * kw`
    /// = `outChannels * kh * kw` (``PyTorchInitialization``), from `rng`.
    public init(inChannels: Int, outChannels: Int, kernel: (h: Int, w: Int), stride: (h: Int, w: Int) = (1, 1),
                padding: (h: Int, w: Int) = (0, 0), outputPadding: (h: Int, w: Int) = (0, 0), bias: Bool = true,
                rng: inout Xoshiro256StarStar) {
        precondition(inChannels > 0 && outChannels > 0 && kernel.h > 0 && kernel.w > 0 && stride.h > 0 && stride.w > 0
                     && padding.h >= 0 && padding.w >= 0, "ConvTranspose2d: sizes must be positive, padding non-negative")
        precondition(outputPadding.h >= 0 && outputPadding.w >= 0 && outputPadding.h < stride.h && outputPadding.w < stride.w,
                     "ConvTranspose2d: output padding must be smaller than the stride")
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernel = kernel
        self.stride = stride
        self.padding = padding
        self.outputPadding = outputPadding
        weight = Parameter(name: "weight", shape: [inChannels, outChannels, kernel.h, kernel.w])
        self.bias = bias ? Parameter(name: "bias", shape: [outChannels]) : nil
        PyTorchInitialization.reset(weight: weight, bias: self.bias, fanIn: outChannels * kernel.h * kernel.w, using: &rng)
    }

    /// A square kernel with equal strides, padding and output padding on both axes.
    public convenience init(inChannels: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int = 0,
                            outputPadding: Int = 0, bias: Bool = true, rng: inout Xoshiro256StarStar) {
        self.init(inChannels: inChannels, outChannels: outChannels, kernel: (kernel, kernel), stride: (stride, stride),
                  padding: (padding, padding), outputPadding: (outputPadding, outputPadding), bias: bias, rng: &rng)
    }

    /// Weight, then bias.
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    private var label: String {
        "ConvTranspose2d(\(inChannels) -> \(outChannels), kernel \(kernel.h)x\(kernel.w), stride \(stride.h)x\(stride.w), "
            + "padding \(padding.h)x\(padding.w), output padding \(outputPadding.h)x\(outputPadding.w))"
    }

    private func outSize(_ inSize: Int, _ k: Int, _ s: Int, _ p: Int, _ op: Int) -> Int { (inSize - 1) * s - 2 * p + k + op }

    /// `[N, outChannels, Ho, Wo]` for `[N, inChannels, H, W]`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 4, inputShape[1] == inChannels, inputShape[2] > 0, inputShape[3] > 0 else {
            throw NeuralShapeError("\(label) expects input [N, \(inChannels), H, W] with H, W > 0; got \(inputShape)")
        }
        let h = outSize(inputShape[2], kernel.h, stride.h, padding.h, outputPadding.h)
        let w = outSize(inputShape[3], kernel.w, stride.w, padding.w, outputPadding.w)
        guard h > 0, w > 0 else { throw NeuralShapeError("\(label): output for input \(inputShape) would be empty") }
        return [inputShape[0], outChannels, h, w]
    }

    /// The convolution whose adjoint this layer computes: its image is our output, its
    /// positions our input pixels.
    private func makeGeometry(height: Int, width: Int) -> ConvolutionGeometry {
        ConvolutionGeometry(channels: outChannels,
                            height: outSize(height, kernel.h, stride.h, padding.h, outputPadding.h),
                            width: outSize(width, kernel.w, stride.w, padding.w, outputPadding.w),
                            kernelHeight: kernel.h, kernelWidth: kernel.w, strideH: stride.h, strideW: stride.w,
                            padH: padding.h, padW: padding.w, outHeight: height, outWidth: width)
    }

    /// Per sample (parallel), `cols = W^T X` (`[out*kh*kw, H*W]`), its col2im and the bias.
    public func forward(_ input: Tensor) -> Tensor { forward(input, activation: nil) }

    /// ``forward(_:)``, then `activation` applied in place to each sample's output while it is
    /// in cache (``Sequential`` runs a transposed convolution and its activation so): the output
    /// holds the activated values. Element for element the arithmetic of the two layers.
    func forward(_ input: Tensor, activation: Activation.Kind?) -> Tensor {
        let s = input.shape
        precondition(s.count == 4 && s[1] == inChannels && s[2] > 0 && s[3] > 0, "\(label): input \(s)")
        self.input = input
        let n = s[0]
        if geometry?.outHeight != s[2] || geometry?.outWidth != s[3] { geometry = makeGeometry(height: s[2], width: s[3]) }
        guard let g = geometry else { preconditionFailure("ConvTranspose2d: geometry") }
        precondition(g.height > 0 && g.width > 0, "\(label): empty output for input \(s)")
        output.ensureShape(n, outChannels, g.height, g.width)
        let positions = g.positions, block = g.columnRows * positions, k = inChannels
        let workers = min(productWorkers, n), blocks = SharedPointer(columns.reserve(workers * block))
        let source = SharedPointer(input.data), w = SharedPointer(weight.value.data), out = SharedPointer(output.data)
        let bias = self.bias.map { SharedPointer($0.value.data) }
        let channels = outChannels, plane = g.height * g.width, size = g.imageSize
        forEachSampleProduct(n, work: block * k, workers: workers) { worker, sample in
            let image = out.base + sample * size
            g.transposedProductCol2im(weights: w.base, k: k, x: source.base + sample * k * positions, xRowStride: positions,
                                      block: blocks.base + worker * block, image: image)
            if let bias {
                for c in 0..<channels {
                    let values = image + c * plane, v = bias.base[c]
                    for p in 0..<plane { values[p] += v }
                }
            }
            if let activation { Activation.apply(activation, image, image, 0..<size) }
        }
        return output
    }

    /// Per sample (parallel over fixed groups of samples), `dcols = im2col(dY)`, `dX = W dcols`
    /// straight into the batch-major gradient and `dW += X dcols^T`; `db += sum dY`.
    public func backward(_ gradOutput: Tensor) -> Tensor { backward(gradOutput, activation: nil) }

    /// ``backward(_:)`` after ``forward(_:activation:)``: `gradOutput` is d(loss)/d(activated
    /// output), and each sample's d(loss)/d(output) is made from it and the activated output
    /// (their sign is the input's for the piecewise-linear functions) just before its im2col.
    func backward(_ gradOutput: Tensor, activation: Activation.Kind?) -> Tensor {
        guard let input, let g = geometry else { preconditionFailure("ConvTranspose2d: backward before forward") }
        let n = input.shape[0]
        precondition(gradOutput.hasShape(n, outChannels, g.height, g.width),
                     "\(label): gradient \(gradOutput.shape) for output \(output.shape)")
        gradInput.ensureShape(n, inChannels, g.outHeight, g.outWidth)
        guard n > 0 else { return gradInput }
        let m = inChannels, rows = g.columnRows, positions = g.positions, block = rows * positions
        let channels = outChannels, plane = g.height * g.width, size = g.imageSize
        let groups = ConvolutionGeometry.weightGradientGroups(samples: n), workers = min(productWorkers, groups)
        let partials = SharedPointer(partialGradient.reserve(groups * m * rows))
        let blocks = SharedPointer(columns.reserve(workers * block))
        let below = SharedPointer(gradOutputBeforeActivation.reserve(activation == nil ? 1 : workers * size))
        let y = SharedPointer(output.data), above = SharedPointer(gradOutput.data), x = SharedPointer(input.data)
        let w = SharedPointer(weight.value.data), dx = SharedPointer(gradInput.data)
        let sums = SharedPointer(planeSums.reserve(channels * n)), hasBias = bias != nil
        forEachSampleProduct(groups, work: (n + groups - 1) / groups * block * m * 2, workers: workers) { worker, group in
            let cols = blocks.base + worker * block
            let samples = ConvolutionGeometry.samples(ofGroup: group, groups: groups, samples: n)
            for sample in samples {
                let at = sample * size
                var dy = above.base + at
                if let activation {
                    let target = below.base + worker * size
                    Activation.derivative(activation, y.base + at, y.base + at, dy, target, 0..<size)
                    dy = target
                }
                // While the sample is in cache; each plane summed as accumulateChannelSums sums it.
                if hasBias {
                    for c in 0..<channels { sums.base[c * n + sample] = floatSum(dy + c * plane, count: plane) }
                }
                g.im2colProduct(dy, weights: w.base, m: m, block: cols, product: dx.base + sample * m * positions,
                                productRowStride: positions)
                g.accumulateWeightGradient(x.base + sample * m * positions, m: m, aRowStride: positions, block: cols,
                                           into: partials.base + group * m * rows, first: sample == samples.lowerBound)
            }
        }
        addPartialGradients(partials.base, groups: groups, count: m * rows, to: weight.gradient.data)
        if let bias { addPlaneSums(sums.base, samples: n, channels: channels, to: bias.gradient.data) }
        return gradInput
    }
}
