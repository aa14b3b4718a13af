import DSP
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The instantaneous fundamental frequency of a tone with glide and/or vibrato:
///
///     f(t) = f0 * (f1 / f0)^(t / T) * 2^((depth / 1200) * sin(2 pi rate t))
///
/// f0 = `frequency`, f1 = `glideEndFrequency` (f0 when nil), T = `duration`, depth in cents,
/// rate in Hz (vibrato starts at zero deviation, rising). The phase in cycles is accumulated by
/// the midpoint rule, cycles(n + 1) = cycles(n) + f((n + 1/2) / sr) / sr, from
/// cycles(0) = phase / (2 pi), and wrapped to [0, 1) every sample. Along a block the midpoint
/// frequencies come from recurrences (``Stepper``) seeded exactly at the block's first sample.
struct FrequencyTrajectory: Sendable {
    var start: Double
    var logRatioPerSecond: Double
    var vibratoRate: Double
    var vibratoOctaves: Double

    init(_ p: ToneParameters) {
        start = p.frequency
        let end = p.glideEndFrequency ?? p.frequency
        logRatioPerSecond = p.duration > 0 ? log(end / p.frequency) / p.duration : 0
        let vibrato = p.vibratoRate > 0 && p.vibratoDepth > 0
        vibratoRate = vibrato ? p.vibratoRate : 0
        vibratoOctaves = vibrato ? p.vibratoDepth / 1200 : 0
    }

    /// True when the frequency does not change over the tone.
    var isConstant: Bool { logRatioPerSecond == 0 && vibratoOctaves == 0 }

    /// f(t) in Hz.
    @inline(__always)
    func frequency(at t: Double) -> Double {
        var f = start
        if logRatioPerSecond != 0 { f *= exp(logRatioPerSecond * t) }
        if vibratoOctaves != 0 { f *= exp2(vibratoOctaves * sin(2 * Double.pi * vibratoRate * t)) }
        return f
    }

    /// The highest instantaneous frequency of `p` over the tone (a bound when vibrato is on).
    static func highestFrequency(_ p: ToneParameters) -> Double {
        var f = max(p.frequency, p.glideEndFrequency ?? p.frequency)
        if p.vibratoRate > 0 && p.vibratoDepth > 0 { f *= exp2(p.vibratoDepth / 1200) }
        return f
    }

    /// Produces f((n + 1/2) / sr) for n = first, first + 1, ... by recurrences: the glide factor
    /// is multiplied by exp(L / sr) and the vibrato phasor rotated by 2 pi rate / sr per sample,
    /// both seeded exactly at `first` (so use it for one block of a few thousand samples: the
    /// recurrences drift by about 1e-16 per step).
    struct Stepper {
        private var glide: Double
        private let glideStep: Double
        private var vibratoCos: Double, vibratoSin: Double
        private let rotationCos: Double, rotationSin: Double
        private let start: Double
        private let octaves: Double

        init(_ trajectory: FrequencyTrajectory, first: Int, sampleRate: Double) {
            let t = (Double(first) + 0.5) / sampleRate
            start = trajectory.start
            octaves = trajectory.vibratoOctaves
            glide = exp(trajectory.logRatioPerSecond * t)
            glideStep = exp(trajectory.logRatioPerSecond / sampleRate)
            let angle = 2 * Double.pi * fractionalPart(trajectory.vibratoRate * t)
            vibratoCos = cos(angle)
            vibratoSin = sin(angle)
            let step = 2 * Double.pi * trajectory.vibratoRate / sampleRate
            rotationCos = cos(step)
            rotationSin = sin(step)
        }

        /// The next midpoint frequency in Hz.
        @inline(__always)
        mutating func next() -> Double {
            let f = octaves == 0 ? start * glide : start * glide * exp2(octaves * vibratoSin)
            glide *= glideStep
            let c = vibratoCos * rotationCos - vibratoSin * rotationSin
            vibratoSin = vibratoSin * rotationCos + vibratoCos * rotationSin
            vibratoCos = c
            return f
        }
    }
}
