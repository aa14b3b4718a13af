import Foundation
import Metrics
import SynCore

/// One layer's activations, `[N, features]`, rows in the dataset's item order.
public struct LayerActivations: Sendable {
    /// The layer's name (its file stem, or the encoder layer's name).
    public var name: String
    /// The activations as Float64, conv maps flattened per row.
    public var features: Matrix

    /// Wraps activations already in memory.
    ///
    /// - Throws: ``AnalysisInputError`` naming the layer and row when a value is NaN or infinite.
    public init(name: String, features: Matrix) throws {
        self.name = name
        self.features = features
        if let bad = features.storage.firstIndex(where: { !$0.isFinite }) {
            let row = features.columns > 0 ? bad / features.columns : 0
            throw AnalysisInputError("layer '\(name)': row \(row), feature \(features.columns > 0 ? bad % features.columns : 0) is \(features.storage[bad]); activations must be finite (no NaN or infinity)")
        }
    }

    /// Wraps float32 activations `[rows, columns]` (an encoder's layer outputs), widened to Float64.
    ///
    /// - Throws: ``AnalysisInputError`` naming the layer and row when a value is NaN or infinite.
    public init(name: String, rows: Int, columns: Int, floats: [Float]) throws {
        precondition(floats.count == rows * columns, "values do not match the shape")
        try self.init(name: name, features: Matrix(rows: rows, columns: columns, storage: floats.map(Double.init)))
    }

    /// The rows at `indices` only.
    public func rows(at indices: [Int]) -> LayerActivations {
        var out = self
        out.features = features.rows(at: indices)
        return out
    }

    /// Reads a `.npy` of any float dtype with shape `[N]`, `[N, F]` or `[N, C, H, W, ...]`
    /// (flattened to `[N, C*H*W...]`).
    ///
    /// - Throws: ``AnalysisInputError`` for a non-float dtype, a scalar array, or NaN values;
    ///   NumPy format errors for a malformed file.
    public init(npy url: URL) throws {
        let array = try NpyArray(contentsOf: url)
        guard array.dtype.isFloatingPoint else {
            throw AnalysisInputError("\(url.path): dtype \(array.dtype.rawValue); activations must be a float array (float32 or float64)")
        }
        guard let rows = array.shape.first, array.shape.count >= 1 else {
            throw AnalysisInputError("\(url.path): a 0-d array; activations must be [N, features] (or [N, C, H, W])")
        }
        let columns = array.shape.dropFirst().reduce(1, *)
        guard rows > 0, columns > 0 else {
            throw AnalysisInputError("\(url.path): shape \(array.shape) is empty; activations need at least one row and one feature")
        }
        let name = url.deletingPathExtension().lastPathComponent
        do {
            try self.init(name: name, features: Matrix(rows: rows, columns: columns, storage: array.doubles()))
        } catch let error as AnalysisInputError {
            throw AnalysisInputError("\(url.path): \(error.message)")
        }
    }

    /// The row count of a `.npy` file from its header alone, so layers can be checked for
    /// matching rows before any is loaded whole.
    public static func rowCount(npy url: URL) throws -> Int {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw AnalysisInputError("\(url.path): cannot open the file")
        }
        defer { try? handle.close() }
        let head = handle.readData(ofLength: 65_536)
        let (header, _) = try NpyHeader.parse([UInt8](head), source: url.path)
        guard let rows = header.shape.first else {
            throw AnalysisInputError("\(url.path): a 0-d array; activations must be [N, features] (or [N, C, H, W])")
        }
        return rows
    }
}
