import Foundation

/// A heat map as SVG: a matrix of coloured cells (viridis) with row and column labels, each
/// cell's value written in it, and a colour bar with nice ticks.
public struct HeatMap: Sendable {
    /// The chart's title.
    public var title: String
    /// One label per row (e.g. latents), top to bottom.
    public var rowLabels: [String]
    /// One label per column (e.g. factors), left to right.
    public var columnLabels: [String]
    /// values[row][column].
    public var values: [[Double]]
    /// The colour scale's ends; nil: from min(0, smallest) to the largest finite value.
    public var range: ClosedRange<Double>?
    /// The colour bar's title.
    public var colorBarTitle: String
    /// Whether each cell shows its value.
    public var annotates: Bool

    /// Makes a heat map.
    public init(title: String, rowLabels: [String], columnLabels: [String], values: [[Double]],
                range: ClosedRange<Double>? = nil, colorBarTitle: String = "", annotates: Bool = true) {
        self.title = title
        self.rowLabels = rowLabels
        self.columnLabels = columnLabels
        self.values = values
        self.range = range
        self.colorBarTitle = colorBarTitle
        self.annotates = annotates
    }

    /// The colour scale's ends (``range``, or derived from the values; never empty).
    public var scale: ClosedRange<Double> {
        if let range, range.upperBound > range.lowerBound { return range }
        let finite = values.joined().filter(\.isFinite)
        let low = min(0, finite.min() ?? 0)
        let high = finite.max() ?? 1
        return high > low ? low...high : low...(low + 1)
    }

    /// The SVG markup.
    public func render() -> String {
        let rows = rowLabels.count, columns = columnLabels.count
        let cellWidth = min(64, max(34, 300 / Double(max(columns, 1))))
        let cellHeight = 22.0
        let rowLabelWidth = (rowLabels.map { PlotArea.textWidth($0, size: 11) }.max() ?? 0) + 12
        let longestColumn = columnLabels.map { PlotArea.textWidth($0, size: 11) }.max() ?? 0
        let rotated = longestColumn > cellWidth - 4
        let columnLabelHeight = rotated ? longestColumn * 0.62 + 18 : 22
        let left = max(rowLabelWidth, 30), top = 34.0
        let gridWidth = cellWidth * Double(columns), gridHeight = cellHeight * Double(rows)
        let barHeight = max(gridHeight, 110)
        let width = max(left + gridWidth + 96, PlotArea.textWidth(title, size: 14) + 24)
        let height = top + max(gridHeight + columnLabelHeight, barHeight + 12) + 8
        var svg = SVGDocument(width: width, height: height, label: title)
        svg.text(title, x: 12, y: 20, size: 14, weight: "600")
        let scale = self.scale
        for r in 0..<rows {
            let y = top + Double(r) * cellHeight
            svg.text(rowLabels[r], x: left - 6, y: y + cellHeight / 2 + 4, size: 11, anchor: .end, fill: PlotArea.labelColor)
            for c in 0..<columns {
                let value = c < values[safe: r].count ? values[r][c] : .nan
                let color = value.isFinite ? Palette.viridis(value, low: scale.lowerBound, high: scale.upperBound)
                                           : RGBColor(red: 220, green: 220, blue: 220)
                let x = left + Double(c) * cellWidth
                svg.rect(x: x, y: y, width: cellWidth, height: cellHeight, fill: color.hex, stroke: "#fff", strokeWidth: 1,
                         tooltip: "\(rowLabels[r]) × \(columnLabels[c]): \(ReportNumber.format(value))")
                if annotates, value.isFinite {
                    svg.text(Self.annotation(value), x: x + cellWidth / 2, y: y + cellHeight / 2 + 4, size: 10,
                             anchor: .middle, fill: color.contrastingText.hex)
                }
            }
        }
        for c in 0..<columns {
            let x = left + (Double(c) + 0.5) * cellWidth, y = top + gridHeight + 14
            if rotated {
                svg.text(columnLabels[c], x: x + 4, y: y - 2, size: 11, anchor: .end, fill: PlotArea.labelColor, rotate: -40)
            } else {
                svg.text(columnLabels[c], x: x, y: y, size: 11, anchor: .middle, fill: PlotArea.labelColor)
            }
        }
        drawColorBar(&svg, x: left + gridWidth + 18, top: top, height: barHeight, scale: scale)
        return svg.render()
    }

    /// A cell's written value: two decimals, which fit the cell (the hover text has three
    /// significant digits).
    static func annotation(_ value: Double) -> String {
        abs(value) < 100 ? String(format: "%.2f", value) : ReportNumber.format(value)
    }

    private func drawColorBar(_ svg: inout SVGDocument, x: Double, top: Double, height: Double, scale: ClosedRange<Double>) {
        let steps = 64
        let stepHeight = height / Double(steps)
        for i in 0..<steps {
            // Top of the bar is the high end.
            let value = scale.upperBound - (Double(i) + 0.5) / Double(steps) * (scale.upperBound - scale.lowerBound)
            svg.rect(x: x, y: top + Double(i) * stepHeight, width: 14, height: stepHeight + 0.5,
                     fill: Palette.viridis(value, low: scale.lowerBound, high: scale.upperBound).hex)
        }
        svg.rect(x: x, y: top, width: 14, height: height, fill: "none", stroke: "#999")
        let axis = ChartAxis(covering: scale.lowerBound, scale.upperBound, targetTicks: 5)
        let span = scale.upperBound - scale.lowerBound
        for tick in axis.ticks where tick >= scale.lowerBound - span * 1e-9 && tick <= scale.upperBound + span * 1e-9 {
            let y = top + (scale.upperBound - tick) / span * height
            svg.line(x1: x + 14, y1: y, x2: x + 18, y2: y, stroke: "#666")
            svg.text(axis.label(tick), x: x + 21, y: y + 4, size: 10, fill: PlotArea.labelColor)
        }
        if !colorBarTitle.isEmpty {
            svg.text(colorBarTitle, x: x + 7, y: top - 8, size: 10, anchor: .middle, fill: PlotArea.labelColor)
        }
    }
}

extension Array where Element == [Double] {
    /// Row `index`, or an empty row when out of range (ragged input draws grey cells).
    fileprivate subscript(safe index: Int) -> [Double] { indices.contains(index) ? self[index] : [] }
}
