import Analysis
import Foundation
import Metrics
import SynCore
import SynData

/// Trains and scores one cell of a study, in the process `synbench bench --cell` starts.
enum CellRunner {
    /// Runs `cell` into its folder under `out` unless its `scores.json` exists: trains (resuming
    /// from the cell's checkpoint when there is one), then scores the codes and writes
    /// `scores.json` last, atomically, so a cell is finished exactly when that file exists.
    static func run(_ cell: StudyCell, dataset: StudyDataset, config: StudyConfig, out: String, threads: Int, quiet: Bool) throws {
        let folder = out + "/" + cell.relativeFolder
        let scoresPath = folder + "/scores.json"
        if FileOps.exists(scoresPath).exists { return }
        try FileOps.makeDirectory(folder)
        try FileOps.writeAtomically(cell.identity.serialized(indent: 2) + "\n", to: folder + "/cell.json")
        let trainPath = folder + "/train.yaml"
        try FileOps.writeAtomically(cell.setting.trainConfigText(features: dataset.features, seed: cell.seed), to: trainPath)
        // training.json is written once training has finished, so a cell stopped while scoring
        // is scored again without retraining (and keeps its training time).
        let timingPath = folder + "/training.json"
        let trainConfig = try TrainConfig.load(path: trainPath)
        if !FileOps.exists(timingPath).exists || !FileOps.exists(folder + "/codes.npy").exists {
            let resume = FileOps.exists(folder + "/checkpoint.safetensors").exists
            let start = Date()
            let summary = try TrainingDriver.run(configPath: trainPath, out: folder, resume: resume, quiet: quiet,
                                                 handleSignals: true, jobs: threads)
            let seconds = Date().timeIntervalSince(start)
            let speed = seconds > 0 ? Double((summary.steps - summary.startStep) * trainConfig.batchSize) / seconds : 0
            let record = JSONValue.object([("steps", .integer(summary.steps)), ("resumed_from_step", .integer(summary.startStep)),
                                           ("train_seconds", .number(seconds)), ("samples_per_second", .number(speed)),
                                           ("threads", .integer(threads))])
            try FileOps.writeAtomically(record.serialized(indent: 2) + "\n", to: timingPath)
        }
        let timing = try JSONValue.parse(try FileOps.readText(timingPath))
        var training = try lastEpochMeans(log: folder + "/log.csv", items: dataset.plan.count, batchSize: trainConfig.batchSize)
        training.append(("steps", timing["steps"]?.doubleValue ?? .nan))
        training.append(("train_seconds", timing["train_seconds"]?.doubleValue ?? .nan))
        training.append(("samples_per_second", timing["samples_per_second"]?.doubleValue ?? .nan))
        let scores = try score(cell: cell, codes: folder + "/codes.npy", dataset: dataset, config: config, threads: threads,
                               training: training)
        try FileOps.writeAtomically(scores.json.serialized(indent: 2) + "\n", to: scoresPath)
    }

    /// The mean of every logged term over the last epoch's steps.
    static func lastEpochMeans(log: String, items: Int, batchSize: Int) throws -> [(name: String, value: Double)] {
        let lines = try FileOps.readText(log).split(separator: "\n").map(String.init)
        guard let header = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map(String.init) else { return [] }
        let rows = lines.dropFirst().suffix(max(1, items / max(batchSize, 1)))
        var sums = [Double](repeating: 0, count: header.count), counts = [Int](repeating: 0, count: header.count)
        for row in rows {
            for (k, field) in row.split(separator: ",", omittingEmptySubsequences: false).enumerated() where k < header.count {
                if let v = Double(field), v.isFinite { sums[k] += v; counts[k] += 1 }
            }
        }
        return header.indices.compactMap { k in
            let name = header[k]
            guard name != "step", !name.hasPrefix("kl_"), counts[k] > 0 else { return nil }
            return (name, sums[k] / Double(counts[k]))
        }
    }

    /// The study's metrics, the probes per factor and the normalised mutual information.
    static func score(cell: StudyCell, codes: String, dataset: StudyDataset, config: StudyConfig, threads: Int,
                      training: [(name: String, value: Double)]) throws -> CellScores {
        let input = try MetricSources(codes: URL(fileURLWithPath: codes), dataset: URL(fileURLWithPath: dataset.folder)).load()
        var options = MetricOptions()
        options.jobs = threads
        let descriptors = try MetricRunner.resolve(config.metrics.joined(separator: ","))
        let runs = try MetricRunner.run(descriptors, input: input, options: options, tolerateUnsupported: true)
        var metrics: [(name: String, value: Double?)] = []
        var skipped: [(metric: String, reason: String)] = []
        for run in runs {
            guard let result = run.result else {
                skipped.append((run.name, run.skipped ?? "not run"))
                continue
            }
            for score in result.scores {
                metrics.append((result.scores.count == 1 ? run.name : "\(run.name).\(score.name)", score.value))
            }
        }
        let information = try InformationMatrix(codes: input.codes, factors: input.factors, options: options)
        let normalized = (0..<information.codeCount).map { l in
            (0..<information.factorCount).map { k in
                information.factorEntropy[k] > 0 ? information.mutualInformation[l, k] / information.factorEntropy[k] : 0
            }
        }
        let probes = config.probes ? try CellProbes.measure(codes: input.codes, dataset: dataset, columns: config.probeColumns, seed: UInt64(cell.seed)) : []
        return CellScores(dataset: cell.dataset, method: cell.method, setting: cell.setting.name, seed: cell.seed,
                          metrics: metrics, skipped: skipped, probes: probes, training: training,
                          mutualInformation: normalized, miFactors: input.factorNames)
    }
}

/// The probes of the SynSpeech evaluation protocol on a cell's codes (`specs/bench.md`).
enum CellProbes {
    /// Per factor, a linear probe (multinomial logistic regression on the factor's classes for
    /// categorical and ordinal factors, ridge R^2 on its values for continuous ones) and a 5-NN
    /// probe (accuracy on the classes), both on z-scored codes with one held-out split of 20 %
    /// drawn from the cell's seed. The metadata.csv `columns` the dataset has (text or integer)
    /// follow the factors, probed as categorical factors.
    static func measure(codes: Matrix, dataset: StudyDataset, columns: [String] = [], seed: UInt64) throws -> [ProbeRecord] {
        let folder = URL(fileURLWithPath: dataset.folder)
        let factors = try NpyArray(contentsOf: folder.appendingPathComponent("factors.npy"))
        let values = try NpyArray(contentsOf: folder.appendingPathComponent("factor_values.npy"))
        let n = codes.rows, k = dataset.plan.factors.count
        guard factors.shape == [n, k], values.shape == [n, k] else {
            throw InputError("\(dataset.folder): factors.npy is \(factors.shape), expected [\(n), \(k)] for the codes")
        }
        let indices = factors.doubles(), numbers = values.doubles()
        let split = ProbeSplit.heldOut(count: n, testFraction: 0.2, seed: seed)
        var records: [ProbeRecord] = []
        for (j, factor) in dataset.plan.factors.enumerated() {
            let labels = (0..<n).map { Int(indices[$0 * k + j]) }
            guard Set(labels).count >= 2 else { continue }
            if factor.kind == .continuous {
                let score = LinearProbe.regress(codes, targets: (0..<n).map { numbers[$0 * k + j] }, split: split)
                records.append(ProbeRecord(factor: factor.name, probe: "linear", measure: "r2", value: score.value, chance: score.chance))
            } else {
                records.append(try linearClassification(codes, labels: labels, name: factor.name, split: split))
            }
            records.append(nearestNeighbours(codes, labels: labels, name: factor.name, split: split))
        }
        let present = Set(dataset.plan.extraColumns.filter { $0.kind != .number }.map(\.name))
        for name in columns where present.contains(name) {
            let column = try MetadataColumnFactor(dataset: dataset.folder, column: name)
            guard column.labels.count == n else {
                throw InputError("\(dataset.folder)/metadata.csv has \(column.labels.count) rows, expected \(n) for the codes")
            }
            guard column.classes.count >= 2 else { continue }
            records.append(try linearClassification(codes, labels: column.labels, name: name, split: split))
            records.append(nearestNeighbours(codes, labels: column.labels, name: name, split: split))
        }
        return records
    }

    /// The linear probe of class labels: multinomial logistic regression accuracy.
    private static func linearClassification(_ codes: Matrix, labels: [Int], name: String, split: ProbeSplit) throws -> ProbeRecord {
        let score = try LinearProbe.classify(codes, labels: labels, split: split)
        return ProbeRecord(factor: name, probe: "linear", measure: "accuracy", value: score.value, chance: score.chance)
    }

    /// The 5-NN probe of class labels: accuracy.
    private static func nearestNeighbours(_ codes: Matrix, labels: [Int], name: String, split: ProbeSplit) -> ProbeRecord {
        let knn = NearestNeighbourProbe.classify(codes, labels: labels, split: split, k: 5)
        return ProbeRecord(factor: name, probe: "knn", measure: "accuracy", value: knn.value, chance: knn.chance)
    }
}
