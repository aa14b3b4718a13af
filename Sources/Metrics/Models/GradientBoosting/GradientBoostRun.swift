import Foundation
import SynCore

/// The training state of one boosted ensemble (one target): raw scores, negative gradients,
/// the trees grown so far and their importances. Buffers are column-major per tree slot
/// (`[treesPerStage, rows]`) so the trees of one stage can be grown on separate threads.
final class GradientBoostRun: @unchecked Sendable {
    let loss: GradientBoostLoss
    let rows: Int
    let columns: Int
    let treesPerStage: Int
    let stages: Int
    let maxNodes: Int
    let learningRate: Double
    /// Classes in label order (classification), empty for regression.
    let classes: [Int]
    let initialScores: [Double]

    /// Encoded labels 0..<K (classification).
    private let label: UnsafeMutablePointer<Int32>
    /// Targets (regression).
    private let target: UnsafeMutablePointer<Double>
    /// Raw scores `[treesPerStage, rows]`.
    let raw: UnsafeMutablePointer<Double>
    private let negativeGradient: UnsafeMutablePointer<Double>
    /// Trees `[stages, treesPerStage, maxNodes]` in heap layout.
    let treeFeature: UnsafeMutablePointer<Int32>
    let treeThreshold: UnsafeMutablePointer<Double>
    let treeValue: UnsafeMutablePointer<Double>
    /// Unnormalised importances summed over trees with more than one node, per tree slot.
    private let importanceSum: UnsafeMutablePointer<Double>
    private let relevantTrees: UnsafeMutablePointer<Int>
    private let leafGradient: UnsafeMutablePointer<Double>
    private let leafHessian: UnsafeMutablePointer<Double>
    private let leafCount: UnsafeMutablePointer<Double>
    private let growers: GradientBoostGrowerPool

    /// Prepares a classification run on encoded `labels` (0..<classes.count) or a regression
    /// run on `targets`.
    init(features: GradientBoostFeatures, loss: GradientBoostLoss, classes: [Int], labels: [Int],
         targets: [Double], settings: GradientBoostingSettings, growers: GradientBoostGrowerPool) {
        self.loss = loss
        rows = features.rows
        columns = features.columns
        treesPerStage = loss.treesPerStage
        stages = settings.stages
        learningRate = settings.learningRate
        self.classes = classes
        self.growers = growers
        maxNodes = (1 << (settings.maxDepth + 1)) - 1
        initialScores = loss.initialScores(labels: labels, targets: targets)
        let n = max(1, rows), t = treesPerStage
        label = .allocate(capacity: n)
        target = .allocate(capacity: n)
        for i in 0..<rows {
            label[i] = labels.isEmpty ? 0 : Int32(labels[i])
            target[i] = targets.isEmpty ? 0 : targets[i]
        }
        raw = .allocate(capacity: t * n)
        negativeGradient = .allocate(capacity: t * n)
        for k in 0..<t { for i in 0..<rows { raw[k * rows + i] = initialScores[k] } }
        let treeSlots = max(1, stages * t * maxNodes)
        treeFeature = .allocate(capacity: treeSlots)
        treeThreshold = .allocate(capacity: treeSlots)
        treeValue = .allocate(capacity: treeSlots)
        treeFeature.initialize(repeating: -2, count: treeSlots)
        treeThreshold.initialize(repeating: 0, count: treeSlots)
        treeValue.initialize(repeating: 0, count: treeSlots)
        importanceSum = .allocate(capacity: t * max(1, columns))
        importanceSum.initialize(repeating: 0, count: t * max(1, columns))
        relevantTrees = .allocate(capacity: t)
        relevantTrees.initialize(repeating: 0, count: t)
        leafGradient = .allocate(capacity: t * maxNodes)
        leafHessian = .allocate(capacity: t * maxNodes)
        leafCount = .allocate(capacity: t * maxNodes)
    }

    deinit {
        label.deallocate(); target.deallocate(); raw.deallocate(); negativeGradient.deallocate()
        treeFeature.deallocate(); treeThreshold.deallocate(); treeValue.deallocate()
        importanceSum.deallocate(); relevantTrees.deallocate()
        leafGradient.deallocate(); leafHessian.deallocate(); leafCount.deallocate()
    }

    /// Negative gradients of the loss at the current raw scores for rows `range`
    /// (sklearn `_loss` `gradient`, negated).
    func computeGradients(_ range: Range<Int>) {
        let n = rows
        switch loss {
        case .squaredError:
            for i in range { negativeGradient[i] = target[i] - raw[i] }
        case .binomial:
            for i in range {
                let y = Double(label[i]), r = raw[i]
                let gradient: Double
                if r > -37 {
                    let e = Foundation.exp(-r)
                    gradient = ((1 - y) - y * e) / (1 + e)
                } else {
                    gradient = Foundation.exp(r) - y
                }
                negativeGradient[i] = -gradient
            }
        case let .multinomial(k):
            // Tiles of rows, class by class inside a tile: the K class rows lie `rows` apart, so
            // walking one row across all classes would touch K pages per row. Per row the
            // maximum, the exponentials and their sum are taken in class order as before.
            let tile = 64
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * tile) { scratch in
                let maximum = scratch.baseAddress!, sum = maximum + tile
                var first = range.lowerBound
                while first < range.upperBound {
                    let last = min(range.upperBound, first + tile), width = last - first
                    for j in 0..<width { maximum[j] = raw[first + j]; sum[j] = 0 }
                    for c in 1..<k {
                        let scores = raw + c * n + first
                        for j in 0..<width {
                            let v = scores[j], m = maximum[j]
                            maximum[j] = m < v ? v : m
                        }
                    }
                    for c in 0..<k {
                        let scores = raw + c * n + first, out = negativeGradient + c * n + first
                        for j in 0..<width {
                            let e = Foundation.exp(scores[j] - maximum[j])
                            out[j] = e
                            sum[j] += e
                        }
                    }
                    for c in 0..<k {
                        let out = negativeGradient + c * n + first, labels = label + first
                        for j in 0..<width {
                            let p = out[j] / sum[j]
                            out[j] = -(p - (Int(labels[j]) == c ? 1 : 0))
                        }
                    }
                    first = last
                }
            }
        }
    }

    /// Grows the tree of slot `k` in `stage`, sets its leaf values and updates the raw scores.
    func growTree(stage: Int, slot k: Int, seed: UInt64) {
        let n = rows
        let base = (stage * treesPerStage + k) * maxNodes
        let grower = growers.acquire()
        defer { growers.release(grower) }
        let gradient = negativeGradient + k * n
        let nodes = grower.grow(gradient, feature: treeFeature + base, threshold: treeThreshold + base,
                                importance: importanceSum + k * columns, seed: seed)
        if nodes > 1 { relevantTrees[k] += 1 }
        let sums = leafGradient + k * maxNodes, hessians = leafHessian + k * maxNodes
        let counts = leafCount + k * maxNodes
        for h in 0..<maxNodes { sums[h] = 0; hessians[h] = 0; counts[h] = 0 }
        let leafOf = grower.leafOf
        switch loss {
        case .squaredError:
            for i in 0..<n {
                let h = Int(leafOf[i])
                sums[h] += gradient[i]
                counts[h] += 1
            }
        case .binomial, .multinomial:
            let multiclass = treesPerStage > 1
            for i in 0..<n {
                let h = Int(leafOf[i])
                let g = gradient[i]
                let y: Double = multiclass ? (Int(label[i]) == k ? 1 : 0) : Double(label[i])
                let p = y - g
                sums[h] += g
                hessians[h] += p * (1 - p)
                counts[h] += 1
            }
        }
        let classCount = loss == .binomial ? 2 : treesPerStage
        let values = treeValue + base
        for h in 0..<maxNodes where treeFeature[base + h] == -1 {
            guard counts[h] > 0 else { continue }
            if loss == .squaredError {
                values[h] = sums[h] / counts[h]
            } else {
                values[h] = GradientBoostLoss.newtonStep(gradientSum: sums[h], hessianSum: hessians[h],
                                                         count: counts[h], classes: classCount)
            }
        }
        let scores = raw + k * n
        let rate = learningRate
        for i in 0..<n { scores[i] += rate * values[Int(leafOf[i])] }
    }

    /// sklearn `feature_importances_`: the mean over trees with more than one node of the
    /// unnormalised importances, normalised to sum 1 (all zeros when no tree split).
    func featureImportances() -> [Double] {
        var total = [Double](repeating: 0, count: columns)
        var trees = 0
        for k in 0..<treesPerStage {
            trees += relevantTrees[k]
            for f in 0..<columns { total[f] += importanceSum[k * columns + f] }
        }
        guard trees > 0 else { return total }
        let mean = total.map { $0 / Double(trees) }
        let sum = mean.reduce(0, +)
        guard sum > 0 else { return [Double](repeating: 0, count: columns) }
        return mean.map { $0 / sum }
    }
}
