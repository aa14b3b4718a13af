/// A grouped bar chart as SVG: one group per category, one bar per series (method) in each,
/// optional error bars (± one standard deviation, say) and an optional per-category marker
/// drawn as a dashed line across the group (a chance level, say).
public struct BarChart: Sendable {
    /// One series of bars: a name, a colour and a value per category.
    public struct Series: Sendable {
        /// The series' name, shown in the legend.
        public var name: String
        /// The bars' colour.
        public var color: RGBColor
        /// The bar heights per category (nil: no bar).
        public var values: [Double?]
        /// Half-lengths of the error bars per category (nil or 0: none).
        public var errors: [Double?]

        /// Makes a series; `errors` empty means no error bars.
        public init(name: String, color: RGBColor, values: [Double?], errors: [Double?] = []) {
            self.name = name
            self.color = color
            self.values = values
            self.errors = errors
        }
    }

    /// The chart's title.
    public var title: String
    /// Category names along the x axis.
    public var categories: [String]
    /// The bar series.
    public var series: [Series]
    /// The y axis' title.
    public var yTitle: String?
    /// A marker value per category (nil: none), drawn dashed across the group.
    public var markers: [Double?]
    /// The markers' legend entry.
    public var markerLabel: String
    /// A range the y axis must cover besides the data (e.g. 0...1 for accuracies).
    public var yCovers: ClosedRange<Double>?
    /// Canvas width, in CSS pixels.
    public var width: Double
    /// Canvas height, in CSS pixels.
    public var height: Double

    /// Makes a chart.
    public init(title: String, categories: [String], series: [Series], yTitle: String? = nil,
                markers: [Double?] = [], markerLabel: String = "chance", yCovers: ClosedRange<Double>? = nil,
                width: Double = 720, height: Double = 340) {
        self.title = title
        self.categories = categories
        self.series = series
        self.yTitle = yTitle
        self.markers = markers
        self.markerLabel = markerLabel
        self.yCovers = yCovers
        self.width = width
        self.height = height
    }

    /// The y axis: zero, the bars with their error bars, the markers and ``yCovers``.
    public var axis: ChartAxis {
        var low = 0.0, high = 0.0
        for s in series {
            for (c, value) in s.values.enumerated() {
                guard let value, value.isFinite else { continue }
                let error = c < s.errors.count ? abs(s.errors[c] ?? 0) : 0
                low = min(low, value - (error.isFinite ? error : 0))
                high = max(high, value + (error.isFinite ? error : 0))
            }
        }
        for case let marker? in markers where marker.isFinite {
            low = min(low, marker)
            high = max(high, marker)
        }
        if let yCovers {
            low = min(low, yCovers.lowerBound)
            high = max(high, yCovers.upperBound)
        }
        return ChartAxis(covering: low, high)
    }

    /// The SVG markup.
    public func render() -> String {
        var svg = SVGDocument(width: width, height: height, label: title)
        svg.text(title, x: 12, y: 20, size: 15, weight: "600")
        let hasMarkers = markers.contains { $0 != nil }
        let legendBottom = PlotArea.drawLegend(&svg, entries: series.map { ($0.name, $0.color.hex) }, x: 64, y: 42,
                                               maxX: width - 12, dashedMarker: hasMarkers ? markerLabel : nil)
        let groups = max(categories.count, 1)
        let plotWidth = width - 64 - 16
        let groupWidth = plotWidth / Double(groups)
        let longest = categories.map { PlotArea.textWidth($0, size: 11) }.max() ?? 0
        let rotated = longest > groupWidth - 6
        let bottomMargin = rotated ? min(110, 22 + longest * 0.6) : 30
        let area = PlotArea(left: 64, top: legendBottom + 4, width: plotWidth,
                            height: max(60, height - legendBottom - 4 - bottomMargin))
        let axis = self.axis
        area.drawYAxis(&svg, axis, title: yTitle)
        let zero = axis.position(0, from: area.bottom, to: area.top)
        let barWidth = groupWidth * 0.78 / Double(max(series.count, 1))
        for (c, category) in categories.enumerated() {
            let groupLeft = area.left + Double(c) * groupWidth + groupWidth * 0.11
            for (s, bars) in series.enumerated() {
                guard c < bars.values.count, let value = bars.values[c], value.isFinite else { continue }
                let x = groupLeft + Double(s) * barWidth
                let y = axis.position(value, from: area.bottom, to: area.top)
                let error = c < bars.errors.count ? (bars.errors[c] ?? 0) : 0
                let tooltip = "\(bars.name), \(category): \(ReportNumber.meanStd(value, error))"
                svg.rect(x: x + 1, y: min(y, zero), width: barWidth - 2, height: abs(zero - y), fill: bars.color.hex, tooltip: tooltip)
                if error > 0, error.isFinite {
                    let top = axis.position(value + error, from: area.bottom, to: area.top)
                    let bottom = axis.position(value - error, from: area.bottom, to: area.top)
                    let mid = x + barWidth / 2
                    let cap = min(5, barWidth / 3)
                    svg.line(x1: mid, y1: top, x2: mid, y2: bottom, stroke: "#222", width: 1.3)
                    svg.line(x1: mid - cap, y1: top, x2: mid + cap, y2: top, stroke: "#222", width: 1.3)
                    svg.line(x1: mid - cap, y1: bottom, x2: mid + cap, y2: bottom, stroke: "#222", width: 1.3)
                }
            }
            if c < markers.count, let marker = markers[c], marker.isFinite {
                let y = axis.position(marker, from: area.bottom, to: area.top)
                svg.line(x1: groupLeft - groupWidth * 0.05, y1: y, x2: groupLeft + groupWidth * 0.83, y2: y,
                         stroke: "#222", width: 2, dash: "5 3")
            }
            let labelX = area.left + (Double(c) + 0.5) * groupWidth
            if rotated {
                svg.text(category, x: labelX, y: area.bottom + 14, size: 11, anchor: .end, fill: PlotArea.labelColor, rotate: -35)
            } else {
                svg.text(category, x: labelX, y: area.bottom + 17, size: 11, anchor: .middle, fill: PlotArea.labelColor)
            }
        }
        svg.line(x1: area.left, y1: zero, x2: area.right, y2: zero, stroke: PlotArea.axisColor)
        return svg.render()
    }
}
