import Foundation

/// A linear axis with "nice" bounds and ticks (Heckbert, "Nice numbers for graph labels",
/// Graphics Gems, 1990): the step is 1, 2 or 5 times a power of ten, the bounds are multiples
/// of the step that cover the data, and every label has the same number of decimals, just
/// enough to tell the ticks apart.
public struct ChartAxis: Sendable, Equatable {
    /// The axis' lower end (a multiple of ``step``).
    public let lower: Double
    /// The axis' upper end (a multiple of ``step``).
    public let upper: Double
    /// Distance between ticks.
    public let step: Double
    /// Tick values from ``lower`` to ``upper``.
    public let ticks: [Double]
    /// Decimals of the tick labels.
    public let decimals: Int

    /// An axis covering `low...high` (either order) with about `targetTicks` ticks (at least 2).
    /// An empty or non-finite range is widened to a unit around its value (0...1 when nothing
    /// is finite).
    public init(covering low: Double, _ high: Double, targetTicks: Int = 5) {
        var a = min(low, high), b = max(low, high)
        if !a.isFinite || !b.isFinite {
            a = a.isFinite ? a : (b.isFinite ? b : 0)
            b = b.isFinite ? b : a + 1
        }
        if a == b {
            let pad = a == 0 ? 1 : abs(a) * 0.1
            a -= pad
            b += pad
        }
        let range = Self.nice(b - a, round: false)
        let step = Self.nice(range / Double(max(targetTicks, 2) - 1), round: true)
        let first = (a / step).rounded(.down), last = (b / step).rounded(.up)
        self.step = step
        lower = first * step
        upper = last * step
        // Multiples of the step, so no rounding drift accumulates along the axis.
        ticks = stride(from: first, through: last, by: 1).map { $0 * step }
        decimals = max(0, -Int(log10(step).rounded(.down)))
    }

    /// The label of `value` with the axis' decimals ("-0" printed as "0").
    public func label(_ value: Double) -> String {
        let text = String(format: "%.\(decimals)f", value)
        return Double(text) == 0 ? String(format: "%.\(decimals)f", 0.0) : text
    }

    /// Where `value` falls on a screen segment from `start` (at ``lower``) to `end` (at
    /// ``upper``).
    public func position(_ value: Double, from start: Double, to end: Double) -> Double {
        start + (value - lower) / (upper - lower) * (end - start)
    }

    /// The nice number near `x` > 0: rounded to 1, 2, 5 or 10 times a power of ten when
    /// `round`, else the smallest such number at least `x`.
    static func nice(_ x: Double, round: Bool) -> Double {
        let exponent = log10(x).rounded(.down)
        let power = pow(10, exponent)
        let fraction = x / power
        let niceFraction: Double
        if round {
            niceFraction = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10
        } else {
            niceFraction = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10
        }
        return niceFraction * power
    }
}

/// The rectangle of a chart's plotting area and the shared drawing of its frame: a y axis with
/// grid lines and labels, a title, and a legend of coloured entries.
struct PlotArea {
    var left: Double
    var top: Double
    var width: Double
    var height: Double
    var right: Double { left + width }
    var bottom: Double { top + height }

    static let gridColor = "#e3e3e3"
    static let axisColor = "#777"
    static let labelColor = "#444"

    /// Horizontal grid lines at the axis' ticks, their labels left of the area, and the axis
    /// title rotated along it.
    func drawYAxis(_ svg: inout SVGDocument, _ axis: ChartAxis, title: String?) {
        for tick in axis.ticks {
            let y = axis.position(tick, from: bottom, to: top)
            svg.line(x1: left, y1: y, x2: right, y2: y, stroke: Self.gridColor)
            svg.text(axis.label(tick), x: left - 6, y: y + 4, size: 11, anchor: .end, fill: Self.labelColor)
        }
        svg.line(x1: left, y1: top, x2: left, y2: bottom, stroke: Self.axisColor)
        if let title {
            svg.text(title, x: left - 44, y: top + height / 2, size: 12, anchor: .middle, fill: Self.labelColor, rotate: -90)
        }
    }

    /// A vertical axis line and labels below the area at the numeric axis' ticks.
    func drawXAxis(_ svg: inout SVGDocument, _ axis: ChartAxis, title: String?) {
        svg.line(x1: left, y1: bottom, x2: right, y2: bottom, stroke: Self.axisColor)
        for tick in axis.ticks {
            let x = axis.position(tick, from: left, to: right)
            svg.line(x1: x, y1: bottom, x2: x, y2: bottom + 4, stroke: Self.axisColor)
            svg.text(axis.label(tick), x: x, y: bottom + 17, size: 11, anchor: .middle, fill: Self.labelColor)
        }
        if let title {
            svg.text(title, x: left + width / 2, y: bottom + 34, size: 12, anchor: .middle, fill: Self.labelColor)
        }
    }

    /// A legend row of coloured squares and names starting at (x, y), wrapping before
    /// `maxX`; returns the y below the last row.
    @discardableResult
    static func drawLegend(_ svg: inout SVGDocument, entries: [(name: String, color: String)], x: Double, y: Double,
                           maxX: Double, dashedMarker: String? = nil) -> Double {
        var cx = x, cy = y
        var items = entries.map { ($0.name, $0.color, false) }
        if let dashedMarker { items.append((dashedMarker, "#222", true)) }
        for (name, color, dashed) in items {
            let width = 18 + textWidth(name, size: 12) + 14
            if cx + width > maxX, cx > x {
                cx = x
                cy += 18
            }
            if dashed {
                svg.line(x1: cx, y1: cy - 4, x2: cx + 12, y2: cy - 4, stroke: color, width: 2, dash: "3 2")
            } else {
                svg.rect(x: cx, y: cy - 10, width: 12, height: 12, fill: color)
            }
            svg.text(name, x: cx + 17, y: cy, size: 12, fill: "#333")
            cx += width
        }
        return cy + 18
    }

    /// A width estimate of `text` at `size` px in a proportional sans-serif font.
    static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.58
    }
}
