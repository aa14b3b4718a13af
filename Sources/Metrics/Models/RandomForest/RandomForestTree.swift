import SynCore

/// One CART tree of a random forest, grown depth first on bootstrap weights over per-feature
/// presorted row lists (each node's rows stay sorted in every feature's list segment, split by
/// a stable partition, so no node sorts). Regression uses the squared error, classification
/// the Gini impurity; split candidates and thresholds follow scikit-learn's best splitter
/// (Float32 values, FEATURE_THRESHOLD 1e-7, midpoint thresholds in Float64), features visited
/// in a seeded random order keeping the first strictly best.
struct RandomForestTree: Sendable {
    /// Split feature per node, -1 for a leaf.
    var feature: [Int32] = []
    var threshold: [Double] = []
    var left: [Int32] = []
    var right: [Int32] = []
    /// Per node, offset of its prediction in `values` (`outputs` numbers: the mean, or the
    /// class probabilities).
    var valueOffset: [Int32] = []
    var values: [Double] = []
    /// Normalised impurity-decrease importances of this tree (sum 1, or all zeros).
    var importances: [Double] = []

    /// Follows `row` (Float32 features) to its leaf and returns the leaf's value offset.
    func leafOffset(_ row: UnsafePointer<Float>) -> Int {
        var node = 0
        while feature[node] >= 0 {
            node = Double(row[Int(feature[node])]) <= threshold[node] ? Int(left[node]) : Int(right[node])
        }
        return Int(valueOffset[node])
    }
}

/// Grows ``RandomForestTree``s; one builder per tree (it owns its scratch lists).
struct RandomForestTreeBuilder {
    let x: [Float]            // row-major [rows, columns]
    let rows: Int
    let columns: Int
    let classes: Int          // 0 for regression
    let labels: [Int]         // classification
    let targets: [Double]     // regression
    let maxDepth: Int
    var weight: [Double]
    var lists: [[Int32]]      // per feature, in-bag rows sorted by value
    var scratch: [Int32]
    var goesLeft: [Bool]
    var rng: Xoshiro256StarStar
    var tree = RandomForestTree()
    var rawImportance: [Double]

    mutating func build() -> RandomForestTree {
        let count = lists[0].count
        if count > 0 {
            _ = grow(start: 0, end: count, depth: 0)
            let total = rawImportance.reduce(0, +)
            tree.importances = rawImportance.map { total > 0 ? $0 / total : 0 }
        } else {
            tree.importances = [Double](repeating: 0, count: columns)
        }
        return tree
    }

    /// Node statistics: weight, impurity, prediction values.
    private func statistics(start: Int, end: Int) -> (Double, Double, [Double]) {
        var w = 0.0
        if classes > 0 {
            var counts = [Double](repeating: 0, count: classes)
            for p in start..<end { let r = Int(lists[0][p]); counts[labels[r]] += weight[r]; w += weight[r] }
            let probabilities = counts.map { $0 / w }
            let gini = 1 - probabilities.reduce(0) { $0 + $1 * $1 }
            return (w, gini, probabilities)
        }
        var s = 0.0, sq = 0.0
        for p in start..<end {
            let r = Int(lists[0][p]), v = weight[r]
            w += v; s += v * targets[r]; sq += v * targets[r] * targets[r]
        }
        let mean = s / w
        return (w, sq / w - mean * mean, [mean])
    }

    private mutating func grow(start: Int, end: Int, depth: Int) -> Int {
        let node = tree.feature.count
        let (w, impurity, value) = statistics(start: start, end: end)
        tree.feature.append(-1); tree.threshold.append(0); tree.left.append(-1); tree.right.append(-1)
        tree.valueOffset.append(Int32(tree.values.count))
        tree.values.append(contentsOf: value)
        guard depth < maxDepth, end - start >= 2, impurity > Double.ulpOfOne else { return node }
        guard let split = bestSplit(start: start, end: end, nodeWeight: w) else { return node }
        for p in start..<end { goesLeft[Int(lists[split.feature][p])] = p < split.position }
        let leftCount = split.position - start
        for f in 0..<columns {
            var l = start, r = start + leftCount
            for p in start..<end {
                let row = lists[f][p]
                if goesLeft[Int(row)] { scratch[l] = row; l += 1 } else { scratch[r] = row; r += 1 }
            }
            for p in start..<end { lists[f][p] = scratch[p] }
        }
        let (wl, il, _) = statistics(start: start, end: start + leftCount)
        let (wr, ir, _) = statistics(start: start + leftCount, end: end)
        rawImportance[split.feature] += w * impurity - wl * il - wr * ir
        tree.feature[node] = Int32(split.feature)
        tree.threshold[node] = split.threshold
        let l = grow(start: start, end: start + leftCount, depth: depth + 1)
        let r = grow(start: start + leftCount, end: end, depth: depth + 1)
        tree.left[node] = Int32(l)
        tree.right[node] = Int32(r)
        return node
    }

    private mutating func bestSplit(start: Int, end: Int, nodeWeight: Double) -> (feature: Int, position: Int, threshold: Double)? {
        var order = Array(0..<columns)
        order.shuffle(using: &rng)
        var best = -Double.infinity
        var result: (Int, Int, Double)?
        var leftSums = [Double](repeating: 0, count: max(1, classes))
        var totals = [Double](repeating: 0, count: max(1, classes))
        for p in start..<end {
            let r = Int(lists[0][p])
            if classes > 0 { totals[labels[r]] += weight[r] } else { totals[0] += weight[r] * targets[r] }
        }
        let totalSquares = totals.reduce(0) { $0 + $1 * $1 }
        for f in order {
            for c in 0..<leftSums.count { leftSums[c] = 0 }
            var leftWeight = 0.0, leftSquares = 0.0, rightSquares = totalSquares
            var last: Float = 0
            for p in start..<end {
                let r = Int(lists[f][p])
                let v = x[r * columns + f]
                if p > start && v > last + GradientBoostTreeGrower.featureThreshold {
                    let proxy = leftSquares / leftWeight + rightSquares / (nodeWeight - leftWeight)
                    if proxy > best {
                        best = proxy
                        result = (f, p, Double(last) / 2 + Double(v) / 2)
                    }
                }
                let wr = weight[r]
                let c = classes > 0 ? labels[r] : 0
                let delta = classes > 0 ? wr : wr * targets[r]
                let l0 = leftSums[c], r0 = totals[c] - l0
                leftSums[c] = l0 + delta
                leftSquares += (l0 + delta) * (l0 + delta) - l0 * l0
                rightSquares += (r0 - delta) * (r0 - delta) - r0 * r0
                leftWeight += wr
                last = v
            }
        }
        return result.map { (feature: $0.0, position: $0.1, threshold: $0.2) }
    }
}
