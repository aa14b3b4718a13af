import SynCore

/// One fitted ensemble and its raw scores on its own training rows.
public struct GradientBoostingFit: Sendable {
    /// The fitted model.
    public let model: GradientBoostingModel
    /// Raw scores on the training rows `[rows, treesPerStage]` row-major, as accumulated
    /// during training (equal to `model.decisionScores(trainingCodes)`).
    public let trainingScores: [Double]

    /// Predicted training classes (argmax / sign of `trainingScores`).
    public var trainingClasses: [Int] {
        GradientBoostingModel.classes(fromScores: trainingScores, classes: model.classes,
                                      treesPerStage: model.treesPerStage)
    }
}

/// Native gradient-boosted trees equal to scikit-learn 1.9's `GradientBoostingClassifier()`
/// (multinomial / binomial log-loss) and `GradientBoostingRegressor()` (squared error) with
/// default settings: Friedman's gradient boosting (Ann. Statist. 29, 2001) with least-squares
/// regression trees on the negative gradient and a one-step Newton leaf update.
///
/// Several targets on the same features are fitted together: the features are cast to
/// Float32 and presorted once, and each stage grows the trees of every target and class in
/// parallel over `jobs` threads (stages of one target are sequential by nature).
public enum GradientBoosting {
    /// Fits one classifier per label column on the rows of `x`.
    ///
    /// - Parameters:
    ///   - labels: per target, one integer label per row of `x`; each needs at least 2
    ///     distinct labels.
    ///   - seed: seeds the tie-breaking between equally good features.
    /// - Throws: ``MetricsInputError`` when a target has fewer than 2 classes or the wrong
    ///   length.
    public static func fitClassifiers(_ x: Matrix, labels: [[Int]], settings: GradientBoostingSettings = .init(),
                                      seed: UInt64 = 0, jobs: Int = 1) throws -> [GradientBoostingFit] {
        try validate(x, settings: settings)
        let features = GradientBoostFeatures(x)
        let pool = GradientBoostGrowerPool(features: features, maxDepth: settings.maxDepth)
        var runs: [GradientBoostRun] = []
        for (j, column) in labels.enumerated() {
            guard column.count == x.rows else {
                throw MetricsInputError("gradient boosting target \(j) has \(column.count) labels for \(x.rows) rows")
            }
            let classes = Array(Set(column)).sorted()
            guard classes.count >= 2 else {
                throw MetricsInputError("gradient boosting target \(j) has a single class (\(classes.first.map(String.init) ?? "none")) in the training rows; a classifier needs at least 2")
            }
            var code: [Int: Int] = [:]
            for (i, c) in classes.enumerated() { code[c] = i }
            let encoded = column.map { code[$0]! }
            let loss: GradientBoostLoss = classes.count == 2 ? .binomial : .multinomial(classes: classes.count)
            runs.append(GradientBoostRun(features: features, loss: loss, classes: classes, labels: encoded,
                                         targets: [], settings: settings, growers: pool))
        }
        return train(runs, settings: settings, seed: seed, jobs: jobs)
    }

    /// Fits one least-squares regressor per target column on the rows of `x`.
    ///
    /// - Throws: ``MetricsInputError`` for a target of the wrong length or non-finite values.
    public static func fitRegressors(_ x: Matrix, targets: [[Double]], settings: GradientBoostingSettings = .init(),
                                     seed: UInt64 = 0, jobs: Int = 1) throws -> [GradientBoostingFit] {
        try validate(x, settings: settings)
        let features = GradientBoostFeatures(x)
        let pool = GradientBoostGrowerPool(features: features, maxDepth: settings.maxDepth)
        var runs: [GradientBoostRun] = []
        for (j, column) in targets.enumerated() {
            guard column.count == x.rows else {
                throw MetricsInputError("gradient boosting target \(j) has \(column.count) values for \(x.rows) rows")
            }
            if let bad = column.firstIndex(where: { !$0.isFinite }) {
                throw MetricsInputError("gradient boosting target \(j) row \(bad) is \(column[bad]); targets must be finite")
            }
            runs.append(GradientBoostRun(features: features, loss: .squaredError, classes: [], labels: [],
                                         targets: column, settings: settings, growers: pool))
        }
        return train(runs, settings: settings, seed: seed, jobs: jobs)
    }

    private static func validate(_ x: Matrix, settings: GradientBoostingSettings) throws {
        guard x.rows >= 2, x.columns >= 1 else {
            throw MetricsInputError("gradient boosting needs at least 2 rows and 1 feature, got [\(x.rows), \(x.columns)]")
        }
        guard settings.stages >= 1, (1...12).contains(settings.maxDepth), settings.learningRate > 0 else {
            throw MetricsInputError("gradient boosting settings: stages must be >= 1, depth 1...12 and learning rate > 0")
        }
    }

    private static func train(_ runs: [GradientBoostRun], settings: GradientBoostingSettings,
                              seed: UInt64, jobs: Int) -> [GradientBoostingFit] {
        guard let rows = runs.first?.rows else { return [] }
        let chunk = 2048
        let chunks = (rows + chunk - 1) / chunk
        var trees: [(run: Int, slot: Int)] = []
        for (r, run) in runs.enumerated() { for k in 0..<run.treesPerStage { trees.append((r, k)) } }
        let treeList = trees
        // gradient tasks of the runs with the most classes first, so the threads finish together
        let gradientOrder = runs.indices.sorted { runs[$0].treesPerStage > runs[$1].treesPerStage }
        for stage in 0..<settings.stages {
            parallelFor(runs.count * chunks, jobs: jobs) { task in
                let run = runs[gradientOrder[task / chunks]], c = task % chunks
                run.computeGradients((c * chunk)..<min(rows, (c + 1) * chunk))
            }
            parallelFor(treeList.count, jobs: jobs) { t in
                let (r, k) = treeList[t]
                runs[r].growTree(stage: stage, slot: k, seed: treeSeed(seed, run: r, stage: stage, slot: k))
            }
        }
        return runs.map { run in
            let t = run.treesPerStage, n = run.rows
            var scores = [Double](repeating: 0, count: n * t)
            for i in 0..<n { for k in 0..<t { scores[i * t + k] = run.raw[k * n + i] } }
            return GradientBoostingFit(model: GradientBoostingModel(run: run, settings: settings), trainingScores: scores)
        }
    }

    private static func treeSeed(_ seed: UInt64, run: Int, stage: Int, slot: Int) -> UInt64 {
        func mix(_ x: UInt64) -> UInt64 {
            var m = SplitMix64(state: x)
            return m.next()
        }
        return mix(mix(mix(seed) ^ UInt64(run)) ^ UInt64(stage)) ^ UInt64(slot)
    }
}
