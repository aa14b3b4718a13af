import SynCore
import SynData

/// Renders tones at one sample rate (specs/syntone.md).
///
/// A value type, cheap to copy and safe to use from many threads at once: each call works on
/// its caller's output buffer and random stream and on stack scratch space only.
public struct ToneRenderer: Sendable {
    /// Samples per second.
    public let sampleRate: Int
    /// Band-limited (default) or the published generator's naive formulas.
    public let mode: OscillatorMode
    /// The guard band below Nyquist, as a fraction of the sample rate (default 0.02).
    public let guardFraction: Double

    /// A renderer at `sampleRate` Hz. Invalid settings (a non-positive rate, a guard fraction
    /// outside [0, 0.5)) are reported by ``problem(with:)`` for every tone.
    public init(sampleRate: Int, mode: OscillatorMode = .bandlimited, guardFraction: Double = 0.02) {
        self.sampleRate = sampleRate
        self.mode = mode
        self.guardFraction = guardFraction
    }

    /// Half the sample rate, in Hz.
    public var nyquist: Double { Double(sampleRate) / 2 }

    /// Highest harmonic frequency kept: Nyquist - guardFraction * sampleRate (Hz). Harmonics
    /// k >= 2 are kept while k * f < cutoff; the fundamental only has to be below Nyquist.
    public var cutoff: Double { nyquist - guardFraction * Double(sampleRate) }

    /// Number of samples a tone of `duration` seconds has: Int((duration * sampleRate).rounded()).
    public func sampleCount(duration: Double) -> Int {
        let n = (duration * Double(sampleRate)).rounded()
        guard n.isFinite, n > 0 else { return 0 }
        return n < Double(Int.max) ? Int(n) : Int.max
    }

    /// The most harmonics a band-limited tone may have (``problem(with:)`` refuses tones whose
    /// highest frequency is so low that more would lie below the cutoff): it bounds the memory
    /// and the time of ``peakBound(_:)``, which grows with the square of the count.
    public static let maximumHarmonicCount = 16_384

    /// The highest harmonic number K of the band-limited series of `p`: the largest K with
    /// K * fmax < cutoff, at least 1, where fmax = max(frequency, glideEndFrequency) *
    /// 2^(vibratoDepth / 1200) when vibrato is on (rate and depth > 0), the highest
    /// instantaneous frequency of the tone. Capped at ``maximumHarmonicCount`` + 1 (a tone
    /// with a problem).
    public func harmonicCount(_ p: ToneParameters) -> Int {
        ToneSeries.harmonicCount(highestFrequency: FrequencyTrajectory.highestFrequency(p), cutoff: cutoff)
    }

    /// Magnitudes of the harmonics rendered (index k - 1 for harmonic k; k * f below the cutoff,
    /// f the highest instantaneous frequency; zero for absent ones), per unit amplitude, tilt and
    /// pulse width applied, as |b_k + i c_k| of the series documented on ``Waveform``. Glide and
    /// vibrato only change K (the same set of harmonics is rendered over the whole tone). In
    /// legacy mode: the same truncated ideal series, although the naive formulas also render
    /// the aliases of every higher harmonic.
    public func harmonicMagnitudes(_ p: ToneParameters) -> [Double] {
        series(p).magnitudes
    }

    /// The truncated Fourier series of `p` (per unit amplitude).
    func series(_ p: ToneParameters) -> ToneSeries {
        let pulse = p.waveform == .square ? p.pulseWidth : 0.5
        return ToneSeries(waveform: p.waveform, pulseWidth: pulse, tilt: p.tilt, harmonicCount: harmonicCount(p))
    }

    /// Renders `p` into out[0..<sampleCount(duration: p.duration)], multiplied by `gain` (the
    /// dataset-wide headroom), and returns the number of samples written.
    ///
    /// Band-limited mode, sample n at t_n = n / sampleRate:
    ///
    ///     x_n = Float( gain * amplitude * env(t_n) * W(theta_n) + noise_n )
    ///
    /// - W is the series documented on ``Waveform`` (tilt and pulse width applied), summed in
    ///   Float64 over k = 1...``harmonicCount(_:)``, rounded once to Float.
    /// - theta_n = phase + 2 pi n f / sampleRate at a constant frequency. With glide/vibrato,
    ///   f(t) = f0 (f1 / f0)^(t / duration) 2^((depth / 1200) sin(2 pi rate t)) and the phase in
    ///   cycles advances by the midpoint rule, cycles_{n+1} = cycles_n + f((n + 1/2) / sr) / sr.
    /// - env is the linear ADSR envelope: t / A on [0, A); 1 - (1 - S)(t - A) / D on [A, A + D);
    ///   S until duration - R; then S (duration - t) / R (identically 1 by default).
    /// - noise_n (only when `p.snr` is set) = sigma * rng.nextGaussian(), exactly one draw per
    ///   sample in sample order and nothing else drawn, sigma^2 = P / 10^(snr / 10) with
    ///   P = (gain * amplitude)^2 * sum_k (b_k^2 + c_k^2) / 2 * mean_n env(t_n)^2, the tone's
    ///   mean power.
    ///
    /// Legacy mode evaluates the published formulas (see ``OscillatorMode/legacy``) and draws
    /// nothing. The tone must have no ``problem(with:)``. `out` grows when shorter than the
    /// tone; samples after the tone are left as they were.
    public func render(_ p: ToneParameters, gain: Double, rng: inout Xoshiro256StarStar,
                       into out: inout [Float]) -> Int {
        let count = sampleCount(duration: p.duration)
        if out.count < count { out = [Float](repeating: 0, count: count) }
        out.withUnsafeMutableBufferPointer { buffer in
            switch mode {
            case .bandlimited:
                renderBandLimited(p, gain: gain, count: count, rng: &rng, into: buffer)
            case .legacy:
                renderLegacy(p, gain: gain, count: count, into: buffer)
            }
        }
        return count
    }

    /// Convenience for tests and small tools: renders `p` into a new array.
    public func render(_ p: ToneParameters, gain: Double = 1, rng: inout Xoshiro256StarStar) -> [Float] {
        var out = [Float](repeating: 0, count: sampleCount(duration: p.duration))
        _ = render(p, gain: gain, rng: &rng, into: &out)
        return out
    }
}
