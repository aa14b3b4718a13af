import SynCore

/// DCIMIG (Sepliarskaia, Kiseleva & de Rijke 2019), as defined and implemented in the review
/// of Carbonneau, Zaidi, Boilard & Gagnon (2020).
///
/// With `M[l, k] = I(z_l binned; v_k)`: each code `l` gets the gap between its two most
/// informative factors, `R_l = M[l, (1)] - M[l, (2)]`, credited to its best factor
/// `k*(l) = argmax_k M[l, k]`. Each factor keeps the largest gap credited to it,
/// `S_k = max_{l : k*(l) = k} R_l` (0 when no code prefers it), and
/// `DCIMIG = sum_k S_k / sum_k H(v_k)`. Uses all rows; `options.continuousFactors` does not
/// change it.
public enum DCIMIG {
    /// Computes DCIMIG on `input.codes` / `input.factors`.
    ///
    /// - Throws: ``MetricsInputError`` with fewer than 2 factors or more bins than rows.
    public static func compute(_ input: MetricInput, options: MetricOptions = .init()) throws -> InformationGapResult {
        guard input.factors.columns >= 2 else {
            throw MetricsInputError("DCIMIG needs at least 2 factor columns to take a gap; got \(input.factors.columns)")
        }
        let info = try InformationMatrix(codes: input.codes, factors: input.factors, options: options)
        let m = info.mutualInformation
        var best = [Double](repeating: 0, count: m.columns)
        for l in 0..<m.rows {
            let (top, second, k) = TopTwo.of(m.row(l))
            best[k] = max(best[k], top - second)
        }
        let totalEntropy = info.factorEntropy.reduce(0, +)
        var notes = [String]()
        let score: Double?
        if totalEntropy > 0 {
            score = best.reduce(0, +) / totalEntropy
        } else {
            score = nil
            notes.append("every factor is constant (total entropy 0), so DCIMIG is undefined")
        }
        if options.continuousFactors { notes.append("continuous factors: DCIMIG uses the discrete factor labels") }
        return InformationGapResult(
            score: score,
            parts: [("per_factor_gap_nats", .object(zip(input.factorNames, best).map { ($0, .number($1)) })),
                    ("factor_entropy", .array(info.factorEntropy.map { .number($0) })),
                    ("mutual_information", .matrix(m.rowArrays))],
            notes: notes, settings: info.commonSettings(options: options, points: input.codes.rows))
    }
}
