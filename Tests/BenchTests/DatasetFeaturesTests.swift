import DSP
import Foundation
import SynCore
import SynData
import Testing
@testable import Bench

/// `synbench features` on tiny SynTone datasets: shape, determinism across thread counts,
/// fitting of variable-length items, the recorded normalisation, and bad input.
@Suite(.serialized) struct DatasetFeaturesTests {
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "synbench-features-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Renders a SynTone dataset from `yaml` into `folder/data`.
    static func generate(_ yaml: String, in folder: String) throws -> String {
        let config = folder + "/config.yaml"
        try yaml.write(toFile: config, atomically: true, encoding: .utf8)
        let generator = try GeneratorRegistry.builtIn.load(path: config)
        let plan = try DatasetSurvey.plan(for: generator, jobs: 2)
        let out = folder + "/data"
        _ = try DatasetRenderer.run(generator: generator, plan: plan, out: out,
                                options: RenderOptions(jobs: 2, quiet: true, handleSignals: false))
        return out
    }

    /// 2 waveforms x 3 amplitudes x 2 frequencies = 12 one-second tones at 16 kHz.
    static let fixedYAML = """
        generator: syntone
        name: tiny
        sample_rate: 16000
        duration: 1.0
        format: pcm16
        layout: files
        factors:
          - name: waveform
            values: [sine, square]
          - name: amplitude
            values: [0.25, 0.5, 1.0]
          - name: frequency
            values: [220, 880]

        """

    /// Tones of 0.25 s and 1.5 s: ragged waveforms.npy with offsets.npy.
    static let raggedYAML = """
        generator: syntone
        name: ragged
        sample_rate: 16000
        format: float32
        layout: npy
        factors:
          - name: frequency
            values: [300, 1200]
          - name: duration
            values: [0.25, 1.5]

        """

    static func floats(_ path: String) throws -> (shape: [Int], values: [Double]) {
        let a = try NpyArray(contentsOf: URL(fileURLWithPath: path))
        #expect(a.dtype == .float32)
        return (a.shape, a.doubles())
    }

    static func sidecar(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func fixedLengthFilesDatasetIsDeterministicForAnyJobCount() throws {
        let tmp = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let data = try Self.generate(Self.fixedYAML, in: tmp)
        var bytes: [Data] = []
        for (jobs, name) in [(1, "a"), (2, "b"), (2, "c")] {
            let out = tmp + "/\(name).npy"
            let summary = try DatasetFeatures.extract(folder: data, to: out, options: FeatureOptions(preset: .paper, jobs: jobs))
            #expect(summary.shape == [12, 1, 128, 32])
            #expect(summary.paddedFrames.allSatisfy { $0 == 0 } && summary.croppedFrames.allSatisfy { $0 == 0 })
            bytes.append(try Data(contentsOf: URL(fileURLWithPath: out)))
            #expect(!FileManager.default.fileExists(atPath: FileOps.temporaryName(for: out)))
        }
        #expect(bytes[0] == bytes[1] && bytes[1] == bytes[2])
        let (shape, values) = try Self.floats(tmp + "/a.npy")
        #expect(shape == [12, 1, 128, 32])
        #expect(values.min() == 0 && values.max() == 1)
        // The amplitude factor survives a dataset-wide normalisation: within each waveform and
        // frequency, louder items have a larger mean feature (by about 6 dB per doubling).
        let per = 128 * 32
        func mean(_ i: Int) -> Double { values[(i * per)..<((i + 1) * per)].reduce(0, +) / Double(per) }
        for waveform in 0..<2 {
            for frequency in 0..<2 {
                let items = (0..<3).map { waveform * 6 + $0 * 2 + frequency }
                #expect(mean(items[0]) < mean(items[1]) && mean(items[1]) < mean(items[2]))
            }
        }
        let json = try Self.sidecar(tmp + "/a.json")
        #expect(json["shape"] as? [Int] == [12, 1, 128, 32])
        let norm = try #require(json["normalization"] as? [String: Any])
        #expect(norm["kind"] as? String == "minmax")
        #expect((norm["min"] as? Double).map { $0 >= -100 && $0 < 0 } == true)
        #expect(json["padded_frames"] as? [Int] == [Int](repeating: 0, count: 12))
    }

    @Test func raggedItemsAreFittedAndTheirPaddingRecorded() throws {
        let tmp = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let data = try Self.generate(Self.raggedYAML, in: tmp)
        for fit in FeatureFit.allCases {
            let out = tmp + "/\(fit.rawValue).npy"
            let summary = try DatasetFeatures.extract(folder: data, to: out,
                                                      options: FeatureOptions(preset: .paper, normalization: .standard, fit: fit, jobs: 2))
            // 0.25 s = 4000 samples: 1 + 4000 / 512 = 8 frames; 1.5 s: 1 + 24000 / 512 = 47 frames.
            #expect(summary.frames == [8, 47, 8, 47])
            #expect(summary.paddedFrames == [24, 0, 24, 0])
            #expect(summary.croppedFrames == [0, 15, 0, 15])
            let json = try Self.sidecar(tmp + "/\(fit.rawValue).json")
            let before = try #require(json["padded_frames_before"] as? [Int])
            #expect(before == (fit == .center ? [12, 0, 12, 0] : [0, 0, 0, 0]))
            let (shape, values) = try Self.floats(out)
            #expect(shape == [4, 1, 128, 32])
            // Padding holds the floor, normalised; the kept values have mean 0 and std 1.
            let pad = try #require(json["pad_value_normalized"] as? Double)
            let first = before[0]
            var kept: [Double] = []
            for i in 0..<4 {
                for row in 0..<128 {
                    for col in 0..<32 {
                        let v = values[((i * 128) + row) * 32 + col]
                        let padded = i % 2 == 0 && (col < first || col >= first + 8)
                        if padded { #expect(Float(v) == Float(pad)) } else { kept.append(v) }
                    }
                }
            }
            let mean = kept.reduce(0, +) / Double(kept.count)
            let sd = (kept.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(kept.count)).squareRoot()
            #expect(abs(mean) < 1e-4 && abs(sd - 1) < 1e-4)
            #expect(abs(pad - kept.min()!) < 1e-5)
            // Item 1 (300 Hz, 1.5 s: the last factor varies fastest) equals its log-mel computed
            // directly, centre- or start-cropped, and normalised with the recorded constants.
            let stats = try #require(json["statistics"] as? [String: Any])
            let m = try #require(stats["mean"] as? Double), s = try #require(stats["std"] as? Double)
            let wave = try NpyArray(contentsOf: URL(fileURLWithPath: data + "/waveforms.npy")).doubles().map { Float($0) }
            let offsets = try NpyArray(contentsOf: URL(fileURLWithPath: data + "/offsets.npy")).integers(source: "offsets")
            let item = Array(wave[offsets[1]..<offsets[2]])
            let (direct, frames) = try MelSpectrogram(FeaturePreset.paper.melParameters(sampleRate: 16000))
                .compute(item, compression: .librosaDecibels)
            #expect(frames == 47)
            let skip = fit == .center ? 7 : 0
            for row in 0..<128 {
                for col in 0..<32 {
                    let expected = (Double(direct[row * 47 + skip + col]) - m) / s
                    #expect(abs(values[(128 + row) * 32 + col] - expected) < 1e-5)
                }
            }
        }
    }

    @Test func badInputIsRefusedAndNothingIsWritten() throws {
        let tmp = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let options = FeatureOptions(preset: .mel64)
        let cases: [(folder: String, out: String, message: String)] = [
            (tmp + "/nowhere", tmp + "/x.npy", "no such folder"),
            (tmp, tmp + "/x.npy", "no dataset.json"),
            (tmp, tmp + "/missing/x.npy", "does not exist"),
            (tmp, tmp + "/x.bin", "must be a file name ending in .npy"),
        ]
        let data = try Self.generate(Self.raggedYAML, in: tmp)
        let before = try FileManager.default.contentsOfDirectory(atPath: data).sorted()
        let original = try Data(contentsOf: URL(fileURLWithPath: data + "/waveforms.npy"))
        for name in ["waveforms.npy", "offsets.npy", "factors.npy", "dataset.npy"] {
            #expect {
                try DatasetFeatures.extract(folder: data, to: data + "/" + name, options: options)
            } throws: { error in
                (error as? InputError)?.message.contains("would replace the dataset's own") == true
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: data).sorted() == before)
        #expect(try Data(contentsOf: URL(fileURLWithPath: data + "/waveforms.npy")) == original)
        try FileManager.default.removeItem(atPath: tmp + "/data")
        try FileManager.default.removeItem(atPath: tmp + "/config.yaml")
        for c in cases {
            #expect {
                try DatasetFeatures.extract(folder: c.folder, to: c.out, options: options)
            } throws: { error in
                (error as? InputError)?.message.contains(c.message) == true
            }
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: tmp).isEmpty)
    }

    @Test func aMissingOrDamagedItemStopsTheRunAndLeavesNothing() throws {
        let tmp = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let data = try Self.generate(Self.fixedYAML, in: tmp)
        let plan = try DatasetVerifier.readPlan(folder: data)
        let out = tmp + "/x.npy"
        try "not audio".write(toFile: data + "/" + plan.file(of: 5), atomically: true, encoding: .utf8)
        #expect {
            try DatasetFeatures.extract(folder: data, to: out, options: FeatureOptions(preset: .paper, jobs: 2))
        } throws: { error in
            (error as? InputError)?.message.contains("\(plan.file(of: 5)): not readable audio") == true
        }
        try FileManager.default.removeItem(atPath: data + "/" + plan.file(of: 7))
        #expect {
            try DatasetFeatures.extract(folder: data, to: out, options: FeatureOptions(preset: .paper, jobs: 1))
        } throws: { error in
            let message = (error as? InputError)?.message ?? ""
            return message.contains("not readable audio") || message.contains("\(plan.file(of: 7)): missing")
        }
        let left = try FileManager.default.contentsOfDirectory(atPath: tmp).sorted()
        #expect(left == ["config.yaml", "data"])
    }

    static var executable: String {
        let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        while dir.path.hasSuffix(".xctest") || dir.path.hasSuffix("Contents") || dir.path.hasSuffix("MacOS") {
            dir = dir.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("synbench").path
    }

    /// Runs synbench; its output is small (a help text, one line of error), so reading the
    /// pipes one after the other cannot block.
    static func run(_ arguments: [String]) throws -> (status: Int32, stderr: String, stdout: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = arguments
        let err = Pipe(), out = Pipe()
        p.standardError = err
        p.standardOutput = out
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self), String(decoding: o, as: UTF8.self))
    }

    @Test func commandLine() throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.executable), "synbench not built at \(Self.executable)")
        let tmp = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let data = try Self.generate(Self.fixedYAML, in: tmp)
        for (arguments, message) in [
            (["features", data, "--preset", "mel65", "--out", tmp + "/x.npy"], "--preset: unknown preset 'mel65' (known: paper, mel64)"),
            (["features", tmp + "/none", "--preset", "mel64", "--out", tmp + "/x.npy"], "no such folder"),
            (["features", data, "--preset", "mel64", "--out", tmp + "/no/x.npy"], "does not exist"),
            (["features", data, "--preset", "mel64", "--out", tmp + "/x.npy", "--fit", "middle"], "--fit: unknown fit 'middle'"),
            (["features", data, "--preset", "mel64", "--out", tmp + "/x.npy", "--pad-mode", "edge"], "--pad-mode: unknown padding 'edge'"),
            (["features", data, "--preset", "mel64", "--out", tmp + "/x.npy", "--log", "log2"], "--log: unknown compression 'log2'"),
            (["features", data, "--preset", "mel64", "--out", tmp + "/x.npy", "--log", "ln", "--log-offset", "0"], "--log-offset: must be a positive number"),
            (["features", data, "--preset", "mel64", "--out", data + "/factors.npy"], "would replace the dataset's own factors.npy"),
        ] {
            let r = try Self.run(arguments)
            #expect(r.status == 2, "\(arguments)")
            #expect(r.stderr.split(separator: "\n").count == 1 && r.stderr.contains(message), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: tmp + "/x.npy"))
        let help = try Self.run(["features", "--help"])
        #expect(help.status == 0 && help.stdout.contains("Examples:"))
        let a = try Self.run(["features", data, "--preset", "mel64", "--out", tmp + "/j1.npy", "--jobs", "1", "--quiet"])
        let b = try Self.run(["features", data, "--preset", "mel64", "--out", tmp + "/j2.npy", "--jobs", "2", "--quiet"])
        #expect(a.status == 0 && b.status == 0, "\(a.stderr) \(b.stderr)")
        let j1 = try Data(contentsOf: URL(fileURLWithPath: tmp + "/j1.npy"))
        #expect(j1 == (try Data(contentsOf: URL(fileURLWithPath: tmp + "/j2.npy"))))
        #expect(try Self.floats(tmp + "/j1.npy").shape == [12, 1, 64, 64])
        #expect(FileManager.default.fileExists(atPath: tmp + "/j1.json"))
        let r = try Self.run(["features", data, "--preset", "mel64", "--out", tmp + "/r.npy", "--pad-mode", "constant", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let preset = try #require(try Self.sidecar(tmp + "/r.json")["preset"] as? [String: Any])
        #expect(preset["pad_mode"] as? String == "constant")
        #expect(try Self.sidecar(tmp + "/j1.json")["preset"].flatMap { ($0 as? [String: Any])?["pad_mode"] as? String } == "reflect")
        #expect(j1 != (try Data(contentsOf: URL(fileURLWithPath: tmp + "/r.npy"))))
        // Natural log with an offset, unnormalised: the values are ln(S + 0.01) >= ln(0.01).
        let ln = try Self.run(["features", data, "--preset", "paper", "--out", tmp + "/ln.npy", "--log", "ln",
                               "--log-offset", "0.01", "--normalize", "none", "--quiet"])
        #expect(ln.status == 0, "\(ln.stderr)")
        let log = try #require(try Self.sidecar(tmp + "/ln.json")["log"] as? [String: Any])
        #expect(log["kind"] as? String == "ln" && log["offset"] as? Double == 0.01)
        let lnValues = try Self.floats(tmp + "/ln.npy").values
        #expect((lnValues.min() ?? 0) >= Double(Float(Foundation.log(0.01))) - 1e-6 && (lnValues.max() ?? 0) > 0)
    }
}
