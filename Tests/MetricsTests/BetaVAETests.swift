import Testing
import SynCore
@testable import Metrics

@Suite struct BetaVAETests {
    static let factors = SamplingTestData.grid([4, 5, 6], repeats: 3)
    static var small: BetaVAE.Settings {
        var s = BetaVAE.Settings()
        s.trainPoints = 600
        s.evalPoints = 300
        return s
    }

    @Test func perfectCodesScoreNearOne() throws {
        let codes = SamplingTestData.perfectCodes(Self.factors, noise: 0.05, nuisance: 2, seed: 3)
        let result = try BetaVAE.compute(MetricInput(codes: codes, factors: Self.factors), settings: Self.small)
        #expect(result.trainAccuracy > 0.98)
        #expect(result.evalAccuracy > 0.98)
        #expect(result.model.converged)
    }

    @Test func noiseCodesScoreNearChance() throws {
        let codes = SamplingTestData.noiseCodes(rows: Self.factors.rows, columns: 5, seed: 4)
        let result = try BetaVAE.compute(MetricInput(codes: codes, factors: Self.factors), settings: Self.small)
        #expect(result.evalAccuracy < 0.5)
    }

    @Test func deterministicUnderASeedAndIndependentOfJobs() throws {
        let codes = SamplingTestData.perfectCodes(Self.factors, noise: 0.8, nuisance: 2, seed: 6)
        let input = try MetricInput(codes: codes, factors: Self.factors)
        var one = MetricOptions()
        one.seed = 11
        var two = one
        two.jobs = 2
        let a = try BetaVAE.compute(input, options: one, settings: Self.small)
        let b = try BetaVAE.compute(input, options: two, settings: Self.small)
        #expect(a.trainAccuracy == b.trainAccuracy && a.evalAccuracy == b.evalAccuracy)
        #expect(a.model.coefficients == b.model.coefficients)
    }
}
