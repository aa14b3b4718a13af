/// How text is anchored horizontally at its x coordinate.
public enum TextAnchor: String, Sendable {
    /// x is the text's left end.
    case start
    /// x is the text's centre.
    case middle
    /// x is the text's right end.
    case end
}

/// A small SVG 1.1 writer: a fixed-size canvas (user units = CSS pixels) to which shapes and
/// text are appended in drawing order, rendered as one `<svg>` element for inline use in HTML
/// (it carries the SVG namespace, so it is also a valid standalone document).
///
/// All text and attribute values are escaped (``Markup/escape(_:)``); coordinates are written
/// with at most two decimals.
public struct SVGDocument: Sendable {
    /// Canvas width, in CSS pixels.
    public var width: Double
    /// Canvas height, in CSS pixels.
    public var height: Double
    /// An accessible name (`aria-label` and `<title>`).
    public var label: String
    /// The font family of every text.
    public var fontFamily = "system-ui, -apple-system, 'Segoe UI', 'DejaVu Sans', sans-serif"
    private var body: [String] = []

    /// An empty canvas of `width` x `height` pixels.
    public init(width: Double, height: Double, label: String) {
        self.width = width
        self.height = height
        self.label = label
    }

    /// A rectangle; `stroke` nil draws no outline. `tooltip` becomes a hover `<title>`.
    public mutating func rect(x: Double, y: Double, width: Double, height: Double, fill: String,
                              stroke: String? = nil, strokeWidth: Double = 1, opacity: Double? = nil, tooltip: String? = nil) {
        var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(max(width, 0)))\" height=\"\(n(max(height, 0)))\" fill=\"\(e(fill))\""
        if let stroke { attributes += " stroke=\"\(e(stroke))\" stroke-width=\"\(n(strokeWidth))\"" }
        if let opacity { attributes += " fill-opacity=\"\(n(opacity))\"" }
        append("rect", attributes, tooltip: tooltip)
    }

    /// A straight line; `dash` is an SVG dash array such as "4 3".
    public mutating func line(x1: Double, y1: Double, x2: Double, y2: Double, stroke: String,
                              width: Double = 1, dash: String? = nil) {
        var attributes = "x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(e(stroke))\" stroke-width=\"\(n(width))\""
        if let dash { attributes += " stroke-dasharray=\"\(e(dash))\"" }
        append("line", attributes)
    }

    /// An open polyline through `points` (skipped when fewer than two finite points).
    public mutating func polyline(_ points: [(x: Double, y: Double)], stroke: String, width: Double = 2, tooltip: String? = nil) {
        let finite = points.filter { $0.x.isFinite && $0.y.isFinite }
        guard finite.count >= 2 else { return }
        let list = finite.map { "\(n($0.x)),\(n($0.y))" }.joined(separator: " ")
        append("polyline", "points=\"\(list)\" fill=\"none\" stroke=\"\(e(stroke))\" stroke-width=\"\(n(width))\" stroke-linejoin=\"round\" stroke-linecap=\"round\"",
               tooltip: tooltip)
    }

    /// A filled circle.
    public mutating func circle(cx: Double, cy: Double, r: Double, fill: String, tooltip: String? = nil) {
        append("circle", "cx=\"\(n(cx))\" cy=\"\(n(cy))\" r=\"\(n(r))\" fill=\"\(e(fill))\"", tooltip: tooltip)
    }

    /// Text at (x, y) (y is the baseline); `rotate` turns it about (x, y) in degrees.
    public mutating func text(_ content: String, x: Double, y: Double, size: Double = 12, anchor: TextAnchor = .start,
                              fill: String = "#222", weight: String? = nil, rotate: Double? = nil) {
        var attributes = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor.rawValue)\" fill=\"\(e(fill))\""
        if let weight { attributes += " font-weight=\"\(e(weight))\"" }
        if let rotate { attributes += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        body.append("<text \(attributes)>\(e(content))</text>")
    }

    /// The SVG markup.
    public func render() -> String {
        var out = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(n(width))\" height=\"\(n(height))\" "
        out += "viewBox=\"0 0 \(n(width)) \(n(height))\" role=\"img\" aria-label=\"\(e(label))\" "
        out += "font-family=\"\(e(fontFamily))\">"
        out += "<title>\(e(label))</title>"
        out += body.joined()
        out += "</svg>"
        return out
    }

    private mutating func append(_ element: String, _ attributes: String, tooltip: String? = nil) {
        if let tooltip {
            body.append("<\(element) \(attributes)><title>\(e(tooltip))</title></\(element)>")
        } else {
            body.append("<\(element) \(attributes)/>")
        }
    }

    private func n(_ value: Double) -> String { Markup.number(value) }
    private func e(_ text: String) -> String { Markup.escape(text) }
}
