import SynCore

/// DCI scores with the importance matrix and the per-factor informativeness behind them.
public struct DCIResult: MetricResult {
    /// Weighted mean of the per-code disentanglement; nil with fewer than 2 factors.
    public let disentanglement: Double?
    /// Weighted mean of the per-factor completeness; nil with fewer than 2 codes.
    public let completeness: Double?
    /// Mean over factors of the train-set informativeness.
    public let informativenessTrain: Double?
    /// Mean over factors of the test-set informativeness (the headline).
    public let informativenessTest: Double?
    /// Importance matrix R `[codes, factors]`; each column sums to 1 for tree importances
    /// (or is all zeros when that factor's model never split).
    public let importance: Matrix
    /// Per-code disentanglement and per-factor completeness.
    public let aggregation: DCIScores
    /// Per factor informativeness on the train set: accuracy for classifiers, R^2 for
    /// regressions (see ``informativenessMeasure``).
    public let trainInformativeness: [Double]
    /// Per factor informativeness on the test set.
    public let testInformativeness: [Double]
    /// "accuracy" or "r2".
    public let informativenessMeasure: String
    /// Factor names, in column order.
    public let factorNames: [String]
    /// Caveats (zero importance columns, undefined scores, substituted factor values).
    public let notes: [String]
    /// Model, split sizes, seed and measure.
    public let settings: [(String, JSONValue)]

    /// `disentanglement`, `completeness`, `informativeness_train`, `informativeness_test`.
    public var scores: [(name: String, value: Double?)] {
        [("disentanglement", disentanglement), ("completeness", completeness),
         ("informativeness_train", informativenessTrain), ("informativeness_test", informativenessTest)]
    }

    /// The importance matrix, per-code D, per-factor C and per-factor informativeness.
    public var details: [(String, JSONValue)] {
        func numbers(_ v: [Double]) -> JSONValue { .array(v.map { .optionalNumber($0.isNaN ? nil : $0) }) }
        return [
            ("importance_matrix", .matrix(importance.rowArrays)),
            ("disentanglement_per_code", numbers(aggregation.perCode)),
            ("completeness_per_factor", .object(zip(factorNames, aggregation.perFactor).map { ($0, .optionalNumber($1.isNaN ? nil : $1)) })),
            ("informativeness_measure", .string(informativenessMeasure)),
            ("informativeness_train_per_factor", .object(zip(factorNames, trainInformativeness).map { ($0, .number($1)) })),
            ("informativeness_test_per_factor", .object(zip(factorNames, testInformativeness).map { ($0, .number($1)) })),
        ]
    }
}
