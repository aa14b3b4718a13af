import Foundation
import SynCore

/// Per-period perturbations of a voice source, shared by every ``GlottalSource``: jitter and
/// shimmer (seeded random changes of each period's length and amplitude) and KLSYN88's
/// diplophonia DI (Klatt & Klatt 1990, JASA 87(2) 820-857: alternate pulses delayed and
/// attenuated).
///
/// A source asks for one ``Period`` at the start of each glottal period and applies it for the
/// whole period: the phase increment is multiplied by ``Period/rate`` (1 / the period's stretch)
/// and the pulse amplitude by ``Period/amplitude``.
///
/// - Jitter J %: the period is stretched by 1 + (J / 100) z, z a standard Gaussian truncated to
///   |z| <= 3 (redrawn beyond, so a period never collapses) and divided by the truncated
///   distribution's standard deviation (0.98659), so the period length's relative standard
///   deviation is exactly J % (periods independent; Praat's local jitter, the mean absolute
///   difference of consecutive periods, is then 2 / sqrt(pi) J = 1.128 J).
/// - Shimmer S %: the amplitude is multiplied by 1 + (S / 100) z, z as above and independent.
/// - Diplophonia DI %: every second period is stretched by d = (DI / 100) CQ of a period (CQ the
///   source's closed quotient; at DI 100 the delayed pulse reaches the next opening, KLSYN88's
///   maximum) and its pulse attenuated by 1 - DI / 100; the period after it is shortened by d, so
///   pulse pairs keep the mean F0.
///
/// Deterministic: draws come only from the stream given at init, one Gaussian (two uniform
/// draws, plus redraws beyond 3) per period for jitter when J > 0 and one for shimmer when S > 0.
/// With J = 0, S = 0 and DI = 0 every factor is exactly 1 and nothing is drawn, so the output is
/// bit-identical to an unperturbed source.
public struct VoicePerturbation: Sendable {
    /// The largest jitter accepted, percent (3 standard deviations stay under a 30 % stretch).
    public static let maximumJitter = 10.0
    /// The largest shimmer accepted, percent (3 standard deviations keep the amplitude >= 10 %).
    public static let maximumShimmer = 30.0
    /// The standard deviation of a standard Gaussian truncated to |z| <= 3:
    /// sqrt(1 - 6 phi(3) / (2 Phi(3) - 1)).
    public static let truncatedStandardDeviation: Double = {
        let density = exp(-4.5) / (2 * Double.pi).squareRoot()
        let mass = erf(3 / 2.0.squareRoot())
        return (1 - 6 * density / mass).squareRoot()
    }()

    /// One period's factors.
    public struct Period: Sendable, Hashable {
        /// Factor on the phase increment: 1 / the period's stretch.
        public var rate: Double
        /// Factor on the pulse amplitude.
        public var amplitude: Double
        /// No perturbation.
        public static let unperturbed = Period(rate: 1, amplitude: 1)
    }

    /// Jitter in percent (0...``maximumJitter``).
    public let jitter: Double
    /// Shimmer in percent (0...``maximumShimmer``).
    public let shimmer: Double
    /// The stream the perturbations are drawn from.
    public private(set) var rng: Xoshiro256StarStar
    /// Whether the next period is the delayed one of a diplophonic pair.
    private var delayedNext = true

    /// Perturbations of `jitter` and `shimmer` percent drawn from `rng`. The default stream is
    /// never drawn from while both are 0.
    public init(jitter: Double = 0, shimmer: Double = 0, rng: Xoshiro256StarStar = Xoshiro256StarStar(seed: 0)) {
        precondition(jitter >= 0 && jitter <= Self.maximumJitter, "jitter \(jitter) outside 0...\(Self.maximumJitter) %")
        precondition(shimmer >= 0 && shimmer <= Self.maximumShimmer, "shimmer \(shimmer) outside 0...\(Self.maximumShimmer) %")
        self.jitter = jitter
        self.shimmer = shimmer
        self.rng = rng
    }

    /// No jitter, no shimmer.
    public static let none = VoicePerturbation()

    /// The stream of a synthesizer's perturbations, derived from a copy of the item's stream
    /// without advancing it: SplitMix64 expansion of the copy's next output xor a fixed odd
    /// constant. The item's own noise therefore draws exactly what it drew without
    /// perturbations, and the two streams are decorrelated by the SplitMix64 mixing.
    public static func stream(from rng: Xoshiro256StarStar) -> Xoshiro256StarStar {
        var copy = rng
        return Xoshiro256StarStar(seed: copy.next() ^ 0x6A09_E667_F3BC_C909)
    }

    /// A standard Gaussian truncated to |z| <= 3, scaled to unit standard deviation.
    private mutating func truncatedGaussian() -> Double {
        var z = rng.nextGaussian()
        while abs(z) > 3 { z = rng.nextGaussian() }
        return z / Self.truncatedStandardDeviation
    }

    /// The factors of the next period, for diplophonia `diplophonia` percent (0...100) and a
    /// source whose closed phase is `closedQuotient` of the period (0...1).
    public mutating func nextPeriod(diplophonia: Double, closedQuotient: Double) -> Period {
        var stretch = 1.0
        var amplitude = 1.0
        if diplophonia > 0 {
            let di = min(diplophonia, 100) / 100
            let d = di * min(max(closedQuotient, 0), 1)
            stretch = delayedNext ? 1 + d : 1 - d
            if delayedNext { amplitude = 1 - di }
            delayedNext.toggle()
        } else {
            delayedNext = true
        }
        if jitter > 0 { stretch *= 1 + jitter / 100 * truncatedGaussian() }
        if shimmer > 0 { amplitude *= 1 + shimmer / 100 * truncatedGaussian() }
        return stretch == 1 && amplitude == 1 ? .unperturbed : Period(rate: 1 / stretch, amplitude: amplitude)
    }
}
