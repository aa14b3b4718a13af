import SynCore
import Testing
@testable import Metrics

@Suite("SAP and the exact single-feature LinearSVC")
struct SAPTests {
    /// Brute-force gradient of liblinear's primal objective for one binary problem.
    static func gradient(z: [Double], positive: [Bool], a: Double, b: Double, cp: Double, cn: Double) -> (Double, Double) {
        var ga = a, gb = b
        for i in 0..<z.count {
            let s = positive[i] ? 1.0 : -1.0
            let c = positive[i] ? cp : cn
            let r = 1 - s * (a * z[i] + b)
            if r > 0 {
                ga -= 2 * c * r * s * z[i]
                gb -= 2 * c * r * s
            }
        }
        return (ga, gb)
    }

    @Test("The solution is stationary for every one-vs-rest problem, with liblinear's C weights",
          arguments: [(2, 0.0), (3, 0.0), (5, 40.0), (6, -3.0)])
    func optimality(classes: Int, offset: Double) {
        var rng = Xoshiro256StarStar(seed: UInt64(classes))
        let n = 700
        let y = (0..<n).map { _ in rng.nextInt(below: classes) * 3 + 1 }
        let z = y.map { offset + 0.4 * Double($0) + 1.5 * rng.nextGaussian() }
        let model = SingleFeatureSVC(z: z, y: y, c: 0.01)
        #expect(model.classes == Array(Set(y)).sorted())
        let counts = model.classes.map { c in Double(y.filter { $0 == c }.count) }
        let weights = counts.map { Double(n) / (Double(classes) * $0) }
        let problems: [(Int, Double, Double)] = classes == 2
            ? [(1, 0.01 * weights[1], 0.01 * weights[0])]
            : (0..<classes).map { ($0, 0.01 * weights[$0], 0.01) }
        for (p, (cls, cp, cn)) in problems.enumerated() {
            let positive = y.map { $0 == model.classes[cls] }
            let g = SAPTests.gradient(z: z, positive: positive, a: model.slopes[p], b: model.intercepts[p], cp: cp, cn: cn)
            let scale = 1 + abs(model.slopes[p]) + abs(model.intercepts[p])
            #expect(abs(g.0) <= 1e-9 * scale && abs(g.1) <= 1e-9 * scale, "problem \(p): gradient \(g)")
        }
    }

    @Test("Binary prediction is the second class exactly when the decision value is positive")
    func binaryPrediction() {
        let z = [-2.0, -1.5, -1, 1, 1.5, 2]
        let y = [4, 4, 4, 9, 9, 9]
        let model = SingleFeatureSVC(z: z, y: y, c: 0.01)
        #expect(model.slopes.count == 1 && model.slopes[0] > 0)
        #expect(model.predict(-3) == 4 && model.predict(3) == 9)
        #expect(model.accuracy(z: z, y: y) == 1)
    }

    @Test("SAP continuous is the squared correlation on the train split")
    func continuous() throws {
        let (z, f) = SyntheticCodes.make(n: 300, sizes: [3, 4], noise: 0.3)
        var options = MetricOptions()
        options.sapContinuous = true
        let input = try SyntheticCodes.input(z, f)
        let result = try SAP.compute(input, options: options)
        let x = input.trainCodes.column(0), y = input.trainFactors.column(0).map(Double.init)
        let mx = x.reduce(0, +) / Double(x.count), my = y.reduce(0, +) / Double(y.count)
        let sxy = zip(x, y).reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }
        let sxx = x.reduce(0) { $0 + ($1 - mx) * ($1 - mx) }, syy = y.reduce(0) { $0 + ($1 - my) * ($1 - my) }
        #expect(abs(try #require(result.scoreMatrix[0][0]) - sxy * sxy / (sxx * syy)) <= 1e-12)
    }
}
