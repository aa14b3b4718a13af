import SynCore

/// Settings of the random forests used for DCI's alternative importances (Eastwood &
/// Williams 2018 used random forests; these values are SynBench's choice, documented in the
/// DCI settings): bootstrap resampling, every feature considered at every split (sklearn
/// `max_features=1.0`), min_samples_leaf 1.
public struct RandomForestSettings: Sendable, Equatable, CustomStringConvertible {
    /// Number of trees (`n_estimators`).
    public var trees: Int
    /// Maximum depth of each tree (`max_depth`).
    public var maxDepth: Int

    /// Settings; defaults 50 trees of depth at most 10.
    public init(trees: Int = 50, maxDepth: Int = 10) {
        self.trees = trees
        self.maxDepth = maxDepth
    }

    /// `n_estimators=..., max_depth=..., bootstrap, max_features=all`.
    public var description: String { "n_estimators=\(trees), max_depth=\(maxDepth), bootstrap, max_features=all, min_samples_leaf=1" }
}

/// A fitted random forest (Breiman 2001): bootstrap-resampled CART trees; regression
/// averages the tree means, classification averages the leaf class probabilities and takes
/// the first largest (sklearn `RandomForestClassifier.predict`).
public struct RandomForest: Sendable {
    /// Sorted class labels (classification) or empty (regression).
    public let classes: [Int]
    /// Mean over trees of each tree's normalised impurity-decrease importances, normalised to
    /// sum 1 (sklearn `feature_importances_`); zeros when no tree split.
    public let featureImportances: [Double]
    let trees: [RandomForestTree]
    let columns: Int

    /// Fits a classifier (Gini) on integer labels; tree `t` is seeded by `(seed, t)`.
    ///
    /// - Throws: ``MetricsInputError`` when the labels do not match the rows.
    public static func fitClassifier(_ x: Matrix, labels: [Int], settings: RandomForestSettings = .init(),
                                     seed: UInt64 = 0) throws -> RandomForest {
        guard labels.count == x.rows, x.rows >= 1 else {
            throw MetricsInputError("random forest: \(labels.count) labels for \(x.rows) rows")
        }
        let classes = Array(Set(labels)).sorted()
        var code: [Int: Int] = [:]
        for (i, c) in classes.enumerated() { code[c] = i }
        return fit(x, classes: classes, labels: labels.map { code[$0]! }, targets: [], settings: settings, seed: seed)
    }

    /// Fits a regressor (squared error) on real targets.
    ///
    /// - Throws: ``MetricsInputError`` when the targets do not match the rows or are not finite.
    public static func fitRegressor(_ x: Matrix, targets: [Double], settings: RandomForestSettings = .init(),
                                    seed: UInt64 = 0) throws -> RandomForest {
        guard targets.count == x.rows, x.rows >= 1 else {
            throw MetricsInputError("random forest: \(targets.count) targets for \(x.rows) rows")
        }
        if let bad = targets.firstIndex(where: { !$0.isFinite }) {
            throw MetricsInputError("random forest: target row \(bad) is \(targets[bad]); targets must be finite")
        }
        return fit(x, classes: [], labels: [], targets: targets, settings: settings, seed: seed)
    }

    private static func fit(_ x: Matrix, classes: [Int], labels: [Int], targets: [Double],
                            settings: RandomForestSettings, seed: UInt64) -> RandomForest {
        let rows = x.rows, columns = x.columns
        let values = x.storage.map { Float($0) }
        var sorted: [[Int32]] = []
        for f in 0..<columns {
            sorted.append((0..<rows).map(Int32.init).sorted { a, b in
                let va = values[Int(a) * columns + f], vb = values[Int(b) * columns + f]
                return va < vb || (va == vb && a < b)
            })
        }
        var trees: [RandomForestTree] = []
        for t in 0..<max(1, settings.trees) {
            var rng = Xoshiro256StarStar.item(seed: seed, index: UInt64(t))
            var weight = [Double](repeating: 0, count: rows)
            for _ in 0..<rows { weight[rng.nextInt(below: rows)] += 1 }
            let lists = sorted.map { $0.filter { weight[Int($0)] > 0 } }
            var builder = RandomForestTreeBuilder(
                x: values, rows: rows, columns: columns, classes: classes.count, labels: labels, targets: targets,
                maxDepth: settings.maxDepth, weight: weight, lists: lists,
                scratch: [Int32](repeating: 0, count: rows), goesLeft: [Bool](repeating: false, count: rows),
                rng: rng, rawImportance: [Double](repeating: 0, count: columns))
            trees.append(builder.build())
        }
        var mean = [Double](repeating: 0, count: columns)
        for tree in trees { for f in 0..<columns { mean[f] += tree.importances[f] / Double(trees.count) } }
        let sum = mean.reduce(0, +)
        return RandomForest(classes: classes, featureImportances: mean.map { sum > 0 ? $0 / sum : 0 },
                            trees: trees, columns: columns)
    }

    /// Mean prediction of the trees for every row (regression).
    public func predictValues(_ x: Matrix) -> [Double] {
        let row = UnsafeMutablePointer<Float>.allocate(capacity: max(1, columns))
        defer { row.deallocate() }
        return (0..<x.rows).map { r in
            for c in 0..<columns { row[c] = Float(x[r, c]) }
            var s = 0.0
            for tree in trees { s += tree.values[tree.leafOffset(row)] }
            return s / Double(trees.count)
        }
    }

    /// Class with the largest mean leaf probability for every row (classification).
    public func predictClasses(_ x: Matrix) -> [Int] {
        let row = UnsafeMutablePointer<Float>.allocate(capacity: max(1, columns))
        defer { row.deallocate() }
        var probabilities = [Double](repeating: 0, count: classes.count)
        return (0..<x.rows).map { r in
            for c in 0..<columns { row[c] = Float(x[r, c]) }
            for k in 0..<classes.count { probabilities[k] = 0 }
            for tree in trees {
                let offset = tree.leafOffset(row)
                for k in 0..<classes.count { probabilities[k] += tree.values[offset + k] }
            }
            var best = 0
            for k in 1..<max(1, classes.count) where probabilities[k] > probabilities[best] { best = k }
            return classes[best]
        }
    }
}
