extension TextGrid {
    /// The TextGrid in Praat's long text format, UTF-8, `\n` line ends.
    ///
    /// The layout is Praat's: the `ooTextFile` header, the grid's `xmin`/`xmax`,
    /// `tiers? <exists>`, the tier count, then per tier its class (`IntervalTier`), name, time
    /// span and numbered intervals with `xmin`, `xmax` and `text`. Double quotes inside text are
    /// doubled; times are the shortest decimal text that reads back as the same Double.
    public func longTextFormat() -> [UInt8] {
        var out = ""
        func line(_ depth: Int, _ text: String) {
            out += String(repeating: "    ", count: depth) + text + "\n"
        }
        line(0, "File type = \"ooTextFile\"")
        line(0, "Object class = \"TextGrid\"")
        line(0, "")
        line(0, "xmin = \(TextGrid.number(xmin))")
        line(0, "xmax = \(TextGrid.number(xmax))")
        line(0, "tiers? <exists>")
        line(0, "size = \(tiers.count)")
        line(0, "item []:")
        for (t, tier) in tiers.enumerated() {
            line(1, "item [\(t + 1)]:")
            line(2, "class = \"IntervalTier\"")
            line(2, "name = \(TextGrid.quoted(tier.name))")
            line(2, "xmin = \(TextGrid.number(xmin))")
            line(2, "xmax = \(TextGrid.number(xmax))")
            line(2, "intervals: size = \(tier.intervals.count)")
            for (i, interval) in tier.intervals.enumerated() {
                line(2, "intervals [\(i + 1)]:")
                line(3, "xmin = \(TextGrid.number(interval.xmin))")
                line(3, "xmax = \(TextGrid.number(interval.xmax))")
                line(3, "text = \(TextGrid.quoted(interval.text))")
            }
        }
        return Array(out.utf8)
    }

    /// Reads Praat's long text format as ``longTextFormat()`` writes it (UTF-8, an optional
    /// byte-order mark, interval tiers only, any spacing and line ends between tokens).
    ///
    /// - Throws: ``TextGridError/malformed(line:reason:)`` naming the first line that does not
    ///   fit, or another ``TextGridError`` when the tiers do not tile the grid's span.
    public init(parsing bytes: [UInt8]) throws {
        var scanner = LongTextScanner(bytes)
        try scanner.expect("File type = \"ooTextFile\"")
        try scanner.expect("Object class = \"TextGrid\"")
        try scanner.expect("xmin =")
        let xmin = try scanner.number()
        try scanner.expect("xmax =")
        let xmax = try scanner.number()
        guard xmin == 0 else {
            throw TextGridError.malformed(line: scanner.line, reason: "grid xmin is \(xmin); only grids starting at 0 are read")
        }
        try scanner.expect("tiers? <exists>")
        try scanner.expect("size =")
        let tierCount = try scanner.count()
        try scanner.expect("item []:")
        var tiers: [Tier] = []
        for t in stride(from: 1, through: tierCount, by: 1) {
            try scanner.expect("item [\(t)]:")
            try scanner.expect("class =")
            let klass = try scanner.string()
            guard klass == "IntervalTier" else {
                throw TextGridError.malformed(line: scanner.line, reason: "tier \(t) has class \"\(klass)\"; only IntervalTier is read")
            }
            try scanner.expect("name =")
            let name = try scanner.string()
            try scanner.expect("xmin =")
            let tierMin = try scanner.number()
            try scanner.expect("xmax =")
            let tierMax = try scanner.number()
            guard tierMin == xmin, tierMax == xmax else {
                throw TextGridError.malformed(line: scanner.line, reason: "tier \"\(name)\" spans \(tierMin)..\(tierMax), the grid \(xmin)..\(xmax)")
            }
            try scanner.expect("intervals: size =")
            let intervalCount = try scanner.count()
            var intervals: [Interval] = []
            for i in stride(from: 1, through: intervalCount, by: 1) {
                try scanner.expect("intervals [\(i)]:")
                try scanner.expect("xmin =")
                let a = try scanner.number()
                try scanner.expect("xmax =")
                let b = try scanner.number()
                try scanner.expect("text =")
                intervals.append(Interval(xmin: a, xmax: b, text: try scanner.string()))
            }
            tiers.append(Tier(name: name, intervals: intervals))
        }
        try scanner.expectEnd()
        try self.init(duration: xmax, tiers: tiers)
    }

    /// `x` as the shortest decimal text that reads back as the same Double; whole numbers
    /// without a fraction (`0`, not `0.0`), as Praat writes them.
    static func number(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 9_007_199_254_740_992 { return String(Int64(x)) }
        return x.description
    }

    /// `text` in double quotes, each double quote inside doubled.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

/// Reads the tokens of Praat's long text format from UTF-8 bytes, counting lines for errors.
struct LongTextScanner {
    private let bytes: [UInt8]
    private var position = 0
    /// The 1-based line of the next unread byte.
    private(set) var line = 1

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }

    private mutating func skipSpace() {
        while position < bytes.count, LongTextScanner.isSpace(bytes[position]) {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
    }

    private func fail(_ reason: String) -> TextGridError { .malformed(line: line, reason: reason) }

    /// Consumes `literal`, where each space matches any run of white space.
    mutating func expect(_ literal: String) throws {
        skipSpace()
        let startLine = line
        for b in literal.utf8 {
            if b == 0x20 { skipSpace(); continue }
            guard position < bytes.count, bytes[position] == b else {
                throw TextGridError.malformed(line: startLine, reason: "expected `\(literal)`")
            }
            position += 1
        }
    }

    /// Consumes the next white-space-delimited token.
    private mutating func token() -> String {
        skipSpace()
        let start = position
        while position < bytes.count, !LongTextScanner.isSpace(bytes[position]) { position += 1 }
        return String(decoding: bytes[start..<position], as: UTF8.self)
    }

    /// Consumes a finite number.
    mutating func number() throws -> Double {
        let text = token()
        guard let x = Double(text), x.isFinite else { throw fail("expected a number, found `\(text)`") }
        return x
    }

    /// Consumes a non-negative whole number.
    mutating func count() throws -> Int {
        let text = token()
        guard let n = Int(text), n >= 0 else { throw fail("expected a count, found `\(text)`") }
        return n
    }

    /// Consumes a double-quoted string in which `""` stands for one `"`; it may span lines.
    mutating func string() throws -> String {
        skipSpace()
        guard position < bytes.count, bytes[position] == 0x22 else { throw fail("expected a quoted string") }
        let startLine = line
        position += 1
        var content: [UInt8] = []
        while position < bytes.count {
            let b = bytes[position]
            position += 1
            if b == 0x22 {
                guard position < bytes.count, bytes[position] == 0x22 else {
                    guard let text = String(validating: content, as: UTF8.self) else {
                        throw TextGridError.malformed(line: startLine, reason: "string is not valid UTF-8")
                    }
                    return text
                }
                position += 1
            } else if b == 0x0A {
                line += 1
            }
            content.append(b)
        }
        throw TextGridError.malformed(line: startLine, reason: "string has no closing quote")
    }

    /// Checks that only white space is left.
    mutating func expectEnd() throws {
        skipSpace()
        guard position == bytes.count else { throw fail("unexpected text after the last tier") }
    }
}
