import SynCore

extension MetricInput {
    /// The ``splitRule`` text of inputs given with separate test arrays.
    static let separateTestRule = "separate test arrays"

    /// A resample made of the given rows. `all` and `train` index the main sample; `test`
    /// indexes the main sample when `testFromMain` (one array pair split by rows), otherwise
    /// the separate test arrays.
    func resampled(all: [Int], train: [Int], test: [Int], testFromMain: Bool) -> MetricInput {
        MetricInput(
            codes: codes.rows(at: all), factors: factors.rows(at: all),
            trainCodes: codes.rows(at: train), trainFactors: factors.rows(at: train),
            testCodes: testFromMain ? codes.rows(at: test) : testCodes.rows(at: test),
            testFactors: testFromMain ? factors.rows(at: test) : testFactors.rows(at: test),
            factorNames: factorNames, factorValues: factorValues?.rows(at: all), splitRule: splitRule)
    }

    /// Assembles an input from already validated and split parts.
    init(codes: Matrix, factors: FactorMatrix, trainCodes: Matrix, trainFactors: FactorMatrix,
         testCodes: Matrix, testFactors: FactorMatrix, factorNames: [String], factorValues: Matrix?,
         splitRule: String) {
        self.codes = codes
        self.factors = factors
        self.trainCodes = trainCodes
        self.trainFactors = trainFactors
        self.testCodes = testCodes
        self.testFactors = testFactors
        self.factorNames = factorNames
        self.factorValues = factorValues
        self.splitRule = splitRule
    }
}
