extension ToneRenderer {
    /// nil when `p` can be rendered, otherwise a short reason naming the parameter, its value and
    /// what is allowed, e.g. "frequency 8000 Hz is at or above the Nyquist frequency 8000 Hz".
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
    public func problem(with p: ToneParameters) -> String? {
        if sampleRate <= 0 { return "sample rate \(sampleRate) Hz must be positive" }
        if !(guardFraction >= 0 && guardFraction < 0.5) {
            return "guard fraction \(formatted(guardFraction)) must be in [0, 0.5)"
        }
        if !(p.frequency.isFinite && p.frequency > 0) {
            return "frequency \(formatted(p.frequency)) Hz must be a positive number"
        }
        if !(p.amplitude.isFinite && p.amplitude >= 0) {
            return "amplitude \(formatted(p.amplitude)) must be a finite number >= 0"
        }
        if !p.phase.isFinite { return "phase \(formatted(p.phase)) must be a finite number of radians" }
        if !(p.duration.isFinite && p.duration > 0) {
            return "duration \(formatted(p.duration)) s must be a positive number of seconds"
        }
        if p.duration * Double(sampleRate) > Double(Int32.max) {
            return "duration \(formatted(p.duration)) s gives more than \(Int32.max) samples at \(sampleRate) Hz"
        }
        if sampleCount(duration: p.duration) < 1 {
            return "duration \(formatted(p.duration)) s is shorter than one sample at \(sampleRate) Hz"
        }
        switch mode {
        case .legacy: return legacyProblem(with: p)
        case .bandlimited: return bandLimitedProblem(with: p)
        }
    }

    private func legacyProblem(with p: ToneParameters) -> String? {
        let defaults = ToneParameters()
        var changed: [String] = []
        if p.glideEndFrequency != nil { changed.append("glide") }
        if p.attack != defaults.attack { changed.append("attack") }
        if p.decay != defaults.decay { changed.append("decay") }
        if p.sustain != defaults.sustain { changed.append("sustain") }
        if p.release != defaults.release { changed.append("release") }
        if p.vibratoRate != defaults.vibratoRate { changed.append("vibrato rate") }
        if p.vibratoDepth != defaults.vibratoDepth { changed.append("vibrato depth") }
        if p.pulseWidth != defaults.pulseWidth { changed.append("pulse width") }
        if p.tilt != defaults.tilt { changed.append("tilt") }
        if p.snr != nil { changed.append("noise (snr)") }
        guard let first = changed.first else { return nil }
        return "\(first) is not available in legacy mode, which renders only waveform, frequency, "
            + "amplitude, phase and duration; use the bandlimited oscillator"
    }

    private func bandLimitedProblem(with p: ToneParameters) -> String? {
        let nyquistText = "\(formatted(nyquist)) Hz"
        if p.frequency >= nyquist {
            return "frequency \(formatted(p.frequency)) Hz is at or above the Nyquist frequency \(nyquistText)"
        }
        if let end = p.glideEndFrequency {
            if !(end.isFinite && end > 0) {
                return "glide end frequency \(formatted(end)) Hz must be a positive number"
            }
            if end >= nyquist {
                return "glide end frequency \(formatted(end)) Hz is at or above the Nyquist frequency \(nyquistText)"
            }
        }
        for (name, value) in [("attack", p.attack), ("decay", p.decay), ("release", p.release)] {
            if !(value.isFinite && value >= 0) {
                return "\(name) \(formatted(value)) s must be a finite number of seconds >= 0"
            }
        }
        if p.attack + p.decay + p.release > p.duration {
            return "attack + decay + release = \(formatted(p.attack + p.decay + p.release)) s is longer "
                + "than the duration \(formatted(p.duration)) s"
        }
        if !(p.sustain >= 0 && p.sustain <= 1) {
            return "sustain \(formatted(p.sustain)) must be in 0...1"
        }
        if !(p.vibratoRate.isFinite && p.vibratoRate >= 0) {
            return "vibrato rate \(formatted(p.vibratoRate)) Hz must be a finite number >= 0"
        }
        if !(p.vibratoDepth.isFinite && p.vibratoDepth >= 0) {
            return "vibrato depth \(formatted(p.vibratoDepth)) cents must be a finite number >= 0"
        }
        if p.vibratoRate >= nyquist {
            return "vibrato rate \(formatted(p.vibratoRate)) Hz is at or above the Nyquist frequency \(nyquistText)"
        }
        let highest = FrequencyTrajectory.highestFrequency(p)
        if highest >= nyquist {
            return "glide and vibrato reach \(formatted(highest)) Hz, at or above the Nyquist frequency \(nyquistText)"
        }
        if harmonicCount(p) > ToneRenderer.maximumHarmonicCount {
            let lowest = cutoff / Double(ToneRenderer.maximumHarmonicCount)
            return "frequency \(formatted(highest)) Hz is too low for the band-limited oscillator at \(sampleRate) Hz: "
                + "it would need more than \(ToneRenderer.maximumHarmonicCount) harmonics; use at least "
                + "\(String(format: "%.3g", lowest)) Hz, or oscillator: legacy"
        }
        if !(p.pulseWidth > 0 && p.pulseWidth < 1) {
            return "pulse width \(formatted(p.pulseWidth)) must be in the open interval (0, 1)"
        }
        if !p.tilt.isFinite { return "tilt \(formatted(p.tilt)) dB/octave must be a finite number" }
        if let snr = p.snr, !snr.isFinite { return "snr \(formatted(snr)) dB must be a finite number" }
        return nil
    }
}

/// A number as a person writes it: integral values without a fractional part.
func formatted(_ x: Double) -> String {
    if x.isFinite && x == x.rounded() && abs(x) < 1e15 { return String(Int64(x)) }
    return "\(x)"
}
