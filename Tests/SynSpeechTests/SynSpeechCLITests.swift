import Foundation
import Testing
import SynCore
import SynData
@testable import SynSpeech

/// SynSpeech through the built `synbench` executable (found next to the test bundle in the
/// build products folder): synspeech-tiny with its TextGrids and tracks is byte-identical over
/// `--jobs` and merged shards, an interrupted run resumes to the same bytes and verifies, `info`
/// reads it, and bad SynSpeech input is one line on stderr, exit 2, nothing written.
@Suite(.serialized) struct SynSpeechCLITests {
    /// A finished run of the executable.
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// A running `synbench`; its output goes to files in `folder`, so nothing blocks on a pipe.
    final class Run {
        let process = Process()
        let stdoutPath: String, stderrPath: String

        init(_ arguments: [String], logs folder: String) throws {
            let id = UUID().uuidString
            stdoutPath = folder + "/\(id).out"
            stderrPath = folder + "/\(id).err"
            _ = FileManager.default.createFile(atPath: stdoutPath, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrPath, contents: nil)
            process.executableURL = URL(fileURLWithPath: SynSpeechCLITests.executable)
            process.arguments = arguments
            process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: stdoutPath))
            process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: stderrPath))
            try process.run()
        }

        /// Waits for the exit and reads what was printed.
        func wait() -> Outcome {
            process.waitUntilExit()
            func text(_ path: String) -> String { String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self) }
            return Outcome(status: process.terminationStatus, stdout: text(stdoutPath), stderr: text(stderrPath))
        }
    }

    /// `synbench` in the folder of the running test binary (above an .xctest bundle on macOS).
    static var executable: String {
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        while ["xctest", "Contents", "MacOS"].contains(where: { dir.lastPathComponent.hasSuffix($0) }) {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("synbench").path
    }

    /// Runs `synbench arguments` to the end.
    static func synbench(_ arguments: [String], logs: String) throws -> Outcome {
        try Run(arguments, logs: logs).wait()
    }

    static let tiny = SynSpeechDatasetTests.preset("synspeech-tiny")

    /// Every file of a dataset folder with its bytes, for byte-identity (the logs are elsewhere).
    static func tree(_ folder: String) -> [String: Data] { SynSpeechDatasetTests.contents(folder) }

    @Test func executableIsBuilt() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable),
                "synbench not found at \(Self.executable); build the package first")
    }

    @Test func tinyIsIdenticalOverJobsAndMergedShardsAndInfoReadsIt() throws {
        let tmp = SynSpeechDatasetTests.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let logs = tmp + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        for jobs in ["1", "2"] {
            let r = try Self.synbench(["generate", Self.tiny, "--out", tmp + "/j\(jobs)", "--jobs", jobs, "--quiet"], logs: logs)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let whole = Self.tree(tmp + "/j1")
        #expect(whole.keys.filter { $0.hasPrefix("textgrid/") }.count == 12)
        #expect(whole.keys.filter { $0.hasPrefix("tracks/") }.count == 12)
        #expect(whole["SHA256SUMS"] != nil && whole["SHA256SUMS"] == Self.tree(tmp + "/j2")["SHA256SUMS"])
        #expect(Self.tree(tmp + "/j2") == whole)
        for i in 0..<2 {
            let r = try Self.synbench(["generate", Self.tiny, "--out", tmp + "/s\(i)", "--shard", "\(i)/2", "--quiet"], logs: logs)
            #expect(r.status == 0, "\(r.stderr)")
        }
        let m = try Self.synbench(["merge", tmp + "/m", tmp + "/s0", tmp + "/s1", "--quiet"], logs: logs)
        #expect(m.status == 0, "\(m.stderr)")
        #expect(Self.tree(tmp + "/m") == whole)
        let v = try Self.synbench(["verify", tmp + "/m", "--quiet"], logs: logs)
        #expect(v.status == 0 && v.stdout.hasPrefix("ok: "), "\(v.stdout) \(v.stderr)")
        let info = try Self.synbench(["info", tmp + "/m"], logs: logs)
        #expect(info.status == 0, "\(info.stderr)")
        for part in ["12 items", "textgrid/NNN/NNNNNN.TextGrid", "tracks/NNN/NNNNNN.npy",
                     "text (categorical index): 3 values: The dog ran to the park.", "style (categorical): 2 values: default, whispering"] {
            #expect(info.stdout.contains(part), "info lacks \(part): \(info.stdout)")
        }
    }

    /// Items finished by the run in `out`, from its resume journal: per item 32 bytes for the
    /// audio and 32 for each of `sideFiles` files, zero until the item's files are written.
    static func finishedItems(_ out: String, sideFiles: Int) -> Int {
        guard let data = FileManager.default.contents(atPath: out + "/.synbench-partial/hashes.bin") else { return 0 }
        let slot = 32 * (1 + sideFiles)
        return stride(from: 0, to: data.count - slot + 1, by: slot).filter { i in
            stride(from: i, to: i + slot, by: 32).allSatisfy { j in data[j..<j + 32].contains { $0 != 0 } }
        }.count
    }

    /// synspeech-tiny with 8 texts (32 utterances) so a run lasts long enough to be stopped,
    /// rendered on one job, interrupted with SIGINT once a few items are written, then rerun:
    /// only whole files are left, the rerun keeps them, and the result verifies and equals an
    /// uninterrupted run byte for byte, TextGrids and tracks included.
    @Test func interruptedRunWithSideFilesResumesByteIdentical() throws {
        let tmp = SynSpeechDatasetTests.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let logs = tmp + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        let config = tmp + "/interrupt.yaml"
        let text = try String(contentsOfFile: Self.tiny, encoding: .utf8)
        #expect(text.contains("values: [0, 1, 2]\n"))
        try text.replacingOccurrences(of: "values: [0, 1, 2]\n", with: "linear: {start: 0, stop: 7, count: 8}\n")
            .replacingOccurrences(of: "name: synspeech-tiny", with: "name: interrupt")
            .write(toFile: config, atomically: true, encoding: .utf8)
        let reference = try Self.synbench(["generate", config, "--out", tmp + "/ref", "--quiet"], logs: logs)
        #expect(reference.status == 0, "\(reference.stderr)")

        let out = tmp + "/run"
        let run = try Run(["generate", config, "--out", out, "--jobs", "1"], logs: logs)
        let deadline = Date().addingTimeInterval(60)
        while run.process.isRunning, Date() < deadline, Self.finishedItems(out, sideFiles: 2) < 3 { usleep(2000) }
        #expect(run.process.isRunning, "the run finished before it could be interrupted")
        kill(run.process.processIdentifier, SIGINT)
        let stopped = run.wait()
        #expect(stopped.status == 128 + SIGINT, "exit \(stopped.status): \(stopped.stderr)")
        #expect(stopped.stderr.contains("run the same command again to resume"), "\(stopped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/dataset.json"))
        let done = Self.finishedItems(out, sideFiles: 2)
        #expect(done >= 3 && done < 32, "\(done) items finished")
        let left = Self.tree(out).keys.filter { !$0.hasPrefix(".synbench-partial/") }
        #expect(!left.contains { $0.hasSuffix(".partial") }, "temporary files left: \(left.sorted())")
        for (folder, ext) in [("audio", ".wav"), ("textgrid", ".TextGrid"), ("tracks", ".npy")] {
            #expect(left.filter { $0.hasPrefix(folder + "/") && $0.hasSuffix(ext) }.count == done, "\(folder): \(left.sorted())")
        }

        let again = try Self.synbench(["generate", config, "--out", out, "--jobs", "2"], logs: logs)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("(kept \(done) from an earlier run)"), "\(again.stderr)")
        let v = try Self.synbench(["verify", out, "--quiet"], logs: logs)
        #expect(v.status == 0, "\(v.stdout) \(v.stderr)")
        let expected = Self.tree(tmp + "/ref")
        #expect(expected.keys.filter { $0.hasPrefix("textgrid/") }.count == 32)
        #expect(Self.tree(out) == expected)
    }

    /// The bad inputs of issue 7 through the CLI: one line on stderr naming the config key,
    /// exit 2, no output folder.
    @Test func badSpeechInputExitsTwoWithOneLineAndWritesNothing() throws {
        let tmp = SynSpeechDatasetTests.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let logs = tmp + "/logs"
        try FileManager.default.createDirectory(atPath: logs, withIntermediateDirectories: true)
        try Data([0x57, 0x65, 0x20, 0xe9, 0x74, 0xe9, 0x0a]).write(to: URL(fileURLWithPath: tmp + "/latin1.txt"))
        let base = "generator: synspeech\nspeakers: 2\n"
        let text = "factors:\n  - name: text\n    values: [0]\n"
        let cases: [(String, String, String)] = [
            ("unknown-word", base + "texts: [\"the zorpish dog\"]\n" + text, "texts[0]: unknown word \"zorpish\"; nearest lexicon entries: "),
            ("unknown-phoneme", base + "texts: [\"the zorp dog\"]\nlexicon: {zorp: Z AO1 R Q}\n" + text, "lexicon: pronunciation of \"zorp\": unknown phoneme \"Q\""),
            ("empty-texts", base + "texts: []\n" + text, "texts: must not be empty"),
            ("not-utf8", base + "texts: {file: latin1.txt}\n" + text, "texts.file: latin1.txt: the text list is not UTF-8"),
            ("too-many-speakers", "generator: synspeech\nspeakers: 100001\n" + text, "speakers: must be at most 100000"),
            ("f0-at-8k", base + "sample_rate: 8000\nfactors:\n  - name: f0\n    values: [120, 500]\n", "factors[0].values[1]: f0 500 Hz is at or above fs/20 = 400 Hz at sample_rate 8000"),
            ("short-tract-at-8k", base + "sample_rate: 8000\nfactors:\n  - name: vocal_tract_length\n    values: [11]\n", "factors[0].values[0]: vocal_tract_length 11 cm scales the 2850 Hz formant target of G"),
            ("style-field", base + "styles: {sad: {speed: 2}}\n" + text, "styles.sad.speed: unknown key (allowed here: f0_shift_semitones,"),
            ("style-value", base + "styles: {sad: {rate_scale: -1}}\n" + text, "styles.sad.rate_scale: -1 must be a number in 0.25...4"),
            ("f0-contour-at-8k", base + "sample_rate: 8000\nconstants: {vowel: AA}\nduration: 2\nfactors:\n  - name: f0\n    values: [390]\n  - name: intonation_slope\n    values: [0, 48]\n", "factors[1]"),
            ("pseudo-count", base + "texts: {pseudo: 0}\n" + text, "texts.pseudo: must be"),
            ("aspiration-range", base + "factors:\n  - name: aspiration\n    values: [90]\n", "factors[0].values[0]: aspiration must be in 0...80, got 90"),
        ]
        for (name, yaml, expected) in cases {
            let file = tmp + "/\(name).yaml"
            try yaml.write(toFile: file, atomically: true, encoding: .utf8)
            let r = try Self.synbench(["generate", file, "--out", tmp + "/out-\(name)", "--quiet"], logs: logs)
            #expect(r.status == 2, "\(name): exit \(r.status) \(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1, "\(name): \(r.stderr)")
            #expect(r.stderr.hasPrefix("error: \(file): \(expected)"), "\(name): \(r.stderr)")
            if name == "f0-contour-at-8k" { #expect(r.stderr.contains("the F0 contour reaches"), "\(r.stderr)") }
            #expect(!FileManager.default.fileExists(atPath: tmp + "/out-\(name)"), "\(name) wrote output")
        }
    }
}
