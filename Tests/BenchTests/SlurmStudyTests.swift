import Foundation
import SynCore
import Testing
@testable import Bench

/// The SLURM cluster this machine submits to, when there is one: `sbatch`, `squeue` and
/// `scancel` on PATH and `sinfo` answering with a node that takes jobs. CI starts a one-node
/// cluster (`scripts/ci-start-slurm.sh`); elsewhere the test that needs it is skipped and says
/// why.
enum SlurmCluster {
    /// The first SLURM command missing from PATH, or nil when all are there. Cheap, so it can
    /// name the missing tool in the skip message, which is built when the tests are listed.
    static let missingTool: String? = ["sbatch", "squeue", "scancel", "sinfo"].first { path(of: $0) == nil }

    /// Whether `sinfo` answers with a node that takes jobs. Asked only when the test is about
    /// to run (a condition, not the message), because with SLURM configured but its controller
    /// down sinfo retries for about 10 s, which every filtered test run would pay otherwise.
    static let nodeTakesJobs: Bool = {
        guard missingTool == nil,
              let sinfo = try? run("sinfo", ["--noheader", "--responding", "--format=%T"], timeout: 30),
              sinfo.status == 0, !sinfo.timedOut else { return false }
        let states = sinfo.standardOutput.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return states.contains { state in ["idle", "mix", "alloc", "completing"].contains { state.hasPrefix($0) } }
    }()

    /// `name`'s path in the first PATH folder that has it.
    static func path(of name: String) -> String? {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// What a finished (or stopped) command printed and returned.
    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
        /// The command was still running at its deadline and was terminated.
        var timedOut: Bool
    }

    /// Runs the SLURM tool `name` with `arguments` and `environment` (default: ours), stopped
    /// after `timeout` seconds. The streams go through files, so a chatty command cannot stall
    /// on a full pipe while we poll it.
    static func run(_ name: String, _ arguments: [String], environment: [String: String]? = nil,
                    timeout: Double) throws -> Run {
        guard let executable = path(of: name) else { throw InputError("no \(name) on PATH") }
        let base = NSTemporaryDirectory() + "synbench-\(name)-\(UUID().uuidString)"
        let out = base + ".stdout", err = base + ".stderr"
        defer {
            try? FileManager.default.removeItem(atPath: out)
            try? FileManager.default.removeItem(atPath: err)
        }
        _ = FileManager.default.createFile(atPath: out, contents: nil)
        _ = FileManager.default.createFile(atPath: err, contents: nil)
        let outHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
        let errHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: err))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        let timedOut = process.isRunning
        if timedOut { process.terminate() }
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Run(status: process.terminationStatus, standardOutput: try String(contentsOfFile: out, encoding: .utf8),
                   standardError: try String(contentsOfFile: err, encoding: .utf8), timedOut: timedOut)
    }
}

/// `scripts/cluster/bench-array.sbatch` and `bench-gather.sbatch` on a real SLURM cluster, as
/// the README submits them: a two-task array of shards, then the gather job after it, give the
/// same results.csv (timing rows aside) and summary.md as one unsharded run.
@Suite struct SlurmStudyTests {
    /// The package's `scripts/cluster` folder.
    static var scripts: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/cluster").path
    }

    @Test("an sbatch array of shards plus the gather job equals one unsharded run",
          .enabled(if: SlurmCluster.missingTool == nil,
                   Comment(rawValue: "no \(SlurmCluster.missingTool ?? "") on PATH: SLURM is not installed (CI=true make test installs it and starts a one-node cluster)")),
          .enabled(if: SlurmCluster.nodeTakesJobs,
                   "sinfo does not answer with a SLURM node that takes jobs: no slurmctld or slurmd is running (CI=true make test starts a one-node cluster)"))
    func arrayJobEqualsOneRun() throws {
        let folder = NSTemporaryDirectory() + "synbench-slurm-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/logs", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let studies = StudyTests()
        let study = try studies.writeStudy(folder: folder, methods: """
          - name: vae
            objective: {name: vae}
          - name: beta-vae
            objective: {name: beta-vae, beta: 4}
        """)
        let synbench = try SynbenchProcess.executable()
        // The jobs inherit this environment (sbatch's default --export=ALL). SLURM_* and
        // SBATCH_* variables of an enclosing job (a CI runner that is itself a SLURM job) would
        // override the array's own, so they are left out.
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("SLURM_") && !$0.key.hasPrefix("SBATCH_") }
        environment["SYNBENCH"] = synbench.path
        environment["PATH"] = synbench.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        // One name for both jobs, so whatever is left when the test stops early is cancelled.
        let name = "synbench-test-\(UUID().uuidString.prefix(8))"
        defer { _ = try? SlurmCluster.run("scancel", ["--name=\(name)"], timeout: 30) }
        let out = folder + "/sharded"
        let deadline = Date().addingTimeInterval(400)
        func logs() -> String {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: folder + "/logs").sorted()) ?? []
            return files.map { "\($0): " + ((try? String(contentsOfFile: "\(folder)/logs/\($0)", encoding: .utf8)) ?? "") }
                .joined(separator: "\n")
        }
        // Submits a job and returns its id.
        func submit(_ arguments: [String]) throws -> String {
            let run = try SlurmCluster.run("sbatch", ["--parsable", "--job-name=\(name)", "--chdir=\(folder)"] + arguments,
                                           environment: environment, timeout: 60)
            // --parsable prints "id" or "id;cluster".
            let id = run.standardOutput.split(whereSeparator: \.isNewline).first?.split(separator: ";").first.map(String.init) ?? ""
            guard run.status == 0, !id.isEmpty else { throw InputError("sbatch \(arguments): \(run.status) \(run.standardError)") }
            return id
        }
        // Waits until job `id` (every task of an array) has left the queue and returns
        // "STATE EXIT" of each task. squeue is polled twice a second rather than `sbatch --wait`
        // used, because sbatch --wait checks at growing intervals: the array and the gather
        // took 84 s that way here against 30 s polled. Finished jobs stay in `scontrol show
        // job` for MinJobAge (300 s by default).
        func wait(_ id: String) throws -> [String] {
            while Date() < deadline {
                let queue = try SlurmCluster.run("squeue", ["--noheader", "--jobs=\(id)", "--format=%T"], timeout: 30)
                if queue.status == 0, queue.standardOutput.allSatisfy(\.isWhitespace) { break }
                // A job purged from the controller's memory has finished too.
                if queue.status != 0, queue.standardError.contains("Invalid job id") { break }
                Thread.sleep(forTimeInterval: 0.5)
            }
            let show = try SlurmCluster.run("scontrol", ["--oneliner", "show", "job", id], timeout: 30)
            return show.standardOutput.split(whereSeparator: \.isNewline).map { line in
                let fields = line.split(separator: " ")
                let state = fields.first { $0.hasPrefix("JobState=") }?.dropFirst("JobState=".count) ?? "?"
                let exit = fields.first { $0.hasPrefix("ExitCode=") }?.dropFirst("ExitCode=".count) ?? "?"
                return "\(state) \(exit)"
            }
        }

        let start = Date()
        let arrayID = try submit(["--array=0-1", "--output=\(folder)/logs/array-%A_%a.out", Self.scripts + "/bench-array.sbatch", study, out])
        let tasks = try wait(arrayID)
        try #require(tasks == ["COMPLETED 0:0", "COMPLETED 0:0"], "array job \(arrayID): \(tasks)\n\(logs())")
        for task in 0..<2 {
            #expect(FileManager.default.fileExists(atPath: "\(folder)/logs/array-\(arrayID)_\(task).out"), "array task \(task) did not run")
        }
        #expect(!FileManager.default.fileExists(atPath: out + "/results.csv"), "a shard must not write results")

        let gatherID = try submit(["--dependency=afterok:\(arrayID)", "--output=\(folder)/logs/gather-%j.out",
                                   Self.scripts + "/bench-gather.sbatch", study, out])
        let gather = try wait(gatherID)
        try #require(gather == ["COMPLETED 0:0"], "gather job \(gatherID): \(gather)\n\(logs())")
        let cluster = Date().timeIntervalSince(start)

        let whole = try SynbenchProcess.run(["bench", study, "--out", folder + "/whole", "--jobs", "1", "--threads", "1", "--quiet"],
                                            capture: .standardError)
        try #require(whole.status == 0, "\(whole.output)")
        let rows = try studies.results(folder + "/whole")
        let cells = Set(rows.dropFirst().map { $0.split(separator: ",").prefix(4).joined(separator: ",") })
        #expect(cells.count == 4, "\(cells)")
        #expect(try studies.results(out) == rows)
        #expect(try String(contentsOfFile: out + "/summary.md", encoding: .utf8)
                == String(contentsOfFile: folder + "/whole/summary.md", encoding: .utf8))
        print("SLURM array of 2 shards and the gather job: \(String(format: "%.1f", cluster)) s")
    }
}
