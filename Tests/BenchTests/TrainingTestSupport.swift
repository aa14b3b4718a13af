import Foundation
import Neural
import Testing
@testable import Bench

/// Helpers shared by the training tests.
enum TrainingTestSupport {
    /// A SynTone grid config (1 s at 16 kHz, band-limited, 16-bit WAV files) named `name`,
    /// whose `factors:` list follows as YAML lines.
    static func syntoneGrid(name: String, factors: String) -> String {
        """
        generator: syntone
        name: \(name)
        seed: 0
        sample_rate: 16000
        duration: 1.0
        oscillator: bandlimited
        format: pcm16
        layout: files
        headroom: auto
        sampling: grid
        factors:
        \(factors)
        """
    }

    /// `(loss(p + h) - loss(p - h)) / 2h` for entry `i` of `parameter`, which is restored after.
    static func centralDifference(_ parameter: Parameter, index i: Int, step h: Float, loss: () -> Double) -> Double {
        let saved = parameter.value[i]
        parameter.value[i] = saved + h
        let plus = loss()
        parameter.value[i] = saved - h
        let minus = loss()
        parameter.value[i] = saved
        return (plus - minus) / Double(2 * h)
    }

    /// Trains `config` for `total` steps in one run (checkpoint in `folder/a`) and in two, split
    /// at `split` with a restore from `folder/b` in between (final checkpoint in `folder/b`),
    /// expects both checkpoints to have the same bytes, and returns the uninterrupted run.
    @discardableResult
    static func expectResumeEqualsUninterrupted(config: TrainConfig, features: FeatureMatrix, total: Int, split: Int,
                                                folder: String) throws -> TrainingRun {
        let whole = try TrainingRun(config: config, features: features)
        for _ in 0..<total { _ = whole.trainStep() }
        try FileManager.default.createDirectory(atPath: folder + "/a", withIntermediateDirectories: true)
        try whole.writeCheckpoint(folder: folder + "/a")
        let first = try TrainingRun(config: config, features: features)
        for _ in 0..<split { _ = first.trainStep() }
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        try first.writeCheckpoint(folder: folder + "/b")
        let second = try TrainingRun(config: config, features: features)
        try second.restore(checkpoint: folder + "/b/checkpoint.safetensors")
        #expect(second.step == split)
        for _ in split..<total { _ = second.trainStep() }
        try second.writeCheckpoint(folder: folder + "/b")
        for name in ["model.safetensors", "checkpoint.safetensors"] {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/a/\(name)"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/b/\(name)"))
            #expect(a == b, "\(config.objective.name): \(name) differs after resume")
        }
        return whole
    }
}
