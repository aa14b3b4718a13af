import SynCore

/// The values a factor takes in a dataset.
public enum FactorDomain: Sendable, Equatable {
    /// A finite list; item factor index `j` means `values[j]`. For categorical factors the
    /// values are label codes and `labels[j]` is the label of `values[j]`.
    case discrete(values: [Double], labels: [String]?)
    /// Drawn per item (random sampling only): uniform in `[lower, upper)`, or log-uniform
    /// when `logScale`; the factor index is the draw's bin among `bins` equal bins
    /// (equal in log space when `logScale`).
    case uniform(lower: Double, upper: Double, logScale: Bool, bins: Int)
}

/// One resolved factor of a dataset: a column of factors.npy / factor_values.npy.
public struct FactorSpec: Sendable, Equatable {
    /// The factor's name (column name in metadata.csv).
    public var name: String
    /// What kind of quantity it is.
    public var kind: FactorKind
    /// Unit of the values (`""` when none).
    public var unit: String
    /// The values it takes.
    public var domain: FactorDomain
    /// How the values were specified, as recorded in dataset.json (e.g.
    /// `{"linear": {"start": 440, "stop": 8000, "count": 400, "endpoint": false}}`);
    /// `.null` for explicit lists and random ranges.
    public var spacing: JSONValue
    /// The key path of the factor in its config (`factors[2]`), for error messages.
    public var keyPath: String

    /// Makes a factor.
    public init(name: String, kind: FactorKind, unit: String, domain: FactorDomain,
                spacing: JSONValue = .null, keyPath: String = "") {
        self.name = name
        self.kind = kind
        self.unit = unit
        self.domain = domain
        self.spacing = spacing
        self.keyPath = keyPath
    }

    /// The number of distinct factor indices (list length, or bins of a random range).
    public var levelCount: Int {
        switch domain {
        case let .discrete(values, _): return values.count
        case let .uniform(_, _, _, bins): return bins
        }
    }

    /// The smallest and largest value the factor can take.
    public var extremes: (min: Double, max: Double) {
        switch domain {
        case let .discrete(values, _): return (values.min() ?? 0, values.max() ?? 0)
        case let .uniform(lower, upper, _, _): return (lower, upper)
        }
    }

    /// The key path naming where value `index` of a list factor came from, for errors.
    public func valuePath(_ index: Int) -> String {
        if case .discrete = domain, case .null = spacing { return "\(keyPath).values[\(index)]" }
        if case .uniform = domain { return "\(keyPath).random" }
        if case let .object(pairs) = spacing, let key = pairs.first?.0 { return "\(keyPath).\(key)" }
        return keyPath
    }

    /// The text written to metadata.csv for `value` (the label for categorical factors).
    public func text(of value: Double, index: Int) -> String {
        if case let .discrete(_, labels?) = domain, index >= 0, index < labels.count {
            return labels[index]
        }
        return FactorSpec.format(value)
    }

    /// Shortest round-trip decimal text of `x` (`440`, `0.1`, `1e-05`), as in dataset.json.
    public static func format(_ x: Double) -> String {
        JSONValue.number(x).serialized()
    }
}
