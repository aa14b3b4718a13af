import SynCore
import Testing
@testable import Metrics

@Suite("Unsupervised scores")
struct UnsupervisedScoresTests {
    @Test("Two codes: total correlation equals -1/2 log(1 - r^2)")
    func twoCodeTotalCorrelation() throws {
        let (z, f) = SyntheticCodes.make(n: 500, sizes: [3, 3], noise: 0.7)
        let pair = SyntheticCodes.columns(z, [0, 1])
        var mixed = pair
        for r in 0..<mixed.rows { mixed[r, 1] += 0.6 * mixed[r, 0] }
        let result = try UnsupervisedScores.compute(SyntheticCodes.input(mixed, f))
        let c = UnsupervisedScores.covariance(mixed)
        let r2 = c[1] * c[1] / (c[0] * c[3])
        #expect(abs(try #require(result.totalCorrelation) + 0.5 * log(1 - r2)) <= 1e-12)
        #expect(result.wassersteinCorrelation > 0)
    }

    @Test("Uncorrelated codes have zero Wasserstein correlation; a constant code makes TC nil")
    func diagonalAndSingular() throws {
        let z = Matrix([[1, 1], [-1, 1], [1, -1], [-1, -1]])
        let f = FactorMatrix([[0], [1], [0], [1]])
        var options = MetricOptions()
        options.bins = .fixed(2)
        let result = try UnsupervisedScores.compute(try MetricInput(codes: z, factors: f), options: options)
        #expect(abs(result.wassersteinCorrelation) <= 1e-12)
        #expect(abs(try #require(result.totalCorrelation)) <= 1e-12)
        let constant = Matrix([[1, 3], [-1, 3], [1, 3], [-1, 3]])
        let singular = try UnsupervisedScores.compute(try MetricInput(codes: constant, factors: f), options: options)
        #expect(singular.totalCorrelation == nil && !singular.notes.isEmpty)
    }

    @Test("Jacobi eigenvalues and LU log-determinant agree with a hand-solved 2x2")
    func linearAlgebra() throws {
        let a = [2.0, 1, 1, 2]
        let eig = SmallLinearAlgebra.symmetricEigenvalues(a, n: 2)
        #expect(abs(eig[0] - 1) <= 1e-14 && abs(eig[1] - 3) <= 1e-14)
        #expect(abs(try #require(SmallLinearAlgebra.logAbsDeterminant(a, n: 2)) - log(3.0)) <= 1e-14)
        #expect(SmallLinearAlgebra.logAbsDeterminant([1, 2, 2, 4], n: 2) == nil)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
