import Metrics
import SynCore
import Testing
@testable import Analysis

/// MFTMA and the simulated capacity on Gaussian manifolds, against the theory and against the
/// numpy/scipy reference (scripts/mftma_reference.py).
@Suite struct ManifoldTests {
    /// P manifolds of M standard Gaussian points in N dimensions.
    static func gaussianManifolds(_ p: Int, _ m: Int, _ n: Int, seed: UInt64) -> [Matrix] {
        var rng = Xoshiro256StarStar(seed: seed)
        return (0..<p).map { _ in Matrix(rows: m, columns: n, storage: (0..<(m * n)).map { _ in rng.nextGaussian() }) }
    }

    static func options(tCount: Int, seed: UInt64 = 0) -> ManifoldAnalysis.Options {
        var o = ManifoldAnalysis.Options()
        o.tCount = tCount
        o.seed = seed
        o.jobs = 2
        return o
    }

    /// Reference values for P = 20, M = 20, N = 1000, n_t = 200, mean (sd) over 5 fresh data
    /// sets: `python3 scripts/mftma_reference.py --gaussian 20 20 1000 --n-t 200 --repeats 5
    /// --seed 1` printed capacity 0.098956 (0.00044), radius 1.49978 (0.0056), dimension
    /// 14.1218 (0.043), centre correlation 0.05372 (0.00026). The full README example
    /// (P = 100, M = 50, N = 5000, n_t = 200: 0.040, 1.47, 36.2) is checked in release by
    /// scripts/bench-analysis.sh, being too slow for a debug unit test.
    @Test func smallGaussianExampleMatchesTheNumPyReferenceWithin3Percent() {
        let g = ManifoldAnalysis.analyze(Self.gaussianManifolds(20, 20, 1000, seed: 1), options: Self.options(tCount: 200))
        #expect(abs(g.capacity / 0.098956 - 1) < 0.03)
        #expect(abs(g.radius / 1.49978 - 1) < 0.03)
        #expect(abs(g.dimension / 14.1218 - 1) < 0.03)
        #expect(abs(g.centreCorrelation / 0.05372 - 1) < 0.03)
        // Self-consistency of the theory: alpha ~ (1 + R^-2) / D.
        let predicted = (1 + 1 / (g.radius * g.radius)) / g.dimension
        #expect(abs(g.capacity / predicted - 1) < 0.05)
    }

    /// M points in general position with M << N: each manifold takes the room of M points, and
    /// Cover's capacity of points is 2, so alpha ~ 2 / M.
    @Test func gaussianCloudsHaveCapacityNearTwoOverM() {
        let g = ManifoldAnalysis.analyze(Self.gaussianManifolds(10, 10, 2000, seed: 2), options: Self.options(tCount: 200))
        #expect(abs(g.capacity / 0.2 - 1) < 0.05)
        #expect(g.capacities.count == 10)
    }

    /// A perturbation of the sample changes the result, and the seed fixes it.
    @Test func resultsAreSeededAndDependOnTheData() {
        let data = Self.gaussianManifolds(6, 8, 200, seed: 3)
        let a = ManifoldAnalysis.analyze(data, options: Self.options(tCount: 50, seed: 1))
        let b = ManifoldAnalysis.analyze(data, options: Self.options(tCount: 50, seed: 1))
        let c = ManifoldAnalysis.analyze(data, options: Self.options(tCount: 50, seed: 2))
        #expect(a == b)
        #expect(a.capacity != c.capacity)
        // Shrinking every manifold towards its centre raises the capacity and cuts the radius.
        let tight = data.map { manifold -> Matrix in
            var out = manifold
            let n = manifold.columns
            for c in 0..<n {
                var mean = 0.0
                for r in 0..<manifold.rows { mean += manifold[r, c] }
                mean /= Double(manifold.rows)
                for r in 0..<manifold.rows { out[r, c] = mean + 0.3 * (manifold[r, c] - mean) }
            }
            return out
        }
        let d = ManifoldAnalysis.analyze(tight, options: Self.options(tCount: 50, seed: 1))
        #expect(d.capacity > 2 * a.capacity)
        #expect(d.radius < 0.5 * a.radius)
    }

    /// Simulated capacity of Gaussian manifolds within 10 % of the mean-field theory.
    @Test func simulatedCapacityAgreesWithTheTheoryWithin10Percent() {
        let data = Self.gaussianManifolds(24, 5, 400, seed: 4)
        let theory = ManifoldAnalysis.analyze(data, options: Self.options(tCount: 300))
        var options = SimulatedCapacity.Options()
        options.draws = 100
        options.jobs = 2
        let simulated = SimulatedCapacity.estimate(data, options: options)
        let alpha = simulated.capacity ?? 0
        #expect(abs(alpha / theory.capacity - 1) < 0.10, "simulated \(alpha), theory \(theory.capacity)")
    }

    @Test func samplingRefusesTooFewClassesOrItems() throws {
        #expect(throws: AnalysisInputError.self) {
            try ManifoldSample.draw(labels: [0, 0, 1, 1], factor: "f", maxClasses: 50, perClass: 2, seed: 0)
        }
        #expect(throws: AnalysisInputError.self) {
            try ManifoldSample.draw(labels: [0, 0, 1, 1, 2], factor: "f", maxClasses: 50, perClass: 2, seed: 0)
        }
        let sample = try ManifoldSample.draw(labels: (0..<60).map { $0 % 6 }, factor: "f", maxClasses: 4, perClass: 5, seed: 9)
        #expect(sample.classes.count == 4)
        #expect(sample.members.allSatisfy { $0.count == 5 })
        for (label, rows) in zip(sample.classes, sample.members) { #expect(rows.allSatisfy { $0 % 6 == label }) }
    }

    @Test func randomProjectionHasUnitNormRows() {
        // Projecting the identity returns W^T: each column of the result is one row of W.
        var identity = Matrix(rows: 30, columns: 30)
        for i in 0..<30 { identity[i, i] = 1 }
        let w = RandomProjection.apply(identity, width: 12, seed: 5)
        for c in 0..<12 {
            let norm = (0..<30).reduce(0) { $0 + w[$1, c] * w[$1, c] }
            #expect(abs(norm - 1) < 1e-12)
        }
    }

    /// The gradient of the centre-correlation cost against central differences.
    @Test func centreCorrelationCostGradientMatchesFiniteDifferences() {
        var rng = Xoshiro256StarStar(seed: 6)
        let p = 7, k0 = 6, k = 2
        let x = (0..<(p * k0)).map { _ in rng.nextGaussian() }
        let v = orthonormalColumns((0..<(k0 * k)).map { _ in rng.nextGaussian() }, rows: k0, columns: k)
        let (_, gradient) = StiefelDescent.costAndGradient(x: x, rows: p, columns: k0, v: v, k: k)
        let h = 1e-6
        for i in 0..<(k0 * k) {
            var plus = v, minus = v
            plus[i] += h
            minus[i] -= h
            let numeric = (StiefelDescent.costAndGradient(x: x, rows: p, columns: k0, v: plus, k: k).0
                - StiefelDescent.costAndGradient(x: x, rows: p, columns: k0, v: minus, k: k).0) / (2 * h)
            #expect(abs(numeric - gradient[i]) < 1e-5 * max(1, abs(numeric)))
        }
    }

    /// Centres sharing one strong common direction are highly correlated; removing the
    /// low-rank centre structure lowers what the analysis sees.
    @Test func centreCorrelationRemovalFindsASharedDirection() {
        var data = Self.gaussianManifolds(8, 6, 60, seed: 7)
        var rng = Xoshiro256StarStar(seed: 8)
        let shared = (0..<60).map { _ in rng.nextGaussian() }
        for i in 0..<8 {
            let weight = 3 + Double(i)
            for r in 0..<6 { for c in 0..<60 { data[i][r, c] += weight * shared[c] } }
        }
        var options = Self.options(tCount: 40)
        let plain = ManifoldAnalysis.analyze(data, options: options)
        options.removeCentreCorrelation = true
        let removed = ManifoldAnalysis.analyze(data, options: options)
        #expect(plain.centreCorrelation > 0.3)
        #expect(removed.removedCentreRank >= 1)
        #expect(removed.capacity != plain.capacity)
    }
}
