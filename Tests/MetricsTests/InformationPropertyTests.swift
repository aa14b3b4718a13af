import SynCore
import Testing
@testable import Metrics

/// Small synthetic inputs for property tests.
enum SyntheticCodes {
    /// `n` points, `sizes.count` independent uniform factors, and one code per factor equal to
    /// the factor plus Gaussian noise of `noise`, then `extra` pure-noise codes.
    static func make(n: Int, sizes: [Int], noise: Double, extra: Int = 0, seed: UInt64 = 1) -> (Matrix, FactorMatrix) {
        var rng = Xoshiro256StarStar(seed: seed)
        var f = FactorMatrix(rows: n, columns: sizes.count, storage: [Int](repeating: 0, count: n * sizes.count))
        var z = Matrix(rows: n, columns: sizes.count + extra)
        for r in 0..<n {
            for (k, s) in sizes.enumerated() {
                f[r, k] = rng.nextInt(below: s)
                z[r, k] = Double(f[r, k]) + noise * rng.nextGaussian()
            }
            for e in 0..<extra { z[r, sizes.count + e] = rng.nextGaussian() }
        }
        return (z, f)
    }

    static func input(_ z: Matrix, _ f: FactorMatrix) throws -> MetricInput {
        try MetricInput(codes: z, factors: f)
    }

    /// Columns of `z` in the order `columns`.
    static func columns(_ z: Matrix, _ columns: [Int]) -> Matrix {
        var out = Matrix(rows: z.rows, columns: columns.count)
        for r in 0..<z.rows { for (i, c) in columns.enumerated() { out[r, i] = z[r, c] } }
        return out
    }
}

@Suite("Information metrics: properties")
struct InformationPropertyTests {
    @Test("A disentangled code scores MIG, Modularity and DCIMIG near 1, SAP well above noise")
    func disentangledScoresHigh() throws {
        let (z, f) = SyntheticCodes.make(n: 1500, sizes: [4, 5, 6], noise: 0.01)
        let input = try SyntheticCodes.input(z, f)
        let mig = try #require(try MIG.compute(input).score)
        #expect(mig > 0.9)
        #expect(try #require(try Modularity.compute(input).score) > 0.95)
        #expect(try #require(try DCIMIG.compute(input).score) > 0.9)
        // One-vs-rest linear SVMs on one feature cannot isolate middle classes, so SAP stays
        // well below 1 for multi-valued factors; it must still clearly beat noise (< 0.1).
        let sap = try #require(try SAP.compute(input).score)
        #expect(sap > 0.25, "SAP \(sap)")
    }

    @Test("Pure noise codes score MIG and MIG-sup near 0")
    func noiseScoresLow() throws {
        let (z, f) = SyntheticCodes.make(n: 3000, sizes: [3, 4], noise: 0, extra: 4)
        let noise = SyntheticCodes.columns(z, [2, 3, 4, 5])
        let input = try SyntheticCodes.input(noise, f)
        #expect(try #require(try MIG.compute(input).score) < 0.03)
        #expect(try #require(try MIGSup.compute(input).score) < 0.03)
        #expect(try #require(try SAP.compute(input).score) < 0.1)
    }

    @Test("Permuting code columns changes no score")
    func permutationInvariance() throws {
        let (z, f) = SyntheticCodes.make(n: 900, sizes: [3, 5], noise: 0.8, extra: 2)
        let a = try SyntheticCodes.input(z, f)
        let b = try SyntheticCodes.input(SyntheticCodes.columns(z, [3, 1, 0, 2]), f)
        let pairs: [(Double?, Double?)] = [
            (try MIG.compute(a).score, try MIG.compute(b).score),
            (try SAP.compute(a).score, try SAP.compute(b).score),
            (try Modularity.compute(a).score, try Modularity.compute(b).score),
            (try MIGSup.compute(a).score, try MIGSup.compute(b).score),
            (try DCIMIG.compute(a).score, try DCIMIG.compute(b).score),
            (try JEMMIG.compute(a).score, try JEMMIG.compute(b).score),
            (try UnsupervisedScores.compute(a).meanPairwiseMI, try UnsupervisedScores.compute(b).meanPairwiseMI),
        ]
        for (x, y) in pairs {
            let u = try #require(x), v = try #require(y)
            #expect(abs(u - v) <= 1e-12)
        }
    }

    @Test("Duplicating every code drops MIG to 0")
    func duplicatedCodes() throws {
        let (z, f) = SyntheticCodes.make(n: 800, sizes: [3, 4], noise: 0.05)
        let single = try #require(try MIG.compute(SyntheticCodes.input(z, f)).score)
        #expect(single > 0.8)
        let doubled = try MIG.compute(SyntheticCodes.input(SyntheticCodes.columns(z, [0, 0, 1, 1]), f))
        #expect(try #require(doubled.score) == 0)
    }

    @Test("A constant factor makes its MIG nil with a note; the score averages the others")
    func constantFactor() throws {
        var (z, f) = SyntheticCodes.make(n: 600, sizes: [3, 4], noise: 0.05)
        let full = try MIG.compute(SyntheticCodes.input(z, f))
        for r in 0..<f.rows { f[r, 1] = 7 }
        z = SyntheticCodes.columns(z, [0, 1])
        let result = try MIG.compute(SyntheticCodes.input(z, f))
        #expect(result.perFactor[1] == nil)
        #expect(result.notes.contains { $0.contains("factor_1") && $0.contains("constant") })
        let first = try #require(full.perFactor[0])
        #expect(abs(try #require(result.score) - first) <= 1e-12)
        let sap = try SAP.compute(SyntheticCodes.input(z, f))
        #expect(sap.perFactor[1] == nil && !sap.notes.isEmpty)
    }

    @Test("Bad inputs throw MetricsInputError")
    func badInputs() throws {
        let (z, f) = SyntheticCodes.make(n: 60, sizes: [3, 4], noise: 0.1)
        let oneCode = try SyntheticCodes.input(SyntheticCodes.columns(z, [0]), f)
        #expect(throws: MetricsInputError.self) { try MIG.compute(oneCode) }
        #expect(throws: MetricsInputError.self) { try SAP.compute(oneCode) }
        #expect(throws: MetricsInputError.self) { try JEMMIG.compute(oneCode) }
        let oneFactor = try MetricInput(codes: z, factors: FactorMatrix(rows: 60, columns: 1, storage: f.column(0)))
        #expect(throws: MetricsInputError.self) { try Modularity.compute(oneFactor) }
        #expect(throws: MetricsInputError.self) { try MIGSup.compute(oneFactor) }
        #expect(throws: MetricsInputError.self) { try DCIMIG.compute(oneFactor) }
        var tooManyBins = MetricOptions()
        tooManyBins.bins = .fixed(100)
        #expect(throws: MetricsInputError.self) { try MIG.compute(try SyntheticCodes.input(z, f), options: tooManyBins) }
    }

    @Test("Auto bins stay in range; Miller-Madow raises entropies by (m - 1) / 2n")
    func options() throws {
        let (z, f) = SyntheticCodes.make(n: 1000, sizes: [3, 4], noise: 0.5, extra: 1)
        var auto = MetricOptions()
        auto.bins = .auto
        let info = try InformationMatrix(codes: z, factors: f, options: auto)
        #expect(info.binCounts.allSatisfy { (2...100).contains($0) })
        #expect(Set(info.binCounts).count > 1)
        var mm = MetricOptions()
        mm.millerMadow = true
        let plain = try InformationMatrix(codes: z, factors: f, options: MetricOptions())
        let corrected = try InformationMatrix(codes: z, factors: f, options: mm)
        for k in 0..<2 {
            let m = Double(f.column(k).reduce(into: Set<Int>()) { $0.insert($1) }.count)
            #expect(abs(corrected.factorEntropy[k] - plain.factorEntropy[k] - (m - 1) / 2000) <= 1e-12)
        }
    }
}
