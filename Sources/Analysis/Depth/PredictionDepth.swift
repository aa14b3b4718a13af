import Metrics

/// Prediction depth per item (Baldock, Maennel & Neyshabur, NeurIPS 2021): k-NN probes after
/// every layer, with the training split (and its labels) as support; an item's depth is the
/// first layer from which every later probe agrees with the target.
public enum PredictionDepth {
    /// What the layer-wise predictions must agree with.
    public enum Variant: String, Sendable, CaseIterable {
        /// The last layer's own k-NN prediction (Baldock et al.); always defined.
        case final
        /// The true label; undefined (``PredictionDepth/never``) when the last layer is wrong.
        case truth
    }

    /// The depth written for an item that no suffix of layers predicts correctly (`truth`).
    public static let never = -1

    /// The k-NN prediction of every item after every layer, `[layer][item]`. Support rows are
    /// the training split; a training item is predicted without itself (leave-one-out), since
    /// its own label would otherwise always vote for it.
    public static func predictions(layers: [Matrix], labels: [Int], split: ProbeSplit, k: Int = 30,
                                   distance: NearestNeighbourProbe.Distance = .euclidean,
                                   standardize: Bool = true) -> [[Int]] {
        layers.map { layer in
            let all = Array(0..<layer.rows)
            let x = standardize ? Standardizer(layer, rows: split.train).apply(layer, rows: all) : layer
            return NeighbourVote.predict(x, support: split.train, labels: labels, queries: all, k: k,
                                         distance: distance, excludeSelf: true)
        }
    }

    /// Depths (0-based layer indices) from layer-wise predictions `[layer][item]`.
    public static func depths(predictions: [[Int]], labels: [Int], variant: Variant) -> [Int] {
        guard let last = predictions.last else { return [] }
        return (0..<labels.count).map { item in
            let target = variant == .final ? last[item] : labels[item]
            var depth = predictions.count
            for layer in stride(from: predictions.count - 1, through: 0, by: -1) {
                guard predictions[layer][item] == target else { break }
                depth = layer
            }
            return depth == predictions.count ? never : depth
        }
    }
}
