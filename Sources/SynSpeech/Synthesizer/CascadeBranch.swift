import DSP
import Foundation

/// The cascade branch of the Klatt synthesizer (Klatt 1980, JASA 67(3) 971-995, Fig. 3): the
/// voicing and aspiration excitation through the nasal zero (``AntiResonator``) and nasal pole,
/// then F1..F5 from the frame, then fixed higher formants, all in series.
///
/// The fixed higher formants are those of a uniform tube closed at the glottis,
/// F_n = (2n - 1) c / (4 L) = (2n - 1) 500 Hz x (17.5 cm / L) for n = 6, 7, ... (c = 350 m/s),
/// kept while F_n <= 0.45 fs; their bandwidths are 0.06 F_n Hz. At 16 kHz and L = 17.5 cm that
/// is F6 = 5500 and F7 = 6500 Hz: seven formants in all (specs/synspeech.md: fewer than six
/// make formant trackers misread F2/F3). A frame formant at or above 0.475 fs is skipped (a
/// resonator there would fold over Nyquist), which matters only at 8-10 kHz.
///
/// Every resonator has gain 1 at 0 Hz. Coefficients change per block (``update(_:)``) and the
/// filter states carry over, so interpolated formants glide without clicks.
public struct CascadeBranch: Sendable {
    /// The reference vocal-tract length L_ref in cm of the fixed formant series (17.5 cm).
    public static let referenceLength = 17.5
    /// Sample rate in Hz.
    public let sampleRate: Double
    /// Vocal-tract length L in cm; the fixed formants scale by L_ref / L.
    public let vocalTractLength: Double
    /// The fixed higher formant frequencies in Hz (above F5), in order.
    public let fixedFrequencies: [Double]

    private var nasalZero: AntiResonator
    private var nasalPole: Resonator
    private var formants: (Resonator, Resonator, Resonator, Resonator, Resonator)
    private var active: (Bool, Bool, Bool, Bool, Bool) = (true, true, true, true, true)
    private var fixed: [Resonator]

    /// A branch at `sampleRate` Hz for a vocal tract of `vocalTractLength` cm, set to `frame`,
    /// state at rest.
    public init(sampleRate: Double, vocalTractLength: Double = CascadeBranch.referenceLength,
                frame: KlattFrame = KlattFrame()) {
        precondition(vocalTractLength > 0, "vocal-tract length must be positive")
        self.sampleRate = sampleRate
        self.vocalTractLength = vocalTractLength
        let scale = Self.referenceLength / vocalTractLength
        var frequencies: [Double] = []
        var n = 6
        while Double(2 * n - 1) * 500 * scale <= 0.45 * sampleRate {
            frequencies.append(Double(2 * n - 1) * 500 * scale)
            n += 1
        }
        fixedFrequencies = frequencies
        fixed = frequencies.map { Resonator(frequency: $0, bandwidth: 0.06 * $0, sampleRate: sampleRate) }
        let r = Resonator(frequency: 500, bandwidth: 60, sampleRate: sampleRate)
        nasalZero = AntiResonator(frequency: frame.fnz, bandwidth: frame.bnz, sampleRate: sampleRate)
        nasalPole = r
        formants = (r, r, r, r, r)
        update(frame)
    }

    /// Number of formant resonators in series (F1..F5 plus the fixed ones; the nasal pair not
    /// counted).
    public var formantCount: Int { 5 + fixed.count }

    /// Sets the nasal pole/zero and F1..F5 with their bandwidths from `frame`, keeping state.
    public mutating func update(_ frame: KlattFrame) {
        let fs = sampleRate, limit = 0.475 * sampleRate
        nasalZero.setFrequency(frame.fnz, bandwidth: frame.bnz, sampleRate: fs)
        nasalPole.setFrequency(frame.fnp, bandwidth: frame.bnp, sampleRate: fs)
        formants.0.setFrequency(frame.f1, bandwidth: frame.b1, sampleRate: fs)
        formants.1.setFrequency(frame.f2, bandwidth: frame.b2, sampleRate: fs)
        formants.2.setFrequency(frame.f3, bandwidth: frame.b3, sampleRate: fs)
        formants.3.setFrequency(frame.f4, bandwidth: frame.b4, sampleRate: fs)
        formants.4.setFrequency(frame.f5, bandwidth: frame.b5, sampleRate: fs)
        active = (frame.f1 < limit, frame.f2 < limit, frame.f3 < limit, frame.f4 < limit, frame.f5 < limit)
    }

    /// Filters the first `count` samples of `block` in place through the whole cascade.
    public mutating func process(_ block: inout [Double], count: Int) {
        precondition(count >= 0 && count <= block.count, "count \(count) outside 0...\(block.count)")
        nasalZero.process(&block, count: count)
        nasalPole.process(&block, count: count)
        if active.0 { formants.0.process(&block, count: count) }
        if active.1 { formants.1.process(&block, count: count) }
        if active.2 { formants.2.process(&block, count: count) }
        if active.3 { formants.3.process(&block, count: count) }
        if active.4 { formants.4.process(&block, count: count) }
        for i in fixed.indices { fixed[i].process(&block, count: count) }
    }
}
