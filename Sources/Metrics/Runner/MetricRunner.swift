import Foundation
import SynCore

/// One metric's outcome in a run: its result (or why it was skipped), time and intervals.
public struct MetricRun: Sendable {
    /// The metric's name (`mig`, `dci`, ...).
    public let name: String
    /// The result, nil when the metric could not run on this input.
    public let result: (any MetricResult)?
    /// Why the metric was skipped (only with `all`, where a metric the data cannot support is
    /// reported rather than failing the run).
    public let skipped: String?
    /// Wall-clock seconds of the computation (excluding bootstrap resamples).
    public let seconds: Double
    /// Percentile bootstrap intervals per headline score: (score name, lower, upper).
    public let intervals: [(String, Double, Double)]
}

/// Runs a list of metrics on one input and renders the results as a table or one JSON object.
public enum MetricRunner {
    /// Every metric, in report order.
    public static var catalog: [MetricDescriptor] { MetricCatalog.all }

    /// The metrics named in a comma-separated list, or all of them for `all`.
    ///
    /// - Throws: ``MetricsInputError`` naming an unknown metric and listing the known ones.
    public static func resolve(_ list: String) throws -> [MetricDescriptor] {
        let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if names == ["all"] { return catalog }
        return try names.map { name in
            guard let d = catalog.first(where: { $0.name == name }) else {
                throw MetricsInputError("unknown metric '\(name)'; known: \(catalog.map(\.name).joined(separator: ", ")), or all")
            }
            return d
        }
    }

    /// Computes each metric in turn.
    ///
    /// - Parameters:
    ///   - tolerateUnsupported: when true (the `all` list), a metric whose input requirements
    ///     are not met is reported as skipped with the reason; otherwise its error is thrown.
    ///   - bootstrap: number of bootstrap resamples for confidence intervals (0: none).
    public static func run(_ metrics: [MetricDescriptor], input: MetricInput, options: MetricOptions,
                           bootstrap: Int = 0, level: Double = 0.95,
                           tolerateUnsupported: Bool = false) throws -> [MetricRun] {
        try metrics.map { metric in
            let clock = ContinuousClock()
            let start = clock.now
            let result: any MetricResult
            do {
                result = try metric.run(input, options)
            } catch let error as MetricsInputError where tolerateUnsupported {
                return MetricRun(name: metric.name, result: nil, skipped: error.message, seconds: 0, intervals: [])
            }
            let elapsed = clock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            var intervals: [(String, Double, Double)] = []
            if bootstrap > 0 {
                intervals = try MetricBootstrap.intervals(metric, input: input, options: options,
                                                          resamples: bootstrap, level: level,
                                                          names: result.scores.map(\.name))
            }
            return MetricRun(name: metric.name, result: result, skipped: nil, seconds: seconds, intervals: intervals)
        }
    }

    /// One JSON object: `{"input": {...}, "metrics": {name: {...}}}` as in `specs/metrics.md`.
    public static func json(_ runs: [MetricRun], input: MetricInput, inputRecord: [(String, JSONValue)],
                            options: MetricOptions, bootstrap: Int) -> JSONValue {
        var record = inputRecord
        record += [
            ("n", .integer(input.codes.rows)),
            ("codes", .integer(input.codes.columns)),
            ("factors", .integer(input.factors.columns)),
            ("factor_names", .array(input.factorNames.map { .string($0) })),
            ("n_train", .integer(input.trainCodes.rows)),
            ("n_test", .integer(input.testCodes.rows)),
            ("split", .string(input.splitRule)),
            ("seed", .integer(Int(truncatingIfNeeded: options.seed))),
            ("bootstrap", .integer(bootstrap)),
        ]
        let metrics: [(String, JSONValue)] = runs.map { run in
            guard let result = run.result else {
                return (run.name, .object([("skipped", .string(run.skipped ?? "not computed"))]))
            }
            return (run.name, result.json(seconds: run.seconds, intervals: run.intervals))
        }
        return .object([("input", .object(record)), ("metrics", .object(metrics))])
    }

    /// A readable table: one row per headline score, with its interval and the metric's time.
    public static func table(_ runs: [MetricRun]) -> String {
        var rows: [[String]] = [["metric", "score", "value", "95% CI", "seconds"]]
        var notes: [String] = []
        for run in runs {
            guard let result = run.result else {
                rows.append([run.name, "-", "skipped", "", ""])
                notes.append("\(run.name): \(run.skipped ?? "not computed")")
                continue
            }
            for (n, score) in result.scores.enumerated() {
                let interval = run.intervals.first { $0.0 == score.name }
                rows.append([
                    n == 0 ? run.name : "",
                    score.name,
                    score.value.map { String(format: "%.4f", $0) } ?? "undefined",
                    interval.map { String(format: "[%.4f, %.4f]", $0.1, $0.2) } ?? "",
                    n == 0 ? String(format: "%.3f", run.seconds) : "",
                ])
            }
            notes += result.notes.map { "\(run.name): \($0)" }
        }
        let widths = (0..<5).map { c in rows.map { $0[c].count }.max() ?? 0 }
        var out = rows.map { row in
            row.enumerated().map { c, cell in
                c == 2 || c == 4 ? String(repeating: " ", count: widths[c] - cell.count) + cell
                    : cell + String(repeating: " ", count: widths[c] - cell.count)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }
        out.insert(String(repeating: "-", count: widths.reduce(0, +) + 8), at: 1)
        if !notes.isEmpty { out.append(""); out += notes.map { "note: " + $0 } }
        return out.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
