/// A dense row-major matrix of Double: codes `Z [N, L]` (rows are points, columns codes).
public struct Matrix: Sendable, Equatable {
    /// Number of rows (points).
    public let rows: Int
    /// Number of columns (code dimensions).
    public let columns: Int
    /// Row-major values, `rows * columns` of them.
    public var storage: [Double]

    /// Wraps row-major `storage` of shape `[rows, columns]`.
    public init(rows: Int, columns: Int, storage: [Double]) {
        precondition(storage.count == rows * columns, "storage does not match the shape")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix filled with `value`.
    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, storage: Array(repeating: value, count: rows * columns))
    }

    /// Builds a matrix from row arrays of equal length.
    public init(_ rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        self.init(rows: rowArrays.count, columns: columns, storage: rowArrays.flatMap { $0 })
    }

    /// The element at row `r`, column `c`.
    @inlinable
    public subscript(r: Int, c: Int) -> Double {
        get { storage[r * columns + c] }
        set { storage[r * columns + c] = newValue }
    }

    /// Column `c` as a contiguous array.
    public func column(_ c: Int) -> [Double] {
        (0..<rows).map { storage[$0 * columns + c] }
    }

    /// Row `r` as an array.
    public func row(_ r: Int) -> [Double] {
        Array(storage[r * columns..<(r + 1) * columns])
    }

    /// The rows in `range`, as a new matrix.
    public func rows(_ range: Range<Int>) -> Matrix {
        Matrix(rows: range.count, columns: columns,
               storage: Array(storage[range.lowerBound * columns..<range.upperBound * columns]))
    }

    /// The rows at `indices` (with repetition allowed), as a new matrix.
    public func rows(at indices: [Int]) -> Matrix {
        var out = [Double]()
        out.reserveCapacity(indices.count * columns)
        for r in indices { out.append(contentsOf: storage[r * columns..<(r + 1) * columns]) }
        return Matrix(rows: indices.count, columns: columns, storage: out)
    }

    /// The transpose.
    public var transposed: Matrix {
        var out = Matrix(rows: columns, columns: rows)
        for r in 0..<rows { for c in 0..<columns { out.storage[c * rows + r] = storage[r * columns + c] } }
        return out
    }

    /// Row arrays, for reports.
    public var rowArrays: [[Double]] { (0..<rows).map(row) }
}

/// Integer factor labels `Y [N, K]`, row-major (rows are points, columns factors).
public struct FactorMatrix: Sendable, Equatable {
    /// Number of rows (points).
    public let rows: Int
    /// Number of factors.
    public let columns: Int
    /// Row-major labels.
    public var storage: [Int]

    /// Wraps row-major labels of shape `[rows, columns]`.
    public init(rows: Int, columns: Int, storage: [Int]) {
        precondition(storage.count == rows * columns, "storage does not match the shape")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// Builds labels from row arrays of equal length.
    public init(_ rowArrays: [[Int]]) {
        self.init(rows: rowArrays.count, columns: rowArrays.first?.count ?? 0,
                  storage: rowArrays.flatMap { $0 })
    }

    /// The label at row `r`, factor `c`.
    @inlinable
    public subscript(r: Int, c: Int) -> Int {
        get { storage[r * columns + c] }
        set { storage[r * columns + c] = newValue }
    }

    /// Factor `c` over all rows.
    public func column(_ c: Int) -> [Int] {
        (0..<rows).map { storage[$0 * columns + c] }
    }

    /// The rows in `range`, as a new matrix.
    public func rows(_ range: Range<Int>) -> FactorMatrix {
        FactorMatrix(rows: range.count, columns: columns,
                     storage: Array(storage[range.lowerBound * columns..<range.upperBound * columns]))
    }

    /// The rows at `indices`, as a new matrix.
    public func rows(at indices: [Int]) -> FactorMatrix {
        var out = [Int]()
        out.reserveCapacity(indices.count * columns)
        for r in indices { out.append(contentsOf: storage[r * columns..<(r + 1) * columns]) }
        return FactorMatrix(rows: indices.count, columns: columns, storage: out)
    }
}
