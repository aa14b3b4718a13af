import SynCore

/// DCI: disentanglement, completeness and informativeness (Eastwood & Williams, "A framework
/// for the quantitative evaluation of disentangled representations", ICLR 2018), by default
/// exactly as disentanglement_lib's `dci.py` computes it (Locatello et al. 2019).
///
/// Per factor k a model predicts the factor from all codes on the train set; its importances
/// form column k of R `[codes, factors]` and its quality on train and test is the
/// informativeness. ``DCIScores`` turns R into D and C.
///
/// Models (``MetricOptions/dciImportance`` x ``MetricOptions/continuousFactors``):
/// - discrete factors, `.gradientBoostedTrees` (the reference): ``GradientBoosting`` classifiers
///   with scikit-learn's `GradientBoostingClassifier()` defaults; R = impurity importances
///   (each column sums to 1); informativeness = accuracy.
/// - discrete, `.randomForest`: ``RandomForest`` classifiers (Gini, settings in
///   ``RandomForestSettings``); R = impurity importances; informativeness = accuracy.
/// - discrete, `.lasso`: ``LassoRegression`` of the label index (as a number) on z-scored
///   codes, target z-scored; R = |coefficients| on the z-scored scale; informativeness = R^2.
/// - continuous factors (`continuousFactors = true`): regression on the factor values
///   (`MetricInput.factorValues`, or the label indices as numbers when absent) with a
///   least-squares ``GradientBoosting`` regressor (`GradientBoostingRegressor()` defaults),
///   ``RandomForest`` regressor or ``LassoRegression``; informativeness = R^2 = 1 - MSE / Var
///   on each set (E&W report the normalised prediction error; R^2 = 1 - NMSE).
///
/// Errors: a factor with a single value in the train rows cannot train a classifier (the
/// reference fails too): ``MetricsInputError``. Continuous factor values with a separate test
/// set are not known for the test rows: ``MetricsInputError``.
public enum DCI {
    /// Lasso penalty on z-scored codes and target (sklearn `Lasso(alpha=0.02)` objective
    /// `1/(2n) |y - Xw - b|^2 + alpha |w|_1`).
    public static let lassoAlpha = 0.02

    /// Computes DCI on `input`'s train/test split.
    public static func compute(_ input: MetricInput, options: MetricOptions = .init()) throws -> DCIResult {
        let k = input.trainFactors.columns, l = input.trainCodes.columns
        let names = input.factorNames
        var notes: [String] = []
        let jobs = max(1, options.jobs)
        var importance = Matrix(rows: l, columns: k)
        var trainInfo = [Double](repeating: 0, count: k), testInfo = trainInfo
        let measure: String
        var settings: [(String, JSONValue)] = [
            ("importance_model", .string(options.dciImportance.rawValue)),
            ("factors", .string(options.continuousFactors ? "continuous" : "discrete")),
            ("n_train", .integer(input.trainCodes.rows)), ("n_test", .integer(input.testCodes.rows)),
            ("seed", .integer(Int(truncatingIfNeeded: options.seed))),
        ]

        // Regression (continuous factors, or Lasso on the labels as numbers) is scored by R^2,
        // classification by accuracy.
        var regressionTargets: (train: [[Double]], test: [[Double]])?
        if options.continuousFactors {
            regressionTargets = try continuousTargets(input, notes: &notes)
        } else {
            let trainLabels = (0..<k).map { input.trainFactors.column($0) }
            let testLabels = (0..<k).map { input.testFactors.column($0) }
            for j in 0..<k where Set(trainLabels[j]).count < 2 {
                throw MetricsInputError("DCI: factor '\(names[j])' takes a single value (\(trainLabels[j].first ?? 0)) in the \(input.trainCodes.rows) train rows; its classifier needs at least 2 classes")
            }
            if options.dciImportance == .lasso {
                regressionTargets = (trainLabels.map { $0.map(Double.init) }, testLabels.map { $0.map(Double.init) })
            } else {
                let models = try classifiers(input, labels: trainLabels, options: options, jobs: jobs, settings: &settings)
                for j in 0..<k {
                    let (column, trainPrediction, testPrediction) = models[j]
                    for c in 0..<l { importance[c, j] = abs(column[c]) }
                    trainInfo[j] = accuracy(truth: trainLabels[j], prediction: trainPrediction)
                    testInfo[j] = accuracy(truth: testLabels[j], prediction: testPrediction)
                }
            }
        }
        if let (train, test) = regressionTargets {
            measure = "r2"
            let models = try regressions(input, train: train, options: options, jobs: jobs, settings: &settings)
            for j in 0..<k {
                let (column, trainPrediction, testPrediction) = models[j]
                for c in 0..<l { importance[c, j] = column[c] }
                trainInfo[j] = rSquared(truth: train[j], prediction: trainPrediction)
                testInfo[j] = rSquared(truth: test[j], prediction: testPrediction)
            }
        } else {
            measure = "accuracy"
        }
        for j in 0..<k where (0..<l).allSatisfy({ importance[$0, j] == 0 }) {
            notes.append("factor '\(names[j])': the model gives every code zero importance")
        }
        let aggregation = DCIScores(importance: importance)
        if k < 2 { notes.append("disentanglement is undefined with a single factor (entropy in base 1)") }
        if l < 2 { notes.append("completeness is undefined with a single code (entropy in base 1)") }
        settings.append(("informativeness", .string(measure)))
        return DCIResult(disentanglement: aggregation.disentanglement, completeness: aggregation.completeness,
                         informativenessTrain: trainInfo.reduce(0, +) / Double(k),
                         informativenessTest: testInfo.reduce(0, +) / Double(k),
                         importance: importance, aggregation: aggregation,
                         trainInformativeness: trainInfo, testInformativeness: testInfo,
                         informativenessMeasure: measure, factorNames: names, notes: notes, settings: settings)
    }

    /// Per factor: importance column, train predictions, test predictions (classifiers).
    private static func classifiers(_ input: MetricInput, labels: [[Int]], options: MetricOptions, jobs: Int,
                                    settings: inout [(String, JSONValue)]) throws -> [([Double], [Int], [Int])] {
        switch options.dciImportance {
        case .randomForest:
            let forest = RandomForestSettings()
            settings.append(("model", .string("random forest classifier (Gini), \(forest.description)")))
            let k = labels.count
            let models = try parallelMap(k, jobs: jobs) { j in
                Result { try RandomForest.fitClassifier(input.trainCodes, labels: labels[j], settings: forest,
                                                        seed: options.seed &+ UInt64(j)) }
            }.map { try $0.get() }
            return models.map { m in
                (m.featureImportances, m.predictClasses(input.trainCodes), m.predictClasses(input.testCodes))
            }
        default:
            let boosting = GradientBoostingSettings()
            settings.append(("model", .string("GradientBoostingClassifier(n_estimators=\(boosting.stages), learning_rate=\(boosting.learningRate), max_depth=\(boosting.maxDepth)) native, scikit-learn defaults")))
            let fits = try GradientBoosting.fitClassifiers(input.trainCodes, labels: labels, settings: boosting,
                                                           seed: options.seed, jobs: jobs)
            return fits.map { fit in
                (fit.model.featureImportances, fit.trainingClasses, fit.model.predictClasses(input.testCodes, jobs: jobs))
            }
        }
    }

    /// Per factor: importance column, train predictions, test predictions (regressions).
    private static func regressions(_ input: MetricInput, train: [[Double]], options: MetricOptions, jobs: Int,
                                    settings: inout [(String, JSONValue)]) throws -> [([Double], [Double], [Double])] {
        switch options.dciImportance {
        case .gradientBoostedTrees:
            let boosting = GradientBoostingSettings()
            settings.append(("model", .string("GradientBoostingRegressor(n_estimators=\(boosting.stages), learning_rate=\(boosting.learningRate), max_depth=\(boosting.maxDepth)) native, scikit-learn defaults")))
            let fits = try GradientBoosting.fitRegressors(input.trainCodes, targets: train, settings: boosting,
                                                          seed: options.seed, jobs: jobs)
            return fits.map { fit in
                (fit.model.featureImportances, fit.trainingScores, fit.model.predictValues(input.testCodes, jobs: jobs))
            }
        case .randomForest:
            let forest = RandomForestSettings()
            settings.append(("model", .string("random forest regressor (squared error), \(forest.description)")))
            let models = try parallelMap(train.count, jobs: jobs) { j in
                Result { try RandomForest.fitRegressor(input.trainCodes, targets: train[j], settings: forest,
                                                       seed: options.seed &+ UInt64(j)) }
            }.map { try $0.get() }
            return models.map { m in
                (m.featureImportances, m.predictValues(input.trainCodes), m.predictValues(input.testCodes))
            }
        case .lasso:
            settings.append(("model", .string("Lasso(alpha=\(lassoAlpha)) on z-scored codes and z-scored target, coordinate descent")))
            let scaler = LassoStandardizer(input.trainCodes)
            let xTrain = scaler.transform(input.trainCodes), xTest = scaler.transform(input.testCodes)
            return train.map { y in
                let (model, standardized) = LassoRegression.fitStandardizedTarget(xTrain, y: y, alpha: lassoAlpha)
                return (standardized.map(abs), model.predict(xTrain), model.predict(xTest))
            }
        }
    }

    private static func continuousTargets(_ input: MetricInput, notes: inout [String]) throws -> ([[Double]], [[Double]]) {
        let k = input.trainFactors.columns
        guard let values = input.factorValues else {
            notes.append("no continuous factor values given: the factor label indices are regressed as numbers")
            return ((0..<k).map { input.trainFactors.column($0).map(Double.init) },
                    (0..<k).map { input.testFactors.column($0).map(Double.init) })
        }
        let nTrain = input.trainCodes.rows, nTest = input.testCodes.rows
        guard input.codes.rows == nTrain + nTest, values.rows == nTrain + nTest else {
            throw MetricsInputError("DCI with continuous factors: factor values are known for the \(values.rows) main rows only, not for the \(nTest) separate test rows; pass one array to split, or drop --factors-continuous")
        }
        return ((0..<k).map { Array(values.column($0)[0..<nTrain]) },
                (0..<k).map { Array(values.column($0)[nTrain...]) })
    }

    static func accuracy(truth: [Int], prediction: [Int]) -> Double {
        guard !truth.isEmpty else { return .nan }
        var hits = 0
        for (a, b) in zip(truth, prediction) where a == b { hits += 1 }
        return Double(hits) / Double(truth.count)
    }

    /// sklearn `r2_score`: 1 - SS_res / SS_tot; when SS_tot is 0, 1 for a perfect fit, else 0.
    static func rSquared(truth: [Double], prediction: [Double]) -> Double {
        guard !truth.isEmpty else { return .nan }
        let mean = truth.reduce(0, +) / Double(truth.count)
        var residual = 0.0, totalSquares = 0.0
        for (y, p) in zip(truth, prediction) {
            residual += (y - p) * (y - p)
            totalSquares += (y - mean) * (y - mean)
        }
        if totalSquares == 0 { return residual == 0 ? 1 : 0 }
        return 1 - residual / totalSquares
    }
}
