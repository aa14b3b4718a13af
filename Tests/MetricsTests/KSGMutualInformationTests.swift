import SynCore
import Testing
@testable import Metrics

@Suite("KSG mutual information and continuous-factor MIG")
struct KSGMutualInformationTests {
    @Test("Bivariate Gaussian: estimate near -1/2 log(1 - rho^2)")
    func gaussian() {
        var rng = Xoshiro256StarStar(seed: 3)
        let rho = 0.8
        var x = [Double](), y = [Double]()
        for _ in 0..<2000 {
            let a = rng.nextGaussian(), b = rng.nextGaussian()
            x.append(a)
            y.append(rho * a + (1 - rho * rho).squareRoot() * b)
        }
        let truth = -0.5 * log(1 - rho * rho)
        #expect(abs(KSGMutualInformation.nats(x, y) - truth) < 0.05)
        let shuffled = y.shuffled(using: &rng)
        #expect(KSGMutualInformation.nats(x, shuffled) < 0.03)
    }

    @Test("Counting is strict at the k-th neighbour distance, as scikit-learn's nextafter radius")
    func strictCount() {
        [0.0, 1, 2, 3].withUnsafeBufferPointer { v in
            #expect(KSGMutualInformation.countWithin(v, center: 1, radius: 1.0.nextDown) == 1)
            #expect(KSGMutualInformation.countWithin(v, center: 1, radius: 1) == 3)
        }
    }

    @Test("Continuous MIG uses factor values and rewards the matching code")
    func continuousMIG() throws {
        let (z, f) = SyntheticCodes.make(n: 800, sizes: [10, 12], noise: 0.2, extra: 1)
        var options = MetricOptions()
        options.continuousFactors = true
        let result = try MIG.compute(SyntheticCodes.input(z, f), options: options)
        #expect(try #require(result.score) > 0.3)
        #expect(result.mutualInformation[0, 0] > result.mutualInformation[1, 0])
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
