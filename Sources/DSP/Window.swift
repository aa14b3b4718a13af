import Foundation

/// Analysis windows.
public enum Window: Sendable, Equatable {
    /// All ones.
    case rectangular
    /// Hann: 0.5 - 0.5 cos(2 pi n / L).
    case hann
    /// Hamming: 0.54 - 0.46 cos(2 pi n / L) (Hamming's rounded coefficients, as SciPy and
    /// MATLAB use them); first sidelobe about -43 dB, main lobe +-2 bins.
    case hamming
    /// Minimum 4-term Blackman-Harris (Harris 1978, Proc. IEEE 66(1), table 1): coefficients
    /// 0.35875, 0.48829, 0.14128, 0.01168; highest sidelobe -92 dB, main lobe +-4 bins.
    case blackmanHarris
    /// 7-term Blackman-Harris (Albrecht 2001, "A family of cosine-sum windows for
    /// high-resolution measurements", ICASSP): highest sidelobe about -170 dB with these
    /// 14-digit coefficients, main lobe +-7 bins. For measuring spectral purity far below the
    /// 4-term window's leakage floor (about -93 dB for a pure tone).
    case blackmanHarris7

    /// Albrecht's 7-term coefficients a_0...a_6 (alternating signs applied in ``samples``).
    static let blackmanHarris7Coefficients: [Double] = [
        0.27105140069342, 0.43329793923448, 0.21812299954311, 0.06592544638803,
        0.01081174209837, 0.00077658482522, 0.00001388721735,
    ]

    /// Half-width of the main lobe in bins (where the first zero lies).
    public var mainLobeHalfWidth: Int {
        switch self {
        case .rectangular: 1
        case .hann, .hamming: 2
        case .blackmanHarris: 4
        case .blackmanHarris7: 7
        }
    }

    /// The window's `count` samples. Symmetric (L = count - 1, for spectral analysis of a whole
    /// signal) unless `periodic` (L = count, for overlapping STFT frames).
    public func samples(count: Int, periodic: Bool = false) -> [Double] {
        guard count > 1 else { return [Double](repeating: 1, count: max(0, count)) }
        let length = Double(periodic ? count : count - 1)
        return (0..<count).map { n in
            let x = 2 * Double.pi * Double(n) / length
            switch self {
            case .rectangular: return 1
            case .hann: return 0.5 - 0.5 * cos(x)
            case .hamming: return 0.54 - 0.46 * cos(x)
            case .blackmanHarris:
                return 0.35875 - 0.48829 * cos(x) + 0.14128 * cos(2 * x) - 0.01168 * cos(3 * x)
            case .blackmanHarris7:
                var sum = 0.0
                for (j, a) in Window.blackmanHarris7Coefficients.enumerated() {
                    sum += (j % 2 == 0 ? a : -a) * cos(Double(j) * x)
                }
                return sum
            }
        }
    }
}
