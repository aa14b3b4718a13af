import Foundation
import SynCore
import Testing
@testable import Metrics

/// Expected values: `Fixtures/*.expected.json` from `Fixtures/fixture_expected.py`, and the
/// constants below from `Fixtures/information_cross_checks.py`.
@Suite("Information metrics and SAP against the reference fixtures")
struct InformationFixtureTests {
    @Test("MIG, MI matrix and factor entropies match disentanglement_lib", arguments: ["tiny", "split", "mixed"])
    func migMatchesReference(name: String) throws {
        let (input, json) = try ReferenceFixture.load(name)
        let dlib = try #require(json["dlib"])
        let result = try MIG.compute(input, options: ReferenceFixture.options)
        let expected = try #require(dlib["scores"]?["mig"]?["discrete_mig"]?.doubleValue)
        let score = try #require(result.score)
        #expect(abs(score - expected) <= 1e-9, "\(name): MIG \(score) vs \(expected)")
        let mi = ReferenceFixture.matrix(dlib["matrices"]?["mi_matrix"])
        #expect(mi.count == result.mutualInformation.rows)
        for (l, row) in mi.enumerated() {
            #expect(row.count == result.mutualInformation.columns)
            for (k, v) in row.enumerated() {
                #expect(abs(result.mutualInformation[l, k] - v) <= 1e-12, "\(name): M[\(l), \(k)]")
            }
        }
        let entropy = ReferenceFixture.numbers(dlib["matrices"]?["factor_entropy"])
        #expect(entropy.count == result.factorEntropy.count)
        for (k, v) in entropy.enumerated() {
            #expect(abs(result.factorEntropy[k] - v) <= 1e-12, "\(name): H[\(k)]")
        }
    }

    @Test("SAP score matrix and score within 1e-3 of LinearSVC", arguments: ["tiny", "split", "mixed"])
    func sapMatchesReference(name: String) throws {
        let (input, json) = try ReferenceFixture.load(name)
        let dlib = try #require(json["dlib"])
        let result = try SAP.compute(input, options: ReferenceFixture.options)
        let expected = try #require(dlib["scores"]?["sap"]?["SAP_score"]?.doubleValue)
        let score = try #require(result.score)
        #expect(abs(score - expected) <= 1e-3, "\(name): SAP \(score) vs \(expected)")
        let matrix = ReferenceFixture.matrix(dlib["matrices"]?["sap_score_matrix"])
        #expect(matrix.count == result.scoreMatrix.count)
        for (l, row) in matrix.enumerated() {
            for (k, v) in row.enumerated() {
                let got = try #require(result.scoreMatrix[l][k])
                #expect(abs(got - v) <= 1e-3, "\(name): S[\(l), \(k)] \(got) vs \(v)")
            }
        }
    }

    /// Modularity on the split fixture, whose train set is the MIG sample, so the reference
    /// value follows from the fixture's own `mi_matrix`:
    /// `sq = M**2; mx = sq.max(1); (1 - (sq.sum(1) - mx) / (mx * (K - 1))).mean()`
    /// = 0.9018214615534988 (printed by `Fixtures/information_cross_checks.py`).
    @Test("Modularity equals the value numpy computes from the fixture's MI matrix")
    func modularityFromFixtureMatrix() throws {
        let (input, _) = try ReferenceFixture.load("split")
        let result = try Modularity.compute(input, options: ReferenceFixture.options)
        let score = try #require(result.score)
        #expect(abs(score - 0.9018214615534988) <= 1e-9)
    }

    /// Values computed independently with NumPy and SciPy on the `tiny` fixture by
    /// `Fixtures/information_cross_checks.py` (formulas as in each metric's documentation;
    /// Modularity on the train split, the unsupervised scores with `np.cov`, `slogdet` and
    /// `scipy.linalg.sqrtm`, SAP continuous with `np.cov`).
    @Test("The other information metrics match numpy cross-checks on the tiny fixture")
    func crossChecksOnTiny() throws {
        let (input, _) = try ReferenceFixture.load("tiny")
        let o = ReferenceFixture.options
        var mm = o
        mm.millerMadow = true
        var continuous = o
        continuous.sapContinuous = true
        let unsupervised = try UnsupervisedScores.compute(input, options: o)
        let checks: [(String, Double?, Double)] = [
            ("modularity", try Modularity.compute(input, options: o).score, 0.7487800241111556),
            ("mig_sup", try MIGSup.compute(input, options: o).score, 0.20003739351989067),
            ("dcimig", try DCIMIG.compute(input, options: o).score, 0.8243379655812233),
            ("jemmig", try JEMMIG.compute(input, options: o).score, 0.5599709642608941),
            ("mig miller-madow", try MIG.compute(input, options: mm).score, 0.8495338465788714),
            ("sap continuous", try SAP.compute(input, options: continuous).score, 0.9307031090913812),
            ("gaussian_total_correlation", unsupervised.totalCorrelation, 0.007959364516946899),
            ("gaussian_wasserstein_correlation", unsupervised.wassersteinCorrelation, 0.003679766902898507),
            ("mutual_info_score", unsupervised.meanPairwiseMI, 0.1361489241308578),
        ]
        for (name, got, expected) in checks {
            let value = try #require(got, "\(name) is nil")
            #expect(abs(value - expected) <= 1e-9, "\(name): \(value) vs numpy \(expected)")
        }
    }
}
