import SynCore

/// The FactorVAE disentanglement score (Kim & Mnih 2018, "Disentangling by Factorising"), as
/// disentanglement_lib's `factor_vae.py` computes it with the unsupervised_study_v1 settings,
/// drawing batches from a stored dataset (``FactorGroups``) instead of a generator.
///
/// 1. Global variances (`ddof = 1`) of every code over `varianceSamples` rows (all rows when
///    there are fewer; otherwise that many distinct rows chosen at random).
/// 2. Codes whose standard deviation is below `pruneThreshold` are inactive.
/// 3. Each vote: a factor `k` uniformly, a value of `k` uniformly among its distinct values,
///    `batchSize` rows drawn uniformly with replacement from the rows with that value; the vote
///    goes to `(k, argmin over active codes of local variance / global variance)` (first
///    minimum on ties; local variance with `ddof = 1`).
/// 4. The majority-vote classifier maps each code to the factor with most training votes
///    (the lowest factor index on ties, and factor 0 for a code without votes, as `np.argmax`).
///    Accuracy = votes agreeing with it / all votes, on the training votes and on a fresh set
///    of evaluation votes.
///
/// With no active code both accuracies are 0 (the reference's convention) and a note says so.
/// Vote `i` draws from its own stream `Xoshiro256StarStar.item(seed: s, index: i)` (train votes
/// first, then eval votes), `s` derived from `options.seed`, so results do not depend on
/// `options.jobs`.
///
/// - Throws: ``MetricsInputError`` when there are fewer than two factors (every vote would be
///   trivially right) or the rows cannot support fix-one-factor sampling
///   (``FactorGroups/requireSampling(batchSize:factorNames:metric:)``).
public enum FactorVAE {
    /// Sample sizes and thresholds; the defaults are the reference's.
    public struct Settings: Sendable {
        /// Rows per vote (reference: 64).
        public var batchSize = 64
        /// Training votes (reference: 10000).
        public var trainVotes = 10000
        /// Evaluation votes (reference: 5000).
        public var evalVotes = 5000
        /// Rows for the global variances (reference: 10000).
        public var varianceSamples = 10000
        /// Codes with global standard deviation below this are pruned (reference: 0.05).
        public var pruneThreshold = 0.05

        /// The reference settings.
        public init() {}
    }

    /// Computes the score on `input.codes` / `input.factors` (all rows).
    public static func compute(_ input: MetricInput, options: MetricOptions = .init(),
                               settings: Settings = .init()) throws -> FactorVAEResult {
        let codes = input.codes, factors = input.factors
        let k = factors.columns, l = codes.columns
        guard k >= 2 else {
            throw MetricsInputError("factor_vae: the factors have \(k) column; at least 2 factors are needed (with one, every vote is trivially right)")
        }
        guard settings.batchSize >= 2, settings.trainVotes >= 1, settings.evalVotes >= 1, settings.varianceSamples >= 2 else {
            throw MetricsInputError("factor_vae: batch size and variance samples must be at least 2 and vote counts at least 1")
        }
        let groups = FactorGroups(factors)
        let support = try groups.requireSampling(batchSize: settings.batchSize, factorNames: input.factorNames,
                                                 metric: "factor_vae")
        let seed = FactorGroups.metricSeed(options.seed, metric: 1)
        let variances = globalVariances(codes, samples: settings.varianceSamples, seed: seed)
        let active = (0..<l).filter { variances[$0].squareRoot() >= settings.pruneThreshold }
        var notes = [String]()
        var trainVotes = [[Int]](repeating: [Int](repeating: 0, count: l), count: k)
        var evalVotes = trainVotes
        var classifier = [Int](repeating: 0, count: l)
        var trainAccuracy = 0.0, evalAccuracy = 0.0
        if active.isEmpty {
            notes.append("every code has global standard deviation below \(settings.pruneThreshold); both accuracies are 0 by the reference's convention")
        } else {
            trainVotes = votes(codes: codes, groups: groups, active: active, variances: variances,
                               batchSize: settings.batchSize, first: 0, count: settings.trainVotes,
                               seed: seed, jobs: options.jobs)
            evalVotes = votes(codes: codes, groups: groups, active: active, variances: variances,
                              batchSize: settings.batchSize, first: settings.trainVotes,
                              count: settings.evalVotes, seed: seed, jobs: options.jobs)
            for c in 0..<l {
                var best = 0
                for f in 1..<k where trainVotes[f][c] > trainVotes[best][c] { best = f }
                classifier[c] = best
            }
            trainAccuracy = accuracy(trainVotes, classifier: classifier)
            evalAccuracy = accuracy(evalVotes, classifier: classifier)
        }
        return FactorVAEResult(trainAccuracy: trainAccuracy, evalAccuracy: evalAccuracy,
                               globalVariances: variances, activeCodes: active, classifier: classifier,
                               trainVotes: trainVotes, evalVotes: evalVotes, notes: notes,
                               settings: settings, support: support, seed: options.seed)
    }

    static func accuracy(_ votes: [[Int]], classifier: [Int]) -> Double {
        var right = 0, total = 0
        for f in 0..<votes.count {
            for c in 0..<classifier.count {
                total += votes[f][c]
                if classifier[c] == f { right += votes[f][c] }
            }
        }
        return total > 0 ? Double(right) / Double(total) : 0
    }

    /// Sample variances (`ddof = 1`) of each code over all rows or `samples` distinct random rows.
    static func globalVariances(_ codes: Matrix, samples: Int, seed: UInt64) -> [Double] {
        let n = codes.rows, l = codes.columns
        var rows = Array(0..<n)
        if samples < n {
            var rng = Xoshiro256StarStar.dataset(seed: seed, reserved: 0)
            for i in 0..<samples {
                let j = i + rng.nextInt(below: n - i)
                rows.swapAt(i, j)
            }
            rows.removeLast(n - samples)
        }
        var mean = [Double](repeating: 0, count: l)
        var squares = [Double](repeating: 0, count: l)
        codes.storage.withUnsafeBufferPointer { z in
            for r in rows { for c in 0..<l { mean[c] += z[r * l + c] } }
            for c in 0..<l { mean[c] /= Double(rows.count) }
            for r in rows {
                for c in 0..<l {
                    let d = z[r * l + c] - mean[c]
                    squares[c] += d * d
                }
            }
        }
        return squares.map { $0 / Double(rows.count - 1) }
    }

    /// Votes `[factor][code]` of `count` samples with stream indices `first..<first+count`.
    static func votes(codes: Matrix, groups: FactorGroups, active: [Int], variances: [Double],
                      batchSize: Int, first: Int, count: Int, seed: UInt64, jobs: Int) -> [[Int]] {
        let k = groups.factorCount, l = codes.columns
        let chunk = 256
        let chunks = (count + chunk - 1) / chunk
        let partial: [[Int]] = parallelMap(chunks, jobs: max(1, jobs)) { part in
            var tally = [Int](repeating: 0, count: k * l)
            var batch = [Double](repeating: 0, count: batchSize * active.count)
            codes.storage.withUnsafeBufferPointer { z in
                for v in (part * chunk)..<min(count, (part + 1) * chunk) {
                    var rng = Xoshiro256StarStar.item(seed: seed, index: UInt64(first + v))
                    let factor = rng.nextInt(below: k)
                    let valueIndex = rng.nextInt(below: groups.values[factor].count)
                    let members = groups.rows(factor: factor, valueIndex: valueIndex)
                    let base = members.startIndex
                    for b in 0..<batchSize {
                        let row = members[base + rng.nextInt(below: members.count)]
                        for (a, c) in active.enumerated() { batch[b * active.count + a] = z[row * l + c] }
                    }
                    var bestCode = active[0]
                    var bestRatio = Double.infinity
                    for (a, c) in active.enumerated() {
                        var mean = 0.0
                        for b in 0..<batchSize { mean += batch[b * active.count + a] }
                        mean /= Double(batchSize)
                        var ss = 0.0
                        for b in 0..<batchSize {
                            let d = batch[b * active.count + a] - mean
                            ss += d * d
                        }
                        let ratio = ss / Double(batchSize - 1) / variances[c]
                        if ratio < bestRatio {
                            bestRatio = ratio
                            bestCode = c
                        }
                    }
                    tally[factor * l + bestCode] += 1
                }
            }
            return tally
        }
        var out = [[Int]](repeating: [Int](repeating: 0, count: l), count: k)
        for tally in partial { for f in 0..<k { for c in 0..<l { out[f][c] += tally[f * l + c] } } }
        return out
    }
}

/// The FactorVAE score with its votes and classifier.
public struct FactorVAEResult: MetricResult {
    /// Majority-vote classifier accuracy on the training votes.
    public let trainAccuracy: Double
    /// Accuracy on the evaluation votes (the headline).
    public let evalAccuracy: Double
    /// Global variance of each code (`ddof = 1`).
    public let globalVariances: [Double]
    /// Codes kept after pruning.
    public let activeCodes: [Int]
    /// For each code, the factor the majority vote assigns to it.
    public let classifier: [Int]
    /// Training votes `[factor][code]`.
    public let trainVotes: [[Int]]
    /// Evaluation votes `[factor][code]`.
    public let evalVotes: [[Int]]
    /// Caveats (pruned codes, left-out factors, solver stops), one sentence each.
    public let notes: [String]
    let settingsUsed: FactorVAE.Settings
    let support: FactorGroups.SamplingSupport
    let seed: UInt64

    init(trainAccuracy: Double, evalAccuracy: Double, globalVariances: [Double], activeCodes: [Int],
         classifier: [Int], trainVotes: [[Int]], evalVotes: [[Int]], notes: [String],
         settings: FactorVAE.Settings, support: FactorGroups.SamplingSupport, seed: UInt64) {
        self.trainAccuracy = trainAccuracy
        self.evalAccuracy = evalAccuracy
        self.globalVariances = globalVariances
        self.activeCodes = activeCodes
        self.classifier = classifier
        self.trainVotes = trainVotes
        self.evalVotes = evalVotes
        self.notes = notes
        self.settingsUsed = settings
        self.support = support
        self.seed = seed
    }

    /// Headline scores under their JSON names.
    public var scores: [(name: String, value: Double?)] {
        [("train_accuracy", trainAccuracy), ("eval_accuracy", evalAccuracy)]
    }

    /// Sample sizes, model and sampling rule used, for the JSON record.
    public var settings: [(String, JSONValue)] {
        [("batch_size", .integer(settingsUsed.batchSize)),
         ("num_train", .integer(settingsUsed.trainVotes)),
         ("num_eval", .integer(settingsUsed.evalVotes)),
         ("num_variance_estimate", .integer(settingsUsed.varianceSamples)),
         ("prune_threshold", .number(settingsUsed.pruneThreshold)),
         ("sampling", .string(support.summary)),
         ("seed", .integer(Int(truncatingIfNeeded: seed)))]
    }

    /// Intermediate results for the JSON record.
    public var details: [(String, JSONValue)] {
        [("num_active_dims", .integer(activeCodes.count)),
         ("active_codes", .array(activeCodes.map { .integer($0) })),
         ("global_variances", .array(globalVariances.map { .optionalNumber($0) })),
         ("classifier", .array(classifier.map { .integer($0) })),
         ("train_votes", .array(trainVotes.map { .array($0.map { .integer($0) }) })),
         ("eval_votes", .array(evalVotes.map { .array($0.map { .integer($0) }) }))]
    }
}
