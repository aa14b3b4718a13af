import ArgumentParser
import Foundation
import SynCore
import SynData
import Bench

/// `synbench generate`: renders a dataset from a config or preset.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Render a dataset from a YAML config or a preset name.",
        discussion: """
        CONFIG is a YAML file or a preset name (a file in configs/: syntone,
        syntone-small, syntone-identifiable, syntone-legacy, syntone-rich,
        synspeech-tiny, synspeech-small, synspeech-medium, synspeech-large,
        synspeech-vowels, synspeech-intelligibility). Presets are looked up in
        $SYNBENCH_CONFIGS, ./configs, then configs/ above the synbench executable.

        Output (default ./data/<name>, or ./data/<name>-shard-I-of-N for a shard):
        dataset.json, metadata.csv, factors.npy, factor_values.npy, SHA256SUMS and
        audio/NNN/NNNNNN.wav (or waveforms.npy with layout: npy). Rerunning the same
        command into an interrupted folder resumes it; the result is byte-identical to
        an uninterrupted run.

        --shard auto inside a SLURM array renders shard (SLURM_ARRAY_TASK_ID - MIN) /
        STEP of SLURM_ARRAY_TASK_COUNT (or (MAX - MIN) / STEP + 1), from the
        SLURM_ARRAY_TASK_* variables, so --array=0-3, --array=1-4 and --array=0-6:2
        all make shards 0..3 of 4; an irregular list such as --array=1,2,5 is refused
        (use --shard I/N). In a Kubernetes indexed Job it reads JOB_COMPLETION_INDEX
        with the count from --shard-count or SYNBENCH_SHARD_COUNT. Join shard folders
        with `synbench merge`.

        Examples:
          synbench generate syntone-small --out /tmp/tones
          synbench generate configs/syntone.yaml --jobs 2 --seed 7
          synbench generate syntone --shard 0/4 --out /scratch/syntone-0
          synbench generate syntone --shard auto   (job script: #SBATCH --array=1-4)
        """)

    @Argument(help: "Config file or preset name.")
    var config: String

    @Option(help: "Output folder (default ./data/<name>).")
    var out: String?

    @Option(help: "Seed of the item streams (overrides the config's seed).")
    var seed: UInt64?

    @OptionGroup var work: WorkOptions

    @Option(help: "Render only shard I of N (I/N), or auto (SLURM array / Kubernetes indexed Job).")
    var shard: String?

    @Option(name: .customLong("shard-count"), help: "Number of shards for --shard auto when the scheduler does not say.")
    var shardCount: Int?

    @Option(help: "Render only the first N items (for tries and tests).")
    var limit: Int?

    func run() throws {
        if let limit, limit < 1 { throw InputError("--limit: must be at least 1, got \(limit)") }
        if let shardCount, shardCount < 1 { throw InputError("--shard-count: must be at least 1, got \(shardCount)") }
        if let seed, seed > UInt64(Int.max) { throw InputError("--seed: must be at most \(Int.max), got \(seed)") }
        let shardSpec = try shard.flatMap { try ShardSpec.parse($0, autoCount: shardCount) }
        let path = try PresetLocator.resolve(config)
        let generator = try GeneratorRegistry.builtIn.load(path: path, seed: seed)
        let jobCount = work.jobCount
        let plan = try DatasetSurvey.plan(for: generator, limit: limit, jobs: jobCount)
        let folder = out ?? "data/\(plan.name)" + (shardSpec.map { "-shard-\($0.label)" } ?? "")

        // Refuse a bad output folder before printing anything else (errors are one line).
        _ = try DatasetFolder(path: folder, plan: plan, shard: shardSpec)
        if let warning = GeneratorRegistry.identifiabilityWarning(plan) {
            FileHandle.standardError.write(Data((warning + "\n").utf8))
        }
        let start = Date()
        let summary: RenderSummary
        do {
            summary = try DatasetRenderer.run(generator: generator, plan: plan, out: folder,
                                              options: RenderOptions(jobs: jobCount, shard: shardSpec, quiet: work.quiet))
        } catch let error as InterruptedError {
            FileHandle.standardError.write(Data("\(error.message)\n".utf8))
            throw ExitCode(128 + error.signal)
        }
        if !work.quiet {
            let kept = summary.kept > 0 ? " (kept \(summary.kept) from an earlier run)" : ""
            let what = shardSpec.map { "shard \($0.index)/\($0.count) of " } ?? ""
            let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
            FileHandle.standardError.write(Data("wrote \(what)\(plan.name) to \(folder): \(summary.rendered) items rendered\(kept) in \(seconds) s\n".utf8))
        }
    }
}
