import SynCore

/// The BetaVAE disentanglement score (Higgins et al. 2017, "beta-VAE: Learning Basic Visual
/// Concepts with a Constrained Variational Framework"), as disentanglement_lib's
/// `beta_vae.py` (`compute_beta_vae_sklearn`) computes it, drawing from a stored dataset.
///
/// Each point: a factor `k` uniformly; `batchSize` pairs of rows where the first row of a
/// pair is uniform over all rows and the second uniform (with replacement) over the rows that
/// share the first row's value of `k` (the reference samples both batches' factors uniformly
/// and copies factor `k` from the first batch to the second, pair by pair); the feature is the
/// mean over pairs of `|z1 - z2|` per code and the label is `k`. A multinomial logistic
/// regression (scikit-learn `LogisticRegression()` defaults: L2, `C = 1`, intercept, lbfgs;
/// ``LogisticRegression``) is fitted on `trainPoints` points; scores are its accuracy on them
/// and on `evalPoints` fresh points.
///
/// Point `i` draws from its own stream (train points first, then eval points) derived from
/// `options.seed`, so results do not depend on `options.jobs`.
///
/// - Throws: ``MetricsInputError`` when there are fewer than two factors, the rows cannot
///   support fix-one-factor sampling (``FactorGroups``), or the training points hold a single
///   label (too few points).
public enum BetaVAE {
    /// Sample sizes; the defaults are the reference's.
    public struct Settings: Sendable {
        /// Pairs per point (reference: 64).
        public var batchSize = 64
        /// Training points (reference: 10000).
        public var trainPoints = 10000
        /// Evaluation points (reference: 5000).
        public var evalPoints = 5000
        /// The classifier's settings (reference: scikit-learn defaults, `C = 1`).
        public var classifier = LogisticRegression.Settings()

        /// The reference settings.
        public init() {}
    }

    /// Computes the score on `input.codes` / `input.factors` (all rows).
    public static func compute(_ input: MetricInput, options: MetricOptions = .init(),
                               settings: Settings = .init()) throws -> BetaVAEResult {
        let factors = input.factors
        guard factors.columns >= 2 else {
            throw MetricsInputError("beta_vae: the factors have \(factors.columns) column; at least 2 factors are needed (with one, every point has the same label)")
        }
        guard settings.batchSize >= 1, settings.trainPoints >= 2, settings.evalPoints >= 1 else {
            throw MetricsInputError("beta_vae: batch size and eval points must be at least 1 and train points at least 2")
        }
        let groups = FactorGroups(factors)
        let support = try groups.requireSampling(batchSize: settings.batchSize, factorNames: input.factorNames,
                                                 metric: "beta_vae")
        let seed = FactorGroups.metricSeed(options.seed, metric: 2)
        let (trainX, trainY) = points(codes: input.codes, groups: groups, batchSize: settings.batchSize,
                                      first: 0, count: settings.trainPoints, seed: seed, jobs: options.jobs)
        let (evalX, evalY) = points(codes: input.codes, groups: groups, batchSize: settings.batchSize,
                                    first: settings.trainPoints, count: settings.evalPoints, seed: seed,
                                    jobs: options.jobs)
        let model: LogisticRegression
        do {
            model = try LogisticRegression.fit(trainX, labels: trainY, settings: settings.classifier)
        } catch let error as MetricsInputError {
            throw MetricsInputError("beta_vae: \(error.message) (raise the number of training points)")
        }
        var notes = [String]()
        if !model.converged {
            notes.append("the logistic regression stopped after \(model.iterations) iterations with gradient \(model.gradientMaxNorm), above the tolerance")
        }
        return BetaVAEResult(trainAccuracy: model.accuracy(trainX, labels: trainY),
                             evalAccuracy: model.accuracy(evalX, labels: evalY), model: model,
                             notes: notes, settingsUsed: settings, support: support, seed: options.seed)
    }

    /// Features `[count, L]` and labels of points with stream indices `first..<first+count`.
    static func points(codes: Matrix, groups: FactorGroups, batchSize: Int, first: Int, count: Int,
                       seed: UInt64, jobs: Int) -> (Matrix, [Int]) {
        let k = groups.factorCount, l = codes.columns, n = codes.rows
        let chunk = 256
        let chunks = (count + chunk - 1) / chunk
        let parts: [([Double], [Int])] = parallelMap(chunks, jobs: max(1, jobs)) { part in
            let range = (part * chunk)..<min(count, (part + 1) * chunk)
            var features = [Double](repeating: 0, count: range.count * l)
            var labels = [Int](repeating: 0, count: range.count)
            codes.storage.withUnsafeBufferPointer { z in
                groups.groupIndex.withUnsafeBufferPointer { groupOf in
                    for (local, p) in range.enumerated() {
                        var rng = Xoshiro256StarStar.item(seed: seed, index: UInt64(first + p))
                        let factor = rng.nextInt(below: k)
                        labels[local] = factor
                        for _ in 0..<batchSize {
                            let row1 = rng.nextInt(below: n)
                            let members = groups.rows(factor: factor, valueIndex: groupOf[row1 * k + factor])
                            let row2 = members[members.startIndex + rng.nextInt(below: members.count)]
                            for c in 0..<l { features[local * l + c] += abs(z[row1 * l + c] - z[row2 * l + c]) }
                        }
                        for c in 0..<l { features[local * l + c] /= Double(batchSize) }
                    }
                }
            }
            return (features, labels)
        }
        var features = [Double]()
        var labels = [Int]()
        features.reserveCapacity(count * l)
        labels.reserveCapacity(count)
        for (f, y) in parts {
            features.append(contentsOf: f)
            labels.append(contentsOf: y)
        }
        return (Matrix(rows: count, columns: l, storage: features), labels)
    }
}

/// The BetaVAE score and its classifier.
public struct BetaVAEResult: MetricResult {
    /// Classifier accuracy on the training points.
    public let trainAccuracy: Double
    /// Accuracy on the evaluation points (the headline).
    public let evalAccuracy: Double
    /// The fitted logistic regression (labels are factor indices).
    public let model: LogisticRegression
    /// Caveats (pruned codes, left-out factors, solver stops), one sentence each.
    public let notes: [String]
    let settingsUsed: BetaVAE.Settings
    let support: FactorGroups.SamplingSupport
    let seed: UInt64

    /// Headline scores under their JSON names.
    public var scores: [(name: String, value: Double?)] {
        [("train_accuracy", trainAccuracy), ("eval_accuracy", evalAccuracy)]
    }

    /// Sample sizes, model and sampling rule used, for the JSON record.
    public var settings: [(String, JSONValue)] {
        [("batch_size", .integer(settingsUsed.batchSize)),
         ("num_train", .integer(settingsUsed.trainPoints)),
         ("num_eval", .integer(settingsUsed.evalPoints)),
         ("classifier", .string("multinomial logistic regression, L2, C=\(settingsUsed.classifier.c), intercept unpenalised, L-BFGS to max |gradient| <= \(settingsUsed.classifier.gradientTolerance)")),
         ("sampling", .string(support.summary)),
         ("seed", .integer(Int(truncatingIfNeeded: seed)))]
    }

    /// Intermediate results for the JSON record.
    public var details: [(String, JSONValue)] {
        [("classifier_iterations", .integer(model.iterations)),
         ("classifier_converged", .bool(model.converged))]
    }
}
