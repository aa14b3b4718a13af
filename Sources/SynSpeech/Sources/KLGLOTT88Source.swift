import DSP
import Foundation

/// The parameters of the KLGLOTT88 voice source for one frame (Klatt & Klatt 1990, JASA 87(2),
/// the KLSYN88 voicing source). A value type: set it on the source whenever a new frame starts.
public struct KLGLOTT88Frame: Sendable, Hashable {
    /// Peak glottal flow of a period (linear amplitude; the flow derivative the source emits is
    /// per sample, so its running sum is the flow in these units). KLSYN88's AV after dB to
    /// linear conversion. Takes effect at the next glottal period.
    public var amplitude: Double
    /// Open quotient OQ in (0, 1]: the open phase as a fraction of the period (KLSYN88's OQ
    /// divided by 100). Takes effect at the next glottal period.
    public var openQuotient: Double
    /// Spectral tilt TL in dB (>= 0): the attenuation at 3 kHz of the one-pole low-pass that
    /// follows the source (gain 1 at 0 Hz). Takes effect at once.
    public var spectralTilt: Double
    /// Flutter FL in percent (0...100): the slow quasi-random F0 wobble of Klatt & Klatt 1990,
    /// F0 (1 + FL / 50 (sin(2 pi 12.7 t) + sin(2 pi 7.1 t) + sin(2 pi 4.7 t)) / 100), t in s.
    public var flutter: Double
    /// Diplophonia DI in percent (0...100, KLSYN88): every second pulse delayed by DI / 100 of
    /// the closed phase and attenuated by 1 - DI / 100 (see ``VoicePerturbation``). Takes effect
    /// at the next glottal period.
    public var diplophonia: Double

    /// A frame of these values: amplitude (linear peak flow), OQ in (0, 1], TL in dB at 3 kHz,
    /// FL and DI in percent.
    public init(amplitude: Double = 1, openQuotient: Double = 0.5, spectralTilt: Double = 0, flutter: Double = 0,
                diplophonia: Double = 0) {
        self.amplitude = amplitude
        self.openQuotient = openQuotient
        self.spectralTilt = spectralTilt
        self.flutter = flutter
        self.diplophonia = diplophonia
    }
}

/// The KLGLOTT88 voice source (Klatt & Klatt 1990, JASA 87(2); the KLSYN88 synthesizer):
/// the glottal flow derivative of the polynomial pulse U(x) = AV (27 / 4) (x^2 - x^3) over the
/// open phase, x = time since opening / open-phase length in [0, 1], and zero over the closed
/// phase. Radiation (first difference) is folded in: the output is dU per sample, so summing it
/// gives the flow, which returns to zero at every closure (peak AV at x = 2/3).
///
/// Each period starts with the closed phase and ends with the open phase (the closure is the
/// end of the period), as in KLSYN88. The period comes from a ``PhaseAccumulator`` advanced by
/// F0 / fs every sample, so periods have exact fractional lengths (fs / F0, not rounded to whole
/// samples, which would make 120 Hz come out as 120.30 Hz at 16 kHz). The closure, where the
/// derivative jumps from -27 AV / (4 OQ) per period back to 0, falls between samples at its
/// exact fractional time; a 2-sample polyBLEP (the residual of a step smoothed by a unit
/// triangle, Valimaki & Huovilainen 2007) is added to the sample before and the sample after
/// it, which lowers the aliasing of the jump (by about 10 dB above 0.45 fs at 16 kHz; a
/// 2-sample kernel cannot do much more for the aliases folding in near Nyquist). The sample
/// after the closure also absorbs the open phase's Riemann-sum error (a few 1e-5 of the peak
/// flow), so the flow is exactly zero again after every closure: no DC drift.
///
/// Amplitude AV and OQ are latched at the start of each period (changes take effect at the next
/// period), together with the period's ``VoicePerturbation`` factors (jitter, shimmer,
/// diplophonia); tilt TL acts at once through a ``SpectralTiltFilter``; flutter FL modulates F0
/// through ``Flutter`` (three slow sines evaluated once per 16 samples). Per sample: a few
/// multiplies, no transcendental call, no allocation, no dynamic dispatch.
public struct KLGLOTT88Source: GlottalSource {
    /// Sample rate in Hz.
    public let sampleRate: Double
    /// The current frame; amplitude, OQ and DI take effect at the next period, TL and FL at once.
    public var frame: KLGLOTT88Frame {
        didSet { tilt.decibels = frame.spectralTilt }
    }
    /// When false, the closure is left as a plain step (for measuring what the polyBLEP buys).
    public var usesPolyBLEP: Bool = true
    /// The phase, flutter and per-period perturbations.
    public private(set) var clock: GlottalClock
    /// The glottal phase in cycles: [0, 1 - OQ) closed, [1 - OQ, 1) open, closure at the wrap.
    public var phase: PhaseAccumulator { clock.phase }
    private var openQuotient: Double
    /// 27 AV / (4 OQ) of the current period (times its shimmer factor): dU/dphase = gain (2x - 3x^2).
    private var gain: Double
    private var pendingResidual = 0.0
    /// Running sum of the untilted output since the last closure: the glottal flow.
    private var flow = 0.0
    private var tilt: SpectralTiltFilter

    /// The pole p of the one-pole low-pass y[n] = (1 - p) x[n] + p y[n-1] (gain 1 at 0 Hz) whose
    /// attenuation at `frequency` Hz is `decibels` dB at `sampleRate` Hz: KLSYN88's spectral tilt
    /// TL (see ``SpectralTiltFilter/pole(decibels:at:sampleRate:)``).
    public static func spectralTiltPole(decibels: Double, at frequency: Double = 3000, sampleRate: Double) -> Double {
        SpectralTiltFilter.pole(decibels: decibels, at: frequency, sampleRate: sampleRate)
    }

    /// A source at `sampleRate` Hz starting at the beginning of a closed phase with `frame`,
    /// perturbed by `perturbation` (none by default).
    public init(sampleRate: Double, frame: KLGLOTT88Frame = KLGLOTT88Frame(), perturbation: VoicePerturbation = .none) {
        precondition(sampleRate > 6000, "the 3 kHz tilt reference needs a sample rate above 6 kHz")
        precondition(frame.openQuotient > 0 && frame.openQuotient <= 1, "OQ must be in (0, 1]")
        self.sampleRate = sampleRate
        self.frame = frame
        clock = GlottalClock(sampleRate: sampleRate, perturbation: perturbation)
        openQuotient = frame.openQuotient
        gain = 0
        tilt = SpectralTiltFilter(decibels: frame.spectralTilt, sampleRate: sampleRate)
        startPeriod()
    }

    /// A source with unit amplitude and `controls` (``GlottalSource``).
    public init(sampleRate: Double, controls: GlottalControls, perturbation: VoicePerturbation) {
        self.init(sampleRate: sampleRate, frame: KLGLOTT88Frame(controls), perturbation: perturbation)
    }

    /// Sets the frame to unit amplitude and `controls`.
    public mutating func apply(_ controls: GlottalControls) { frame = KLGLOTT88Frame(controls) }

    /// Open in [1 - OQ, 1) of the current period's OQ.
    public var isOpen: Bool { phase.cycles >= 1 - openQuotient }

    /// In the closed phase of the current frame's OQ, where the output is exactly 0.
    public var canStartVoicing: Bool { phase.cycles < 1 - frame.openQuotient }

    /// Latches OQ, amplitude and the perturbations of the period that starts.
    private mutating func startPeriod() {
        openQuotient = frame.openQuotient
        let shimmer = clock.startPeriod(diplophonia: frame.diplophonia, closedQuotient: 1 - openQuotient)
        gain = 27 * frame.amplitude * shimmer / (4 * openQuotient)
    }

    /// The next output sample (flow derivative per sample, after tilt) for fundamental
    /// frequency `f0` Hz (0 <= f0 < fs; 0 holds the phase and gives silence).
    public mutating func next(f0: Double) -> Double {
        let delta = clock.increment(f0: f0, flutter: frame.flutter)
        let phi = phase.cycles
        let openStart = 1 - openQuotient
        var g = pendingResidual
        pendingResidual = 0
        if phi >= openStart {
            let x = (phi - openStart) / openQuotient
            g += gain * delta * x * (2 - 3 * x)
        }
        let closes = phi + delta >= 1
        if closes && usesPolyBLEP {
            // The derivative jumps by +gain * delta at d samples after this one.
            let d = (1 - phi) / delta
            let height = gain * delta
            g += height * 0.5 * (1 - d) * (1 - d)
            // The sample after the closure takes the polyBLEP residual -height d^2 / 2, which is
            // what returns the flow to zero up to the Riemann-sum error of the open phase (a few
            // 1e-5 of the peak flow, biased when fs / F0 has a small denominator: 0.014 after
            // 2 s at 120 Hz). Taking instead exactly the negated flow so far closes every
            // period at zero flow: no DC drift.
            pendingResidual = -(flow + g)
        }
        flow += g
        clock.advance(by: delta)
        if closes { startPeriod() }
        return tilt.process(g)
    }

    /// Renders `count` samples at constant `f0` Hz (before flutter) into the start of `out`.
    public mutating func render(f0: Double, into out: inout [Double], count: Int) {
        precondition(count >= 0 && count <= out.count, "count \(count) outside 0...\(out.count)")
        for n in 0..<count { out[n] = next(f0: f0) }
    }
}

extension KLGLOTT88Frame {
    /// The frame of unit amplitude with `controls`' OQ, TL, FL and DI.
    public init(_ controls: GlottalControls) {
        self.init(amplitude: 1, openQuotient: controls.openQuotient, spectralTilt: controls.spectralTilt,
                  flutter: controls.flutter, diplophonia: controls.diplophonia)
    }
}
