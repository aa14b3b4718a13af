import DSP
import Foundation
import SynCore
import SynData
import Testing
@testable import Bench

/// A checkpoint records how its training features were made, and `synbench encode` featurises
/// another dataset with the training statistics instead of refitting them.
@Suite struct FeatureRecipeTests {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "synbench-recipe-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A 12-item SynTone grid with amplitudes from `low` to `high` and frequencies from
    /// `lowHz` to `highHz`.
    func writeDataset(folder: String, name: String, low: Double, high: Double, lowHz: Double = 220, highHz: Double = 880) throws {
        let yaml = TrainingTestSupport.syntoneGrid(name: name, factors: """
          - name: waveform
            values: [sine, \(name == "other" ? "sawtooth" : "square")]
          - name: amplitude
            linear: {start: \(low), stop: \(high), count: 2}
          - name: frequency
            log: {start: \(lowHz), stop: \(highHz), count: 3}
        """)
        try yaml.write(toFile: "\(folder)/\(name).yaml", atomically: true, encoding: .utf8)
        let run = try SynbenchProcess.run(["generate", "\(folder)/\(name).yaml", "--out", "\(folder)/\(name)", "--quiet"],
                                          capture: .standardError)
        #expect(run.status == 0, "\(run.output)")
    }

    @Test func metadataRoundTripsEveryField() throws {
        var preset = FeaturePreset.mel64
        preset.padding = .constant
        let statistics = FeatureStatistics(floor: -100.000000000001, ceiling: 12.5, mean: -61.25, standardDeviation: 0.1 + 0.2)
        for compression in [LogCompression.decibels(amin: 1e-10, topDB: 80), .decibels(amin: 1e-8, topDB: nil),
                            .natural(offset: 1e-6), .none] {
            let recipe = FeatureRecipe(preset: preset, compression: compression, normalization: .standard, fit: .start,
                                       statistics: statistics)
            let back = try FeatureRecipe(metadata: recipe.metadata, source: "test")
            #expect(back == recipe)
        }
        #expect(try FeatureRecipe(metadata: ["format": "synbench-checkpoint-1"], source: "x") == nil)
        var broken = FeatureRecipe(preset: .paper, compression: .librosaDecibels, normalization: .minmax, fit: .center,
                                   statistics: statistics).metadata
        broken["features.floor"] = "low"
        #expect(throws: CheckpointMismatchError.self) { try FeatureRecipe(metadata: broken, source: "x") }
    }

    @Test func encodeAppliesTheTrainingStatistics() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try writeDataset(folder: folder, name: "loud", low: 0.5, high: 1.0)
        try writeDataset(folder: folder, name: "other", low: 0.1, high: 1.0, lowHz: 1000, highHz: 4000)
        let config = """
        dataset: loud
        preset: paper
        architecture: syntone-paper
        objective: {name: beta-vae, beta: 4}
        latents: 3
        batch_size: 4
        steps: 2
        lr: 0.001
        seed: 1
        """
        try config.write(toFile: folder + "/run.yaml", atomically: true, encoding: .utf8)
        let train = try SynbenchProcess.run(["train", folder + "/run.yaml", "--out", folder + "/run", "--quiet"], capture: .standardError)
        #expect(train.status == 0, "\(train.output)")

        // The checkpoint's recipe is the training features' sidecar.
        let encoder = try CheckpointEncoder(path: folder + "/run/model.safetensors")
        let sidecar = try #require(FeatureRecipe(sidecar: folder + "/run/features.json"))
        #expect(encoder.recipe == sidecar)

        let encode = try SynbenchProcess.run(["encode", folder + "/run/model.safetensors", folder + "/other", "--out", folder + "/z.npy"],
                                             capture: .standardError)
        #expect(encode.status == 0, "\(encode.output)")
        let encoded = try NpyArray(contentsOf: URL(fileURLWithPath: folder + "/z.npy")).doubles()

        let recipe = try #require(encoder.recipe)
        func codes(_ options: FeatureOptions, _ name: String) throws -> [Double] {
            try DatasetFeatures.extract(folder: folder + "/other", to: "\(folder)/\(name).npy", options: options)
            return encoder.encode(try FeatureMatrix(npy: "\(folder)/\(name).npy")).codes.map(Double.init)
        }
        let withTraining = try codes(recipe.options(jobs: 1, quiet: true), "fixed")
        let refitted = try codes(FeatureOptions(preset: .paper, quiet: true), "refit")
        #expect(encoded == withTraining)
        // The other set's own statistics give other features, so other codes.
        let gap = zip(encoded, refitted).map { abs($0 - $1) }.max() ?? 0
        #expect(gap > 1e-4, "codes with refitted statistics should differ; largest gap \(gap)")
        let own = try #require(FeatureRecipe(sidecar: folder + "/refit.json"))
        #expect(own.statistics != recipe.statistics)
        #expect(try #require(FeatureRecipe(sidecar: folder + "/fixed.json")).statistics == recipe.statistics)
    }

    @Test func refusalsLeaveNothingBehind() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try writeDataset(folder: folder, name: "small", low: 0.5, high: 1.0)
        let base = """
        dataset: small
        architecture: syntone-paper
        objective: {name: vae}
        latents: 2
        steps: 2
        lr: 0.001
        """
        // More items per batch than the dataset has: refused before featurising.
        try (base + "\nbatch_size: 16\n").write(toFile: folder + "/big.yaml", atomically: true, encoding: .utf8)
        let big = try SynbenchProcess.run(["train", folder + "/big.yaml", "--out", folder + "/big", "--quiet"], capture: .standardError)
        #expect(big.status == 2 && big.output.contains("batch_size 16 is larger than the dataset (12 items"), "\(big.output)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/big"))

        // Resuming with fewer steps than the checkpoint has taken is refused, the run untouched.
        try (base + "\nbatch_size: 4\n").write(toFile: folder + "/run.yaml", atomically: true, encoding: .utf8)
        let run = try SynbenchProcess.run(["train", folder + "/run.yaml", "--out", folder + "/run", "--quiet"], capture: .standardError)
        #expect(run.status == 0, "\(run.output)")
        let before = try Data(contentsOf: URL(fileURLWithPath: folder + "/run/checkpoint.safetensors"))
        try (base.replacingOccurrences(of: "steps: 2", with: "steps: 1") + "\nbatch_size: 4\n")
            .write(toFile: folder + "/short.yaml", atomically: true, encoding: .utf8)
        let short = try SynbenchProcess.run(["train", folder + "/short.yaml", "--out", folder + "/run", "--resume", "--quiet"],
                                            capture: .standardError)
        #expect(short.status == 2 && short.output.contains("at step 2, past this config's 1 steps"), "\(short.output)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/run/checkpoint.safetensors")) == before)

        // encode into a folder that does not exist names the folder, not a temporary file.
        let encode = try SynbenchProcess.run(["encode", folder + "/run/model.safetensors", folder + "/small",
                                              "--out", folder + "/missing/z.npy"], capture: .standardError)
        #expect(encode.status == 2 && encode.output.contains("folder \(folder)/missing does not exist"), "\(encode.output)")
    }
}
