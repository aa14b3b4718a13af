import SynCore

/// Hyper-parameters of a gradient-boosted tree ensemble. The defaults are scikit-learn's
/// `GradientBoostingClassifier()` / `GradientBoostingRegressor()` defaults, which the DCI
/// reference uses: 100 stages, learning rate 0.1, depth 3 (min_samples_split 2,
/// min_samples_leaf 1, subsample 1, all features at every split are fixed).
public struct GradientBoostingSettings: Sendable, Equatable {
    /// Boosting stages (`n_estimators`).
    public var stages: Int
    /// Shrinkage applied to every tree (`learning_rate`).
    public var learningRate: Double
    /// Maximum tree depth (`max_depth`), 1...12.
    public var maxDepth: Int

    /// Settings; the defaults are sklearn's.
    public init(stages: Int = 100, learningRate: Double = 0.1, maxDepth: Int = 3) {
        self.stages = stages
        self.learningRate = learningRate
        self.maxDepth = maxDepth
    }
}

/// A fitted gradient-boosted tree ensemble (classifier or regressor), equal to what
/// scikit-learn's `GradientBoostingClassifier` / `GradientBoostingRegressor` fit with the same
/// settings except for how exact ties between features are broken (see
/// `GradientBoostTreeGrower`).
public struct GradientBoostingModel: Sendable {
    /// The class labels in sorted order (classification); empty for a regressor.
    public let classes: [Int]
    /// Impurity-decrease importance of every feature, summing to 1 (sklearn
    /// `feature_importances_`); all zeros when no tree has a split.
    public let featureImportances: [Double]
    /// Stages, learning rate and depth.
    public let settings: GradientBoostingSettings
    /// Raw scores before any tree, per tree slot.
    public let initialScores: [Double]
    /// Trees per stage: the class count for more than two classes, else 1.
    public let treesPerStage: Int
    let maxNodes: Int
    let treeFeature: [Int32]
    let treeThreshold: [Double]
    let treeValue: [Double]

    init(run: GradientBoostRun, settings: GradientBoostingSettings) {
        classes = run.classes
        featureImportances = run.featureImportances()
        self.settings = settings
        initialScores = run.initialScores
        treesPerStage = run.treesPerStage
        maxNodes = run.maxNodes
        let count = run.stages * run.treesPerStage * run.maxNodes
        treeFeature = Array(UnsafeBufferPointer(start: run.treeFeature, count: count))
        treeThreshold = Array(UnsafeBufferPointer(start: run.treeThreshold, count: count))
        treeValue = Array(UnsafeBufferPointer(start: run.treeValue, count: count))
    }

    /// Raw scores `[rows, treesPerStage]` row-major: the initial score plus learning rate
    /// times each tree's leaf value, with `x` cast to Float32 and compared `x <= threshold`
    /// against the Float64 threshold (sklearn `decision_function`).
    public func decisionScores(_ x: Matrix, jobs: Int = 1) -> [Double] {
        let t = treesPerStage, rows = x.rows, columns = x.columns
        var out = [Double](repeating: 0, count: rows * t)
        let stages = settings.stages, rate = settings.learningRate, nodes = maxNodes
        out.withUnsafeMutableBufferPointer { outBuffer in
            let output = TreeSharedPointer(outBuffer.baseAddress!)
            x.storage.withUnsafeBufferPointer { xs in
                let input = TreeSharedPointer(UnsafeMutablePointer(mutating: xs.baseAddress!))
                treeFeature.withUnsafeBufferPointer { fb in
                    treeThreshold.withUnsafeBufferPointer { tb in
                        treeValue.withUnsafeBufferPointer { vb in
                            let feature = TreeSharedPointer(UnsafeMutablePointer(mutating: fb.baseAddress!))
                            let threshold = TreeSharedPointer(UnsafeMutablePointer(mutating: tb.baseAddress!))
                            let value = TreeSharedPointer(UnsafeMutablePointer(mutating: vb.baseAddress!))
                            let initial = initialScores
                            let chunk = 256
                            // Tree by tree over a block of rows, so each tree's nodes are loaded
                            // once per block; every score still adds its trees in stage order.
                            parallelFor((rows + chunk - 1) / chunk, jobs: jobs) { c in
                                let first = c * chunk, width = min(rows, first + chunk) - first
                                var block = [Float](repeating: 0, count: width * columns)
                                for j in 0..<(width * columns) { block[j] = Float(input.pointer[first * columns + j]) }
                                let out = output.pointer + first * t
                                for r in 0..<width { for k in 0..<t { out[r * t + k] = initial[k] } }
                                block.withUnsafeBufferPointer { xb in
                                    let xs = xb.baseAddress!
                                    for s in 0..<stages {
                                        for k in 0..<t {
                                            let base = (s * t + k) * nodes
                                            let features = feature.pointer + base, thresholds = threshold.pointer + base
                                            let values = value.pointer + base
                                            for r in 0..<width {
                                                let row = xs + r * columns
                                                var h = 0
                                                while true {
                                                    let f = Int(features[h])
                                                    if f < 0 { break }
                                                    // arithmetic child index: the comparison is a coin flip
                                                    h = 2 &* h &+ (Double(row[f]) <= thresholds[h] ? 1 : 2)
                                                }
                                                out[r * t + k] += rate * values[h]
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Predicted class labels: argmax of the raw scores (first maximum), or `score >= 0` for
    /// two classes (sklearn `predict`).
    public func predictClasses(_ x: Matrix, jobs: Int = 1) -> [Int] {
        GradientBoostingModel.classes(fromScores: decisionScores(x, jobs: jobs), classes: classes,
                                      treesPerStage: treesPerStage)
    }

    /// Predicted values of a regressor (the raw scores).
    public func predictValues(_ x: Matrix, jobs: Int = 1) -> [Double] {
        decisionScores(x, jobs: jobs)
    }

    static func classes(fromScores scores: [Double], classes: [Int], treesPerStage t: Int) -> [Int] {
        let rows = scores.count / max(1, t)
        return (0..<rows).map { r in
            if t == 1 { return classes[scores[r] >= 0 ? 1 : 0] }
            var best = 0
            for k in 1..<t where scores[r * t + k] > scores[r * t + best] { best = k }
            return classes[best]
        }
    }
}

/// A pointer that may cross into `parallelFor` bodies; callers write disjoint elements.
struct TreeSharedPointer<T>: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<T>
    init(_ pointer: UnsafeMutablePointer<T>) { self.pointer = pointer }
}
