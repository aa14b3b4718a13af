import Testing
import SynCore
@testable import Metrics

/// Small synthetic datasets for the sampling-metric tests: a full-factorial grid of factor
/// indices (last factor fastest), repeated, with codes built from the factors.
enum SamplingTestData {
    /// Factor rows of the grid `sizes`, the whole grid repeated `repeats` times.
    static func grid(_ sizes: [Int], repeats: Int) -> FactorMatrix {
        let combos = sizes.reduce(1, *)
        var rows = [[Int]]()
        for _ in 0..<repeats {
            for i in 0..<combos {
                var rest = i
                var row = [Int](repeating: 0, count: sizes.count)
                for f in stride(from: sizes.count - 1, through: 0, by: -1) {
                    row[f] = rest % sizes[f]
                    rest /= sizes[f]
                }
                rows.append(row)
            }
        }
        return FactorMatrix(rows)
    }

    /// Codes `factor_k + noise * N(0,1)` for every factor, then `nuisance` pure N(0,1) codes.
    static func perfectCodes(_ factors: FactorMatrix, noise: Double, nuisance: Int, seed: UInt64) -> Matrix {
        var rng = Xoshiro256StarStar(seed: seed)
        let l = factors.columns + nuisance
        var out = Matrix(rows: factors.rows, columns: l)
        for i in 0..<factors.rows {
            for f in 0..<factors.columns { out[i, f] = Double(factors[i, f]) + noise * rng.nextGaussian() }
            for c in factors.columns..<l { out[i, c] = rng.nextGaussian() }
        }
        return out
    }

    /// `columns` codes of pure N(0,1) noise.
    static func noiseCodes(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var rng = Xoshiro256StarStar(seed: seed)
        return Matrix(rows: rows, columns: columns, storage: (0..<(rows * columns)).map { _ in rng.nextGaussian() })
    }

    /// The codes with their columns in `order`.
    static func permuted(_ codes: Matrix, _ order: [Int]) -> Matrix {
        var out = Matrix(rows: codes.rows, columns: codes.columns)
        for i in 0..<codes.rows { for c in 0..<codes.columns { out[i, c] = codes[i, order[c]] } }
        return out
    }
}

@Suite struct FactorGroupsTests {
    @Test func indexesRowsByFactorValue() {
        let factors = FactorMatrix([[0, 5], [1, 5], [0, 7], [2, 7], [0, 5]])
        let groups = FactorGroups(factors)
        #expect(groups.values == [[0, 1, 2], [5, 7]])
        #expect(Array(groups.rows(factor: 0, valueIndex: 0)) == [0, 2, 4])
        #expect(Array(groups.rows(factor: 0, valueIndex: 2)) == [3])
        #expect(Array(groups.rows(factor: 1, valueIndex: 1)) == [2, 3])
        #expect(groups.count(factor: 1, valueIndex: 0) == 3)
        #expect(groups.missingCombinations == 2)
        #expect(!groups.isFullFactorial)
        #expect(groups.smallestGroup.factor == 0 && groups.smallestGroup.value == 1 && groups.smallestGroup.rows == 1)
    }

    @Test func fullGridIsAccepted() throws {
        let groups = FactorGroups(SamplingTestData.grid([2, 3, 2], repeats: 1))
        #expect(groups.isFullFactorial)
        #expect(groups.samplingSupport(batchSize: 64) == .fullFactorial)
    }

    @Test func largeGroupsWithoutAFullGridAreAccepted() {
        let rows = Array(repeating: [0, 0], count: 70) + Array(repeating: [0, 1], count: 70)
            + Array(repeating: [1, 0], count: 70)
        let groups = FactorGroups(FactorMatrix(rows))
        #expect(groups.missingCombinations == 1)
        #expect(groups.samplingSupport(batchSize: 64) == .largeGroups)
        #expect(groups.samplingSupport(batchSize: 71) == .insufficient(factor: 0, value: 1, rows: 70, missing: 1))
    }

    @Test func insufficientRowsNameTheFactorAndValue() throws {
        var rows = SamplingTestData.grid([4, 5, 6], repeats: 1)
        rows = rows.rows(0..<100)
        let codes = SamplingTestData.noiseCodes(rows: 100, columns: 3, seed: 1)
        let input = try MetricInput(codes: codes, factors: rows, factorNames: ["pitch", "loudness", "timbre"])
        do {
            _ = try FactorVAE.compute(input)
            Issue.record("FactorVAE accepted rows that cannot support fixed-factor sampling")
        } catch let error as MetricsInputError {
            #expect(error.message.contains("factor_vae: factor 'pitch' value 3 has only 10 rows"))
            #expect(error.message.contains("at least 64 rows"))
        }
        #expect(throws: MetricsInputError.self) { try BetaVAE.compute(input) }
    }
}
