import SynCore

/// Codes and factors prepared for the metrics, with the reference's train/test rule applied.
///
/// With separate test arrays, `codes`/`factors` are the train set (and MIG's sample) and the
/// test arrays are the test set. With one array pair, MIG uses all rows and the split metrics
/// use the first `ceil(2N/3)` rows as train and the rest as test (disentanglement_lib's
/// `split_train_test` with `train_percentage = 2/3`).
public struct MetricInput: Sendable {
    /// All points given as the main sample (MIG, Modularity and the unsupervised metrics).
    public let codes: Matrix
    /// Factor labels of `codes`.
    public let factors: FactorMatrix
    /// Train codes for the split metrics.
    public let trainCodes: Matrix
    /// Train labels for the split metrics.
    public let trainFactors: FactorMatrix
    /// Test codes for the split metrics.
    public let testCodes: Matrix
    /// Test labels for the split metrics.
    public let testFactors: FactorMatrix
    /// Factor names for reports (`factor_0`... when unknown).
    public let factorNames: [String]
    /// Continuous factor values `[N, K]` for the continuous-factor options, when known.
    public let factorValues: Matrix?
    /// How the split was made, for the JSON record.
    public let splitRule: String

    /// Validates the arrays and applies the split rule.
    ///
    /// - Throws: ``MetricsInputError`` for mismatched shapes, non-finite codes (naming the
    ///   first bad row and column), negative labels, or too few rows.
    public init(codes: Matrix, factors: FactorMatrix, codesTest: Matrix? = nil,
                factorsTest: FactorMatrix? = nil, factorNames: [String]? = nil,
                factorValues: Matrix? = nil, trainFraction: Double = 2.0 / 3.0) throws {
        try MetricInput.check(codes: codes, factors: factors, role: "codes", factorRole: "factors")
        if let factorValues, factorValues.rows != factors.rows || factorValues.columns != factors.columns {
            throw MetricsInputError("factor values have shape [\(factorValues.rows), \(factorValues.columns)] but factors have [\(factors.rows), \(factors.columns)]")
        }
        switch (codesTest, factorsTest) {
        case let (ct?, ft?):
            try MetricInput.check(codes: ct, factors: ft, role: "codes_test", factorRole: "factors_test")
            guard ct.columns == codes.columns else {
                throw MetricsInputError("codes_test has \(ct.columns) code columns but codes has \(codes.columns)")
            }
            guard ft.columns == factors.columns else {
                throw MetricsInputError("factors_test has \(ft.columns) factor columns but factors has \(factors.columns)")
            }
            trainCodes = codes
            trainFactors = factors
            testCodes = ct
            testFactors = ft
            splitRule = MetricInput.separateTestRule
        case (nil, nil):
            let nTrain = Int((Double(codes.rows) * trainFraction).rounded(.up))
            guard nTrain < codes.rows else {
                throw MetricsInputError("\(codes.rows) rows are too few to split into train and test")
            }
            trainCodes = codes.rows(0..<nTrain)
            trainFactors = factors.rows(0..<nTrain)
            testCodes = codes.rows(nTrain..<codes.rows)
            testFactors = factors.rows(nTrain..<codes.rows)
            splitRule = "first ceil(N*2/3) rows train, rest test; MIG on all rows"
        default:
            throw MetricsInputError("codes_test and factors_test must be given together")
        }
        self.codes = codes
        self.factors = factors
        self.factorValues = factorValues
        if let factorNames {
            guard factorNames.count == factors.columns else {
                throw MetricsInputError("\(factorNames.count) factor names for \(factors.columns) factor columns")
            }
            self.factorNames = factorNames
        } else {
            self.factorNames = (0..<factors.columns).map { "factor_\($0)" }
        }
    }

    private static func check(codes: Matrix, factors: FactorMatrix, role: String, factorRole: String) throws {
        guard codes.rows == factors.rows else {
            throw MetricsInputError("\(role) has \(codes.rows) rows but \(factorRole) has \(factors.rows); they must match row for row")
        }
        guard codes.rows >= 2 else { throw MetricsInputError("\(role) has \(codes.rows) rows; at least 2 are needed") }
        guard codes.columns >= 1 else { throw MetricsInputError("\(role) has no code columns") }
        guard factors.columns >= 1 else { throw MetricsInputError("\(factorRole) has no factor columns") }
        if let bad = codes.storage.firstIndex(where: { !$0.isFinite }) {
            let value = codes.storage[bad]
            throw MetricsInputError("\(role) row \(bad / codes.columns), column \(bad % codes.columns) is \(value); codes must be finite numbers")
        }
        if let bad = factors.storage.firstIndex(where: { $0 < 0 }) {
            throw MetricsInputError("\(factorRole) row \(bad / factors.columns), column \(bad % factors.columns) is \(factors.storage[bad]); factor labels must be non-negative integers")
        }
    }
}

/// Bad metric input: a one-line message naming the array, row and column at fault.
public struct MetricsInputError: UserError {
    /// The message.
    public var message: String
    /// Makes an error with a complete one-line message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
