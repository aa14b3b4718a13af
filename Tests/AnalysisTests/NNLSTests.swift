import Testing
import SynCore
@testable import Analysis

/// Lawson–Hanson on the Gram matrix: optimality (KKT) on random problems, warm starts that do
/// not change the answer, and a case solvable by hand.
@Suite struct NNLSTests {
    /// A random S [rows, cols] and its Gram matrix.
    static func problem(rows: Int, cols: Int, seed: UInt64) -> (s: [Double], gram: [Double]) {
        var rng = Xoshiro256StarStar(seed: seed)
        let s = (0..<(rows * cols)).map { _ in rng.nextGaussian() }
        var gram = [Double](repeating: 0, count: cols * cols)
        for i in 0..<cols { for j in 0..<cols { for r in 0..<rows { gram[i * cols + j] += s[r * cols + i] * s[r * cols + j] } } }
        return (s, gram)
    }

    @Test func solutionSatisfiesTheKKTConditions() {
        let rows = 30, cols = 20
        let (s, gram) = Self.problem(rows: rows, cols: cols, seed: 3)
        var rng = Xoshiro256StarStar(seed: 4)
        let solver = GramNNLS(gram: gram, size: cols)
        for _ in 0..<20 {
            let t = (0..<rows).map { _ in rng.nextGaussian() }
            var b = [Double](repeating: 0, count: cols)
            for j in 0..<cols { for r in 0..<rows { b[j] += s[r * cols + j] * t[r] } }
            let z = solver.solve(b)
            var active = 0
            for j in 0..<cols {
                var gradient = -b[j]
                for k in 0..<cols { gradient += gram[j * cols + k] * z[k] }
                #expect(z[j] >= 0)
                if z[j] > 0 {
                    active += 1
                    #expect(abs(gradient) < 1e-9)
                } else {
                    #expect(gradient > -1e-9)
                }
            }
            #expect(active > 0 && active < cols)
            // Warm-started from a different problem's passive set: the same solution.
            let other = GramNNLS(gram: gram, size: cols)
            _ = other.solve(b.map { -$0 + 0.3 })
            let warm = other.solve(b, start: .previous)
            for j in 0..<cols { #expect(abs(warm[j] - z[j]) < 1e-9) }
            // Started from the variables with b_j > 0: the same solution.
            let positive = other.solve(b, start: .positiveRightHandSide)
            for j in 0..<cols { #expect(abs(positive[j] - z[j]) < 1e-9) }
            // No b_j > 0: z = 0 is optimal (the gradient -b is non-negative), from any start.
            #expect(other.solve(b.map { -abs($0) }, start: .positiveRightHandSide) == [Double](repeating: 0, count: cols))
        }
    }

    /// More variables than dimensions (H singular, as when a manifold has more points than
    /// dimensions): the b_j > 0 start holds dependent columns, so the factorisation hands the
    /// set to the one-at-a-time path. The solution still meets the KKT conditions, and S z
    /// (unique, unlike z) is the same as from the empty start.
    @Test func singularGramFromThePositiveStartMeetsTheKKTConditions() {
        let rows = 6, cols = 15
        let (s, gram) = Self.problem(rows: rows, cols: cols, seed: 7)
        var rng = Xoshiro256StarStar(seed: 8)
        let solver = GramNNLS(gram: gram, size: cols)
        var sawDependentStart = false
        for _ in 0..<20 {
            let t = (0..<rows).map { _ in rng.nextGaussian() }
            var b = [Double](repeating: 0, count: cols)
            for j in 0..<cols { for r in 0..<rows { b[j] += s[r * cols + j] * t[r] } }
            if b.filter({ $0 > 0 }).count > rows { sawDependentStart = true }
            let z = solver.solve(b, start: .positiveRightHandSide)
            for j in 0..<cols {
                var gradient = -b[j]
                for k in 0..<cols { gradient += gram[j * cols + k] * z[k] }
                #expect(z[j] >= 0)
                if z[j] > 0 { #expect(abs(gradient) < 1e-9) } else { #expect(gradient > -1e-9) }
            }
            let reference = GramNNLS(gram: gram, size: cols).solve(b)
            for r in 0..<rows {
                var fromStart = 0.0, fromEmpty = 0.0
                for j in 0..<cols {
                    fromStart += s[r * cols + j] * z[j]
                    fromEmpty += s[r * cols + j] * reference[j]
                }
                #expect(abs(fromStart - fromEmpty) < 1e-9)
            }
        }
        #expect(sawDependentStart, "no start set larger than the rank: the fallback was not exercised")
    }

    @Test func orthogonalColumnsClipNegativeCoefficients() {
        // H = I: the solution is max(b, 0) componentwise.
        var identity = [Double](repeating: 0, count: 9)
        for i in 0..<3 { identity[i * 3 + i] = 1 }
        let solver = GramNNLS(gram: identity, size: 3)
        #expect(solver.solve([2, -1, 0.5]) == [2, 0, 0.5])
    }

    @Test func factoredGramGivesTheSameSolutionAsTheDenseOne() {
        let rank = 6, count = 15
        var rng = Xoshiro256StarStar(seed: 11)
        let c = (0..<(count * rank)).map { _ in rng.nextGaussian() }
        var dense = [Double](repeating: 0, count: count * count)
        for i in 0..<count { for j in 0..<count {
            var v = 1.0
            for k in 0..<rank { v += c[i * rank + k] * c[j * rank + k] }
            dense[i * count + j] = v
        } }
        let b = (0..<count).map { _ in rng.nextGaussian() }
        let a = GramNNLS(gram: dense, size: count)
        let f = GramNNLS(operator: .factored(rows: c, rank: rank, offset: 1), size: count)
        let za = a.solve(b), zf = f.solve(b)
        for j in 0..<count { #expect(abs(za[j] - zf[j]) < 1e-9) }
    }

    @Test func pivotedCholeskyReproducesARankDeficientGram() {
        let (_, gram) = Self.problem(rows: 4, cols: 9, seed: 5)
        let root = PivotedCholesky(gram: gram, size: 9)
        #expect(root.rank == 4)
        for i in 0..<9 { for j in 0..<9 {
            var v = 0.0
            for k in 0..<root.rank { v += root.factor[k * 9 + i] * root.factor[k * 9 + j] }
            #expect(abs(v - gram[i * 9 + j]) < 1e-9 * max(1, abs(gram[i * 9 + j])))
        } }
    }
}
