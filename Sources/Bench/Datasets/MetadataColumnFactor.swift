import Foundation
import SynCore
import SynData

/// A text or integer column of a dataset's `metadata.csv` taken as a categorical factor: its
/// distinct values, in ascending order (numeric order for integer columns), are the classes.
/// SynSpeech's `gender` is such a column (derived from the speaker, so it is not a column of
/// `factors.npy`); `synbench analyze --columns` and a study's `probe_columns` analyse and
/// probe it like a factor. Only the generator's own columns listed in `dataset.json`
/// qualify: the factor columns are factors already, and `file_name` names every item apart.
public struct MetadataColumnFactor: Sendable, Equatable {
    /// The column's name (`gender`).
    public let name: String
    /// The distinct values, ascending; ``labels`` index into it.
    public let classes: [String]
    /// One class index per item, in dataset order.
    public let labels: [Int]

    /// Reads `column` of `folder/metadata.csv`.
    ///
    /// - Throws: ``InputError`` naming the file when `dataset.json` does not list `column` as
    ///   a text or integer column (listing those it has), when `metadata.csv` cannot be read
    ///   or lacks the column, or when a line has the wrong number of fields.
    public init(dataset folder: String, column: String) throws {
        let usable = try Self.categoricalColumns(of: folder)
        guard let kind = usable.first(where: { $0.name == column })?.kind else {
            throw InputError("\(folder)/dataset.json: no text or integer column '\(column)'; its columns usable as classes: \(usable.isEmpty ? "none" : usable.map(\.name).joined(separator: ", "))")
        }
        let path = folder + "/metadata.csv"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError("\(path): cannot read it")
        }
        var lines = text.split(whereSeparator: \.isNewline).makeIterator()
        guard let headerLine = lines.next(), let header = CSVLine.fields(String(headerLine)) else {
            throw InputError("\(path): no header line")
        }
        guard let position = header.firstIndex(of: column) else {
            throw InputError("\(path): no column '\(column)' in the header, though dataset.json lists it")
        }
        var values: [String] = []
        var line = 1
        while let next = lines.next() {
            line += 1
            guard let fields = CSVLine.fields(String(next)), fields.count == header.count else {
                throw InputError("\(path): line \(line) does not have the header's \(header.count) fields")
            }
            values.append(fields[position])
        }
        let distinct = Set(values)
        let classes = kind == .integer
            ? distinct.sorted { (Int($0) ?? .max, $0) < (Int($1) ?? .max, $1) }
            : distinct.sorted()
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        name = column
        self.classes = classes
        labels = values.map { index[$0] ?? 0 }
    }

    /// The columns `dataset.json` lists with kind `text` or `integer`.
    private static func categoricalColumns(of folder: String) throws -> [(name: String, kind: ExtraColumn.Kind)] {
        let manifest = folder + "/dataset.json"
        guard let text = try? String(contentsOfFile: manifest, encoding: .utf8) else {
            throw InputError("\(manifest): cannot read it; columns come from a dataset folder written by 'synbench generate'")
        }
        guard let json = try? JSONValue.parse(text) else {
            throw InputError("\(manifest): not valid JSON")
        }
        guard case let .array(columns)? = json["columns"] else { return [] }
        return columns.compactMap { column in
            guard case let .string(name)? = column["name"], case let .string(raw)? = column["kind"],
                  let kind = ExtraColumn.Kind(rawValue: raw), kind != .number else { return nil }
            return (name, kind)
        }
    }
}
