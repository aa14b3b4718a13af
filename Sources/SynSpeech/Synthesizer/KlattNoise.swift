import Foundation
import SynCore

/// The noise source of the Klatt synthesizer (Klatt 1980, JASA 67(3) 971-995): approximately
/// Gaussian samples (standard deviation 1) from the item's ``Xoshiro256StarStar`` stream,
/// low-passed by y[n] = x[n] + 0.75 y[n-1], then radiated by the first difference
/// r[n] = y[n] - y[n-1]. The low-pass and the radiation together give a spectrum that rises from 0
/// at 0 Hz to about flat above 2 kHz (gain 1.08 at 2 kHz, 1.14 at Nyquist).
///
/// **Distribution.** x[n] is the classic sum-of-uniforms approximation of a Gaussian (an
/// Irwin-Hall variable): one 64-bit draw split into four 16-bit integers k1..k4, each a uniform
/// (k + 1/2) / 65536 on (0, 1), and x = sqrt(3) (sum - 2), which has mean 0 and variance 1 (up to
/// 2.5e-10 from the 16-bit steps). It is bounded at +-2 sqrt(3) = +-3.46, has kurtosis 2.7
/// instead of 3, and its density is within 0.015 of the normal one everywhere (the largest gap at 0); after the low-pass
/// (a weighted sum of many samples) the difference is inaudible and immaterial to the
/// aperiodicity that aspiration and frication are for. Why not Box-Muller: a logarithm and a
/// cosine per sample cost more than the rest of the noise path and the cascade's update together
/// (measured: 12 % of the whole synthesis).
///
/// Exactly one draw per sample, whatever the amplitudes, so the noise at a given sample depends
/// only on the seed and the sample's index.
public struct KlattNoise: Sendable {
    /// The random stream the samples are drawn from (advanced by one draw per sample).
    public var rng: Xoshiro256StarStar
    /// The low-pass output y[n-1].
    @usableFromInline var lowPassed = 0.0

    /// A noise source drawing from `rng`, filters at rest.
    public init(rng: Xoshiro256StarStar) { self.rng = rng }

    /// The next unfiltered sample x[n] (mean 0, variance 1; see the type's notes).
    @inlinable @inline(__always)
    public mutating func nextWhite() -> Double {
        // Local constants (a static let would be a lazily initialised global, checked per call):
        // sqrt(3) / 65536, the scale from the sum of four 16-bit integers to unit variance, and
        // that sum's mean 4 x 65535 / 2 (the + 1/2 of each uniform folded in).
        let scale = 1.7320508075688772 / 65536, mean = 131_070.0
        let r = rng.next()
        let sum = (r & 0xFFFF) + ((r >> 16) & 0xFFFF) + ((r >> 32) & 0xFFFF) + (r >> 48)
        return (Double(sum) - mean) * scale
    }

    /// The next radiated noise sample.
    @inlinable @inline(__always)
    public mutating func next() -> Double {
        let previous = lowPassed
        let y = nextWhite() + 0.75 * previous
        lowPassed = y
        return y - previous
    }
}
