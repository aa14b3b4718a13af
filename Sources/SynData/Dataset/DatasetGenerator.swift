import SynCore

/// A generator of dataset items whose factors are known exactly (SynTone, SynSpeech, ...).
///
/// SynCore drives it: it maps item indices to factor values (``ItemSampler``), asks the
/// generator to render each item into a buffer, and writes files and manifests. The
/// generator sees factor values in the dataset's column order (`factors` of its
/// ``DatasetConfig``); constants are its own business. Implementations must be thread-safe:
/// `render` is called from many threads at once, each with its own stream and buffer.
public protocol DatasetGenerator: Sendable {
    /// Name recorded in dataset.json (`syntone`).
    var generatorName: String { get }
    /// Version recorded in dataset.json; bumped whenever any output byte of an existing
    /// config changes (specs/reproducibility.md).
    var generatorVersion: String { get }
    /// The validated config the generator was made from.
    var config: DatasetConfig { get }
    /// The generator's own resolved keys (e.g. `oscillator`), added to the resolved config.
    var resolvedExtras: [(String, JSONValue)] { get }
    /// The duration in seconds shared by every item, or nil when it varies.
    var fixedDuration: Double? { get }

    /// Number of samples item `values` renders to.
    func sampleCount(values: UnsafeBufferPointer<Double>) -> Int
    /// Upper bound on max |sample| of the item at gain 1 (used for the headroom gain).
    func peak(values: UnsafeBufferPointer<Double>) -> Double
    /// nil when the item can be rendered, otherwise a short reason.
    func problem(values: UnsafeBufferPointer<Double>) -> String?
    /// Renders the item, multiplied by `gain`, into `out` (at least `sampleCount` long),
    /// drawing any randomness from `rng` (the item's stream after the factor draws).
    /// Returns the number of samples written.
    func render(values: UnsafeBufferPointer<Double>, gain: Double, rng: inout Xoshiro256StarStar,
                into out: UnsafeMutableBufferPointer<Float>) -> Int
    /// Column indices of the factors the identifiability report covers (e.g. waveform).
    var identifiabilityChecked: [Int] { get }
    /// Column indices (among ``identifiabilityChecked``) of the factors whose value cannot be
    /// recovered from this item's audio; empty when all can.
    func unidentifiableFactors(values: UnsafeBufferPointer<Double>) -> [Int]
}

extension DatasetGenerator {
    /// The sampler of the config's factors.
    public var sampler: ItemSampler {
        // DatasetConfig.decode has rejected every config this could fail for.
        ItemSampler(factors: config.factors, sampling: config.sampling, seed: config.seed)!
    }

    /// Ground-truth oracle: the audio of the item with these factor indices, at `gain`,
    /// drawing randomness from the stream of the grid item it corresponds to (or of
    /// `item` when given), independent of any stored dataset.
    public func render(factorIndices: [Int], gain: Double = 1, item: Int? = nil) -> [Float]? {
        let factors = config.factors
        guard factorIndices.count == factors.count else { return nil }
        var values = [Double](repeating: 0, count: factors.count)
        for k in factors.indices {
            guard case let .discrete(v, _) = factors[k].domain, factorIndices[k] >= 0,
                  factorIndices[k] < v.count else { return nil }
            values[k] = v[factorIndices[k]]
        }
        let index = item ?? sampler.gridItem(indices: factorIndices) ?? 0
        var rng = sampler.stream(of: index)
        return values.withUnsafeBufferPointer { vb -> [Float] in
            let n = sampleCount(values: vb)
            var out = [Float](repeating: 0, count: n)
            let written = out.withUnsafeMutableBufferPointer { render(values: vb, gain: gain, rng: &rng, into: $0) }
            return Array(out.prefix(written))
        }
    }
}
