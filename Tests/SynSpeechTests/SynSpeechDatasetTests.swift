import Foundation
import Testing
import SynCore
import SynData
@testable import SynSpeech

/// SynSpeech through the generator seam: synspeech-tiny generated in-process passes verify,
/// has the contract's extra columns and side files, is deterministic over job counts, and its
/// shards merge into the unsharded bytes.
@Suite struct SynSpeechDatasetTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path
    static func preset(_ name: String) -> String { packageRoot + "/configs/\(name).yaml" }

    /// A fresh temporary folder, removed by the caller.
    static func tempFolder() -> String {
        let path = NSTemporaryDirectory() + "synbench-speech-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Every regular file under `folder` (relative path -> bytes).
    static func contents(_ folder: String) -> [String: Data] {
        var out: [String: Data] = [:]
        let fm = FileManager.default
        for case let rel as String in fm.enumerator(atPath: folder) ?? FileManager.DirectoryEnumerator() {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: folder + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                out[rel] = fm.contents(atPath: folder + "/" + rel)
            }
        }
        return out
    }

    @discardableResult
    static func generate(_ g: SynSpeechDataset, into out: String, jobs: Int = 2, shard: ShardSpec? = nil) throws -> DatasetPlan {
        let plan = try DatasetSurvey.plan(for: g, limit: nil, jobs: jobs)
        _ = try DatasetRenderer.run(generator: g, plan: plan, out: out,
                                    options: RenderOptions(jobs: jobs, shard: shard, quiet: true, handleSignals: false))
        return plan
    }

    static func tiny() throws -> SynSpeechDataset { try SynSpeechConfig.load(path: preset("synspeech-tiny")) }

    static func decode(_ yaml: String) throws -> SynSpeechDataset {
        try SynSpeechConfig.decode(file: "t.yaml", root: try ConfigValue.parseYAML(yaml, file: "t.yaml"))
    }

    /// Golden SHA-256 of the sorted lines of synspeech-tiny's SHA256SUMS (every audio,
    /// TextGrid and tracks file and the manifests it lists). It only detects a change of
    /// output bytes; it does not say the output is right. Recorded from this implementation
    /// (SynSpeechDataset.version 0.6.0: velar bursts by vowel backness and longer, the /ŋ/ nasal
    /// zero, dental F2 loci, aspiration at AH 45 dB, bandwidths scaled with the vocal-tract
    /// length; 0.5.0: the faster synthesizer's noise (one draw per sample,
    /// sum of uniforms) and resonator summation order changed the audio; 0.4.0: flutter evaluated
    /// once per 16 samples; 0.3.0 changed the text column and styles in the manifests); on a
    /// deliberate change bump the version and this value.
    static let goldenSums = "beb502bb19bfc8d1c962a2811f5bf0e8cf50874f2d5b1c53ba8c3a59ab9a6a4b"

    @Test func tinyVerifiesAndHasTheContractsExtras() throws {
        let tmp = Self.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let g = try Self.tiny()
        let out = tmp + "/d"
        try Self.generate(g, into: out, jobs: 1)
        #expect(try DatasetVerifier.verify(folder: out).problems.isEmpty)

        let csv = try String(contentsOfFile: out + "/metadata.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n").map(String.init)
        #expect(lines.count == 13)
        let header = lines[0].split(separator: ",").map(String.init)
        for column in ["speaker", "text", "style", "gender", "phones", "duration_s"] {
            #expect(header.contains(column), "metadata.csv lacks \(column)")
        }
        let files = Self.contents(out)
        #expect(files.keys.filter { $0.hasPrefix("textgrid/") }.count == 12)
        #expect(files.keys.filter { $0.hasPrefix("tracks/") }.count == 12)
        let json = try String(contentsOfFile: out + "/dataset.json", encoding: .utf8)
        #expect(json.contains("\"vocal_tract_length_cm\""))
        #expect(json.contains("\"frame_period_s\""))

        // Each TextGrid parses back and ends at the audio's duration (within one frame).
        let durationColumn = header.firstIndex(of: "duration_s")!
        for item in 0..<12 {
            let name = String(format: "%06d", item)
            let grid = try TextGrid(parsing: [UInt8](files["textgrid/000/\(name).TextGrid"]!))
            #expect(grid.tier(named: "words") != nil && grid.tier(named: "phones") != nil)
            let wav = files["audio/000/\(name).wav"]!
            let samples = (wav.count - 44) / 2
            let audioDuration = Double(samples) / Double(g.config.sampleRate)
            #expect(abs(grid.xmax - audioDuration) <= SynSpeechDataset.framePeriod)
            let fields = try #require(CSVLine.fields(String(lines[item + 1])))
            let csvDuration = try #require(Double(fields[durationColumn]))
            #expect(abs(csvDuration - audioDuration) < 1e-9)
            // Tracks: float32 [frames, 7], one frame per frame period of the audio.
            let tracks = try NpyArray(npyBytes: [UInt8](files["tracks/000/\(name).npy"]!), source: name)
            #expect(tracks.dtype == .float32 && tracks.shape.count == 2 && tracks.shape[1] == 7)
            #expect(abs(Double(tracks.shape[0]) * SynSpeechDataset.framePeriod - audioDuration) <= SynSpeechDataset.framePeriod)
        }

        // Golden value over the sorted SHA256SUMS lines.
        let sums = try String(contentsOfFile: out + "/SHA256SUMS", encoding: .utf8)
        let sorted = sums.split(separator: "\n").map(String.init).sorted().joined(separator: "\n")
        let digest = SHA256Hasher.digest(Array(sorted.utf8)).hex
        #expect(digest == Self.goldenSums, "synspeech-tiny SHA256SUMS digest \(digest)")
    }

    @Test func bytesDoNotDependOnJobsAndShardsMergeIntoTheWhole() throws {
        let tmp = Self.tempFolder()
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        let g = try Self.tiny()
        try Self.generate(g, into: tmp + "/j1", jobs: 1)
        try Self.generate(g, into: tmp + "/j2", jobs: 2)
        let whole = Self.contents(tmp + "/j1")
        #expect(!whole.isEmpty)
        #expect(Self.contents(tmp + "/j2") == whole)
        for i in 0..<2 { try Self.generate(g, into: tmp + "/s\(i)", shard: ShardSpec(index: i, count: 2)) }
        try DatasetMerger.merge(out: tmp + "/m", shards: [tmp + "/s1", tmp + "/s0"], jobs: 2, quiet: true)
        #expect(Self.contents(tmp + "/m") == whole)
        #expect(try DatasetVerifier.verify(folder: tmp + "/m").problems.isEmpty)
    }

    @Test func whisperingHasNoVoicingAndWiderBandwidths() throws {
        let g = try Self.tiny()
        let normal = g.item(speaker: 0, text: 0, style: 0)
        let whisper = g.item(speaker: 0, text: 0, style: 3)
        #expect(normal.frames.contains { $0.av > 0 })
        #expect(whisper.frames.allSatisfy { $0.av == 0 })
        #expect(whisper.frames.contains { $0.ah > 0 })
        #expect(whisper.frames[whisper.frames.count / 2].b1 > normal.frames[normal.frames.count / 2].b1)
    }

    @Test func smallPresetHasThePublishedCardinality() throws {
        let g = try SynSpeechConfig.load(path: Self.preset("synspeech-small"))
        #expect(g.speakers.count == 50)
        let counts = g.config.factors.map { f -> Int in
            if case let .discrete(v, _) = f.domain { return v.count }
            return 0
        }
        #expect(counts == [50, 500, 1])
    }

    @Test func configErrorsAreOneLine() throws {
        let base = "generator: synspeech\nfactors:\n  - name: text\n    values: [0]\n"
        #expect {
            _ = try Self.decode(base + "texts: [\"the zorpish dog\"]\n")
        } throws: { error in
            let text = "\(error)"
            return text.contains("zorpish") && !text.contains("\n")
        }
        // A custom lexicon makes the word known.
        _ = try Self.decode(base + "texts: [\"the zorpish dog\"]\nlexicon: {zorpish: Z AO1 R P IH0 SH}\n")
        #expect {
            _ = try Self.decode(base + "speakers: 100001\n")
        } throws: { error in
            let text = "\(error)"
            return text.contains("speakers") && !text.contains("\n")
        }
        #expect {
            _ = try Self.decode("generator: synspeech\nspeakers: 2\nfactors:\n  - name: speaker\n    values: [0, 2]\n")
        } throws: { error in "\(error)".contains("factors[0]") }
    }
}
