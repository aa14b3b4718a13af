/// Batch normalisation over features, PyTorch's `nn.BatchNorm1d(features, eps, momentum)`
/// with `affine=True, track_running_stats=True`, for `[N, features]` input.
///
/// Training mode normalises with the batch mean and the biased batch variance and updates the
/// running statistics: `running = (1 - momentum) * running + momentum * batch`, with the
/// unbiased variance (`n / (n - 1)`) for `runningVariance`, as PyTorch does. Evaluation mode
/// normalises with the running statistics. `y = (x - mean) / sqrt(var + eps) * weight + bias`.
/// Parameters `weight` (1 at start) and `bias` (0), each `[features]`; the running statistics
/// are PyTorch's buffers `running_mean`, `running_var` and `num_batches_tracked`.
public final class BatchNorm1d: Layer {
    /// Features (the second input dimension).
    public let features: Int
    /// Added to the variance before the square root.
    public let epsilon: Float
    /// Weight of the newest batch in the running statistics.
    public let momentum: Float
    /// `[features]`, the scale (PyTorch's `weight`, initialised to 1).
    public let weight: Parameter
    /// `[features]`, the shift (PyTorch's `bias`, initialised to 0).
    public let bias: Parameter
    /// `[features]`, PyTorch's `running_mean` (starts at 0).
    public let runningMean: Tensor
    /// `[features]`, PyTorch's `running_var` (starts at 1).
    public let runningVariance: Tensor
    /// Training batches seen (PyTorch's `num_batches_tracked`).
    public private(set) var batchesTracked = 0
    /// Whether the layer normalises with batch statistics (true) or running ones.
    public private(set) var isTraining = true

    private let output = Tensor(shape: [0, 0])
    private let gradInput = Tensor(shape: [0, 0])
    private let normalized = Tensor(shape: [0, 0])
    /// Per feature `1 / sqrt(var + eps)` of the last forward pass.
    private let inverseStd: Tensor
    private var usedBatchStatistics = true

    /// A layer for `features` features (`eps` 1e-5 and `momentum` 0.1 are PyTorch's defaults).
    public init(features: Int, epsilon: Float = 1e-5, momentum: Float = 0.1) {
        precondition(features > 0, "BatchNorm1d: features must be positive")
        self.features = features
        self.epsilon = epsilon
        self.momentum = momentum
        weight = Parameter(name: "weight", shape: [features])
        weight.value.fill(1)
        bias = Parameter(name: "bias", shape: [features])
        runningMean = Tensor(shape: [features])
        runningVariance = Tensor(shape: [features])
        runningVariance.fill(1)
        inverseStd = Tensor(shape: [features])
    }

    /// Weight, then bias.
    public var parameters: [Parameter] { [weight, bias] }

    /// Selects batch statistics (training) or running statistics (evaluation).
    public func setTraining(_ training: Bool) { isTraining = training }

    /// Sets the running statistics and the batch counter (from a checkpoint).
    public func setRunningStatistics(mean: [Float], variance: [Float], batchesTracked: Int) throws {
        guard mean.count == features, variance.count == features, batchesTracked >= 0 else {
            throw NeuralShapeError("BatchNorm1d(\(features)): running statistics of \(mean.count) and \(variance.count) values")
        }
        runningMean.assign(mean)
        runningVariance.assign(variance)
        self.batchesTracked = batchesTracked
    }

    /// The input shape `[N, features]`; training needs `N >= 2`, as in PyTorch.
    public func outputShape(for inputShape: [Int]) throws -> [Int] {
        guard inputShape.count == 2, inputShape[1] == features else {
            throw NeuralShapeError("BatchNorm1d(\(features)) expects input [N, \(features)]; got \(inputShape)")
        }
        if isTraining && inputShape[0] < 2 {
            throw NeuralShapeError("BatchNorm1d(\(features)) needs more than one sample per batch in training; got \(inputShape)")
        }
        return inputShape
    }

    /// Normalises each feature (batch statistics in training, running ones in evaluation).
    public func forward(_ input: Tensor) -> Tensor {
        precondition(input.shape.count == 2 && input.shape[1] == features, "BatchNorm1d(\(features)): input \(input.shape)")
        let n = input.shape[0]
        precondition(!isTraining || n >= 2, "BatchNorm1d: training needs at least 2 samples per batch")
        output.ensureShape(n, features)
        normalized.ensureShape(n, features)
        usedBatchStatistics = isTraining
        let x = input.data, y = output.data, xhat = normalized.data
        for f in 0..<features {
            let mean: Float, variance: Float
            if isTraining {
                var sum = 0.0
                for r in 0..<n { sum += Double(x[r * features + f]) }
                let m = sum / Double(n)
                var squares = 0.0
                for r in 0..<n {
                    let d = Double(x[r * features + f]) - m
                    squares += d * d
                }
                mean = Float(m)
                variance = Float(squares / Double(n))
                runningMean.data[f] = (1 - momentum) * runningMean.data[f] + momentum * mean
                runningVariance.data[f] = (1 - momentum) * runningVariance.data[f]
                    + momentum * Float(squares / Double(n - 1))
            } else {
                mean = runningMean.data[f]
                variance = runningVariance.data[f]
            }
            let inv = 1 / (variance + epsilon).squareRoot()
            inverseStd.data[f] = inv
            let g = weight.value.data[f], b = bias.value.data[f]
            for r in 0..<n {
                let i = r * features + f
                xhat[i] = (x[i] - mean) * inv
                y[i] = xhat[i] * g + b
            }
        }
        if isTraining { batchesTracked += 1 }
        return output
    }

    /// `dweight += sum dy * xhat`, `dbias += sum dy`; in training
    /// `dx = weight * invstd / N * (N dy - sum dy - xhat * sum(dy * xhat))` (the batch
    /// statistics depend on every sample), in evaluation `dx = dy * weight * invstd`.
    public func backward(_ gradOutput: Tensor) -> Tensor {
        let n = normalized.batchSize
        precondition(gradOutput.hasShape(n, features), "BatchNorm1d: gradient \(gradOutput.shape) for output \(output.shape)")
        gradInput.ensureShape(n, features)
        let dy = gradOutput.data, dx = gradInput.data, xhat = normalized.data
        for f in 0..<features {
            var sumDy = 0.0, sumDyXhat = 0.0
            for r in 0..<n {
                let i = r * features + f
                sumDy += Double(dy[i])
                sumDyXhat += Double(dy[i]) * Double(xhat[i])
            }
            weight.gradient.data[f] += Float(sumDyXhat)
            bias.gradient.data[f] += Float(sumDy)
            let scale = weight.value.data[f] * inverseStd.data[f]
            if usedBatchStatistics {
                let meanDy = Float(sumDy / Double(n)), meanDyXhat = Float(sumDyXhat / Double(n))
                for r in 0..<n {
                    let i = r * features + f
                    dx[i] = scale * (dy[i] - meanDy - xhat[i] * meanDyXhat)
                }
            } else {
                for r in 0..<n {
                    let i = r * features + f
                    dx[i] = scale * dy[i]
                }
            }
        }
        return gradInput
    }
}
