import Foundation

/// Escaping of text for XML, SVG and HTML (the XML 1.0 predefined entities).
public enum Markup {
    /// `text` safe as element content and inside double- or single-quoted attribute values:
    /// & < > " ' become entities, and control characters XML 1.0 forbids (all below U+0020
    /// except tab, newline and carriage return) are dropped.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value >= 0x20, scalar.value != 0xFFFE, scalar.value != 0xFFFF { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// A number for an SVG coordinate or length: at most two decimals, no trailing zeros, no
    /// exponent, "0" for non-finite values (so a bad value cannot break the document).
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        let rounded = (value * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var text = String(format: "%.2f", rounded)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    /// `data:<mime>;base64,<bytes>`: an embedded file for `src` or `href`.
    public static func dataURI(mime: String, bytes: [UInt8]) -> String {
        "data:\(mime);base64," + Data(bytes).base64EncodedString()
    }
}
