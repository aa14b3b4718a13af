import DSP

/// Everything that determines one tone (one dataset item), in physical units.
///
/// The defaults give the published SynTone item: a 1 s, 440 Hz, unit-amplitude sine at phase 0
/// with no envelope, vibrato, tilt or noise. The optional parameters (envelope, vibrato, pulse
/// width, tilt, noise, glide) exist only in ``OscillatorMode/bandlimited`` mode.
public struct ToneParameters: Sendable, Equatable, Hashable {
    /// The waveform; its Fourier series is given in ``ToneRenderer/harmonicMagnitudes(_:)``.
    public var waveform: Waveform = .sine
    /// Fundamental frequency in Hz; the start frequency when gliding.
    public var frequency: Double = 440
    /// Fundamental frequency in Hz at the end of the tone, or nil for no glide. The glide is
    /// exponential (linear in log-frequency): f(t) = frequency * (end / frequency)^(t / duration).
    public var glideEndFrequency: Double? = nil
    /// Peak of the ideal (infinite-band) waveform before tilt, linear scale.
    public var amplitude: Double = 1
    /// Start phase in radians of the fundamental: the tone is W(phase + 2 pi * integral of f).
    /// In legacy mode only the sine uses it (as the published generator does).
    public var phase: Double = 0
    /// Length in seconds; the tone has Int((duration * sampleRate).rounded()) samples.
    public var duration: Double = 1
    /// Attack time in seconds: the envelope rises linearly from 0 to 1.
    public var attack: Double = 0
    /// Decay time in seconds: the envelope falls linearly from 1 to `sustain`.
    public var decay: Double = 0
    /// Sustain level, 0...1.
    public var sustain: Double = 1
    /// Release time in seconds at the end of the tone: linear from `sustain` to 0 at `duration`.
    public var release: Double = 0
    /// Vibrato rate in Hz (sinusoidal frequency modulation).
    public var vibratoRate: Double = 0
    /// Vibrato depth in cents: the peak deviation of the instantaneous frequency.
    public var vibratoDepth: Double = 0
    /// Duty cycle of the square wave, 0 < w < 1 (0.5 is the symmetric square).
    public var pulseWidth: Double = 0.5
    /// Spectral tilt in dB per octave: harmonic k is scaled by 10^(tilt * log2(k) / 20).
    public var tilt: Double = 0
    /// Signal-to-noise ratio in dB of the tone's mean power over added white Gaussian noise,
    /// or nil for no noise.
    public var snr: Double? = nil

    /// The default tone (see the type's documentation).
    public init() {}
}

extension ADSREnvelope {
    /// The envelope of tone `p` (its attack, decay, sustain, release and duration).
    init(_ p: ToneParameters) {
        self.init(attack: p.attack, decay: p.decay, sustain: p.sustain, release: p.release, duration: p.duration)
    }
}
