import Foundation
import SynCore
import SynData

/// Mean and spread of one score over a setting's training seeds.
public struct SeedStatistics: Sendable, Equatable {
    /// Mean over the seeds.
    public var mean: Double
    /// Sample standard deviation over the seeds (0 for one seed).
    public var std: Double
    /// Seeds with a defined value.
    public var count: Int

    /// The statistics of `values` (undefined values left out); nil when none is defined.
    public init?(_ values: [Double?]) {
        let defined = values.compactMap { $0 }.filter(\.isFinite)
        guard !defined.isEmpty else { return nil }
        let m = defined.reduce(0, +) / Double(defined.count)
        let variance = defined.count > 1 ? defined.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(defined.count - 1) : 0
        mean = m
        std = variance.squareRoot()
        count = defined.count
    }
}

/// The results of a study's finished cells: `results.csv` (long format), `results.json` and
/// `summary.md` (`specs/bench.md`).
public enum StudyResults {
    /// The scores of every finished cell, in the study's cell order.
    static func gather(cells: [StudyCell], out: String) throws -> [CellScores] {
        try cells.compactMap { cell in
            let path = "\(out)/\(cell.relativeFolder)/scores.json"
            guard FileOps.exists(path).exists else { return nil }
            return try CellScores(json: try JSONValue.parse(try FileOps.readText(path)), source: path)
        }
    }

    /// A CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// The long-format rows of one cell: `(metric, factor, value)`; whole-representation
    /// scores have an empty factor, probes are `probe.<linear|knn>.<measure>` and
    /// `probe.<linear|knn>.chance` per factor, training figures `train.<name>`.
    static func rows(_ scores: CellScores) -> [(metric: String, factor: String, value: Double?)] {
        var rows: [(metric: String, factor: String, value: Double?)] = scores.metrics.map { ($0.name, "", $0.value) }
        for p in scores.probes {
            rows.append(("probe.\(p.probe).\(p.measure)", p.factor, p.value))
            rows.append(("probe.\(p.probe).chance", p.factor, p.chance))
        }
        rows += scores.training.map { ("train.\($0.name)", "", $0.value) }
        return rows
    }

    /// Writes `results.csv`, `results.json` and `summary.md` into `out`; `summary` is
    /// ``summarize(_:)`` of `scores`, and `unfinished` the study's cells without scores, which
    /// `summary.md` lists and whose rows it marks.
    static func write(_ scores: [CellScores], summary: [Entry], unfinished: [StudyCell], config: StudyConfig,
                      datasets: [StudyDataset], out: String) throws {
        var csv = "dataset,method,setting,seed,metric,factor,value\n"
        for s in scores {
            for row in rows(s) {
                let fields = [s.dataset, s.method, s.setting, "\(s.seed)", row.metric, row.factor, row.value.map { "\($0)" } ?? ""]
                csv += fields.map(csvField).joined(separator: ",") + "\n"
            }
        }
        try FileOps.writeAtomically(csv, to: out + "/results.csv")
        let json = JSONValue.object([
            ("study", .string(config.name)),
            ("cells", .array(scores.map(\.json))),
            ("summary", .array(summary.map { entry in
                .object([("dataset", .string(entry.dataset)), ("method", .string(entry.method)),
                         ("setting", .string(entry.setting)), ("metric", .string(entry.metric)),
                         ("factor", .string(entry.factor)), ("mean", .number(entry.statistics.mean)),
                         ("std", .number(entry.statistics.std)), ("seeds", .integer(entry.statistics.count))])
            })),
        ])
        try FileOps.writeAtomically(json.serialized(indent: 1) + "\n", to: out + "/results.json")
        try FileOps.writeAtomically(StudySummaryTable.markdown(summary, unfinished: unfinished, config: config, datasets: datasets),
                                    to: out + "/summary.md")
    }

    /// True for the training figures that measure the machine (`train.train_seconds`,
    /// `train.samples_per_second`).
    public static func isTiming(_ metric: String) -> Bool {
        metric.hasPrefix("train.") && CellScores.timingNames.contains(String(metric.dropFirst("train.".count)))
    }

    /// One summarised score: a setting's mean and spread over seeds.
    public struct Entry: Sendable {
        /// Where it comes from.
        public var dataset: String, method: String, setting: String
        /// What it is (`mig`, `probe.knn.accuracy`, `train.kl`, ...) and for which factor.
        public var metric: String, factor: String
        /// Mean and spread over seeds.
        public var statistics: SeedStatistics
    }

    /// Every score's mean and spread over seeds, per dataset, method and setting, in first-seen
    /// order; machine-dependent timing figures are left out.
    public static func summarize(_ scores: [CellScores]) -> [Entry] {
        var order: [String] = []
        var groups: [String: (Entry, [Double?])] = [:]
        for s in scores {
            for row in rows(s) where !isTiming(row.metric) {
                let key = [s.dataset, s.method, s.setting, row.metric, row.factor].joined(separator: "\u{1F}")
                if groups[key] == nil {
                    order.append(key)
                    groups[key] = (Entry(dataset: s.dataset, method: s.method, setting: s.setting, metric: row.metric,
                                         factor: row.factor, statistics: SeedStatistics(mean: 0, std: 0, count: 0)), [])
                }
                groups[key]?.1.append(row.value)
            }
        }
        return order.compactMap { key in
            guard let (entry, values) = groups[key], let statistics = SeedStatistics(values) else { return nil }
            var e = entry
            e.statistics = statistics
            return e
        }
    }
}

extension SeedStatistics {
    /// Makes statistics from their parts.
    init(mean: Double, std: Double, count: Int) {
        self.mean = mean
        self.std = std
        self.count = count
    }
}
