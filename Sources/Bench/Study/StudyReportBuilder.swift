import DSP
import Foundation
import Neural
import SynCore
import SynData

/// Gathers a study's finished cells into the report's data (``StudyReport``) and writes
/// `report.html`: dataset cards, the summary, MI heat maps, training curves and probes of every
/// method, and latent traversals (decoded spectrograms and their Griffin-Lim audio) of the
/// first finished seed of each method's first setting.
enum StudyReportBuilder {
    /// Writes `out/report.html`; returns its path.
    static func write(_ scores: [CellScores], entries: [StudyResults.Entry], config: StudyConfig, datasets: [StudyDataset], out: String,
                      quiet: Bool) throws -> String {
        let settingsPerMethod = Dictionary(grouping: scores, by: \.method).mapValues { Set($0.map(\.setting)).count }
        func label(_ method: String, _ setting: String) -> String {
            (settingsPerMethod[method] ?? 1) > 1 ? "\(method) \(setting)" : method
        }
        var summary: [SummaryRow] = []
        var probes: [ProbeRow] = []
        for e in entries {
            let method = label(e.method, e.setting)
            if e.metric.hasPrefix("probe.") {
                let parts = e.metric.split(separator: ".")
                guard parts.count == 3, parts[2] != "chance" else { continue }
                let chance = entries.first { $0.dataset == e.dataset && $0.method == e.method && $0.setting == e.setting
                    && $0.factor == e.factor && $0.metric == "probe.\(parts[1]).chance" }?.statistics.mean ?? 0
                probes.append(ProbeRow(dataset: e.dataset, method: method, factor: e.factor, kind: String(parts[1]),
                                       mean: e.statistics.mean, std: e.statistics.std, chance: chance))
            } else if !e.metric.hasPrefix("train.") {
                summary.append(SummaryRow(dataset: e.dataset, method: method, metric: e.metric, factor: e.factor.isEmpty ? nil : e.factor,
                                          mean: e.statistics.mean, std: e.statistics.std, count: e.statistics.count))
            }
        }
        // One representative cell per dataset and method: the first setting's first finished seed.
        var representatives: [CellScores] = []
        for s in scores where !representatives.contains(where: { $0.dataset == s.dataset && $0.method == s.method }) {
            representatives.append(s)
        }
        var miMatrices: [MIMatrix] = []
        var curves: [TrainingCurve] = []
        var traversals: [Traversal] = []
        var items: [String: FeatureMatrix] = [:]
        for cell in representatives {
            let method = label(cell.method, cell.setting)
            miMatrices.append(MIMatrix(dataset: cell.dataset, method: method, seed: cell.seed, latentCount: cell.mutualInformation.count,
                                       factorNames: cell.miFactors, values: cell.mutualInformation, unit: "I(z; v) / H(v)"))
            let folder = "\(out)/cells/\(cell.dataset)/\(cell.method)/\(cell.setting)/seed-\(cell.seed)"
            if let curve = try? trainingCurve(log: folder + "/log.csv", dataset: cell.dataset, method: method, seed: cell.seed) {
                curves.append(curve)
            }
            if let dataset = datasets.first(where: { $0.label == cell.dataset }) {
                // The features file may be gigabytes: read once per dataset, keep only the item.
                if items[dataset.label] == nil { items[dataset.label] = try traversalItem(dataset: dataset, config: config) }
                if let item = items[dataset.label],
                   let traversal = try traversal(checkpoint: folder + "/model.safetensors", item: item, dataset: dataset,
                                                 method: method, seed: cell.seed, config: config) {
                    traversals.append(traversal)
                }
            }
        }
        let cards = datasets.map { d in
            DatasetCard(name: d.label, itemCount: d.plan.count,
                        factors: d.plan.factors.map { FactorCard(name: $0.name, kind: $0.kind.rawValue, valueCount: $0.levelCount) },
                        identifiability: identifiabilityText(d.plan))
        }
        var methods: [String] = []
        for s in scores where !methods.contains(label(s.method, s.setting)) { methods.append(label(s.method, s.setting)) }
        let report = StudyReport(title: config.name, configText: config.text, generatedBy: "synbench bench",
                                 datasets: cards, methods: methods, seeds: config.seeds, summary: summary,
                                 miMatrices: miMatrices, curves: curves, probes: probes, traversals: traversals)
        let path = out + "/report.html"
        try FileOps.writeAtomically(ReportPage.render(report), to: path)
        return path
    }

    /// The identifiability report of a dataset in one sentence.
    static func identifiabilityText(_ plan: DatasetPlan) -> String {
        let counts = plan.identifiabilityCounts
        guard !counts.isEmpty else { return "No identifiability report for this generator." }
        return counts.map { c in
            c.unidentifiable == 0
                ? "\(c.factor) is identifiable from the audio for all \(c.total) items."
                : "\(c.factor) is not identifiable from the audio for \(c.unidentifiable) of \(c.total) items (\(String(format: "%.1f", 100 * c.fraction)) %)."
        }.joined(separator: " ")
    }

    /// Every logged term of a cell against the step (log.csv).
    static func trainingCurve(log: String, dataset: String, method: String, seed: Int) throws -> TrainingCurve {
        let lines = try FileOps.readText(log).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        guard let header = lines.first else { throw InputError("\(log): empty") }
        let keep = header.indices.filter { header[$0] != "step" && !header[$0].hasPrefix("kl_") }
        var steps: [Int] = []
        var series = [[Double]](repeating: [], count: keep.count)
        for row in lines.dropFirst() where row.count == header.count {
            guard let step = Int(row[0]) else { continue }
            steps.append(step)
            for (j, k) in keep.enumerated() { series[j].append(Double(row[k]) ?? .nan) }
        }
        let kept = keep.enumerated().filter { j, _ in series[j].contains { $0.isFinite } }
        return TrainingCurve(dataset: dataset, method: method, seed: seed, steps: steps,
                             series: kept.map { j, k in CurveSeries(name: String(header[k]), values: series[j]) })
    }

    /// The features of the traversal's fixed item (`traversal.item`, checked against the
    /// dataset's size when the study was read).
    static func traversalItem(dataset: StudyDataset, config: StudyConfig) throws -> FeatureMatrix {
        let features = try FeatureMatrix(npy: dataset.features)
        let item = min(config.traversalItem, features.count - 1)
        let plane = features.height * features.width
        return FeatureMatrix(count: 1, height: features.height, width: features.width,
                             values: Array(features.values[(item * plane)..<((item + 1) * plane)]))
    }

    /// Decoded spectrograms varying one latent at a time (the item's posterior mean with that
    /// latent set to each of `steps` values from -range to range) and their audio; nil for a
    /// checkpoint without a decoder (Barlow Twins, MBT).
    static func traversal(checkpoint: String, item: FeatureMatrix, dataset: StudyDataset, method: String, seed: Int,
                          config: StudyConfig) throws -> Traversal? {
        let model = try CheckpointEncoder(path: checkpoint, decoder: true)
        guard model.hasDecoder, let recipe = model.recipe else { return nil }
        let plane = item.height * item.width
        let mean = model.encode(item).codes
        let latent = mean.count
        let values = (0..<config.traversalSteps).map { -config.traversalRange + 2 * config.traversalRange * Double($0) / Double(config.traversalSteps - 1) }
        var z: [Float] = []
        for l in 0..<latent {
            for v in values {
                var row = mean
                row[l] = Float(v)
                z += row
            }
        }
        let decoded = model.decode(z)
        let spectrograms = (0..<latent).map { l in
            values.indices.map { k in Array(decoded[((l * values.count + k) * plane)..<((l * values.count + k + 1) * plane)]) }
        }
        let audio = try TraversalAudio.render(spectrograms: spectrograms, width: item.width, preset: recipe.preset,
                                              sampleRate: Double(dataset.plan.sampleRate), compression: recipe.compression,
                                              scaling: LogMelScaling(recipe: recipe), seed: UInt64(seed))
        return Traversal(dataset: dataset.label, method: method, seed: seed, values: values, height: item.height,
                         width: item.width, spectrograms: spectrograms, audio: audio, sampleRate: dataset.plan.sampleRate)
    }
}

extension LogMelScaling {
    /// The map undoing the normalisation a checkpoint's training features had.
    init(recipe: FeatureRecipe) {
        let constants = NormalizationConstants(recipe.statistics, normalization: recipe.normalization)
        self.init(shift: constants.shift, scale: constants.scale)
    }
}
