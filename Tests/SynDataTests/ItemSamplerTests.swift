import Testing
import SynCore
@testable import SynData

@Suite struct ItemSamplerTests {
    func factor(_ name: String, _ values: [Double]) -> FactorSpec {
        FactorSpec(name: name, kind: .continuous, unit: "", domain: .discrete(values: values, labels: nil))
    }

    @Test func gridIsMixedRadixWithLastFactorFastest() throws {
        let s = try #require(ItemSampler(factors: [factor("a", [1, 2]), factor("b", [10, 20, 30])], sampling: .grid, seed: 0))
        #expect(s.count == 6)
        var seen: [[Int32]] = []
        for i in 0..<6 { seen.append(s.item(i).indices) }
        #expect(seen == [[0, 0], [0, 1], [0, 2], [1, 0], [1, 1], [1, 2]])
        #expect(s.item(4).values == [2, 20])
        for i in 0..<6 { #expect(s.gridItem(indices: s.item(i).indices.map(Int.init)) == i) }
    }

    @Test func randomSamplingIsPerItemAndInRange() throws {
        let f = [factor("a", [1, 2, 3]),
                 FactorSpec(name: "b", kind: .continuous, unit: "", domain: .uniform(lower: 10, upper: 1000, logScale: true, bins: 4))]
        let s = try #require(ItemSampler(factors: f, sampling: .random(count: 500), seed: 9))
        var binCounts = [0, 0, 0, 0]
        for i in 0..<500 {
            let (idx, v) = s.item(i)
            #expect(v[0] == [1, 2, 3][Int(idx[0])])
            #expect(v[1] >= 10 && v[1] < 1000)
            // bins are equal in log space: bin j covers [10 * 10^(2j/4), 10 * 10^(2(j+1)/4))
            let j = Int(idx[1])
            #expect(v[1] >= 10 * pow10(Double(j) / 2) * (1 - 1e-12) && v[1] < 10 * pow10(Double(j + 1) / 2) * (1 + 1e-12))
            binCounts[j] += 1
            #expect(s.item(i).values == v)
        }
        #expect(binCounts.allSatisfy { $0 > 80 })
        // The draw order is documented: list index first, then the range's uniform.
        var rng = Xoshiro256StarStar.item(seed: 9, index: 17)
        let j = rng.nextInt(below: 3)
        let u = rng.nextDouble()
        #expect(s.item(17).indices == [Int32(j), Int32(min(3, Int(u * 4)))])
    }

    func pow10(_ x: Double) -> Double { _power(10, x) }

    @Test func oversizedGridIsRejected() {
        let big = factor("a", (0..<70_000).map(Double.init))
        #expect(ItemSampler(factors: [big, big], sampling: .grid, seed: 0) == nil)
    }
}
