import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Well-formedness of XML text through Foundation's XMLParser (libxml2 on Linux).
enum XMLCheck {
    /// nil when `text` parses as XML, else the parser's complaint.
    static func problem(_ text: String) -> String? {
        let parser = XMLParser(data: Data(text.utf8))
        if parser.parse() { return nil }
        return parser.parserError.map { "\($0)" } ?? "unknown XML error"
    }

    /// Every `<svg ...>...</svg>` element in `html`.
    static func svgElements(_ html: String) -> [String] {
        var out: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg "), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            out.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return out
    }
}
