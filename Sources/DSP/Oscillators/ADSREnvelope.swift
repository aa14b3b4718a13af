/// The attack-decay-sustain-release envelope of a sound (linear segments), evaluated at the
/// sample times t = n / sampleRate:
///
///     t < A:              t / A                       (0 -> 1)
///     A <= t < A + D:     1 - (1 - S) (t - A) / D      (1 -> S)
///     A + D <= t < T - R: S
///     T - R <= t:         S (T - t) / R               (S -> 0 at t = T, the tone's duration)
///
/// with A + D + R <= T (callers refuse longer envelopes). A zero-length segment is skipped,
/// so A = D = R = 0, S = 1 is the constant 1. Times in seconds, levels linear.
public struct ADSREnvelope: Sendable, Hashable {
    /// Attack time A (s).
    public var attack: Double
    /// Decay time D (s).
    public var decay: Double
    /// Sustain level S in 0...1.
    public var sustain: Double
    /// Release time R (s).
    public var release: Double
    /// Total duration T (s).
    public var duration: Double

    /// An envelope of these segments.
    public init(attack: Double, decay: Double, sustain: Double, release: Double, duration: Double) {
        self.attack = attack
        self.decay = decay
        self.sustain = sustain
        self.release = release
        self.duration = duration
    }

    /// True when the envelope is identically 1 and can be skipped.
    public var isIdentity: Bool { attack == 0 && decay == 0 && sustain == 1 && release == 0 }

    /// The largest value the envelope takes.
    public var maximum: Double { attack > 0 || decay > 0 ? 1 : sustain }

    /// The envelope at time `t` seconds.
    @inlinable @inline(__always)
    public func value(at t: Double) -> Double {
        if release > 0 && t >= duration - release {
            return sustain * max(0, (duration - t) / release)
        }
        if t < attack { return t / attack }
        if t < attack + decay { return 1 - (1 - sustain) * (t - attack) / decay }
        return sustain
    }

    /// Mean of the squared envelope over the samples n = 0..<count at `sampleRate`.
    public func meanSquare(count: Int, sampleRate: Double) -> Double {
        if isIdentity || count == 0 { return 1 }
        var sum = 0.0
        for n in 0..<count {
            let e = value(at: Double(n) / sampleRate)
            sum += e * e
        }
        return sum / Double(count)
    }
}
