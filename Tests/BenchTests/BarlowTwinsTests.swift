import Foundation
import Neural
import SynCore
import SynData
import Testing
@testable import Bench

/// Barlow Twins and MBT: the loss's hand-written gradients against finite differences (Double),
/// MBT's scale invariance, the seeded augmentations, the config keys, the whole step against
/// finite differences (Float), a short run whose loss falls, and resume byte-identity.
@Suite struct BarlowTwinsTests {
    let n = 6, d = 4

    func views(seed: UInt64) -> ([Double], [Double]) {
        var g = Xoshiro256StarStar(seed: seed)
        let a = (0..<(n * d)).map { _ in g.nextGaussian() }
        let b = a.map { $0 + 0.5 * g.nextGaussian() }
        return (a, b)
    }

    /// Largest |analytic - central difference| over both views' inputs, relative to the
    /// largest analytic gradient.
    func relativeError(normalize: Bool, seed: UInt64) -> Double {
        let (a, b) = views(seed: seed)
        let lambda = 0.3
        let r = BarlowTwinsLoss.evaluate(a: a, b: b, batch: n, dimensions: d, lambda: lambda, normalize: normalize)
        let h = 1e-6
        var worst = 0.0, scale = 0.0
        for which in 0..<2 {
            let analytic = which == 0 ? r.gradA : r.gradB
            for i in 0..<(n * d) {
                var inputs = [a, b]
                inputs[which][i] += h
                let plus = BarlowTwinsLoss.evaluate(a: inputs[0], b: inputs[1], batch: n, dimensions: d, lambda: lambda, normalize: normalize).loss
                inputs[which][i] -= 2 * h
                let minus = BarlowTwinsLoss.evaluate(a: inputs[0], b: inputs[1], batch: n, dimensions: d, lambda: lambda, normalize: normalize).loss
                worst = max(worst, abs((plus - minus) / (2 * h) - analytic[i]))
                scale = max(scale, abs(analytic[i]))
            }
        }
        return worst / scale
    }

    @Test(arguments: [false, true])
    func lossGradientsMatchFiniteDifferences(normalize: Bool) {
        for seed: UInt64 in [1, 2] {
            let error = relativeError(normalize: normalize, seed: seed)
            print("\(normalize ? "MBT" : "Barlow Twins") loss, seed \(seed): finite-difference relative error \(error)")
            #expect(error < 1e-6)
        }
    }

    @Test func lossOfKnownCorrelation() {
        // Identical views: C is the correlation matrix of a, so C_ii = var/(var + eps) ~ 1.
        let (a, _) = views(seed: 3)
        let r = BarlowTwinsLoss.evaluate(a: a, b: a, batch: n, dimensions: d, lambda: 1, normalize: false)
        #expect(r.invariance < 1e-6)
        var worst = 0.0
        for i in 0..<d {
            for j in 0..<d where i != j {
                let s = BarlowTwinsLoss.standardized(a, n: n, d: d).values
                let c = (0..<n).map { s[$0 * d + i] * s[$0 * d + j] }.reduce(0, +) / Double(n)
                worst += c * c
            }
        }
        #expect(abs(r.redundancy - worst) < 1e-12)
    }

    @Test func mbtIsInvariantToPerSampleScale() {
        let (a, b) = views(seed: 4)
        var scaled = a
        for j in 0..<d { scaled[2 * d + j] *= 7 }  // one sample of view a, seven times larger
        let mbt = BarlowTwinsLoss.evaluate(a: a, b: b, batch: n, dimensions: d, lambda: 5e-3, normalize: true).loss
        let mbtScaled = BarlowTwinsLoss.evaluate(a: scaled, b: b, batch: n, dimensions: d, lambda: 5e-3, normalize: true).loss
        let bt = BarlowTwinsLoss.evaluate(a: a, b: b, batch: n, dimensions: d, lambda: 5e-3, normalize: false).loss
        let btScaled = BarlowTwinsLoss.evaluate(a: scaled, b: b, batch: n, dimensions: d, lambda: 5e-3, normalize: false).loss
        #expect(abs(mbt - mbtScaled) < 1e-9 * max(1, abs(mbt)))
        #expect(abs(bt - btScaled) > 1e-3)
    }

    @Test func augmentationsAreSeededAndDoWhatTheySay() {
        var g = Xoshiro256StarStar(seed: 9)
        let h = 8, w = 6, count = 3
        let x = (0..<(count * h * w)).map { _ in g.nextFloat() }
        let aug = SpectrogramAugmentation(timeMask: 2, frequencyMask: 3, gain: 0.5, noise: 0.1, timeShift: 2)
        var first = x, second = x, third = x
        var r1 = Xoshiro256StarStar(seed: 1), r2 = Xoshiro256StarStar(seed: 1), r3 = Xoshiro256StarStar(seed: 2)
        aug.apply(to: &first, count: count, height: h, width: w, rng: &r1)
        aug.apply(to: &second, count: count, height: h, width: w, rng: &r2)
        aug.apply(to: &third, count: count, height: h, width: w, rng: &r3)
        #expect(first == second)
        #expect(first != third && first != x)
        // All ranges zero: the identity.
        var same = x
        var r4 = Xoshiro256StarStar(seed: 1)
        SpectrogramAugmentation(timeMask: 0, frequencyMask: 0, gain: 0, noise: 0, timeShift: 0)
            .apply(to: &same, count: count, height: h, width: w, rng: &r4)
        #expect(same == x)
        // Shift only: each row is a circular shift of the original row by the same amount.
        var shifted = Array(x[0..<(h * w)])
        var r5 = Xoshiro256StarStar(seed: 5)
        SpectrogramAugmentation(timeMask: 0, frequencyMask: 0, gain: 0, noise: 0, timeShift: 2)
            .apply(to: &shifted, count: 1, height: h, width: w, rng: &r5)
        let s = (-2...2).first { s in (0..<h).allSatisfy { r in (0..<w).allSatisfy { c in shifted[r * w + ((c + s) % w + w) % w] == x[r * w + c] } } }
        #expect(s != nil)
        // Gain only: one constant offset per item, within the range.
        var gained = x
        var r6 = Xoshiro256StarStar(seed: 6)
        SpectrogramAugmentation(timeMask: 0, frequencyMask: 0, gain: 0.5, noise: 0, timeShift: 0)
            .apply(to: &gained, count: count, height: h, width: w, rng: &r6)
        for item in 0..<count {
            let offsets = (0..<(h * w)).map { gained[item * h * w + $0] - x[item * h * w + $0] }
            #expect(offsets.allSatisfy { abs($0 - offsets[0]) < 1e-5 } && abs(offsets[0]) < 0.5)
        }
    }

    func config(_ name: String, steps: Int, projector: [Int] = [32, 32, 16]) -> TrainConfig {
        let settings = BarlowTwinsSettings(normalizeEmbeddings: name == "mbt", projector: projector)
        return TrainConfig(file: "test.yaml", dataset: nil, features: "x.npy", preset: .paper, architecture: .syntonePaper,
                           objective: .barlowTwins(settings), latents: 4, batchSize: 16, steps: steps, epochs: nil,
                           learningRate: 1e-3, seed: 5, checkpointEvery: 100)
    }

    /// Random features `[n, 1, 16, 8]` with some structure: each item is a random level plus noise.
    func features(_ count: Int, seed: UInt64) -> FeatureMatrix {
        var g = Xoshiro256StarStar(seed: seed)
        var values: [Float] = []
        for _ in 0..<count {
            let level = g.nextFloat(), slope = g.nextFloat()
            for r in 0..<16 { for _ in 0..<8 { values.append(level + slope * Float(r) / 16 + 0.1 * g.nextFloat()) } }
        }
        return FeatureMatrix(count: count, height: 16, width: 8, values: values)
    }

    @Test func configKeys() throws {
        let folder = NSTemporaryDirectory() + "synbench-bt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let base = "features: x.npy\narchitecture: syntone-paper\nsteps: 2\nobjective: "
        try (base + "{name: mbt, lambda: 0.01, projector: [64, 32], time_mask: 2, frequency_mask: 5, gain: 0.2, noise: 0, time_shift: 1}\n")
            .write(toFile: folder + "/a.yaml", atomically: true, encoding: .utf8)
        let c = try TrainConfig.load(path: folder + "/a.yaml")
        let expected = BarlowTwinsSettings(normalizeEmbeddings: true, lambda: 0.01, projector: [64, 32],
                                           augmentation: SpectrogramAugmentation(timeMask: 2, frequencyMask: 5, gain: 0.2, noise: 0, timeShift: 1))
        #expect(c.objective == .barlowTwins(expected))
        try (base + "{name: barlow-twins}\n").write(toFile: folder + "/b.yaml", atomically: true, encoding: .utf8)
        #expect(try TrainConfig.load(path: folder + "/b.yaml").objective == .barlowTwins(BarlowTwinsSettings(normalizeEmbeddings: false)))
        for (k, bad) in ["{name: barlow-twins, beta: 4}", "{name: mbt, projector: []}", "{name: mbt, projector: [0]}",
                         "{name: mbt, time_mask: -1}", "{name: beta-vae, lambda: 1}"].enumerated() {
            try (base + bad + "\n").write(toFile: folder + "/bad\(k).yaml", atomically: true, encoding: .utf8)
            #expect(throws: ConfigError.self, "\(bad)") { try TrainConfig.load(path: folder + "/bad\(k).yaml") }
        }
    }

    /// The whole step (augment, encoder, mu, projector with batch norm and ReLU, loss) against
    /// central differences in Float32 on eight weights each of mu, the first projector dense,
    /// its batch norm and the last dense: the wiring of the backward pass. Dropping view b's code
    /// gradient, not summing the two projector instances' gradients, or skipping the L2
    /// normalisation's projection in the backward pass each leaves at most 2 of 8 entries of some
    /// weight agreeing (tried).
    /// ReLU kinks crossed by a step of 1e-2 could make single entries disagree, so for each of
    /// the four at least 6 of 8 entries must agree within 3%.
    @Test func wholeStepMatchesFiniteDifferences() throws {
        // One hidden projector layer: fewer ReLU kinks for the finite differences to cross.
        let run = try TrainingRun(config: config("mbt", steps: 1, projector: [16, 8]), features: features(16, seed: 3))
        guard let bt = run.barlowTwins else { Issue.record("no Barlow Twins objective"); return }
        let x = Tensor(shape: [16, 1, 16, 8])
        x.assign(run.features.values)
        func loss() -> Double {
            var g = Xoshiro256StarStar(seed: 77)
            return bt.step(model: run.model, x: x, rng: &g).loss
        }
        _ = loss()
        let params = bt.trainableParameters(of: run.model)
        let chosen = params.filter { ["mu.weight", "proj.0.weight", "proj.1.weight", "proj.3.weight"].contains($0.name) }
        #expect(chosen.count == 4)
        let indices = chosen.map { p in (0..<8).map { $0 * 7 % p.value.count } }
        let analytic = zip(chosen, indices).map { p, idx in idx.map { Double(p.gradient[$0]) } }
        var agreeing: [Int] = []
        for (k, p) in chosen.enumerated() {
            var agree = 0
            let scale = analytic[k].map(abs).max() ?? 0
            for (t, i) in indices[k].enumerated() {
                let numeric = TrainingTestSupport.centralDifference(p, index: i, step: 1e-2, loss: loss)
                if abs(numeric - analytic[k][t]) <= 0.03 * max(abs(analytic[k][t]), 0.1 * scale) { agree += 1 }
            }
            agreeing.append(agree)
        }
        let counts = zip(chosen.map(\.name), agreeing).map { "\($0) \($1)" }.joined(separator: ", ")
        print("MBT whole step (Float32, h 1e-2): entries within 3% of central differences, of 8 each: \(counts)")
        #expect(agreeing.allSatisfy { $0 >= 6 })
    }

    @Test(arguments: ["barlow-twins", "mbt"])
    func shortRunLearnsAndWritesCodes(name: String) throws {
        let run = try TrainingRun(config: config(name, steps: 120), features: features(64, seed: 1))
        var losses: [Double] = []
        for _ in 0..<120 { losses.append(run.trainStep().loss) }
        let early = losses.prefix(8).reduce(0, +) / 8, late = losses.suffix(8).reduce(0, +) / 8
        print("\(name) short run: loss (mean of 8 steps) \(early) -> \(late)")
        #expect(losses.allSatisfy { $0.isFinite })
        #expect(late < 0.7 * early)
        let codes = run.codes()
        #expect(codes.count == 64 * 4 && codes.allSatisfy { $0.isFinite })
    }

    @Test func resumeEqualsUninterrupted() throws {
        let folder = NSTemporaryDirectory() + "synbench-bt-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let f = features(48, seed: 2)
        let whole = try TrainingTestSupport.expectResumeEqualsUninterrupted(config: config("mbt", steps: 6), features: f,
                                                                            total: 6, split: 4, folder: folder)
        let (tensors, meta) = try SafeTensors.read(path: folder + "/a/model.safetensors")
        let names = Set(tensors.map(\.name))
        #expect(names.contains("proj.0.weight") && names.contains("proj.1.running_var") && names.contains("mu.weight"))
        #expect(!names.contains("dfc.0.weight") && !names.contains("logvar.weight"))
        #expect(meta["proj_num_batches_tracked"] == "12")
        // The encoder loads from a Barlow Twins checkpoint and gives the trainer's codes.
        let encoder = try CheckpointEncoder(path: folder + "/a/model.safetensors")
        let gap = zip(encoder.encode(f, batchSize: 16).codes, whole.codes()).map { abs($0 - $1) }.max() ?? 1
        #expect(gap < 1e-6)
        // A Barlow Twins checkpoint does not resume an MBT run.
        let other = try TrainingRun(config: config("barlow-twins", steps: 6), features: f)
        #expect(throws: CheckpointMismatchError.self) { try other.restore(checkpoint: folder + "/a/checkpoint.safetensors") }
    }

    /// `synbench train` with an MBT config: the log has the Barlow Twins columns, `codes.npy` is
    /// `[N, latents]` and equals what `synbench encode` gives from `model.safetensors`.
    @Test func trainCommandWritesBarlowTwinsRun() throws {
        let folder = NSTemporaryDirectory() + "synbench-bt-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let f = features(32, seed: 8)
        try NpyWriter.write(f.values, shape: [f.count, 1, f.height, f.width], to: URL(fileURLWithPath: folder + "/x.npy"))
        try """
        features: x.npy
        architecture: syntone-paper
        objective: {name: mbt, projector: [16, 8]}
        latents: 3
        batch_size: 8
        steps: 6
        lr: 0.001
        checkpoint_every: 4
        """.write(toFile: folder + "/run.yaml", atomically: true, encoding: .utf8)
        let train = try SynbenchProcess.run(["train", folder + "/run.yaml", "--out", folder + "/out", "--quiet"], capture: .standardError)
        #expect(train.status == 0, "\(train.output)")
        let log = try String(contentsOfFile: folder + "/out/log.csv", encoding: .utf8).split(separator: "\n")
        #expect(log.first == "step,loss,invariance,redundancy" && log.count == 7, "\(log)")
        let encode = try SynbenchProcess.run(["encode", folder + "/out/model.safetensors", folder + "/x.npy", "--out", folder + "/z.npy"],
                                             capture: .standardError)
        #expect(encode.status == 0, "\(encode.output)")
        let codes = try NpyArray(contentsOf: URL(fileURLWithPath: folder + "/out/codes.npy"))
        let z = try NpyArray(contentsOf: URL(fileURLWithPath: folder + "/z.npy"))
        #expect(codes.shape == [32, 3] && z.shape == [32, 3])
        let gap = zip(codes.doubles(), z.doubles()).map { abs($0 - $1) }.max() ?? 1
        #expect(gap < 1e-5)
    }
}
