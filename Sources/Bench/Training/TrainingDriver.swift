import DSP
import Foundation
import Neural
import SynCore
import SynData

/// What a finished run wrote.
public struct TrainingSummary: Sendable {
    /// The output folder.
    public var folder: String
    /// Updates taken in total.
    public var steps: Int
    /// The step the run started from (0, or the checkpoint's with `--resume`).
    public var startStep: Int
    /// Loss of the first and last step of this invocation.
    public var firstLoss: Double?, lastLoss: Double?
}

/// `synbench train`: featurise (or load) the data, train, checkpoint, log, and write `codes.npy`.
///
/// The output folder holds `log.csv` (step, loss, reconstruction, kl, kl_0..kl_{L-1}, tc; for
/// Barlow Twins and MBT step, loss, invariance, redundancy),
/// `checkpoint.safetensors` (weights, Adam moments, step and stream seeds in `__metadata__`),
/// `model.safetensors` (weights only, PyTorch state-dict names), `codes.npy` at the end, and
/// `features.npy` when the features were computed from a dataset folder.
public enum TrainingDriver {
    /// Runs `configPath` into `out` on `jobs` threads (feature extraction, Neural's batch loops
    /// and matrix products, OpenBLAS single-threaded inside them; the results do not depend on
    /// it). Everything about the config
    /// and the model's fit to the features is checked before anything is written.
    ///
    /// - Throws: ``ConfigError``, ``InputError``, ``NeuralShapeError``, ``SafeTensorsError`` or
    ///   ``CheckpointMismatchError`` for bad input (exit 2); ``NonFiniteLossError`` when the loss
    ///   stops being finite (exit 1); ``InterruptedError`` on SIGINT/SIGTERM with `handleSignals`.
    @discardableResult
    public static func run(configPath: String, out: String, resume: Bool, quiet: Bool, handleSignals: Bool = false,
                           jobs: Int = 2) throws -> TrainingSummary {
        var config = try TrainConfig.load(path: configPath)
        NeuralThreads.count = jobs
        // Neural cuts large products into blocks for its own threads (NeuralThreads.productBlocks):
        // faster than OpenBLAS's threads waking, spinning and yielding around each product.
        NeuralThreads.blasCount = 1
        let base = URL(fileURLWithPath: configPath).deletingLastPathComponent().path
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : base + "/" + p }
        config.dataset = config.dataset.map(resolve)
        config.features = config.features.map(resolve)
        let checkpoint = out + "/checkpoint.safetensors"
        if resume {
            guard FileOps.exists(checkpoint).exists else { throw InputError("--resume: no checkpoint at \(checkpoint)") }
        } else if FileOps.exists(checkpoint).exists {
            throw InputError("\(out) already holds a run (checkpoint.safetensors); use --resume or another --out")
        }
        // Check the architecture against the feature shape before writing anything.
        let features: FeatureMatrix
        if let path = config.features {
            features = try FeatureMatrix(npy: path)
        } else {
            let h = config.preset.melCount, w = config.preset.frameCount
            var rng = Xoshiro256StarStar(seed: 0)
            do { _ = try GaussianVAE(config.architecture, latent: config.latents, height: h, width: w, rng: &rng) } catch let error as NeuralShapeError {
                throw NeuralShapeError("architecture \(config.architecture.rawValue) does not fit preset \(config.preset.name) features [N, 1, \(h), \(w)]: \(error.description)")
            }
            guard let dataset = config.dataset else { throw InputError("\(configPath): no dataset") }
            let plan = try DatasetVerifier.readPlan(folder: dataset)
            guard plan.itemCount >= config.batchSize else {
                throw InputError("\(config.file): batch_size \(config.batchSize) is larger than the dataset (\(plan.itemCount) items in \(dataset))")
            }
            try FileOps.makeDirectory(out)
            let path = out + "/features.npy"
            if !(resume && FileOps.exists(path).exists) {
                try DatasetFeatures.extract(folder: dataset, to: path,
                                            options: FeatureOptions(preset: config.preset, jobs: jobs, quiet: quiet),
                                            handleSignals: handleSignals)
            }
            features = try FeatureMatrix(npy: path)
        }
        let run = try TrainingRun(config: config, features: features)
        run.featureRecipe = FeatureRecipe(sidecar: DatasetFeatures.sidecarPath(for: config.features ?? out + "/features.npy"))
        if resume { try run.restore(checkpoint: checkpoint) }
        try FileOps.makeDirectory(out)

        let logPath = out + "/log.csv"
        let selfSupervised = run.objective.isSelfSupervised
        var header = "step,loss,reconstruction,kl"
        for j in 0..<config.latents { header += ",kl_\(j)" }
        header += ",tc\n"
        if selfSupervised { header = "step,loss,invariance,redundancy\n" }
        var logText = header
        if resume, let existing = try? FileOps.readText(logPath) {
            // Keep the rows up to the checkpoint's step; later ones are retrained.
            logText = existing.split(separator: "\n", omittingEmptySubsequences: true).enumerated().compactMap { k, line in
                if k == 0 { return String(line) + "\n" }
                guard let s = Int(line.prefix { $0 != "," }), s <= run.step else { return nil }
                return String(line) + "\n"
            }.joined()
        }
        try FileOps.writeAtomically(logText, to: logPath)
        let log = try PosixFile(appendingAt: logPath)

        if handleSignals { InterruptSignal.install() }
        defer { if handleSignals { InterruptSignal.uninstall() } }
        let startStep = run.step
        let progress = ProgressReporter(label: "samples", total: (run.totalSteps - startStep) * config.batchSize, quiet: quiet)
        var firstLoss: Double?, lastLoss: Double?
        var lastCheckpoint: String? = resume ? checkpoint : nil
        var pending = ""
        while run.step < run.totalSteps {
            if let signal = InterruptSignal.received {
                progress.finish()
                try log.append(Array(pending.utf8))
                throw InterruptedError(signal: signal, message: "interrupted at step \(run.step); resume from \(lastCheckpoint ?? "the start") with --resume")
            }
            let entry = run.trainStep()
            let badParameter = entry.loss.isFinite ? run.nonFiniteParameter : nil
            guard entry.loss.isFinite, badParameter == nil else {
                progress.finish()
                try log.append(Array(pending.utf8))
                throw NonFiniteLossError(step: entry.step, loss: entry.loss, checkpoint: lastCheckpoint, parameter: badParameter,
                                         largestLogVariance: run.largestLogVarianceOfLastBatch)
            }
            if firstLoss == nil { firstLoss = entry.loss }
            lastLoss = entry.loss
            var row = "\(entry.step),\(entry.loss),\(entry.reconstruction),\(entry.kl)"
            for v in entry.klPerLatent { row += ",\(v)" }
            row += "," + (entry.totalCorrelation.map { "\($0)" } ?? "") + "\n"
            if selfSupervised { row = "\(entry.step),\(entry.loss),\(entry.invariance ?? .nan),\(entry.redundancy ?? .nan)\n" }
            pending += row
            progress.advance(config.batchSize)
            if run.step % config.checkpointEvery == 0 || run.step == run.totalSteps {
                try log.append(Array(pending.utf8))
                pending = ""
                try run.writeCheckpoint(folder: out)
                lastCheckpoint = checkpoint
            }
        }
        progress.finish()
        try log.append(Array(pending.utf8))
        if !FileOps.exists(checkpoint).exists || startStep == run.totalSteps { try run.writeCheckpoint(folder: out) }
        let codes = run.codes()
        try FileOps.writeAtomically(NpyWriter.data(codes, shape: [features.count, config.latents]), to: out + "/codes.npy")
        return TrainingSummary(folder: out, steps: run.step, startStep: startStep, firstLoss: firstLoss, lastLoss: lastLoss)
    }
}
