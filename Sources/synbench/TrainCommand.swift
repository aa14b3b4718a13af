import ArgumentParser
import Bench
import Foundation
import DSP
import SynCore
import SynData

/// `synbench train`: train a VAE-family model from a YAML config.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a VAE-family or Barlow Twins model on a dataset's log-mel features.",
        discussion: """
        Config keys (see configs/train/*.yaml and the README): dataset, features,
        preset, architecture (syntone-paper, burgess64, mlp), objective (name: vae,
        beta-vae, annealed-vae, beta-tcvae, dip-vae-i, dip-vae-ii, factor-vae,
        barlow-twins, mbt, and its hyperparameters), latents, batch_size, steps or epochs, lr, seed,
        checkpoint_every.

        DIR receives log.csv, checkpoint.safetensors (weights, Adam moments, step),
        model.safetensors (weights only, PyTorch names), codes.npy (posterior means of
        every item in dataset order) and features.npy when featurised here.
        --resume continues from DIR's checkpoint and ends with the same weights as an
        uninterrupted run. A non-finite loss stops the run (exit 1) naming the step;
        the last good checkpoint stays. Bad config or checkpoint: exit 2.

        Example:
          synbench train configs/train/beta-vae.yaml --out runs/beta-vae
        """)

    @Argument(help: "Training config (YAML).")
    var config: String

    @Flag(help: "Continue from the checkpoint in the output folder.")
    var resume = false

    @Option(help: "Output folder (default: runs/<config name>).")
    var out: String?

    @OptionGroup var work: WorkOptions

    func run() throws {
        let name = URL(fileURLWithPath: config).deletingPathExtension().lastPathComponent
        let folder = out ?? "runs/\(name)"
        do {
            let summary = try TrainingDriver.run(configPath: config, out: folder, resume: resume, quiet: work.quiet,
                                                 handleSignals: true, jobs: work.jobCount)
            if !work.quiet {
                let losses = [summary.firstLoss, summary.lastLoss].map { $0.map { String(format: "%.4g", $0) } ?? "-" }
                FileHandle.standardError.write(Data("trained steps \(summary.startStep)..\(summary.steps) (loss \(losses[0]) -> \(losses[1])); wrote \(folder)/codes.npy\n".utf8))
            }
        } catch let error as NonFiniteLossError {
            FileHandle.standardError.write(Data("\(error.description)\n".utf8))
            throw ExitCode(1)
        } catch let error as InterruptedError {
            FileHandle.standardError.write(Data("\(error.message)\n".utf8))
            throw ExitCode(128 + error.signal)
        }
    }
}

/// `synbench encode`: posterior means (and optionally every encoder layer) of a dataset.
struct EncodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encode",
        abstract: "Encode a dataset with a trained encoder: posterior means as float32 [N, latent].",
        discussion: """
        CKPT is a checkpoint.safetensors or model.safetensors written by synbench
        train. DATASET is a dataset folder (featurised with the preset that gives the
        checkpoint's input shape and the normalisation fitted on its training
        features, as recorded in the checkpoint) or a features .npy. --layers DIR writes one
        float32 [N, features] .npy per encoder layer, named <index>_<layer>.npy.

        Example:
          synbench encode runs/beta-vae/model.safetensors data/syntone-small --out z.npy
        """)

    @Argument(help: "Checkpoint (.safetensors).")
    var checkpoint: String

    @Argument(help: "Dataset folder or features .npy.")
    var dataset: String

    @Option(help: "Output .npy of the posterior means.")
    var out: String

    @Option(help: "Folder for one .npy per encoder layer.")
    var layers: String?

    @OptionGroup var work: WorkOptions

    func run() throws {
        try DatasetFeatures.checkOutput(out)
        let encoder = try CheckpointEncoder(path: checkpoint)
        let features = try encoder.features(for: dataset, scratchFolder: URL(fileURLWithPath: out).deletingLastPathComponent().path,
                                            jobs: work.jobCount, quiet: work.quiet)
        let result = encoder.encode(features, layers: layers != nil)
        if let layers {
            try FileOps.makeDirectory(layers)
            for layer in result.layers {
                try FileOps.writeAtomically(NpyWriter.data(layer.values, shape: [features.count, layer.width]), to: "\(layers)/\(layer.name).npy")
            }
        }
        try FileOps.writeAtomically(NpyWriter.data(result.codes, shape: [features.count, encoder.model.latent]), to: out)
    }
}
