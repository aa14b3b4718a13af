import Foundation

/// A small SVG line-plot writer: named series over categorical x positions (layers), with
/// axes, ticks, labels, a title and a legend, so each measure's curves against depth can be
/// read without a plotting library.
public struct SVGLinePlot: Sendable {
    /// One curve; a nil value leaves a gap.
    public struct Series: Sendable {
        /// The legend entry.
        public var name: String
        /// One value per x position.
        public var values: [Double?]
        /// A named series.
        public init(name: String, values: [Double?]) {
            self.name = name
            self.values = values
        }
    }

    /// The plot title.
    public var title: String
    /// The x-axis label.
    public var xLabel: String
    /// The y-axis label.
    public var yLabel: String
    /// Tick labels of the x positions.
    public var xTicks: [String]
    /// The curves.
    public var series: [Series]

    /// A plot of `series` over the positions named by `xTicks`.
    public init(title: String, xLabel: String, yLabel: String, xTicks: [String], series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xTicks = xTicks
        self.series = series
    }

    /// Distinguishable line colours (Tableau 10), reused cyclically.
    static let palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// The SVG document.
    public func svg() -> String {
        let width = 720.0, height = 440.0
        let left = 78.0, right = 190.0, top = 44.0, bottom = 96.0
        let plotW = width - left - right, plotH = height - top - bottom
        let finite = series.flatMap { $0.values.compactMap { $0 } }.filter(\.isFinite)
        var low = finite.min() ?? 0, high = finite.max() ?? 1
        if high - low < 1e-12 { low -= 0.5; high += 0.5 }
        let (ticks, step) = SVGLinePlot.niceTicks(low, high)
        low = min(low, ticks.first ?? low)
        high = max(high, ticks.last ?? high)
        let count = max(1, xTicks.count)
        func x(_ i: Int) -> Double { count == 1 ? left + plotW / 2 : left + plotW * Double(i) / Double(count - 1) }
        func y(_ v: Double) -> Double { top + plotH * (1 - (v - low) / (high - low)) }
        var out = """
        <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" font-family="Helvetica, Arial, sans-serif" font-size="12">
        <rect width="100%" height="100%" fill="white"/>
        <text x="\(f(left + plotW / 2))" y="24" text-anchor="middle" font-size="15">\(SVGLinePlot.escape(title))</text>

        """
        for t in ticks {
            out += "<line x1=\"\(f(left))\" y1=\"\(f(y(t)))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y(t)))\" stroke=\"#e5e5e5\"/>\n"
            out += "<text x=\"\(f(left - 6))\" y=\"\(f(y(t) + 4))\" text-anchor=\"end\">\(SVGLinePlot.tickLabel(t, step: step))</text>\n"
        }
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top + plotH))\" x2=\"\(f(left + plotW))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>\n"
        out += "<line x1=\"\(f(left))\" y1=\"\(f(top))\" x2=\"\(f(left))\" y2=\"\(f(top + plotH))\" stroke=\"black\"/>\n"
        for (i, tick) in xTicks.enumerated() {
            let px = x(i), py = top + plotH
            out += "<line x1=\"\(f(px))\" y1=\"\(f(py))\" x2=\"\(f(px))\" y2=\"\(f(py + 5))\" stroke=\"black\"/>\n"
            out += "<text x=\"\(f(px))\" y=\"\(f(py + 16))\" text-anchor=\"end\" transform=\"rotate(-35 \(f(px)) \(f(py + 16)))\">\(SVGLinePlot.escape(tick))</text>\n"
        }
        out += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 10))\" text-anchor=\"middle\">\(SVGLinePlot.escape(xLabel))</text>\n"
        out += "<text x=\"18\" y=\"\(f(top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(f(top + plotH / 2)))\">\(SVGLinePlot.escape(yLabel))</text>\n"
        for (s, line) in series.enumerated() {
            let colour = SVGLinePlot.palette[s % SVGLinePlot.palette.count]
            var segments: [[(Double, Double)]] = [[]]
            for (i, value) in line.values.enumerated() {
                if let value, value.isFinite { segments[segments.count - 1].append((x(i), y(value))) } else { segments.append([]) }
            }
            for segment in segments where segment.count > 1 {
                let points = segment.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " ")
                out += "<polyline fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" points=\"\(points)\"/>\n"
            }
            for segment in segments { for p in segment { out += "<circle cx=\"\(f(p.0))\" cy=\"\(f(p.1))\" r=\"3\" fill=\"\(colour)\"/>\n" } }
            let ly = top + 8 + 20 * Double(s)
            out += "<line x1=\"\(f(left + plotW + 16))\" y1=\"\(f(ly))\" x2=\"\(f(left + plotW + 40))\" y2=\"\(f(ly))\" stroke=\"\(colour)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(f(left + plotW + 46))\" y=\"\(f(ly + 4))\">\(SVGLinePlot.escape(line.name))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    private func f(_ v: Double) -> String { String(format: "%.1f", v) }

    /// Round tick values (steps of 1, 2 or 5 times a power of ten) covering `[low, high]`.
    static func niceTicks(_ low: Double, _ high: Double) -> ([Double], Double) {
        let raw = (high - low) / 5
        let power = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
        var ticks: [Double] = []
        var t = floor(low / step) * step
        while t <= high + step * 0.5 {
            ticks.append(t)
            t += step
        }
        return (ticks, step)
    }

    static func tickLabel(_ value: Double, step: Double) -> String {
        let decimals = max(0, -Int(floor(log10(step))))
        return String(format: "%.\(decimals)f", abs(value) < step * 1e-9 ? 0 : value)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}

extension AnalysisReport {
    /// One plot per computed measure (file stem and plot): factor curves against depth, and
    /// the participation ratio per layer.
    public func plots() -> [(name: String, plot: SVGLinePlot)] {
        func curves(_ pick: (FactorLayerResult) -> Double?) -> [SVGLinePlot.Series] {
            factors.enumerated().map { f, name in SVGLinePlot.Series(name: name, values: cells[f].map(pick)) }
        }
        func has(_ pick: (FactorLayerResult) -> Double?) -> Bool { cells.contains { $0.contains { pick($0) != nil } } }
        let measures: [(String, String, (FactorLayerResult) -> Double?)] = [
            ("linear_probe", "Linear probe (accuracy; R^2 for continuous factors)", { $0.linear?.value }),
            ("knn_probe", "k-NN probe accuracy", { $0.knn?.value }),
            ("capacity", "Manifold capacity alpha_M", { $0.geometry?.capacity }),
            ("radius", "Manifold radius R_M", { $0.geometry?.radius }),
            ("dimension", "Manifold dimension D_M", { $0.geometry?.dimension }),
            ("centre_correlation", "Centre correlation rho_c", { $0.geometry?.centreCorrelation }),
            ("simulated_capacity", "Simulated capacity alpha_sim", { $0.simulated?.capacity }),
        ]
        var out: [(String, SVGLinePlot)] = []
        for (stem, label, pick) in measures where has(pick) {
            out.append((stem, SVGLinePlot(title: "\(label) by layer", xLabel: "layer (input to output)", yLabel: label,
                                          xTicks: layers, series: curves(pick))))
        }
        if participationRatio.contains(where: { $0 != nil }) {
            out.append(("participation_ratio", SVGLinePlot(title: "Participation ratio by layer", xLabel: "layer (input to output)",
                                                           yLabel: "participation ratio", xTicks: layers,
                                                           series: [.init(name: "all items", values: participationRatio)])))
        }
        return out
    }
}
