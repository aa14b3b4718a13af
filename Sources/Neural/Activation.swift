#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An element-wise activation layer; input and output have the same (any) shape.
///
/// The functions are PyTorch's `relu`, `leaky_relu(negative_slope)`, `sigmoid` and `tanh`. At
/// the kink of ReLU and LeakyReLU (`x == 0`) the gradient is the negative side's (0, or the
/// slope), as in PyTorch, whose backward tests `x > 0`.
public final class Activation: Layer {
    /// Which function.
    public enum Kind: Sendable, Equatable {
        /// `max(x, 0)`.
        case relu
        /// `x` for `x > 0`, else `slope * x` (PyTorch's default slope is 0.01).
        case leakyReLU(slope: Float)
        /// `1 / (1 + exp(-x))`, evaluated without overflow for either sign.
        case sigmoid
        /// `tanh(x)`.
        case tanh
    }

    /// The function this layer applies.
    public let kind: Kind

    private let output = Tensor(shape: [0])
    private let gradInput = Tensor(shape: [0])
    private var input: Tensor?

    /// A layer applying `kind`.
    public init(_ kind: Kind) { self.kind = kind }

    /// No parameters.
    public var parameters: [Parameter] { [] }

    /// The input shape, unchanged.
    public func outputShape(for inputShape: [Int]) throws -> [Int] { inputShape }

    /// Elements per parallel piece of the element-wise loops.
    private static let piece = 16_384

    /// Applies the function to every element (in parallel pieces for large tensors).
    public func forward(_ input: Tensor) -> Tensor {
        self.input = input
        output.ensureShape(like: input)
        let x = SharedPointer(input.data), y = SharedPointer(output.data), n = input.count, kind = self.kind
        NeuralThreads.forEachSample((n + Self.piece - 1) / Self.piece, work: Self.piece) { k in
            Activation.apply(kind, x.base, y.base, k * Self.piece..<min(n, (k + 1) * Self.piece))
        }
        return output
    }

    /// Applies `kind` to `x[range]` into `y[range]` (`y` may be `x`).
    static func apply(_ kind: Kind, _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                              _ range: Range<Int>) {
        switch kind {
        case .relu:
            select(x, x, y, range, otherwiseScale: nil)
        case .leakyReLU(let slope):
            select(x, x, y, range, otherwiseScale: slope)
        case .sigmoid:
            for i in range { y[i] = Activation.sigmoid(x[i]) }
        case .tanh:
            for i in range { y[i] = tanhf(x[i]) }
        }
    }

    /// Multiplies `gradOutput` by the derivative at each element (from the input for the
    /// piecewise-linear functions, from the output for sigmoid and tanh).
    public func backward(_ gradOutput: Tensor) -> Tensor {
        guard let input else { preconditionFailure("Activation: backward before forward") }
        precondition(gradOutput.shape == input.shape, "Activation: gradient \(gradOutput.shape) for output \(input.shape)")
        gradInput.ensureShape(like: input)
        let x = SharedPointer(input.data), y = SharedPointer(output.data), n = input.count, kind = self.kind
        let dy = SharedPointer(gradOutput.data), dx = SharedPointer(gradInput.data)
        NeuralThreads.forEachSample((n + Self.piece - 1) / Self.piece, work: Self.piece) { k in
            Activation.derivative(kind, x.base, y.base, dy.base, dx.base, k * Self.piece..<min(n, (k + 1) * Self.piece))
        }
        return gradInput
    }

    /// `dx[range] = dy[range] * f'`, with `x` the input (the piecewise-linear functions only
    /// test its sign) and `y` the output (sigmoid, tanh).
    static func derivative(_ kind: Kind, _ x: UnsafeMutablePointer<Float>, _ y: UnsafeMutablePointer<Float>,
                                   _ dy: UnsafeMutablePointer<Float>, _ dx: UnsafeMutablePointer<Float>, _ range: Range<Int>) {
        switch kind {
        case .relu:
            select(x, dy, dx, range, otherwiseScale: nil)
        case .leakyReLU(let slope):
            select(x, dy, dx, range, otherwiseScale: slope)
        case .sigmoid:
            for i in range { dx[i] = dy[i] * y[i] * (1 - y[i]) }
        case .tanh:
            for i in range { dx[i] = dy[i] * (1 - y[i] * y[i]) }
        }
    }

    /// `out[i] = x[i] > 0 ? value[i] : scale * value[i]` over `range` (`0` instead of the
    /// product when `scale` is nil, ReLU's exact zero): the piecewise-linear functions
    /// (value = x) and their derivatives (value = the output gradient). Written as vector
    /// selects, because the compiler leaves the ternary a branch per element, which mispredicts
    /// on activations of random sign. A NaN input takes the second side, as the ternary does.
    @inline(__always)
    private static func select(_ x: UnsafeMutablePointer<Float>, _ value: UnsafeMutablePointer<Float>,
                               _ out: UnsafeMutablePointer<Float>, _ range: Range<Int>, otherwiseScale scale: Float?) {
        var i = range.lowerBound
        while i + 16 <= range.upperBound {
            let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
            let v = UnsafeRawPointer(value + i).loadUnaligned(as: SIMD16<Float>.self)
            let other = scale.map { v * $0 } ?? SIMD16<Float>()
            UnsafeMutableRawPointer(out + i).storeBytes(of: v.replacing(with: other, where: .!(xv .> 0)), as: SIMD16<Float>.self)
            i += 16
        }
        while i < range.upperBound {
            out[i] = x[i] > 0 ? value[i] : scale.map { $0 * value[i] } ?? 0
            i += 1
        }
    }

    /// Whether ``derivative(_:_:_:_:_:_:)`` gives the same values with the output passed as
    /// the input: the output has the input's sign (ReLU: is positive exactly when the input is;
    /// LeakyReLU with a non-negative slope likewise), or the input is not read.
    var derivativeFollowsFromOutput: Bool {
        switch kind {
        case .relu, .sigmoid, .tanh: true
        case .leakyReLU(let slope): slope >= 0
        }
    }

    /// The logistic function without overflow: `1 / (1 + e^-x)` for `x >= 0`,
    /// `e^x / (1 + e^x)` otherwise.
    @inline(__always)
    static func sigmoid(_ x: Float) -> Float {
        if x >= 0 { return 1 / (1 + expf(-x)) }
        let e = expf(x)
        return e / (1 + e)
    }
}

/// Reshapes each sample, PyTorch's `x.view(N, ...)` / `flatten(1)`: `[N, ...]` to
/// `[N] + sampleShape`, the elements in the same C order (copied into the layer's own tensor).
public final class Reshape: Layer {
    /// The per-sample shape of the output; nil flattens each sample to one dimension.
    public let sampleShape: [Int]?

    private let output = Tensor(shape: [0])
    private let gradInput = Tensor(shape: [0])
    private var inputShape: [Int] = []
    private var outputShapeCache: [Int] = []

    /// Reshapes each sample to `sampleShape` (its element count must match the input's).
    public init(_ sampleShape: [Int]) {
        precondition(sampleShape.allSatisfy { $0 > 0 }, "Reshape: dimensions must be positive")
        self.sampleShape = sampleShape
    }

    /// Flattens each sample (`flatten(1)`): `[N, d1, d2, ...]` to `[N, d1 * d2 * ...]`.
    public init() { sampleShape = nil }

    /// No parameters.
    public var parameters: [Parameter] { [] }

    /// `[N] + sampleShape` (or `[N, product]` when flattening).
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard let n = inputShape.first else { throw NeuralShapeError("Reshape expects a batch [N, ...]; got a scalar") }
        let perSample = inputShape.dropFirst().reduce(1, *)
        guard let sampleShape else { return [n, perSample] }
        guard sampleShape.reduce(1, *) == perSample else {
            throw NeuralShapeError("Reshape to [N, \(sampleShape.map(String.init).joined(separator: ", "))] needs \(sampleShape.reduce(1, *)) elements per sample; input \(inputShape) has \(perSample)")
        }
        return [n] + sampleShape
    }

    /// Copies the elements into the new shape.
    public func forward(_ input: Tensor) -> Tensor {
        if input.shape != inputShape {
            do { outputShapeCache = try outputShape(for: input.shape) } catch { preconditionFailure("\(error)") }
            inputShape = input.shape
        }
        output.reshape(outputShapeCache)
        output.data.update(from: input.data, count: input.count)
        return output
    }

    /// Copies the gradient back into the input's shape.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        precondition(gradOutput.shape == outputShapeCache, "Reshape: gradient \(gradOutput.shape) for output \(outputShapeCache)")
        gradInput.reshape(inputShape)
        gradInput.data.update(from: gradOutput.data, count: gradOutput.count)
        return gradInput
    }
}
