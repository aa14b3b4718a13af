import Testing
@testable import Metrics

@Suite("Histogram discretizer and plug-in mutual information")
struct HistogramDiscretizerTests {
    @Test("Labels follow the reference rule: count of edges lo + k*step at or below x")
    func referenceRule() {
        let x = [0.3, -1.7, 2.25, 0.0, 2.25, -1.7, 1.1, 0.55, -0.2, 1.6]
        let bins = 7
        let labels = HistogramDiscretizer.labels(x, bins: bins)
        let lo = x.min()!, hi = x.max()!
        let step = (hi - lo) / Double(bins)
        let edges = (0..<bins).map { Double($0) * step + lo }
        for (v, label) in zip(x, labels) {
            #expect(label == edges.filter { $0 <= v }.count)
        }
        #expect(labels[1] == 1 && labels[2] == bins)
    }

    @Test("A value exactly on an edge goes to the upper bin; a constant code gets one label")
    func edgesAndConstants() {
        let labels = HistogramDiscretizer.labels([0, 1, 2, 3, 4], bins: 4)
        #expect(labels == [1, 2, 3, 4, 4])
        let constant = HistogramDiscretizer.labels([5, 5, 5], bins: 20)
        #expect(Set(constant).count == 1 && (1...20).contains(constant[0]))
        #expect(HistogramDiscretizer.autoBinCount([5, 5, 5]) == 1)
    }

    @Test("I(y; y) = H(y) = log m for a uniform labelling; independent labels give 0")
    func mutualInformationBasics() {
        let y = DenseLabels((0..<120).map { $0 % 4 })
        #expect(abs(MutualInformation.entropy(y) - log(4.0)) <= 1e-12)
        #expect(abs(MutualInformation.nats(y, y) - log(4.0)) <= 1e-12)
        let other = DenseLabels((0..<120).map { ($0 / 4) % 3 })
        #expect(MutualInformation.nats(y, other) == 0)
        #expect(abs(MutualInformation.entropy(y, millerMadow: true) - log(4.0) - 3.0 / 240) <= 1e-12)
        #expect(MutualInformation.nats(y, DenseLabels([Int](repeating: 9, count: 120))) == 0)
    }

    @Test("Dense labels rank arbitrary integers as np.unique does")
    func denseLabels() {
        let a = DenseLabels([40, 7, 1_000_000_000, 7, 40])
        #expect(a.codes == [1, 0, 2, 0, 1] && a.values == [7, 40, 1_000_000_000] && a.count == 3)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
