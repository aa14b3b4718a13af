/// Identifiability of the waveform factor (specs/syntone.md, "Identifiability").
///
/// Band-limited, a waveform differs from another only through harmonics it keeps below the
/// cutoff; when two waveforms' rendered harmonic magnitudes are proportional, amplitude alone
/// maps one onto the other and the waveform label carries no information beyond amplitude.
public enum WaveformIdentifiability {
    /// Relative tolerance for "proportional".
    public static let tolerance = 1e-9

    /// True when, in band-limited mode, the rendered harmonic magnitudes of `p` are
    /// proportional (to ``tolerance`` relative, after scaling both to unit Euclidean norm) to
    /// those of `p` with another waveform from `candidates`, all other parameters equal. In
    /// practice: both reduce to the fundamental alone. Always false in legacy mode, where
    /// aliasing keeps the waveforms apart.
    public static func isConfounded(_ p: ToneParameters, with candidates: [Waveform],
                                    renderer: ToneRenderer) -> Bool {
        guard renderer.mode == .bandlimited else { return false }
        let own = normalized(renderer.harmonicMagnitudes(p))
        for waveform in candidates where waveform != p.waveform {
            var other = p
            other.waveform = waveform
            let theirs = normalized(renderer.harmonicMagnitudes(other))
            let length = max(own.count, theirs.count)
            var difference = 0.0
            for k in 0..<length {
                let a = k < own.count ? own[k] : 0
                let b = k < theirs.count ? theirs[k] : 0
                difference = max(difference, abs(a - b))
            }
            if difference <= tolerance { return true }
        }
        return false
    }

    private static func normalized(_ v: [Double]) -> [Double] {
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return norm > 0 ? v.map { $0 / norm } : v
    }
}
