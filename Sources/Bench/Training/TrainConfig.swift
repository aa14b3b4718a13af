import DSP
import Foundation
import SynCore
import SynData

/// A training run's settings, read from `synbench train CONFIG.yaml`.
///
/// Keys: `dataset` (a dataset folder; its items are featurised with `preset`), `features`
/// (optional: a precomputed float32 `[N, 1, H, W]` .npy, used instead of featurising),
/// `preset` (`paper` or `mel64`, default `paper`), `architecture` (`syntone-paper`,
/// `burgess64`, `mlp`), `objective` (a mapping with `name` and the objective's
/// hyperparameters; `barlow-twins` and `mbt` take `lambda`, `projector` (a list of dense
/// sizes) and the augmentation ranges `time_mask`, `frequency_mask`, `gain`, `noise`,
/// `time_shift`), `latents`, `batch_size`, `steps` or `epochs`, `lr`, `seed`,
/// `checkpoint_every`.
public struct TrainConfig: Sendable {
    /// The config file.
    public var file: String
    /// The dataset folder (nil when only `features` is given).
    public var dataset: String?
    /// A precomputed features .npy.
    public var features: String?
    /// The feature preset used when featurising `dataset`.
    public var preset: FeaturePreset
    /// The architecture.
    public var architecture: VAEArchitecture
    /// The objective; beta-TCVAE's dataset size is filled in when the features are loaded.
    public var objective: VAEObjective
    /// Latent dimensions.
    public var latents: Int
    /// Items per step.
    public var batchSize: Int
    /// Updates, or nil when `epochs` is given.
    public var steps: Int?
    /// Epochs, or nil when `steps` is given.
    public var epochs: Int?
    /// Adam's learning rate.
    public var learningRate: Double
    /// The run's seed; every random stream derives from it.
    public var seed: UInt64
    /// Steps between checkpoints (one is always written at the end).
    public var checkpointEvery: Int

    /// Reads and checks `path`.
    ///
    /// - Throws: ``ConfigError`` (exit 2) for an unknown key, objective, architecture or
    ///   preset, a missing required key or a value out of range.
    public static func load(path: String) throws -> TrainConfig {
        try read(ConfigReader(file: path, value: try ConfigValue.load(path: path)))
    }

    /// Reads and checks a config already parsed (a whole file, or the settings a study
    /// composes for one of its cells: errors then name the study's file and key path).
    public static func read(_ root: ConfigReader) throws -> TrainConfig {
        let path = root.file
        func key(_ name: String) -> String { root.path.isEmpty ? name : root.path + "." + name }
        let keys = ["dataset", "features", "preset", "architecture", "objective", "latents", "batch_size", "steps",
                    "epochs", "lr", "seed", "checkpoint_every"]
        let top = try root.object(allowed: keys)
        try top.finish()
        let dataset = try top.optional("dataset")?.string()
        let features = try top.optional("features")?.string()
        guard dataset != nil || features != nil else {
            throw ConfigError(file: path, path: key("dataset"), "is required (or give features: a precomputed .npy)")
        }
        let presetName = try top.optional("preset")?.choice(FeaturePreset.all.map(\.name)) ?? "paper"
        guard let preset = FeaturePreset.named(presetName) else { throw ConfigError(file: path, path: key("preset"), "unknown preset") }
        let archName = try top.required("architecture").choice(VAEArchitecture.allCases.map(\.rawValue))
        guard let architecture = VAEArchitecture(rawValue: archName) else { throw ConfigError(file: path, path: key("architecture"), "unknown") }
        let objective = try readObjective(try top.required("objective"))
        let steps = try top.optional("steps")?.positiveInteger(atMost: 1 << 40)
        let epochs = try top.optional("epochs")?.positiveInteger(atMost: 1 << 30)
        guard (steps == nil) != (epochs == nil) else {
            throw ConfigError(file: path, path: key("steps"), "give exactly one of steps and epochs")
        }
        let lr = try top.optional("lr")?.double() ?? 1e-4
        guard lr.isFinite, lr > 0 else { throw ConfigError(file: path, path: key("lr"), "must be a positive number, got \(lr)") }
        let seed = try top.optional("seed")?.integer() ?? 0
        guard seed >= 0 else { throw ConfigError(file: path, path: key("seed"), "must be a non-negative integer, got \(seed)") }
        let batchSize = try top.optional("batch_size")?.positiveInteger(atMost: 1 << 16) ?? 64
        switch objective {
        case .betaTCVAE, .dipVAE, .factorVAE, .barlowTwins:
            // Their terms are batch statistics (a TC estimate, a covariance, a permutation,
            // a cross-correlation): one sample gives nothing meaningful.
            guard batchSize >= 2 else {
                throw ConfigError(file: path, path: key("batch_size"), "this objective estimates batch statistics and needs batch_size of at least 2, got \(batchSize)")
            }
        default:
            break
        }
        return TrainConfig(
            file: path, dataset: dataset, features: features, preset: preset, architecture: architecture,
            objective: objective,
            latents: try top.optional("latents")?.positiveInteger(atMost: 4096) ?? 10,
            batchSize: batchSize,
            steps: steps, epochs: epochs, learningRate: lr, seed: UInt64(seed),
            checkpointEvery: try top.optional("checkpoint_every")?.positiveInteger() ?? 1000)
    }

    /// The `objective:` mapping: `name` and that objective's keys only.
    static func readObjective(_ reader: ConfigReader) throws -> VAEObjective {
        let object = try reader.object(allowed: ["name", "beta", "gamma", "alpha", "c_max", "anneal_steps", "sampling",
                                                 "lambda_od", "lambda_d", "lambda", "projector", "time_mask",
                                                 "frequency_mask", "gain", "noise", "time_shift"])
        let name = try object.required("name").choice(VAEObjective.names)
        func number(_ key: String, _ fallback: Double) throws -> Double {
            guard let r = object.optional(key) else { return fallback }
            let v = try r.double()
            guard v.isFinite, v >= 0 else { throw r.error("must be a finite non-negative number, got \(v)") }
            return v
        }
        let allowed: [String]
        let objective: VAEObjective
        switch name {
        case "vae":
            allowed = ["name"]
            objective = .vae
        case "beta-vae":
            allowed = ["name", "beta"]
            objective = .betaVAE(beta: try number("beta", 4))
        case "annealed-vae":
            allowed = ["name", "gamma", "c_max", "anneal_steps"]
            objective = .annealedVAE(gamma: try number("gamma", 1000), cMax: try number("c_max", 25),
                                     steps: try object.optional("anneal_steps")?.positiveInteger() ?? 100_000)
        case "beta-tcvae":
            allowed = ["name", "alpha", "beta", "gamma", "sampling"]
            let sampling = TCSampling(rawValue: try object.optional("sampling")?.choice(TCSampling.allCases.map(\.rawValue)) ?? "mss") ?? .stratified
            objective = .betaTCVAE(alpha: try number("alpha", 1), beta: try number("beta", 6), gamma: try number("gamma", 1),
                                   sampling: sampling, datasetSize: 1)
        case "dip-vae-i", "dip-vae-ii":
            allowed = ["name", "lambda_od", "lambda_d"]
            let kind: DIPKind = name == "dip-vae-i" ? .i : .ii
            objective = .dipVAE(kind: kind, lambdaOffDiagonal: try number("lambda_od", kind == .i ? 10 : 1),
                                lambdaDiagonal: try number("lambda_d", kind == .i ? 100 : 1))
        case "barlow-twins", "mbt":
            allowed = ["name", "lambda", "projector", "time_mask", "frequency_mask", "gain", "noise", "time_shift"]
            var projector = [256, 256, 256]
            if let r = object.optional("projector") {
                projector = try r.list().map { try $0.positiveInteger(atMost: 1 << 14) }
            }
            let fallback = SpectrogramAugmentation()
            func count(_ key: String, _ value: Int) throws -> Int {
                guard let r = object.optional(key) else { return value }
                let v = try r.integer()
                guard v >= 0, v <= 1 << 16 else { throw r.error("must be an integer from 0 to 65536, got \(v)") }
                return v
            }
            let augmentation = SpectrogramAugmentation(
                timeMask: try count("time_mask", fallback.timeMask), frequencyMask: try count("frequency_mask", fallback.frequencyMask),
                gain: try number("gain", fallback.gain), noise: try number("noise", fallback.noise),
                timeShift: try count("time_shift", fallback.timeShift))
            objective = .barlowTwins(BarlowTwinsSettings(normalizeEmbeddings: name == "mbt", lambda: try number("lambda", 5e-3),
                                                         projector: projector, augmentation: augmentation))
        default:
            allowed = ["name", "gamma"]
            objective = .factorVAE(gamma: try number("gamma", 10))
        }
        for (key, _) in object.pairs where !allowed.contains(key) {
            throw ConfigError(file: reader.file, path: object.path(of: key),
                              "unknown key for objective \(name) (allowed: \(allowed.joined(separator: ", ")))")
        }
        return objective
    }
}
