import DSP
import Foundation

/// The parallel branch of the Klatt synthesizer (Klatt 1980, JASA 67(3) 971-995, Fig. 3): six
/// formant resonators F1..F6 (bandwidths B1P..B6P) and a bypass, each with its own amplitude
/// (A1..A6, AB in dB, converted by ``KlattFrame/linearAmplitude(decibels:)``).
///
/// Inputs: F1 takes the voicing; F2..F6 take the frication noise plus the first difference of
/// the voicing (which keeps voicing's low frequencies out of the higher formants, as in Klatt
/// 1980); the bypass takes the frication alone. The outputs are summed with alternating signs,
/// +F1 - F2 + F3 - F4 + F5 - F6 + bypass, so that the skirts of neighbouring formants add in
/// phase between them instead of cancelling.
///
/// Every resonator has Klatt's gain 1 at 0 Hz (so its peak gain is roughly F / B); the amplitudes
/// set the levels. A block whose amplitudes are all zero is skipped and the states cleared.
///
/// Cost: the branch is silent most of the time (vowels, sonorants), so ``update(_:)`` computes a
/// resonator's coefficients (exp and cos) only while its amplitude is on, and only when its F or
/// BW changed; the coefficients are a pure function of F and BW, so this is exact. The block
/// runs sample by sample through all the formants that are on, their recurrences overlapping.
public struct ParallelBranch: Sendable {
    /// Sample rate in Hz.
    public let sampleRate: Double
    private var resonators: (Resonator, Resonator, Resonator, Resonator, Resonator, Resonator)
    private var gains: (Double, Double, Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0, 0, 0)
    /// The (F, BW) each resonator's coefficients were computed for (NaN: never).
    private var applied: [(frequency: Double, bandwidth: Double)] = Array(repeating: (.nan, .nan), count: 6)
    private var previousVoicing = 0.0
    private var levels = (DecibelLevel(), DecibelLevel(), DecibelLevel(), DecibelLevel(), DecibelLevel(),
                          DecibelLevel(), DecibelLevel())

    /// The most samples one call of ``process(voicing:frication:into:count:)`` takes.
    public static let maximumBlock = 32

    /// A branch at `sampleRate` Hz set to `frame`, state at rest.
    public init(sampleRate: Double, frame: KlattFrame = KlattFrame()) {
        self.sampleRate = sampleRate
        let r = Resonator(frequency: 500, bandwidth: 80, sampleRate: sampleRate)
        resonators = (r, r, r, r, r, r)
        update(frame)
    }

    /// True when every amplitude of the current setting is zero (the branch is silent).
    public var isSilent: Bool {
        gains.0 == 0 && gains.1 == 0 && gains.2 == 0 && gains.3 == 0 && gains.4 == 0 && gains.5 == 0
            && gains.6 == 0
    }

    /// Sets frequencies (F1..F6), bandwidths (B1P..B6P) and amplitudes (A1..A6, AB) from
    /// `frame`, keeping state. Formants at or above 0.475 fs get amplitude 0.
    public mutating func update(_ frame: KlattFrame) {
        let limit = 0.475 * sampleRate
        gains = (levels.0.linear(frame.f1 < limit ? frame.a1 : 0), levels.1.linear(frame.f2 < limit ? frame.a2 : 0),
                 levels.2.linear(frame.f3 < limit ? frame.a3 : 0), levels.3.linear(frame.f4 < limit ? frame.a4 : 0),
                 levels.4.linear(frame.f5 < limit ? frame.a5 : 0), levels.5.linear(frame.f6 < limit ? frame.a6 : 0),
                 levels.6.linear(frame.ab))
        if gains.0 != 0 { Self.set(&resonators.0, 0, min(frame.f1, limit), frame.b1p, &applied, sampleRate) }
        if gains.1 != 0 { Self.set(&resonators.1, 1, min(frame.f2, limit), frame.b2p, &applied, sampleRate) }
        if gains.2 != 0 { Self.set(&resonators.2, 2, min(frame.f3, limit), frame.b3p, &applied, sampleRate) }
        if gains.3 != 0 { Self.set(&resonators.3, 3, min(frame.f4, limit), frame.b4p, &applied, sampleRate) }
        if gains.4 != 0 { Self.set(&resonators.4, 4, min(frame.f5, limit), frame.b5p, &applied, sampleRate) }
        if gains.5 != 0 { Self.set(&resonators.5, 5, min(frame.f6, limit), frame.b6p, &applied, sampleRate) }
    }

    /// Sets `r` (resonator `index`) to F `frequency`, BW `bandwidth` Hz unless its coefficients
    /// are already for those values.
    private static func set(_ r: inout Resonator, _ index: Int, _ frequency: Double, _ bandwidth: Double,
                            _ applied: inout [(frequency: Double, bandwidth: Double)], _ sampleRate: Double) {
        guard applied[index] != (frequency, bandwidth) else { return }
        r.setFrequency(frequency, bandwidth: bandwidth, sampleRate: sampleRate)
        applied[index] = (frequency, bandwidth)
    }

    /// Adds the branch output for the first `count` samples of `voicing` (the radiated voicing
    /// excitation) and `frication` (the radiated frication noise, already scaled by AF) to `out`.
    /// At most ``maximumBlock`` samples per call.
    ///
    /// Per sample, in this order: `out += A1 F1(voicing) - A2 F2(e) + A3 F3(e) - A4 F4(e)
    /// + A5 F5(e) - A6 F6(e) + AB frication`, e = frication + the voicing's first difference;
    /// a formant whose amplitude is 0 is skipped and cleared (so it does not ring out stale state
    /// when it comes back).
    public mutating func process(voicing: [Double], frication: [Double], into out: inout [Double], count: Int) {
        precondition(count >= 0 && count <= Self.maximumBlock && count <= voicing.count
                     && count <= frication.count && count <= out.count, "block of \(count) exceeds the buffers")
        guard count > 0 else { return }
        if isSilent {
            clear()
            previousVoicing = voicing[count - 1]
            return
        }
        // Local copies keep the six recurrences in registers for the block.
        var (r0, r1, r2, r3, r4, r5) = resonators
        let (g0, g1, g2, g3, g4, g5, g6) = gains
        var last = previousVoicing
        for n in 0..<count {
            let v = voicing[n], f = frication[n]
            let e = f + (v - last)
            last = v
            var y = out[n]
            if g0 != 0 { y += g0 * r0.process(v) }
            if g1 != 0 { y += -g1 * r1.process(e) }
            if g2 != 0 { y += g2 * r2.process(e) }
            if g3 != 0 { y += -g3 * r3.process(e) }
            if g4 != 0 { y += g4 * r4.process(e) }
            if g5 != 0 { y += -g5 * r5.process(e) }
            if g6 != 0 { y += g6 * f }
            out[n] = y
        }
        previousVoicing = last
        if g0 == 0 { r0.reset() }
        if g1 == 0 { r1.reset() }
        if g2 == 0 { r2.reset() }
        if g3 == 0 { r3.reset() }
        if g4 == 0 { r4.reset() }
        if g5 == 0 { r5.reset() }
        resonators = (r0, r1, r2, r3, r4, r5)
    }

    /// Clears every resonator state (the voicing history for the first difference is kept).
    public mutating func clear() {
        resonators.0.reset(); resonators.1.reset(); resonators.2.reset()
        resonators.3.reset(); resonators.4.reset(); resonators.5.reset()
    }
}
