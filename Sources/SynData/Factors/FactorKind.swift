import SynCore

/// What kind of quantity a factor is (recorded in dataset.json for downstream metrics).
public enum FactorKind: String, Sendable, CaseIterable, Codable {
    /// Unordered labels (e.g. waveform); its numeric value is the label's code.
    case categorical
    /// Ordered levels whose spacing carries no meaning.
    case ordinal
    /// A physical quantity sampled at the listed values or drawn from a range.
    case continuous
}
