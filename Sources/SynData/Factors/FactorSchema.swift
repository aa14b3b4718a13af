import SynCore

/// A generator's description of one factor it understands: what a config may set and what
/// the factor is when the config does not list it.
public struct FactorSchema: Sendable {
    /// The factor's config name (`frequency`).
    public var name: String
    /// The unit of its numeric values (`Hz`, `s`, `dB`; `""` for categorical).
    public var unit: String
    /// For categorical factors: the label of each code 0, 1, ...; nil for numeric factors.
    public var labels: [String]?
    /// The value used when the factor is neither listed nor set under `constants`;
    /// nil means "off" (recorded as null).
    public var defaultValue: Double?
    /// True when the value may be switched off with `null` under `constants`.
    public var allowsNull: Bool
    /// True for frequencies in Hz, which may also be given as a `midi` note range.
    public var isPitch: Bool
    /// One line saying what the factor does (used by `--help` texts and docs).
    public var summary: String

    /// Makes a schema entry.
    public init(name: String, unit: String, labels: [String]? = nil, defaultValue: Double?,
                allowsNull: Bool = false, isPitch: Bool = false, summary: String) {
        self.name = name
        self.unit = unit
        self.labels = labels
        self.defaultValue = defaultValue
        self.allowsNull = allowsNull
        self.isPitch = isPitch
        self.summary = summary
    }
}
