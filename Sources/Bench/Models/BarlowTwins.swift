import Neural
import SynCore

/// The augmentations that make the two views of Barlow Twins and MBT, applied to each item
/// `[1, H, W]` (H mel bands, W frames) of a log-mel batch, in this order:
///
/// 1. **time shift**: a circular shift along the frames by `s`, uniform in
///    `-timeShift ... timeShift` (circular, so no padding value has to be invented);
/// 2. **random gain**: an additive offset uniform in `(-gain, gain)`, in the features' own
///    units. On unnormalised dB log-mel that is a gain in dB; on the dataset-wide normalised
///    features (min-max by default) it is the same offset scaled by the normalisation
///    (`gain` 0.1 on min-max features spanning 80 dB is about 8 dB);
/// 3. **frequency masking**: `f` bands, uniform in `0 ... frequencyMask` (at most H), starting
///    at a uniform band, set to the item's mean (SpecAugment's value on mean-normalised
///    features);
/// 4. **time masking**: the same along the frames with `timeMask` (at most W);
/// 5. **additive Gaussian noise** of standard deviation `noise` (feature units) on every bin.
///
/// Every draw comes from the generator passed to ``apply(to:count:height:width:rng:)``, which the
/// trainer takes from its augmentation stream indexed by step, so a resumed run draws the same
/// views.
public struct SpectrogramAugmentation: Sendable, Equatable {
    /// Largest number of masked frames.
    public var timeMask: Int
    /// Largest number of masked mel bands.
    public var frequencyMask: Int
    /// Largest absolute additive offset (feature units).
    public var gain: Double
    /// Standard deviation of the additive Gaussian noise (feature units).
    public var noise: Double
    /// Largest absolute circular shift, in frames.
    public var timeShift: Int

    /// Augmentations with the given ranges; the defaults suit min-max normalised features.
    public init(timeMask: Int = 4, frequencyMask: Int = 16, gain: Double = 0.1, noise: Double = 0.02, timeShift: Int = 3) {
        self.timeMask = timeMask
        self.frequencyMask = frequencyMask
        self.gain = gain
        self.noise = noise
        self.timeShift = timeShift
    }

    /// Augments `count` items of `height x width` in `values` (C order) in place.
    public func apply(to values: inout [Float], count: Int, height: Int, width: Int, rng: inout Xoshiro256StarStar) {
        precondition(values.count == count * height * width, "SpectrogramAugmentation: \(values.count) values for \(count) x \(height) x \(width)")
        let plane = height * width
        var row = [Float](repeating: 0, count: width)
        for item in 0..<count {
            let base = item * plane
            let shift = timeShift > 0 ? rng.nextInt(below: 2 * timeShift + 1) - timeShift : 0
            if shift != 0 {
                for r in 0..<height {
                    for c in 0..<width { row[((c + shift) % width + width) % width] = values[base + r * width + c] }
                    for c in 0..<width { values[base + r * width + c] = row[c] }
                }
            }
            let offset = gain > 0 ? Float(rng.nextDouble(in: -gain, gain)) : 0
            var sum = 0.0
            for k in 0..<plane {
                values[base + k] += offset
                sum += Double(values[base + k])
            }
            let mean = Float(sum / Double(plane))
            let f = rng.nextInt(below: min(frequencyMask, height) + 1)
            let f0 = rng.nextInt(below: height - f + 1)
            for r in f0..<(f0 + f) { for c in 0..<width { values[base + r * width + c] = mean } }
            let t = rng.nextInt(below: min(timeMask, width) + 1)
            let t0 = rng.nextInt(below: width - t + 1)
            for r in 0..<height { for c in t0..<(t0 + t) { values[base + r * width + c] = mean } }
            if noise > 0 {
                for k in 0..<plane { values[base + k] += Float(noise * rng.nextGaussian()) }
            }
        }
    }

    /// The ranges in one line (checkpoint metadata).
    public var summary: String {
        "time_mask=\(timeMask) frequency_mask=\(frequencyMask) gain=\(gain) noise=\(noise) time_shift=\(timeShift)"
    }
}

/// The settings of Barlow Twins (Zbontar et al. 2021) and Modified Barlow Twins (Brima et al.).
public struct BarlowTwinsSettings: Sendable, Equatable {
    /// MBT: L2-normalise each projection (per sample) before the per-dimension standardisation.
    public var normalizeEmbeddings: Bool
    /// Weight of the off-diagonal (redundancy) term (the paper's 5e-3).
    public var lambda: Double
    /// Output sizes of the projector's dense layers (every one but the last is followed by
    /// batch norm and ReLU).
    public var projector: [Int]
    /// How the two views are made.
    public var augmentation: SpectrogramAugmentation

    /// Settings; the defaults are the paper's lambda and a 256-256-256 projector.
    public init(normalizeEmbeddings: Bool, lambda: Double = 5e-3, projector: [Int] = [256, 256, 256],
                augmentation: SpectrogramAugmentation = SpectrogramAugmentation()) {
        self.normalizeEmbeddings = normalizeEmbeddings
        self.lambda = lambda
        self.projector = projector
        self.augmentation = augmentation
    }
}

/// The Barlow Twins loss on two views' projections `a`, `b` (`[N, D]` row-major, Double) and
/// its hand-written gradient with respect to both.
///
/// Each projection dimension is standardised over the batch, as PyTorch's
/// `BatchNorm1d(D, affine=False)` in training mode does in the reference code (batch mean,
/// biased batch variance, `eps` 1e-5): `A = (a - mean) / sqrt(var + eps)`, likewise `B`. Then
/// `C = A^T B / N` and `loss = sum_i (1 - C_ii)^2 + lambda sum_{i != j} C_ij^2`.
///
/// MBT (`normalize`): each row of `a` and `b` is first divided by its L2 norm (floored at
/// 1e-12 as `F.normalize` does), so the loss does not change when a sample's projection is
/// scaled; standardisation and cross-correlation follow on the unit vectors. This is the
/// spec's reading of Brima et al. ("normalized latents to enforce scale-invariance"); their
/// exact formula was not available to check against.
public enum BarlowTwinsLoss {
    /// Added to the batch variance before the square root.
    public static let epsilon = 1e-5

    /// The loss, its two terms and the gradients.
    public struct Result: Sendable {
        /// `invariance + lambda * redundancy`.
        public var loss: Double
        /// `sum_i (1 - C_ii)^2`.
        public var invariance: Double
        /// `sum_{i != j} C_ij^2` (unweighted).
        public var redundancy: Double
        /// d(loss)/d(a), `[N, D]`.
        public var gradA: [Double]
        /// d(loss)/d(b), `[N, D]`.
        public var gradB: [Double]
    }

    /// Evaluates the loss of `a` and `b`, each `n x d` (`n >= 2`).
    public static func evaluate(a: [Double], b: [Double], batch n: Int, dimensions d: Int, lambda: Double,
                                normalize: Bool) -> Result {
        precondition(n >= 2 && a.count == n * d && b.count == n * d, "BarlowTwinsLoss: views must both be [\(n), \(d)] with N >= 2")
        let ua = normalize ? l2Normalized(a, n: n, d: d) : (a, [])
        let ub = normalize ? l2Normalized(b, n: n, d: d) : (b, [])
        let sa = standardized(ua.0, n: n, d: d), sb = standardized(ub.0, n: n, d: d)
        let nd = Double(n)
        var c = [Double](repeating: 0, count: d * d)
        for k in 0..<n {
            for i in 0..<d {
                let ai = sa.values[k * d + i] / nd
                if ai == 0 { continue }
                for j in 0..<d { c[i * d + j] += ai * sb.values[k * d + j] }
            }
        }
        var invariance = 0.0, redundancy = 0.0
        var g = [Double](repeating: 0, count: d * d)  // d(loss)/dC
        for i in 0..<d {
            for j in 0..<d {
                let v = c[i * d + j]
                if i == j {
                    invariance += (1 - v) * (1 - v)
                    g[i * d + j] = -2 * (1 - v)
                } else {
                    redundancy += v * v
                    g[i * d + j] = 2 * lambda * v
                }
            }
        }
        // dA = B G^T / N, dB = A G / N.
        var dA = [Double](repeating: 0, count: n * d), dB = dA
        for k in 0..<n {
            for i in 0..<d {
                var s = 0.0
                for j in 0..<d { s += g[i * d + j] * sb.values[k * d + j] }
                dA[k * d + i] = s / nd
            }
            for i in 0..<d {
                let ai = sa.values[k * d + i] / nd
                if ai == 0 { continue }
                for j in 0..<d { dB[k * d + j] += ai * g[i * d + j] }
            }
        }
        var gradA = standardizationBackward(dA, sa, n: n, d: d)
        var gradB = standardizationBackward(dB, sb, n: n, d: d)
        if normalize {
            gradA = l2Backward(gradA, unit: ua.0, norms: ua.1, n: n, d: d)
            gradB = l2Backward(gradB, unit: ub.0, norms: ub.1, n: n, d: d)
        }
        return Result(loss: invariance + lambda * redundancy, invariance: invariance, redundancy: redundancy,
                      gradA: gradA, gradB: gradB)
    }

    /// Rows divided by their norms (floored at 1e-12), and the floored norms.
    static func l2Normalized(_ x: [Double], n: Int, d: Int) -> ([Double], [Double]) {
        var out = x, norms = [Double](repeating: 0, count: n)
        for k in 0..<n {
            var s = 0.0
            for j in 0..<d { s += x[k * d + j] * x[k * d + j] }
            let norm = max(s.squareRoot(), 1e-12)
            norms[k] = norm
            for j in 0..<d { out[k * d + j] = x[k * d + j] / norm }
        }
        return (out, norms)
    }

    /// `dx = (du - u (u . du)) / |x|` per row (where the norm was floored, `du / 1e-12`).
    static func l2Backward(_ du: [Double], unit u: [Double], norms: [Double], n: Int, d: Int) -> [Double] {
        var dx = du
        for k in 0..<n {
            let floored = norms[k] <= 1e-12
            var dot = 0.0
            for j in 0..<d { dot += u[k * d + j] * du[k * d + j] }
            for j in 0..<d {
                let i = k * d + j
                dx[i] = floored ? du[i] / norms[k] : (du[i] - u[i] * dot) / norms[k]
            }
        }
        return dx
    }

    /// Standardised values and per-dimension `1 / sqrt(var + eps)`.
    static func standardized(_ x: [Double], n: Int, d: Int) -> (values: [Double], inverseStd: [Double]) {
        var out = x, inv = [Double](repeating: 0, count: d)
        let nd = Double(n)
        for j in 0..<d {
            var mean = 0.0
            for k in 0..<n { mean += x[k * d + j] }
            mean /= nd
            var variance = 0.0
            for k in 0..<n { variance += (x[k * d + j] - mean) * (x[k * d + j] - mean) }
            variance /= nd
            inv[j] = 1 / (variance + epsilon).squareRoot()
            for k in 0..<n { out[k * d + j] = (x[k * d + j] - mean) * inv[j] }
        }
        return (out, inv)
    }

    /// Batch-norm backward: `dx = inv / N (N dxhat - sum dxhat - xhat sum(dxhat xhat))`.
    static func standardizationBackward(_ dxhat: [Double], _ s: (values: [Double], inverseStd: [Double]), n: Int, d: Int) -> [Double] {
        var dx = dxhat
        let nd = Double(n)
        for j in 0..<d {
            var sum = 0.0, sumProduct = 0.0
            for k in 0..<n {
                sum += dxhat[k * d + j]
                sumProduct += dxhat[k * d + j] * s.values[k * d + j]
            }
            for k in 0..<n {
                let i = k * d + j
                dx[i] = s.inverseStd[j] / nd * (nd * dxhat[i] - sum - s.values[i] * sumProduct)
            }
        }
        return dx
    }
}

/// The Barlow Twins projector, `proj.*` in PyTorch's `nn.Sequential` numbering: for sizes
/// `[p1, ..., pk]`, dense (no bias, as in the reference code) to `p1`, `BatchNorm1d`, ReLU, ...,
/// and a last dense (no bias) to `pk`. Two instances share the parameters (the second's are
/// copied from the first before each step and its gradients added back after), so each view
/// keeps its own layer state and batch statistics, as when PyTorch applies one module twice.
public final class BarlowTwinsProjector {
    /// Dense output sizes.
    public let sizes: [Int]
    /// The projector of view a; its parameters and running statistics are the model's.
    public let network: Sequential
    /// The projector of view b, sharing ``network``'s values.
    let twin: Sequential

    /// A projector from `input` features, initialised as PyTorch does from `rng`.
    public init(input: Int, sizes: [Int], rng: inout Xoshiro256StarStar) {
        precondition(input > 0 && !sizes.isEmpty && sizes.allSatisfy { $0 > 0 }, "BarlowTwinsProjector: sizes must be positive")
        self.sizes = sizes
        func build(_ rng: inout Xoshiro256StarStar) -> Sequential {
            var layers: [any Layer] = []
            var width = input
            for (k, size) in sizes.enumerated() {
                layers.append(Dense(inFeatures: width, outFeatures: size, bias: false, rng: &rng).named("proj.\(layers.count)"))
                if k < sizes.count - 1 {
                    layers.append(BatchNorm1d(features: size).named("proj.\(layers.count)"))
                    layers.append(Activation(.relu))
                }
                width = size
            }
            return Sequential(layers)
        }
        network = build(&rng)
        var scratch = Xoshiro256StarStar(seed: 0)
        twin = build(&scratch)
    }

    /// The trainable parameters (of ``network``).
    public var parameters: [Parameter] { network.parameters }

    /// The batch-norm layers of ``network`` with their PyTorch prefixes (`proj.1`, ...).
    public var batchNorms: [(prefix: String, layer: BatchNorm1d)] {
        network.layers.enumerated().compactMap { k, layer in (layer as? BatchNorm1d).map { ("proj.\(k)", $0) } }
    }

    private var twinBatchNorms: [BatchNorm1d] { twin.layers.compactMap { $0 as? BatchNorm1d } }

    /// Copies `from`'s running statistics into `to`.
    private static func copyStatistics(_ from: [BatchNorm1d], _ to: [BatchNorm1d]) {
        for (s, t) in zip(from, to) {
            // The counts match by construction, so this cannot throw.
            try? t.setRunningStatistics(mean: s.runningMean.values, variance: s.runningVariance.values,
                                        batchesTracked: s.batchesTracked)
        }
    }

    /// Projects both views (`[N, input]` each) and returns the projections (tensors owned by
    /// the two instances). The running statistics are updated by view a, then view b.
    func forward(_ a: Tensor, _ b: Tensor) -> (Tensor, Tensor) {
        for (p, q) in zip(network.parameters, twin.parameters) { q.value.copy(from: p.value) }
        let za = network.forward(a)
        Self.copyStatistics(batchNorms.map(\.layer), twinBatchNorms)
        let zb = twin.forward(b)
        Self.copyStatistics(twinBatchNorms, batchNorms.map(\.layer))
        return (za, zb)
    }

    /// Back-propagates both views' gradients; the shared parameters' gradients (in
    /// ``parameters``) are set to the sum of both views'. Returns d(loss)/d(input) per view.
    func backward(_ gradA: Tensor, _ gradB: Tensor) -> (Tensor, Tensor) {
        network.zeroGradients()
        twin.zeroGradients()
        let da = network.backward(gradA)
        let db = twin.backward(gradB)
        for (p, q) in zip(network.parameters, twin.parameters) {
            for i in 0..<p.gradient.count { p.gradient[i] += q.gradient[i] }
        }
        return (da, db)
    }
}

/// One Barlow Twins / MBT step on a ``GaussianVAE``'s encoder: the code is the mean head `mu`
/// (the architecture's encoder output, and what `codes.npy` holds), the two augmented views
/// are encoded as one batch of `2N`, projected separately, and the loss's gradients flow back
/// through the projector, `mu` and the encoder. The log-variance head and the decoder are not
/// used.
public final class BarlowTwinsObjective {
    /// The settings.
    public let settings: BarlowTwinsSettings
    /// The projector.
    public let projector: BarlowTwinsProjector
    private let views: Tensor
    private let codeA = Tensor(shape: [0, 0]), codeB = Tensor(shape: [0, 0])
    private let gradA = Tensor(shape: [0, 0]), gradB = Tensor(shape: [0, 0])
    private let gradCode = Tensor(shape: [0, 0])

    /// An objective for `model` with a projector initialised from `rng`.
    public init(settings: BarlowTwinsSettings, model: GaussianVAE, rng: inout Xoshiro256StarStar) {
        self.settings = settings
        projector = BarlowTwinsProjector(input: model.latent, sizes: settings.projector, rng: &rng)
        views = Tensor(shape: [0, 1, model.height, model.width])
    }

    /// The parameters the optimiser updates: encoder, `mu`, projector.
    public func trainableParameters(of model: GaussianVAE) -> [Parameter] {
        model.encoder.parameters + model.meanHead.parameters + projector.parameters
    }

    /// Augments `x` `[N, 1, H, W]` twice with draws from `rng`, runs forward and backward, and
    /// leaves the gradients in the trainable parameters (cleared first).
    public func step(model: GaussianVAE, x: Tensor, rng: inout Xoshiro256StarStar) -> BarlowTwinsLoss.Result {
        let n = x.shape[0], h = model.height, w = model.width, l = model.latent
        precondition(x.hasShape(n, 1, h, w), "Barlow Twins: input \(x.shape), expected [\(n), 1, \(h), \(w)]")
        // View a's items, then view b's, drawn in that order.
        var first = x.values, second = first
        settings.augmentation.apply(to: &first, count: n, height: h, width: w, rng: &rng)
        settings.augmentation.apply(to: &second, count: n, height: h, width: w, rng: &rng)
        views.ensureShape(2 * n, 1, h, w)
        views.assign(first + second)
        for p in trainableParameters(of: model) { p.zeroGradient() }
        let mu = model.meanHead.forward(model.encoder.forward(views)).values
        codeA.ensureShape(n, l)
        codeB.ensureShape(n, l)
        codeA.assign(Array(mu[0..<(n * l)]))
        codeB.assign(Array(mu[(n * l)...]))
        let (za, zb) = projector.forward(codeA, codeB)
        let d = za.shape[1]
        let result = BarlowTwinsLoss.evaluate(a: za.values.map(Double.init), b: zb.values.map(Double.init), batch: n, dimensions: d,
                                              lambda: settings.lambda, normalize: settings.normalizeEmbeddings)
        gradA.ensureShape(n, d)
        gradB.ensureShape(n, d)
        gradA.assign(result.gradA.map(Float.init))
        gradB.assign(result.gradB.map(Float.init))
        let (da, db) = projector.backward(gradA, gradB)
        gradCode.ensureShape(2 * n, l)
        gradCode.assign(da.values + db.values)
        _ = model.encoder.backward(model.meanHead.backward(gradCode))
        return result
    }
}
