import SynData

extension ToneRenderer {
    /// nil when `p` can be rendered, otherwise the problem: the factors at fault (schema names,
    /// most responsible first) and a short reason naming the parameter, its value and what is
    /// allowed, e.g. "frequency 8000 Hz is at or above the Nyquist frequency 8000 Hz".
    ///
    /// Band-limited mode: the fundamental, and the highest frequency reached by glide and
    /// vibrato, must be below Nyquist; times must be finite and non-negative with
    /// attack + decay + release <= duration; duration must give 1...2^31 - 1 samples; the
    /// highest frequency must leave at most ``maximumHarmonicCount`` harmonics below the
    /// cutoff (at least cutoff / 16384 Hz, 0.48 Hz at 16 kHz); sustain in
    /// 0...1; pulse width in (0, 1); amplitude >= 0; tilt, phase and SNR finite.
    /// Legacy mode renders the published formulas only: any frequency > 0 (at or above Nyquist
    /// included, as published), amplitude, phase and duration; every other parameter must keep
    /// its default.
    public func problem(with p: ToneParameters) -> ItemProblem? {
        if sampleRate <= 0 { return ItemProblem("sample rate \(sampleRate) Hz must be positive", factors: ["sample_rate"]) }
        if !(guardFraction >= 0 && guardFraction < 0.5) {
            return ItemProblem("guard fraction \(formatted(guardFraction)) must be in [0, 0.5)", factors: ["guard_fraction"])
        }
        if !(p.frequency.isFinite && p.frequency > 0) {
            return ItemProblem("frequency \(formatted(p.frequency)) Hz must be a positive number", factors: ["frequency"])
        }
        if !(p.amplitude.isFinite && p.amplitude >= 0) {
            return ItemProblem("amplitude \(formatted(p.amplitude)) must be a finite number >= 0", factors: ["amplitude"])
        }
        if !p.phase.isFinite { return ItemProblem("phase \(formatted(p.phase)) must be a finite number of radians", factors: ["phase"]) }
        if !(p.duration.isFinite && p.duration > 0) {
            return ItemProblem("duration \(formatted(p.duration)) s must be a positive number of seconds", factors: ["duration"])
        }
        if p.duration * Double(sampleRate) > Double(Int32.max) {
            return ItemProblem("duration \(formatted(p.duration)) s gives more than \(Int32.max) samples at \(sampleRate) Hz", factors: ["duration"])
        }
        if sampleCount(duration: p.duration) < 1 {
            return ItemProblem("duration \(formatted(p.duration)) s is shorter than one sample at \(sampleRate) Hz", factors: ["duration"])
        }
        switch mode {
        case .legacy: return legacyProblem(with: p)
        case .bandlimited: return bandLimitedProblem(with: p)
        }
    }

    private func legacyProblem(with p: ToneParameters) -> ItemProblem? {
        let defaults = ToneParameters()
        var changed: [(spoken: String, factor: String)] = []
        if p.glideEndFrequency != nil { changed.append(("glide", "glide_end_frequency")) }
        if p.attack != defaults.attack { changed.append(("attack", "attack")) }
        if p.decay != defaults.decay { changed.append(("decay", "decay")) }
        if p.sustain != defaults.sustain { changed.append(("sustain", "sustain")) }
        if p.release != defaults.release { changed.append(("release", "release")) }
        if p.vibratoRate != defaults.vibratoRate { changed.append(("vibrato rate", "vibrato_rate")) }
        if p.vibratoDepth != defaults.vibratoDepth { changed.append(("vibrato depth", "vibrato_depth")) }
        if p.pulseWidth != defaults.pulseWidth { changed.append(("pulse width", "pulse_width")) }
        if p.tilt != defaults.tilt { changed.append(("tilt", "tilt")) }
        if p.snr != nil { changed.append(("noise (snr)", "snr")) }
        guard let first = changed.first else { return nil }
        return ItemProblem("\(first.spoken) is not available in legacy mode, which renders only waveform, frequency, "
            + "amplitude, phase and duration; use the bandlimited oscillator", factors: [first.factor, "oscillator"])
    }

    private func bandLimitedProblem(with p: ToneParameters) -> ItemProblem? {
        let nyquistText = "\(formatted(nyquist)) Hz"
        if p.frequency >= nyquist {
            return ItemProblem("frequency \(formatted(p.frequency)) Hz is at or above the Nyquist frequency \(nyquistText)", factors: ["frequency"])
        }
        if let end = p.glideEndFrequency {
            if !(end.isFinite && end > 0) {
                return ItemProblem("glide end frequency \(formatted(end)) Hz must be a positive number", factors: ["glide_end_frequency"])
            }
            if end >= nyquist {
                return ItemProblem("glide end frequency \(formatted(end)) Hz is at or above the Nyquist frequency \(nyquistText)", factors: ["glide_end_frequency"])
            }
        }
        for (name, value) in [("attack", p.attack), ("decay", p.decay), ("release", p.release)] {
            if !(value.isFinite && value >= 0) {
                return ItemProblem("\(name) \(formatted(value)) s must be a finite number of seconds >= 0", factors: [name])
            }
        }
        if p.attack + p.decay + p.release > p.duration {
            return ItemProblem("attack + decay + release = \(formatted(p.attack + p.decay + p.release)) s is longer "
                + "than the duration \(formatted(p.duration)) s", factors: ["attack", "decay", "release", "duration"])
        }
        if !(p.sustain >= 0 && p.sustain <= 1) {
            return ItemProblem("sustain \(formatted(p.sustain)) must be in 0...1", factors: ["sustain"])
        }
        if !(p.vibratoRate.isFinite && p.vibratoRate >= 0) {
            return ItemProblem("vibrato rate \(formatted(p.vibratoRate)) Hz must be a finite number >= 0", factors: ["vibrato_rate"])
        }
        if !(p.vibratoDepth.isFinite && p.vibratoDepth >= 0) {
            return ItemProblem("vibrato depth \(formatted(p.vibratoDepth)) cents must be a finite number >= 0", factors: ["vibrato_depth"])
        }
        if p.vibratoRate >= nyquist {
            return ItemProblem("vibrato rate \(formatted(p.vibratoRate)) Hz is at or above the Nyquist frequency \(nyquistText)", factors: ["vibrato_rate"])
        }
        let highest = FrequencyTrajectory.highestFrequency(p)
        if highest >= nyquist {
            return ItemProblem("glide and vibrato reach \(formatted(highest)) Hz, at or above the Nyquist frequency \(nyquistText)",
                               factors: ["glide_end_frequency", "vibrato_depth", "vibrato_rate", "frequency"])
        }
        if harmonicCount(p) > ToneRenderer.maximumHarmonicCount {
            let lowest = cutoff / Double(ToneRenderer.maximumHarmonicCount)
            return ItemProblem("frequency \(formatted(highest)) Hz is too low for the band-limited oscillator at \(sampleRate) Hz: "
                + "it would need more than \(ToneRenderer.maximumHarmonicCount) harmonics; use at least "
                + "\(String(format: "%.3g", lowest)) Hz, or oscillator: legacy",
                               factors: ["frequency", "glide_end_frequency", "oscillator"])
        }
        if !(p.pulseWidth > 0 && p.pulseWidth < 1) {
            return ItemProblem("pulse width \(formatted(p.pulseWidth)) must be in the open interval (0, 1)", factors: ["pulse_width"])
        }
        if !p.tilt.isFinite { return ItemProblem("tilt \(formatted(p.tilt)) dB/octave must be a finite number", factors: ["tilt"]) }
        if let snr = p.snr, !snr.isFinite { return ItemProblem("snr \(formatted(snr)) dB must be a finite number", factors: ["snr"]) }
        return nil
    }
}

/// A number as a person writes it: integral values without a fractional part.
func formatted(_ x: Double) -> String {
    if x.isFinite && x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}
