import SynCore
import Testing
@testable import Metrics

/// Small synthetic code/factor sets for the DCI properties.
enum DCISynthetic {
    /// `rows` points, factors with `sizes` values each; code j = factor j (scaled) plus noise,
    /// extra codes pure noise; `mixing` > 0 blends code 0 into code 1.
    static func input(rows: Int, sizes: [Int], extraCodes: Int = 0, noise: Double = 0.05,
                      mixing: Double = 0, seed: UInt64 = 1, continuousValues: Bool = false) throws -> MetricInput {
        var rng = Xoshiro256StarStar(seed: seed)
        let k = sizes.count, l = k + extraCodes
        var codes = Matrix(rows: rows, columns: l)
        var factors = FactorMatrix(rows: rows, columns: k, storage: [Int](repeating: 0, count: rows * k))
        var values = Matrix(rows: rows, columns: k)
        for r in 0..<rows {
            for j in 0..<k {
                let y = rng.nextInt(below: sizes[j])
                factors[r, j] = y
                values[r, j] = Double(y) + (continuousValues ? rng.nextDouble() : 0)
            }
            for j in 0..<l {
                let signal = j < k ? values[r, j] / Double(sizes[j]) : 0
                codes[r, j] = signal + noise * rng.nextGaussian()
            }
            if mixing > 0 && l > 1 { codes[r, 1] += mixing * codes[r, 0] }
        }
        return try MetricInput(codes: codes, factors: factors, factorValues: values)
    }

    static func permutedCodes(_ input: MetricInput, _ permutation: [Int]) throws -> MetricInput {
        var codes = input.codes
        for r in 0..<codes.rows { for (to, from) in permutation.enumerated() { codes[r, to] = input.codes[r, from] } }
        return try MetricInput(codes: codes, factors: input.factors, factorValues: input.factorValues)
    }
}

@Suite("DCI properties")
struct DCIPropertyTests {
    @Test("perfectly disentangled codes give D, C and informativeness near 1")
    func disentangledCodes() throws {
        let input = try DCISynthetic.input(rows: 450, sizes: [3, 4, 2], noise: 0.01)
        let result = try DCI.compute(input)
        #expect(try #require(result.disentanglement) > 0.95)
        #expect(try #require(result.completeness) > 0.95)
        #expect(try #require(result.informativenessTest) > 0.97)
        #expect(try #require(result.informativenessTrain) > 0.99)
    }

    @Test("entangled codes score lower disentanglement than disentangled ones")
    func entangledCodesScoreLower() throws {
        let clean = try DCI.compute(DCISynthetic.input(rows: 450, sizes: [3, 4], extraCodes: 1, noise: 0.02))
        let mixed = try DCI.compute(DCISynthetic.input(rows: 450, sizes: [3, 4], extraCodes: 1, noise: 0.02, mixing: 3))
        #expect(try #require(mixed.disentanglement) < #require(clean.disentanglement))
    }

    @Test("permuting the code columns permutes the importance rows")
    func permutationEquivariance() throws {
        let input = try DCISynthetic.input(rows: 300, sizes: [3, 5], extraCodes: 2, noise: 0.3)
        let permutation = [2, 0, 3, 1]
        let a = try DCI.compute(input)
        let b = try DCI.compute(DCISynthetic.permutedCodes(input, permutation))
        for (to, from) in permutation.enumerated() {
            for k in 0..<2 { #expect(abs(b.importance[to, k] - a.importance[from, k]) < 1e-12) }
        }
        #expect(a.informativenessTest == b.informativenessTest)
        #expect(abs(try #require(a.disentanglement) - #require(b.disentanglement)) < 1e-12)
    }

    @Test("same seed gives the same result for any thread count")
    func determinism() throws {
        let input = try DCISynthetic.input(rows: 300, sizes: [2, 4], extraCodes: 1, noise: 0.2)
        var one = MetricOptions()
        one.seed = 7
        var two = one
        two.jobs = 2
        let a = try DCI.compute(input, options: one)
        let b = try DCI.compute(input, options: one)
        let c = try DCI.compute(input, options: two)
        #expect(a.importance == b.importance && a.importance == c.importance)
        #expect(a.testInformativeness == c.testInformativeness && a.trainInformativeness == c.trainInformativeness)
    }

    @Test("aggregation: identity importance gives 1, uniform importance gives 0")
    func aggregation() {
        let identity = DCIScores(importance: Matrix([[1, 0, 0], [0, 1, 0], [0, 0, 1]]))
        #expect(abs(identity.disentanglement! - 1) < 1e-8 && abs(identity.completeness! - 1) < 1e-8)
        let uniform = DCIScores(importance: Matrix([[1, 1], [1, 1]]))
        #expect(abs(uniform.disentanglement!) < 1e-12 && abs(uniform.completeness!) < 1e-12)
        let zeros = DCIScores(importance: Matrix(rows: 2, columns: 2))
        #expect(abs(zeros.disentanglement!) < 1e-12)
        #expect(DCIScores(importance: Matrix([[1], [0]])).disentanglement == nil)
    }

    @Test("a factor with one value in the train rows is refused")
    func constantFactorRefused() throws {
        var factors = FactorMatrix(rows: 30, columns: 2, storage: [Int](repeating: 0, count: 60))
        var codes = Matrix(rows: 30, columns: 2)
        for r in 0..<30 { factors[r, 1] = r % 3; codes[r, 0] = Double(r); codes[r, 1] = Double(r % 3) }
        let input = try MetricInput(codes: codes, factors: factors)
        #expect(throws: MetricsInputError.self) { try DCI.compute(input) }
    }

    @Test("Lasso and random-forest importances find the matching code", arguments: [
        MetricOptions.DCIImportance.lasso, .randomForest,
    ])
    func alternativeImportances(model: MetricOptions.DCIImportance) throws {
        let input = try DCISynthetic.input(rows: 450, sizes: [3, 4], extraCodes: 1, noise: 0.02)
        var options = MetricOptions()
        options.dciImportance = model
        let result = try DCI.compute(input, options: options)
        for k in 0..<2 {
            let column = (0..<3).map { result.importance[$0, k] }
            #expect(column.firstIndex(of: column.max()!) == k)
        }
        #expect(try #require(result.disentanglement) > 0.8)
        #expect(try #require(result.informativenessTest) > 0.9)
    }

    @Test("continuous factors: regression DCI gives R^2 near 1 on matching codes", arguments: [
        MetricOptions.DCIImportance.gradientBoostedTrees, .lasso, .randomForest,
    ])
    func continuousFactors(model: MetricOptions.DCIImportance) throws {
        let input = try DCISynthetic.input(rows: 450, sizes: [4, 5], extraCodes: 1, noise: 0.005, continuousValues: true)
        var options = MetricOptions()
        options.continuousFactors = true
        options.dciImportance = model
        let result = try DCI.compute(input, options: options)
        #expect(result.informativenessMeasure == "r2")
        #expect(try #require(result.informativenessTest) > 0.9)
        #expect(try #require(result.disentanglement) > 0.8)
    }
}
