import Testing
import SynCore
@testable import Metrics

@Suite struct FactorVAETests {
    static let factors = SamplingTestData.grid([4, 5, 6], repeats: 3)
    static var small: FactorVAE.Settings {
        var s = FactorVAE.Settings()
        s.trainVotes = 600
        s.evalVotes = 300
        return s
    }

    @Test func perfectCodesScoreNearOne() throws {
        let codes = SamplingTestData.perfectCodes(Self.factors, noise: 0.05, nuisance: 2, seed: 3)
        let result = try FactorVAE.compute(MetricInput(codes: codes, factors: Self.factors), settings: Self.small)
        #expect(result.trainAccuracy > 0.98)
        #expect(result.evalAccuracy > 0.98)
        #expect(Array(result.classifier.prefix(3)) == [0, 1, 2])
        #expect(result.activeCodes == [0, 1, 2, 3, 4])
        #expect(result.trainVotes.joined().reduce(0, +) == 600)
        #expect(result.evalVotes.joined().reduce(0, +) == 300)
    }

    @Test func noiseCodesScoreNearChance() throws {
        let codes = SamplingTestData.noiseCodes(rows: Self.factors.rows, columns: 5, seed: 4)
        let result = try FactorVAE.compute(MetricInput(codes: codes, factors: Self.factors), settings: Self.small)
        #expect(result.evalAccuracy < 0.5)
    }

    @Test func permutingCodesLeavesTheScoreUnchanged() throws {
        let codes = SamplingTestData.perfectCodes(Self.factors, noise: 0.6, nuisance: 2, seed: 5)
        let order = [3, 0, 4, 2, 1]
        let a = try FactorVAE.compute(MetricInput(codes: codes, factors: Self.factors), settings: Self.small)
        let b = try FactorVAE.compute(MetricInput(codes: SamplingTestData.permuted(codes, order), factors: Self.factors),
                                      settings: Self.small)
        #expect(a.trainAccuracy == b.trainAccuracy)
        #expect(a.evalAccuracy == b.evalAccuracy)
        for f in 0..<3 { for c in 0..<5 { #expect(a.trainVotes[f][order[c]] == b.trainVotes[f][c]) } }
    }

    @Test func deterministicUnderASeedAndIndependentOfJobs() throws {
        let codes = SamplingTestData.perfectCodes(Self.factors, noise: 0.8, nuisance: 2, seed: 6)
        let input = try MetricInput(codes: codes, factors: Self.factors)
        var one = MetricOptions()
        one.seed = 11
        var two = one
        two.jobs = 2
        let a = try FactorVAE.compute(input, options: one, settings: Self.small)
        let b = try FactorVAE.compute(input, options: two, settings: Self.small)
        #expect(a.trainVotes == b.trainVotes && a.evalVotes == b.evalVotes)
        var other = one
        other.seed = 12
        let c = try FactorVAE.compute(input, options: other, settings: Self.small)
        #expect(a.trainVotes != c.trainVotes)
    }

    @Test func prunesCollapsedCodes() throws {
        var codes = SamplingTestData.perfectCodes(Self.factors, noise: 0.05, nuisance: 1, seed: 7)
        for i in 0..<codes.rows { codes[i, 3] = 0.01 * Double(i % 2) }
        let result = try FactorVAE.compute(MetricInput(codes: codes, factors: Self.factors), settings: Self.small)
        #expect(result.activeCodes == [0, 1, 2])
        #expect(result.trainVotes.allSatisfy { $0[3] == 0 })
    }

    @Test func oneFactorIsRefused() throws {
        let factors = SamplingTestData.grid([100], repeats: 1)
        let input = try MetricInput(codes: SamplingTestData.noiseCodes(rows: 100, columns: 2, seed: 1), factors: factors)
        #expect(throws: MetricsInputError.self) { try FactorVAE.compute(input) }
    }

    @Test func catalogRunsTheSamplingMetricsUnderTheirJSONNames() throws {
        #expect(MetricCatalog.samplingMetrics.map(\.name) == ["factor_vae", "beta_vae", "irs", "explicitness"])
        let codes = SamplingTestData.perfectCodes(Self.factors, noise: 0.05, nuisance: 1, seed: 8)
        let input = try MetricInput(codes: codes, factors: Self.factors)
        let irs = try #require(MetricCatalog.samplingMetrics.first { $0.name == "irs" })
        let json = try irs.run(input, MetricOptions()).json()
        #expect(json["score"]?.doubleValue != nil)
        #expect(json["settings"]?["diff_quantile"]?.doubleValue == 0.99)
    }
}
