import Foundation

/// The starting phase of Griffin-Lim.
public enum GriffinLimInitialPhase: Sendable, Equatable, Hashable {
    /// Uniform phases in [0, 2 pi) from a SplitMix64 stream with this seed (librosa's
    /// `init="random"`, reproducible).
    case random(seed: UInt64)
    /// Phase 0 everywhere (librosa's `init=None`).
    case zero
}

/// A signal from STFT magnitudes by the fast Griffin-Lim algorithm (Perraudin, Balazs &
/// Sondergaard 2013, "A fast Griffin-Lim algorithm"), with librosa's `griffinlim` conventions:
/// the magnitudes S keep their phase estimate P; each iteration inverts S P with
/// ``InverseSTFT``, re-analyses the signal with ``STFT`` (same periodic Hann window, centred
/// frames, the parameters' padding), and sets P to the phase of
/// `rebuilt - momentum / (1 + momentum) * previousRebuilt` (momentum 0 is the original
/// Griffin & Lim 1984 iteration; librosa's default 0.99 converges much faster). The result is
/// the inverse STFT of S P after the last iteration.
///
/// FFT plans come from the shared cache (made once per size); buffers are allocated per call.
/// One instance per thread.
public final class GriffinLim {
    /// STFT size, hop and padding.
    public let parameters: STFTParameters
    /// Iterations (librosa's default and the bench spec: 32).
    public let iterations: Int
    /// The fast Griffin-Lim momentum alpha (0.99 by default).
    public let momentum: Double
    /// The starting phase.
    public let initialPhase: GriffinLimInitialPhase
    private let analysis: STFT
    private let synthesis: InverseSTFT

    /// Prepares the algorithm; throws ``FeatureParameterError`` for STFT parameters that cannot
    /// work or a negative momentum.
    public init(_ parameters: STFTParameters, iterations: Int = 32, momentum: Double = 0.99,
                initialPhase: GriffinLimInitialPhase = .random(seed: 0)) throws(FeatureParameterError) {
        guard momentum >= 0, momentum.isFinite else {
            throw FeatureParameterError("momentum: must be a finite value >= 0, got \(momentum)")
        }
        self.parameters = parameters
        self.iterations = max(0, iterations)
        self.momentum = momentum
        self.initialPhase = initialPhase
        analysis = try STFT(parameters)
        synthesis = try InverseSTFT(parameters)
    }

    /// The signal whose STFT magnitudes approximate `magnitude` (frame-major [frames,
    /// binCount], non-negative), `length` samples long (hop * (frames - 1) when nil).
    public func signal(magnitude: [Double], frames: Int, length: Int? = nil) -> [Float] {
        let bins = parameters.binCount
        precondition(magnitude.count == frames * bins, "magnitudes hold \(magnitude.count) values, not \(frames) x \(bins)")
        let count = max(length ?? synthesis.defaultLength(frames: frames), 0)
        var phase = ComplexSpectrogram(frames: frames, binCount: bins)
        switch initialPhase {
        case let .random(seed):
            var state = seed
            for i in 0..<(frames * bins) {
                let angle = 2 * Double.pi * Self.unitInterval(&state)
                phase.real[i] = magnitude[i] * cos(angle)
                phase.imaginary[i] = magnitude[i] * sin(angle)
            }
        case .zero:
            phase.real = magnitude
        }
        var rebuilt = ComplexSpectrogram(frames: frames, binCount: bins)
        var previous = rebuilt
        var y = [Double](repeating: 0, count: count)
        let carry = momentum / (1 + momentum)
        for iteration in 0..<iterations {
            invert(phase, into: &y)
            analyse(y, into: &rebuilt)
            let extrapolate = iteration > 0
            for i in 0..<(frames * bins) {
                var re = rebuilt.real[i], im = rebuilt.imaginary[i]
                if extrapolate {
                    re -= carry * previous.real[i]
                    im -= carry * previous.imaginary[i]
                }
                // librosa divides by |.| + tiny, so a zero bin keeps magnitude 0, not NaN.
                let norm = magnitude[i] / ((re * re + im * im).squareRoot() + Double.leastNormalMagnitude)
                phase.real[i] = re * norm
                phase.imaginary[i] = im * norm
            }
            swap(&previous, &rebuilt)
        }
        invert(phase, into: &y)
        return y.map { Float($0) }
    }

    private func invert(_ spectrogram: ComplexSpectrogram, into y: inout [Double]) {
        spectrogram.real.withUnsafeBufferPointer { re in
            spectrogram.imaginary.withUnsafeBufferPointer { im in
                y.withUnsafeMutableBufferPointer { out in
                    synthesis.overlapAdd(real: re, imaginary: im, frames: spectrogram.frames, into: out)
                }
            }
        }
    }

    /// The STFT of `y` with exactly the spectrogram's frame count (frames beyond the signal's
    /// end see padding).
    private func analyse(_ y: [Double], into spectrogram: inout ComplexSpectrogram) {
        let bins = parameters.binCount, frames = spectrogram.frames
        y.withUnsafeBufferPointer { x in
            spectrogram.real.withUnsafeMutableBufferPointer { re in
                spectrogram.imaginary.withUnsafeMutableBufferPointer { im in
                    for t in 0..<frames {
                        analysis.complexFrame(x, count: x.count, frame: t, real: re.baseAddress! + t * bins,
                                              imaginary: im.baseAddress! + t * bins)
                    }
                }
            }
        }
    }

    /// The next value of a SplitMix64 stream (Steele, Lea & Flood 2014) as a Double in [0, 1)
    /// from its top 53 bits.
    private static func unitInterval(_ state: inout UInt64) -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53
    }
}
