#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Summed squared error: per sample `sum_j (prediction_j - target_j)^2`, and the loss is the
/// mean of that over the batch (PyTorch's `mse_loss(y, x, reduction="sum") / N`).
///
/// Sums are accumulated in Double. ``evaluate(prediction:target:weight:)`` also writes
/// `weight * d(loss)/d(prediction) = weight * 2 (prediction - target) / N` into ``gradient``.
public final class SquaredErrorLoss {
    /// `weight * d(loss)/d(prediction)` of the last evaluation, shaped like the prediction.
    public let gradient = Tensor(shape: [0])
    /// Each sample's summed squared error from the last evaluation.
    public private(set) var perSample: [Double] = []

    /// A loss with empty buffers (sized on first use).
    public init() {}

    /// The batch mean of the per-sample sums; `prediction` and `target` are `[N, ...]` of the
    /// same shape.
    public func evaluate(prediction: Tensor, target: Tensor, weight: Float = 1) -> Double {
        precondition(prediction.shape == target.shape && prediction.shape.count >= 1,
                     "SquaredErrorLoss: prediction \(prediction.shape) and target \(target.shape) differ")
        let n = prediction.batchSize
        let per = n > 0 ? prediction.count / n : 0
        gradient.ensureShape(like: prediction)
        if perSample.count != n { perSample = [Double](repeating: 0, count: n) }
        let y = prediction.data, x = target.data, g = gradient.data
        let scale = 2 * weight / Float(max(n, 1))
        var total = 0.0
        for s in 0..<n {
            var sum = 0.0
            for j in s * per..<(s + 1) * per {
                let d = y[j] - x[j]
                sum += Double(d) * Double(d)
                g[j] = scale * d
            }
            perSample[s] = sum
            total += sum
        }
        return n > 0 ? total / Double(n) : 0
    }
}

/// Bernoulli negative log-likelihood with logits: per element
/// `max(y, 0) - y * x + log(1 + exp(-|y|))` (binary cross-entropy with logits, evaluated without
/// overflow for any logit), summed over each sample, and the loss is the mean of the sums over
/// the batch (PyTorch's `binary_cross_entropy_with_logits(y, x, reduction="sum") / N`).
///
/// ``evaluate(logits:target:weight:)`` writes `weight * (sigmoid(y) - x) / N` into ``gradient``.
public final class BernoulliLogitsLoss {
    /// `weight * d(loss)/d(logits)` of the last evaluation, shaped like the logits.
    public let gradient = Tensor(shape: [0])
    /// Each sample's summed negative log-likelihood from the last evaluation.
    public private(set) var perSample: [Double] = []

    /// A loss with empty buffers (sized on first use).
    public init() {}

    /// The batch mean of the per-sample sums; `logits` and `target` (in [0, 1]) are `[N, ...]`.
    public func evaluate(logits: Tensor, target: Tensor, weight: Float = 1) -> Double {
        precondition(logits.shape == target.shape && logits.shape.count >= 1,
                     "BernoulliLogitsLoss: logits \(logits.shape) and target \(target.shape) differ")
        let n = logits.batchSize
        let per = n > 0 ? logits.count / n : 0
        gradient.ensureShape(like: logits)
        if perSample.count != n { perSample = [Double](repeating: 0, count: n) }
        let y = logits.data, x = target.data, g = gradient.data
        let scale = weight / Float(max(n, 1))
        var total = 0.0
        for s in 0..<n {
            var sum = 0.0
            for j in s * per..<(s + 1) * per {
                let v = Double(y[j]), t = Double(x[j])
                sum += max(v, 0) - v * t + log1p(exp(-abs(v)))
                g[j] = scale * (Activation.sigmoid(y[j]) - x[j])
            }
            perSample[s] = sum
            total += sum
        }
        return n > 0 ? total / Double(n) : 0
    }
}

/// KL divergence of a diagonal Gaussian `N(mu, exp(logvar))` from `N(0, I)`: per sample
/// `-0.5 * sum_j (1 + logvar_j - mu_j^2 - exp(logvar_j))`, and the loss is the batch mean.
///
/// ``evaluate(mean:logVariance:weight:)`` writes `weight * mu / N` into ``gradientMean`` and
/// `weight * 0.5 * (exp(logvar) - 1) / N` into ``gradientLogVariance``, and fills the per-sample
/// and per-latent (batch-mean) KL.
public final class GaussianKLLoss {
    /// `weight * d(loss)/d(mu)`, `[N, L]`.
    public let gradientMean = Tensor(shape: [0, 0])
    /// `weight * d(loss)/d(logvar)`, `[N, L]`.
    public let gradientLogVariance = Tensor(shape: [0, 0])
    /// Each sample's KL (summed over latents).
    public private(set) var perSample: [Double] = []
    /// Each latent's KL averaged over the batch (they sum to the loss).
    public private(set) var perLatent: [Double] = []

    /// A loss with empty buffers (sized on first use).
    public init() {}

    /// The batch mean of the per-sample KL; `mean` and `logVariance` are `[N, L]`.
    public func evaluate(mean: Tensor, logVariance: Tensor, weight: Float = 1) -> Double {
        precondition(mean.shape.count == 2 && mean.shape == logVariance.shape,
                     "GaussianKLLoss: mean \(mean.shape) and log-variance \(logVariance.shape) must be equal [N, L]")
        let n = mean.shape[0], latents = mean.shape[1]
        gradientMean.ensureShape(n, latents)
        gradientLogVariance.ensureShape(n, latents)
        if perSample.count != n { perSample = [Double](repeating: 0, count: n) }
        if perLatent.count != latents { perLatent = [Double](repeating: 0, count: latents) }
        for j in 0..<latents { perLatent[j] = 0 }
        let mu = mean.data, lv = logVariance.data, gm = gradientMean.data, gl = gradientLogVariance.data
        let scale = weight / Float(max(n, 1))
        var total = 0.0
        for s in 0..<n {
            var sum = 0.0
            for j in 0..<latents {
                let i = s * latents + j
                let m = Double(mu[i]), l = Double(lv[i]), e = exp(l)
                let term = -0.5 * (1 + l - m * m - e)
                sum += term
                perLatent[j] += term
                gm[i] = scale * mu[i]
                gl[i] = scale * Float(0.5 * (e - 1))
            }
            perSample[s] = sum
            total += sum
        }
        if n > 0 { for j in 0..<latents { perLatent[j] /= Double(n) } }
        return n > 0 ? total / Double(n) : 0
    }
}
