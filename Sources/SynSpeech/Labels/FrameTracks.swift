import SynCore

/// Per-frame synthesis controls of one utterance, the `tracks` side file of a SynSpeech dataset:
/// float32 [frames, 7], one row per frame, columns in the order of ``columns``.
///
/// | column | name | unit |
/// | --- | --- | --- |
/// | 0 | F0, fundamental frequency (0 = no voicing periods) | Hz |
/// | 1 | F1, first formant frequency | Hz |
/// | 2 | F2, second formant frequency | Hz |
/// | 3 | F3, third formant frequency | Hz |
/// | 4 | AV, voicing amplitude (0 = off) | dB, Klatt's scale |
/// | 5 | AH, aspiration amplitude (0 = off) | dB, Klatt's scale |
/// | 6 | AF, frication amplitude (0 = off) | dB, Klatt's scale |
///
/// Row k holds the values at time k × frame period (the period is recorded in dataset.json).
public struct FrameTracks: Sendable, Equatable {
    /// The control values of one frame.
    public struct Frame: Sendable, Equatable {
        /// Fundamental frequency F0 in Hz (0 = no voicing periods).
        public var f0: Float
        /// First formant frequency F1 in Hz.
        public var f1: Float
        /// Second formant frequency F2 in Hz.
        public var f2: Float
        /// Third formant frequency F3 in Hz.
        public var f3: Float
        /// Voicing amplitude AV in dB (0 = off).
        public var av: Float
        /// Aspiration amplitude AH in dB (0 = off).
        public var ah: Float
        /// Frication amplitude AF in dB (0 = off).
        public var af: Float

        /// Makes a frame; frequencies in Hz, amplitudes in dB.
        public init(f0: Float, f1: Float, f2: Float, f3: Float, av: Float, ah: Float, af: Float) {
            self.f0 = f0; self.f1 = f1; self.f2 = f2; self.f3 = f3
            self.av = av; self.ah = ah; self.af = af
        }

        /// The frame's values in column order (``FrameTracks/columns``).
        public var row: [Float] { [f0, f1, f2, f3, av, ah, af] }
    }

    /// Column names in file order: F0, F1, F2, F3 (Hz), AV, AH, AF (dB).
    public static let columns = ["F0", "F1", "F2", "F3", "AV", "AH", "AF"]

    /// The frames in time order.
    public var frames: [Frame]

    /// Makes tracks from frames in time order.
    public init(frames: [Frame]) {
        self.frames = frames
    }

    /// Tracks of the F0, F1-F3, AV, AH and AF controls of Klatt synthesizer frames, rounded to
    /// float32.
    public init(klattFrames: [KlattFrame]) {
        frames = klattFrames.map {
            Frame(f0: Float($0.f0), f1: Float($0.f1), f2: Float($0.f2), f3: Float($0.f3),
                  av: Float($0.av), ah: Float($0.ah), af: Float($0.af))
        }
    }

    /// The tracks as a complete `.npy` file: float32, little-endian, C order, shape
    /// [frames, 7] (written by SynCore's ``NpyWriter``).
    public func npyBytes() -> [UInt8] {
        NpyWriter.data(frames.flatMap(\.row), shape: [frames.count, FrameTracks.columns.count])
    }
}
