import Neural
import SynCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// FactorVAE's discriminator (Kim and Mnih 2018): an MLP of six hidden dense layers of 1000
/// units with LeakyReLU 0.2 and two output logits (0: a sample of `q(z)`, 1: a sample of the
/// product of its marginals, made by permuting each latent dimension across the batch), with
/// its own Adam (lr 1e-4, betas 0.5 and 0.9). Parameters are named `disc.<k>.weight` and
/// `disc.<k>.bias` with `k` the index in a PyTorch `nn.Sequential` of alternating dense and
/// activation modules.
///
/// The permuted samples come from the same batch as the real ones (the reference code draws a
/// second batch; one batch halves the encoder work and keeps the estimate unbiased).
public final class FactorDiscriminator {
    /// The network.
    public let network: Sequential
    /// The discriminator's optimiser.
    public let optimizer: Adam
    private let input = Tensor(shape: [0, 0])
    private let gradLogits = Tensor(shape: [0, 0])

    /// A discriminator for `latent` dimensions, initialised as PyTorch does from `rng`.
    public init(latent: Int, rng: inout Xoshiro256StarStar) {
        var layers: [any Layer] = []
        var width = latent
        for k in 0..<6 {
            layers.append(Dense(inFeatures: width, outFeatures: 1000, rng: &rng).named("disc.\(2 * k)"))
            layers.append(Activation(.leakyReLU(slope: 0.2)))
            width = 1000
        }
        layers.append(Dense(inFeatures: 1000, outFeatures: 2, rng: &rng).named("disc.12"))
        network = Sequential(layers)
        optimizer = Adam(parameters: network.parameters, learningRate: 1e-4, beta1: 0.5, beta2: 0.9)
    }

    /// The VAE's total-correlation term `mean(D(z)_0 - D(z)_1)` of samples `z` `[M, L]` and its
    /// gradient with respect to `z`, times `weight`. Leaves the discriminator's own parameter
    /// gradients cleared.
    public func totalCorrelationTerm(z: Tensor, weight: Double) -> (estimate: Double, gradZ: [Double]) {
        let m = z.shape[0]
        let logits = network.forward(z)
        var estimate = 0.0
        gradLogits.ensureShape(m, 2)
        for s in 0..<m {
            estimate += Double(logits[2 * s] - logits[2 * s + 1]) / Double(m)
            gradLogits[2 * s] = Float(weight / Double(m))
            gradLogits[2 * s + 1] = Float(-weight / Double(m))
        }
        let dz = network.backward(gradLogits)
        let gradZ = dz.values.map(Double.init)
        network.zeroGradients()
        return (estimate, gradZ)
    }

    /// One discriminator update on samples `z` `[M, L]` (treated as constants) and their
    /// per-dimension permutation drawn from `rng`: cross-entropy with label 0 for `z` and 1 for
    /// the permuted samples, averaged over the `2M` rows. Returns the loss.
    @discardableResult
    public func train(z: Tensor, rng: inout Xoshiro256StarStar) -> Double {
        let m = z.shape[0], l = z.shape[1]
        input.ensureShape(2 * m, l)
        for i in 0..<(m * l) { input[i] = z[i] }
        var order = Array(0..<m)
        for d in 0..<l {
            for i in stride(from: m - 1, to: 0, by: -1) { order.swapAt(i, rng.nextInt(below: i + 1)) }
            for s in 0..<m { input[(m + s) * l + d] = z[order[s] * l + d] }
        }
        network.zeroGradients()
        let logits = network.forward(input)
        gradLogits.ensureShape(2 * m, 2)
        var loss = 0.0
        for r in 0..<(2 * m) {
            let a = Double(logits[2 * r]), b = Double(logits[2 * r + 1])
            let top = max(a, b), lse = top + log(exp(a - top) + exp(b - top))
            let label = r < m ? 0 : 1
            loss += (lse - (label == 0 ? a : b)) / Double(2 * m)
            let p0 = exp(a - lse), p1 = exp(b - lse)
            gradLogits[2 * r] = Float((p0 - (label == 0 ? 1 : 0)) / Double(2 * m))
            gradLogits[2 * r + 1] = Float((p1 - (label == 1 ? 1 : 0)) / Double(2 * m))
        }
        _ = network.backward(gradLogits)
        optimizer.update()
        return loss
    }

    /// The discriminator's parameters and Adam moments as checkpoint tensors.
    func checkpointTensors() -> [SafeTensor] {
        TrainingRun.stateTensors(optimizer, prefix: "disc_adam")
    }

    /// Checks that a checkpoint holds this discriminator's tensors, without changing anything.
    func checkRestorable(byName: [String: SafeTensor], metadata: [String: String], source: String) throws {
        guard let text = metadata["disc_adam_step"], Int(text) != nil else {
            throw CheckpointMismatchError("\(source): no discriminator state in the checkpoint")
        }
        for p in network.parameters {
            for name in [p.name, "disc_adam.m.\(p.name)", "disc_adam.v.\(p.name)"] {
                guard let t = byName[name], t.shape == p.value.shape else {
                    throw CheckpointMismatchError("\(source): discriminator tensor '\(name)' is missing or has another shape")
                }
            }
        }
    }

    /// Restores parameters and Adam state (after ``checkRestorable(byName:metadata:source:)``).
    func restore(byName: [String: SafeTensor], metadata: [String: String]) throws {
        let params = network.parameters
        try optimizer.restore(Adam.State(step: Int(metadata["disc_adam_step"] ?? "") ?? 0,
                                         firstMoments: params.map { byName["disc_adam.m.\($0.name)"]?.values ?? [] },
                                         secondMoments: params.map { byName["disc_adam.v.\($0.name)"]?.values ?? [] }))
        for p in params { if let t = byName[p.name] { p.value.assign(t.values) } }
    }
}
