import DSP
import Foundation
import Neural
import SynCore
import SynData

/// A non-finite loss: the run stops (exit 1) and the last good checkpoint stays.
public struct NonFiniteLossError: Error, CustomStringConvertible, Sendable {
    /// The 1-based step whose loss was not finite.
    public let step: Int
    /// The loss value.
    public let loss: Double
    /// The checkpoint kept, if any.
    public let checkpoint: String?
    /// The first parameter whose values stopped being finite after the update (the loss can
    /// still be finite then, e.g. when a gradient overflowed Float), or nil.
    public var parameter: String? = nil
    /// The item of the failing step's batch with the largest posterior log-variance, and that
    /// value (non-finite counts as largest); nil for objectives without a posterior. A value in
    /// the hundreds means `exp(logvar / 2)` blew the sample `z` up: that item lies where the
    /// encoder extrapolates, which is worth knowing before changing the learning rate.
    public var largestLogVariance: (item: Int, value: Float)? = nil
    /// One line for stderr.
    public var description: String {
        let what = parameter.map { "parameter \($0) is not finite after step \(step) (loss \(loss))" } ?? "loss \(loss) at step \(step)"
        let posterior = largestLogVariance.map { "; the largest posterior log-variance in that batch was \($0.value) (item \($0.item))" } ?? ""
        return "training stopped: \(what)\(posterior); " + (checkpoint.map { "last good checkpoint \($0) (step kept)" } ?? "no checkpoint written yet")
    }
}

/// A checkpoint that exists but does not belong to this run (exit 2).
public struct CheckpointMismatchError: UserError, Sendable {
    /// The one-line reason.
    public let description: String
    /// An error with `description`.
    public init(_ description: String) { self.description = description }
}

/// The named random streams of a run, each `Xoshiro256StarStar.dataset(seed:reserved:)` of the
/// run's seed. Per-step and per-epoch draws come from `item(seed: stream's first output,
/// index: step or epoch)`, so the whole random state of a run is its step count: a resumed run
/// draws exactly what the uninterrupted one drew.
public enum TrainingStreams: UInt64, Sendable, CaseIterable {
    /// Parameter initialisation of the VAE.
    case initialization = 0
    /// The per-epoch permutation of the items.
    case shuffle = 1
    /// Reparameterisation noise, one stream per step.
    case noise = 2
    /// FactorVAE's per-dimension permutations, one stream per step.
    case permutation = 3
    /// FactorVAE's discriminator initialisation.
    case discriminatorInitialization = 4
    /// Barlow Twins' projector initialisation.
    case projectorInitialization = 5
    /// Barlow Twins' augmentations of the two views, one stream per step.
    case augmentation = 6

    /// The stream's base seed for run seed `seed`.
    public func baseSeed(_ seed: UInt64) -> UInt64 {
        var g = Xoshiro256StarStar.dataset(seed: seed, reserved: rawValue)
        return g.next()
    }

    /// The generator for step or epoch `index`.
    public func generator(seed: UInt64, index: Int) -> Xoshiro256StarStar {
        Xoshiro256StarStar.item(seed: baseSeed(seed), index: UInt64(index))
    }
}

/// Float32 features `[N, 1, H, W]` in item order.
public struct FeatureMatrix: Sendable {
    /// Items.
    public var count: Int
    /// Height (mel bands) and width (frames).
    public var height: Int, width: Int
    /// The values, C order.
    public var values: [Float]

    /// Reads a `[N, 1, H, W]` (or `[N, H, W]`) .npy.
    ///
    /// - Throws: ``InputError`` when the file is unreadable or has another shape.
    public init(npy path: String) throws {
        let (s, floats) = try NpyArray.floats(contentsOf: URL(fileURLWithPath: path))
        guard (s.count == 4 && s[1] == 1) || s.count == 3, s[0] > 0 else {
            throw InputError("\(path): features must be [N, 1, H, W] or [N, H, W]; got \(s)")
        }
        count = s[0]
        height = s[s.count - 2]
        width = s[s.count - 1]
        values = floats
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw InputError("\(path): item \(bad / (height * width)) has a non-finite value (\(values[bad])); features must be finite")
        }
    }

    /// Features from values.
    public init(count: Int, height: Int, width: Int, values: [Float]) {
        precondition(values.count == count * height * width, "FeatureMatrix: \(values.count) values for [\(count), 1, \(height), \(width)]")
        self.count = count
        self.height = height
        self.width = width
        self.values = values
    }
}

/// A VAE under training: the model, its Adam, and the optional FactorVAE discriminator; or,
/// for Barlow Twins and MBT, the model's encoder and `mu` head with a projector.
public final class TrainingRun {
    /// The settings.
    public let config: TrainConfig
    /// The objective with the dataset size filled in.
    public let objective: VAEObjective
    /// The model.
    public let model: GaussianVAE
    /// The model's optimiser.
    public let optimizer: Adam
    /// FactorVAE's discriminator and its optimiser.
    public let discriminator: FactorDiscriminator?
    /// Barlow Twins' or MBT's projector and step.
    public let barlowTwins: BarlowTwinsObjective?
    /// The features.
    public let features: FeatureMatrix
    /// How the features were made, recorded in every checkpoint's metadata (`features.*`) so
    /// `encode` featurises other datasets the same way; nil when unknown (a features file
    /// without its sidecar JSON).
    public var featureRecipe: FeatureRecipe?
    /// Updates taken.
    public private(set) var step = 0
    /// Updates per epoch (the last incomplete batch of an epoch is dropped).
    public let stepsPerEpoch: Int
    /// Updates the run takes in total.
    public let totalSteps: Int

    private let x: Tensor
    private let eps: Tensor

    /// Builds the model for `features` (fresh parameters from the initialisation stream).
    ///
    /// - Throws: ``NeuralShapeError`` when the architecture does not fit the feature shape,
    ///   ``InputError`` when there are fewer items than a batch.
    public init(config: TrainConfig, features: FeatureMatrix) throws {
        self.config = config
        self.features = features
        var objective = config.objective
        if case .betaTCVAE(let a, let b, let g, let s, _) = objective {
            objective = .betaTCVAE(alpha: a, beta: b, gamma: g, sampling: s, datasetSize: features.count)
        }
        self.objective = objective
        var rng = Xoshiro256StarStar(seed: TrainingStreams.initialization.baseSeed(config.seed))
        do {
            model = try GaussianVAE(config.architecture, latent: config.latents, height: features.height, width: features.width, rng: &rng)
        } catch let error as NeuralShapeError {
            throw NeuralShapeError("architecture \(config.architecture.rawValue) does not fit features [N, 1, \(features.height), \(features.width)]: \(error.description)")
        }
        if case .barlowTwins(let settings) = objective {
            var projRNG = Xoshiro256StarStar(seed: TrainingStreams.projectorInitialization.baseSeed(config.seed))
            let bt = BarlowTwinsObjective(settings: settings, model: model, rng: &projRNG)
            barlowTwins = bt
            optimizer = Adam(parameters: bt.trainableParameters(of: model), learningRate: Float(config.learningRate))
        } else {
            barlowTwins = nil
            optimizer = Adam(parameters: model.parameters, learningRate: Float(config.learningRate))
        }
        if case .factorVAE = objective {
            var discRNG = Xoshiro256StarStar(seed: TrainingStreams.discriminatorInitialization.baseSeed(config.seed))
            discriminator = FactorDiscriminator(latent: config.latents, rng: &discRNG)
        } else {
            discriminator = nil
        }
        if barlowTwins != nil && config.batchSize < 2 {
            throw InputError("\(config.file): Barlow Twins needs batch_size of at least 2 (batch statistics)")
        }
        guard features.count >= config.batchSize else {
            throw InputError("\(config.file): batch_size \(config.batchSize) is larger than the dataset (\(features.count) items)")
        }
        stepsPerEpoch = features.count / config.batchSize
        totalSteps = config.steps ?? (config.epochs ?? 1) * stepsPerEpoch
        x = Tensor(shape: [config.batchSize, 1, features.height, features.width])
        eps = Tensor(shape: [config.batchSize, config.latents])
    }

    /// One step's logged values.
    public struct StepLog: Sendable {
        /// The 1-based step.
        public var step: Int
        /// The objective's value.
        public var loss: Double
        /// Reconstruction term.
        public var reconstruction: Double
        /// Analytic KL, total and per latent.
        public var kl: Double, klPerLatent: [Double]
        /// Total correlation where defined.
        public var totalCorrelation: Double?
        /// Barlow Twins: `sum_i (1 - C_ii)^2`.
        public var invariance: Double? = nil
        /// Barlow Twins: `sum_{i != j} C_ij^2` (before the weight lambda).
        public var redundancy: Double? = nil
    }

    private var permutationEpoch = -1
    private var permutation: [Int] = []

    /// The items of step `t` (0-based): batch `t mod stepsPerEpoch` of epoch `t / stepsPerEpoch`'s
    /// permutation.
    func batchIndices(step t: Int) -> ArraySlice<Int> {
        let epoch = t / stepsPerEpoch
        if epoch != permutationEpoch {
            var g = TrainingStreams.shuffle.generator(seed: config.seed, index: epoch)
            permutation = Array(0..<features.count)
            for i in stride(from: permutation.count - 1, to: 0, by: -1) { permutation.swapAt(i, g.nextInt(below: i + 1)) }
            permutationEpoch = epoch
        }
        let b = t % stepsPerEpoch
        return permutation[(b * config.batchSize)..<((b + 1) * config.batchSize)]
    }

    /// Takes one update and returns its log (the loss may be non-finite; the caller checks).
    public func trainStep() -> StepLog {
        let plane = features.height * features.width
        for (row, item) in batchIndices(step: step).enumerated() {
            for k in 0..<plane { x[row * plane + k] = features.values[item * plane + k] }
        }
        if let barlowTwins {
            var g = TrainingStreams.augmentation.generator(seed: config.seed, index: step)
            let r = barlowTwins.step(model: model, x: x, rng: &g)
            optimizer.update()
            step += 1
            return StepLog(step: step, loss: r.loss, reconstruction: .nan, kl: .nan, klPerLatent: [], totalCorrelation: nil,
                           invariance: r.invariance, redundancy: r.redundancy)
        }
        var noise = TrainingStreams.noise.generator(seed: config.seed, index: step)
        for i in 0..<eps.count { eps[i] = Float(noise.nextGaussian()) }
        let m = config.batchSize, l = config.latents
        var terms: LatentTerms?
        let objective = self.objective, currentStep = step
        let rec = model.step(x: x, eps: eps) { mu, logvar, z in
            let muValues = mu.values.map(Double.init), lvValues = logvar.values.map(Double.init), zValues = z.values.map(Double.init)
            var t = LatentRegularizers.evaluate(objective, mu: muValues, logvar: lvValues, z: zValues, batch: m, latent: l, step: currentStep)
            if case .factorVAE(let gamma) = objective, let discriminator {
                let tc = discriminator.totalCorrelationTerm(z: z, weight: gamma)
                t.regularizer += gamma * tc.estimate
                t.gradZ = tc.gradZ
                t.totalCorrelation = tc.estimate
            }
            terms = t
            return (t.regularizer, t.gradMean, t.gradLogVariance, t.gradZ)
        }
        optimizer.update()
        if let discriminator, let z = model.sampledZ {
            var g = TrainingStreams.permutation.generator(seed: config.seed, index: step)
            discriminator.train(z: z, rng: &g)
        }
        step += 1
        let t = terms ?? LatentTerms(regularizer: .nan, kl: .nan, klPerLatent: [], totalCorrelation: nil, gradMean: [], gradLogVariance: [], gradZ: [])
        return StepLog(step: step, loss: rec + t.regularizer, reconstruction: rec, kl: t.kl, klPerLatent: t.klPerLatent,
                       totalCorrelation: t.totalCorrelation)
    }

    /// The posterior means of every item, dataset order, `[N, latent]`.
    public func codes() -> [Float] {
        let plane = features.height * features.width
        var out: [Float] = []
        out.reserveCapacity(features.count * config.latents)
        let batch = Tensor(shape: [0])
        var start = 0
        while start < features.count {
            let n = min(config.batchSize, features.count - start)
            batch.reshape([n, 1, features.height, features.width])
            batch.assign(Array(features.values[(start * plane)..<((start + n) * plane)]))
            out += model.encode(batch).mean.values
            start += n
        }
        return out
    }

    // MARK: checkpoints

    /// Every tensor of the resumable state: the model's parameters by PyTorch name,
    /// `adam.m.<name>` and `adam.v.<name>`, FactorVAE's `disc.*` and `disc_adam.*`, and the
    /// projector's batch-norm running statistics.
    func checkpointTensors() -> [SafeTensor] {
        var tensors = Self.stateTensors(optimizer, prefix: "adam") + runningStatistics()
        if let discriminator { tensors += discriminator.checkpointTensors() }
        return tensors
    }

    /// The parameters of `optimizer` by name, then `<prefix>.m.<name>` and `<prefix>.v.<name>`
    /// for its Adam moments.
    static func stateTensors(_ optimizer: Adam, prefix: String) -> [SafeTensor] {
        var tensors = optimizer.parameters.map { SafeTensor(name: $0.name, shape: $0.value.shape, values: $0.value.values) }
        let state = optimizer.state
        for (k, p) in optimizer.parameters.enumerated() {
            tensors.append(SafeTensor(name: "\(prefix).m.\(p.name)", shape: p.value.shape, values: state.firstMoments[k]))
            tensors.append(SafeTensor(name: "\(prefix).v.\(p.name)", shape: p.value.shape, values: state.secondMoments[k]))
        }
        return tensors
    }

    /// The projector's `proj.<k>.running_mean` and `proj.<k>.running_var` (none for VAEs).
    func runningStatistics() -> [SafeTensor] {
        (barlowTwins?.projector.batchNorms ?? []).flatMap { prefix, bn in
            [SafeTensor(name: "\(prefix).running_mean", shape: [bn.features], values: bn.runningMean.values),
             SafeTensor(name: "\(prefix).running_var", shape: [bn.features], values: bn.runningVariance.values)]
        }
    }

    /// The metadata identifying the run and its step.
    func metadata() -> [String: String] {
        var meta = [
            "format": "synbench-checkpoint-1",
            "architecture": config.architecture.rawValue,
            "latents": "\(config.latents)",
            "input": "1x\(features.height)x\(features.width)",
            "objective": objective.summary,
            "seed": "\(config.seed)",
            "batch_size": "\(config.batchSize)",
            "step": "\(step)",
            "adam_step": "\(optimizer.step)",
        ]
        for s in TrainingStreams.allCases { meta["rng.\(s)"] = String(s.baseSeed(config.seed), radix: 16) }
        meta["rng.position"] = "per-step and per-epoch streams are indexed by step \(step)"
        if let featureRecipe { meta.merge(featureRecipe.metadata) { _, recipe in recipe } }
        if let discriminator { meta["disc_adam_step"] = "\(discriminator.optimizer.step)" }
        if let bt = barlowTwins, let first = bt.projector.batchNorms.first {
            meta["proj_num_batches_tracked"] = "\(first.layer.batchesTracked)"
        }
        return meta
    }

    /// The name of the first parameter holding a NaN or an infinity, or nil when all are
    /// finite: checked after every update so no checkpoint or code is written from them.
    public var nonFiniteParameter: String? {
        optimizer.parameters.first { !$0.value.allFinite }?.name
    }

    /// The dataset item of the last step's batch whose posterior log-variance is largest (any
    /// non-finite value counts as larger than every finite one), and that value; nil before the
    /// first step and for Barlow Twins, which has no posterior.
    public var largestLogVarianceOfLastBatch: (item: Int, value: Float)? {
        guard barlowTwins == nil, step > 0, let logvar = model.logVariance else { return nil }
        let items = batchIndices(step: step - 1), l = config.latents
        var best: (item: Int, value: Float)?
        for (row, item) in items.enumerated() {
            for j in 0..<l {
                let v = logvar[row * l + j]
                let larger = best.map { b in b.value.isFinite && (!v.isFinite || v > b.value) } ?? true
                if larger { best = (item, v) }
            }
        }
        return best
    }

    /// Writes `checkpoint.safetensors` (everything needed to resume) and `model.safetensors`
    /// (the weights only, for `load_state_dict(strict=True)`; for Barlow Twins the encoder, `mu`
    /// and the projector with its running statistics, without `num_batches_tracked`, which is
    /// in the metadata), each atomically and durably.
    public func writeCheckpoint(folder: String) throws {
        let meta = metadata()
        try SafeTensors.writeDurably(SafeTensors.encode(checkpointTensors(), metadata: meta), to: folder + "/checkpoint.safetensors")
        let weights = optimizer.parameters.map { SafeTensor(name: $0.name, shape: $0.value.shape, values: $0.value.values) }
            + runningStatistics()
        try SafeTensors.writeDurably(SafeTensors.encode(weights, metadata: meta), to: folder + "/model.safetensors")
    }

    /// Restores parameters, optimiser state and step from a checkpoint written by
    /// ``writeCheckpoint(folder:)`` of the same configuration.
    ///
    /// - Throws: ``SafeTensorsError`` for an unreadable file, ``CheckpointMismatchError`` when
    ///   it belongs to another architecture, shape, seed or objective; nothing changes then.
    public func restore(checkpoint path: String) throws {
        let (tensors, meta) = try SafeTensors.read(path: path)
        let current = metadata()
        for key in ["architecture", "latents", "input", "objective", "seed", "batch_size"] where meta[key] != current[key] {
            throw CheckpointMismatchError("\(path): checkpoint \(key) is '\(meta[key] ?? "missing")'; this run's is '\(current[key] ?? "")'")
        }
        guard let stepText = meta["step"], let savedStep = Int(stepText), savedStep >= 0,
              let adamText = meta["adam_step"], let adamStep = Int(adamText) else {
            throw CheckpointMismatchError("\(path): not a synbench checkpoint (no step in its metadata)")
        }
        guard savedStep <= totalSteps else {
            throw CheckpointMismatchError("\(path): the checkpoint is at step \(savedStep), past this config's \(totalSteps) steps; raise steps or epochs to continue it")
        }
        var byName: [String: SafeTensor] = [:]
        for t in tensors { byName[t.name] = t }
        func tensor(_ name: String, _ shape: [Int]) throws -> [Float] {
            guard let t = byName[name] else { throw CheckpointMismatchError("\(path): no tensor '\(name)' (another architecture?)") }
            guard t.shape == shape else { throw CheckpointMismatchError("\(path): tensor '\(name)' has shape \(t.shape); the model's is \(shape)") }
            return t.values
        }
        var values: [[Float]] = [], m: [[Float]] = [], v: [[Float]] = []
        for p in optimizer.parameters {
            values.append(try tensor(p.name, p.value.shape))
            m.append(try tensor("adam.m.\(p.name)", p.value.shape))
            v.append(try tensor("adam.v.\(p.name)", p.value.shape))
        }
        try discriminator?.checkRestorable(byName: byName, metadata: meta, source: path)
        var statistics: [(BatchNorm1d, [Float], [Float])] = []
        for (prefix, bn) in barlowTwins?.projector.batchNorms ?? [] {
            statistics.append((bn, try tensor("\(prefix).running_mean", [bn.features]), try tensor("\(prefix).running_var", [bn.features])))
        }
        let tracked = Int(meta["proj_num_batches_tracked"] ?? "") ?? 0
        if !statistics.isEmpty && meta["proj_num_batches_tracked"] == nil {
            throw CheckpointMismatchError("\(path): no proj_num_batches_tracked in the metadata")
        }
        try optimizer.restore(Adam.State(step: adamStep, firstMoments: m, secondMoments: v))
        for (p, value) in zip(optimizer.parameters, values) { p.value.assign(value) }
        for (bn, mean, variance) in statistics { try bn.setRunningStatistics(mean: mean, variance: variance, batchesTracked: tracked) }
        try discriminator?.restore(byName: byName, metadata: meta)
        step = savedStep
    }
}
