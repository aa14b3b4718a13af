import Foundation
import SynCore
import SynData

/// How `synbench bench` runs a study.
public struct StudyOptions: Sendable {
    /// The output folder.
    public var out: String
    /// Cells trained side by side (each a child process).
    public var jobs: Int
    /// Threads in total, split between the cells running side by side.
    public var threads: Int
    /// Run only this shard's cells (`cell % count == index`); results and report are then left
    /// to `--report-only`.
    public var shard: ShardSpec?
    /// Gather finished cells into results and report without training.
    public var reportOnly: Bool
    /// No progress output.
    public var quiet: Bool

    /// Makes the options.
    public init(out: String, jobs: Int, threads: Int, shard: ShardSpec? = nil, reportOnly: Bool = false, quiet: Bool = false) {
        self.out = out
        self.jobs = jobs
        self.threads = threads
        self.shard = shard
        self.reportOnly = reportOnly
        self.quiet = quiet
    }
}

/// A cell's child process that did not finish.
public struct CellFailure: Error, CustomStringConvertible {
    /// The failed cells' folders and exit statuses.
    public var failures: [(folder: String, status: Int32)]
    public var description: String {
        let list = failures.map { "\($0.folder) (exit \($0.status))" }.joined(separator: ", ")
        return "\(failures.count) cell\(failures.count == 1 ? "" : "s") did not finish: \(list); rerun the same command to resume them"
    }
}

/// What a bench run did.
public struct StudySummary: Sendable {
    /// Cells of the study (all shards).
    public var cells: Int
    /// Cells this invocation ran (trained or resumed).
    public var ran: Int
    /// Finished cells gathered into the results (0 when a shard ran without gathering).
    public var gathered: Int
    /// The report's path, when written.
    public var report: String?
}

/// `synbench bench`: the cells of a study, each trained and scored in its own child process,
/// then the results and the report (`specs/bench.md`).
public enum StudyRunner {
    /// The file naming the study an output folder holds.
    static let studyFile = "study.json"

    /// Runs (or, with `reportOnly`, gathers) the study of `configPath`.
    ///
    /// - Parameter executable: the `synbench` executable the cells run in.
    /// - Throws: ``ConfigError`` or ``InputError`` for bad input (exit 2, before any cell
    ///   starts); ``CellFailure`` when a cell's process fails (exit 1; rerunning resumes).
    @discardableResult
    public static func run(configPath: String, options: StudyOptions, executable: String) throws -> StudySummary {
        let config = try StudyConfig.load(path: configPath)
        let cells = try StudyCell.all(of: config)
        // Every dataset's plan is surveyed and checked against the settings before anything
        // is written.
        let plans = options.reportOnly ? nil : try StudyDatasets.plans(config)
        try claim(out: options.out, study: config, reportOnly: options.reportOnly)
        let datasets = try StudyDatasets.prepare(config, plans: plans, out: options.out, jobs: options.threads, quiet: options.quiet)
        var ran = 0
        var failure: CellFailure?
        if !options.reportOnly {
            let mine = cells.filter { cell in options.shard.map { cell.index % $0.count == $0.index } ?? true }
            let pending = mine.filter { !FileOps.exists("\(options.out)/\($0.relativeFolder)/scores.json").exists }
            do {
                try runChildren(pending, total: cells.count, configPath: configPath, options: options, executable: executable)
            } catch let error as CellFailure {
                failure = error
            }
            ran = pending.count
            if options.shard != nil {
                if let failure { throw failure }
                return StudySummary(cells: cells.count, ran: ran, gathered: 0, report: nil)
            }
        }
        // The finished cells are gathered even when others failed, so one cell that fails the
        // same way every time does not hide the rest.
        let gathered = try StudyResults.gather(cells: cells, out: options.out)
        if gathered.isEmpty, let failure { throw failure }
        guard !gathered.isEmpty else {
            throw InputError("\(options.out): no finished cell of study \(config.name) to report (run synbench bench without --report-only first)")
        }
        let summary = StudyResults.summarize(gathered)
        let unfinished = cells.filter { !FileOps.exists("\(options.out)/\($0.relativeFolder)/scores.json").exists }
        try StudyResults.write(gathered, summary: summary, unfinished: unfinished, config: config, datasets: datasets, out: options.out)
        let report = try StudyReportBuilder.write(gathered, entries: summary, config: config, datasets: datasets, out: options.out, quiet: options.quiet)
        if let failure { throw failure }
        return StudySummary(cells: cells.count, ran: ran, gathered: gathered.count, report: report)
    }

    /// Runs one cell in this process (the child `synbench bench --cell K` starts).
    public static func runCell(configPath: String, out: String, index: Int, threads: Int, quiet: Bool) throws {
        let config = try StudyConfig.load(path: configPath)
        let cells = try StudyCell.all(of: config)
        guard cells.indices.contains(index) else {
            throw InputError("--cell: \(index) is not a cell of \(config.name) (0..<\(cells.count))")
        }
        let cell = cells[index]
        let datasets = try StudyDatasets.prepare(config, plans: nil, out: out, jobs: threads, quiet: true)
        guard let dataset = datasets.first(where: { $0.label == cell.dataset }), FileOps.exists(dataset.features).exists else {
            throw InputError("\(out): the features of \(cell.dataset) are missing; run the study without --cell")
        }
        try CellRunner.run(cell, dataset: dataset, config: config, out: out, threads: threads, quiet: quiet)
    }

    /// Makes `out` this study's folder, or refuses one holding another study.
    static func claim(out: String, study: StudyConfig, reportOnly: Bool) throws {
        let path = out + "/" + studyFile
        if FileOps.exists(path).exists {
            let json = try JSONValue.parse(try FileOps.readText(path))
            guard let name = json["name"]?.stringValue else {
                throw InputError("\(path): not a synbench study file (no name)")
            }
            guard name == study.name else {
                throw InputError("\(out): holds the cells of study '\(name)', not '\(study.name)'; use another --out")
            }
            return
        }
        if FileOps.exists(out + "/cells").exists {
            throw InputError("\(out): holds cells but no \(studyFile) (another tool's or a damaged study); use another --out")
        }
        if reportOnly {
            throw InputError("\(out): no finished cell to report (no \(studyFile)); run synbench bench without --report-only first")
        }
        try FileOps.makeDirectory(out)
        let record = JSONValue.object([("format", .string("synbench-study-1")), ("name", .string(study.name)),
                                       ("config", .string(study.file))])
        try FileOps.writeAtomically(record.serialized(indent: 2) + "\n", to: path)
    }

    /// Runs `cells` as child processes, `options.jobs` at a time, each with its share of the
    /// threads. Waits for all; throws ``CellFailure`` naming those that failed.
    static func runChildren(_ cells: [StudyCell], total: Int, configPath: String, options: StudyOptions, executable: String) throws {
        guard !cells.isEmpty else { return }
        let side = max(1, min(options.jobs, cells.count))
        // Threads per cell follow the options alone, not how many cells are left, so the cells'
        // speed does not change as the queue empties.
        let threads = max(1, options.threads / max(1, options.jobs))
        var queue = cells[...]
        var running: [(cell: StudyCell, process: Process, start: Date)] = []
        var failures: [(folder: String, status: Int32)] = []
        var done = 0
        func log(_ line: String) {
            if !options.quiet { FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        // SIGINT and SIGTERM (Ctrl-C, `kill`, a scheduler's stop) are passed to the cells, which
        // stop at their next step with their checkpoints, and the bench waits for them.
        InterruptSignal.install()
        defer { InterruptSignal.uninstall() }
        while !queue.isEmpty || !running.isEmpty {
            if let signal = InterruptSignal.received {
                queue.removeAll()
                for child in running where child.process.isRunning { kill(child.process.processIdentifier, signal) }
                for child in running { child.process.waitUntilExit() }
                throw InterruptedError(signal: signal, message: "bench interrupted; \(running.count) running cell\(running.count == 1 ? "" : "s") stopped at their checkpoints; rerun the same command to resume")
            }
            while running.count < side, let cell = queue.popFirst() {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = ["bench", configPath, "--out", options.out, "--cell", "\(cell.index)",
                                     "--jobs", "\(threads)", "--quiet"]
                process.standardOutput = FileHandle.nullDevice
                try process.run()
                running.append((cell, process, Date()))
            }
            if let k = running.firstIndex(where: { !$0.process.isRunning }) {
                let finished = running.remove(at: k)
                finished.process.waitUntilExit()
                done += 1
                let seconds = String(format: "%.0f", Date().timeIntervalSince(finished.start))
                if finished.process.terminationStatus == 0 {
                    log("bench: [\(done)/\(cells.count)] \(finished.cell.relativeFolder) finished in \(seconds) s")
                } else {
                    failures.append((finished.cell.relativeFolder, finished.process.terminationStatus))
                    log("bench: [\(done)/\(cells.count)] \(finished.cell.relativeFolder) FAILED (exit \(finished.process.terminationStatus))")
                }
            } else {
                usleep(20_000)
            }
        }
        if !failures.isEmpty { throw CellFailure(failures: failures) }
    }
}
