import Metrics
import Testing
@testable import Analysis

/// Prediction depth on a constructed case whose k-NN predictions are known at every layer.
@Suite struct PredictionDepthTests {
    /// Two clusters per layer (at 0 and 100) on one feature. 40 anchor items (label i % 2)
    /// sit densely in their class's cluster at every layer; four groups of two items (labels
    /// 0 and 1) sit alone between anchors, in the other class's cluster at the layers their
    /// schedule marks wrong. With k = 3 an item's neighbours are anchors, so its prediction is
    /// the class of the cluster it sits in.
    static let schedules: [[Bool]] = [
        [true, true, false],   // decided at the last layer
        [false, false, true],  // right early, wrong at the end
        [true, false, false],  // decided at the middle layer
        [false, true, false],  // right, wrong, right
    ]

    static func layers() -> (layers: [Matrix], labels: [Int]) {
        var labels = (0..<40).map { $0 % 2 }
        for _ in schedules { labels += [0, 1] }
        let layers = (0..<3).map { layer -> Matrix in
            var values: [Double] = []
            for i in 0..<40 { values.append(Double(labels[i]) * 100 + 0.1 * Double(i / 2)) }
            for (g, schedule) in schedules.enumerated() {
                for label in [0, 1] {
                    let cluster = schedule[layer] ? 1 - label : label
                    values.append(Double(cluster) * 100 + 0.05 + 0.5 * Double(g))
                }
            }
            return Matrix(rows: values.count, columns: 1, storage: values)
        }
        return (layers, labels)
    }

    @Test func depthsOfTheConstructedCase() {
        let (layers, labels) = Self.layers()
        let split = ProbeSplit(train: Array(0..<labels.count), test: [])
        let predictions = PredictionDepth.predictions(layers: layers, labels: labels, split: split, k: 3, standardize: false)
        let final = PredictionDepth.depths(predictions: predictions, labels: labels, variant: .final)
        let truth = PredictionDepth.depths(predictions: predictions, labels: labels, variant: .truth)
        #expect(Array(final[0..<40]) == [Int](repeating: 0, count: 40))
        #expect(Array(truth[0..<40]) == [Int](repeating: 0, count: 40))
        #expect(Array(final[40...]) == [2, 2, 2, 2, 1, 1, 2, 2])
        #expect(Array(truth[40...]) == [2, 2, PredictionDepth.never, PredictionDepth.never, 1, 1, 2, 2])
    }

    @Test func depthsFromGivenPredictions() {
        // Three items over four layers.
        let predictions = [[1, 0, 2], [1, 1, 2], [0, 1, 2], [1, 1, 0]]
        #expect(PredictionDepth.depths(predictions: predictions, labels: [1, 1, 2], variant: .final) == [3, 1, 3])
        #expect(PredictionDepth.depths(predictions: predictions, labels: [1, 1, 2], variant: .truth) == [3, 1, PredictionDepth.never])
    }
}
