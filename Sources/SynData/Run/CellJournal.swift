import SynCore

/// The metadata cells (extra columns) of finished items while a run is in progress, kept on
/// disk so memory stays flat however many items there are:
///
/// - `columns.jsonl`: one line per recorded item, the JSON array `[item, "cell", ...]`,
///   appended (a run killed inside a write leaves a torn last line, which nothing indexes);
/// - `columns.idx`: 16 bytes per item, the line's offset + 1 and its length (little-endian
///   Int64), zero until the item's line is complete.
///
/// Thread-safe: appends are serialised; reads of distinct items are independent.
final class CellJournal: @unchecked Sendable {
    private let appender: PosixFile
    private let reader: PosixFile
    private let index: PosixFile
    private let columns: Int
    private let count: Int
    /// The length of columns.jsonl, where the next line goes.
    private let end: Locked<Int>

    /// Opens (or makes) the journal of `count` items with `columns` cells each in `folder`.
    init(folder: String, columns: Int, count: Int) throws {
        let linesPath = folder + "/columns.jsonl"
        appender = try PosixFile(appendingAt: linesPath)
        reader = try PosixFile(readingAt: linesPath)
        index = try PosixFile(updatingAt: folder + "/columns.idx")
        if try index.size() < count * 16 { try index.resize(to: count * 16) }
        self.columns = columns
        self.count = count
        var size = try reader.size()
        var last: [UInt8] = [0x0A]
        if size > 0, try reader.read(into: &last, at: size - 1) == 1, last[0] != 0x0A {
            try appender.append([0x0A])
            size += 1
        }
        end = Locked(size)
    }

    /// Records item `item`'s cells (one per extra column, as metadata.csv shows them).
    func record(_ item: Int, _ cells: [String]) throws {
        let line = Array((JSONValue.array([.integer(item)] + cells.map(JSONValue.string)).serialized() + "\n").utf8)
        try end.withLock { end in
            try appender.append(line)
            var entry = [UInt8](repeating: 0, count: 16)
            put(Int64(end + 1), into: &entry, at: 0)
            put(Int64(line.count), into: &entry, at: 8)
            end += line.count
            try index.write(entry, at: item * 16)
        }
    }

    /// Item `item`'s cells, or nil when none are recorded.
    func cells(of item: Int) throws -> [String]? {
        var entry = [UInt8](repeating: 0, count: 16)
        guard try index.read(into: &entry, at: item * 16) == 16 else { return nil }
        let offset = Int(get(entry, at: 0)) - 1, length = Int(get(entry, at: 8))
        guard offset >= 0, length > 0, length < 1 << 30 else { return nil }
        var line = [UInt8](repeating: 0, count: length)
        guard try reader.read(into: &line, at: offset) == length else { return nil }
        return CellJournal.parse(String(decoding: line, as: UTF8.self), columns: columns, count: count)?.cells
    }

    /// One journal line: the item and its cells, or nil when the line is not one.
    static func parse(_ line: String, columns: Int, count: Int) -> (item: Int, cells: [String])? {
        guard let row = try? JSONValue.parse(line), case let .array(values) = row,
              values.count == columns + 1, let item = values[0].integerValue, item >= 0, item < count
        else { return nil }
        var texts: [String] = []
        for v in values.dropFirst() {
            guard case let .string(s) = v else { return nil }
            texts.append(s)
        }
        return (item, texts)
    }

    /// Calls `body` with every well-formed line of a columns.jsonl file (a shard's), streaming.
    static func forEachLine(of path: String, columns: Int, count: Int,
                            _ body: (Int, [String]) throws -> Void) throws {
        let lines = LineReader(ChunkReader(file: try PosixFile(readingAt: path), offset: 0))
        while let line = try lines.next() {
            if let (item, cells) = parse(line, columns: columns, count: count) { try body(item, cells) }
        }
    }

    private func put(_ value: Int64, into bytes: inout [UInt8], at offset: Int) {
        for b in 0..<8 { bytes[offset + b] = UInt8(truncatingIfNeeded: value >> (8 * b)) }
    }

    private func get(_ bytes: [UInt8], at offset: Int) -> Int64 {
        (0..<8).reduce(Int64(0)) { $0 | Int64(bytes[offset + $1]) << (8 * $1) }
    }
}
