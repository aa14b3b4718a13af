import Testing
import Foundation
@testable import Metrics

@Suite struct IRSTests {
    /// A deterministic 3x4 grid, twice, with codes f0 + 0.1 sin(1.7 i), 0.5 f1 + 0.2 cos(0.9 i),
    /// sin(2.3 i + 0.5) and a constant.
    static func smallCase() throws -> MetricInput {
        let factors = SamplingTestData.grid([3, 4], repeats: 2)
        var codes = Matrix(rows: 24, columns: 4)
        for i in 0..<24 {
            let t = Double(i)
            codes[i, 0] = Double(factors[i, 0]) + 0.1 * sin(1.7 * t)
            codes[i, 1] = Double(factors[i, 1]) * 0.5 + 0.2 * cos(0.9 * t)
            codes[i, 2] = sin(2.3 * t + 0.5)
            codes[i, 3] = 5
        }
        return try MetricInput(codes: codes, factors: factors)
    }

    /// Expected values computed with numpy 2.4.6 by the steps of disentanglement_lib's
    /// `irs.py` (`_histogram_discretize` of the factors with 20 bins, `_drop_constant_dims`,
    /// `scalable_disentanglement_score` with `diff_quantile=0.99`) on `smallCase()`; printed by
    /// `Fixtures/small_cases.py`.
    @Test func matchesTheReferenceProcedure() throws {
        let result = try IRS.compute(Self.smallCase())
        #expect(abs(result.score - 0.6269576761834607) < 1e-12)
        #expect(result.activeCodes == [0, 1, 2])
        let expected = [[0.91405605, 0.04042986], [0.1094518, 0.77917188], [-0.02685517, 0.17926727]]
        for a in 0..<3 { for k in 0..<2 { #expect(abs(result.matrix[a][k] - expected[a][k]) < 1e-8) } }
        #expect(result.parents == [0, 1, 1])
    }

    @Test func linearQuantileIsNumpys() {
        #expect(IRS.linearQuantile(sorted: [1, 2, 3, 4], 0.5) == 2.5)
        #expect(abs(IRS.linearQuantile(sorted: [0, 10], 0.99) - 9.9) < 1e-14)
        #expect(IRS.linearQuantile(sorted: [7], 0.99) == 7)
    }

    @Test func perfectCodesScoreHigherThanNoise() throws {
        let factors = SamplingTestData.grid([4, 5, 6], repeats: 2)
        let perfect = try IRS.compute(MetricInput(codes: SamplingTestData.perfectCodes(factors, noise: 0.05, nuisance: 0, seed: 1), factors: factors))
        let noise = try IRS.compute(MetricInput(codes: SamplingTestData.noiseCodes(rows: factors.rows, columns: 3, seed: 2), factors: factors))
        #expect(perfect.score > 0.85)
        #expect(noise.score < 0.4)
    }

    @Test func permutingCodesLeavesTheScoreUnchanged() throws {
        let factors = SamplingTestData.grid([4, 5, 6], repeats: 2)
        let codes = SamplingTestData.perfectCodes(factors, noise: 0.3, nuisance: 2, seed: 9)
        let a = try IRS.compute(MetricInput(codes: codes, factors: factors))
        let b = try IRS.compute(MetricInput(codes: SamplingTestData.permuted(codes, [4, 2, 0, 3, 1]), factors: factors))
        #expect(abs(a.score - b.score) < 1e-12)
    }
}
