import Testing
@testable import Metrics

/// Expected values printed by `Fixtures/small_cases.py`.
@Suite struct ROCAUCTests {
    /// scikit-learn 1.9.1: `roc_auc_score([0,0,1,1,1,0,1,0], [0.1,0.4,0.35,0.8,0.4,0.1,0.7,0.35])`
    /// = 0.875 (ties at 0.4 and 0.35 straddle the classes).
    @Test func binaryWithTiesMatchesScikitLearn() throws {
        let auc = try #require(ROCAUC.binary(scores: [0.1, 0.4, 0.35, 0.8, 0.4, 0.1, 0.7, 0.35],
                                             positive: [0, 0, 1, 1, 1, 0, 1, 0].map { $0 == 1 }))
        #expect(abs(auc - 0.875) < 1e-15)
    }

    /// scikit-learn 1.9.1: `roc_auc_score(MultiLabelBinarizer().fit_transform(y[:, None]), P)`
    /// = 0.8388888888888889 (per class 0.85, 0.6667, 1.0).
    @Test func macroOneVsRestMatchesScikitLearn() {
        let p = Matrix([[0.5, 0.3, 0.2], [0.2, 0.5, 0.3], [0.2, 0.3, 0.5], [0.5, 0.25, 0.25],
                        [0.3, 0.3, 0.4], [0.2, 0.6, 0.2], [0.4, 0.4, 0.2]])
        let result = ROCAUC.macroOneVsRest(probabilities: p, classes: [0, 1, 2], labels: [0, 1, 2, 1, 2, 1, 0])
        #expect(abs((result.score ?? 0) - 0.8388888888888889) < 1e-12)
        #expect(result.skipped.isEmpty)
    }

    @Test func undefinedWhenOneClass() {
        #expect(ROCAUC.binary(scores: [0.1, 0.2], positive: [true, true]) == nil)
        let result = ROCAUC.macroOneVsRest(probabilities: Matrix([[0.4, 0.6], [0.7, 0.3]]), classes: [0, 1], labels: [1, 1])
        #expect(result.score == nil)
        #expect(result.skipped == [0, 1])
    }
}
