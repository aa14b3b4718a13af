/// Splits one line of an RFC 4180 CSV file into its fields (quoted fields may hold commas
/// and doubled quotes; a line holds no newline).
public enum CSVLine {
    /// The fields of `line`, or nil when a quoted field is not closed or is followed by
    /// something other than a comma.
    public static func fields(_ line: String) -> [String]? {
        var fields: [String] = []
        var current = ""
        var chars = line.makeIterator()
        var atFieldStart = true
        while let c = chars.next() {
            if atFieldStart, c == "\"" {
                var closed = false
                while let q = chars.next() {
                    if q == "\"" {
                        closed = true
                        break
                    }
                    current.append(q)
                }
                guard closed else { return nil }
                // A doubled quote continues the field; a comma ends it; the end of line ends it.
                while true {
                    guard let next = chars.next() else {
                        fields.append(current)
                        return fields
                    }
                    if next == "," { break }
                    guard next == "\"" else { return nil }
                    current.append("\"")
                    var reclosed = false
                    while let q = chars.next() {
                        if q == "\"" { reclosed = true; break }
                        current.append(q)
                    }
                    guard reclosed else { return nil }
                }
                fields.append(current)
                current = ""
                atFieldStart = true
                continue
            }
            atFieldStart = false
            if c == "," {
                fields.append(current)
                current = ""
                atFieldStart = true
            } else {
                current.append(c)
            }
        }
        fields.append(current)
        return fields
    }
}
