import SynCore

/// The sample format of audio files.
public enum AudioFormat: String, Sendable, CaseIterable {
    /// 16-bit integer PCM in WAV (`round(x * 32767)`, clamped).
    case pcm16
    /// 24-bit integer PCM in WAV (`round(x * 8388607)`, clamped).
    case pcm24
    /// 32-bit IEEE float in WAV (WAVE_FORMAT_IEEE_FLOAT with a `fact` chunk).
    case float32
    /// FLAC, 16-bit, written by libsndfile from the same integers as pcm16.
    case flac

    /// The file extension of one item.
    public var fileExtension: String { self == .flac ? "flac" : "wav" }

    /// True when samples beyond ±1 would clip (every integer format).
    public var clips: Bool { self != .float32 }

    /// Bits per stored sample.
    public var bitsPerSample: Int {
        switch self {
        case .pcm16, .flac: return 16
        case .pcm24: return 24
        case .float32: return 32
        }
    }
}

/// How the items of a dataset are stored.
public enum DatasetLayout: String, Sendable, CaseIterable {
    /// One audio file per item under `audio/NNN/` (at most 1000 per folder).
    case files
    /// One float32 `waveforms.npy`: shape [N, T] when every item has T samples; otherwise
    /// ragged (never zero-padded): 1-D, the items concatenated in item order, with
    /// `offsets.npy` int64 [N + 1] so item i is `waveforms[offsets[i]:offsets[i + 1]]`.
    case npy
}

/// The dataset-wide gain that multiplies every item.
public enum HeadroomSetting: Sendable, Equatable {
    /// `10^(-1/20) / max over items of peak`, so the largest sample stays below -1 dBFS.
    case auto
    /// A fixed linear gain.
    case gain(Double)

    /// The target peak of `auto`: -1 dBFS.
    public static let autoTargetPeak = 0.891_250_938_133_745_6  // 10^(-1/20)

    /// The value written to the resolved config.
    public var json: JSONValue {
        switch self {
        case .auto: return .string("auto")
        case let .gain(g): return .number(g)
        }
    }
}
