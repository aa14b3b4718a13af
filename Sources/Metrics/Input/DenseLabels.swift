/// An integer labelling re-coded to `0..<count` by rank of value, as `np.unique(x,
/// return_inverse=True)` does: the smallest label becomes 0, the next distinct one 1, and so on.
///
/// Contingency tables are then filled by direct indexing (no hashing in the hot loop).
public struct DenseLabels: Sendable, Equatable {
    /// The re-coded labels, one per point, each in `0..<count`.
    public let codes: [Int32]
    /// Number of distinct labels.
    public let count: Int
    /// The original label of each code, ascending (`np.unique`'s first output).
    public let values: [Int]

    /// Re-codes `labels` by rank.
    public init(_ labels: [Int]) {
        guard let lo = labels.min(), let hi = labels.max() else {
            codes = []
            count = 0
            values = []
            return
        }
        var out = [Int32](repeating: 0, count: labels.count)
        var distinct = [Int]()
        let span = hi.subtractingReportingOverflow(lo)
        if !span.overflow && span.partialValue < 4 * labels.count + 64 {
            // Small range: a lookup table indexed by value.
            var table = [Int32](repeating: -1, count: span.partialValue + 1)
            for v in labels { table[v - lo] = 0 }
            var next: Int32 = 0
            for i in 0..<table.count where table[i] == 0 {
                table[i] = next
                distinct.append(lo + i)
                next += 1
            }
            for i in 0..<labels.count { out[i] = table[labels[i] - lo] }
        } else {
            distinct = Array(Set(labels)).sorted()
            for i in 0..<labels.count {
                out[i] = Int32(DenseLabels.lowerBound(distinct, labels[i]))
            }
        }
        codes = out
        count = distinct.count
        values = distinct
    }

    /// Histogram labels from ``HistogramDiscretizer`` re-coded densely.
    public init(binning x: [Double], bins: Int) {
        self.init(HistogramDiscretizer.labels(x, bins: bins))
    }

    /// Number of points labelled.
    public var pointCount: Int { codes.count }

    /// Points per label.
    public func counts() -> [Int] {
        var c = [Int](repeating: 0, count: count)
        for v in codes { c[Int(v)] += 1 }
        return c
    }

    static func lowerBound(_ sorted: [Int], _ x: Int) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
