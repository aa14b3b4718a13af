import Metrics

/// k-nearest-neighbour read-out of a factor (Baldock et al., NeurIPS 2021 use k = 30):
/// scikit-learn's `KNeighborsClassifier(n_neighbors: k, weights: "uniform")` with a Euclidean
/// or cosine metric, trained on the training split and scored on the test split.
public enum NearestNeighbourProbe {
    /// The distance between feature vectors.
    public enum Distance: String, Sendable, CaseIterable {
        /// ||a - b||.
        case euclidean
        /// 1 - a . b / (||a|| ||b||) (scikit-learn's "cosine").
        case cosine
    }

    /// Test accuracy of the majority vote of the k nearest training rows (ties between labels
    /// go to the smallest label, as scikit-learn's `predict` takes the first maximum over its
    /// sorted classes; ties in distance to the lower row index), with the test split's
    /// majority-class frequency as chance. With `standardize`, features are z-scored with the
    /// training split's statistics first.
    public static func classify(_ features: Matrix, labels: [Int], split: ProbeSplit, k: Int,
                                distance: Distance = .euclidean, standardize: Bool = true) -> ProbeScore {
        precondition(labels.count == features.rows, "one label per row")
        let x = standardize ? Standardizer(features, rows: split.train).apply(features, rows: Array(0..<features.rows)) : features
        let predicted = NeighbourVote.predict(x, support: split.train, labels: labels, queries: split.test,
                                              k: k, distance: distance, excludeSelf: false)
        let truth = split.test.map { labels[$0] }
        var hits = 0
        for (p, t) in zip(predicted, truth) where p == t { hits += 1 }
        return ProbeScore(value: Double(hits) / Double(max(1, truth.count)), chance: ProbeScore.majorityFrequency(truth))
    }
}

/// The k-NN vote behind the probe and prediction depth: distances by BLAS in blocks of query
/// rows, the k nearest by a bounded max-heap.
enum NeighbourVote {
    static let queryBlock = 256

    /// The predicted label of every query row from the labels of its k nearest support rows.
    /// With `excludeSelf`, a query never counts itself among its neighbours (leave-one-out,
    /// for queries that are also support rows).
    static func predict(_ x: Matrix, support: [Int], labels: [Int], queries: [Int], k: Int,
                        distance: NearestNeighbourProbe.Distance, excludeSelf: Bool) -> [Int] {
        let d = x.columns
        var data = x
        if distance == .cosine {
            for r in 0..<data.rows {
                var norm2 = 0.0
                for c in 0..<d { norm2 += data.storage[r * d + c] * data.storage[r * d + c] }
                let scale = norm2 > 0 ? 1 / norm2.squareRoot() : 0
                for c in 0..<d { data.storage[r * d + c] *= scale }
            }
        }
        let supportRows = data.rows(at: support)
        let supportNorms = (0..<support.count).map { r -> Double in
            var s = 0.0
            for c in 0..<d { s += supportRows.storage[r * d + c] * supportRows.storage[r * d + c] }
            return s
        }
        let classes = Array(Set(support.map { labels[$0] })).sorted()
        var position: [Int: Int] = [:]
        for (i, c) in classes.enumerated() { position[c] = i }
        let supportClass = support.map { position[labels[$0]]! }
        let neighbours = min(k, support.count - (excludeSelf ? 1 : 0))
        var out = [Int](repeating: classes.first ?? 0, count: queries.count)
        var products = [Double](repeating: 0, count: queryBlock * support.count)
        var heap = BoundedMaxHeap(capacity: max(1, neighbours))
        var votes = [Int](repeating: 0, count: classes.count)
        var start = 0
        while start < queries.count {
            let count = min(queryBlock, queries.count - start)
            let block = data.rows(at: Array(queries[start..<(start + count)]))
            DenseBLAS.multiplyTransposed(block.storage, rows: count, inner: d, supportRows.storage,
                                         columns: support.count, into: &products)
            for q in 0..<count {
                let query = queries[start + q]
                var queryNorm = 0.0
                for c in 0..<d { queryNorm += block.storage[q * d + c] * block.storage[q * d + c] }
                heap.removeAll()
                for (j, row) in support.enumerated() {
                    if excludeSelf && row == query { continue }
                    let dot = products[q * support.count + j]
                    let key = distance == .cosine ? 1 - dot : queryNorm + supportNorms[j] - 2 * dot
                    heap.offer(key, j)
                }
                for i in 0..<votes.count { votes[i] = 0 }
                for j in heap.members { votes[supportClass[j]] += 1 }
                var best = 0
                for i in 1..<max(1, votes.count) where votes[i] > votes[best] { best = i }
                out[start + q] = classes.isEmpty ? 0 : classes[best]
            }
            start += count
        }
        return out
    }
}

/// The `capacity` smallest keys offered (ties: the lower index wins), as a max-heap.
struct BoundedMaxHeap {
    let capacity: Int
    private var keys: [Double] = []
    private var indices: [Int] = []

    init(capacity: Int) {
        self.capacity = capacity
        keys.reserveCapacity(capacity)
        indices.reserveCapacity(capacity)
    }

    var members: [Int] { indices }

    mutating func removeAll() {
        keys.removeAll(keepingCapacity: true)
        indices.removeAll(keepingCapacity: true)
    }

    private func above(_ a: Int, _ b: Int) -> Bool {
        keys[a] > keys[b] || (keys[a] == keys[b] && indices[a] > indices[b])
    }

    mutating func offer(_ key: Double, _ index: Int) {
        if keys.count < capacity {
            keys.append(key)
            indices.append(index)
            var i = keys.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard above(i, parent) else { break }
                keys.swapAt(i, parent)
                indices.swapAt(i, parent)
                i = parent
            }
            return
        }
        guard key < keys[0] || (key == keys[0] && index < indices[0]) else { return }
        keys[0] = key
        indices[0] = index
        var i = 0
        while true {
            let left = 2 * i + 1, right = left + 1
            var largest = i
            if left < keys.count && above(left, largest) { largest = left }
            if right < keys.count && above(right, largest) { largest = right }
            if largest == i { break }
            keys.swapAt(i, largest)
            indices.swapAt(i, largest)
            i = largest
        }
    }
}
