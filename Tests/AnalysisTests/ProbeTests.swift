import Foundation
import Metrics
import SynCore
import Testing
@testable import Analysis

/// The probes against scikit-learn on the committed fixture (References/make_probe_fixtures.py).
@Suite struct ProbeTests {
    struct Fixture {
        let archive: NpzArchive
        func matrix(_ name: String) throws -> Matrix { try Matrix(archive.array(named: name), source: name) }
        func ints(_ name: String) throws -> [Int] { try archive.array(named: name).integers(source: name) }
        func doubles(_ name: String) throws -> [Double] { try archive.array(named: name).doubles() }
        var split: ProbeSplit { get throws { ProbeSplit(train: try ints("train"), test: try ints("test")) } }

        init() throws {
            let url = try #require(Bundle.module.url(forResource: "probes", withExtension: "npz", subdirectory: "Fixtures"))
            archive = try NpzArchive(contentsOf: url)
        }
    }

    @Test func linearProbeMatchesScikitLearnLogisticRegression() throws {
        let f = try Fixture()
        let labels = try f.ints("labels")
        let score = try LinearProbe.classify(f.matrix("features"), labels: labels, split: f.split)
        let expected = try f.doubles("logistic_accuracy")[0]
        #expect(abs(score.value - expected) < 1e-12)
        let test = try f.split.test.map { labels[$0] }
        #expect(score.chance == ProbeScore.majorityFrequency(test))
        #expect(score.chance > 0.2 && score.chance < 0.5)
    }

    @Test(arguments: [("euclidean", 30), ("euclidean", 4), ("cosine", 30), ("cosine", 4)])
    func nearestNeighbourProbeMatchesScikitLearn(metric: String, k: Int) throws {
        let f = try Fixture()
        let labels = try f.ints("labels")
        let split = try f.split
        let distance = try #require(NearestNeighbourProbe.Distance(rawValue: metric))
        let x = Standardizer(try f.matrix("features"), rows: split.train).apply(try f.matrix("features"), rows: Array(0..<labels.count))
        let predicted = NeighbourVote.predict(x, support: split.train, labels: labels, queries: split.test, k: k,
                                              distance: distance, excludeSelf: false)
        #expect(predicted == (try f.ints("knn_\(metric)_\(k)_predictions")))
        let score = NearestNeighbourProbe.classify(try f.matrix("features"), labels: labels, split: split, k: k, distance: distance)
        let truth = split.test.map { labels[$0] }
        let hits = zip(predicted, truth).filter { $0 == $1 }.count
        #expect(score.value == Double(hits) / Double(truth.count))
    }

    @Test func ridgeProbeMatchesScikitLearnInPrimalAndDual() throws {
        let f = try Fixture()
        let primal = LinearProbe.regress(try f.matrix("features"), targets: try f.doubles("target"), split: try f.split)
        #expect(abs(primal.value - (try f.doubles("ridge_r2")[0])) < 1e-9)
        #expect(primal.chance == 0)
        let wideSplit = ProbeSplit(train: Array(0..<40), test: Array(40..<60))
        let dual = LinearProbe.regress(try f.matrix("wide_features"), targets: try f.doubles("wide_target"), split: wideSplit)
        #expect(abs(dual.value - (try f.doubles("wide_ridge_r2")[0])) < 1e-9)
    }

    @Test func heldOutSplitIsSeededDisjointAndComplete() {
        let a = ProbeSplit.heldOut(count: 101, testFraction: 0.2, seed: 7)
        let b = ProbeSplit.heldOut(count: 101, testFraction: 0.2, seed: 7)
        let c = ProbeSplit.heldOut(count: 101, testFraction: 0.2, seed: 8)
        #expect(a.test == b.test && a.train == b.train)
        #expect(a.test != c.test)
        #expect(a.test.count == 20)
        #expect(Set(a.train + a.test) == Set(0..<101))
        #expect(Set(a.train).isDisjoint(with: a.test))
    }

    @Test func linearProbeRefusesASingleTrainingClass() {
        let x = Matrix(rows: 4, columns: 1, storage: [0, 1, 2, 3])
        #expect(throws: AnalysisInputError.self) {
            try LinearProbe.classify(x, labels: [1, 1, 1, 2], split: ProbeSplit(train: [0, 1, 2], test: [3]))
        }
    }
}
