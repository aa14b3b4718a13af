import Foundation
import Testing
import SynCore
import SynData
@testable import SynTone

/// Helpers shared by the dataset suites of SynToneTests.
enum DatasetFixtures {
    /// The package root (two folders above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// configs/NAME.yaml of the package.
    static func preset(_ name: String) -> String { packageRoot + "/configs/\(name).yaml" }

    /// A preset's text with `replacements` applied (each must match).
    static func presetText(_ name: String, _ replacements: [(String, String)] = []) throws -> String {
        var text = try String(contentsOfFile: preset(name), encoding: .utf8)
        for (a, b) in replacements {
            #expect(text.contains(a), "\(name).yaml has no '\(a)'")
            text = text.replacingOccurrences(of: a, with: b)
        }
        return text
    }

    /// Renders `yaml` (or its shard) into `out` in-process.
    @discardableResult
    static func generate(_ yaml: String, file: String, into out: String, shard: ShardSpec? = nil, limit: Int? = nil,
                         jobs: Int = 2) throws -> DatasetPlan {
        let g = try SynToneConfig.decode(file: file, root: try ConfigValue.parseYAML(yaml, file: file))
        let plan = try DatasetSurvey.plan(for: g, limit: limit, jobs: jobs)
        _ = try DatasetRenderer.run(generator: g, plan: plan, out: out,
                                    options: RenderOptions(jobs: jobs, shard: shard, quiet: true, handleSignals: false))
        return plan
    }

    /// One line per file of `folder`, `relative/path SHA-256`, sorted: what ``treeDigest(_:)``
    /// hashes.
    static func treeLines(_ folder: String) -> [String] {
        var lines: [String] = []
        let fm = FileManager.default
        for case let rel as String in fm.enumerator(atPath: folder) ?? FileManager.DirectoryEnumerator() {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: folder + "/" + rel, isDirectory: &isDir), !isDir.boolValue,
                  let data = fm.contents(atPath: folder + "/" + rel) else { continue }
            lines.append("\(rel) \(SHA256Hasher.digest([UInt8](data)).hex)")
        }
        return lines.sorted()
    }

    /// The digest of ``treeLines(_:)``: the lines joined by newlines, hashed.
    static func digest(ofLines lines: [String]) -> String {
        SHA256Hasher.digest(Array(lines.joined(separator: "\n").utf8)).hex
    }

    /// SHA-256 over every file of `folder` (sorted relative path, then the file's SHA-256).
    static func treeDigest(_ folder: String) -> String { digest(ofLines: treeLines(folder)) }

    /// The files whose lines differ between `expected` and `actual` (``treeLines(_:)``
    /// output), as one line: changed, missing and unexpected files, at most `limit` names each.
    static func differingFiles(expected: [String], actual: [String], limit: Int = 12) -> String {
        func table(_ lines: [String]) -> [String: Substring] {
            Dictionary(lines.compactMap { line in
                line.lastIndex(of: " ").map { (String(line[..<$0]), line[line.index(after: $0)...]) }
            }, uniquingKeysWith: { a, _ in a })
        }
        let e = table(expected), a = table(actual)
        let changed = e.keys.filter { a[$0] != nil && a[$0] != e[$0] }.sorted()
        let missing = e.keys.filter { a[$0] == nil }.sorted()
        let extra = a.keys.filter { e[$0] == nil }.sorted()
        func part(_ what: String, _ names: [String]) -> String? {
            guard !names.isEmpty else { return nil }
            let shown = names.prefix(limit).joined(separator: ", ")
            return "\(names.count) \(what): \(shown)" + (names.count > limit ? ", ..." : "")
        }
        let parts = [part("changed", changed), part("missing", missing), part("unexpected", extra)].compactMap { $0 }
        return parts.isEmpty ? "no file differs" : parts.joined(separator: "; ")
    }

    /// A fresh temporary folder.
    static func tempFolder() -> String {
        let path = NSTemporaryDirectory() + "synbench-tone-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func remove(_ path: String) { try? FileManager.default.removeItem(atPath: path) }
}

/// Golden SHA-256 values of syntone-small (specs/reproducibility.md: a change of any output
/// byte must bump the generator version and these values, never silently).
///
/// Each format's golden value is the digest of the whole output folder of the full 400-item
/// run (every audio file, SHA256SUMS, metadata.csv, factors.npy, factor_values.npy,
/// dataset.json). The manifests are also pinned on their own (they need no rendering). FLAC bytes depend on the libFLAC version (its vendor string):
/// its value holds for the libFLAC of Debian/Ubuntu's libsndfile builds used here.
///
/// So that a failure says which files changed, `References/golden/LABEL.sha256` holds the
/// per-file lines each golden value is the digest of (checked against it on every run). After
/// a deliberate change (a generator version bump with new golden values here), rerun with
/// `SYNBENCH_WRITE_GOLDEN_LISTS=1` to rewrite the lists; they are written only for runs that
/// match the golden values.
@Suite struct GoldenDatasetTests {
    static let golden: [(String, [(String, String)], String)] = [
        ("pcm16", [], "96653867429ac9bfbca06966b4315e409b9d155583d2b6c5e313ea21631983bb"),
        ("pcm24", [("format: pcm16", "format: pcm24")], "63edcc86ab0395e1016e93c1ba6fd2e4b7eeaa65811f48cde62d946f8183ec0d"),
        ("float32", [("format: pcm16", "format: float32")], "9435740c21b7c043be706da1d59b86d5313308bcfb9e84d00b089810e529b39e"),
        ("flac", [("format: pcm16", "format: flac")], "7634b1a94f141b04174d3da4ae611437c23e2d1f4f8b1006dcff8bb2a8350816"),
        ("npy", [("format: pcm16", "format: float32"), ("layout: files", "layout: npy")], "002053c3bf4d007457630b1738e2b5d89fd2faa35ab43338dea5192dda06eca2"),
    ]

    /// The golden value of the manifests alone (``fullManifestsMatchGolden()``).
    static let manifestsGolden = "115a332f391d0f34be968cd97d290fc66f929fcdfb4dbba943a0b9fc1d3594d7"

    static func listPath(_ label: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().path + "/References/golden/\(label).sha256"
    }

    /// Checks `folder` against the golden value `expected`; on a mismatch the failure names
    /// the files that differ from the golden list.
    func check(_ folder: String, label: String, expected: String) throws {
        let actual = DatasetFixtures.treeLines(folder)
        let digest = DatasetFixtures.digest(ofLines: actual)
        let path = Self.listPath(label)
        if digest == expected, ProcessInfo.processInfo.environment["SYNBENCH_WRITE_GOLDEN_LISTS"] == "1" {
            try (actual.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let golden = text.split(separator: "\n").map(String.init)
        #expect(DatasetFixtures.digest(ofLines: golden) == expected, "\(path) is not the list behind the golden value of \(label)")
        #expect(digest == expected, "\(label): \(DatasetFixtures.differingFiles(expected: golden, actual: actual))")
    }

    @Test(arguments: 0..<5)
    func fullDatasetMatchesGolden(_ n: Int) throws {
        let (label, edits, expected) = GoldenDatasetTests.golden[n]
        let out = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(out) }
        let yaml = try DatasetFixtures.presetText("syntone-small", edits)
        try DatasetFixtures.generate(yaml, file: "configs/syntone-small.yaml", into: out + "/d")
        let sums = try String(contentsOfFile: out + "/d/SHA256SUMS", encoding: .utf8)
        #expect(sums.split(separator: "\n").count == (label == "npy" ? 1 : 400))
        try check(out + "/d", label: label, expected: expected)
    }

    @Test func fullManifestsMatchGolden() throws {
        let out = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(out) }
        let g = try SynToneConfig.load(path: DatasetFixtures.preset("syntone-small"))
        let plan = try DatasetSurvey.plan(for: g)
        #expect(plan.count == 400)
        try ManifestWriter.writeTables(plan: plan, folder: out)
        try check(out, label: "manifests", expected: Self.manifestsGolden)
        // dataset.json apart from the config file's path, which the plan does not record.
        let json = plan.json().serialized(indent: 2)
        #expect(SHA256Hasher.digest(Array(json.utf8)).hex == "3b7f6bbec304de9a05cb336205d666b69a79c16dac032ae9b7841ef50a13a062")
    }

    @Test func differingFilesAreNamed() {
        let golden = ["SHA256SUMS aa", "audio/000/000000.wav 11", "audio/000/000001.wav 22", "dataset.json cc"]
        let actual = ["SHA256SUMS ab", "audio/000/000000.wav 11", "audio/000/000001.wav 23", "extra.txt 00"]
        #expect(DatasetFixtures.differingFiles(expected: golden, actual: actual)
                == "2 changed: SHA256SUMS, audio/000/000001.wav; 1 missing: dataset.json; 1 unexpected: extra.txt")
        #expect(DatasetFixtures.differingFiles(expected: golden, actual: golden) == "no file differs")
        #expect(DatasetFixtures.differingFiles(expected: golden, actual: [], limit: 2)
                == "4 missing: SHA256SUMS, audio/000/000000.wav, ...")
    }
}
