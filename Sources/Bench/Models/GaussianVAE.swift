import Neural
import SynCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The convolutional VAE architectures of the trainer spec, with the module layout and
/// parameter names of `shared/tools/torch_vae.py`, so a PyTorch user loads our weights with
/// `load_state_dict(strict=True)`.
public enum VAEArchitecture: String, Sendable, CaseIterable {
    /// The published SynTone 2-D VAE (torch_vae.py's `VAE`): conv 3x3 1->16->32->64, each with
    /// LeakyReLU 0.01 and max-pool 2; dense (64 H/8 W/8)->128->64 -> mean and log-variance;
    /// decoder dense latent->64->128->(64 H/8 W/8), three transposed convs (k3, s2, p1, op1)
    /// 64->32->16->1, LeakyReLU between, sigmoid output; squared-error reconstruction.
    case syntonePaper = "syntone-paper"
    /// disentanglement_lib's conv VAE (torch_vae.py's `Burgess64`) on 1 x 64 x 64: four 4x4
    /// stride-2 convs 32, 32, 64, 64 with ReLU, dense 1024->256 -> mean and log-variance;
    /// decoder dense latent->256->1024, four 4x4 stride-2 transposed convs 64, 32, 32, 1 with
    /// ReLU between; Bernoulli logits output.
    case burgess64
    /// disentanglement_lib's fully connected VAE on any 1 x H x W input: flatten, dense
    /// `efc.0` (H W -> 1200) and `efc.1` (1200 -> 1200) with ReLU -> mean and log-variance;
    /// decoder dense `dfc.0..2` (latent -> 1200 -> 1200 -> 1200, tanh) and `dfc.3`
    /// (1200 -> H W); Bernoulli logits output.
    case mlp

    /// The reconstruction term the architecture is trained with.
    public var reconstruction: Reconstruction { self == .syntonePaper ? .squaredError : .bernoulliLogits }

    /// How the decoder output is compared with the input.
    public enum Reconstruction: Sendable {
        /// Summed squared error on the sigmoid output.
        case squaredError
        /// Bernoulli negative log-likelihood on logits.
        case bernoulliLogits
    }
}

/// The loss terms of one beta-VAE step, each a batch mean of per-sample sums.
public struct BetaVAETerms: Sendable {
    /// Reconstruction (summed squared error or Bernoulli NLL per sample, batch mean).
    public var reconstruction: Double
    /// KL of the posterior from N(0, I) per sample, batch mean.
    public var kl: Double
    /// `reconstruction + beta * kl`.
    public var loss: Double
}

/// A Gaussian-posterior VAE built from Neural's layers: encoder trunk, mean and log-variance
/// heads, reparameterisation `z = mu + eps * exp(logvar / 2)`, decoder.
///
/// Input `[N, 1, H, W]`; `mean`, `logVariance` `[N, latent]`; the decoder output is shaped like
/// the input. Parameters in PyTorch's `named_parameters()` order: `enc.*`, `efc.*`, `mu`,
/// `logvar`, `dfc.*`, `dec.*`, each initialised as PyTorch does, in that order, from the stream
/// passed to the initialiser. All step buffers are kept, so a step of an unchanged batch size
/// allocates nothing in the layers.
public final class GaussianVAE {
    /// The architecture.
    public let architecture: VAEArchitecture
    /// Latent dimensions.
    public let latent: Int
    /// Input height and width.
    public let height: Int, width: Int
    /// Convolutions and dense layers up to the heads.
    public let encoder: Sequential
    /// `mu`: the posterior mean head.
    public let meanHead: Dense
    /// `logvar`: the posterior log-variance head.
    public let logVarianceHead: Dense
    /// From `z` to the reconstruction (sigmoid output or logits).
    public let decoder: Sequential

    private let z = Tensor(shape: [0, 0])
    private let gradMean = Tensor(shape: [0, 0])
    private let gradLogVariance = Tensor(shape: [0, 0])
    private let trunkGradient = Tensor(shape: [0, 0])
    private let squaredError = SquaredErrorLoss()
    private let bernoulli = BernoulliLogitsLoss()
    /// The KL term of the last step (per sample and per latent available).
    public let kl = GaussianKLLoss()
    /// The latent sample `z` of the last step (`[N, latent]`), nil before the first.
    public var sampledZ: Tensor? { output == nil ? nil : z }
    /// The decoder output of the last step.
    public private(set) var output: Tensor?
    /// The posterior means of the last step.
    public private(set) var mean: Tensor?
    /// The posterior log-variances of the last step.
    public private(set) var logVariance: Tensor?

    /// Builds `architecture` for inputs `1 x height x width` with `latent` dimensions.
    ///
    /// - Throws: ``NeuralShapeError`` when the input size does not fit the architecture
    ///   (syntone-paper needs height and width divisible by 8; burgess64 needs 64 x 64).
    public init(_ architecture: VAEArchitecture, latent: Int, height: Int, width: Int,
                rng: inout Xoshiro256StarStar) throws {
        guard latent > 0 else { throw NeuralShapeError("\(architecture.rawValue): latent size must be positive; got \(latent)") }
        self.architecture = architecture
        self.latent = latent
        self.height = height
        self.width = width
        switch architecture {
        case .syntonePaper:
            guard height >= 8, width >= 8, height % 8 == 0, width % 8 == 0 else {
                // Name the first max-pool that gets an odd (or empty) map.
                var (h, w) = (height, width)
                var stage = 0
                while stage < 2, h % 2 == 0, w % 2 == 0, h >= 2, w >= 2 { (h, w) = (h / 2, w / 2); stage += 1 }
                throw NeuralShapeError("syntone-paper: the max-pool after enc.\(stage) gets \(h) x \(w), which does not halve evenly (input \(height) x \(width); height and width must be multiples of 8)")
            }
            let leaky = { Activation(.leakyReLU(slope: 0.01)) }
            let flat = 64 * (height / 8) * (width / 8)
            var convs: [any Layer] = []
            for (i, (cin, cout)) in [(1, 16), (16, 32), (32, 64)].enumerated() {
                convs += [Conv2d(inChannels: cin, outChannels: cout, kernel: 3, padding: 1, rng: &rng).named("enc.\(i)"),
                          leaky(), MaxPool2d(kernel: 2)]
            }
            encoder = Sequential(convs + [
                Reshape(),
                Dense(inFeatures: flat, outFeatures: 128, rng: &rng).named("efc.0"), leaky(),
                Dense(inFeatures: 128, outFeatures: 64, rng: &rng).named("efc.1"), leaky(),
            ])
            meanHead = Dense(inFeatures: 64, outFeatures: latent, rng: &rng).named("mu")
            logVarianceHead = Dense(inFeatures: 64, outFeatures: latent, rng: &rng).named("logvar")
            var layers: [any Layer] = []
            for (i, (fin, fout)) in [(latent, 64), (64, 128), (128, flat)].enumerated() {
                layers += [Dense(inFeatures: fin, outFeatures: fout, rng: &rng).named("dfc.\(i)"), leaky()]
            }
            layers.append(Reshape([64, height / 8, width / 8]))
            for (i, (cin, cout)) in [(64, 32), (32, 16), (16, 1)].enumerated() {
                layers.append(ConvTranspose2d(inChannels: cin, outChannels: cout, kernel: 3, stride: 2, padding: 1,
                                              outputPadding: 1, rng: &rng).named("dec.\(i)"))
                layers.append(i < 2 ? leaky() : Activation(.sigmoid))
            }
            decoder = Sequential(layers)
        case .burgess64:
            guard height == 64, width == 64 else {
                throw NeuralShapeError("burgess64: efc (dense 1024 -> 256) needs the 64 x 4 x 4 map of a 64 x 64 input; four stride-2 convs make 64 x \(height / 16) x \(width / 16) = \(64 * (height / 16) * (width / 16)) features of the \(height) x \(width) input")
            }
            var convs: [any Layer] = []
            for (i, (cin, cout)) in [(1, 32), (32, 32), (32, 64), (64, 64)].enumerated() {
                convs += [Conv2d(inChannels: cin, outChannels: cout, kernel: 4, stride: 2, padding: 1, rng: &rng).named("enc.\(i)"),
                          Activation(.relu)]
            }
            encoder = Sequential(convs + [
                Reshape(), Dense(inFeatures: 1024, outFeatures: 256, rng: &rng).named("efc"), Activation(.relu),
            ])
            meanHead = Dense(inFeatures: 256, outFeatures: latent, rng: &rng).named("mu")
            logVarianceHead = Dense(inFeatures: 256, outFeatures: latent, rng: &rng).named("logvar")
            var layers: [any Layer] = [
                Dense(inFeatures: latent, outFeatures: 256, rng: &rng).named("dfc.0"), Activation(.relu),
                Dense(inFeatures: 256, outFeatures: 1024, rng: &rng).named("dfc.1"), Activation(.relu),
                Reshape([64, 4, 4]),
            ]
            for (i, (cin, cout)) in [(64, 64), (64, 32), (32, 32), (32, 1)].enumerated() {
                layers.append(ConvTranspose2d(inChannels: cin, outChannels: cout, kernel: 4, stride: 2, padding: 1,
                                              rng: &rng).named("dec.\(i)"))
                if i < 3 { layers.append(Activation(.relu)) }
            }
            decoder = Sequential(layers)
        case .mlp:
            guard height > 0, width > 0 else {
                throw NeuralShapeError("mlp: input must have positive height and width; got \(height) x \(width)")
            }
            encoder = Sequential([
                Reshape(), Dense(inFeatures: height * width, outFeatures: 1200, rng: &rng).named("efc.0"), Activation(.relu),
                Dense(inFeatures: 1200, outFeatures: 1200, rng: &rng).named("efc.1"), Activation(.relu),
            ])
            meanHead = Dense(inFeatures: 1200, outFeatures: latent, rng: &rng).named("mu")
            logVarianceHead = Dense(inFeatures: 1200, outFeatures: latent, rng: &rng).named("logvar")
            var layers: [any Layer] = []
            for (i, (fin, fout)) in [(latent, 1200), (1200, 1200), (1200, 1200)].enumerated() {
                layers += [Dense(inFeatures: fin, outFeatures: fout, rng: &rng).named("dfc.\(i)"), Activation(.tanh)]
            }
            layers += [Dense(inFeatures: 1200, outFeatures: height * width, rng: &rng).named("dfc.3"), Reshape([1, height, width])]
            decoder = Sequential(layers)
        }
        skipDataGradient()
    }

    /// The first convolution's input is the data batch: no gradient needed for it.
    private func skipDataGradient() {
        (encoder.layers.first as? Conv2d)?.computesInputGradient = false
    }

    /// Every parameter in PyTorch's `named_parameters()` order (collected once, so a step
    /// does not build the list again).
    public private(set) lazy var parameters: [Parameter] =
        encoder.parameters + meanHead.parameters + logVarianceHead.parameters + decoder.parameters

    /// One forward and backward pass of the beta-VAE objective `reconstruction + beta * KL`
    /// on batch `x` `[N, 1, H, W]` with reparameterisation noise `eps` `[N, latent]`. Clears the
    /// parameter gradients, then accumulates this batch's into them.
    public func betaVAEStep(x: Tensor, eps: Tensor, beta: Float) -> BetaVAETerms {
        var klValue = 0.0
        let rec = step(x: x, eps: eps) { mu, logvar, z in
            let klTerms = self.kl.evaluate(mean: mu, logVariance: logvar, weight: beta)
            klValue = klTerms
            return (klTerms, self.kl.gradientMean.values.map(Double.init), self.kl.gradientLogVariance.values.map(Double.init), nil)
        }
        return BetaVAETerms(reconstruction: rec, kl: klValue, loss: rec + Double(beta) * klValue)
    }

    /// The encoder's posterior means and log-variances of batch `x`, without noise or decoder
    /// (evaluation: nothing is kept for a backward pass beyond what the layers hold).
    public func encode(_ x: Tensor) -> (mean: Tensor, logVariance: Tensor) {
        checkInput(x)
        let h = encoder.forward(x)
        return (meanHead.forward(h), logVarianceHead.forward(h))
    }

    private func checkInput(_ x: Tensor) {
        precondition(x.shape.count == 4 && x.shape[1] == 1 && x.shape[2] == height && x.shape[3] == width,
                     "\(architecture.rawValue): input \(x.shape), expected [N, 1, \(height), \(width)]")
    }

    /// One forward and backward pass of `reconstruction + R(mu, logvar, z)` on batch `x`
    /// `[N, 1, H, W]` with noise `eps` `[N, latent]`. `regularize` receives the posterior means,
    /// log-variances and the sample `z = mu + eps exp(logvar / 2)` and returns the value of `R`
    /// and its gradients with respect to `mu`, `logvar` and (optionally) `z`, each `N * latent`
    /// values in row-major order. Clears the parameter gradients, then accumulates this batch's
    /// into them; returns the reconstruction term (batch mean of per-sample sums).
    @discardableResult
    public func step(x: Tensor, eps: Tensor,
                     regularize: (_ mean: Tensor, _ logVariance: Tensor, _ z: Tensor)
                         -> (value: Double, gradMean: [Double], gradLogVariance: [Double], gradZ: [Double]?)) -> Double {
        checkInput(x)
        let n = x.shape[0]
        precondition(eps.hasShape(n, latent), "\(architecture.rawValue): noise \(eps.shape), expected [\(n), \(latent)]")
        for p in parameters { p.zeroGradient() }
        let h = encoder.forward(x)
        let mu = meanHead.forward(h), logvar = logVarianceHead.forward(h)
        mean = mu
        logVariance = logvar
        z.ensureShape(n, latent)
        for i in 0..<z.count { z[i] = mu[i] + eps[i] * expf(0.5 * logvar[i]) }
        let y = decoder.forward(z)
        output = y
        let rec: Double, dy: Tensor
        switch architecture.reconstruction {
        case .squaredError:
            rec = squaredError.evaluate(prediction: y, target: x)
            dy = squaredError.gradient
        case .bernoulliLogits:
            rec = bernoulli.evaluate(logits: y, target: x)
            dy = bernoulli.gradient
        }
        let latentTerms = regularize(mu, logvar, z)
        precondition(latentTerms.gradMean.count == n * latent && latentTerms.gradLogVariance.count == n * latent
                     && (latentTerms.gradZ?.count ?? n * latent) == n * latent, "regulariser gradients must be [N, latent]")
        let dz = decoder.backward(dy)
        // dz/dmu = 1, dz/dlogvar = eps * exp(logvar / 2) / 2.
        gradMean.ensureShape(n, latent)
        gradLogVariance.ensureShape(n, latent)
        for i in 0..<dz.count {
            let dzTotal = dz[i] + Float(latentTerms.gradZ?[i] ?? 0)
            gradMean[i] = dzTotal + Float(latentTerms.gradMean[i])
            gradLogVariance[i] = dzTotal * eps[i] * 0.5 * expf(0.5 * logvar[i]) + Float(latentTerms.gradLogVariance[i])
        }
        trunkGradient.copy(from: meanHead.backward(gradMean))
        let fromLogVariance = logVarianceHead.backward(gradLogVariance)
        for i in 0..<trunkGradient.count { trunkGradient[i] += fromLogVariance[i] }
        _ = encoder.backward(trunkGradient)
        return rec
    }
}
