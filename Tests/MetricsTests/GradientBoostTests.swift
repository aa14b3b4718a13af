import SynCore
import Testing
@testable import Metrics

@Suite("Gradient-boosted trees")
struct GradientBoostTests {
    /// Two features; the label is x0 > 0.5 (binary) or the third of x0 (3 classes).
    static func data(rows: Int, classes: Int, seed: UInt64) -> (Matrix, [Int]) {
        var rng = Xoshiro256StarStar(seed: seed)
        var x = Matrix(rows: rows, columns: 2)
        var y = [Int](repeating: 0, count: rows)
        for r in 0..<rows {
            x[r, 0] = rng.nextDouble()
            x[r, 1] = rng.nextDouble()
            y[r] = min(classes - 1, Int(x[r, 0] * Double(classes)))
        }
        return (x, y)
    }

    @Test("a single depth-1 stump splits at the midpoint between the classes")
    func stumpThreshold() throws {
        let x = Matrix([[0], [1], [2], [10], [11], [12]])
        let fits = try GradientBoosting.fitClassifiers(x, labels: [[0, 0, 0, 1, 1, 1]],
                                                       settings: .init(stages: 1, learningRate: 0.1, maxDepth: 1))
        let model = fits[0].model
        #expect(model.treeFeature[0] == 0)
        #expect(model.treeThreshold[0] == 6)
        // init score log(0.5/0.5) = 0; leaf Newton step = mean(y - p) / mean(p(1-p)) = 0.5 / 0.25 = 2
        #expect(abs(model.treeValue[1] + 2) < 1e-12 && abs(model.treeValue[2] - 2) < 1e-12)
        #expect(model.featureImportances == [1])
    }

    @Test("values one Float32 step apart count as equal (FEATURE_THRESHOLD), inside nodes too")
    func featureThresholdTies() throws {
        let a = 1.0, b = Double(Float(1).nextUp)
        // root: the only split sklearn allows is between b and 2 (threshold 1.50000006)
        let stump = try GradientBoosting.fitClassifiers(Matrix([[a], [b], [2], [2]]), labels: [[0, 1, 1, 1]],
                                                        settings: .init(stages: 1, learningRate: 0.1, maxDepth: 1))[0].model
        #expect(stump.treeThreshold[0] == (Double(Float(b)) + 2) / 2)
        // a depth-2 tree: whatever the splits, no threshold may fall between tied neighbours
        let c = Double(Float(1).nextUp.nextUp)
        let x = Matrix([[a, 0], [b, 0], [c, 1], [9, 0], [9, 1]])
        let fit = try GradientBoosting.fitClassifiers(x, labels: [[0, 1, 1, 0, 1]],
                                                      settings: .init(stages: 1, learningRate: 0.1, maxDepth: 2))[0]
        for h in 0..<3 where fit.model.treeFeature[h] == 0 {
            let t = fit.model.treeThreshold[h]
            #expect(!(t > a && t < b), "split between tied values a and b at \(t)")
            #expect(!(t > b && t < c), "split between tied values b and c at \(t)")
        }
    }

    @Test("separable classes are learnt; training scores equal decision scores", arguments: [2, 3])
    func separable(classes: Int) throws {
        let (x, y) = Self.data(rows: 200, classes: classes, seed: 3)
        let fit = try #require(GradientBoosting.fitClassifiers(x, labels: [y], settings: .init(stages: 20)).first)
        #expect(fit.trainingClasses == y)
        #expect(fit.model.decisionScores(x) == fit.trainingScores)
        #expect(fit.model.featureImportances[0] > 0.9)
        #expect(abs(fit.model.featureImportances.reduce(0, +) - 1) < 1e-12)
    }

    @Test("the regressor fits a step function and its scores equal its training scores")
    func regressor() throws {
        let (x, y) = Self.data(rows: 200, classes: 4, seed: 5)
        let target = y.map { Double($0) * 2.5 }
        let fit = try #require(GradientBoosting.fitRegressors(x, targets: [target]).first)
        let predicted = fit.model.predictValues(x)
        #expect(predicted == fit.trainingScores)
        let mse = zip(predicted, target).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / 200
        #expect(mse < 0.01)
    }

    @Test("one class is refused")
    func singleClass() {
        #expect(throws: MetricsInputError.self) {
            try GradientBoosting.fitClassifiers(Matrix([[0], [1]]), labels: [[4, 4]])
        }
    }
}
