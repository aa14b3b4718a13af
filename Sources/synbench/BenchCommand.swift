import ArgumentParser
import Bench
import Foundation
import SynCore
import SynData

/// `synbench bench`: a study of methods x settings x seeds x datasets to results and a report.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Run a study (datasets x methods x settings x seeds) to results.csv, summary.md and report.html.",
        discussion: """
        CONFIG names the datasets (presets or config files, generated into the cache
        folder when missing and reused when they verify), the feature preset, the
        methods (objective and hyperparameters; a list value gives one setting per
        element), the training settings, the seeds and the metrics; see
        configs/bench/*.yaml and the README.

        Each cell trains in its own process into OUT/cells/<dataset>/<method>/<setting>/
        seed-<s>/ (checkpoint, log.csv, codes.npy, scores.json). A finished cell
        (scores.json written) is never run again; an interrupted one resumes from its
        checkpoint when the command is run again. --jobs N trains N cells side by side
        with the threads split between them (default: one cell per core). A cell's
        weights and scores do not depend on the thread count.

        --shard I/N runs the cells with index % N == I (--shard auto reads a SLURM
        array's or a Kubernetes indexed Job's variables, as generate does) and writes
        no results; --report-only then gathers the finished cells of every shard into
        results.csv, results.json, summary.md and report.html.

        Examples:
          synbench bench configs/bench/quick.yaml --out runs/quick
          synbench bench configs/bench/syntone-identifiable.yaml --out runs/tones --shard auto
          synbench bench configs/bench/syntone-identifiable.yaml --out runs/tones --report-only
        """)

    @Argument(help: "Study config (YAML).")
    var config: String

    @Option(help: "Output folder (default: runs/<config name>).")
    var out: String?

    @Option(help: "Cells trained side by side (default: one per core).")
    var jobs: Int?

    @Option(help: "Threads in total (default: all cores), split between the cells running side by side.")
    var threads: Int?

    @Option(help: "Run only shard I of N (I/N), or auto (SLURM array / Kubernetes indexed Job).")
    var shard: String?

    @Option(name: .customLong("shard-count"), help: "Number of shards for --shard auto when the scheduler does not say.")
    var shardCount: Int?

    @Flag(name: .customLong("report-only"), help: "Gather the finished cells into the results and the report; train nothing.")
    var reportOnly = false

    @Flag(help: "No progress output.")
    var quiet = false

    @Option(help: .hidden)
    var cell: Int?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1, got \(threads)") }
        if reportOnly && shard != nil { throw ValidationError("--report-only gathers every shard; do not give --shard with it") }
    }

    func run() throws {
        let name = URL(fileURLWithPath: config).deletingPathExtension().lastPathComponent
        // Absolute, so the cells' train.yaml files name the shared features wherever they are read from.
        let folder = URL(fileURLWithPath: out ?? "runs/\(name)").standardizedFileURL.path
        if let cell {
            do {
                try StudyRunner.runCell(configPath: config, out: folder, index: cell, threads: jobs ?? 1, quiet: quiet)
            } catch let error as NonFiniteLossError {
                FileHandle.standardError.write(Data("\(error.description)\n".utf8))
                throw ExitCode(1)
            } catch let error as InterruptedError {
                FileHandle.standardError.write(Data("\(error.message)\n".utf8))
                throw ExitCode(128 + error.signal)
            }
            return
        }
        if let shardCount, shardCount < 1 { throw InputError("--shard-count: must be at least 1, got \(shardCount)") }
        let shardSpec = try shard.flatMap { try ShardSpec.parse($0, autoCount: shardCount) }
        let cores = defaultJobCount
        let options = StudyOptions(out: folder, jobs: jobs ?? cores, threads: threads ?? cores, shard: shardSpec,
                                   reportOnly: reportOnly, quiet: quiet)
        let start = Date()
        let summary = try StudyRunner.run(configPath: config, options: options, executable: Self.executablePath)
        if !quiet {
            let seconds = String(format: "%.0f", Date().timeIntervalSince(start))
            var line = "bench: \(summary.ran) of \(summary.cells) cells run in \(seconds) s"
            if let report = summary.report {
                line += "; \(summary.gathered) finished cells in \(folder)/results.csv, summary.md and \(report)"
            } else if let shardSpec {
                line += " (shard \(shardSpec.index)/\(shardSpec.count)); gather with --report-only"
            }
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
    }

    /// This executable, for the cells' child processes. When the file was replaced while the
    /// study ran (a rebuild), Linux names the old one `PATH (deleted)`; the cells then run the
    /// file now at PATH.
    static var executablePath: String {
        guard let link = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            return URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL.path
        }
        return link.hasSuffix(" (deleted)") ? String(link.dropLast(" (deleted)".count)) : link
    }
}
