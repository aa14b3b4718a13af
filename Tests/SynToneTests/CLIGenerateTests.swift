import Foundation
import Testing
import SynCore
import SynData

/// Runs the built `synbench` executable (found next to the test bundle in the build
/// products folder) and checks exit codes, messages and files.
@Suite(.serialized) struct CLIGenerateTests {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static var executable: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        // macOS runs tests inside an .xctest bundle; the products folder is above it.
        while dir.path.hasSuffix(".xctest") || dir.path.hasSuffix("Contents") || dir.path.hasSuffix("MacOS") {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("synbench").path
    }

    static func start(_ arguments: [String], cwd: String? = nil, environment: [String: String] = [:]) throws -> (Process, Pipe, Pipe) {
        let p = Process()
        if !environment.isEmpty {
            p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        if let cwd { p.currentDirectoryURL = URL(fileURLWithPath: cwd) }
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        return (p, out, err)
    }

    static func finish(_ p: Process, _ out: Pipe, _ err: Pipe) -> Result {
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                      stderr: String(decoding: e, as: UTF8.self))
    }

    static func run(_ arguments: [String], cwd: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let (p, o, e) = try start(arguments, cwd: cwd, environment: environment)
        return finish(p, o, e)
    }

    static let base = "generator: syntone\nduration: 0.05\n"

    @Test func executableIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: CLIGenerateTests.executable),
                "synbench not found at \(CLIGenerateTests.executable); build the package first")
    }

    @Test func badInputExitsTwoWithOneLineAndWritesNothing() throws {
        let tmp = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(tmp) }
        let f1 = "factors:\n  - name: frequency\n    values: [440]\n"
        let cases: [(String, String, String)] = [
            ("unknown-key", CLIGenerateTests.base + "colour: red\n" + f1, "colour: unknown key"),
            ("wrong-type", CLIGenerateTests.base + "factors:\n  - name: frequency\n    values: [440, high]\n", "factors[0].values[1]: must be a number"),
            ("empty-list", CLIGenerateTests.base + "factors:\n  - name: frequency\n    values: []\n", "factors[0].values: must not be empty"),
            ("count-zero", CLIGenerateTests.base + "factors:\n  - name: frequency\n    linear: {start: 100, stop: 200, count: 0}\n", "factors[0].linear.count: must be a positive integer, got 0"),
            ("nyquist", CLIGenerateTests.base + "factors:\n  - name: frequency\n    linear: {start: 440, stop: 8000, count: 400}\n", "factors[0].linear: frequency 8000 Hz is at or above the Nyquist frequency"),
            ("vibrato-nyquist", CLIGenerateTests.base + "constants: {vibrato_rate: 5}\nfactors:\n  - name: frequency\n    values: [7000]\n  - name: vibrato_depth\n    values: [0, 300]\n", "factors[1].values[1]: glide and vibrato reach"),
            ("negative-duration", "generator: syntone\nduration: -1\n" + f1, "duration: duration must be positive"),
            ("zero-duration-factor", CLIGenerateTests.base.replacingOccurrences(of: "duration: 0.05\n", with: "") + "factors:\n  - name: duration\n    values: [0.1, 0]\n", "factors[0].values[1]: duration must be positive"),
            ("sample-rate", CLIGenerateTests.base + "sample_rate: 200000\n" + f1, "sample_rate: must be between 8000 and 192000 Hz, got 200000"),
            ("clipping", CLIGenerateTests.base + "headroom: 1\nfactors:\n  - name: amplitude\n    values: [0.5, 1.5]\n", "headroom: with headroom 1 item 1 (amplitude=1.5)"),
            ("legacy-extra", CLIGenerateTests.base + "oscillator: legacy\nfactors:\n  - name: attack\n    values: [0, 0.01]\n", "factors[0].values[1]: attack is not available in legacy mode"),
        ]
        for (name, yaml, expected) in cases {
            let file = tmp + "/\(name).yaml"
            try yaml.write(toFile: file, atomically: true, encoding: .utf8)
            let r = try CLIGenerateTests.run(["generate", file, "--out", tmp + "/out-\(name)", "--quiet"])
            #expect(r.status == 2, "\(name): exit \(r.status) \(r.stderr)")
            let lines = r.stderr.split(separator: "\n")
            #expect(lines.count == 1, "\(name): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: \(file): \(expected)"), "\(name): \(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: tmp + "/out-\(name)"), "\(name) wrote output")
        }
        // Missing config, a folder as config, an output path that is a file, --shard 3/2.
        let good = tmp + "/good.yaml"
        try (CLIGenerateTests.base + f1).write(toFile: good, atomically: true, encoding: .utf8)
        try Data([1]).write(to: URL(fileURLWithPath: tmp + "/afile"))
        let more: [([String], String)] = [
            (["generate", tmp + "/missing.yaml", "--out", tmp + "/o1"], "error: \(tmp)/missing.yaml: no such config file"),
            (["generate", tmp, "--out", tmp + "/o2"], "error: \(tmp): is a folder, not a config file"),
            (["generate", good, "--out", tmp + "/afile"], "error: \(tmp)/afile: exists and is a file"),
            (["generate", good, "--out", tmp + "/o3", "--shard", "3/2"], "error: --shard 3/2: the index must be in 0..1"),
        ]
        for (args, expected) in more {
            let r = try CLIGenerateTests.run(args + ["--quiet"])
            #expect(r.status == 2 && r.stderr.hasPrefix(expected) && r.stderr.split(separator: "\n").count == 1, "\(args): \(r.status) \(r.stderr)")
        }
        for o in ["o1", "o2", "o3"] { #expect(!FileManager.default.fileExists(atPath: tmp + "/" + o)) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: tmp + "/afile")) == Data([1]))
        if getuid() != 0 {
            try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: good)
            let r = try CLIGenerateTests.run(["generate", good, "--out", tmp + "/o4"])
            #expect(r.status == 2 && r.stderr.contains("cannot read"), "\(r.stderr)")
        }
    }

    @Test func jobsAndShardsGiveIdenticalBytes() throws {
        let tmp = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(tmp) }
        let file = tmp + "/tiny.yaml"
        try (CLIGenerateTests.base + "name: tiny\nfactors:\n  - name: waveform\n    values: [sine, triangle, sawtooth, square]\n  - name: frequency\n    log: {start: 200, stop: 3000, count: 5}\n")
            .write(toFile: file, atomically: true, encoding: .utf8)
        for j in ["1", "2"] {
            let r = try CLIGenerateTests.run(["generate", file, "--out", tmp + "/j\(j)", "--jobs", j, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            // At 3000 Hz (>= cutoff/3 = 2560 Hz) sine, triangle and square reduce to the
            // fundamental; the other four frequencies (<= 1525 Hz) keep their harmonics.
            #expect(r.stderr == "warning: not identifiable from the audio: waveform for 3 of 20 items (15.0 %) (details under \"identifiability\" in dataset.json)\n")
        }
        let reference = DatasetFixtures.treeDigest(tmp + "/j1")
        #expect(DatasetFixtures.treeDigest(tmp + "/j2") == reference)
        // Shard 0 explicitly, shard 1 as task 2 of a 1-based SLURM array (#SBATCH --array=1-2)
        // would run it (--shard auto, and the default folder data/<name>-shard-1-of-2 under
        // the working directory).
        let r0 = try CLIGenerateTests.run(["generate", file, "--out", tmp + "/s0", "--shard", "0/2", "--quiet"])
        #expect(r0.status == 0, "\(r0.stderr)")
        let r1 = try CLIGenerateTests.run(["generate", file, "--shard", "auto", "--quiet"], cwd: tmp,
                                          environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "2",
                                                        "SLURM_ARRAY_TASK_STEP": "1", "SLURM_ARRAY_TASK_COUNT": "2"])
        #expect(r1.status == 0, "\(r1.stderr)")
        try FileManager.default.moveItem(atPath: tmp + "/data/tiny-shard-1-of-2", toPath: tmp + "/s1")
        let k8s = try CLIGenerateTests.run(["generate", file, "--shard", "auto", "--out", tmp + "/k", "--quiet"],
                                           environment: ["JOB_COMPLETION_INDEX": "1", "SYNBENCH_SHARD_COUNT": "2"])
        #expect(k8s.status == 0, "\(k8s.stderr)")
        #expect(DatasetFixtures.treeDigest(tmp + "/k") == DatasetFixtures.treeDigest(tmp + "/s1"))
        let m = try CLIGenerateTests.run(["merge", tmp + "/m", tmp + "/s0", tmp + "/s1", "--quiet"])
        #expect(m.status == 0, "\(m.stderr)")
        #expect(DatasetFixtures.treeDigest(tmp + "/m") == reference)
        let v = try CLIGenerateTests.run(["verify", tmp + "/m", "--quiet"])
        #expect(v.status == 0 && v.stdout.hasPrefix("ok: "), "\(v.stdout)")
        let info = try CLIGenerateTests.run(["info", tmp + "/m"])
        #expect(info.status == 0 && info.stdout.contains("20 items") && info.stdout.contains("identifiability: waveform"), "\(info.stdout)")
    }

    @Test func verifyNamesACorruptedFileAndExitsOne() throws {
        let tmp = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(tmp) }
        let file = tmp + "/tiny.yaml"
        try (CLIGenerateTests.base + "factors:\n  - name: frequency\n    values: [300, 600, 900]\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try CLIGenerateTests.run(["generate", file, "--out", tmp + "/d", "--quiet"]).status == 0)
        let victim = tmp + "/d/audio/000/000001.wav"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: victim))
        bytes[100] ^= 0x40
        try bytes.write(to: URL(fileURLWithPath: victim))
        let r = try CLIGenerateTests.run(["verify", tmp + "/d", "--quiet"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("bad: audio/000/000001.wav: SHA-256 does not match"), "\(r.stdout)")
        #expect(!r.stdout.contains("000000.wav") && !r.stdout.contains("000002.wav"))
    }

    /// `info` converted identifiability counts with Int(Double): 1e300 trapped the process.
    @Test func infoOnHugeIdentifiabilityCountExitsTwoWithOneLine() throws {
        let tmp = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(tmp) }
        let file = tmp + "/tiny.yaml"
        try (CLIGenerateTests.base + "factors:\n  - name: waveform\n    values: [sine, square]\n").write(toFile: file, atomically: true, encoding: .utf8)
        #expect(try CLIGenerateTests.run(["generate", file, "--out", tmp + "/d", "--quiet"]).status == 0)
        let manifest = tmp + "/d/dataset.json"
        let text = try String(contentsOfFile: manifest, encoding: .utf8)
        let json = try JSONValue.parse(text)
        guard case let .object(pairs) = json else { Issue.record("dataset.json is not an object"); return }
        for bad in ["1e300", "-3", "0.5"] {
            let report = JSONValue.object([("waveform", .object([("unidentifiable", try JSONValue.parse(bad)), ("total", .integer(2))]))])
            let changed = JSONValue.object(pairs.map { $0.0 == "identifiability" ? ($0.0, report) : $0 })
            try changed.serialized(indent: 2).write(toFile: manifest, atomically: true, encoding: .utf8)
            let r = try CLIGenerateTests.run(["info", tmp + "/d"])
            #expect(r.status == 2, "\(bad): exit \(r.status) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stderr.contains("dataset.json: 'identifiability.waveform.unidentifiable' must be a whole number"), "\(r.stderr)")
        }
    }

    /// A frequency above 0 but far below 1 Hz asked the band-limited series for more harmonics
    /// than an Int holds (a trap in Int(Double)) or memory holds; it is a config error now.
    @Test func subHertzFrequencyIsAConfigError() throws {
        let tmp = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(tmp) }
        for (name, value) in [("tiny", "1e-300"), ("small", "1e-06"), ("low", "0.1")] {
            let file = tmp + "/\(name).yaml"
            try (CLIGenerateTests.base + "factors:\n  - name: frequency\n    values: [440, \(value)]\n").write(toFile: file, atomically: true, encoding: .utf8)
            let r = try CLIGenerateTests.run(["generate", file, "--out", tmp + "/out-\(name)", "--quiet"])
            #expect(r.status == 2, "\(name): exit \(r.status) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
            #expect(r.stderr.contains("factors[0].values[1]: frequency \(value) Hz is too low for the band-limited oscillator"), "\(r.stderr)")
            #expect(!FileManager.default.fileExists(atPath: tmp + "/out-\(name)"))
        }
    }

    @Test func presetsResolveByNameAndHelpHasExamples() throws {
        let tmp = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(tmp) }
        // Run from a folder without configs/: the preset is found above the executable.
        let r = try CLIGenerateTests.run(["generate", "syntone-small", "--limit", "2", "--out", tmp + "/p", "--quiet"], cwd: tmp)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOfFile: tmp + "/p/metadata.csv", encoding: .utf8).split(separator: "\n").count == 3)
        for command in ["generate", "verify", "info", "merge"] {
            let h = try CLIGenerateTests.run([command, "--help"])
            #expect(h.status == 0 && h.stdout.contains("Example"), "\(command) --help")
        }
    }

    /// Items the run in `out` has finished, from its resume journal (32 bytes per item).
    static func journalCount(_ out: String) -> Int {
        guard let data = FileManager.default.contents(atPath: out + "/.synbench-partial/hashes.bin") else { return 0 }
        let bytes = [UInt8](data)
        return stride(from: 0, to: bytes.count - 31, by: 32).filter { i in bytes[i..<i + 32].contains { $0 != 0 } }.count
    }

    /// Starts a run, stops it with `signal` once some items exist, checks that only complete
    /// files remain and the message says how to resume, reruns, and compares with `reference`.
    func interruptAndResume(signal: Int32, config: String, tmp: String, reference: String, npy: Bool = false) throws {
        let out = tmp + "/run-\(signal)-\(npy)"
        let (p, o, e) = try CLIGenerateTests.start(["generate", config, "--out", out, "--jobs", "2"])
        let deadline = Date().addingTimeInterval(60)
        while p.isRunning, Date() < deadline, CLIGenerateTests.journalCount(out) < 10 { usleep(10_000) }
        #expect(p.isRunning, "the run finished before it could be interrupted; make the test config larger")
        kill(p.processIdentifier, signal)
        let r = CLIGenerateTests.finish(p, o, e)
        #expect(r.status == 128 + signal, "exit \(r.status): \(r.stderr)")
        #expect(r.stderr.contains("run the same command again to resume"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/dataset.json"))
        let done = CLIGenerateTests.journalCount(out)
        #expect(done >= 10 && done < 400)
        if npy {
            // Rows go to a preallocated file in the partial folder until every row is written.
            #expect(!FileManager.default.fileExists(atPath: out + "/waveforms.npy"))
            #expect(FileManager.default.fileExists(atPath: out + "/.synbench-partial/waveforms.npy"))
        } else {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: out + "/audio/000")) ?? []
            let wavs = files.filter { $0.hasSuffix(".wav") }
            #expect(!files.contains { $0.hasSuffix(".partial") }, "temporary files left: \(files)")
            #expect(wavs.count == done, "\(wavs.count) files, \(done) recorded")
            for name in wavs {
                let size = (try FileManager.default.attributesOfItem(atPath: out + "/audio/000/" + name)[.size] as? NSNumber)?.intValue
                #expect(size == 44 + 4000 * 2, "\(name) is incomplete")
            }
        }
        let again = try CLIGenerateTests.run(["generate", config, "--out", out])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("(kept \(done) from an earlier run)"), "\(again.stderr)")
        #expect(try CLIGenerateTests.run(["verify", out, "--quiet"]).status == 0)
        #expect(DatasetFixtures.treeDigest(out) == reference)
    }

    /// SIGKILL gives the run no chance to clean up: temporary files and the journal stay as
    /// they were; the rerun resumes from them and the result is byte-identical.
    @Test(arguments: [false, true])
    func killedRunResumesByteIdentical(npy: Bool) throws {
        let tmp = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(tmp) }
        let config = tmp + "/kill.yaml"
        var edits = [("duration: 1.0", "duration: 0.25"), ("name: syntone-small", "name: kill")]
        if npy { edits += [("format: pcm16", "format: float32"), ("layout: files", "layout: npy")] }
        try DatasetFixtures.presetText("syntone-small", edits).write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try CLIGenerateTests.run(["generate", config, "--out", tmp + "/ref", "--quiet"]).status == 0)
        let out = tmp + "/run"
        let (p, o, e) = try CLIGenerateTests.start(["generate", config, "--out", out, "--jobs", "2"])
        let deadline = Date().addingTimeInterval(60)
        while p.isRunning, Date() < deadline, CLIGenerateTests.journalCount(out) < 10 { usleep(10_000) }
        #expect(p.isRunning, "the run finished before it could be killed; make the test config larger")
        kill(p.processIdentifier, SIGKILL)
        _ = CLIGenerateTests.finish(p, o, e)
        #expect(!FileManager.default.fileExists(atPath: out + "/dataset.json"))
        let again = try CLIGenerateTests.run(["generate", config, "--out", out])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("from an earlier run)"), "\(again.stderr)")
        #expect(try CLIGenerateTests.run(["verify", out, "--quiet"]).status == 0)
        #expect(DatasetFixtures.treeDigest(out) == DatasetFixtures.treeDigest(tmp + "/ref"))
    }

    @Test func interruptedNpyRunResumesByteIdentical() throws {
        let tmp = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(tmp) }
        let config = tmp + "/interrupt-npy.yaml"
        try DatasetFixtures.presetText("syntone-small", [("duration: 1.0", "duration: 0.25"), ("format: pcm16", "format: float32"),
                                                         ("layout: files", "layout: npy")])
            .write(toFile: config, atomically: true, encoding: .utf8)
        #expect(try CLIGenerateTests.run(["generate", config, "--out", tmp + "/ref", "--quiet"]).status == 0)
        try interruptAndResume(signal: SIGINT, config: config, tmp: tmp, reference: DatasetFixtures.treeDigest(tmp + "/ref"), npy: true)
    }

    @Test func interruptedRunsResumeByteIdentical() throws {
        let tmp = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(tmp) }
        let config = tmp + "/interrupt.yaml"
        // 400 quarter-second tones: long enough to interrupt, quick to finish.
        try DatasetFixtures.presetText("syntone-small", [("duration: 1.0", "duration: 0.25"), ("name: syntone-small", "name: interrupt")])
            .write(toFile: config, atomically: true, encoding: .utf8)
        let ref = try CLIGenerateTests.run(["generate", config, "--out", tmp + "/ref", "--quiet"])
        #expect(ref.status == 0, "\(ref.stderr)")
        let reference = DatasetFixtures.treeDigest(tmp + "/ref")
        try interruptAndResume(signal: SIGINT, config: config, tmp: tmp, reference: reference)
        try interruptAndResume(signal: SIGTERM, config: config, tmp: tmp, reference: reference)
        // A different config into the same folder is refused, naming the difference.
        let other = tmp + "/other.yaml"
        try String(contentsOfFile: config, encoding: .utf8).replacingOccurrences(of: "seed: 0", with: "seed: 1")
            .write(toFile: other, atomically: true, encoding: .utf8)
        let r = try CLIGenerateTests.run(["generate", other, "--out", tmp + "/ref", "--quiet"])
        #expect(r.status == 2 && r.stderr.contains("config.seed: 0 in the folder, 1 now"), "\(r.stderr)")
        #expect(DatasetFixtures.treeDigest(tmp + "/ref") == reference)
    }
}
