import Foundation
import Neural
import SynCore

/// A trained encoder loaded from a `checkpoint.safetensors` or `model.safetensors` written by
/// `synbench train` (the architecture, latent size and input shape are in its metadata).
public final class CheckpointEncoder {
    /// The depth prefix of a `--layers` file, two digits at least (`00_`, `05_`, `12_`), so the
    /// files sort in depth order.
    static func layerFileStem(_ depth: Int) -> String {
        depth < 10 ? "0\(depth)_" : "\(depth)_"
    }

    /// The model with the checkpoint's weights.
    public let model: GaussianVAE
    /// How the training features were made (nil for checkpoints trained on a features file
    /// without its sidecar JSON).
    public let recipe: FeatureRecipe?

    /// Whether the decoder's weights were loaded (a VAE checkpoint opened with `decoder`).
    public let hasDecoder: Bool

    /// Loads `path`: the encoder and `mu`, and with `decoder` also `dfc.*` and `dec.*` when
    /// the file holds them (Barlow Twins checkpoints have none).
    ///
    /// - Throws: ``SafeTensorsError`` for a truncated or foreign file, ``CheckpointMismatchError``
    ///   when its metadata or tensors do not describe one of our architectures.
    public init(path: String, decoder: Bool = false) throws {
        let (tensors, meta) = try SafeTensors.read(path: path)
        guard let archName = meta["architecture"], let architecture = VAEArchitecture(rawValue: archName),
              let latents = meta["latents"].flatMap({ Int($0) }), latents > 0,
              let input = meta["input"]?.split(separator: "x").compactMap({ Int($0) }), input.count == 3, input[0] == 1 else {
            throw CheckpointMismatchError("\(path): not a synbench checkpoint (no architecture, latents and input in its metadata)")
        }
        recipe = try FeatureRecipe(metadata: meta, source: path)
        var rng = Xoshiro256StarStar(seed: 0)
        do {
            model = try GaussianVAE(architecture, latent: latents, height: input[1], width: input[2], rng: &rng)
        } catch {
            throw CheckpointMismatchError("\(path): \(error)")
        }
        var byName: [String: SafeTensor] = [:]
        for t in tensors { byName[t.name] = t }
        // Only the encoder and `mu` are needed (a Barlow Twins checkpoint has no decoder).
        let needed = model.encoder.parameters + model.meanHead.parameters
        for p in needed {
            guard let t = byName[p.name] else { throw CheckpointMismatchError("\(path): no tensor '\(p.name)' for \(archName)") }
            guard t.shape == p.value.shape else {
                throw CheckpointMismatchError("\(path): tensor '\(p.name)' has shape \(t.shape); \(archName) needs \(p.value.shape)")
            }
        }
        for p in needed { if let t = byName[p.name] { p.value.assign(t.values) } }
        let decoderParameters = model.decoder.parameters
        let decoderPresent = decoder && !decoderParameters.isEmpty
            && decoderParameters.allSatisfy { byName[$0.name]?.shape == $0.value.shape }
        if decoderPresent {
            for p in decoderParameters { if let t = byName[p.name] { p.value.assign(t.values) } }
        }
        hasDecoder = decoderPresent
    }

    /// Decodes latent vectors `z` (`[N, latent]` row-major) to features in the [0, 1] range
    /// of the training data: the sigmoid output of syntone-paper, the sigmoid of the logits
    /// of burgess64 and mlp. Needs ``hasDecoder``.
    public func decode(_ z: [Float]) -> [Float] {
        precondition(hasDecoder, "CheckpointEncoder.decode: the decoder was not loaded")
        let n = z.count / model.latent
        let input = Tensor(shape: [n, model.latent])
        input.assign(z)
        let output = NeuralThreads.withBLASOnOneThread { model.decoder.forward(input).values }
        guard model.architecture != .syntonePaper else { return output }
        return output.map { 1 / (1 + exp(-$0)) }
    }

    /// The input height and width.
    public var inputShape: (height: Int, width: Int) { (model.height, model.width) }

    /// The names of the encoder's layers as ``encode(_:batchSize:layers:keeping:)`` gives them:
    /// `<index>_<layer>` (the parameter prefix for layers with parameters, else the kind),
    /// ending with `mu`.
    public var layerNames: [String] {
        model.encoder.layers.enumerated().map { k, layer in
            Self.layerFileStem(k) + (layer.parameters.first.map { String($0.name.split(separator: ".").dropLast().joined(separator: ".")) }
                ?? String(describing: type(of: layer)).lowercased())
        } + [Self.layerFileStem(model.encoder.layers.count) + "mu"]
    }

    /// Encodes `features` in batches of `batchSize`: the posterior means `[N, latent]` and,
    /// when `layers` is set, every encoder layer's output flattened to `[N, features]`, named
    /// as ``layerNames``; with `keeping`, only the layers of those names are collected (a
    /// conv layer of 32,000 items can take gigabytes). Runs with OpenBLAS on one thread, as
    /// training does, so the codes do not depend on any thread count.
    public func encode(_ features: FeatureMatrix, batchSize: Int = 256, layers: Bool = false, keeping: Set<String>? = nil)
        -> (codes: [Float], layers: [(name: String, width: Int, values: [Float])]) {
        NeuralThreads.withBLASOnOneThread { encodeBatches(features, batchSize: batchSize, layers: layers, keeping: keeping) }
    }

    /// ``encode(_:batchSize:layers:keeping:)``'s batches, once OpenBLAS is on one thread.
    private func encodeBatches(_ features: FeatureMatrix, batchSize: Int, layers: Bool, keeping: Set<String>?)
        -> (codes: [Float], layers: [(name: String, width: Int, values: [Float])]) {
        let names = layerNames
        let plane = features.height * features.width
        let batch = Tensor(shape: [0])
        var codes: [Float] = []
        var outputs: [(name: String, width: Int, values: [Float])] = []
        var start = 0
        while start < features.count {
            let n = min(batchSize, features.count - start)
            batch.reshape([n, 1, features.height, features.width])
            batch.assign(Array(features.values[(start * plane)..<((start + n) * plane)]))
            if layers {
                var h = batch
                var kept = 0
                for (k, layer) in model.encoder.layers.enumerated() {
                    h = layer.forward(h)
                    if keeping?.contains(names[k]) ?? true {
                        record(&outputs, index: kept, name: names[k], tensor: h, n: n)
                        kept += 1
                    }
                }
                let mu = model.meanHead.forward(h)
                if keeping?.contains(names[names.count - 1]) ?? true {
                    record(&outputs, index: kept, name: names[names.count - 1], tensor: mu, n: n)
                }
                codes += mu.values
            } else {
                codes += model.encode(batch).mean.values
            }
            start += n
        }
        return (codes, outputs)
    }

    private func record(_ outputs: inout [(name: String, width: Int, values: [Float])], index: Int, name: String, tensor: Tensor, n: Int) {
        if outputs.count <= index { outputs.append((name, tensor.count / max(n, 1), [])) }
        outputs[index].values += tensor.values
    }
}
