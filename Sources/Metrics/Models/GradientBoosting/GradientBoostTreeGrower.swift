import SynCore

/// Grows one least-squares regression tree of limited depth, level by level, the way
/// scikit-learn's `DecisionTreeRegressor(criterion="squared_error", splitter="best",
/// min_samples_split=2, min_samples_leaf=1)` chooses its splits (sklearn 1.9 `_splitter.pyx`
/// `node_split_best`, `_criterion.pyx` `MSE`, `_tree.pyx` `DepthFirstTreeBuilder`).
///
/// Every node owns one contiguous segment of each feature's presorted list of rows (the
/// root's lists are the shared presorted orders; a split stably partitions each list segment
/// into the children's segments, below the root in place), so a node's scan of a feature is
/// one tight branch-free pass with its running Float64 left sum in a register, four (or two)
/// features per pass for instruction-level parallelism. A position is a candidate split when its value exceeds the
/// node's previous value by more than `FEATURE_THRESHOLD` (1e-7, in Float32); only rows
/// flagged as within the threshold of their predecessor in the global order can fail that
/// test, so only they are tested. Candidates are scored with the MSE proxy
/// `sum_L^2 / n_L + sum_R^2 / n_R`, the divisions done as multiplications by a table of
/// reciprocals `1 / n` (a last-bit difference from sklearn's division that can only matter for
/// candidates tied to within one rounding). The pass keeps each feature's best proxy and notes
/// the block of 64 positions where it last rose; the chosen feature is then rescanned from
/// that block (with the running sum it had there) to find its first position reaching that
/// proxy (sklearn's first strictly better position) and the values on either side, whose
/// midpoint in Float64 is the threshold.
///
/// sklearn visits the features of a node in a random order and keeps the first strictly
/// better one, so exact ties between features go to a random one; here ties go to the feature
/// with the smallest SplitMix64 priority drawn from the tree's seed, the node and a hash of the
/// feature's values: random too, but deterministic and unchanged by permuting the feature
/// columns. This is the one intended difference from sklearn. Such ties are common (e.g. two
/// features each isolating one row with the same target, frequent in the first stage, where a
/// class tree's targets take two values), and where one changes the fit, sklearn's own train
/// accuracy depends on `random_state` exactly as ours depends on the seed (DCISeedFixtureTests).
/// Candidates that tie only in exact arithmetic (equal counts and equal target sums reached
/// in different summation orders) are decided by the rounding of the node's target total: in
/// sklearn summed in its node's sample order, which also depends on `random_state`; here taken
/// from the parent's split statistics, so such a choice may be one sklearn makes for only some
/// of its `random_state`s.
///
/// Nodes live in heap layout (children of `h` at `2h+1`, `2h+2`); `feature[h]` is the split
/// feature, `-1` for a leaf, `-2` for an absent node.
final class GradientBoostTreeGrower: @unchecked Sendable {
    /// sklearn `FEATURE_THRESHOLD`: values closer than this (in Float32) count as equal.
    static let featureThreshold: Float = 1e-7
    /// sklearn `EPSILON` (`np.finfo('double').eps`): impurity at or below it makes a leaf.
    static let epsilon = Double.ulpOfOne

    let features: GradientBoostFeatures
    let maxDepth: Int
    /// Heap slots: `2^(maxDepth+1) - 1`.
    let maxNodes: Int

    /// After ``grow``: the heap index of every row's leaf.
    let leafOf: UnsafeMutablePointer<Int32>
    /// Per row: 1 when it went to the left child at its node's last split.
    private let side: UnsafeMutablePointer<UInt8>
    /// A segment's right-side entries while ``splitLists`` partitions a list in place.
    private let rightPart: UnsafeMutablePointer<UInt32>
    /// Two generations of per-feature entry lists `[2, columns, rows]`.
    private let lists: UnsafeMutablePointer<UInt32>
    /// `1 / n` for n = 0...rows (0 for n = 0).
    private let reciprocal: UnsafeMutablePointer<Double>

    private let nodeCount: UnsafeMutablePointer<Double>
    private let nodeSum: UnsafeMutablePointer<Double>
    private let nodeSquares: UnsafeMutablePointer<Double>
    private let nodeImpurity: UnsafeMutablePointer<Double>
    private let segmentStart: UnsafeMutablePointer<Int>
    private let segmentEnd: UnsafeMutablePointer<Int>
    /// Per feature of the node being split: best proxy and the values around its split.
    private let featureBest: UnsafeMutablePointer<Double>
    private let featureLow: UnsafeMutablePointer<Float>
    private let featureHigh: UnsafeMutablePointer<Float>
    private let featurePosition: UnsafeMutablePointer<Int>
    /// Per feature of the node being split: the first position of the scan block in which
    /// the best proxy last rose, and the running left sum entering that block (``locate``
    /// resumes there instead of rescanning the whole segment).
    private let featureFrom: UnsafeMutablePointer<Int>
    private let featureFromLeft: UnsafeMutablePointer<Double>
    /// Scan block length: the scans note per block whether a feature's best rose.
    static let blockLength = 64
    private let treeImportance: UnsafeMutablePointer<Double>

    /// A workspace for trees of depth at most `maxDepth` (1...12) on `features`.
    init(features: GradientBoostFeatures, maxDepth: Int) {
        precondition(maxDepth >= 1 && maxDepth <= 12, "tree depth must be 1...12")
        self.features = features
        self.maxDepth = maxDepth
        maxNodes = (1 << (maxDepth + 1)) - 1
        let n = max(1, features.rows), f = max(1, features.columns)
        leafOf = .allocate(capacity: n)
        side = .allocate(capacity: n)
        // one slot of slack: ``splitLists`` may write one past a segment before restoring it
        lists = .allocate(capacity: maxDepth > 1 ? n * f + 1 : 1)
        rightPart = .allocate(capacity: n + 1)
        reciprocal = .allocate(capacity: n + 1)
        reciprocal[0] = 0
        for c in 1...n { reciprocal[c] = 1 / Double(c) }
        nodeCount = .allocate(capacity: maxNodes)
        nodeSum = .allocate(capacity: maxNodes)
        nodeSquares = .allocate(capacity: maxNodes)
        nodeImpurity = .allocate(capacity: maxNodes)
        segmentStart = .allocate(capacity: maxNodes)
        segmentEnd = .allocate(capacity: maxNodes)
        featureBest = .allocate(capacity: f)
        featureLow = .allocate(capacity: f)
        featureHigh = .allocate(capacity: f)
        featurePosition = .allocate(capacity: f)
        featureFrom = .allocate(capacity: f)
        featureFromLeft = .allocate(capacity: f)
        treeImportance = .allocate(capacity: f)
    }

    deinit {
        leafOf.deallocate(); side.deallocate(); lists.deallocate(); rightPart.deallocate()
        reciprocal.deallocate()
        nodeCount.deallocate(); nodeSum.deallocate(); nodeSquares.deallocate(); nodeImpurity.deallocate()
        segmentStart.deallocate(); segmentEnd.deallocate()
        featureBest.deallocate(); featureLow.deallocate(); featureHigh.deallocate(); featurePosition.deallocate(); treeImportance.deallocate()
        featureFrom.deallocate(); featureFromLeft.deallocate()
    }

    /// Grows a tree on the targets `y` (one per row).
    ///
    /// - Parameters:
    ///   - feature, threshold: `maxNodes` heap slots receiving the split feature (`-1` leaf,
    ///     `-2` absent) and the Float64 threshold (`x <= threshold` goes left).
    ///   - importance: per feature, receives `+=` the tree's unnormalised impurity-decrease
    ///     importance (sklearn `compute_feature_importances(normalize=False)`), only when the
    ///     tree has more than one node.
    ///   - seed: seeds the tie-breaking between features.
    /// - Returns: the number of nodes.
    func grow(_ y: UnsafePointer<Double>, feature: UnsafeMutablePointer<Int32>,
              threshold: UnsafeMutablePointer<Double>, importance: UnsafeMutablePointer<Double>,
              seed: UInt64) -> Int {
        let n = features.rows, columns = features.columns
        var sum = 0.0, squares = 0.0
        for i in 0..<n {
            let v = y[i]
            sum += v
            squares += v * v
            leafOf[i] = 0
        }
        for h in 0..<maxNodes { feature[h] = -2; threshold[h] = 0 }
        feature[0] = -1
        let total = Double(n)
        nodeCount[0] = total
        nodeSum[0] = sum
        nodeSquares[0] = squares
        nodeImpurity[0] = squares / total - (sum / total) * (sum / total)
        segmentStart[0] = 0
        segmentEnd[0] = n
        for f in 0..<columns { treeImportance[f] = 0 }
        var nodes = 1

        for depth in 0..<maxDepth {
            let first = (1 << depth) - 1, width = 1 << depth
            // below the root the lists are partitioned in place: one generation of lists, so a
            // tree's working set stays in L2
            let entries = depth == 0 ? features.sortedEntries : lists
            let nextEntries = lists
            for h in first..<(first + width) where feature[h] == -1 && splittable(h) {
                let start = segmentStart[h], end = segmentEnd[h]
                var f = 0
                while f + 3 < columns {
                    scanQuad(y, entries: entries, features: f, start: start, end: end, node: h)
                    f += 4
                }
                while f + 1 < columns {
                    scanPair(y, entries: entries, features: f, start: start, end: end, node: h)
                    f += 2
                }
                if f < columns { scanOne(y, entries: entries, feature: f, start: start, end: end, node: h) }
                let chosen = chooseFeature(node: h, seed: seed)
                if chosen < 0 { continue }
                locate(y, entries: entries, feature: chosen, node: h)
                let cut = Double(featureLow[chosen]) / 2 + Double(featureHigh[chosen]) / 2
                let leftCount = partition(y, entries: entries, node: h, feature: chosen)
                let l = 2 * h + 1, r = 2 * h + 2
                nodeImpurity[l] = impurity(l)
                nodeImpurity[r] = impurity(r)
                let nh = nodeCount[h], nl = nodeCount[l], nr = nodeCount[r]
                let improvement = (nh / total) * (nodeImpurity[h] - nr / nh * nodeImpurity[r] - nl / nh * nodeImpurity[l])
                if improvement + GradientBoostTreeGrower.epsilon < 0 {
                    for i in start..<end { leafOf[GradientBoostFeatures.row(entries[i])] = Int32(h) }
                    continue
                }
                feature[h] = Int32(chosen)
                threshold[h] = cut
                feature[l] = -1
                feature[r] = -1
                nodes += 2
                treeImportance[chosen] += nh * nodeImpurity[h] - nl * nodeImpurity[l] - nr * nodeImpurity[r]
                segmentStart[l] = start
                segmentEnd[l] = start + leftCount
                segmentStart[r] = start + leftCount
                segmentEnd[r] = end
                if depth + 1 < maxDepth && (splittable(l) || splittable(r)) {
                    splitLists(entries, into: nextEntries, start: start, end: end, leftCount: leftCount, chosen: chosen)
                }
            }
        }
        if nodes > 1 {
            for f in 0..<columns { importance[f] += treeImportance[f] / total }
        }
        return nodes
    }

    /// sklearn's leaf rule for a node about to be split: at least 2 rows (min_samples_split)
    /// and impurity above `EPSILON`.
    private func splittable(_ h: Int) -> Bool {
        nodeCount[h] >= 2 && nodeImpurity[h] > GradientBoostTreeGrower.epsilon
    }

    private func impurity(_ h: Int) -> Double {
        let w = nodeCount[h]
        let mean = nodeSum[h] / w
        return nodeSquares[h] / w - mean * mean
    }

    /// Scans features `f` and `f + 1` of node `h` together (two independent dependency
    /// chains) for their best proxies. Branch-free; the position of the best split is found
    /// afterwards, for the chosen feature only, by ``locate``.
    private func scanPair(_ y: UnsafePointer<Double>, entries: UnsafeMutablePointer<UInt32>, features f: Int,
                          start: Int, end: Int, node h: Int) {
        let n = features.rows
        let listA = entries + f * n, listB = entries + (f + 1) * n
        let columnA = UnsafePointer(features.columnValues + f * n), columnB = columnA + n
        let total = nodeSum[h], size = end - start
        let tolerance = GradientBoostTreeGrower.featureThreshold
        let inverse = reciprocal
        var bestA = -Double.infinity, bestB = -Double.infinity
        var leftA = y[GradientBoostFeatures.row(listA[start])], leftB = y[GradientBoostFeatures.row(listB[start])]
        var count = 1
        var blockStart = start + 1
        var fromA = blockStart, fromLeftA = leftA
        var fromB = blockStart, fromLeftB = leftB
        while blockStart < end {
            let blockEnd = min(end, blockStart &+ GradientBoostTreeGrower.blockLength)
            let enteringA = leftA, previousA = bestA
            let enteringB = leftB, previousB = bestB
            for i in blockStart..<blockEnd {
                let wl = inverse[count], wr = inverse[size &- count]
                let ea = listA[i], eb = listB[i]
                let rightA = total - leftA, rightB = total - leftB
                var candidateA = leftA * leftA * wl + rightA * rightA * wr
                var candidateB = leftB * leftB * wl + rightB * rightB * wr
                // Only a row within FEATURE_THRESHOLD of its predecessor in the root order can be
                // tied with its predecessor in the node; those few rows are checked explicitly.
                if _slowPath((ea | eb) & GradientBoostFeatures.tieFlag != 0) {
                    if !GradientBoostFeatures.splits(after: listA[i - 1], at: ea, column: columnA, tolerance: tolerance) { candidateA = -.infinity }
                    if !GradientBoostFeatures.splits(after: listB[i - 1], at: eb, column: columnB, tolerance: tolerance) { candidateB = -.infinity }
                }
                bestA = candidateA > bestA ? candidateA : bestA
                bestB = candidateB > bestB ? candidateB : bestB
                leftA += y[GradientBoostFeatures.row(ea)]
                leftB += y[GradientBoostFeatures.row(eb)]
                count &+= 1
            }
            if bestA != previousA { fromA = blockStart; fromLeftA = enteringA }
            if bestB != previousB { fromB = blockStart; fromLeftB = enteringB }
            blockStart = blockEnd
        }
        featureBest[f] = bestA
        featureFrom[f] = fromA
        featureFromLeft[f] = fromLeftA
        featureBest[f + 1] = bestB
        featureFrom[f + 1] = fromB
        featureFromLeft[f + 1] = fromLeftB
    }

    /// Scans features `f..<f+4` of node `h` together: four independent chains share the
    /// loop, the reciprocal loads and the tie test, each with ``scanPair``'s arithmetic.
    private func scanQuad(_ y: UnsafePointer<Double>, entries: UnsafeMutablePointer<UInt32>, features f: Int,
                          start: Int, end: Int, node h: Int) {
        let n = features.rows
        let listA = entries + f * n, listB = listA + n, listC = listB + n, listD = listC + n
        let columnA = UnsafePointer(features.columnValues + f * n), columnB = columnA + n
        let columnC = columnB + n, columnD = columnC + n
        let total = nodeSum[h], size = end - start
        let tolerance = GradientBoostTreeGrower.featureThreshold
        let inverse = reciprocal
        var bestA = -Double.infinity, bestB = -Double.infinity, bestC = -Double.infinity, bestD = -Double.infinity
        var leftA = y[GradientBoostFeatures.row(listA[start])], leftB = y[GradientBoostFeatures.row(listB[start])]
        var leftC = y[GradientBoostFeatures.row(listC[start])], leftD = y[GradientBoostFeatures.row(listD[start])]
        var count = 1
        var blockStart = start + 1
        var fromA = blockStart, fromLeftA = leftA
        var fromB = blockStart, fromLeftB = leftB
        var fromC = blockStart, fromLeftC = leftC
        var fromD = blockStart, fromLeftD = leftD
        while blockStart < end {
            let blockEnd = min(end, blockStart &+ GradientBoostTreeGrower.blockLength)
            let enteringA = leftA, previousA = bestA
            let enteringB = leftB, previousB = bestB
            let enteringC = leftC, previousC = bestC
            let enteringD = leftD, previousD = bestD
            for i in blockStart..<blockEnd {
                let wl = inverse[count], wr = inverse[size &- count]
                let ea = listA[i], eb = listB[i], ec = listC[i], ed = listD[i]
                let rightA = total - leftA, rightB = total - leftB, rightC = total - leftC, rightD = total - leftD
                var candidateA = leftA * leftA * wl + rightA * rightA * wr
                var candidateB = leftB * leftB * wl + rightB * rightB * wr
                var candidateC = leftC * leftC * wl + rightC * rightC * wr
                var candidateD = leftD * leftD * wl + rightD * rightD * wr
                if _slowPath((ea | eb | ec | ed) & GradientBoostFeatures.tieFlag != 0) {
                    if !GradientBoostFeatures.splits(after: listA[i - 1], at: ea, column: columnA, tolerance: tolerance) { candidateA = -.infinity }
                    if !GradientBoostFeatures.splits(after: listB[i - 1], at: eb, column: columnB, tolerance: tolerance) { candidateB = -.infinity }
                    if !GradientBoostFeatures.splits(after: listC[i - 1], at: ec, column: columnC, tolerance: tolerance) { candidateC = -.infinity }
                    if !GradientBoostFeatures.splits(after: listD[i - 1], at: ed, column: columnD, tolerance: tolerance) { candidateD = -.infinity }
                }
                bestA = candidateA > bestA ? candidateA : bestA
                bestB = candidateB > bestB ? candidateB : bestB
                bestC = candidateC > bestC ? candidateC : bestC
                bestD = candidateD > bestD ? candidateD : bestD
                leftA += y[GradientBoostFeatures.row(ea)]
                leftB += y[GradientBoostFeatures.row(eb)]
                leftC += y[GradientBoostFeatures.row(ec)]
                leftD += y[GradientBoostFeatures.row(ed)]
                count &+= 1
            }
            if bestA != previousA { fromA = blockStart; fromLeftA = enteringA }
            if bestB != previousB { fromB = blockStart; fromLeftB = enteringB }
            if bestC != previousC { fromC = blockStart; fromLeftC = enteringC }
            if bestD != previousD { fromD = blockStart; fromLeftD = enteringD }
            blockStart = blockEnd
        }
        featureBest[f] = bestA
        featureFrom[f] = fromA
        featureFromLeft[f] = fromLeftA
        featureBest[f + 1] = bestB
        featureFrom[f + 1] = fromB
        featureFromLeft[f + 1] = fromLeftB
        featureBest[f + 2] = bestC
        featureFrom[f + 2] = fromC
        featureFromLeft[f + 2] = fromLeftC
        featureBest[f + 3] = bestD
        featureFrom[f + 3] = fromD
        featureFromLeft[f + 3] = fromLeftD
    }

    /// Scans one feature of node `h` (the odd one out of ``scanPair``).

    /// The best proxy of one feature's segment; with `stopAt`, instead the first position whose
    /// candidate proxy equals it (the same arithmetic as the scans, so equality is exact).
    private func scanOne(_ y: UnsafePointer<Double>, entries: UnsafeMutablePointer<UInt32>, feature f: Int,
                         start: Int, end: Int, node h: Int) {
        let n = features.rows
        let listA = entries + f * n
        let columnA = UnsafePointer(features.columnValues + f * n)
        let total = nodeSum[h], size = end - start
        let tolerance = GradientBoostTreeGrower.featureThreshold
        let inverse = reciprocal
        var bestA = -Double.infinity
        var leftA = y[GradientBoostFeatures.row(listA[start])]
        var count = 1
        var blockStart = start + 1
        var fromA = blockStart, fromLeftA = leftA
        while blockStart < end {
            let blockEnd = min(end, blockStart &+ GradientBoostTreeGrower.blockLength)
            let enteringA = leftA, previousA = bestA
            for i in blockStart..<blockEnd {
                let ea = listA[i]
                let rightA = total - leftA
                var candidateA = leftA * leftA * inverse[count] + rightA * rightA * inverse[size &- count]
                if _slowPath(ea & GradientBoostFeatures.tieFlag != 0),
                   !GradientBoostFeatures.splits(after: listA[i - 1], at: ea, column: columnA, tolerance: tolerance) {
                    candidateA = -.infinity
                }
                bestA = candidateA > bestA ? candidateA : bestA
                leftA += y[GradientBoostFeatures.row(ea)]
                count &+= 1
            }
            if bestA != previousA { fromA = blockStart; fromLeftA = enteringA }
            blockStart = blockEnd
        }
        featureBest[f] = bestA
        featureFrom[f] = fromA
        featureFromLeft[f] = fromLeftA
    }

    /// Finds the chosen feature's best position (first strictly best, as sklearn) and the
    /// values on either side of it.
    private func locate(_ y: UnsafePointer<Double>, entries: UnsafeMutablePointer<UInt32>, feature f: Int, node h: Int) {
        let list = entries + f * features.rows, column = UnsafePointer(features.columnValues + f * features.rows)
        let start = segmentStart[h], end = segmentEnd[h]
        let total = nodeSum[h], size = end - start, target = featureBest[f]
        let tolerance = GradientBoostTreeGrower.featureThreshold
        let inverse = reciprocal
        // resume where the scan's best last rose, with the running sum it had there: the
        // same arithmetic from the same state, so the best proxy recurs exactly
        var left = featureFromLeft[f]
        var found = -1
        for i in featureFrom[f]..<max(featureFrom[f], end) {
            let e = list[i]
            let count = i &- start
            let right = total - left
            var candidate = left * left * inverse[count] + right * right * inverse[size &- count]
            if _slowPath(e & GradientBoostFeatures.tieFlag != 0),
               !GradientBoostFeatures.splits(after: list[i - 1], at: e, column: column, tolerance: tolerance) {
                candidate = -.infinity
            }
            if candidate == target { found = i; break }
            left += y[GradientBoostFeatures.row(e)]
        }
        let position = found > start ? found : start + 1
        featurePosition[f] = position
        featureLow[f] = column[GradientBoostFeatures.row(list[position - 1])]
        featureHigh[f] = column[GradientBoostFeatures.row(list[position])]
    }

    /// Picks the node's split feature: the largest proxy; exact ties go to the feature with
    /// the smallest pseudo-random priority, drawn from the tree seed, the node and a hash of
    /// the feature's values (so permuting the feature columns permutes the choices).
    /// Returns -1 when no feature has a valid split.
    private func chooseFeature(node h: Int, seed: UInt64) -> Int {
        let nodeSeed = seed ^ (UInt64(h) &* 0x9E37_79B9_7F4A_7C15)
        var best = -Double.infinity, chosen = -1, chosenPriority: UInt64 = .max
        for f in 0..<features.columns {
            let proxy = featureBest[f]
            if proxy < best || proxy == -.infinity { continue }
            var mixer = SplitMix64(state: nodeSeed ^ features.columnKey[f])
            let priority = mixer.next()
            if proxy > best || priority < chosenPriority {
                best = proxy
                chosen = f
                chosenPriority = priority
            }
        }
        return chosen
    }

    /// Sends node `h`'s rows to its children (sets `leafOf` and `side`) and sums the left
    /// child's statistics; the right child's are the parent's minus the left's (as sklearn's
    /// criterion derives `sum_right` and `sq_sum_right`). The chosen feature's sorted segment
    /// splits at the best position: the threshold lies strictly between the values on either
    /// side, so this is exactly `x <= threshold`. Returns the left row count.
    private func partition(_ y: UnsafePointer<Double>, entries: UnsafeMutablePointer<UInt32>, node h: Int,
                           feature f: Int) -> Int {
        let list = entries + f * features.rows
        let start = segmentStart[h], end = segmentEnd[h], cut = featurePosition[f]
        let leftChild = Int32(2 * h + 1), rightChild = Int32(2 * h + 2)
        var sum = 0.0, squares = 0.0
        for i in start..<cut {
            let r = GradientBoostFeatures.row(list[i])
            leafOf[r] = leftChild
            side[r] = 1
            let v = y[r]
            sum += v
            squares += v * v
        }
        for i in cut..<end {
            let r = GradientBoostFeatures.row(list[i])
            leafOf[r] = rightChild
            side[r] = 0
        }
        let l = 2 * h + 1, rr = 2 * h + 2
        nodeCount[l] = Double(cut - start)
        nodeSum[l] = sum
        nodeSquares[l] = squares
        nodeCount[rr] = nodeCount[h] - nodeCount[l]
        nodeSum[rr] = nodeSum[h] - sum
        nodeSquares[rr] = nodeSquares[h] - squares
        return cut - start
    }

    /// Stable partition of every feature's list segment by `side` into the next generation.
    ///
    /// Every entry is stored at both cursors and only the cursor of its side advances (the
    /// side is a coin flip: no branch, and no data-dependent address arithmetic). A store at
    /// the cursor that did not advance is overwritten by that side's next entry, except at
    /// the two places a side's cursor stops: the left cursor stops at the first right slot,
    /// which is rewritten with the first right entry afterwards, and the right cursor stops at
    /// `end` (another segment, or the slack slot), which is saved and restored. The chosen
    /// feature's segment is already ordered left | right and is copied.
    private func splitLists(_ entries: UnsafeMutablePointer<UInt32>, into next: UnsafeMutablePointer<UInt32>,
                            start: Int, end: Int, leftCount: Int, chosen: Int) {
        let n = features.rows
        let boundary = start + leftCount
        if entries == next {
            // In place: a left entry goes to its final slot at or before the one just read;
            // right entries wait in `rightPart` and are copied behind the left ones.
            let right = rightPart
            for f in 0..<features.columns where f != chosen {
                let list = entries + f * n
                var left = start, r = 0
                for i in start..<end {
                    let e = list[i]
                    let g = Int(side[GradientBoostFeatures.row(e)])
                    list[left] = e
                    right[r] = e
                    left &+= g
                    r &+= 1 &- g
                }
                (list + boundary).update(from: right, count: end - boundary)
            }
            return
        }
        for f in 0..<features.columns {
            let source = entries + f * n, target = next + f * n
            if f == chosen {
                (target + start).update(from: source + start, count: end - start)
                continue
            }
            let saved = target[end]
            var left = start, right = boundary
            for i in start..<end {
                let e = source[i]
                let g = Int(side[GradientBoostFeatures.row(e)])
                target[left] = e
                target[right] = e
                left &+= g
                right &+= 1 &- g
            }
            target[end] = saved
            if boundary < end {
                var i = start
                while side[GradientBoostFeatures.row(source[i])] != 0 { i += 1 }
                target[boundary] = source[i]
            }
        }
    }
}
