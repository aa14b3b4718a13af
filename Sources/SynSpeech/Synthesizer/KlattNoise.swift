import Foundation
import SynCore

/// The noise source of the Klatt synthesizer (Klatt 1980, JASA 67(3) 971-995): Gaussian samples
/// (standard deviation 1) from the item's ``Xoshiro256StarStar`` stream, low-passed by
/// y[n] = x[n] + 0.75 y[n-1], then radiated by the first difference r[n] = y[n] - y[n-1]. The
/// low-pass and the radiation together give a spectrum that rises from 0 at 0 Hz to about flat
/// above 2 kHz (gain 1.08 at 2 kHz, 1.14 at Nyquist).
///
/// Exactly one Gaussian (two uniform draws) per sample, whatever the amplitudes, so the noise at a
/// given sample depends only on the seed and the sample's index.
public struct KlattNoise: Sendable {
    /// The random stream the samples are drawn from (advanced by two draws per sample).
    public var rng: Xoshiro256StarStar
    /// The low-pass output y[n-1].
    @usableFromInline var lowPassed = 0.0

    /// A noise source drawing from `rng`, filters at rest.
    public init(rng: Xoshiro256StarStar) { self.rng = rng }

    /// The next radiated noise sample.
    @inlinable @inline(__always)
    public mutating func next() -> Double {
        let previous = lowPassed
        let y = rng.nextGaussian() + 0.75 * previous
        lowPassed = y
        return y - previous
    }
}
