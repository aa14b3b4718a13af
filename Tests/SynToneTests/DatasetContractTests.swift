import Foundation
import Testing
import SynCore
import SynData
@testable import SynTone

/// The dataset contract of DESIGN.md on SynTone output.
@Suite struct DatasetContractTests {
    @Test func filesMatchTheRenderer() throws {
        let out = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(out) }
        let yaml = "generator: syntone\nformat: float32\nduration: 0.02\nfactors:\n  - name: waveform\n    values: [square, sine]\n  - name: frequency\n    midi: {start: 57, stop: 69, count: 2}\n"
        let plan = try DatasetFixtures.generate(yaml, file: "x.yaml", into: out + "/d")
        let csv = try String(contentsOfFile: out + "/d/metadata.csv", encoding: .utf8).split(separator: "\n")
        #expect(csv.first == "file_name,waveform,waveform_idx,frequency,frequency_idx")
        #expect(csv[1] == "audio/000/000000.wav,square,0,220,0")
        #expect(csv[4] == "audio/000/000003.wav,sine,1,440,1")
        // factor_values holds the waveform's code (square = 3), factors the list index.
        let values = try NpyArray(contentsOf: URL(fileURLWithPath: out + "/d/factor_values.npy")).doubles()
        #expect(Array(values.prefix(2)) == [3, 220])
        // Each file holds exactly the renderer's samples times the dataset gain.
        let g = try SynToneConfig.decode(file: "x.yaml", root: try ConfigValue.parseYAML(yaml, file: "x.yaml"))
        for item in 0..<4 {
            let expected = try #require(g.render(factorIndices: [item / 2, item % 2], gain: plan.gain))
            let got = try SoundFileReader(path: out + "/d/" + plan.file(of: item)).readAll()
            #expect(got == expected)
        }
        let json = try JSONValue.parse(try String(contentsOfFile: out + "/d/dataset.json", encoding: .utf8))
        #expect(json["generator"]?["name"] == .string("syntone"))
        #expect(json["factors"].map { if case let .array(a) = $0 { return a.count } else { return 0 } } == 2)
        #expect(json["constants"]?["amplitude"]?.doubleValue == 1)
        #expect(json["constants"]?["snr"] == .null)
        #expect(json["headroom"]?["gain"]?.doubleValue == plan.gain)
        #expect(json["identifiability"]?["waveform"]?["total"] == .integer(4))
    }

    /// A duration factor with layout npy stores the tones ragged, each exactly its own length
    /// (duration x sample rate), never zero-padded to the longest.
    @Test func durationFactorWithNpyLayoutIsRagged() throws {
        let out = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(out) }
        let yaml = "generator: syntone\nlayout: npy\nfactors:\n  - name: frequency\n    values: [220, 440]\n  - name: duration\n    values: [0.01, 0.025]\n"
        let plan = try DatasetFixtures.generate(yaml, file: "r.yaml", into: out + "/d")
        #expect(plan.ragged)
        let offsets = try NpyArray(contentsOf: URL(fileURLWithPath: out + "/d/offsets.npy")).integers(source: "offsets.npy")
        #expect(offsets == [0, 160, 560, 720, 1120])
        let waves = try NpyArray(contentsOf: URL(fileURLWithPath: out + "/d/waveforms.npy"))
        #expect(waves.shape == [1120])
        let samples = waves.doubles().map(Float.init)
        let g = try SynToneConfig.decode(file: "r.yaml", root: try ConfigValue.parseYAML(yaml, file: "r.yaml"))
        for item in 0..<4 {
            let expected = try #require(g.render(factorIndices: [item / 2, item % 2], gain: plan.gain))
            #expect(Array(samples[offsets[item]..<offsets[item + 1]]) == expected)
        }
        #expect(try DatasetVerifier.verify(folder: out + "/d").problems.isEmpty)
    }

    @Test func randomSamplingIsReproducibleAndNoisy() throws {
        let out = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(out) }
        let yaml = "generator: syntone\nsampling: random\ncount: 6\nduration: 0.02\nformat: float32\nfactors:\n  - name: frequency\n    random: {min: 200, max: 2000, scale: log, bins: 4}\n  - name: snr\n    values: [10, 20]\n"
        try DatasetFixtures.generate(yaml, file: "r.yaml", into: out + "/a", jobs: 1)
        try DatasetFixtures.generate(yaml, file: "r.yaml", into: out + "/b", jobs: 2)
        #expect(DatasetFixtures.treeDigest(out + "/a") == DatasetFixtures.treeDigest(out + "/b"))
        let idx = try NpyArray(contentsOf: URL(fileURLWithPath: out + "/a/factors.npy")).integers(source: "f")
        #expect(idx.count == 12 && idx.allSatisfy { $0 >= 0 && $0 < 4 })
        let other = yaml.replacingOccurrences(of: "count: 6", with: "count: 6\nseed: 1")
        try DatasetFixtures.generate(other, file: "r.yaml", into: out + "/c")
        #expect(try String(contentsOfFile: out + "/c/SHA256SUMS", encoding: .utf8)
                != String(contentsOfFile: out + "/a/SHA256SUMS", encoding: .utf8))
    }

    @Test func autoHeadroomPutsTheLoudestSampleJustBelowMinusOneDBFS() throws {
        let out = DatasetFixtures.tempFolder()
        defer { DatasetFixtures.remove(out) }
        let yaml = "generator: syntone\nformat: float32\nlayout: npy\nduration: 0.05\nfactors:\n  - name: waveform\n    values: [sine, triangle, sawtooth, square]\n  - name: amplitude\n    values: [0.5, 1]\n  - name: frequency\n    values: [220, 1000, 3000]\n"
        let plan = try DatasetFixtures.generate(yaml, file: "h.yaml", into: out + "/d")
        let a = try NpyArray(contentsOf: URL(fileURLWithPath: out + "/d/waveforms.npy"))
        let peak = a.bytes.withUnsafeBytes { $0.bindMemory(to: Float.self).reduce(0) { max($0, abs($1)) } }
        let target = HeadroomSetting.autoTargetPeak
        #expect(Double(peak) <= target, "peak \(peak)")
        #expect(Double(peak) >= 0.97 * target, "peak \(peak) is far below the -1 dBFS target (gain \(plan.gain))")
        // One gain for every item: amplitudes stay exactly proportional (0.5 vs 1).
        let t = plan.maxSamples
        let rows = a.bytes.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
        for w in 0..<4 {
            for f in 0..<3 {
                let half = (w * 6 + f) * t, full = (w * 6 + 3 + f) * t
                for j in stride(from: 0, to: t, by: 97) {
                    #expect(abs(Double(rows[half + j]) * 2 - Double(rows[full + j])) <= 2e-7)
                }
            }
        }
    }
}
