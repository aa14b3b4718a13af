import Foundation
import SynCore
import Testing
@testable import Metrics

/// Reference: `Fixtures/*.expected.json` from `Fixtures/fixture_expected.py`
/// (scikit-learn's `GradientBoostingClassifier(random_state=0)`, spread over random_state 0, 1, 2).
@Suite("DCI against the reference fixtures")
struct DCIFixtureTests {
    @Test("D, C and informativeness within 0.005 or 3x the reference's seed spread",
          arguments: ["tiny", "split", "mixed"])
    func scoresMatchReference(name: String) throws {
        let (input, json) = try ReferenceFixture.load(name)
        var options = MetricOptions()
        options.jobs = 2
        let result = try DCI.compute(input, options: options)
        let dlib = try #require(json["dlib"])
        let pairs: [(String, Double?)] = [
            ("disentanglement", result.disentanglement), ("completeness", result.completeness),
            ("informativeness_train", result.informativenessTrain), ("informativeness_test", result.informativenessTest),
        ]
        for (key, value) in pairs {
            let expected = try #require(dlib["scores"]?["dci"]?[key]?.doubleValue)
            let spread = dlib["spread_over_seeds"]?["stats"]?["dci.\(key)"]?["std"]?.doubleValue ?? 0
            let tolerance = max(0.005, 3 * spread)
            let got = try #require(value)
            #expect(abs(got - expected) <= tolerance, "\(name) \(key): \(got) vs reference \(expected) (tolerance \(tolerance))")
        }
        let reference = ReferenceFixture.matrix(dlib["matrices"]?["importance_matrix"])
        #expect(reference.count == result.importance.rows)
        var maxDiff = 0.0
        for (r, row) in reference.enumerated() {
            for (c, v) in row.enumerated() { maxDiff = max(maxDiff, abs(v - result.importance[r, c])) }
        }
        print("DCI fixture \(name): importance max abs diff vs reference = \(maxDiff)")
        #expect(maxDiff < 0.03, "\(name): importance matrix differs from the reference by \(maxDiff)")
    }
}
