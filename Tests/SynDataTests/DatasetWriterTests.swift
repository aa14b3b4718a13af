import Foundation
import Testing
import SynCore
@testable import SynData

@Suite struct DatasetWriterTests {
    @Test func writesTheDatasetContract() throws {
        let tmp = TempFolder()
        let out = tmp.sub("d")
        let plan = try generate(try SineTestGenerator.make(sineYAML), into: out)
        #expect(plan.count == 18 && plan.maxSamples == 64)
        // SHA256SUMS lists every audio file in item order, with the right digests.
        let sums = try String(contentsOfFile: out + "/SHA256SUMS", encoding: .utf8).split(separator: "\n")
        #expect(sums.count == 18)
        for (i, line) in sums.enumerated() {
            #expect(line.hasSuffix("  audio/000/\(String(format: "%06d", i)).wav"))
            let bytes = try FileOps.readBytes(out + "/" + plan.file(of: i))
            #expect(String(line.prefix(64)) == SHA256Hasher.digest(bytes).hex)
        }
        // metadata.csv: audiofolder columns, labels for categorical factors.
        let csv = try String(contentsOfFile: out + "/metadata.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv[0] == "file_name,kind,kind_idx,frequency,frequency_idx,length,length_idx")
        #expect(csv[1] == "audio/000/000000.wav,plain,0,100,0,40,0")
        #expect(csv[18] == "audio/000/000017.wav,loud,1,400,2,33,2")
        // factors.npy / factor_values.npy: NumPy 1.0 headers, [N, K] int32 / float64.
        let idx = try NpyArray(contentsOf: URL(fileURLWithPath: out + "/factors.npy"))
        let val = try NpyArray(contentsOf: URL(fileURLWithPath: out + "/factor_values.npy"))
        #expect(idx.dtype == .int32 && idx.shape == [18, 3])
        #expect(val.dtype == .float64 && val.shape == [18, 3])
        let raw = try FileOps.readBytes(out + "/factors.npy")
        #expect(Array(raw[0..<8]) == [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59, 1, 0])
        #expect((10 + Int(raw[8]) + Int(raw[9]) << 8) % 64 == 0)
        #expect(try idx.integers(source: "f") == (0..<18).flatMap { i in [i / 9, i / 3 % 3, i % 3] })
        #expect(Array(val.doubles().prefix(6)) == [0, 100, 40, 0, 100, 64])
        // dataset.json round-trips into the same plan; no partial state is left.
        let back = try DatasetVerifier.readPlan(folder: out)
        #expect(back.json().serialized() == plan.json().serialized())
        #expect(back.factors.map(\.name) == ["kind", "frequency", "length"])
        #expect(!FileOps.exists(out + "/" + DatasetFolder.partialName).exists)
        // Items shorter than the longest have their own length.
        #expect(try SoundFileReader(path: out + "/" + plan.file(of: 2)).info.frames == 33)
        let report = try DatasetVerifier.verify(folder: out, jobs: 2)
        #expect(report.problems.isEmpty, "\(report.problems)")
    }

    @Test func headroomAutoKeepsThePeakBelowMinusOneDBFS() throws {
        let g = try SineTestGenerator.make("generator: test-sine\nformat: float32\nconstants: {length: 2000, amplitude: 0.8}\nfactors: [{name: kind, values: [plain, loud]}]")
        let plan = try DatasetSurvey.plan(for: g)
        #expect(abs(plan.gain * 1.6 - HeadroomSetting.autoTargetPeak) < 1e-12)
        let clip = try SineTestGenerator.make("generator: test-sine\nheadroom: 1\nconstants: {amplitude: 0.8}\nfactors: [{name: kind, values: [plain, loud]}]", file: "c.yaml")
        #expect(throws: ConfigError.self) { try DatasetSurvey.plan(for: clip) }
        let float = try SineTestGenerator.make("generator: test-sine\nheadroom: 1\nformat: float32\nconstants: {amplitude: 0.8}\nfactors: [{name: kind, values: [plain, loud]}]")
        #expect(try DatasetSurvey.plan(for: float).gain == 1)
    }

    @Test func bytesDoNotDependOnJobsOrShards() throws {
        let tmp = TempFolder()
        let g = try SineTestGenerator.make(sineYAML)
        try generate(g, into: tmp.sub("j1"), jobs: 1)
        try generate(g, into: tmp.sub("j2"), jobs: 2)
        let reference = folderContents(tmp.sub("j1"))
        #expect(reference.count == 18 + 5)
        #expect(folderContents(tmp.sub("j2")) == reference)
        for i in 0..<3 { try generate(g, into: tmp.sub("s\(i)"), jobs: 2, shard: ShardSpec(index: i, count: 3)) }
        #expect(folderContents(tmp.sub("s1")).keys.filter { $0.hasSuffix(".wav") }.count == 6)
        try DatasetMerger.merge(out: tmp.sub("m"), shards: [tmp.sub("s2"), tmp.sub("s0"), tmp.sub("s1")], jobs: 2, quiet: true)
        #expect(folderContents(tmp.sub("m")) == reference)
        #expect(throws: InputError.self) { try DatasetMerger.merge(out: tmp.sub("m2"), shards: [tmp.sub("s0"), tmp.sub("s1")], quiet: true) }
    }

    @Test func npyLayoutStoresItemsOfDifferentLengthsRaggedWithOffsets() throws {
        let tmp = TempFolder()
        let g = try SineTestGenerator.make(sineYAML + "\nlayout: npy")
        let plan = try generate(g, into: tmp.sub("n"))
        #expect(plan.ragged && plan.totalSamples == 6 * (40 + 64 + 33))
        let a = try NpyArray(contentsOf: URL(fileURLWithPath: tmp.sub("n/waveforms.npy")))
        #expect(a.dtype == .float32 && a.shape == [6 * (40 + 64 + 33)])
        let offsets = try NpyArray(contentsOf: URL(fileURLWithPath: tmp.sub("n/offsets.npy")))
        #expect(offsets.dtype == .int64 && offsets.shape == [19])
        let starts = try offsets.integers(source: "offsets.npy")
        #expect(Array(starts.prefix(4)) == [0, 40, 104, 137])
        let samples = a.bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        for (item, indices) in [(2, [0, 0, 2]), (13, [1, 1, 1]), (17, [1, 2, 2])] {
            let expected = try #require(g.render(factorIndices: indices, gain: plan.gain))
            #expect(Array(samples[starts[item]..<starts[item + 1]]) == expected, "item \(item)")
        }
        let sums = try String(contentsOfFile: tmp.sub("n/SHA256SUMS"), encoding: .utf8)
        #expect(sums == "\(try SHA256Hasher.digest(fileAt: tmp.sub("n/waveforms.npy")).hex)  waveforms.npy\n"
                + "\(try SHA256Hasher.digest(fileAt: tmp.sub("n/offsets.npy")).hex)  offsets.npy\n")
        #expect(try String(contentsOfFile: tmp.sub("n/metadata.csv"), encoding: .utf8).hasPrefix("row,kind,kind_idx"))
        for i in 0..<2 { try generate(g, into: tmp.sub("s\(i)"), shard: ShardSpec(index: i, count: 2)) }
        try DatasetMerger.merge(out: tmp.sub("m"), shards: [tmp.sub("s0"), tmp.sub("s1")], quiet: true)
        #expect(folderContents(tmp.sub("m")) == folderContents(tmp.sub("n")))
        #expect(try DatasetVerifier.verify(folder: tmp.sub("n")).problems.isEmpty)
        // Offsets that no longer add up are named.
        var bad = try Data(contentsOf: URL(fileURLWithPath: tmp.sub("n/offsets.npy")))
        bad[bad.count - 8] ^= 1
        try bad.write(to: URL(fileURLWithPath: tmp.sub("n/offsets.npy")))
        #expect(try DatasetVerifier.verify(folder: tmp.sub("n")).problems.map(\.file) == ["offsets.npy"])
    }

    @Test func npyLayoutOfEqualLengthsIsAMatrix() throws {
        let tmp = TempFolder()
        let g = try SineTestGenerator.make(sineYAML.replacingOccurrences(of: "values: [40, 64, 33]", with: "values: [48]") + "\nlayout: npy")
        let plan = try generate(g, into: tmp.sub("n"))
        #expect(!plan.ragged)
        let a = try NpyArray(contentsOf: URL(fileURLWithPath: tmp.sub("n/waveforms.npy")))
        #expect(a.shape == [6, 48])
        #expect(!FileManager.default.fileExists(atPath: tmp.sub("n/offsets.npy")))
    }

    @Test func rerunResumesAndRefusesAnotherConfig() throws {
        let tmp = TempFolder()
        let g = try SineTestGenerator.make(sineYAML)
        try generate(g, into: tmp.sub("full"))
        // A limited run, then the full run into the same folder, ends byte-identical.
        let limited = try generate(g, into: tmp.sub("r"), limit: 7)
        #expect(limited.itemCount == 7)
        #expect(try DatasetVerifier.verify(folder: tmp.sub("r")).problems.isEmpty)
        let before = try FileManager.default.attributesOfItem(atPath: tmp.sub("r/audio/000/000003.wav"))[.modificationDate] as? Date
        try generate(g, into: tmp.sub("r"))
        let after = try FileManager.default.attributesOfItem(atPath: tmp.sub("r/audio/000/000003.wav"))[.modificationDate] as? Date
        #expect(before == after)
        #expect(folderContents(tmp.sub("r")) == folderContents(tmp.sub("full")))
        // Another seed: refused, naming the difference, and nothing changed.
        let other = try SineTestGenerator.make(sineYAML.replacingOccurrences(of: "seed: 5", with: "seed: 6"))
        do {
            try generate(other, into: tmp.sub("r"))
            Issue.record("no error")
        } catch let e as InputError {
            #expect(e.message.contains("config.seed: 5 in the folder, 6 now"))
        }
        #expect(folderContents(tmp.sub("r")) == folderContents(tmp.sub("full")))
        // A file as output, and a foreign non-empty folder, are refused.
        try Data([1]).write(to: URL(fileURLWithPath: tmp.sub("file")))
        #expect(throws: InputError.self) { try generate(g, into: tmp.sub("file")) }
        try FileManager.default.createDirectory(atPath: tmp.sub("foreign"), withIntermediateDirectories: true)
        try Data([1]).write(to: URL(fileURLWithPath: tmp.sub("foreign/x")))
        #expect(throws: InputError.self) { try generate(g, into: tmp.sub("foreign")) }
    }

    @Test func verifyNamesCorruptedMissingAndStrayFiles() throws {
        let tmp = TempFolder()
        let out = tmp.sub("v")
        try generate(try SineTestGenerator.make(sineYAML), into: out)
        var bytes = try FileOps.readBytes(out + "/audio/000/000004.wav")
        bytes[60] ^= 1
        try Data(bytes).write(to: URL(fileURLWithPath: out + "/audio/000/000004.wav"))
        try FileManager.default.removeItem(atPath: out + "/audio/000/000009.wav")
        try Data([0]).write(to: URL(fileURLWithPath: out + "/audio/000/extra.wav"))
        let problems = try DatasetVerifier.verify(folder: out).problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix("audio/000/000004.wav: SHA-256 does not match") })
        #expect(problems.contains("audio/000/000009.wav: missing"))
        #expect(problems.contains { $0.hasPrefix("audio/000/extra.wav: not listed") })
        #expect(problems.count == 3)
    }

    @Test func verifyChecksTheFactorTables() throws {
        let tmp = TempFolder()
        let out = tmp.sub("t")
        try generate(try SineTestGenerator.make(sineYAML), into: out)
        var csv = try String(contentsOfFile: out + "/metadata.csv", encoding: .utf8)
        csv = csv.replacingOccurrences(of: "audio/000/000005.wav,plain,0,250,1,33,2", with: "audio/000/000005.wav,plain,0,250,1,64,1")
        try csv.write(toFile: out + "/metadata.csv", atomically: true, encoding: .utf8)
        var idx = try FileOps.readBytes(out + "/factors.npy")
        idx[idx.count - 4] ^= 1
        try Data(idx).write(to: URL(fileURLWithPath: out + "/factors.npy"))
        try Data(try FileOps.readBytes(out + "/factor_values.npy").dropLast(8)).write(to: URL(fileURLWithPath: out + "/factor_values.npy"))
        let problems = try DatasetVerifier.verify(folder: out).problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix("metadata.csv: row 6 is") }, "\(problems)")
        #expect(problems.contains("factors.npy: row 17 differs from the factors in dataset.json"), "\(problems)")
        #expect(problems.contains { $0.hasPrefix("factor_values.npy: shape [18, 3] float64 or size does not match") }, "\(problems)")
        #expect(problems.count == 3)
    }

    @Test func duplicatesAcrossFactorValuesAreReported() throws {
        let tmp = TempFolder()
        // amplitude 0 makes every frequency the same (silent) audio.
        let g = try SineTestGenerator.make("generator: test-sine\nheadroom: 1\nconstants: {amplitude: 0}\nfactors: [{name: frequency, values: [100, 200, 300]}, {name: length, values: [10, 20]}]")
        try generate(g, into: tmp.sub("d"))
        let report = try DatasetVerifier.verify(folder: tmp.sub("d"))
        #expect(report.problems.isEmpty)
        #expect(report.duplicates?.items == 6 && report.duplicates?.groups == 2)
    }

    @Test func jsonDifferenceNamesThePath() {
        let a = JSONValue.object([("config", .object([("seed", .integer(1)), ("x", .array([.integer(1)]))]))])
        let b = JSONValue.object([("config", .object([("seed", .integer(1)), ("x", .array([.integer(2)]))]))])
        #expect(JSONDifference.first(a, b) == "config.x[0]: 1 in the folder, 2 now")
        #expect(JSONDifference.first(a, a) == nil)
    }
}
