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
        let bins = parameters.binCount, total = frames * bins
        precondition(magnitude.count == total, "magnitudes hold \(magnitude.count) values, not \(frames) x \(bins)")
        let count = max(length ?? synthesis.defaultLength(frames: frames), 0)
        var estimate = Spectra(count: total), rebuilt = Spectra(count: total), previous = Spectra(count: total)
        switch initialPhase {
        case let .random(seed):
            var state = seed
            for i in 0..<total {
                let angle = 2 * Double.pi * Self.unitInterval(&state)
                estimate.real[i] = magnitude[i] * cos(angle)
                estimate.imaginary[i] = magnitude[i] * sin(angle)
            }
        case .zero:
            estimate.real = magnitude
        }
        var y = [Double](repeating: 0, count: count)
        // The analysis reads Float samples like every other STFT user; Griffin-Lim's estimate
        // does not need more than Float's 24 bits.
        var samples = [Float](repeating: 0, count: count)
        let carry = momentum / (1 + momentum)
        for iteration in 0..<iterations {
            invert(estimate, frames: frames, into: &y)
            for i in 0..<count { samples[i] = Float(y[i]) }
            analyse(samples, frames: frames, into: &rebuilt)
            Self.project(rebuilt, previous: previous, carry: iteration > 0 ? carry : 0, magnitude: magnitude, into: &estimate)
            swap(&previous, &rebuilt)
        }
        invert(estimate, frames: frames, into: &y)
        return y.map { Float($0) }
    }

    /// Real and imaginary parts of frame-major spectra.
    private struct Spectra {
        var real: [Double]
        var imaginary: [Double]
        init(count: Int) {
            real = [Double](repeating: 0, count: count)
            imaginary = real
        }
    }

    /// estimate = magnitude * phase of (rebuilt - carry * previous). librosa divides by
    /// |.| + tiny, so a zero bin keeps magnitude 0 instead of becoming NaN.
    private static func project(_ rebuilt: Spectra, previous: Spectra, carry: Double, magnitude: [Double], into estimate: inout Spectra) {
        rebuilt.real.withUnsafeBufferPointer { rr in
            rebuilt.imaginary.withUnsafeBufferPointer { ri in
                previous.real.withUnsafeBufferPointer { pr in
                    previous.imaginary.withUnsafeBufferPointer { pi in
                        magnitude.withUnsafeBufferPointer { s in
                            estimate.real.withUnsafeMutableBufferPointer { er in
                                estimate.imaginary.withUnsafeMutableBufferPointer { ei in
                                    for i in 0..<s.count {
                                        let re = rr[i] - carry * pr[i], im = ri[i] - carry * pi[i]
                                        let norm = s[i] / ((re * re + im * im).squareRoot() + Double.leastNormalMagnitude)
                                        er[i] = re * norm
                                        ei[i] = im * norm
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private func invert(_ spectra: Spectra, frames: Int, into y: inout [Double]) {
        spectra.real.withUnsafeBufferPointer { re in
            spectra.imaginary.withUnsafeBufferPointer { im in
                y.withUnsafeMutableBufferPointer { out in
                    synthesis.overlapAdd(real: re, imaginary: im, frames: frames, into: out)
                }
            }
        }
    }

    /// The STFT of `x` with exactly `frames` frames (frames beyond the signal's end see
    /// padding).
    private func analyse(_ x: [Float], frames: Int, into spectra: inout Spectra) {
        let bins = parameters.binCount
        x.withUnsafeBufferPointer { x in
            spectra.real.withUnsafeMutableBufferPointer { re in
                spectra.imaginary.withUnsafeMutableBufferPointer { im in
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
