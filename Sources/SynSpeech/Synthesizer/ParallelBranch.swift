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
public struct ParallelBranch: Sendable {
    /// Sample rate in Hz.
    public let sampleRate: Double
    private var resonators: (Resonator, Resonator, Resonator, Resonator, Resonator, Resonator)
    private var gains: (Double, Double, Double, Double, Double, Double, Double) = (0, 0, 0, 0, 0, 0, 0)
    private var scratch: [Double]
    private var excitation: [Double]
    private var previousVoicing = 0.0

    /// The most samples one call of ``process(voicing:frication:into:count:)`` takes.
    public static let maximumBlock = 32

    /// A branch at `sampleRate` Hz set to `frame`, state at rest.
    public init(sampleRate: Double, frame: KlattFrame = KlattFrame()) {
        self.sampleRate = sampleRate
        let r = Resonator(frequency: 500, bandwidth: 80, sampleRate: sampleRate)
        resonators = (r, r, r, r, r, r)
        scratch = [Double](repeating: 0, count: Self.maximumBlock)
        excitation = scratch
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
        let fs = sampleRate, limit = 0.475 * sampleRate
        @inline(__always) func gain(_ db: Double, _ f: Double) -> Double {
            f < limit ? KlattFrame.linearAmplitude(decibels: db) : 0
        }
        resonators.0.setFrequency(min(frame.f1, limit), bandwidth: frame.b1p, sampleRate: fs)
        resonators.1.setFrequency(min(frame.f2, limit), bandwidth: frame.b2p, sampleRate: fs)
        resonators.2.setFrequency(min(frame.f3, limit), bandwidth: frame.b3p, sampleRate: fs)
        resonators.3.setFrequency(min(frame.f4, limit), bandwidth: frame.b4p, sampleRate: fs)
        resonators.4.setFrequency(min(frame.f5, limit), bandwidth: frame.b5p, sampleRate: fs)
        resonators.5.setFrequency(min(frame.f6, limit), bandwidth: frame.b6p, sampleRate: fs)
        gains = (gain(frame.a1, frame.f1), gain(frame.a2, frame.f2), gain(frame.a3, frame.f3),
                 gain(frame.a4, frame.f4), gain(frame.a5, frame.f5), gain(frame.a6, frame.f6),
                 KlattFrame.linearAmplitude(decibels: frame.ab))
    }

    /// Adds the branch output for the first `count` samples of `voicing` (the radiated voicing
    /// excitation) and `frication` (the radiated frication noise, already scaled by AF) to `out`.
    /// At most ``maximumBlock`` samples per call.
    public mutating func process(voicing: [Double], frication: [Double], into out: inout [Double], count: Int) {
        precondition(count >= 0 && count <= Self.maximumBlock && count <= voicing.count
                     && count <= frication.count && count <= out.count, "block of \(count) exceeds the buffers")
        guard count > 0 else { return }
        if isSilent {
            clear()
            previousVoicing = voicing[count - 1]
            return
        }
        // F1: voicing.
        if gains.0 != 0 {
            for n in 0..<count { scratch[n] = voicing[n] }
            resonators.0.process(&scratch, count: count)
            for n in 0..<count { out[n] += gains.0 * scratch[n] }
        } else {
            resonators.0.reset()
        }
        // F2..F6: frication plus the first difference of the voicing.
        var last = previousVoicing
        for n in 0..<count {
            let v = voicing[n]
            excitation[n] = frication[n] + (v - last)
            last = v
        }
        previousVoicing = last
        Self.run(&resonators.1, -gains.1, excitation, &scratch, &out, count: count)
        Self.run(&resonators.2, gains.2, excitation, &scratch, &out, count: count)
        Self.run(&resonators.3, -gains.3, excitation, &scratch, &out, count: count)
        Self.run(&resonators.4, gains.4, excitation, &scratch, &out, count: count)
        Self.run(&resonators.5, -gains.5, excitation, &scratch, &out, count: count)
        if gains.6 != 0 {
            for n in 0..<count { out[n] += gains.6 * frication[n] }
        }
    }

    /// Runs the excitation through `r` and adds `g` times the result to `out` (an off formant,
    /// g = 0, is cleared so it does not ring out stale state when it comes back).
    @inline(__always)
    private static func run(_ r: inout Resonator, _ g: Double, _ excitation: [Double], _ scratch: inout [Double],
                            _ out: inout [Double], count: Int) {
        guard g != 0 else {
            r.reset()
            return
        }
        for n in 0..<count { scratch[n] = excitation[n] }
        r.process(&scratch, count: count)
        for n in 0..<count { out[n] += g * scratch[n] }
    }

    /// Clears every resonator state (the voicing history for the first difference is kept).
    public mutating func clear() {
        resonators.0.reset(); resonators.1.reset(); resonators.2.reset()
        resonators.3.reset(); resonators.4.reset(); resonators.5.reset()
    }
}
