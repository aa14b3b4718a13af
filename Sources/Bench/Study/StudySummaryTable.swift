import Foundation
import SynData

/// `summary.md`: per dataset, methods x scores with mean +- standard deviation over training
/// seeds, the best mean of each column in bold; then the probes per factor and the training
/// figures. Cells that did not finish are listed, and the rows they belong to say which seeds
/// their means are over.
enum StudySummaryTable {
    /// The markdown of `entries` (from ``StudyResults/summarize(_:)``); `unfinished` are the
    /// study's cells without scores.
    static func markdown(_ entries: [StudyResults.Entry], unfinished: [StudyCell] = [], config: StudyConfig,
                         datasets: [StudyDataset]) -> String {
        var text = "# \(config.name): summary\n\n"
        text += "Mean +- standard deviation over training seeds (\(config.seeds.map(String.init).joined(separator: ", "))); "
        text += "the best mean of each column is in bold. Written by `synbench bench \(config.file)`.\n"
        if !unfinished.isEmpty {
            let n = unfinished.count
            text += "\n**\(n) cell\(n == 1 ? "" : "s") did not finish** and \(n == 1 ? "is" : "are") left out of the means "
            text += n == 1 ? "(rerun the study to resume it); its row names the seeds it is over:\n\n"
                : "(rerun the study to resume them); their rows name the seeds they are over:\n\n"
            for cell in unfinished { text += "- `\(cell.relativeFolder)`\n" }
        }
        for dataset in datasets {
            let rows = entries.filter { $0.dataset == dataset.label }
            guard !rows.isEmpty else { continue }
            let factors = dataset.plan.factors.map { "\($0.name) (\($0.kind.rawValue))" }.joined(separator: ", ")
            text += "\n## \(dataset.label)\n\n\(dataset.plan.count) items; factors \(factors).\n"
            var seedsOfRow: [String: [Int]] = [:]
            for cell in unfinished where cell.dataset == dataset.label {
                let key = "\(cell.method)|\(cell.setting.name)"
                seedsOfRow[key] = (seedsOfRow[key] ?? config.seeds).filter { $0 != cell.seed }
            }
            func table(_ rows: [StudyResults.Entry], columns: [(header: String, metric: String, factor: String)],
                       higherIsBetter: Bool?) -> String {
                Self.table(rows, columns: columns, higherIsBetter: higherIsBetter, seedsOfRow: seedsOfRow)
            }
            let scoreColumns = unique(rows.filter { $0.factor.isEmpty && !$0.metric.hasPrefix("train.") }.map(\.metric))
            text += table(rows, columns: scoreColumns.map { ($0, $0, "") }, higherIsBetter: true)
            let probeColumns = unique(rows.filter { $0.metric.hasPrefix("probe.") && !$0.metric.hasSuffix(".chance") }
                .map { "\($0.metric)|\($0.factor)" })
            if !probeColumns.isEmpty {
                text += "\nProbes (held-out accuracy, or R^2 for continuous factors; chance in the header):\n\n"
                let columns = probeColumns.map { key -> (String, String, String) in
                    let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                    let probe = parts[0].split(separator: ".")[1]
                    let chance = rows.first { $0.metric == "probe.\(probe).chance" && $0.factor == parts[1] }?.statistics.mean
                    let label = "\(parts[1]) \(probe == "knn" ? "5-NN" : "linear")" + (chance.map { String(format: " (chance %.2f)", $0) } ?? "")
                    return (label, parts[0], parts[1])
                }
                text += table(rows, columns: columns, higherIsBetter: true)
            }
            let trainingColumns = unique(rows.filter { $0.metric.hasPrefix("train.") && $0.metric != "train.steps" }.map(\.metric))
            if !trainingColumns.isEmpty {
                text += "\nTraining (mean over the last epoch's steps; lower is not always better, so nothing is marked):\n\n"
                text += table(rows, columns: trainingColumns.map { (String($0.dropFirst("train.".count)), $0, "") }, higherIsBetter: nil)
            }
            if let published = PublishedSynTone.comparison(dataset: dataset, entries: rows) {
                text += "\n" + published
            }
        }
        return text
    }

    /// Elements in first-seen order without repeats.
    static func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    /// A markdown table: one row per method and setting, one column per `(header, metric,
    /// factor)`; with `higherIsBetter` the best mean per column is bold. A row in
    /// `seedsOfRow` (keyed `method|setting`) is over those seeds only, and says so.
    static func table(_ rows: [StudyResults.Entry], columns: [(header: String, metric: String, factor: String)],
                      higherIsBetter: Bool?, seedsOfRow: [String: [Int]] = [:]) -> String {
        let settings = unique(rows.map { "\($0.method)|\($0.setting)" })
        var text = "| method | setting | " + columns.map(\.header).joined(separator: " | ") + " |\n"
        text += "|---|---|" + String(repeating: "---|", count: columns.count) + "\n"
        var best: [Double?] = columns.map { column in
            let means = rows.filter { $0.metric == column.metric && $0.factor == column.factor }.map(\.statistics.mean)
            guard let higher = higherIsBetter else { return nil }
            return higher ? means.max() : means.min()
        }
        if settings.count < 2 { best = best.map { _ in nil } }
        for key in settings {
            let parts = key.split(separator: "|", omittingEmptySubsequences: false).map(String.init)
            let seeds = seedsOfRow[key].map { " (seed\($0.count == 1 ? "" : "s") \($0.map(String.init).joined(separator: ", ")) only)" } ?? ""
            var line = "| \(parts[0])\(seeds) | \(parts[1]) |"
            for (k, column) in columns.enumerated() {
                guard let e = rows.first(where: { $0.method == parts[0] && $0.setting == parts[1] && $0.metric == column.metric && $0.factor == column.factor }) else {
                    line += " - |"
                    continue
                }
                var cell = format(e.statistics)
                if let b = best[k], e.statistics.mean == b { cell = "**\(cell)**" }
                line += " \(cell) |"
            }
            text += line + "\n"
        }
        return text
    }

    /// `mean +- std` with three significant decimals (the spread only with more than one seed).
    static func format(_ s: SeedStatistics) -> String {
        let digits = abs(s.mean) >= 100 ? 1 : 3
        let mean = String(format: "%.\(digits)f", s.mean)
        return s.count > 1 ? mean + " +- " + String(format: "%.\(digits)f", s.std) : mean
    }
}
