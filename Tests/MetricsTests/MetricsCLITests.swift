import Foundation
import Metrics
import SynCore
import Testing

/// End-to-end checks of `synbench metrics`: the built executable on NumPy files.
@Suite struct MetricsCLITests {
    struct Outcome {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The `synbench` executable built beside this test bundle (`swift build --build-tests`
    /// builds it into the same products folder).
    static func executable() throws -> URL {
        let products = Bundle.module.bundleURL.deletingLastPathComponent()
        let url = products.appendingPathComponent("synbench")
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw InputError("synbench is not built at \(url.path); run `swift build --build-tests` first")
        }
        return url
    }

    func run(_ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = try Self.executable()
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
    }

    func fixture(_ name: String, _ ext: String) throws -> URL {
        try #require(Bundle.module.url(forResource: name, withExtension: ext, subdirectory: "Fixtures"))
    }

    /// A fresh temporary folder for files this test writes.
    func scratch() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("synbench-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Asserts a bad-input run: exit code 2 and exactly one line on stderr containing `fragment`.
    func expectBadInput(_ arguments: [String], mentions fragment: String,
                        sourceLocation: SourceLocation = #_sourceLocation) throws {
        let outcome = try run(arguments)
        #expect(outcome.status == 2, "exit \(outcome.status): \(outcome.stderr)", sourceLocation: sourceLocation)
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: true)
        #expect(lines.count == 1, "stderr: \(outcome.stderr)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(fragment), "stderr: \(outcome.stderr)", sourceLocation: sourceLocation)
    }

    /// Reference values: `Fixtures/tiny.expected.json` from `Fixtures/fixture_expected.py`.
    @Test func jsonMatchesTheReferenceOnAFixture() throws {
        let outcome = try run(["metrics", "--codes", fixture("tiny", "npz").path, "--metrics", "mig,sap", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try JSONValue.parse(outcome.stdout)
        let expected = try JSONValue.parse(String(contentsOf: fixture("tiny", "expected.json"), encoding: .utf8))
        let mig = try #require(json["metrics"]?["mig"]?["score"]?.doubleValue)
        let reference = try #require(expected["dlib"]?["scores"]?["mig"]?["discrete_mig"]?.doubleValue)
        #expect(abs(mig - reference) < 1e-9)
        let sap = try #require(json["metrics"]?["sap"]?["score"]?.doubleValue)
        let referenceSAP = try #require(expected["dlib"]?["scores"]?["sap"]?["SAP_score"]?.doubleValue)
        #expect(abs(sap - referenceSAP) < 1e-3)
        #expect(json["metrics"]?["mig"]?["seconds"]?.doubleValue != nil)
        #expect(json["input"]?["n_train"] == .integer(800))
    }

    @Test func tablePrintsEveryRequestedMetric() throws {
        let outcome = try run(["metrics", "--codes", fixture("split", "npz").path, "--metrics", "mig,modularity"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("mig"))
        #expect(outcome.stdout.contains("modularity"))
    }

    @Test func separateNpyFilesAndBootstrapIntervals() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let archive = try NpzArchive(contentsOf: fixture("tiny", "npz"))
        let codes = try archive.array(named: "codes"), factors = try archive.array(named: "factors")
        let codesURL = dir.appendingPathComponent("z.npy"), factorsURL = dir.appendingPathComponent("y.npy")
        try NpyWriter.write(codes.doubles().map { Float($0) }, shape: codes.shape, to: codesURL)
        try NpyWriter.write(try factors.integers(source: "f").map { Int32($0) }, shape: factors.shape, to: factorsURL)
        let outcome = try run(["metrics", "--codes", codesURL.path, "--factors", factorsURL.path,
                               "--metrics", "mig", "--bootstrap", "20", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try JSONValue.parse(outcome.stdout)
        guard case let .array(ci)? = json["metrics"]?["mig"]?["ci"]?["score"] else {
            Issue.record("no bootstrap interval in \(outcome.stdout.prefix(400))")
            return
        }
        let score = try #require(json["metrics"]?["mig"]?["score"]?.doubleValue)
        let lower = try #require(ci[0].doubleValue), upper = try #require(ci[1].doubleValue)
        #expect(lower <= upper)
        #expect(lower < score + 0.05 && upper > score - 0.05)
    }

    @Test func mismatchedRowCountsAreRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try NpyWriter.write([Double](repeating: 0.5, count: 20), shape: [10, 2], to: dir.appendingPathComponent("z.npy"))
        try NpyWriter.write([Int32](repeating: 1, count: 9), shape: [9, 1], to: dir.appendingPathComponent("y.npy"))
        try expectBadInput(["metrics", "--codes", dir.appendingPathComponent("z.npy").path,
                            "--factors", dir.appendingPathComponent("y.npy").path], mentions: "rows")
    }

    @Test func nonFiniteCodesNameRowAndColumn() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var values = (0..<40).map { Double($0) }
        values[2 * 4 + 3] = .nan
        try NpyWriter.write(values, shape: [10, 4], to: dir.appendingPathComponent("z.npy"))
        try NpyWriter.write((0..<10).map { Int32($0 % 2) }, shape: [10, 1], to: dir.appendingPathComponent("y.npy"))
        try expectBadInput(["metrics", "--codes", dir.appendingPathComponent("z.npy").path,
                            "--factors", dir.appendingPathComponent("y.npy").path], mentions: "row 2, column 3")
    }

    @Test func malformedAndUnsupportedFilesAreRefused() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let good = NpyWriter.data([Double](repeating: 1, count: 20), shape: [10, 2])
        let truncated = dir.appendingPathComponent("truncated.npy")
        try Data(good.dropLast(9)).write(to: truncated)
        try expectBadInput(["metrics", "--codes", truncated.path, "--factors", truncated.path], mentions: "truncated")
        var complex = NpyHeader(dtype: .float64, shape: [10, 1]).encoded()
        let descr = try #require(complex.firstIndex(of: UInt8(ascii: "f")))
        complex[descr] = UInt8(ascii: "c")
        let complexURL = dir.appendingPathComponent("complex.npy")
        try Data(complex + [UInt8](repeating: 0, count: 80)).write(to: complexURL)
        try expectBadInput(["metrics", "--codes", complexURL.path, "--factors", complexURL.path], mentions: "unsupported dtype")
        let text2 = dir.appendingPathComponent("notes.npz")
        try Data("not a zip".utf8).write(to: text2)
        try expectBadInput(["metrics", "--codes", text2.path], mentions: "notes.npz")
        try expectBadInput(["metrics", "--codes", dir.appendingPathComponent("missing.npy").path,
                            "--factors", truncated.path], mentions: "missing.npy")
    }

    @Test func usageMistakesExitWithTwo() throws {
        let tiny = try fixture("tiny", "npz").path
        try expectBadInput(["metrics", "--codes", tiny, "--metrics", "mig,nonsense"], mentions: "nonsense")
        try expectBadInput(["metrics", "--codes", tiny, "--codes-test", tiny], mentions: "together")
        try expectBadInput(["metrics", "--codes", tiny, "--bins", "1"], mentions: "--bins")
        // Used to allocate the resamples' results up front and abort.
        try expectBadInput(["metrics", "--codes", tiny, "--bootstrap", "100000000000"], mentions: "--bootstrap must be at most 1000000")
    }

    @Test func singleCodeCannotGiveAGap() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        try NpyWriter.write((0..<50).map { Double($0) }, shape: [50, 1], to: dir.appendingPathComponent("z.npy"))
        try NpyWriter.write((0..<50).map { Int32($0 % 5) }, shape: [50, 1], to: dir.appendingPathComponent("y.npy"))
        try expectBadInput(["metrics", "--codes", dir.appendingPathComponent("z.npy").path,
                            "--factors", dir.appendingPathComponent("y.npy").path, "--metrics", "mig"],
                           mentions: "code")
    }

    @Test func constantFactorIsReportedUndefined() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        var rng = Xoshiro256StarStar(seed: 3)
        let n = 300
        var y: [Int32] = [], z: [Double] = []
        for i in 0..<n {
            y += [Int32(i % 4), 0]
            z += [Double(i % 4) + 0.01 * rng.nextGaussian(), rng.nextGaussian()]
        }
        try NpyWriter.write(z, shape: [n, 2], to: dir.appendingPathComponent("z.npy"))
        try NpyWriter.write(y, shape: [n, 2], to: dir.appendingPathComponent("y.npy"))
        let outcome = try run(["metrics", "--codes", dir.appendingPathComponent("z.npy").path,
                               "--factors", dir.appendingPathComponent("y.npy").path, "--metrics", "mig", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try JSONValue.parse(outcome.stdout)
        guard case let .array(notes)? = json["metrics"]?["mig"]?["notes"] else {
            Issue.record("no note explaining the undefined factor: \(outcome.stdout.prefix(600))")
            return
        }
        #expect(!notes.isEmpty)
        #expect(!outcome.stdout.contains("NaN") && !outcome.stdout.contains("nan"))
    }

    @Test func datasetFolderSuppliesFactorsAndNames() throws {
        let dir = try scratch()
        defer { try? FileManager.default.removeItem(at: dir) }
        let n = 240
        var rng = Xoshiro256StarStar(seed: 11)
        var y: [Int32] = [], values: [Double] = [], z: [Double] = []
        for i in 0..<n {
            let (a, b) = (i % 4, (i / 4) % 6)
            y += [Int32(a), Int32(b)]
            values += [Double(a), 100 + 10 * Double(b)]
            z += [Double(a) + 0.05 * rng.nextGaussian(), Double(b) + 0.05 * rng.nextGaussian(), rng.nextGaussian()]
        }
        try NpyWriter.write(y, shape: [n, 2], to: dir.appendingPathComponent("factors.npy"))
        try NpyWriter.write(values, shape: [n, 2], to: dir.appendingPathComponent("factor_values.npy"))
        try Data(#"{"name": "toy", "factors": [{"name": "shape"}, {"name": "pitch"}]}"#.utf8)
            .write(to: dir.appendingPathComponent("dataset.json"))
        let codes = dir.appendingPathComponent("z.npy")
        try NpyWriter.write(z, shape: [n, 3], to: codes)
        let outcome = try run(["metrics", "--codes", codes.path, "--dataset", dir.path, "--metrics", "mig", "--json"])
        #expect(outcome.status == 0, "\(outcome.stderr)")
        let json = try JSONValue.parse(outcome.stdout)
        #expect(json["input"]?["factor_names"] == .array([.string("shape"), .string("pitch")]))
        let mig = try #require(json["metrics"]?["mig"]?["score"]?.doubleValue)
        #expect(mig > 0.5)
        try expectBadInput(["metrics", "--codes", codes.path, "--dataset", dir.appendingPathComponent("nope").path],
                           mentions: "dataset.json")
    }
}
