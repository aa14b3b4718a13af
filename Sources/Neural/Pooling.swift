/// A pooling window without padding: its size, its strides and the output shape in PyTorch's
/// floor mode, shared by max and average pooling.
struct PoolingWindow {
    let kernel: (h: Int, w: Int)
    let stride: (h: Int, w: Int)

    init(kernel: (h: Int, w: Int), stride: (h: Int, w: Int)?, layer: String) {
        let stride = stride ?? kernel
        precondition(kernel.h > 0 && kernel.w > 0 && stride.h > 0 && stride.w > 0, "\(layer): sizes must be positive")
        self.kernel = kernel
        self.stride = stride
    }

    /// `(H - k) / s + 1` along one axis.
    func pooled(height: Int) -> Int { (height - kernel.h) / stride.h + 1 }
    func pooled(width: Int) -> Int { (width - kernel.w) / stride.w + 1 }

    /// `[N, C, Ho, Wo]` for `[N, C, H, W]`, or an error naming `layer`.
    func outputShape(for inputShape: [Int], layer: String) throws -> [Int] {
        guard inputShape.count == 4, inputShape[2] >= kernel.h, inputShape[3] >= kernel.w else {
            throw NeuralShapeError("\(layer)(kernel \(kernel.h)x\(kernel.w)) expects input [N, C, H, W] with H >= \(kernel.h), W >= \(kernel.w); got \(inputShape)")
        }
        return [inputShape[0], inputShape[1], pooled(height: inputShape[2]), pooled(width: inputShape[3])]
    }
}

/// 2-D max pooling, PyTorch's `nn.MaxPool2d(kernel, stride)` (no padding, dilation 1, floor
/// mode).
///
/// Input `[N, C, H, W]`, output `[N, C, (H - k) / s + 1, (W - k) / s + 1]`. Ties go to the
/// first maximum in row-major window order, as in PyTorch's CPU kernel; the backward pass
/// routes each output gradient to that one input.
public final class MaxPool2d: Layer {
    private let window: PoolingWindow
    /// Window height and width.
    public var kernel: (h: Int, w: Int) { window.kernel }
    /// Strides along height and width.
    public var stride: (h: Int, w: Int) { window.stride }

    private let output = Tensor(shape: [0, 0, 0, 0])
    private let gradInput = Tensor(shape: [0, 0, 0, 0])
    private var argmax: [Int32] = []
    private var inputShape: [Int] = []

    /// Pooling over `kernel` windows moved by `stride` (PyTorch's default stride is the kernel).
    public init(kernel: (h: Int, w: Int), stride: (h: Int, w: Int)? = nil) {
        window = PoolingWindow(kernel: kernel, stride: stride, layer: "MaxPool2d")
    }

    /// A square window with equal strides (the stride defaults to the window).
    public convenience init(kernel: Int, stride: Int? = nil) {
        self.init(kernel: (kernel, kernel), stride: stride.map { ($0, $0) })
    }

    /// No parameters.
    public var parameters: [Parameter] { [] }

    /// `[N, C, Ho, Wo]` for `[N, C, H, W]`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try window.outputShape(for: inputShape, layer: "MaxPool2d")
    }

    /// The maximum of each window; remembers where it was.
    public func forward(_ input: Tensor) -> Tensor {
        let s = input.shape
        precondition(s.count == 4 && s[2] >= kernel.h && s[3] >= kernel.w, "MaxPool2d: input \(s)")
        if inputShape != s { inputShape = s }
        let planes = s[0] * s[1], h = s[2], w = s[3]
        let oh = window.pooled(height: h), ow = window.pooled(width: w)
        output.ensureShape(s[0], s[1], oh, ow)
        let total = planes * oh * ow
        if argmax.count != total { argmax = [Int32](repeating: 0, count: total) }
        precondition(h * w <= Int(Int32.max), "MaxPool2d: plane too large")
        let (kh, kw, sh, sw) = (kernel.h, kernel.w, stride.h, stride.w)
        let x = SharedPointer(input.data), y = SharedPointer(output.data)
        argmax.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let index = SharedPointer(base)
            let halving = kh == 2 && kw == 2 && sh == 2 && sw == 2
            NeuralThreads.forEachSample(planes, work: h * w) { p in
                let plane = x.base + p * h * w
                let out = p * oh * ow
                if halving {
                    Self.halvingMaximum(plane, width: w, rows: oh, columns: ow, y.base + out, index.base + out)
                    return
                }
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let y0 = oy * sh, x0 = ox * sw
                        var best = y0 * w + x0
                        var bestValue = plane[best]
                        var nanAt = -1
                        for i in 0..<kh {
                            let line = (y0 + i) * w + x0
                            for j in 0..<kw {
                                let v = plane[line + j]
                                // Selects, not a branch: on real data the comparison is a coin
                                // toss, and mispredicted branches cost 4x the loop.
                                let larger = v > bestValue
                                bestValue = larger ? v : bestValue
                                best = larger ? line + j : best
                                if v.isNaN { nanAt = line + j }
                            }
                        }
                        // PyTorch's rule: a NaN takes over (the window's last one), and stays.
                        if nanAt >= 0 {
                            best = nanAt
                            bestValue = .nan
                        }
                        y.base[out + oy * ow + ox] = bestValue
                        index.base[out + oy * ow + ox] = Int32(best)
                    }
                }
            }
        }
        return output
    }

    /// The 2 x 2, stride 2 case of ``forward(_:)`` for one plane of width `width`, written out
    /// (the general loop's window bookkeeping cost more than the four comparisons): the same
    /// rules, the first maximum in row-major order, and a NaN (the window's last) takes over.
    @inline(__always)
    private static func halvingMaximum(_ plane: UnsafeMutablePointer<Float>, width: Int, rows: Int, columns: Int,
                                       _ values: UnsafeMutablePointer<Float>, _ indices: UnsafeMutablePointer<Int32>) {
        for oy in 0..<rows {
            let top = 2 * oy * width, bottom = top + width
            for ox in 0..<columns {
                let i0 = top + 2 * ox, i2 = bottom + 2 * ox
                let a = plane[i0], b = plane[i0 + 1], c = plane[i2], d = plane[i2 + 1]
                var bestValue = a, best = i0
                var larger = b > bestValue
                bestValue = larger ? b : bestValue
                best = larger ? i0 + 1 : best
                larger = c > bestValue
                bestValue = larger ? c : bestValue
                best = larger ? i2 : best
                larger = d > bestValue
                bestValue = larger ? d : bestValue
                best = larger ? i2 + 1 : best
                // One test for the rare case: the sum is NaN when any entry is (or +inf meets -inf).
                if (a + b + c + d).isNaN {
                    for (v, at) in [(a, i0), (b, i0 + 1), (c, i2), (d, i2 + 1)] where v.isNaN {
                        best = at
                        bestValue = .nan
                    }
                }
                values[oy * columns + ox] = bestValue
                indices[oy * columns + ox] = Int32(best)
            }
        }
    }

    /// Sends each output gradient to the input that was the window's maximum.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let s = inputShape
        precondition(s.count == 4, "MaxPool2d: backward before forward")
        precondition(gradOutput.shape == output.shape, "MaxPool2d: gradient \(gradOutput.shape) for output \(output.shape)")
        let planes = s[0] * s[1], plane = s[2] * s[3], outPlane = output.shape[2] * output.shape[3]
        gradInput.ensureShape(s[0], s[1], s[2], s[3])
        let dxAll = SharedPointer(gradInput.data), dyAll = SharedPointer(gradOutput.data)
        argmax.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let index = SharedPointer(base)
            // Parallel over planes: each writes only its own plane of the input gradient.
            NeuralThreads.forEachSample(planes, work: plane) { p in
                let dx = dxAll.base + p * plane
                let dy = dyAll.base + p * outPlane, at = index.base + p * outPlane
                dx.update(repeating: 0, count: plane)
                for o in 0..<outPlane { dx[Int(at[o])] += dy[o] }
            }
        }
        return gradInput
    }
}

/// 2-D average pooling, PyTorch's `nn.AvgPool2d(kernel, stride)` (no padding, floor mode): the
/// mean of each `kh x kw` window.
///
/// Input `[N, C, H, W]`, output `[N, C, (H - k) / s + 1, (W - k) / s + 1]`.
public final class AvgPool2d: Layer {
    private let window: PoolingWindow
    /// Window height and width.
    public var kernel: (h: Int, w: Int) { window.kernel }
    /// Strides along height and width.
    public var stride: (h: Int, w: Int) { window.stride }

    private let output = Tensor(shape: [0, 0, 0, 0])
    private let gradInput = Tensor(shape: [0, 0, 0, 0])
    private var inputShape: [Int] = []

    /// Pooling over `kernel` windows moved by `stride` (PyTorch's default stride is the kernel).
    public init(kernel: (h: Int, w: Int), stride: (h: Int, w: Int)? = nil) {
        window = PoolingWindow(kernel: kernel, stride: stride, layer: "AvgPool2d")
    }

    /// A square window with equal strides (the stride defaults to the window).
    public convenience init(kernel: Int, stride: Int? = nil) {
        self.init(kernel: (kernel, kernel), stride: stride.map { ($0, $0) })
    }

    /// No parameters.
    public var parameters: [Parameter] { [] }

    /// `[N, C, Ho, Wo]` for `[N, C, H, W]`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        try window.outputShape(for: inputShape, layer: "AvgPool2d")
    }

    /// The mean of each window.
    public func forward(_ input: Tensor) -> Tensor {
        let s = input.shape
        precondition(s.count == 4 && s[2] >= kernel.h && s[3] >= kernel.w, "AvgPool2d: input \(s)")
        if inputShape != s { inputShape = s }
        let planes = s[0] * s[1], h = s[2], w = s[3]
        let oh = window.pooled(height: h), ow = window.pooled(width: w)
        output.ensureShape(s[0], s[1], oh, ow)
        let scale = 1 / Float(kernel.h * kernel.w)
        for p in 0..<planes {
            let x = input.data + p * h * w
            let y = output.data + p * oh * ow
            for oy in 0..<oh {
                for ox in 0..<ow {
                    var sum: Float = 0
                    for i in 0..<kernel.h {
                        let line = x + (oy * stride.h + i) * w + ox * stride.w
                        for j in 0..<kernel.w { sum += line[j] }
                    }
                    y[oy * ow + ox] = sum * scale
                }
            }
        }
        return output
    }

    /// Spreads each output gradient evenly over its window.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let s = inputShape
        precondition(s.count == 4, "AvgPool2d: backward before forward")
        precondition(gradOutput.shape == output.shape, "AvgPool2d: gradient \(gradOutput.shape) for output \(output.shape)")
        let planes = s[0] * s[1], h = s[2], w = s[3], oh = output.shape[2], ow = output.shape[3]
        gradInput.ensureShape(s[0], s[1], h, w)
        gradInput.fill(0)
        let scale = 1 / Float(kernel.h * kernel.w)
        for p in 0..<planes {
            let dx = gradInput.data + p * h * w
            let dy = gradOutput.data + p * oh * ow
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let g = dy[oy * ow + ox] * scale
                    for i in 0..<kernel.h {
                        let line = dx + (oy * stride.h + i) * w + ox * stride.w
                        for j in 0..<kernel.w { line[j] += g }
                    }
                }
            }
        }
        return gradInput
    }
}
