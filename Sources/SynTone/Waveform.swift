/// The waveform (timbre) factor of SynTone. Raw values are the published factor indices
/// (Brima et al. 2024, SynTone: sine 0, triangle 1, sawtooth 2, square 3).
///
/// Band-limited mode renders each waveform as its Fourier series in sine phase (0 and rising
/// at phase 0), per unit amplitude (the ideal waveform's peak), harmonics k = 1...K:
///
///     W(theta) = sum_k  b_k sin(k theta) + c_k cos(k theta)
///     sine:      b_1 = 1
///     triangle:  b_k = 8 (-1)^((k-1)/2) / (pi^2 k^2), odd k
///     sawtooth:  b_k = 2 (-1)^(k+1) / (pi k)
///     square:    b_k = 4 / (pi k), odd k                       (pulse width w = 0.5)
///     pulse:     b_k = 2 sin^2(pi k w) / (pi k M),  c_k = sin(2 pi k w) / (pi k M),
///                M = max(w, 1 - w)                              (square, w != 0.5)
///
/// The pulse is the zero-mean rectangular wave that is high while theta mod 2 pi < 2 pi w
/// (scipy.signal.square's duty convention), scaled so its ideal peak |value| is 1; w = 0.5
/// gives the square series exactly. Tilt T dB/octave then multiplies harmonic k by
/// 10^(T log2(k) / 20). Legacy mode instead evaluates the published naive formulas (scipy's
/// phase convention: square starts at +1, sawtooth and triangle at -1).
public enum Waveform: Int, CaseIterable, Sendable, Codable {
    case sine = 0, triangle, sawtooth, square

    /// The lower-case name used in configs, metadata.csv and dataset.json.
    public var name: String {
        switch self {
        case .sine: "sine"
        case .triangle: "triangle"
        case .sawtooth: "sawtooth"
        case .square: "square"
        }
    }

    /// The waveform with lower-case name `name`, or nil for an unknown name.
    public init?(name: String) {
        guard let match = Waveform.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }
}
