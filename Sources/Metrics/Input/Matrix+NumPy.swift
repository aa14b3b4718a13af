import SynCore

extension Matrix {
    /// Codes from a 2-D NumPy array `[N, L]` of any numeric dtype (a 1-D array is one column).
    ///
    /// - Parameter source: names the file or member in errors.
    public init(_ array: NpyArray, source: String) throws {
        let (rows, columns) = try twoDimensionalShape(array, source: source)
        self.init(rows: rows, columns: columns, storage: array.doubles())
    }
}

extension FactorMatrix {
    /// Factor labels from a 2-D NumPy array `[N, K]` of integers (or whole-number floats).
    ///
    /// - Parameter source: names the file or member in errors.
    public init(_ array: NpyArray, source: String) throws {
        let (rows, columns) = try twoDimensionalShape(array, source: source)
        self.init(rows: rows, columns: columns, storage: try array.integers(source: source))
    }
}

private func twoDimensionalShape(_ array: NpyArray, source: String) throws -> (Int, Int) {
    switch array.shape.count {
    case 1: return (array.shape[0], 1)
    case 2: return (array.shape[0], array.shape[1])
    default:
        throw MetricsInputError("\(source): expected a 2-D array [rows, columns], got shape \(array.shape)")
    }
}
