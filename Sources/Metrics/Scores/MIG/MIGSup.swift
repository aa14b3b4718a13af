import SynCore

/// MIG-sup (Li, Murkute, Gyawali & Wang 2020), as the review of Carbonneau, Zaidi, Boilard &
/// Gagnon (2020, "Measuring disentanglement: a review of metrics") defines and implements it.
///
/// MIG turned around: for each code `l`, the gap between the two factors it informs most,
/// normalised by the code's own (binned) entropy,
/// `MIGsup_l = (M[l, (1)] - M[l, (2)]) / H(z_l)`, with `M[l, k] = I(z_l binned; v_k)`;
/// the score is the mean over codes. It is high when every code encodes at most one factor.
/// A code that falls in a single bin (`H(z_l) = 0`) carries no information and counts as 0
/// (noted). Uses all rows; `options.continuousFactors` does not change it.
public enum MIGSup {
    /// Computes MIG-sup on `input.codes` / `input.factors`.
    ///
    /// - Throws: ``MetricsInputError`` with fewer than 2 factors or more bins than rows.
    public static func compute(_ input: MetricInput, options: MetricOptions = .init()) throws -> InformationGapResult {
        guard input.factors.columns >= 2 else {
            throw MetricsInputError("MIG-sup needs at least 2 factor columns to take a gap; got \(input.factors.columns)")
        }
        let info = try InformationMatrix(codes: input.codes, factors: input.factors, options: options)
        let m = info.mutualInformation
        var perCode = [Double]()
        var notes = [String]()
        for l in 0..<m.rows {
            let (top, second, _) = TopTwo.of(m.row(l))
            let h = info.codeEntropy[l]
            if h > 0 {
                perCode.append((top - second) / h)
            } else {
                perCode.append(0)
                notes.append("code \(l) falls in a single bin (entropy 0); its MIG-sup counts as 0")
            }
        }
        if options.continuousFactors { notes.append("continuous factors: MIG-sup uses the discrete factor labels") }
        return InformationGapResult(
            score: perCode.reduce(0, +) / Double(perCode.count),
            parts: [("per_code", .array(perCode.map { .number($0) })),
                    ("code_entropy", .array(info.codeEntropy.map { .number($0) })),
                    ("mutual_information", .matrix(m.rowArrays))],
            notes: notes, settings: info.commonSettings(options: options, points: input.codes.rows))
    }
}

/// The result of an information-gap metric (MIG-sup, DCIMIG, JEMMIG): one score and its parts.
public struct InformationGapResult: MetricResult {
    /// The headline score.
    public let score: Double?
    /// Per-code or per-factor values and the matrices used, as JSON.
    public let parts: [(String, JSONValue)]
    public let notes: [String]
    public let settings: [(String, JSONValue)]

    public var scores: [(name: String, value: Double?)] { [("score", score)] }
    public var details: [(String, JSONValue)] { parts }
}

extension InformationMatrix {
    /// Settings shared by the metrics built on the matrix.
    func commonSettings(options: MetricOptions, points: Int) -> [(String, JSONValue)] {
        [("bins", binSetting),
         ("estimator", .string(options.millerMadow ? "plug-in with Miller-Madow correction" : "plug-in (histogram)")),
         ("points", .integer(points)),
         ("sample", .string("all rows"))]
    }
}
