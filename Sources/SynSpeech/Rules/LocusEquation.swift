/// Place of articulation of an oral stop, which selects its locus equation.
public enum StopPlace: String, Sendable, CaseIterable {
    /// /p b/.
    case labial
    /// /t d/.
    case alveolar
    /// /k g/.
    case velar

    /// The place of a stop symbol (`P B T D K G`), or `nil` for any other symbol.
    public init?(symbol: String) {
        switch symbol {
        case "P", "B": self = .labial
        case "T", "D": self = .alveolar
        case "K", "G": self = .velar
        default: return nil
        }
    }
}

/// A locus equation: F2 at the onset of voicing of a stop+vowel syllable as a straight line of
/// the vowel's F2 at its midpoint, F2onset = slope x F2vowel + intercept (Hz).
///
/// Sussman, McCaffrey and Matthews (1991), "An investigation of locus equations as a source of
/// relational invariance for stop place categorization", JASA 90(3), 1309–1325, fitted such
/// lines for /b d g/ over ten vowels and twenty speakers. The coefficients here are those values
/// as recalled, rounded, not re-read from the paper: the pattern they show is robust (labials
/// steepest, near 0.9, the onset following the vowel; alveolars flattest, near 0.4, the onset
/// drawn to an alveolar locus near 1.8 kHz; velars in between), and the exact numbers are
/// approximate. The same lines serve voiceless stops and vowel+stop transitions here, which the
/// literature supports only roughly (project's choice).
public struct LocusEquation: Sendable, Equatable {
    /// Slope k (dimensionless).
    public var slope: Double
    /// Intercept c, Hz.
    public var intercept: Double

    /// A line F2onset = `slope` x F2vowel + `intercept` (Hz).
    public init(slope: Double, intercept: Double) {
        self.slope = slope; self.intercept = intercept
    }

    /// F2 at voicing onset (Hz) next to a vowel whose F2 is `vowelF2` Hz.
    public func onset(vowelF2: Double) -> Double { slope * vowelF2 + intercept }

    /// The line for a place (adult male reference frequencies): labial k 0.87, c 390 Hz;
    /// alveolar k 0.43, c 1220 Hz; velar k 0.66, c 1000 Hz (recalled Sussman et al. 1991 values,
    /// see the type's note).
    public static func forPlace(_ place: StopPlace) -> LocusEquation {
        switch place {
        case .labial: LocusEquation(slope: 0.87, intercept: 390)
        case .alveolar: LocusEquation(slope: 0.43, intercept: 1220)
        case .velar: LocusEquation(slope: 0.66, intercept: 1000)
        }
    }
}
