/// Short-time complex spectra, frame-major: bin m of frame t is
/// `real[t * binCount + m] + i imaginary[t * binCount + m]` (the transpose of librosa's
/// [bins, frames] layout, so that one frame is contiguous for the FFT).
public struct ComplexSpectrogram: Sendable, Equatable {
    /// Number of frames.
    public var frames: Int
    /// Bins per frame, N / 2 + 1.
    public var binCount: Int
    /// Real parts, frames x binCount.
    public var real: [Double]
    /// Imaginary parts, frames x binCount.
    public var imaginary: [Double]

    /// A spectrogram of `frames` x `binCount` zeros.
    public init(frames: Int, binCount: Int) {
        self.frames = frames
        self.binCount = binCount
        real = [Double](repeating: 0, count: frames * binCount)
        imaginary = real
    }

    /// A spectrogram from its parts (each frames x binCount long).
    public init(frames: Int, binCount: Int, real: [Double], imaginary: [Double]) {
        precondition(real.count == frames * binCount && imaginary.count == frames * binCount,
                     "a \(frames) x \(binCount) spectrogram needs \(frames * binCount) values per part")
        self.frames = frames
        self.binCount = binCount
        self.real = real
        self.imaginary = imaginary
    }

    /// The magnitudes |X_t(m)|, frame-major like the parts.
    public var magnitude: [Double] {
        zip(real, imaginary).map { ($0 * $0 + $1 * $1).squareRoot() }
    }
}
