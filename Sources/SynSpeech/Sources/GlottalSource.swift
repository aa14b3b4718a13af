import DSP
import Foundation
import SynCore

/// Which voice source drives the Klatt synthesizer's voicing (KLSYN88's source switch SS,
/// Klatt & Klatt 1990, JASA 87(2) 820-857, Table XI). The raw value is the config and JSON name.
public enum VoiceSourceKind: String, Sendable, Hashable, CaseIterable {
    /// KLGLOTT88, the polynomial flow pulse of KLSYN88 (``KLGLOTT88Source``); the default.
    case klglott88
    /// The Liljencrants-Fant model in Fant's one-parameter Rd form (``LFSource``).
    case lf
    /// Klatt 1980's impulse train through the glottal low-pass RGP and anti-resonator RGZ
    /// (``ImpulseSource``).
    case impulse
}

/// The voice-source choice and the per-period perturbations of one speaker (or one
/// synthesizer): which ``VoiceSourceKind``, jitter and shimmer. The defaults (KLGLOTT88, no
/// jitter, no shimmer) render exactly what the synthesizer rendered before sources could be
/// chosen.
public struct VoiceSourceSettings: Sendable, Hashable {
    /// The source kind.
    public var kind: VoiceSourceKind
    /// Jitter in percent: the standard deviation of each period's length relative to the
    /// unperturbed period (see ``VoicePerturbation``). 0...``VoicePerturbation/maximumJitter``.
    public var jitterPercent: Double
    /// Shimmer in percent: the standard deviation of each period's amplitude relative to the
    /// unperturbed amplitude. 0...``VoicePerturbation/maximumShimmer``.
    public var shimmerPercent: Double

    /// Settings of `kind` with `jitterPercent` and `shimmerPercent` (percent).
    public init(kind: VoiceSourceKind = .klglott88, jitterPercent: Double = 0, shimmerPercent: Double = 0) {
        self.kind = kind
        self.jitterPercent = jitterPercent
        self.shimmerPercent = shimmerPercent
    }

    /// True for the defaults (KLGLOTT88, jitter 0, shimmer 0).
    public var isDefault: Bool { self == VoiceSourceSettings() }

    /// The JSON members `voice_source`, `jitter_percent`, `shimmer_percent`.
    public var jsonMembers: [(String, JSONValue)] {
        [("voice_source", .string(kind.rawValue)), ("jitter_percent", .number(jitterPercent)),
         ("shimmer_percent", .number(shimmerPercent))]
    }
}

/// The per-frame voicing controls every source takes from a ``KlattFrame`` (KLSYN88 units
/// converted): amplitude is not among them, since the synthesizer applies AV outside the source.
public struct GlottalControls: Sendable, Hashable {
    /// Open quotient OQ as a fraction in (0, 1] (KLSYN88's OQ / 100).
    public var openQuotient: Double
    /// Spectral tilt TL in dB down at 3 kHz (>= 0).
    public var spectralTilt: Double
    /// Flutter FL in percent (0...100).
    public var flutter: Double
    /// Diplophonia DI in percent (0...100): every second pulse delayed and attenuated.
    public var diplophonia: Double

    /// Controls of these values (OQ as a fraction, TL in dB, FL and DI in percent).
    public init(openQuotient: Double = 0.5, spectralTilt: Double = 0, flutter: Double = 0, diplophonia: Double = 0) {
        self.openQuotient = openQuotient
        self.spectralTilt = spectralTilt
        self.flutter = flutter
        self.diplophonia = diplophonia
    }
}

/// A glottal voice source the ``KlattSynthesizer`` can drive: a value type emitting the glottal
/// flow derivative per sample (radiation folded in) with unit amplitude (the synthesizer scales
/// it by AV), its period from a ``PhaseAccumulator`` advanced by F0 / fs so periods have exact
/// fractional lengths. The synthesizer's render loop is generic over this protocol and chooses
/// the concrete type once per render, so every source is specialised: no dynamic dispatch per
/// sample.
///
/// Phase convention: a period ends at the phase wrap, and the synthesizer latches AV one sample
/// after it (the sample after the wrap still carries the closing period's remainder).
public protocol GlottalSource: Sendable {
    /// A source at `sampleRate` Hz with `controls`, perturbed by `perturbation`.
    init(sampleRate: Double, controls: GlottalControls, perturbation: VoicePerturbation)
    /// Sets the controls of the current block (amplitude 1); amplitude-like and shape controls
    /// take effect at the next period, TL and FL at once.
    mutating func apply(_ controls: GlottalControls)
    /// The glottal phase in cycles; it wraps once per period.
    var phase: PhaseAccumulator { get }
    /// Whether the glottis is open at the current phase (where breathiness noise is added).
    var isOpen: Bool { get }
    /// Whether a voicing amplitude may switch on at the current sample without cutting into a
    /// pulse: the output stays exactly zero until the current period's pulse begins.
    var canStartVoicing: Bool { get }
    /// The next output sample for fundamental frequency `f0` Hz (0 <= f0 < fs; 0 holds the
    /// phase and gives silence once the current period's remainder is out).
    mutating func next(f0: Double) -> Double
}

/// The period clock every source shares: the glottal phase (a ``PhaseAccumulator`` advanced by
/// F0 / fs per sample, so periods have exact fractional lengths), KLSYN88's ``Flutter`` on F0, and
/// the per-period ``VoicePerturbation`` (jitter, shimmer, diplophonia). A source asks for
/// ``increment(f0:flutter:)`` once per sample, advances the phase by it, and calls
/// ``startPeriod(diplophonia:closedQuotient:)`` after each wrap.
public struct GlottalClock: Sendable {
    /// Sample rate in Hz.
    public let sampleRate: Double
    /// The glottal phase in cycles.
    public private(set) var phase = PhaseAccumulator(startCycles: 0)
    /// The per-period perturbations and their stream.
    public private(set) var perturbation: VoicePerturbation
    private var flutter: Flutter
    /// The current period's factor on the phase increment (jitter, diplophonia).
    private var rate = 1.0

    /// A clock at phase 0 for a source at `sampleRate` Hz, perturbed by `perturbation`.
    public init(sampleRate: Double, perturbation: VoicePerturbation) {
        self.sampleRate = sampleRate
        self.perturbation = perturbation
        flutter = Flutter(sampleRate: sampleRate)
    }

    /// The phase increment of this sample at `f0` Hz with flutter FL `flutter` percent, in
    /// cycles: f0 x flutter factor / fs x the period's rate (moves the flutter one sample on).
    @inline(__always)
    public mutating func increment(f0: Double, flutter percent: Double) -> Double {
        f0 * flutter.factor(percent: percent) / sampleRate * rate
    }

    /// Advances the phase by `delta` cycles (wrapping).
    @inline(__always)
    public mutating func advance(by delta: Double) { phase.advance(by: delta) }

    /// Draws the factors of the period that starts (``VoicePerturbation/nextPeriod(diplophonia:closedQuotient:)``)
    /// and returns its amplitude factor. When the period's rate differs from the last one, the
    /// phase already past the wrap (reached at the old rate) is rescaled to what the new rate
    /// would have reached in the same part of the sample, so a perturbed period has its exact
    /// stretched length. Unperturbed, nothing changes (both rates 1).
    public mutating func startPeriod(diplophonia: Double, closedQuotient: Double) -> Double {
        let p = perturbation.nextPeriod(diplophonia: diplophonia, closedQuotient: closedQuotient)
        if p.rate != rate {
            phase = PhaseAccumulator(startCycles: phase.cycles * p.rate / rate)
            rate = p.rate
        }
        return p.amplitude
    }
}

/// KLSYN88's spectral tilt TL: a one-pole low-pass y[n] = (1 - p) x[n] + p y[n-1] (gain 1 at
/// 0 Hz) after the voice source, p set so the attenuation at 3 kHz is TL dB (Klatt & Klatt
/// 1990). Shared by every source.
public struct SpectralTiltFilter: Sendable {
    /// Sample rate in Hz.
    public let sampleRate: Double
    /// The tilt in dB down at 3 kHz; setting it recomputes the pole (two libm calls, once per
    /// change, never per sample).
    public var decibels: Double {
        didSet { if decibels != oldValue { pole = Self.pole(decibels: decibels, sampleRate: sampleRate) } }
    }
    /// The current pole p in [0, 1).
    public private(set) var pole: Double
    private var state = 0.0

    /// A filter at rest with `decibels` dB down at 3 kHz at `sampleRate` Hz.
    public init(decibels: Double, sampleRate: Double) {
        self.sampleRate = sampleRate
        self.decibels = decibels
        pole = Self.pole(decibels: decibels, sampleRate: sampleRate)
    }

    /// The pole p of the one-pole low-pass whose attenuation at `frequency` Hz is `decibels` dB
    /// at `sampleRate` Hz. Solves (1 - p)^2 = g^2 (1 - 2 p cos w + p^2), g = 10^(-dB / 20),
    /// w = 2 pi f / fs, for p in [0, 1). 0 dB gives p = 0 (no filtering).
    public static func pole(decibels: Double, at frequency: Double = 3000, sampleRate: Double) -> Double {
        guard decibels > 0 else { return 0 }
        let g2 = pow(10, -decibels / 10)
        let cosw = cos(2 * Double.pi * frequency / sampleRate)
        let k = 1 - g2
        let m = 1 - g2 * cosw
        return (m - (m * m - k * k).squareRoot()) / k
    }

    /// Filters one sample.
    @inline(__always)
    public mutating func process(_ x: Double) -> Double {
        state = x + pole * (state - x)
        return state
    }
}

/// KLSYN88's flutter FL (Klatt & Klatt 1990, eq. 1): F0 times
/// 1 + FL / 50 (sin(2 pi 12.7 t) + sin(2 pi 7.1 t) + sin(2 pi 4.7 t)) / 100, t in s.
///
/// The three sines change slowly (12.7 Hz at most), so they are evaluated once per block of
/// ``blockSize`` samples (at the block's first sample) and held: at 16 kHz a block is 1 ms, in
/// which the sum moves by at most 0.24 (of its +-3 range), an F0 step of at most 0.12 % at
/// FL 25 %, which the phase accumulator integrates without a discontinuity. That replaces three
/// sine evaluations per sample by three per block. Deterministic: the block grid starts at the
/// source's first sample.
public struct Flutter: Sendable {
    /// Samples between evaluations of the three sines.
    public static let blockSize = 16
    private var phases = (PhaseAccumulator(startCycles: 0), PhaseAccumulator(startCycles: 0),
                          PhaseAccumulator(startCycles: 0))
    private let blockSteps: (Double, Double, Double)
    private var countdown = 0
    private var wobble = 0.0

    /// Flutter for a source at `sampleRate` Hz, starting at t = 0.
    public init(sampleRate: Double) {
        let n = Double(Self.blockSize)
        blockSteps = (n * 12.7 / sampleRate, n * 7.1 / sampleRate, n * 4.7 / sampleRate)
    }

    /// The factor on F0 for the current sample at FL `percent`, then one sample on. Exactly 1
    /// when `percent` is 0 (the sines still advance, so switching flutter on is seamless).
    @inline(__always)
    public mutating func factor(percent: Double) -> Double {
        if countdown == 0 {
            wobble = sineCosine(phases.0.radians).sin + sineCosine(phases.1.radians).sin
                + sineCosine(phases.2.radians).sin
            phases.0.advance(by: blockSteps.0)
            phases.1.advance(by: blockSteps.1)
            phases.2.advance(by: blockSteps.2)
            countdown = Self.blockSize
        }
        countdown -= 1
        return percent != 0 ? 1 + percent / 50 * wobble / 100 : 1
    }
}
