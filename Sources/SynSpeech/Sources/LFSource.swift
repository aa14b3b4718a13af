import DSP
import Foundation

/// One LF glottal pulse in Fant's one-parameter Rd form, solved, in normalized time: t in
/// periods (T0 = 1), the glottis opening at t = 0 and the return phase ending at tc = 1.
///
/// The LF model (Fant, Liljencrants & Lin 1985, STL-QPSR 26(4) 1-13) of the flow derivative:
/// - open phase, 0 <= t <= te: E(t) = E0 e^(alpha t) sin(wg t), wg = pi / tp;
/// - return phase, te < t <= tc: E(t) = -(Ee / (eps ta)) (e^(-eps (t - te)) - e^(-eps (tc - te))),
///   Ee = -E(te) > 0 the excitation strength.
///
/// eps solves the return-phase equation eps ta = 1 - e^(-eps (tc - te)) (continuity of E at te),
/// alpha the area balance: the flow U(t) = integral of E from 0 returns to 0 at tc.
/// The timing comes from Rd (Fant 1995, STL-QPSR 36(2-3) 119-156, "The LF-model revisited";
/// Fant, Kruckenberg, Liljencrants & Bavegard 1994):
/// Ra = (-1 + 4.8 Rd) / 100, Rk = (22.4 + 11.8 Rd) / 100, and from
/// Rd = (1 / 0.11)(0.5 + 1.2 Rk)(Rk / (4 Rg) + Ra): Rg = Rk / (4 (0.11 Rd / (0.5 + 1.2 Rk) - Ra)),
/// with tp = 1 / (2 Rg), te = tp (1 + Rk), ta = Ra.
///
/// Normalisation: E0 is chosen so the peak flow U(tp) (where E = 0) is 1, the same peak flow as a
/// KLGLOTT88 pulse of amplitude 1, so switching source at the same AV keeps the flow, and roughly
/// the loudness, comparable.
public struct LFPulse: Sendable, Hashable {
    /// The Rd range of Fant's regression (0.3 tense ... 2.7 breathy).
    public static let rdRange = 0.3...2.7
    /// The Rd range on which te rises with Rd (te peaks at 0.790 near Rd 2.4 and falls after),
    /// where an open quotient te / T0 maps to exactly one Rd (``rd(openQuotient:)``).
    public static let monotoneRdRange = 0.3...2.4

    /// The shape parameter Rd.
    public let rd: Double
    /// Time of peak flow tp, periods.
    public let tp: Double
    /// Excitation instant te (maximum negative flow derivative), periods.
    public let te: Double
    /// Return-phase time constant ta, periods.
    public let ta: Double
    /// The return-phase decay eps, 1 / periods.
    public let epsilon: Double
    /// The open-phase growth alpha, 1 / periods.
    public let alpha: Double
    /// wg = pi / tp, rad / period.
    public let omega: Double
    /// E0 for unit peak flow.
    public let e0: Double
    /// The excitation strength Ee = -E(te) > 0 (flow per period).
    public let ee: Double
    /// The flow at te.
    public let flowAtExcitation: Double
    /// e^(-eps (1 - te)).
    private let tailFloor: Double
    /// E0 / (alpha^2 + wg^2).
    private let openScale: Double

    /// `rd` clamped to ``rdRange``.
    public static func clamped(_ rd: Double) -> Double {
        min(max(rd, rdRange.lowerBound), rdRange.upperBound)
    }

    /// tp, te, ta (periods) of `rd` by Fant's regression.
    public static func timing(rd: Double) -> (tp: Double, te: Double, ta: Double) {
        let ra = (-1 + 4.8 * rd) / 100
        let rk = (22.4 + 11.8 * rd) / 100
        let rg = rk / (4 * (0.11 * rd / (0.5 + 1.2 * rk) - ra))
        let tp = 1 / (2 * rg)
        return (tp, tp * (1 + rk), ra)
    }

    /// The Rd in ``monotoneRdRange`` whose te equals `openQuotient` (te / T0, the open quotient
    /// of the LF literature without the return phase), by bisection; open quotients below
    /// te(0.3) = 0.352 give 0.3, above te(2.4) = 0.790 give 2.4. This lets KLSYN88's OQ control
    /// drive the LF source, as OQ drives KLSYN88's own LF option.
    public static func rd(openQuotient: Double) -> Double {
        var lo = monotoneRdRange.lowerBound, hi = monotoneRdRange.upperBound
        if openQuotient <= timing(rd: lo).te { return lo }
        if openQuotient >= timing(rd: hi).te { return hi }
        for _ in 0..<60 {
            let mid = 0.5 * (lo + hi)
            if timing(rd: mid).te < openQuotient { lo = mid } else { hi = mid }
        }
        return 0.5 * (lo + hi)
    }

    /// Solves the pulse of `rd` (clamped to ``rdRange``): eps by Newton's method, alpha by
    /// bisection, both to full double precision.
    public init(rd: Double) {
        let rd = Self.clamped(rd)
        self.rd = rd
        let (tp, te, ta) = Self.timing(rd: rd)
        self.tp = tp
        self.te = te
        self.ta = ta
        let d = 1 - te
        // eps: f(eps) = eps ta - 1 + e^(-eps d) is convex with f(0) = 0 and f'(0) = ta - d < 0
        // over the whole Rd range, so it has one positive root; Newton's method from 1 / ta,
        // where f > 0, descends to it monotonically.
        var eps = 1 / ta
        for _ in 0..<100 {
            let decay = exp(-eps * d)
            let step = (eps * ta - 1 + decay) / (ta - d * decay)
            eps -= step
            if abs(step) <= 1e-16 * eps { break }
        }
        epsilon = eps
        let w = Double.pi / tp
        omega = w
        let s = sin(w * te), c = cos(w * te)
        let floor = exp(-eps * d)
        tailFloor = floor
        // Area balance divided by E0: open-phase area + return-phase area = 0, with the return
        // area -Ee (ta - d e^(-eps d)) / (eps ta) and Ee = -E0 e^(alpha te) sin(wg te).
        let k = (ta - d * floor) / (eps * ta)
        func balance(_ a: Double) -> Double {
            let g = exp(a * te)
            return (g * (a * s - w * c) + w) / (a * a + w * w) + g * s * k
        }
        // balance(0) > 0 and balance -> -infinity as alpha grows (sin(wg te) < 0): one root
        // (alpha from 0.42 at Rd 2.7 to 10.04 at Rd 0.3); bracket it, then bisect to the last bit.
        var lo = 0.0, hi = 1.0
        while balance(lo) <= 0 { lo -= 1 }
        while balance(hi) > 0 { hi *= 2 }
        for _ in 0..<200 {
            let mid = 0.5 * (lo + hi)
            if mid <= lo || mid >= hi { break }
            if balance(mid) > 0 { lo = mid } else { hi = mid }
        }
        let a = 0.5 * (lo + hi)
        alpha = a
        // Unit peak flow: U(tp) = E0 wg (1 + e^(alpha tp)) / (alpha^2 + wg^2) = 1.
        let scale = (a * a + w * w)
        let e0Value = scale / (w * (1 + exp(a * tp)))
        e0 = e0Value
        openScale = e0Value / scale
        ee = -e0Value * exp(a * te) * s
        flowAtExcitation = e0Value / scale * (exp(a * te) * (a * s - w * c) + w)
    }

    /// The flow derivative E(t) (flow per period) at `t` in [0, 1].
    public func derivative(at t: Double) -> Double {
        if t <= te {
            return e0 * exp(alpha * t) * sineCosine(omega * t).sin
        }
        return -(ee / (epsilon * ta)) * (exp(-epsilon * (t - te)) - tailFloor)
    }

    /// The flow U(t) = integral of E from 0 to `t` in [0, 1] (peak 1 at tp, 0 at 0 and 1), in
    /// closed form: one exp and one polynomial sine/cosine in the open phase, one expm1 in the
    /// return phase.
    @inline(__always)
    public func flow(at t: Double) -> Double {
        if t <= te {
            let sc = sineCosine(omega * t)
            return openScale * (exp(alpha * t) * (alpha * sc.sin - omega * sc.cos) + omega)
        }
        let u = t - te
        return flowAtExcitation - (ee / (epsilon * ta)) * (-expm1(-epsilon * u) / epsilon - u * tailFloor)
    }

    /// |eps ta - (1 - e^(-eps (1 - te)))| / (eps ta): how well eps satisfies the return-phase
    /// equation.
    public var returnPhaseResidual: Double {
        abs(epsilon * ta - (1 - exp(-epsilon * (1 - te)))) / (epsilon * ta)
    }

    /// |U(1)| over the peak flow 1: how well alpha satisfies the area balance.
    public var areaBalanceResidual: Double { abs(flow(at: 1)) }
}

/// The parameters of the LF voice source for one frame.
public struct LFFrame: Sendable, Hashable {
    /// Peak glottal flow of a period (linear; as ``KLGLOTT88Frame/amplitude``). Takes effect at
    /// the next period.
    public var amplitude: Double
    /// The shape parameter Rd (``LFPulse/rdRange``; larger is breathier, with more spectral
    /// tilt and a longer open phase). Takes effect at the next period.
    public var rd: Double
    /// Spectral tilt TL in dB down at 3 kHz (>= 0), on top of the pulse's own. Takes effect at once.
    public var spectralTilt: Double
    /// Flutter FL in percent (0...100). Takes effect at once.
    public var flutter: Double
    /// Diplophonia DI in percent (0...100; ``VoicePerturbation``). Takes effect at the next period.
    public var diplophonia: Double

    /// A frame of these values (amplitude linear peak flow, Rd, TL in dB, FL and DI in percent).
    public init(amplitude: Double = 1, rd: Double = 1, spectralTilt: Double = 0, flutter: Double = 0,
                diplophonia: Double = 0) {
        self.amplitude = amplitude
        self.rd = rd
        self.spectralTilt = spectralTilt
        self.flutter = flutter
        self.diplophonia = diplophonia
    }
}

/// The Liljencrants-Fant voice source in Fant's Rd form (``LFPulse``), with exact fractional F0.
///
/// Each period starts at the glottal opening (phase 0) and ends when the return phase reaches
/// zero flow (phase 1); the phase comes from a ``PhaseAccumulator`` advanced by F0 / fs per
/// sample (exact fractional periods). Output sample n is the flow difference
/// A (U(phase_n) - U(phase_n-1)): the flow derivative integrated exactly over the sample
/// (radiation folded in, as KLGLOTT88), in the same units, so the running sum of the output is
/// exactly the pulse's flow A U(phase) and returns to zero at every period end whatever the
/// sampling: no DC drift.
///
/// Band-limiting: the LF derivative has no jump (the return-phase equation makes E continuous
/// at te, and E is 0 at both ends of the period), so no polyBLEP applies. Its sharpest feature is
/// the return from -Ee at te with time constant ta, under one sample for small Rd (Rd 0.3 at
/// 120 Hz, 16 kHz: ta = 0.59 samples); there the exact per-sample integral acts as a one-sample
/// box filter on it, which turns it into a ramp over at most one sample (the first-order BLEP of
/// the limiting jump, rather than the aliasing of a point sample of the steep exponential):
/// measured at 16 kHz, 4.5 to 5.6 dB less alias power above 0.45 fs than point samples of E(t)
/// (Rd 0.3 at 120 and 211.7 Hz, Rd 1 at 120 Hz). The box costs at most 0.2 dB below 2 kHz.
///
/// Amplitude, Rd and the perturbations (``VoicePerturbation``) are latched at the start of each
/// period; the solved ``LFPulse`` is kept while Rd is unchanged. TL acts at once through a
/// ``SpectralTiltFilter``, FL through ``Flutter``. Per sample: one exp and one polynomial
/// sine/cosine (open phase) or one expm1 (return phase).
public struct LFSource: GlottalSource {
    /// Sample rate in Hz.
    public let sampleRate: Double
    /// The current frame; amplitude, Rd and DI take effect at the next period, TL and FL at once.
    public var frame: LFFrame {
        didSet { tilt.decibels = frame.spectralTilt }
    }
    /// The phase, flutter and per-period perturbations.
    public private(set) var clock: GlottalClock
    /// The glottal phase in cycles: 0 opening, te excitation, 1 end of the return phase.
    public var phase: PhaseAccumulator { clock.phase }
    /// The pulse of the current period.
    public private(set) var pulse: LFPulse
    /// The current period's peak flow (amplitude times shimmer factor).
    private var amplitude = 1.0
    /// The flow at the previous sample (of the period it belonged to).
    private var lastFlow = 0.0
    private var tilt: SpectralTiltFilter
    /// The open quotient whose Rd ``apply(_:)`` last computed, and that Rd.
    private var mapped: (openQuotient: Double, rd: Double) = (-1, 1)

    /// A source at `sampleRate` Hz starting at a glottal opening with `frame`, perturbed by
    /// `perturbation` (none by default).
    public init(sampleRate: Double, frame: LFFrame = LFFrame(), perturbation: VoicePerturbation = .none) {
        precondition(sampleRate > 6000, "the 3 kHz tilt reference needs a sample rate above 6 kHz")
        self.sampleRate = sampleRate
        self.frame = frame
        clock = GlottalClock(sampleRate: sampleRate, perturbation: perturbation)
        pulse = LFPulse(rd: frame.rd)
        tilt = SpectralTiltFilter(decibels: frame.spectralTilt, sampleRate: sampleRate)
        startPeriod()
    }

    /// A source with unit amplitude and `controls`: Rd from OQ by ``LFPulse/rd(openQuotient:)``.
    public init(sampleRate: Double, controls: GlottalControls, perturbation: VoicePerturbation) {
        let rd = LFPulse.rd(openQuotient: controls.openQuotient)
        self.init(sampleRate: sampleRate, frame: LFFrame(controls, rd: rd), perturbation: perturbation)
        mapped = (controls.openQuotient, rd)
    }

    /// Sets the frame to unit amplitude and `controls` (Rd from OQ, recomputed only when OQ changes).
    public mutating func apply(_ controls: GlottalControls) {
        if controls.openQuotient != mapped.openQuotient {
            mapped = (controls.openQuotient, LFPulse.rd(openQuotient: controls.openQuotient))
        }
        frame = LFFrame(controls, rd: mapped.rd)
    }

    /// Open from the opening to the excitation instant te.
    public var isOpen: Bool { phase.cycles < pulse.te }

    /// Never: the pulse starts right at the period's start, where the synthesizer latches anyway,
    /// and any later point would cut into the pulse or its return phase.
    public var canStartVoicing: Bool { false }

    /// Latches amplitude, Rd (re-solving the pulse only when it changed) and the perturbations.
    private mutating func startPeriod() {
        if LFPulse.clamped(frame.rd) != pulse.rd { pulse = LFPulse(rd: frame.rd) }
        amplitude = frame.amplitude * clock.startPeriod(diplophonia: frame.diplophonia, closedQuotient: 1 - pulse.te)
    }

    /// The next output sample (flow difference per sample, after tilt) for fundamental
    /// frequency `f0` Hz (0 <= f0 < fs).
    public mutating func next(f0: Double) -> Double {
        let delta = clock.increment(f0: f0, flutter: frame.flutter)
        let before = clock.phase.cycles
        let u = amplitude * pulse.flow(at: before)
        let g = u - lastFlow
        lastFlow = u
        clock.advance(by: delta)
        // The flow at the wrap is the period's end value 0; lastFlow keeps the closing period's
        // last sample so the next output completes it.
        if clock.phase.cycles < before { startPeriod() }
        return tilt.process(g)
    }
}

extension LFFrame {
    /// The frame of unit amplitude with shape `rd` and `controls`' TL, FL and DI (its OQ is
    /// what `rd` was derived from).
    public init(_ controls: GlottalControls, rd: Double) {
        self.init(amplitude: 1, rd: rd, spectralTilt: controls.spectralTilt, flutter: controls.flutter,
                  diplophonia: controls.diplophonia)
    }
}
