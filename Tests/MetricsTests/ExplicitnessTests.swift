import Testing
import Foundation
@testable import Metrics

@Suite struct ExplicitnessTests {
    static let factors = SamplingTestData.grid([4, 5, 6], repeats: 3)

    @Test func perfectCodesScoreNearOne() throws {
        let codes = SamplingTestData.perfectCodes(Self.factors, noise: 0.05, nuisance: 2, seed: 3)
        let result = try Explicitness.compute(MetricInput(codes: codes, factors: Self.factors))
        #expect((result.scoreTrain ?? 0) > 0.97)
        #expect((result.scoreTest ?? 0) > 0.97)
        #expect(result.notes.isEmpty)
    }

    @Test func noiseCodesScoreNearHalf() throws {
        let codes = SamplingTestData.noiseCodes(rows: Self.factors.rows, columns: 5, seed: 4)
        let result = try Explicitness.compute(MetricInput(codes: codes, factors: Self.factors))
        let test = try #require(result.scoreTest)
        #expect(abs(test - 0.5) < 0.1)
    }

    @Test func constantFactorIsLeftOutWithANote() throws {
        var rows = [[Int]]()
        for i in 0..<60 { rows.append([i % 3, 0]) }
        let factors = FactorMatrix(rows)
        let codes = SamplingTestData.perfectCodes(factors, noise: 0.1, nuisance: 1, seed: 2)
        let result = try Explicitness.compute(MetricInput(codes: codes, factors: factors, factorNames: ["hue", "fixed"]))
        #expect(result.factorTrain[1] == nil)
        #expect(result.scoreTest != nil)
        #expect(result.notes.contains { $0.contains("'fixed'") })
    }

    /// Expected values from scikit-learn 1.9.1 by the steps of disentanglement_lib's
    /// `compute_modularity_explicitness` (train mean/std z-scoring, `LogisticRegression`
    /// with `tol=1e-12, max_iter=100000`, `roc_auc_score` of the `MultiLabelBinarizer` labels
    /// against `predict_proba`) on these 90 rows split 60/30; printed by
    /// `Fixtures/small_cases.py`.
    @Test func matchesScikitLearnOnASmallCase() throws {
        var factorRows = [[Int]]()
        var codeRows = [[Double]]()
        for i in 0..<90 {
            let t = Double(i)
            let f = [i % 3, (i / 3) % 5]
            factorRows.append(f)
            codeRows.append([Double(f[0]) + 0.8 * sin(1.3 * t), 0.5 * Double(f[1]) + 0.9 * cos(0.7 * t), sin(0.37 * t + 1)])
        }
        let result = try Explicitness.compute(MetricInput(codes: Matrix(codeRows), factors: FactorMatrix(factorRows)))
        #expect(abs((result.scoreTrain ?? 0) - 0.8627430555555555) < 1e-9)
        #expect(abs((result.scoreTest ?? 0) - 0.7168055555555555) < 1e-9)
        #expect(abs((result.factorTest[1] ?? 0) - 0.5652777777777778) < 1e-9)
    }
}
