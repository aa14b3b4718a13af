/// The report's figures built from the study's rows: the charts of ``ReportPage``, one colour
/// per method in the study's method order.
enum ReportFigures {
    /// Values in first-appearance order without repeats.
    static func ordered<S: Sequence>(_ values: S) -> [String] where S.Element == String {
        var seen = Set<String>()
        return values.filter { seen.insert($0).inserted }
    }

    /// One bar series per method in study order (its colour), with the (mean, std) that
    /// `cell(method, category)` finds (nil: no bar).
    static func methodSeries(_ report: StudyReport, categories: [String],
                             _ cell: (String, String) -> (mean: Double, std: Double)?) -> [BarChart.Series] {
        report.methods.enumerated().map { index, method in
            let cells = categories.map { cell(method, $0) }
            return BarChart.Series(name: method, color: Palette.method(index), values: cells.map { $0?.mean },
                                   errors: cells.map { $0?.std })
        }
    }

    /// Metric bars of one dataset: categories are the whole-representation scores (rows where
    /// higher is better; losses stay in the table, their scale would flatten the scores), bars
    /// the methods, error bars one standard deviation over seeds.
    static func metricBars(_ report: StudyReport, dataset: String) -> String? {
        let rows = report.summary.filter { $0.dataset == dataset && $0.factor == nil && $0.higherIsBetter }
        guard !rows.isEmpty else { return nil }
        let metrics = ordered(rows.map(\.metric))
        let series = methodSeries(report, categories: metrics) { method, metric in
            rows.first { $0.method == method && $0.metric == metric }.map { ($0.mean, $0.std) }
        }
        return BarChart(title: "\(dataset): scores (mean ± std over seeds)", categories: metrics, series: series,
                        yTitle: "score", width: 860, height: 340).render()
    }

    /// Probe bars of one dataset and probe kind: categories are the factors, bars the methods,
    /// dashed lines the chance levels.
    static func probeBars(_ report: StudyReport, dataset: String, kind: String) -> String? {
        let rows = report.probes.filter { $0.dataset == dataset && $0.kind == kind }
        guard !rows.isEmpty else { return nil }
        let factors = ordered(rows.map(\.factor))
        let series = methodSeries(report, categories: factors) { method, factor in
            rows.first { $0.method == method && $0.factor == factor }.map { ($0.mean, $0.std) }
        }
        let chance = factors.map { factor in rows.first { $0.factor == factor }?.chance }
        let name = kind == "knn" ? "5-NN probe" : kind == "linear" ? "linear probe" : "\(kind) probe"
        return BarChart(title: "\(dataset): \(name) per factor", categories: factors, series: series,
                        yTitle: "accuracy (R² for continuous)", markers: chance, yCovers: 0...1, width: 860, height: 340).render()
    }

    /// The MI heat maps of one dataset, one per method (its smallest seed), on one shared
    /// colour scale so the methods compare.
    static func miHeatMaps(_ report: StudyReport, dataset: String) -> [String] {
        let chosen: [MIMatrix] = report.methods.compactMap { method in
            report.miMatrices.filter { $0.dataset == dataset && $0.method == method }.min { $0.seed < $1.seed }
        }
        let largest = chosen.flatMap { $0.values.joined() }.filter(\.isFinite).max() ?? 1
        return chosen.map { matrix in
            HeatMap(title: "\(matrix.method) (seed \(matrix.seed))",
                    rowLabels: (0..<matrix.latentCount).map { "z\($0)" }, columnLabels: matrix.factorNames,
                    values: matrix.values, range: 0...max(largest, 1e-12), colorBarTitle: matrix.unit).render()
        }
    }

    /// Training curves of one dataset: one chart per loss term, one line per method (its
    /// smallest seed).
    static func curveCharts(_ report: StudyReport, dataset: String) -> [String] {
        let chosen: [(index: Int, curve: TrainingCurve)] = report.methods.enumerated().compactMap { index, method in
            report.curves.filter { $0.dataset == dataset && $0.method == method }.min { $0.seed < $1.seed }.map { (index, $0) }
        }
        let terms = ordered(chosen.flatMap { $0.curve.series.map(\.name) })
        return terms.map { term in
            let series = chosen.compactMap { index, curve -> LineChart.Series? in
                guard let values = curve.series.first(where: { $0.name == term })?.values else { return nil }
                let n = min(values.count, curve.steps.count)
                return LineChart.Series(name: "\(curve.method) (seed \(curve.seed))", color: Palette.method(index),
                                        x: curve.steps.prefix(n).map(Double.init), y: Array(values.prefix(n)))
            }
            return LineChart(title: term, series: series, xTitle: "step", showsLegend: false,
                             width: 420, height: 260).render()
        }
    }
}
