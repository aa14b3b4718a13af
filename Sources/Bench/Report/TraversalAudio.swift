import DSP
import SynCore

/// The affine map from normalised features back to log-mel values: log-mel = y / scale + shift
/// (the inverse of the dataset-wide normalisation y = (log-mel - shift) * scale that
/// ``DatasetFeatures`` applies; a zero scale, a constant dataset, gives `shift`).
public struct LogMelScaling: Sendable, Equatable {
    /// The log-mel value that normalises to 0 (minmax: the dataset minimum; standard: the mean).
    public var shift: Double
    /// The normalisation's factor (minmax: 1 / (max - min); standard: 1 / std).
    public var scale: Double

    /// Makes the map from its constants (as recorded in the features' sidecar JSON).
    public init(shift: Double, scale: Double) {
        self.shift = shift
        self.scale = scale
    }

    /// The map undoing `normalization` with the constants of `summary` (the value
    /// ``DatasetFeatures/extract(folder:to:options:)`` returns).
    public init(normalization: FeatureNormalization, summary: FeatureSummary) {
        let constants = NormalizationConstants(summary.statistics, normalization: normalization)
        self.init(shift: constants.shift, scale: constants.scale)
    }

    /// No normalisation: features are log-mel values.
    public static let identity = LogMelScaling(shift: 0, scale: 1)

    /// The log-mel value of normalised feature `y`.
    public func logMel(_ y: Float) -> Float {
        scale == 0 ? Float(shift) : Float(Double(y) / scale + shift)
    }
}

/// Audio for latent traversals: decoded (normalised) log-mel spectrograms back to sound with
/// ``DSP/LogMelInverter`` (mel inversion, then 32 fast Griffin-Lim iterations, seeded), so the
/// runner passes only what its decoder produced, the feature preset and the normalisation.
///
/// One latent's traversal becomes one clip: the values' spectrograms in order (-3 ... 3), each
/// inverted separately, joined by short silences so the steps are audible, and peak-normalised
/// together to 0.9 so loudness differences between the steps stay audible. The spectrograms
/// are inverted on `jobs` threads, one inverter per thread; the result does not depend on
/// `jobs`.
public enum TraversalAudio {
    /// The clip of one latent's traversal: `logMels` are the decoded features per traversal
    /// value, each `preset.melCount` x `width` row-major (band-major) and normalised as
    /// `scaling` undoes; `compression` is the features' log; `gapSeconds` of silence separate
    /// the steps. Samples at `sampleRate` Hz. Throws ``DSP/FeatureParameterError`` when the
    /// preset cannot work at this rate.
    public static func render(logMels: [[Float]], width: Int, preset: FeaturePreset, sampleRate: Double,
                              compression: LogCompression = .librosaDecibels, scaling: LogMelScaling,
                              gapSeconds: Double = 0.15, iterations: Int = 32, seed: UInt64 = 0,
                              jobs: Int = defaultJobCount) throws -> [Float] {
        try render(spectrograms: [logMels], width: width, preset: preset, sampleRate: sampleRate, compression: compression,
                   scaling: scaling, gapSeconds: gapSeconds, iterations: iterations, seed: seed, jobs: jobs)[0]
    }

    /// The clips of a whole traversal: `spectrograms[latent][value]` as in
    /// ``render(logMels:width:preset:sampleRate:compression:scaling:gapSeconds:iterations:seed:jobs:)``,
    /// one clip per latent (the form ``Traversal/audio`` takes). Spectrograms of the wrong size
    /// are left out of their clip.
    public static func render(spectrograms: [[[Float]]], width: Int, preset: FeaturePreset, sampleRate: Double,
                              compression: LogCompression = .librosaDecibels, scaling: LogMelScaling,
                              gapSeconds: Double = 0.15, iterations: Int = 32, seed: UInt64 = 0,
                              jobs: Int = defaultJobCount) throws -> [[Float]] {
        let parameters = preset.melParameters(sampleRate: sampleRate)
        // Fails here, once, rather than on every worker.
        _ = try LogMelInverter(parameters, compression: compression, iterations: iterations, initialPhase: .random(seed: seed))
        let size = preset.melCount * width
        let work = spectrograms.enumerated().flatMap { latent, row in
            row.enumerated().filter { $0.element.count == size }.map { (latent: latent, value: $0.offset) }
        }
        let pieces = Locked([[Float]](repeating: [], count: work.count))
        try WorkerPool.run(count: work.count, jobs: jobs, chunk: 1, makeState: {
            try LogMelInverter(parameters, compression: compression, iterations: iterations, initialPhase: .random(seed: seed))
        }, body: { inverter, position in
            let (latent, value) = work[position]
            let audio = inverter.audio(logMel: spectrograms[latent][value].map(scaling.logMel), frames: width)
            pieces.withLock { $0[position] = audio }
        })
        let rendered = pieces.withLock { $0 }
        let gap = [Float](repeating: 0, count: max(0, Int(gapSeconds * sampleRate)))
        return spectrograms.indices.map { latent in
            var clip: [Float] = []
            for (position, item) in work.enumerated() where item.latent == latent {
                if !clip.isEmpty { clip += gap }
                clip += rendered[position]
            }
            let peak = clip.reduce(Float(0)) { max($0, abs($1)) }
            guard peak > 0, peak.isFinite else { return clip }
            return clip.map { $0 / peak * 0.9 }
        }
    }
}
