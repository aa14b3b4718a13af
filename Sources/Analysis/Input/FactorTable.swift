import Foundation
import Metrics
import SynCore

/// The ground-truth factors of the analysed items: names, kinds, integer class indices and,
/// when known, numeric values.
public struct FactorTable: Sendable {
    /// How a factor's values relate (from `dataset.json`; `--factors` arrays are categorical).
    public enum Kind: String, Sendable {
        /// Unordered classes: probed by classification.
        case categorical
        /// Ordered classes: probed by classification, like categorical ones.
        case ordinal
        /// Numeric values: the linear probe is a ridge regression on the values.
        case continuous
    }

    /// Factor names, in column order.
    public var names: [String]
    /// Factor kinds, in column order.
    public var kinds: [Kind]
    /// Class indices `[N, K]`.
    public var labels: FactorMatrix
    /// Numeric values `[N, K]` (`factor_values.npy`), if present.
    public var values: Matrix?

    /// Wraps factors already in memory.
    public init(names: [String], kinds: [Kind], labels: FactorMatrix, values: Matrix? = nil) {
        precondition(names.count == labels.columns && kinds.count == labels.columns, "one name and kind per factor")
        self.names = names
        self.kinds = kinds
        self.labels = labels
        self.values = values
    }

    /// Factors from an integer `.npy` `[N, K]` (or `[N]`), named `factor0`, `factor1`, ...
    public init(npy url: URL) throws {
        let labels = try FactorMatrix(NpyArray(contentsOf: url), source: url.path)
        self.init(names: (0..<labels.columns).map { "factor\($0)" },
                  kinds: [Kind](repeating: .categorical, count: labels.columns), labels: labels)
    }

    /// Factors of a dataset folder written by `synbench generate`: `factors.npy`, the names and
    /// kinds listed in `dataset.json`, and `factor_values.npy` when present.
    public init(dataset folder: URL) throws {
        let manifest = folder.appendingPathComponent("dataset.json")
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else {
            throw AnalysisInputError("\(folder.path): not a SynBench dataset folder (cannot read dataset.json)")
        }
        let json: JSONValue
        do { json = try JSONValue.parse(text) } catch {
            throw AnalysisInputError("\(manifest.path): \(error)")
        }
        guard case let .array(list)? = json["factors"] else {
            throw AnalysisInputError("\(manifest.path): no 'factors' list")
        }
        var names: [String] = [], kinds: [Kind] = []
        for (i, entry) in list.enumerated() {
            guard case let .string(name)? = entry["name"] else {
                throw AnalysisInputError("\(manifest.path): factors[\(i)].name is missing; every factor needs a name")
            }
            var kind = Kind.categorical
            if case let .string(raw)? = entry["kind"] {
                guard let k = Kind(rawValue: raw) else {
                    throw AnalysisInputError("\(manifest.path): factors[\(i)].kind is '\(raw)'; allowed: categorical, ordinal, continuous")
                }
                kind = k
            }
            names.append(name)
            kinds.append(kind)
        }
        let factorFile = folder.appendingPathComponent("factors.npy")
        let labels = try FactorMatrix(NpyArray(contentsOf: factorFile), source: factorFile.path)
        guard labels.columns == names.count else {
            throw AnalysisInputError("\(manifest.path) lists \(names.count) factors but factors.npy has \(labels.columns) columns")
        }
        let valueFile = folder.appendingPathComponent("factor_values.npy")
        var values: Matrix?
        if FileManager.default.fileExists(atPath: valueFile.path) {
            let v = try Matrix(NpyArray(contentsOf: valueFile), source: valueFile.path)
            guard v.rows == labels.rows, v.columns == labels.columns else {
                throw AnalysisInputError("\(valueFile.path): shape [\(v.rows), \(v.columns)] differs from factors.npy [\(labels.rows), \(labels.columns)]")
            }
            values = v
        }
        self.init(names: names, kinds: kinds, labels: labels, values: values)
    }

    /// The index of the factor called `name`.
    ///
    /// - Throws: ``AnalysisInputError`` listing the known names.
    public func index(of name: String) throws -> Int {
        guard let i = names.firstIndex(of: name) else {
            throw AnalysisInputError("unknown factor '\(name)'; the factors are: \(names.joined(separator: ", "))")
        }
        return i
    }

    /// Only the factors called `selected`, in that order.
    ///
    /// - Throws: ``AnalysisInputError`` for an unknown name.
    public func selecting(_ selected: [String]) throws -> FactorTable {
        let columns = try selected.map { try index(of: $0) }
        var labels = FactorMatrix(rows: self.labels.rows, columns: columns.count, storage: [Int](repeating: 0, count: self.labels.rows * columns.count))
        var values = self.values.map { Matrix(rows: $0.rows, columns: columns.count) }
        for r in 0..<labels.rows {
            for (c, k) in columns.enumerated() {
                labels[r, c] = self.labels[r, k]
                if let source = self.values { values?[r, c] = source[r, k] }
            }
        }
        return FactorTable(names: columns.map { names[$0] }, kinds: columns.map { kinds[$0] }, labels: labels, values: values)
    }

    /// These factors and one more categorical factor `name` with class indices `labels` (one
    /// per row); its value is its class index.
    ///
    /// - Throws: ``AnalysisInputError`` when the name is taken or the row counts differ.
    public func adding(categorical name: String, labels column: [Int]) throws -> FactorTable {
        guard !names.contains(name) else {
            throw AnalysisInputError("factor '\(name)' is already one of the factors (\(names.joined(separator: ", ")))")
        }
        let n = labels.rows, k = labels.columns
        guard column.count == n else {
            throw AnalysisInputError("factor '\(name)' has \(column.count) rows but the other factors have \(n)")
        }
        var wider = FactorMatrix(rows: n, columns: k + 1, storage: [Int](repeating: 0, count: n * (k + 1)))
        var widerValues = values.map { _ in Matrix(rows: n, columns: k + 1) }
        for r in 0..<n {
            for c in 0..<k {
                wider[r, c] = labels[r, c]
                if let source = values { widerValues?[r, c] = source[r, c] }
            }
            wider[r, k] = column[r]
            widerValues?[r, k] = Double(column[r])
        }
        return FactorTable(names: names + [name], kinds: kinds + [.categorical], labels: wider, values: widerValues)
    }

    /// The rows at `indices` only, in that order.
    public func rows(at indices: [Int]) -> FactorTable {
        FactorTable(names: names, kinds: kinds, labels: labels.rows(at: indices), values: values?.rows(at: indices))
    }

    /// A seeded random choice of `count` of `total` items, ascending (Fisher–Yates on
    /// `Xoshiro256StarStar.dataset(seed:reserved: 3)`), for analysing a large dataset on a
    /// subset that, unlike a prefix, covers every factor value.
    public static func subset(of total: Int, count: Int, seed: UInt64) -> [Int] {
        guard count < total else { return Array(0..<total) }
        var order = Array(0..<total)
        var rng = Xoshiro256StarStar.dataset(seed: seed, reserved: 3)
        ManifoldSample.shuffle(&order, rng: &rng)
        return order.prefix(count).sorted()
    }

    /// The first `count` rows only (a dataset may hold more items than were encoded).
    public func prefix(_ count: Int) -> FactorTable {
        FactorTable(names: names, kinds: kinds, labels: labels.rows(0..<count), values: values?.rows(0..<count))
    }
}
