import Foundation
import SynCore
import Testing
@testable import Bench

/// `synbench bench`: finished cells are not rerun, an interrupted study resumes to the same
/// results, shards plus `--report-only` equal one run, and bad input is refused before work.
@Suite(.serialized) struct StudyTests {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "synbench-study-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A 24-tone dataset config and a study on it; returns the study's path.
    func writeStudy(folder: String, name: String = "tiny-study", steps: Int = 12, methods: String? = nil,
                    seeds: String = "[0, 1]", extra: String = "") throws -> String {
        let dataset = TrainingTestSupport.syntoneGrid(name: "tones", factors: """
          - name: waveform
            values: [sine, sawtooth]
          - name: amplitude
            linear: {start: 0.3, stop: 1.0, count: 2}
          - name: frequency
            log: {start: 200, stop: 1200, count: 6}
        """)
        try dataset.write(toFile: folder + "/tones.yaml", atomically: true, encoding: .utf8)
        let study = """
        name: \(name)
        datasets: [tones.yaml]
        cache: data
        preset: paper
        architecture: syntone-paper
        latents: 3
        batch_size: 8
        steps: \(steps)
        lr: 0.001
        checkpoint_every: 2
        seeds: \(seeds)
        metrics: [mig, sap]
        methods:
        \(methods ?? """
          - name: vae
            objective: {name: vae}
          - name: beta-vae
            objective: {name: beta-vae, beta: [2, 8]}
        """)
        \(extra)
        """
        try study.write(toFile: "\(folder)/\(name).yaml", atomically: true, encoding: .utf8)
        return "\(folder)/\(name).yaml"
    }

    func bench(_ arguments: [String], wait: Bool = true) throws -> (status: Int32, stderr: String, process: Process) {
        let run = try SynbenchProcess.run(["bench"] + arguments, capture: .standardError, wait: wait)
        return (run.status, run.output, run.process)
    }

    /// results.csv without the rows that time the machine.
    func results(_ out: String) throws -> [String] {
        try String(contentsOfFile: out + "/results.csv", encoding: .utf8).split(separator: "\n").map(String.init)
            .filter { line in !CellScores.timingNames.contains { line.contains(",train.\($0),") } }
    }

    /// Every file under `folder/cells` with its modification time.
    func cellFiles(_ out: String) throws -> [String: Date] {
        var files: [String: Date] = [:]
        let root = out + "/cells"
        for path in FileManager.default.enumerator(atPath: root)?.compactMap({ $0 as? String }) ?? [] {
            let attributes = try FileManager.default.attributesOfItem(atPath: root + "/" + path)
            if attributes[.type] as? FileAttributeType == .typeRegular { files[path] = attributes[.modificationDate] as? Date }
        }
        return files
    }

    @Test func finishedCellsAreKeptAndShardsEqualOneRun() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let study = try writeStudy(folder: folder)
        let whole = try bench([study, "--out", folder + "/whole", "--jobs", "2", "--threads", "2", "--quiet"])
        #expect(whole.status == 0, "\(whole.stderr)")
        let rows = try results(folder + "/whole")
        // 3 settings x 2 seeds, each with mig, sap, probes and training rows.
        let cells = Set(rows.dropFirst().map { $0.split(separator: ",").prefix(4).joined(separator: ",") })
        #expect(cells.count == 6, "\(cells)")
        for name in ["summary.md", "results.json", "report.html"] {
            #expect(FileManager.default.fileExists(atPath: "\(folder)/whole/\(name)"), "\(name) missing")
        }

        // Finished cells are not run again: no cell file changes.
        let before = try cellFiles(folder + "/whole")
        Thread.sleep(forTimeInterval: 1.1)
        let again = try bench([study, "--out", folder + "/whole", "--quiet"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try cellFiles(folder + "/whole") == before)

        // Two shards, then --report-only, give the same results and summary.
        for shard in ["0/2", "1/2"] {
            // One thread per cell, as in the whole run (two cells side by side on two threads).
            let part = try bench([study, "--out", folder + "/sharded", "--shard", shard, "--jobs", "1", "--threads", "1", "--quiet"])
            #expect(part.status == 0, "\(part.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/sharded/results.csv"), "a shard must not write results")
        let gathered = try bench([study, "--out", folder + "/sharded", "--report-only", "--quiet"])
        #expect(gathered.status == 0, "\(gathered.stderr)")
        #expect(try results(folder + "/sharded") == rows)
        #expect(try String(contentsOfFile: folder + "/sharded/summary.md", encoding: .utf8)
                == String(contentsOfFile: folder + "/whole/summary.md", encoding: .utf8))

        // A cell that fails (here: its checkpoint is not a safetensors file, so its resume
        // exits 2) is listed in summary.md, and its row names the seeds its means are over.
        let vae = folder + "/whole/cells/tones/vae"
        let setting = try #require(try FileManager.default.contentsOfDirectory(atPath: vae).first)
        let broken = "\(vae)/\(setting)/seed-1"
        for name in ["scores.json", "training.json"] { try FileManager.default.removeItem(atPath: "\(broken)/\(name)") }
        try "not a checkpoint".write(toFile: broken + "/checkpoint.safetensors", atomically: true, encoding: .utf8)
        let failing = try bench([study, "--out", folder + "/whole", "--quiet"])
        #expect(failing.status == 1, "\(failing.stderr)")
        let summary = try String(contentsOfFile: folder + "/whole/summary.md", encoding: .utf8)
        #expect(summary.contains("**1 cell did not finish**"), "\(summary)")
        #expect(summary.contains("- `cells/tones/vae/\(setting)/seed-1`"), "\(summary)")
        #expect(summary.contains("| vae (seed 0 only) |"), "\(summary)")
        #expect(!summary.contains("| beta-vae (seed"), "\(summary)")
    }

    @Test func interruptedStudyResumesToTheSameResults() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let methods = """
          - name: vae
            objective: {name: vae}
        """
        let study = try writeStudy(folder: folder, steps: 120, methods: methods, seeds: "[3]")
        let whole = try bench([study, "--out", folder + "/whole", "--jobs", "1", "--threads", "1", "--quiet"])
        #expect(whole.status == 0, "\(whole.stderr)")

        let running = try bench([study, "--out", folder + "/killed", "--jobs", "1", "--threads", "1", "--quiet"], wait: false).process
        let cell = folder + "/killed/cells/tones/vae"
        let deadline = Date().addingTimeInterval(120)
        var checkpoint: String?
        while checkpoint == nil, Date() < deadline, running.isRunning {
            let settings = (try? FileManager.default.contentsOfDirectory(atPath: cell)) ?? []
            checkpoint = settings.map { "\(cell)/\($0)/seed-3/checkpoint.safetensors" }.first { FileManager.default.fileExists(atPath: $0) }
            usleep(5000)
        }
        // Kill the cell's child process (the one started with --cell), not the bench itself.
        let children = try childProcesses(of: running.processIdentifier)
        #expect(!children.isEmpty, "no cell process to kill")
        for child in children { kill(child, SIGKILL) }
        running.waitUntilExit()
        #expect(running.terminationStatus == 1, "the bench must report the failed cell")
        #expect(!FileManager.default.fileExists(atPath: folder + "/killed/results.csv"))

        // The resume starts from the checkpoint, not from scratch.
        let killedAt = try #require(checkpoint.flatMap { try? SafeTensors.read(path: $0).metadata["step"] }.flatMap { Int($0) })
        #expect(killedAt > 0 && killedAt < 120, "checkpoint at step \(killedAt)")
        let resumed = try bench([study, "--out", folder + "/killed", "--jobs", "1", "--threads", "1", "--quiet"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(try results(folder + "/killed") == results(folder + "/whole"))
        let timing = try JSONValue.parse(String(contentsOfFile: try #require(checkpoint).replacingOccurrences(of: "checkpoint.safetensors", with: "training.json"), encoding: .utf8))
        #expect(timing["resumed_from_step"]?.integerValue == killedAt)
        let settings = try FileManager.default.contentsOfDirectory(atPath: cell)
        for setting in settings {
            for name in ["model.safetensors", "codes.npy"] {
                let a = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/whole/cells/tones/vae/\(setting)/seed-3/\(name)"))
                let b = try Data(contentsOf: URL(fileURLWithPath: "\(cell)/\(setting)/seed-3/\(name)"))
                #expect(a == b, "\(name) differs after the kill and the resume")
            }
        }
    }

    /// The process ids whose parent is `pid` (from /proc).
    func childProcesses(of pid: Int32) throws -> [Int32] {
        try FileManager.default.contentsOfDirectory(atPath: "/proc").compactMap { Int32($0) }.filter { candidate in
            guard let stat = try? String(contentsOfFile: "/proc/\(candidate)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == pid
        }
    }

    @Test func badInputIsRefusedBeforeAnyWork() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cases: [(methods: String?, extra: String, needle: String)] = [
            ("  - name: vae\n    objective: {name: wae}", "", "objective.name"),
            (nil, "probes: maybe", "probes"),
            ("  - name: vae\n    objective: {name: vae}\n    architecture: burgess64", "", "does not take preset paper"),
            ("  - name: vae\n    objective: {name: vae}\n  - name: vae\n    objective: {name: vae}", "", "names two methods"),
            ("  - name: beta\n    objective: {name: beta-vae, beta: [4, 4]}", "", "resolve to the same values"),
            ("  - name: ..\n    objective: {name: vae}", "", "not starting with '.'"),
            ("  - name: vae\n    objective: {name: vae}\n    batch_size: 64", "", "larger than dataset"),
            (nil, "probe_columns: [gender]", "probe_columns[0]"),
            (nil, "probes: false\nprobe_columns: [gender]", "probes is false"),
        ]
        for (k, c) in cases.enumerated() {
            let study = try writeStudy(folder: folder, name: "bad\(k)", methods: c.methods, extra: c.extra)
            let run = try bench([study, "--out", "\(folder)/out\(k)", "--quiet"])
            #expect(run.status == 2, "case \(k): \(run.stderr)")
            #expect(run.stderr.contains(c.needle), "case \(k): \(run.stderr)")
            #expect(run.stderr.split(separator: "\n").count == 1, "case \(k): \(run.stderr)")
            #expect(!FileManager.default.fileExists(atPath: "\(folder)/out\(k)"), "case \(k) wrote its output folder")
        }
        // An unknown metric.
        let metric = try writeStudy(folder: folder, name: "metric")
        let text = try String(contentsOfFile: metric, encoding: .utf8).replacingOccurrences(of: "[mig, sap]", with: "[mig, gap]")
        try text.write(toFile: metric, atomically: true, encoding: .utf8)
        let unknown = try bench([metric, "--out", folder + "/metric", "--quiet"])
        #expect(unknown.status == 2 && unknown.stderr.contains("metrics[1]"), "\(unknown.stderr)")

        // --report-only with nothing finished.
        let study = try writeStudy(folder: folder)
        let empty = try bench([study, "--out", folder + "/empty", "--report-only", "--quiet"])
        #expect(empty.status == 2 && empty.stderr.contains("no finished cell"), "\(empty.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/empty"))

        // An output folder holding another study: refused, its files untouched.
        try FileManager.default.createDirectory(atPath: folder + "/other/cells/x", withIntermediateDirectories: true)
        let record = #"{"format": "synbench-study-1", "name": "another-study", "config": "x.yaml"}"#
        try record.write(toFile: folder + "/other/study.json", atomically: true, encoding: .utf8)
        let foreign = try bench([study, "--out", folder + "/other", "--quiet"])
        #expect(foreign.status == 2 && foreign.stderr.contains("another-study"), "\(foreign.stderr)")
        #expect(try String(contentsOfFile: folder + "/other/study.json", encoding: .utf8) == record)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/other").sorted() == ["cells", "study.json"])
    }

    /// Every shipped study (configs/bench/*.yaml) reads and checks (objectives, metrics,
    /// architectures against the preset, dataset presets found) with the cells it promises.
    @Test func shippedStudiesRead() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("configs/bench")
        let expected = ["quick.yaml": 4, "syntone-paper.yaml": 12, "syntone-identifiable.yaml": 12, "synspeech-small.yaml": 18]
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(files == expected.keys.sorted())
        for file in files {
            let config = try StudyConfig.load(path: folder.appendingPathComponent(file).path)
            #expect(try StudyCell.all(of: config).count == expected[file], "\(file)")
            #expect(config.datasetPaths.allSatisfy { FileManager.default.fileExists(atPath: $0) })
        }
    }
}
