/// A line chart as SVG: numeric x and y axes with nice ticks, one polyline per series, a
/// legend of the series' colours.
public struct LineChart: Sendable {
    /// One line: a name, a colour and its points.
    public struct Series: Sendable {
        /// The series' name, shown in the legend and the hover text.
        public var name: String
        /// The line's colour.
        public var color: RGBColor
        /// x values (e.g. training steps).
        public var x: [Double]
        /// y values, as many as `x` (non-finite points are skipped).
        public var y: [Double]

        /// Makes a series.
        public init(name: String, color: RGBColor, x: [Double], y: [Double]) {
            self.name = name
            self.color = color
            self.x = x
            self.y = y
        }
    }

    /// The chart's title.
    public var title: String
    /// The lines.
    public var series: [Series]
    /// The x axis' title.
    public var xTitle: String?
    /// The y axis' title.
    public var yTitle: String?
    /// Whether to draw the legend.
    public var showsLegend: Bool
    /// Canvas width, in CSS pixels.
    public var width: Double
    /// Canvas height, in CSS pixels.
    public var height: Double

    /// Makes a chart.
    public init(title: String, series: [Series], xTitle: String? = nil, yTitle: String? = nil,
                showsLegend: Bool = true, width: Double = 360, height: Double = 260) {
        self.title = title
        self.series = series
        self.xTitle = xTitle
        self.yTitle = yTitle
        self.showsLegend = showsLegend
        self.width = width
        self.height = height
    }

    /// The x and y axes covering every finite point.
    public var axes: (x: ChartAxis, y: ChartAxis) {
        var xs: [Double] = [], ys: [Double] = []
        for s in series {
            for (x, y) in zip(s.x, s.y) where x.isFinite && y.isFinite {
                xs.append(x)
                ys.append(y)
            }
        }
        return (ChartAxis(covering: xs.min() ?? 0, xs.max() ?? 1, targetTicks: 5),
                ChartAxis(covering: ys.min() ?? 0, ys.max() ?? 1, targetTicks: 5))
    }

    /// The SVG markup.
    public func render() -> String {
        var svg = SVGDocument(width: width, height: height, label: title)
        svg.text(title, x: 12, y: 20, size: 14, weight: "600")
        var top = 34.0
        if showsLegend {
            top = PlotArea.drawLegend(&svg, entries: series.map { ($0.name, $0.color.hex) }, x: 64, y: 40, maxX: width - 12)
        }
        let area = PlotArea(left: 64, top: top, width: width - 64 - 18, height: max(60, height - top - (xTitle == nil ? 26 : 44)))
        let (xAxis, yAxis) = axes
        area.drawYAxis(&svg, yAxis, title: yTitle)
        area.drawXAxis(&svg, xAxis, title: xTitle)
        for s in series {
            let points = zip(s.x, s.y).map { (x: xAxis.position($0, from: area.left, to: area.right),
                                              y: yAxis.position($1, from: area.bottom, to: area.top)) }
            svg.polyline(points, stroke: s.color.hex, width: 2, tooltip: s.name)
            if points.count == 1, let only = points.first, only.x.isFinite, only.y.isFinite {
                svg.circle(cx: only.x, cy: only.y, r: 3, fill: s.color.hex, tooltip: s.name)
            }
        }
        return svg.render()
    }
}
