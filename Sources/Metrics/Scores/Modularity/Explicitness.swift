import SynCore

/// Explicitness (Ridgeway & Mozer 2018, "Learning Deep Disentangled Embeddings With the
/// F-Statistic Loss"), as disentanglement_lib's `modularity_explicitness.py` computes it, on the
/// train/test split of ``MetricInput``.
///
/// Codes are z-scored with the train mean and population standard deviation (`ddof = 0`); a
/// code with zero train deviation keeps divisor 1 (the reference would divide by zero) and a
/// note says so. For each factor a multinomial logistic regression (scikit-learn
/// `LogisticRegression()` defaults, `C = 1`; ``LogisticRegression``) is fitted on the train
/// codes; its predicted probabilities give the macro one-vs-rest ROC AUC (``ROCAUC``) on train
/// and on test. Scores are the means over factors.
///
/// Undefined parts are left out with a note rather than failing as the reference does: a
/// factor with one value on the train rows (no classifier), and classes whose AUC is undefined
/// on a set (no rows of the class, or only that class). A score is nil when no factor gives a
/// value.
public enum Explicitness {
    /// Computes the scores.
    public static func compute(_ input: MetricInput, options: MetricOptions = .init(),
                               classifier: LogisticRegression.Settings = .init()) throws -> ExplicitnessResult {
        let train = input.trainCodes, test = input.testCodes
        let l = train.columns, k = input.trainFactors.columns
        var mean = [Double](repeating: 0, count: l)
        var deviation = [Double](repeating: 0, count: l)
        for c in 0..<l {
            let column = train.column(c)
            let m = column.reduce(0, +) / Double(column.count)
            var ss = 0.0
            for v in column { ss += (v - m) * (v - m) }
            mean[c] = m
            deviation[c] = (ss / Double(column.count)).squareRoot()
        }
        var notes = [String]()
        let constant = (0..<l).filter { deviation[$0] == 0 }
        if !constant.isEmpty {
            notes.append("codes \(constant.map(String.init).joined(separator: ", ")) are constant on the train rows; they are centred but not scaled")
            for c in constant { deviation[c] = 1 }
        }
        let trainZ = standardized(train, mean: mean, deviation: deviation)
        let testZ = standardized(test, mean: mean, deviation: deviation)
        let names = input.factorNames
        let trainFactors = input.trainFactors, testFactors = input.testFactors
        // Largest class counts first: the fits' costs grow with the class count, and handing
        // out the big ones first balances the workers.
        let classCounts = (0..<k).map { Set(trainFactors.column($0)).count }
        let order = (0..<k).sorted { classCounts[$0] > classCounts[$1] || (classCounts[$0] == classCounts[$1] && $0 < $1) }
        let fitted: [FactorOutcome] = parallelMap(k, jobs: max(1, options.jobs)) { slot in
            let f = order[slot]
            let yTrain = trainFactors.column(f), yTest = testFactors.column(f)
            let model: LogisticRegression
            do {
                model = try LogisticRegression.fit(trainZ, labels: yTrain, settings: classifier)
            } catch {
                return FactorOutcome(train: nil, test: nil, iterations: 0,
                                     notes: ["factor '\(names[f])' takes one value on the train rows; it has no classifier and is left out"])
            }
            var notes = [String]()
            let trainAUC = ROCAUC.macroOneVsRest(probabilities: model.probabilities(trainZ), classes: model.classes, labels: yTrain)
            let testAUC = ROCAUC.macroOneVsRest(probabilities: model.probabilities(testZ), classes: model.classes, labels: yTest)
            if !testAUC.skipped.isEmpty {
                notes.append("factor '\(names[f])': values \(testAUC.skipped.map(String.init).joined(separator: ", ")) have no test rows (or only them); their test AUC is left out")
            }
            let unseen = Set(yTest).subtracting(model.classes).sorted()
            if !unseen.isEmpty {
                notes.append("factor '\(names[f])': values \(unseen.map(String.init).joined(separator: ", ")) occur in test but not in train; the classifier cannot score them")
            }
            if !model.converged {
                notes.append("factor '\(names[f])': the logistic regression stopped after \(model.iterations) iterations with gradient \(model.gradientMaxNorm), above the tolerance")
            }
            return FactorOutcome(train: trainAUC.score, test: testAUC.score, iterations: model.iterations, notes: notes)
        }
        var perFactor = fitted
        for (slot, f) in order.enumerated() { perFactor[f] = fitted[slot] }
        for outcome in perFactor { notes.append(contentsOf: outcome.notes) }
        return ExplicitnessResult(scoreTrain: meanOfDefined(perFactor.map(\.train)),
                                  scoreTest: meanOfDefined(perFactor.map(\.test)),
                                  factorTrain: perFactor.map(\.train), factorTest: perFactor.map(\.test),
                                  iterations: perFactor.map(\.iterations), notes: notes, classifier: classifier)
    }

    struct FactorOutcome: Sendable {
        var train: Double?
        var test: Double?
        var iterations: Int
        var notes: [String]
    }

    static func meanOfDefined(_ values: [Double?]) -> Double? {
        let defined = values.compactMap { $0 }
        return defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
    }

    static func standardized(_ x: Matrix, mean: [Double], deviation: [Double]) -> Matrix {
        var out = x
        let l = x.columns
        out.storage.withUnsafeMutableBufferPointer { z in
            for i in 0..<x.rows {
                for c in 0..<l { z[i * l + c] = (z[i * l + c] - mean[c]) / deviation[c] }
            }
        }
        return out
    }
}

/// Explicitness scores, overall and per factor.
public struct ExplicitnessResult: MetricResult {
    /// Mean over factors of the macro one-vs-rest AUC on the train rows.
    public let scoreTrain: Double?
    /// Mean over factors of the macro one-vs-rest AUC on the test rows (the headline).
    public let scoreTest: Double?
    /// Per-factor train AUC (nil: left out, see notes).
    public let factorTrain: [Double?]
    /// Per-factor test AUC.
    public let factorTest: [Double?]
    /// L-BFGS iterations per factor.
    public let iterations: [Int]
    /// Caveats (pruned codes, left-out factors, solver stops), one sentence each.
    public let notes: [String]
    let classifier: LogisticRegression.Settings

    /// Headline scores under their JSON names.
    public var scores: [(name: String, value: Double?)] {
        [("score_train", scoreTrain), ("score_test", scoreTest)]
    }

    /// Sample sizes, model and sampling rule used, for the JSON record.
    public var settings: [(String, JSONValue)] {
        [("classifier", .string("multinomial logistic regression per factor, L2, C=\(classifier.c), intercept unpenalised, L-BFGS to max |gradient| <= \(classifier.gradientTolerance)")),
         ("standardization", .string("train mean and population std")),
         ("auc", .string("macro one-vs-rest ROC AUC"))]
    }

    /// Intermediate results for the JSON record.
    public var details: [(String, JSONValue)] {
        [("factor_auc_train", .array(factorTrain.map { .optionalNumber($0) })),
         ("factor_auc_test", .array(factorTest.map { .optionalNumber($0) })),
         ("classifier_iterations", .array(iterations.map { .integer($0) }))]
    }
}
