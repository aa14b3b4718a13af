import DSP
import Foundation
import SynCore
import SynData

extension CheckpointEncoder {
    /// The encoder's input features for `dataset`: a features `.npy` as is, or a dataset
    /// folder featurised as the training features were (the checkpoint's ``recipe``: preset,
    /// log, fit and the training statistics, not refitted), or, for a checkpoint without a
    /// recipe, with the preset whose shape matches it, fitted on the dataset (through a
    /// temporary file in `scratchFolder`, removed afterwards).
    ///
    /// - Throws: ``SynCore/InputError`` when no preset gives the checkpoint's input shape or the
    ///   features' shape differs from it.
    public func features(for dataset: String, scratchFolder: String, jobs: Int, quiet: Bool) throws -> FeatureMatrix {
        let (h, w) = inputShape
        let features: FeatureMatrix
        if dataset.hasSuffix(".npy") {
            features = try FeatureMatrix(npy: dataset)
        } else {
            let options: FeatureOptions
            if let recipe {
                options = recipe.options(jobs: jobs, quiet: quiet)
            } else {
                guard let preset = FeaturePreset.all.first(where: { $0.melCount == h && $0.frameCount == w }) else {
                    throw InputError("\(dataset): no feature preset gives the checkpoint's input 1 x \(h) x \(w); pass a features .npy")
                }
                if !quiet {
                    FileHandle.standardError.write(Data("note: the checkpoint does not record its training features' normalisation; fitting it on \(dataset)\n".utf8))
                }
                options = FeatureOptions(preset: preset, jobs: jobs, quiet: quiet)
            }
            let temp = scratchFolder + "/.encode-features-\(getpid()).npy"
            defer { FileOps.remove(temp); FileOps.remove(DatasetFeatures.sidecarPath(for: temp)) }
            try DatasetFeatures.extract(folder: dataset, to: temp, options: options)
            features = try FeatureMatrix(npy: temp)
        }
        guard features.height == h, features.width == w else {
            throw InputError("\(dataset): features are 1 x \(features.height) x \(features.width); the checkpoint's encoder needs 1 x \(h) x \(w)")
        }
        return features
    }

    /// Every encoder layer's activations as float32 `[N, width]` (the input features first, then
    /// each layer and `mu`, as `encode --layers` writes them), for the layer-wise analysis to
    /// convert one layer at a time; with `keeping`, only the named ones (`input` and
    /// ``layerNames``), so unwanted wide layers are never held.
    public func analysisLayers(_ features: FeatureMatrix, keeping: Set<String>? = nil) -> [(name: String, width: Int, values: [Float])] {
        let result = encode(features, layers: true, keeping: keeping)
        let input: [(name: String, width: Int, values: [Float])] = keeping?.contains("input") ?? true
            ? [("input", features.height * features.width, features.values)] : []
        return input + result.layers
    }
}
