import DSP
import Foundation

/// The parameters of the impulse voice source for one frame: the KLGLOTT88 frame's fields.
/// The amplitude is the peak flow of an isolated pulse. The impulse source has no open phase of
/// its own, so OQ only places the span [1 - OQ, 1) treated as open (breathiness) and the closed
/// phase diplophonia delays into, as for KLGLOTT88.
public typealias ImpulseFrame = KLGLOTT88Frame

/// Klatt 1980's impulsive voicing source (JASA 67(3) 971-995, Fig. 3; KLSYN88's source switch
/// SS = 1): one impulse per period through the glottal low-pass RGP (a resonator at 0 Hz,
/// bandwidth 100 Hz) and the anti-resonator RGZ (1500 Hz, bandwidth 6000 Hz), both of unit gain
/// at 0 Hz, giving the glottal flow; radiation (first difference) is folded in, so the output
/// is the flow difference per sample, like the other sources.
///
/// Exact fractional F0: the period comes from a ``PhaseAccumulator`` advanced by F0 / fs; the
/// impulse falls at the wrap's exact fractional time n + d (d in (0, 1] samples after sample n)
/// and is split linearly between its two neighbouring samples, 1 - d on sample n and d on
/// sample n + 1 (a 2-sample triangle kernel, the derivative of the 2-sample polyBLEP). Its
/// low-frequency delay is exactly d, so pulse times and F0 are exact; above that the kernel's
/// response depends on d (1 at d in {0, 1}, cos(pi f / fs)-like at d = 1/2, 0 at Nyquist), which
/// makes the highest harmonics fluctuate slightly from period to period and leaves aliases at
/// the level of the triangle kernel's sinc^2 skirt; RGP's -12 dB per octave above 100 Hz
/// keeps all of it far below the harmonics that matter.
///
/// Normalisation: the impulse's weight makes an isolated pulse's peak flow equal the amplitude
/// (the same peak flow as a KLGLOTT88 pulse). RGP's response (time constant 1 / (pi 100 Hz) =
/// 3.2 ms) outlasts short periods, so successive pulses overlap: the flow does not return to zero
/// within a period (at 120 Hz it falls to about half its peak), and its steady peak grows with F0.
/// The output stays a first difference, so its running sum is the bounded, periodic flow: no DC
/// drift. Measured through the synthesizer (/a/, AV 60 dB), this normalisation is 3.7 dB (F0
/// 100 Hz) to 5.6 dB (120 Hz) quieter in RMS than KLGLOTT88, whose closure step carries more
/// energy at the formants than RGP's smooth pulse.
///
/// In the ``KlattSynthesizer`` AV multiplies the source's output, so an AV change at a period
/// start also scales the ringing of the previous pulse still sounding (Klatt 1980 scales the
/// impulse before RGP); with AV moving a few dB per frame that is a small step in a decaying tail.
///
/// Amplitude, OQ and the perturbations (``VoicePerturbation``) are latched at the start of each
/// period (the pulse at its end carries them); TL acts at once (``SpectralTiltFilter``), FL
/// through ``Flutter``. Per sample: two short filters, no transcendental call.
public struct ImpulseSource: GlottalSource {
    /// RGP's bandwidth in Hz (Klatt 1980, Table I).
    public static let lowPassBandwidth = 100.0
    /// RGZ's frequency and bandwidth in Hz (Klatt 1980, Table I).
    public static let antiResonance = (frequency: 1500.0, bandwidth: 6000.0)

    /// Sample rate in Hz.
    public let sampleRate: Double
    /// The current frame; amplitude, OQ and DI take effect at the next period, TL and FL at once.
    public var frame: ImpulseFrame {
        didSet { tilt.decibels = frame.spectralTilt }
    }
    /// The phase, flutter and per-period perturbations.
    public private(set) var clock: GlottalClock
    /// The glottal phase in cycles; the impulse falls at the wrap.
    public var phase: PhaseAccumulator { clock.phase }
    /// The impulse weight giving an isolated pulse unit peak flow.
    public let unitPulseWeight: Double
    private var lowPass: Resonator
    private var antiResonator: AntiResonator
    private var tilt: SpectralTiltFilter
    private var weight = 0.0
    private var openQuotient: Double
    private var pendingImpulse = 0.0
    private var lastFlow = 0.0

    /// The peak of RGZ(RGP(unit impulse)) at `sampleRate` Hz (over its first 50 ms, which hold
    /// the peak at about 3 ms).
    static func unitPulsePeak(sampleRate: Double) -> Double {
        var rgp = Resonator(frequency: 0, bandwidth: lowPassBandwidth, sampleRate: sampleRate)
        var rgz = AntiResonator(frequency: antiResonance.frequency, bandwidth: antiResonance.bandwidth,
                                sampleRate: sampleRate)
        var peak = 0.0
        for n in 0..<Int(0.05 * sampleRate) { peak = max(peak, rgz.process(rgp.process(n == 0 ? 1 : 0))) }
        return peak
    }

    /// A source at `sampleRate` Hz at the start of a period with `frame`, perturbed by
    /// `perturbation` (none by default).
    public init(sampleRate: Double, frame: ImpulseFrame = ImpulseFrame(), perturbation: VoicePerturbation = .none) {
        precondition(sampleRate > 6000, "the 3 kHz tilt reference needs a sample rate above 6 kHz")
        precondition(frame.openQuotient > 0 && frame.openQuotient <= 1, "OQ must be in (0, 1]")
        self.sampleRate = sampleRate
        self.frame = frame
        clock = GlottalClock(sampleRate: sampleRate, perturbation: perturbation)
        unitPulseWeight = 1 / Self.unitPulsePeak(sampleRate: sampleRate)
        lowPass = Resonator(frequency: 0, bandwidth: Self.lowPassBandwidth, sampleRate: sampleRate)
        antiResonator = AntiResonator(frequency: Self.antiResonance.frequency,
                                      bandwidth: Self.antiResonance.bandwidth, sampleRate: sampleRate)
        tilt = SpectralTiltFilter(decibels: frame.spectralTilt, sampleRate: sampleRate)
        openQuotient = frame.openQuotient
        startPeriod()
    }

    /// A source with unit amplitude and `controls`.
    public init(sampleRate: Double, controls: GlottalControls, perturbation: VoicePerturbation) {
        self.init(sampleRate: sampleRate, frame: ImpulseFrame(controls), perturbation: perturbation)
    }

    /// Sets the frame to unit amplitude and `controls`.
    public mutating func apply(_ controls: GlottalControls) { frame = ImpulseFrame(controls) }

    /// In [1 - OQ, 1), the span ending at the pulse (as KLGLOTT88's open phase).
    public var isOpen: Bool { phase.cycles >= 1 - openQuotient }

    /// Never: RGP's ringing from the previous pulses is always sounding.
    public var canStartVoicing: Bool { false }

    /// Latches amplitude, OQ and the perturbations of the period that starts.
    private mutating func startPeriod() {
        openQuotient = frame.openQuotient
        let shimmer = clock.startPeriod(diplophonia: frame.diplophonia, closedQuotient: 1 - openQuotient)
        weight = unitPulseWeight * frame.amplitude * shimmer
    }

    /// The next output sample (flow difference per sample, after tilt) for fundamental
    /// frequency `f0` Hz (0 <= f0 < fs).
    public mutating func next(f0: Double) -> Double {
        let delta = clock.increment(f0: f0, flutter: frame.flutter)
        let phi = clock.phase.cycles
        var x = pendingImpulse
        pendingImpulse = 0
        let closes = phi + delta >= 1
        if closes {
            // The impulse at d samples after this one, split linearly over this and the next sample.
            let d = (1 - phi) / delta
            x += weight * (1 - d)
            pendingImpulse = weight * d
        }
        let flow = antiResonator.process(lowPass.process(x))
        let g = flow - lastFlow
        lastFlow = flow
        clock.advance(by: delta)
        if closes { startPeriod() }
        return tilt.process(g)
    }
}
