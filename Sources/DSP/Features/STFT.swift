import CFFTW
import Foundation

/// How an STFT pads the signal so that frame t is centred on sample `t * hop`
/// (librosa's `center=True`): `fftSize / 2` samples on each side.
public enum STFTPadding: String, Sendable, CaseIterable {
    /// Zeros: librosa's default `pad_mode="constant"` since librosa 0.10 (the installed 0.11
    /// used for our references has it too).
    case constant
    /// Mirror without repeating the edge sample (NumPy's `np.pad(mode="reflect")`, librosa's
    /// default before 0.10). Pads longer than the signal bounce back and forth, as NumPy does.
    case reflect
}

/// The parameters of a short-time Fourier transform with centred frames.
public struct STFTParameters: Sendable, Equatable, Hashable {
    /// FFT size and window length N, in samples.
    public var fftSize: Int
    /// Hop between frame centres, in samples.
    public var hopLength: Int
    /// Padding of the signal's ends.
    public var padding: STFTPadding

    /// Makes the parameters; ``STFT/init(_:)`` checks them.
    public init(fftSize: Int, hopLength: Int, padding: STFTPadding = .reflect) {
        self.fftSize = fftSize
        self.hopLength = hopLength
        self.padding = padding
    }

    /// Number of bins N / 2 + 1 (0 Hz to the Nyquist frequency).
    public var binCount: Int { fftSize / 2 + 1 }

    /// Throws unless 2 <= N <= 2^24 and hop >= 1.
    func validate() throws(FeatureParameterError) {
        guard fftSize >= 2, fftSize <= 1 << 24 else {
            throw FeatureParameterError("n_fft: must be in 2...\(1 << 24), got \(fftSize)")
        }
        guard hopLength >= 1 else {
            throw FeatureParameterError("hop: must be at least 1 sample, got \(hopLength)")
        }
    }

    /// Frames of a signal of `samples` samples: 1 + floor(samples / hop) for even N, in general
    /// 1 + floor((samples + 2 floor(N/2) - N) / hop), as librosa's `center=True`.
    public func frameCount(samples: Int) -> Int {
        1 + max(0, samples + 2 * (fftSize / 2) - fftSize) / hopLength
    }
}

/// A parameter of a feature transform that cannot work (FFT size below 2, a hop of 0, a mel
/// band above the Nyquist frequency...). `description` is one line naming the parameter.
public struct FeatureParameterError: Error, CustomStringConvertible, Equatable {
    /// What is wrong, naming the parameter and what is allowed.
    public var message: String
    /// Makes an error with a complete one-line message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Short-time power spectra |X_t(m)|^2 in Float64 with a periodic Hann window of length N and
/// centred frames (librosa's `stft(center=True, window="hann")`, then `abs(.)**2`):
///
/// X_t(m) = sum_{n=0}^{N-1} w(n) x_pad(t hop + n) exp(-2 pi i m n / N),
/// w(n) = 0.5 - 0.5 cos(2 pi n / N), x_pad = x padded with N/2 samples on each side.
///
/// Owns its FFTW buffers (fftw_malloc) and uses the one shared plan of its size
/// (``FFTWPlanCache``), so nothing is allocated or planned per frame. One instance per thread.
public final class STFT {
    /// The transform's parameters.
    public let parameters: STFTParameters
    private let window: [Double]
    private let input: UnsafeMutablePointer<Double>
    private let output: UnsafeMutablePointer<fftw_complex>
    private let plan: fftw_plan

    /// Makes an STFT; throws when N < 2 or hop < 1.
    public init(_ parameters: STFTParameters) throws(FeatureParameterError) {
        try parameters.validate()
        self.parameters = parameters
        let n = parameters.fftSize
        window = Window.hann.samples(count: n, periodic: true)
        input = UnsafeMutableRawPointer(fftw_malloc(MemoryLayout<Double>.stride * n)!)
            .bindMemory(to: Double.self, capacity: n)
        output = UnsafeMutableRawPointer(fftw_malloc(MemoryLayout<fftw_complex>.stride * (n / 2 + 1))!)
            .bindMemory(to: fftw_complex.self, capacity: n / 2 + 1)
        plan = FFTWPlanCache.realToComplex(size: n)
    }

    deinit {
        fftw_free(input)
        fftw_free(output)
    }

    /// The power spectra of the first `count` samples of `signal` (all when nil), frame-major:
    /// element `t * binCount + m` is |X_t(m)|^2. Allocates its result; feature extraction uses
    /// ``MelSpectrogram`` instead, which reuses its buffers.
    public func powerSpectrogram(_ signal: [Float], count: Int? = nil) -> [Double] {
        let n = min(max(count ?? signal.count, 0), signal.count)
        let frames = parameters.frameCount(samples: n)
        let bins = parameters.binCount
        var out = [Double](repeating: 0, count: frames * bins)
        signal.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { o in
                for t in 0..<frames {
                    powerFrame(x, count: n, frame: t, into: o.baseAddress! + t * bins)
                }
            }
        }
        return out
    }

    /// The complex spectra of the first `count` samples of `signal` (all when nil), frame-major
    /// (``ComplexSpectrogram``): X_t(m) as defined above, for the inverse STFT and Griffin-Lim.
    public func complexSpectrogram(_ signal: [Float], count: Int? = nil) -> ComplexSpectrogram {
        let n = min(max(count ?? signal.count, 0), signal.count)
        let frames = parameters.frameCount(samples: n)
        var out = ComplexSpectrogram(frames: frames, binCount: parameters.binCount)
        signal.withUnsafeBufferPointer { x in
            out.real.withUnsafeMutableBufferPointer { re in
                out.imaginary.withUnsafeMutableBufferPointer { im in
                    for t in 0..<frames {
                        complexFrame(x, count: n, frame: t, real: re.baseAddress! + t * parameters.binCount,
                                     imaginary: im.baseAddress! + t * parameters.binCount)
                    }
                }
            }
        }
        return out
    }

    /// Writes |X_t(m)|^2 of frame `t` of the first `count` samples of `x` to `power[0..<binCount]`.
    func powerFrame(_ x: UnsafeBufferPointer<Float>, count: Int, frame t: Int, into power: UnsafeMutablePointer<Double>) {
        transform(x, count: count, frame: t)
        for m in 0..<parameters.binCount {
            power[m] = output[m].0 * output[m].0 + output[m].1 * output[m].1
        }
    }

    /// Writes the real and imaginary parts of X_t(m) of frame `t` of the first `count` samples
    /// of `x` to `real[0..<binCount]` and `imaginary[0..<binCount]`.
    func complexFrame(
        _ x: UnsafeBufferPointer<Float>, count: Int, frame t: Int,
        real: UnsafeMutablePointer<Double>, imaginary: UnsafeMutablePointer<Double>
    ) {
        transform(x, count: count, frame: t)
        for m in 0..<parameters.binCount {
            real[m] = output[m].0
            imaginary[m] = output[m].1
        }
    }

    /// Windows frame `t` of the padded signal into the FFT input and transforms it.
    private func transform(_ x: UnsafeBufferPointer<Float>, count: Int, frame t: Int) {
        let n = parameters.fftSize
        let start = t * parameters.hopLength - n / 2
        window.withUnsafeBufferPointer { w in
            if start >= 0, start + n <= count {
                for i in 0..<n { input[i] = w[i] * Double(x[start + i]) }
            } else {
                for i in 0..<n { input[i] = w[i] * sample(x, count: count, at: start + i) }
            }
        }
        fftw_execute_dft_r2c(plan, input, output)
    }

    /// Sample `i` of the padded signal (i may lie outside 0..<count).
    @inline(__always)
    private func sample(_ x: UnsafeBufferPointer<Float>, count: Int, at i: Int) -> Double {
        if i >= 0, i < count { return Double(x[i]) }
        switch parameters.padding {
        case .constant:
            return 0
        case .reflect:
            guard count > 1 else { return count == 1 ? Double(x[0]) : 0 }
            let period = 2 * (count - 1)
            var k = i % period
            if k < 0 { k += period }
            if k >= count { k = period - k }
            return Double(x[k])
        }
    }
}
