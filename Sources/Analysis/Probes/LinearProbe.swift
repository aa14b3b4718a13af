import Metrics

/// Linear read-out of a factor from a layer: multinomial L2 logistic regression for classes,
/// ridge regression for continuous values, fitted on the training split of z-scored features
/// (train statistics) and scored on the test split.
public enum LinearProbe {
    /// Test accuracy of scikit-learn's `LogisticRegression(C=1)` (L2, lbfgs, multinomial for
    /// three or more classes, binary for two), via Metrics' ``LogisticRegression``, with the
    /// test split's majority-class frequency as chance. A layer with more features than
    /// training rows is fitted through the rows' Gram matrix (``KernelLogisticRegression``),
    /// the same optimum at a fraction of the cost.
    ///
    /// - Throws: ``AnalysisInputError`` when the training labels hold fewer than two classes.
    public static func classify(_ features: Matrix, labels: [Int], split: ProbeSplit) throws -> ProbeScore {
        try classify(features, labels: labels, split: split, dual: nil)
    }

    /// ``classify(_:labels:split:)`` with the form forced: `dual` true fits through the Gram
    /// matrix, false directly, nil chooses by shape (tests compare the two).
    static func classify(_ features: Matrix, labels: [Int], split: ProbeSplit, dual: Bool?) throws -> ProbeScore {
        precondition(labels.count == features.rows, "one label per row")
        let trainLabels = split.train.map { labels[$0] }
        guard Set(trainLabels).count >= 2 else {
            throw AnalysisInputError("linear probe: the training split holds \(Set(trainLabels).count) class(es); at least 2 are needed")
        }
        let scaler = Standardizer(features, rows: split.train)
        let train = scaler.apply(features, rows: split.train), test = scaler.apply(features, rows: split.test)
        let predicted: [Int]
        if dual ?? (train.columns > train.rows) {
            predicted = try KernelLogisticRegression(train, labels: trainLabels).predict(test)
        } else {
            predicted = try LogisticRegression.fit(train, labels: trainLabels).predict(test)
        }
        let testLabels = split.test.map { labels[$0] }
        var hits = 0
        for (p, t) in zip(predicted, testLabels) where p == t { hits += 1 }
        let accuracy = testLabels.isEmpty ? 0 : Double(hits) / Double(testLabels.count)
        return ProbeScore(value: accuracy, chance: ProbeScore.majorityFrequency(testLabels))
    }

    /// Test R^2 (scikit-learn's `r2_score`: 1 - SS_res / SS_tot about the test mean) of ridge
    /// regression with an unpenalised intercept and penalty `alpha * ||w||^2` (scikit-learn's
    /// `Ridge(alpha)`), on z-scored features. Solved in the primal or the dual, whichever is
    /// smaller. A constant test target gives 1 when predicted exactly and 0 otherwise, as
    /// `r2_score` does.
    public static func regress(_ features: Matrix, targets: [Double], split: ProbeSplit, alpha: Double = 1) -> ProbeScore {
        precondition(targets.count == features.rows, "one target per row")
        let scaler = Standardizer(features, rows: split.train)
        let x = scaler.apply(features, rows: split.train)
        let n = x.rows, d = x.columns
        let y = split.train.map { targets[$0] }
        let yMean = y.reduce(0, +) / Double(max(1, n))
        let yc = y.map { $0 - yMean }
        // Standardised training columns have mean 0, so the intercept is the target mean.
        var weights = [Double](repeating: 0, count: d)
        if d <= n {
            var gram = DenseBLAS.columnGram(x.storage, rows: n, columns: d)
            for i in 0..<d { gram[i * d + i] += alpha }
            var rhs = [Double](repeating: 0, count: d)
            for r in 0..<n { for c in 0..<d { rhs[c] += x.storage[r * d + c] * yc[r] } }
            weights = CholeskySolve.solve(gram, size: d, rhs: rhs)
        } else {
            var gram = DenseBLAS.rowGram(x.storage, rows: n, columns: d)
            for i in 0..<n { gram[i * n + i] += alpha }
            let dual = CholeskySolve.solve(gram, size: n, rhs: yc)
            for r in 0..<n { for c in 0..<d { weights[c] += x.storage[r * d + c] * dual[r] } }
        }
        let xt = scaler.apply(features, rows: split.test)
        let truth = split.test.map { targets[$0] }
        let testMean = truth.reduce(0, +) / Double(max(1, truth.count))
        var residual = 0.0, total = 0.0
        for (i, t) in truth.enumerated() {
            var prediction = yMean
            for c in 0..<d { prediction += xt.storage[i * d + c] * weights[c] }
            residual += (t - prediction) * (t - prediction)
            total += (t - testMean) * (t - testMean)
        }
        let r2: Double
        if total > 0 { r2 = 1 - residual / total } else { r2 = residual == 0 ? 1 : 0 }
        return ProbeScore(value: r2, chance: 0)
    }
}

