import CFFTW

/// The inverse of ``STFT`` for centred frames (librosa's `istft(center=True, window="hann")`):
/// each frame's spectrum is inverted with a real inverse FFT, multiplied by the same periodic
/// Hann window w, and overlap-added at `t * hop - N / 2`; the sum is divided by the window's
/// sum of squares sum_t w(n - t hop + N/2)^2 wherever that exceeds the smallest normal Float64
/// (librosa's `window_sumsquare` and `tiny`). With hop < N every output sample has a
/// non-zero sum (the periodic Hann window is zero only at its first sample, which the previous
/// frame covers), so an unmodified STFT comes back exactly (to rounding): the least-squares
/// signal estimate from a modified STFT of Griffin & Lim (1984).
///
/// Owns its FFTW buffers and uses the one shared c2r plan of its size (``FFTWPlanCache``).
/// One instance per thread.
public final class InverseSTFT {
    /// The transform's parameters (the padding does not matter: padded samples are dropped).
    public let parameters: STFTParameters
    private let window: [Double]
    private let spectrum: UnsafeMutablePointer<fftw_complex>
    private let frame: UnsafeMutablePointer<Double>
    private let plan: fftw_plan
    private var windowSquares: [Double] = []
    private var windowSquaresKey = (frames: -1, length: -1)

    /// Makes an inverse STFT; throws when N < 2 or hop < 1.
    public init(_ parameters: STFTParameters) throws(FeatureParameterError) {
        try parameters.validate()
        self.parameters = parameters
        let n = parameters.fftSize
        window = Window.hann.samples(count: n, periodic: true)
        spectrum = UnsafeMutableRawPointer(fftw_malloc(MemoryLayout<fftw_complex>.stride * (n / 2 + 1))!)
            .bindMemory(to: fftw_complex.self, capacity: n / 2 + 1)
        frame = UnsafeMutableRawPointer(fftw_malloc(MemoryLayout<Double>.stride * n)!)
            .bindMemory(to: Double.self, capacity: n)
        plan = FFTWPlanCache.complexToReal(size: n)
    }

    deinit {
        fftw_free(spectrum)
        fftw_free(frame)
    }

    /// The default output length of `frames` centred frames: hop * (frames - 1) samples, the
    /// span between the first and the last frame centre (librosa's `istft(length=None)`).
    public func defaultLength(frames: Int) -> Int { parameters.hopLength * max(frames - 1, 0) }

    /// The signal whose STFT is closest (least squares) to `spectrogram`, `length` samples long
    /// (``defaultLength(frames:)`` when nil; longer outputs end in zeros where no frame reaches).
    public func signal(_ spectrogram: ComplexSpectrogram, length: Int? = nil) -> [Double] {
        precondition(spectrogram.binCount == parameters.binCount,
                     "spectrogram has \(spectrogram.binCount) bins, the transform \(parameters.binCount)")
        let count = max(length ?? defaultLength(frames: spectrogram.frames), 0)
        var out = [Double](repeating: 0, count: count)
        spectrogram.real.withUnsafeBufferPointer { re in
            spectrogram.imaginary.withUnsafeBufferPointer { im in
                out.withUnsafeMutableBufferPointer { y in
                    overlapAdd(real: re, imaginary: im, frames: spectrogram.frames, into: y)
                }
            }
        }
        return out
    }

    /// Writes the inverse of the frame-major spectra `real` + i `imaginary` (`frames` x
    /// binCount) into `y` (its whole length), reusing the window normalisation between calls
    /// of the same shape.
    func overlapAdd(real: UnsafeBufferPointer<Double>, imaginary: UnsafeBufferPointer<Double>, frames: Int,
                    into y: UnsafeMutableBufferPointer<Double>) {
        let n = parameters.fftSize, hop = parameters.hopLength, bins = parameters.binCount
        let length = y.count
        for i in 0..<length { y[i] = 0 }
        // FFTW's c2r is unnormalised: it returns N times the inverse DFT.
        let scale = 1 / Double(n)
        window.withUnsafeBufferPointer { w in
            for t in 0..<frames {
                for m in 0..<bins {
                    spectrum[m].0 = real[t * bins + m]
                    spectrum[m].1 = imaginary[t * bins + m]
                }
                fftw_execute_dft_c2r(plan, spectrum, frame)
                let start = t * hop - n / 2
                let lower = max(0, -start), upper = min(n, length - start)
                guard lower < upper else { continue }
                for i in lower..<upper { y[start + i] += frame[i] * w[i] * scale }
            }
        }
        normalise(y, frames: frames)
    }

    /// Divides `y` by the window's sum of squares where that is non-zero.
    private func normalise(_ y: UnsafeMutableBufferPointer<Double>, frames: Int) {
        let length = y.count
        if windowSquaresKey != (frames, length) {
            let n = parameters.fftSize, hop = parameters.hopLength
            windowSquares = [Double](repeating: 0, count: length)
            for t in 0..<frames {
                let start = t * hop - n / 2
                let lower = max(0, -start), upper = min(n, length - start)
                guard lower < upper else { continue }
                for i in lower..<upper { windowSquares[start + i] += window[i] * window[i] }
            }
            windowSquaresKey = (frames, length)
        }
        windowSquares.withUnsafeBufferPointer { s in
            for i in 0..<length where s[i] > Double.leastNormalMagnitude { y[i] /= s[i] }
        }
    }
}
