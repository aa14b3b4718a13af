/// Training features for the tree learners, cast to Float32 as scikit-learn's trees do and,
/// per feature, presorted once.
///
/// The values never change between the trees of a boosting run, so every tree scans the same
/// presorted lists (`sortedEntries`) instead of sorting inside each node as scikit-learn's
/// `BestSplitter` does; the candidate splits are the same because they depend only on the
/// sorted sequence of values within a node.
final class GradientBoostFeatures: @unchecked Sendable {
    /// Number of rows (training points).
    let rows: Int
    /// Number of features (code dimensions).
    let columns: Int
    /// Per feature, the rows sorted by value (ties by row index), packed as
    /// `tie << 31 | row`, `[columns, rows]`: 4 bytes per entry keep a tree's lists in L2.
    /// `tie` marks a value within FEATURE_THRESHOLD of the previous one in this order:
    /// only such a row can fail sklearn's candidate test `v > previous + FEATURE_THRESHOLD`
    /// inside any node, since a node's previous value is at most the global previous value.
    let sortedEntries: UnsafeMutablePointer<UInt32>
    /// The Float32 values by feature, `[columns, rows]` (feature-major), for the rare tie
    /// tests and the thresholds.
    let columnValues: UnsafeMutablePointer<Float>
    /// Per feature, a hash of its values in row order (FNV-1a over the Float32 bits), used to
    /// break exact ties between features independently of the column order.
    let columnKey: [UInt64]

    /// Casts `matrix` to Float32 and presorts each column.
    init(_ matrix: Matrix) {
        rows = matrix.rows
        columns = matrix.columns
        let count = max(1, rows * columns)
        let values = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { values.deallocate() }
        sortedEntries = .allocate(capacity: count)
        let byFeature = UnsafeMutablePointer<Float>.allocate(capacity: count)
        columnValues = byFeature
        let columns = matrix.columns, rows = matrix.rows
        for i in 0..<(rows * columns) { values[i] = Float(matrix.storage[i]) }
        for r in 0..<rows { for f in 0..<columns { byFeature[f * rows + r] = values[r * columns + f] } }
        var keys = [UInt64](repeating: 0, count: columns)
        for f in 0..<columns {
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325
            for r in 0..<rows {
                hash = (hash ^ UInt64(values[r * columns + f].bitPattern)) &* 0x0000_0100_0000_01B3
            }
            keys[f] = hash
        }
        columnKey = keys
        var index = [Int32](repeating: 0, count: rows)
        for f in 0..<columns {
            for r in 0..<rows { index[r] = Int32(r) }
            let vals = values
            let cols = columns
            index.sort { a, b in
                let va = vals[Int(a) * cols + f], vb = vals[Int(b) * cols + f]
                return va < vb || (va == vb && a < b)
            }
            let base = f * rows
            for r in 0..<rows {
                let v = values[Int(index[r]) * columns + f]
                var e = UInt32(bitPattern: index[r])
                if r > 0 && v <= values[Int(index[r - 1]) * columns + f] + GradientBoostTreeGrower.featureThreshold {
                    e |= GradientBoostFeatures.tieFlag
                }
                sortedEntries[base + r] = e
            }
        }
    }

    deinit {
        sortedEntries.deallocate()
        columnValues.deallocate()
    }

    /// The bit marking a possible tie with the predecessor.
    static let tieFlag: UInt32 = 1 << 31

    /// The row of a list entry.
    @inline(__always)
    static func row(_ entry: UInt32) -> Int { Int(truncatingIfNeeded: entry & 0x7FFF_FFFF) }

    /// sklearn's candidate test between consecutive values of a node: `v > previous + 1e-7`
    /// in Float32; `column` is the feature's values by row.
    @inline(__always)
    static func splits(after previous: UInt32, at entry: UInt32, column: UnsafePointer<Float>,
                       tolerance: Float) -> Bool {
        column[row(entry)] > column[row(previous)] + tolerance
    }
}
