import SynCore

/// A trainable tensor and the gradient accumulated for it.
///
/// `name` is the PyTorch state-dict key (`enc.0.weight`); layers name their parameters
/// `weight` and `bias`, and a model gives them their full names with ``Layer/named(_:)``.
public final class Parameter {
    /// The state-dict key.
    public var name: String
    /// The values, in PyTorch's layout for the owning layer.
    public let value: Tensor
    /// d(loss)/d(value), same shape; backward passes add to it, ``zeroGradient()`` clears it.
    public let gradient: Tensor

    /// A zero parameter of `shape` named `name`.
    public init(name: String, shape: [Int]) {
        self.name = name
        value = Tensor(shape: shape)
        gradient = Tensor(shape: shape)
    }

    /// Sets the accumulated gradient to zero.
    public func zeroGradient() { gradient.fill(0) }

    /// Fills the values with independent draws from uniform(-bound, bound), in C order, from
    /// `rng` (each draw `-bound + 2 * bound * u` with `u` from ``Xoshiro256StarStar/nextDouble()``,
    /// rounded to Float).
    public func fillUniform(bound: Double, using rng: inout Xoshiro256StarStar) {
        for i in 0..<value.count {
            value.data[i] = Float(rng.nextDouble(in: -bound, bound))
        }
    }
}

/// PyTorch's default initialisation of `nn.Linear`, `nn.Conv2d` and `nn.ConvTranspose2d`
/// (`reset_parameters`): the weight from `kaiming_uniform_(a = sqrt(5))`, whose bound
/// `gain * sqrt(3 / fan_in)` with `gain = sqrt(2 / (1 + a^2))` is exactly `1 / sqrt(fan_in)`,
/// then the bias from uniform(-1/sqrt(fan_in), 1/sqrt(fan_in)), weight first.
///
/// `fan_in` is `weight.size(1) * kh * kw` as `torch.nn.init._calculate_fan_in_and_fan_out`
/// computes it: `in_features` for a dense layer, `in_channels * kh * kw` for a convolution and
/// `out_channels * kh * kw` for a transposed convolution (whose weight is `[in, out, kh, kw]`).
public enum PyTorchInitialization {
    /// The bound `1 / sqrt(fanIn)` of both weight and bias (0 when `fanIn` is 0, where PyTorch
    /// leaves the bias at zero too).
    public static func bound(fanIn: Int) -> Double {
        fanIn > 0 ? 1.0 / Double(fanIn).squareRoot() : 0
    }

    /// Draws `weight`, then `bias` (when present) from `rng`, both with ``bound(fanIn:)``.
    public static func reset(weight: Parameter, bias: Parameter?, fanIn: Int,
                             using rng: inout Xoshiro256StarStar) {
        let b = bound(fanIn: fanIn)
        weight.fillUniform(bound: b, using: &rng)
        bias?.fillUniform(bound: b, using: &rng)
    }
}

/// A network layer with a hand-written backward pass.
///
/// ``forward(_:)`` returns a tensor the layer owns (overwritten by the next forward) and keeps
/// what the backward pass needs (usually a reference to the input, which the caller must leave
/// unchanged until ``backward(_:)``). ``backward(_:)`` takes d(loss)/d(output), shaped like the
/// output, **adds** d(loss)/d(parameter) into each parameter's ``Parameter/gradient``, and
/// returns d(loss)/d(input) in another tensor the layer owns.
public protocol Layer: AnyObject {
    /// The trainable parameters in PyTorch's registration order (weight, then bias).
    var parameters: [Parameter] { get }
    /// The output shape for an input of `inputShape`.
    ///
    /// - Throws: ``NeuralShapeError`` naming the layer, what it expects and what it got.
    func outputShape(for inputShape: [Int]) throws -> [Int]
    /// Computes the output for `input`; `input` must have a shape ``outputShape(for:)`` accepts.
    func forward(_ input: Tensor) -> Tensor
    /// Back-propagates `gradOutput` through the last ``forward(_:)``.
    func backward(_ gradOutput: Tensor) -> Tensor
    /// Switches between training and evaluation behaviour (only batch norm differs).
    func setTraining(_ training: Bool)
}

extension Layer {
    /// Layers without a training mode ignore it.
    public func setTraining(_ training: Bool) {}

    /// Prefixes the parameters' names with `prefix` (`"enc.0"` turns `weight` into
    /// `enc.0.weight`), and returns the layer. Meant for single layers: on a ``Sequential``
    /// every parameter would get the same prefix, so name its layers instead.
    @discardableResult
    public func named(_ prefix: String) -> Self {
        for p in parameters {
            let base = p.name.split(separator: ".").last.map(String.init) ?? p.name
            p.name = prefix.isEmpty ? base : "\(prefix).\(base)"
        }
        return self
    }

    /// Clears every parameter's gradient.
    public func zeroGradients() {
        for p in parameters { p.zeroGradient() }
    }
}

/// Layers applied in order; the backward pass runs them in reverse.
///
/// A convolution followed by a LeakyReLU and a 2 x 2 max-pool runs as one fused pass
/// (``ConvolutionActivationPool``: the same results, a third of the memory traffic), and so
/// does a transposed convolution followed by an activation (``ConvTranspose2d``'s
/// `forward(_:activation:)`: the activation applied to each sample while it is in cache, the
/// same results); the layers stay in ``layers`` and work on their own as before.
public final class Sequential: Layer {
    /// The layers, first applied first.
    public let layers: [any Layer]

    /// A layer, or a fused run of layers, as the passes execute them.
    private enum Stage {
        case single(any Layer)
        case convolutionActivationPool(ConvolutionActivationPool)
        /// A transposed convolution and the activation after it
        /// (``ConvTranspose2d/forward(_:activation:)``).
        case transposedConvolutionActivation(ConvTranspose2d, Activation)
    }

    private let stages: [Stage]

    /// A chain of `layers`.
    public init(_ layers: [any Layer]) {
        self.layers = layers
        var stages: [Stage] = []
        var i = 0
        while i < layers.count {
            if i + 2 < layers.count, let block = ConvolutionActivationPool(layers[i], layers[i + 1], layers[i + 2]) {
                stages.append(.convolutionActivationPool(block))
                i += 3
            } else if i + 1 < layers.count, let convolution = layers[i] as? ConvTranspose2d,
                      let activation = layers[i + 1] as? Activation, activation.derivativeFollowsFromOutput {
                stages.append(.transposedConvolutionActivation(convolution, activation))
                i += 2
            } else {
                stages.append(.single(layers[i]))
                i += 1
            }
        }
        self.stages = stages
    }

    /// Every layer's parameters, in layer order.
    public var parameters: [Parameter] { layers.flatMap(\.parameters) }

    /// The last layer's output shape; the error names the first layer (by position) that
    /// does not accept its input.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        var shape = inputShape
        for (i, layer) in layers.enumerated() {
            do {
                shape = try layer.outputShape(for: shape)
            } catch let error as NeuralShapeError {
                throw NeuralShapeError("layer \(i): \(error.description)")
            }
        }
        return shape
    }

    /// Runs every layer in order.
    public func forward(_ input: Tensor) -> Tensor {
        var x = input
        for stage in stages {
            switch stage {
            case .single(let layer): x = layer.forward(x)
            case .convolutionActivationPool(let block): x = block.forward(x)
            case .transposedConvolutionActivation(let convolution, let activation):
                x = convolution.forward(x, activation: activation.kind)
            }
        }
        return x
    }

    /// Runs every layer's backward pass in reverse order.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        var g = gradOutput
        for stage in stages.reversed() {
            switch stage {
            case .single(let layer): g = layer.backward(g)
            case .convolutionActivationPool(let block): g = block.backward(g)
            case .transposedConvolutionActivation(let convolution, let activation):
                g = convolution.backward(g, activation: activation.kind)
            }
        }
        return g
    }

    /// Passes the mode to every layer.
    public func setTraining(_ training: Bool) {
        for layer in layers { layer.setTraining(training) }
    }
}
