import SynCore
import Testing
@testable import Metrics

@Suite("Bootstrap percentile intervals")
struct BootstrapTests {
    struct Failure: Error {}

    static let data: [Double] = {
        var rng = Xoshiro256StarStar(seed: 11)
        return (0..<400).map { _ in rng.nextGaussian() }
    }()

    static func mean(_ idx: [Int]) -> [Double?] {
        [idx.reduce(0) { $0 + data[$1] } / Double(idx.count), nil]
    }

    @Test("Same seed, same intervals whatever the job count; the mean's interval covers it")
    func deterministic() throws {
        let a = Bootstrap.intervals(points: 400, resamples: 200, seed: 5, jobs: 1, compute: BootstrapTests.mean)
        let b = Bootstrap.intervals(points: 400, resamples: 200, seed: 5, jobs: 2, compute: BootstrapTests.mean)
        let c = Bootstrap.intervals(points: 400, resamples: 200, seed: 6, jobs: 2, compute: BootstrapTests.mean)
        let ia = try #require(a[0]), ib = try #require(b[0]), ic = try #require(c[0])
        #expect(ia.lower == ib.lower && ia.upper == ib.upper)
        #expect(ia.lower != ic.lower)
        let full = BootstrapTests.data.reduce(0, +) / 400
        #expect(ia.lower < full && full < ia.upper)
        // Standard error of a mean of 400 unit normals is 0.05: the 95% interval spans ~0.2.
        #expect(ia.upper - ia.lower > 0.12 && ia.upper - ia.lower < 0.28)
        #expect(a[1] == nil)
    }

    @Test("An error from one resample propagates")
    func errorsPropagate() {
        #expect(throws: Failure.self) {
            _ = try Bootstrap.intervals(points: 10, resamples: 8, seed: 1, jobs: 2) { idx in
                if idx[0] == Bootstrap.indices(points: 10, resample: 3, seed: 1)[0] { throw Failure() }
                return [1]
            }
        }
    }
}
