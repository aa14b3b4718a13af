/// How tones are synthesised (`oscillator:` in a SynTone config; specs/syntone.md).
public enum OscillatorMode: String, Sendable, CaseIterable {
    /// Each waveform is its Fourier series truncated below the renderer's cutoff: no aliasing.
    case bandlimited
    /// The published generator's naive numpy/scipy formulas on its `linspace` time axis,
    /// reproduced sample for sample (aliasing included).
    case legacy
}
