import SynCore

/// Separated Attribute Predictability (Kumar, Sattigeri & Balakrishnan 2018), as
/// disentanglement_lib's `sap_score` computes it.
///
/// Score matrix `S[l, k]`:
/// - discrete factors (the reference default): the **test** accuracy of a linear SVM trained
///   on the single feature `code_l` of the **train** split to predict factor `k`, scikit-learn's
///   `LinearSVC(C=0.01, class_weight="balanced")`, solved exactly by ``SingleFeatureSVC``;
/// - `options.sapContinuous`: the squared Pearson correlation of `code_l` and factor `k` on the
///   train split, `cov^2 / (var_z var_y)` with `np.cov` (ddof 1), and 0 when
///   `var_z <= 1e-12`.
/// SAP is the mean over factors of (largest - second largest `S[l, k]` over codes).
///
/// A factor with a single value in the train split has no classifier (and no correlation):
/// its column is nil, its gap undefined with a note, and the score averages the other factors.
public enum SAP {
    /// Regularisation constant of the reference's LinearSVC.
    public static let svmC = 0.01

    /// Computes SAP on the train/test split of `input`.
    ///
    /// - Throws: ``MetricsInputError`` with fewer than 2 codes.
    public static func compute(_ input: MetricInput, options: MetricOptions = .init()) throws -> SAPResult {
        let codes = input.trainCodes.columns
        let factors = input.trainFactors.columns
        guard codes >= 2 else {
            throw MetricsInputError("SAP needs at least 2 code columns to take a gap; got \(codes)")
        }
        let trainY = (0..<factors).map { input.trainFactors.column($0) }
        let testY = (0..<factors).map { input.testFactors.column($0) }
        let usable = trainY.map { Set($0).count >= 2 }
        let continuous = options.sapContinuous
        let rows: [[Double?]] = parallelMap(codes, jobs: options.jobs) { l in
            let z = input.trainCodes.column(l)
            let zTest = input.testCodes.column(l)
            return (0..<factors).map { k -> Double? in
                guard usable[k] else { return nil }
                if continuous { return squaredCorrelation(z, trainY[k].map(Double.init)) }
                let model = SingleFeatureSVC(z: z, y: trainY[k], c: svmC)
                return model.accuracy(z: zTest, y: testY[k])
            }
        }
        var notes = [String]()
        var perFactor = [Double?]()
        for k in 0..<factors {
            guard usable[k] else {
                perFactor.append(nil)
                notes.append("factor \(input.factorNames[k]) has a single value in the train split, so no predictor can be fit and its SAP gap is undefined; the score averages the other factors")
                continue
            }
            let (top, second, _) = TopTwo.of(rows.map { $0[k] ?? 0 })
            perFactor.append(top - second)
        }
        let defined = perFactor.compactMap { $0 }
        let score = defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count)
        var settings: [(String, JSONValue)] = [
            ("train_points", .integer(input.trainCodes.rows)),
            ("test_points", .integer(input.testCodes.rows)),
            ("split", .string(input.splitRule)),
        ]
        if continuous {
            settings.append(("model", .string("squared Pearson correlation on the train split (continuous factors)")))
        } else {
            settings.append(("model", .string("LinearSVC(C=0.01, class_weight=balanced), squared hinge, L2, regularised intercept; exact optimum")))
        }
        return SAPResult(score: score, perFactor: perFactor, scoreMatrix: rows,
                         factorNames: input.factorNames, notes: notes, settings: settings)
    }

    /// `cov(z, y)^2 / (var z var y)` with sample (ddof 1) moments; 0 when `var z <= 1e-12`.
    /// Nil when `var y` is 0.
    static func squaredCorrelation(_ z: [Double], _ y: [Double]) -> Double? {
        let n = Double(z.count)
        let mz = z.reduce(0, +) / n, my = y.reduce(0, +) / n
        var szz = 0.0, syy = 0.0, szy = 0.0
        for i in 0..<z.count {
            let dz = z[i] - mz, dy = y[i] - my
            szz += dz * dz
            syy += dy * dy
            szy += dz * dy
        }
        let vz = szz / (n - 1), vy = syy / (n - 1), c = szy / (n - 1)
        guard vz > 1e-12 else { return 0 }
        guard vy > 0 else { return nil }
        return c * c / (vz * vy)
    }
}

/// SAP's score, per-factor gaps and score matrix.
public struct SAPResult: MetricResult {
    /// Mean gap over factors with a defined gap.
    public let score: Double?
    /// Gap (top - second over codes) per factor.
    public let perFactor: [Double?]
    /// `S[l, k]`, `[L][K]` (nil where undefined).
    public let scoreMatrix: [[Double?]]
    /// Factor names, for the report.
    public let factorNames: [String]
    public let notes: [String]
    public let settings: [(String, JSONValue)]

    public var scores: [(name: String, value: Double?)] { [("score", score)] }
    public var details: [(String, JSONValue)] {
        [("per_factor", .object(zip(factorNames, perFactor).map { ($0, .optionalNumber($1)) })),
         ("score_matrix", .array(scoreMatrix.map { .array($0.map(JSONValue.optionalNumber)) }))]
    }
}
