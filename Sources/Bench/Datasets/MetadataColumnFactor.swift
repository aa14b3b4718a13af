import Foundation
import SynCore
import SynData

/// A text or integer column of a dataset's `metadata.csv` taken as a categorical factor: its
/// distinct values, in ascending order, are the classes. SynSpeech's `gender` is such a column
/// (derived from the speaker, so it is not a column of `factors.npy`); `synbench analyze
/// --columns` and a study's `probe_columns` analyse and probe it like a factor.
public struct MetadataColumnFactor: Sendable, Equatable {
    /// The column's name (`gender`).
    public let name: String
    /// The distinct values, ascending; ``labels`` index into it.
    public let classes: [String]
    /// One class index per item, in dataset order.
    public let labels: [Int]

    /// Reads `column` of `folder/metadata.csv`.
    ///
    /// - Throws: ``InputError`` naming the file when it cannot be read, has no such column
    ///   (listing the columns), declares the column numeric in `dataset.json` (a number is not
    ///   a class), or has a row with the wrong number of fields.
    public init(dataset folder: String, column: String) throws {
        let path = folder + "/metadata.csv"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw InputError("\(path): cannot read it; columns come from a dataset folder written by 'synbench generate'")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).makeIterator()
        guard let headerLine = lines.next(), let header = CSVLine.fields(String(headerLine)) else {
            throw InputError("\(path): no header line")
        }
        guard let position = header.firstIndex(of: column) else {
            throw InputError("\(path): no column '\(column)'; the columns are: \(header.joined(separator: ", "))")
        }
        if try Self.numericColumns(of: folder).contains(column) {
            throw InputError("\(folder)/dataset.json declares column '\(column)' a number; only text and integer columns can be classes")
        }
        var values: [String] = []
        var row = 0
        while let line = lines.next() {
            row += 1
            guard let fields = CSVLine.fields(String(line)), fields.count == header.count else {
                throw InputError("\(path): row \(row) does not have the header's \(header.count) fields")
            }
            values.append(fields[position])
        }
        let classes = Set(values).sorted()
        let index = Dictionary(uniqueKeysWithValues: classes.enumerated().map { ($1, $0) })
        name = column
        self.classes = classes
        labels = values.map { index[$0] ?? 0 }
    }

    /// The columns `dataset.json` lists with kind `number` (none when it lists no columns).
    private static func numericColumns(of folder: String) throws -> Set<String> {
        let manifest = folder + "/dataset.json"
        guard let text = try? String(contentsOfFile: manifest, encoding: .utf8) else { return [] }
        guard let json = try? JSONValue.parse(text) else {
            throw InputError("\(manifest): not valid JSON")
        }
        guard case let .array(columns)? = json["columns"] else { return [] }
        var numeric: Set<String> = []
        for column in columns {
            if case let .string(name)? = column["name"], case let .string(kind)? = column["kind"], kind == ExtraColumn.Kind.number.rawValue {
                numeric.insert(name)
            }
        }
        return numeric
    }
}
