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
    /// Per feature, the (row, Float32 value) pairs sorted by value (ties by row index), packed
    /// as `value.bitPattern << 32 | tie << 31 | row`, `[columns, rows]`: one load gives a scan
    /// both. `tie` marks a value within FEATURE_THRESHOLD of the previous one in this order:
    /// only such a row can fail sklearn's candidate test `v > previous + FEATURE_THRESHOLD`
    /// inside any node, since a node's previous value is at most the global previous value.
    let sortedEntries: UnsafeMutablePointer<UInt64>
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
        let columns = matrix.columns, rows = matrix.rows
        for i in 0..<(rows * columns) { values[i] = Float(matrix.storage[i]) }
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
                var e = GradientBoostFeatures.entry(row: index[r], value: v)
                if r > 0 && v <= values[Int(index[r - 1]) * columns + f] + GradientBoostTreeGrower.featureThreshold {
                    e |= GradientBoostFeatures.tieFlag
                }
                sortedEntries[base + r] = e
            }
        }
    }

    deinit {
        sortedEntries.deallocate()
    }

    /// Packs a row index and its value into one list entry.
    @inline(__always)
    static func entry(row: Int32, value: Float) -> UInt64 {
        UInt64(value.bitPattern) << 32 | UInt64(UInt32(bitPattern: row))
    }

    /// The bit marking a possible tie with the predecessor.
    static let tieFlag: UInt64 = 1 << 31

    /// The row of a list entry.
    @inline(__always)
    static func row(_ entry: UInt64) -> Int { Int(truncatingIfNeeded: entry & 0x7FFF_FFFF) }

    /// sklearn's candidate test between consecutive values of a node: `v > previous + 1e-7`
    /// in Float32.
    @inline(__always)
    static func splits(after previous: UInt64, at entry: UInt64, tolerance: Float) -> Bool {
        value(entry) > value(previous) + tolerance
    }

    /// The value of a list entry.
    @inline(__always)
    static func value(_ entry: UInt64) -> Float { Float(bitPattern: UInt32(truncatingIfNeeded: entry >> 32)) }
}
