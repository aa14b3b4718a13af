import SynCore

/// A fully connected layer, PyTorch's `nn.Linear`: `y = x W^T + b`.
///
/// Input `[N, inFeatures]`, output `[N, outFeatures]`; `weight` is `[outFeatures, inFeatures]`
/// and `bias` `[outFeatures]`, as in PyTorch's state dict.
public final class Dense: Layer {
    /// Input features.
    public let inFeatures: Int
    /// Output features.
    public let outFeatures: Int
    /// `[outFeatures, inFeatures]`.
    public let weight: Parameter
    /// `[outFeatures]`, or nil without bias.
    public let bias: Parameter?

    private let output = Tensor(shape: [0, 0])
    private let gradInput = Tensor(shape: [0, 0])
    private var input: Tensor?

    /// A layer initialised as PyTorch does (``PyTorchInitialization``, fan-in `inFeatures`),
    /// drawing from `rng`.
    public init(inFeatures: Int, outFeatures: Int, bias: Bool = true, rng: inout Xoshiro256StarStar) {
        precondition(inFeatures > 0 && outFeatures > 0, "Dense: feature counts must be positive")
        self.inFeatures = inFeatures
        self.outFeatures = outFeatures
        weight = Parameter(name: "weight", shape: [outFeatures, inFeatures])
        self.bias = bias ? Parameter(name: "bias", shape: [outFeatures]) : nil
        PyTorchInitialization.reset(weight: weight, bias: self.bias, fanIn: inFeatures, using: &rng)
    }

    /// Weight, then bias.
    public var parameters: [Parameter] { bias.map { [weight, $0] } ?? [weight] }

    /// `[N, outFeatures]` for `[N, inFeatures]`.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 2, inputShape[1] == inFeatures else {
            throw NeuralShapeError("Dense(\(inFeatures) -> \(outFeatures)) expects input [N, \(inFeatures)]; got \(inputShape)")
        }
        return [inputShape[0], outFeatures]
    }

    /// `y = x W^T + b` by one `sgemm`.
    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.shape.count == 2 && input.shape[1] == inFeatures,
                     "Dense(\(inFeatures) -> \(outFeatures)): input \(input.shape)")
        self.input = input
        let n = input.shape[0]
        output.ensureShape(n, outFeatures)
        sgemm(transA: false, transB: true, m: n, n: outFeatures, k: inFeatures,
              a: input.data, lda: inFeatures, b: weight.value.data, ldb: inFeatures,
              beta: 0, c: output.data, ldc: outFeatures)
        if let bias {
            let b = bias.value.data
            for r in 0..<n {
                let row = output.data + r * outFeatures
                for j in 0..<outFeatures { row[j] += b[j] }
            }
        }
        return output
    }

    /// `dW += dY^T x`, `db += sum_rows dY`, returns `dX = dY W`.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        guard let input else { preconditionFailure("Dense: backward before forward") }
        let n = input.shape[0]
        precondition(gradOutput.hasShape(n, outFeatures), "Dense: gradient \(gradOutput.shape) for output [\(n), \(outFeatures)]")
        sgemm(transA: true, transB: false, m: outFeatures, n: inFeatures, k: n,
              a: gradOutput.data, lda: outFeatures, b: input.data, ldb: inFeatures,
              beta: 1, c: weight.gradient.data, ldc: inFeatures)
        if let bias {
            let db = bias.gradient.data
            for r in 0..<n {
                let row = gradOutput.data + r * outFeatures
                for j in 0..<outFeatures { db[j] += row[j] }
            }
        }
        gradInput.ensureShape(n, inFeatures)
        sgemm(transA: false, transB: false, m: n, n: inFeatures, k: outFeatures,
              a: gradOutput.data, lda: outFeatures, b: weight.value.data, ldb: inFeatures,
              beta: 0, c: gradInput.data, ldc: inFeatures)
        return gradInput
    }
}
