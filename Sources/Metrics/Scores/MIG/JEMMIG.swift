import SynCore

/// Normalised JEMMIG (Do & Tran 2020), as defined and implemented in the review of
/// Carbonneau, Zaidi, Boilard & Gagnon (2020).
///
/// For each factor `v_k`, with `z*` its most informative code and `z°` the second:
/// `JEMMIG_k = H(v_k, z*) - I(v_k; z*) + I(v_k; z°)`, where the joint entropy is
/// `H(v_k, z*) = H(v_k) + H(z*) - I(v_k; z*)` (binned codes, plug-in, nats). It is normalised
/// by its upper bound, `JEMMIG_k / (H(v_k) + log B)` with `B` the bins of `z*`, and reported
/// as `1 - that`, so 1 is best; the score is the mean over factors (a factor whose bound is 0,
/// constant with a single-bin best code, is nil with a note and left out). Uses all rows;
/// `options.continuousFactors` does not change it.
public enum JEMMIG {
    /// Computes JEMMIG on `input.codes` / `input.factors`.
    ///
    /// - Throws: ``MetricsInputError`` with fewer than 2 codes or more bins than rows.
    public static func compute(_ input: MetricInput, options: MetricOptions = .init()) throws -> InformationGapResult {
        guard input.codes.columns >= 2 else {
            throw MetricsInputError("JEMMIG needs at least 2 code columns to take a gap; got \(input.codes.columns)")
        }
        let info = try InformationMatrix(codes: input.codes, factors: input.factors, options: options)
        let m = info.mutualInformation
        var perFactor = [Double?]()
        var raw = [Double]()
        var notes = [String]()
        for k in 0..<m.columns {
            let column = (0..<m.rows).map { m[$0, k] }
            let (top, second, best) = TopTwo.of(column)
            let hv = info.factorEntropy[k]
            let joint = hv + info.codeEntropy[best] - top
            let value = joint - top + second
            raw.append(value)
            let bound = hv + log(Double(info.binCounts[best]))
            if bound > 0 {
                perFactor.append(1 - value / bound)
            } else {
                perFactor.append(nil)
                notes.append("factor \(input.factorNames[k]) is constant and its best code has a single bin, so its JEMMIG bound is 0 and its score undefined; the score averages the other factors")
            }
        }
        if options.continuousFactors { notes.append("continuous factors: JEMMIG uses the discrete factor labels") }
        let defined = perFactor.compactMap { $0 }
        return InformationGapResult(
            score: defined.isEmpty ? nil : defined.reduce(0, +) / Double(defined.count),
            parts: [("per_factor", .object(zip(input.factorNames, perFactor).map { ($0, .optionalNumber($1)) })),
                    ("unnormalised_nats", .array(raw.map { .number($0) })),
                    ("mutual_information", .matrix(m.rowArrays))],
            notes: notes, settings: info.commonSettings(options: options, points: input.codes.rows))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
