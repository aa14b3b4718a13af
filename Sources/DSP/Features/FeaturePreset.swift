/// A named log-mel feature shape: STFT and mel parameters in samples, and the fixed output
/// size H x W (mel bands x frames) every item is fitted to.
public struct FeaturePreset: Sendable, Equatable, Hashable {
    /// The preset's name (`paper`, `mel64`).
    public var name: String
    /// FFT size N, in samples.
    public var fftSize: Int
    /// Hop between frames, in samples.
    public var hopLength: Int
    /// Mel bands: the height H.
    public var melCount: Int
    /// Frames: the width W.
    public var frameCount: Int
    /// Padding of the signal's ends: reflect, as the trainer spec and librosa before 0.10 (the
    /// published SynTone features) pad; `.constant` gives librosa 0.10+'s zeros.
    public var padding: STFTPadding

    /// Makes a preset.
    public init(name: String, fftSize: Int, hopLength: Int, melCount: Int, frameCount: Int, padding: STFTPadding = .reflect) {
        self.name = name
        self.fftSize = fftSize
        self.hopLength = hopLength
        self.melCount = melCount
        self.frameCount = frameCount
        self.padding = padding
    }

    /// The published SynTone input: N 2048, hop 512, 128 mels; 1 s at 16 kHz gives
    /// 1 + 16000 / 512 = 32 centred frames: 128 x 32.
    public static let paper = FeaturePreset(name: "paper", fftSize: 2048, hopLength: 512, melCount: 128, frameCount: 32)

    /// The dSprites-sized input: 64 mels x 64 frames. N 1024 (64 ms at 16 kHz, so the lowest
    /// Slaney bands, 46 Hz apart, still span about six 15.6 Hz bins) and hop 252, so 1 s at
    /// 16 kHz gives 1 + floor(16000 / 252) = 64 centred frames (hops 251...253 all give 64;
    /// 256 would give 63, 250 would give 65).
    public static let mel64 = FeaturePreset(name: "mel64", fftSize: 1024, hopLength: 252, melCount: 64, frameCount: 64)

    /// The presets by name.
    public static let all: [FeaturePreset] = [.paper, .mel64]

    /// The preset called `name`, or nil.
    public static func named(_ name: String) -> FeaturePreset? { all.first { $0.name == name } }

    /// The mel parameters at `sampleRate` Hz (fmin 0, fmax sampleRate / 2).
    public func melParameters(sampleRate: Double) -> MelParameters {
        MelParameters(sampleRate: sampleRate, stft: STFTParameters(fftSize: fftSize, hopLength: hopLength, padding: padding),
                      melCount: melCount)
    }
}
