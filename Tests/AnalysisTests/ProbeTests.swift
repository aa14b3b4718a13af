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

    /// More features than training rows: the fit through the rows' Gram matrix reaches the
    /// primal fit's optimum (decision values on held-out rows agree), for a multinomial and a
    /// binary problem, also when the rows are rank-deficient (a repeated row).
    @Test(arguments: [3, 2]) func wideLayersFitThroughTheGramMatrixToThePrimalOptimum(classes: Int) throws {
        var rng = Xoshiro256StarStar(seed: 11)
        let n = 60, d = 150
        var labels = (0..<n).map { $0 % classes }
        var values = (0..<(n * d)).map { _ in rng.nextGaussian() }
        for i in 0..<n { for c in 0..<5 { values[i * d + c] += 1.5 * Double(labels[i] == c % classes ? 1 : 0) } }
        for c in 0..<d { values[1 * d + c] = values[0 * d + c] }
        labels[1] = labels[0]
        let x = Matrix(rows: n, columns: d, storage: values)
        let train = Matrix(rows: 40, columns: d, storage: Array(values[0..<(40 * d)]))
        let test = Matrix(rows: 20, columns: d, storage: Array(values[(40 * d)...]))
        let trainLabels = Array(labels[0..<40])
        let primal = try LogisticRegression.fit(train, labels: trainLabels)
        let dual = try KernelLogisticRegression(train, labels: trainLabels)
        // 40 rows, one repeated, centred (which costs one more): rank 38.
        #expect(dual.rank == 38)
        #expect(dual.converged && primal.converged)
        let p = primal.decisionValues(test).storage, q = dual.decisionValues(test)
        let largest = p.map(abs).max() ?? 1
        let gap = zip(p, q).map { abs($0 - $1) }.max() ?? 0
        #expect(gap < 1e-6 * largest, "decision values differ by \(gap) (largest \(largest))")
        #expect(dual.predict(test) == primal.predict(test))
        let split = ProbeSplit(train: Array(0..<40), test: Array(40..<60))
        let viaGram = try LinearProbe.classify(x, labels: labels, split: split, dual: true)
        let direct = try LinearProbe.classify(x, labels: labels, split: split, dual: false)
        #expect(viaGram == direct)
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
