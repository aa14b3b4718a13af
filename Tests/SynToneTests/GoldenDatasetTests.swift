import Foundation
import Testing
import SynCore
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

    /// SHA-256 over every file of `folder` (sorted relative path, then the file's SHA-256).
    static func treeDigest(_ folder: String) -> String {
        var lines: [String] = []
        let fm = FileManager.default
        for case let rel as String in fm.enumerator(atPath: folder) ?? FileManager.DirectoryEnumerator() {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: folder + "/" + rel, isDirectory: &isDir), !isDir.boolValue,
                  let data = fm.contents(atPath: folder + "/" + rel) else { continue }
            lines.append("\(rel) \(SHA256Hasher.digest([UInt8](data)).hex)")
        }
        return SHA256Hasher.digest(Array(lines.sorted().joined(separator: "\n").utf8)).hex
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
/// To stay fast in debug builds the audio is pinned for shard 0/25 of syntone-small: 16
/// items (0, 25, ..., 375) spread over all waveforms, amplitudes and frequencies, whose bytes
/// are the same as in the full run. The manifests of the full 400 items are pinned too
/// (they need no rendering). FLAC bytes depend on the libFLAC version (its vendor string):
/// its value holds for the libFLAC of Debian/Ubuntu's libsndfile builds used here.
@Suite struct GoldenDatasetTests {
    static let shardGolden: [(String, [(String, String)], String)] = [
        ("pcm16", [], "9d0bfae190c1d843bc829ea23afbd9c7a1af73b75e07a8ec00c47021f14d063c"),
        ("pcm24", [("format: pcm16", "format: pcm24")], "b403ccb99c1c7f38e87f9288ec50c6775a9ec6e37a9b9c7ad0467df7014d5380"),
        ("float32", [("format: pcm16", "format: float32")], "184b4721b7888e39decf26d1e9666976127344d2d6ad85d75f7d797af559df44"),
        ("flac", [("format: pcm16", "format: flac")], "140de8e0a301a7b1fb015949a3efb0f5ef96d51363cf93d3dcce021fe10b036c"),
        ("npy", [("format: pcm16", "format: float32"), ("layout: files", "layout: npy")], "39e90725ffdccf0a232fdad6a687f6ca34a93c427eced63c683c41c487e9baa1"),
    ]

    @Test(arguments: 0..<5)
    func shardAudioMatchesGolden(_ n: Int) throws {
        let (label, edits, expected) = GoldenDatasetTests.shardGolden[n]
        let out = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(out) }
        let yaml = try DatasetFixtures.presetText("syntone-small", edits)
        try DatasetFixtures.generate(yaml, file: "configs/syntone-small.yaml", into: out + "/d",
                                     shard: ShardSpec(index: 0, count: 25))
        let sums = try String(contentsOfFile: out + "/d/SHA256SUMS", encoding: .utf8)
        #expect(sums.split(separator: "\n").count == (label == "npy" ? 1 : 16))
        #expect(DatasetFixtures.treeDigest(out + "/d") == expected, "\(label)")
    }

    @Test func fullManifestsMatchGolden() throws {
        let out = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(out) }
        let g = try SynToneConfig.load(path: DatasetFixtures.preset("syntone-small"))
        let plan = try DatasetSurvey.plan(for: g)
        #expect(plan.count == 400)
        try ManifestWriter.writeTables(plan: plan, folder: out)
        #expect(DatasetFixtures.treeDigest(out) == "115a332f391d0f34be968cd97d290fc66f929fcdfb4dbba943a0b9fc1d3594d7")
        // dataset.json apart from the config file's path, which the plan does not record.
        let json = plan.json().serialized(indent: 2)
        #expect(SHA256Hasher.digest(Array(json.utf8)).hex == "3b7f6bbec304de9a05cb336205d666b69a79c16dac032ae9b7841ef50a13a062")
    }
}
