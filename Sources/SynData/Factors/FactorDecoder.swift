import SynCore

/// Decodes the `factors:` list of a config against a generator's schema.
///
/// Each entry is a mapping with `name`, an optional `kind`, and exactly one of
/// - `values: [v0, v1, ...]` numbers (or labels / codes for a categorical factor),
/// - `linear: {start, stop, count, endpoint: true}` (NumPy linspace; `count` at most
///   ``maximumValueCount``, as for the other grids and lists),
/// - `log: {start, stop, count, endpoint: true}` (geometric grid, start and stop > 0),
/// - `midi: {start, stop, count, endpoint: true}` (note numbers, converted to Hz; pitch factors),
/// - `random: {min, max, scale: linear|log, bins: 10}` (random sampling only).
public enum FactorDecoder {
    /// Most values one factor may list or span (`count` of a linear, log or midi grid): the
    /// values are held in memory (8 bytes each) before anything is checked, and a grid is
    /// limited to ``ItemSampler/maximumCount`` items anyway.
    public static let maximumValueCount = 1 << 24

    static let entryKeys = ["name", "kind", "values", "linear", "log", "midi", "random"]
    static let gridKeys = ["start", "stop", "count", "endpoint"]
    static let randomKeys = ["min", "max", "scale", "bins"]

    /// Decodes the list at `reader` (the `factors` key).
    public static func decode(_ reader: ConfigReader, schema: [FactorSchema]) throws -> [FactorSpec] {
        var specs: [FactorSpec] = []
        for entry in try reader.list() {
            let spec = try decodeEntry(entry, schema: schema)
            if let earlier = specs.first(where: { $0.name == spec.name }) {
                throw ConfigError(file: entry.file, path: "\(entry.path).name",
                                  "factor '\(spec.name)' is already listed at \(earlier.keyPath)")
            }
            specs.append(spec)
        }
        return specs
    }

    static func decodeEntry(_ entry: ConfigReader, schema: [FactorSchema]) throws -> FactorSpec {
        let obj = try entry.object(allowed: entryKeys)
        try obj.finish()
        let nameReader = try obj.required("name")
        let name = try nameReader.string()
        guard let s = schema.first(where: { $0.name == name }) else {
            throw nameReader.error("unknown factor '\(name)' (known: \(schema.map(\.name).joined(separator: ", ")))")
        }
        let forms = ["values", "linear", "log", "midi", "random"].filter { obj.has($0) }
        guard forms.count == 1 else {
            throw entry.error(forms.isEmpty
                ? "needs one of values, linear, log, midi or random"
                : "give only one of \(forms.joined(separator: ", "))")
        }
        let form = forms[0]
        let body = try obj.required(form)
        var kind: FactorKind = s.labels == nil ? .continuous : .categorical
        if let k = obj.optional("kind") {
            let allowed = s.labels == nil ? ["ordinal", "continuous"] : ["categorical"]
            kind = FactorKind(rawValue: try k.choice(allowed)) ?? kind
        }
        if let labels = s.labels {
            guard form == "values" else {
                throw body.error("'\(name)' is categorical: list its values (\(labels.joined(separator: ", ")))")
            }
        }
        if form == "midi", !s.isPitch {
            throw body.error("midi ranges are only for frequencies in Hz; '\(name)' is in \(s.unit.isEmpty ? "no unit" : s.unit)")
        }
        var spec = FactorSpec(name: name, kind: kind, unit: s.unit,
                              domain: .discrete(values: [], labels: nil), keyPath: entry.path)
        switch form {
        case "values":
            spec.domain = try decodeList(body, schema: s)
        case "random":
            spec.domain = try decodeRandom(body)
        default:
            let (values, spacing) = try decodeGrid(body, form: form)
            spec.domain = .discrete(values: values, labels: nil)
            spec.spacing = spacing
        }
        return spec
    }

    static func decodeList(_ body: ConfigReader, schema s: FactorSchema) throws -> FactorDomain {
        var values: [Double] = []
        var labels: [String] = []
        var seen = Set<Double>()
        let items = try body.list()
        guard items.count <= maximumValueCount else {
            throw body.error("lists \(items.count) values; a factor may have at most \(maximumValueCount)")
        }
        for item in items {
            if let known = s.labels {
                let code: Int
                switch item.value {
                case let .string(label):
                    guard let c = known.firstIndex(of: label) else {
                        throw item.error("unknown \(s.name) '\(label)' (allowed: \(known.joined(separator: ", ")))")
                    }
                    code = c
                case let .integer(c) where c >= 0 && c < known.count:
                    code = c
                default:
                    throw item.error("must be one of \(known.joined(separator: ", ")) (or its code 0..\(known.count - 1)), got \(item.value.typeDescription)")
                }
                values.append(Double(code))
                labels.append(known[code])
            } else {
                values.append(try item.double())
            }
            if !seen.insert(values[values.count - 1]).inserted {
                throw item.error("repeats an earlier value; values must be distinct")
            }
        }
        return .discrete(values: values, labels: s.labels == nil ? nil : labels)
    }

    static func decodeGrid(_ body: ConfigReader, form: String) throws -> ([Double], JSONValue) {
        let obj = try body.object(allowed: gridKeys)
        try obj.finish()
        let start = try obj.required("start").double()
        let stop = try obj.required("stop").double()
        let count = try obj.required("count").positiveInteger(atMost: maximumValueCount)
        let endpoint = try obj.optional("endpoint")?.bool() ?? true
        if count > 1, start == stop {
            throw body.error("start and stop are equal (\(FactorSpec.format(start))), so the \(count) values would repeat")
        }
        if form == "log", start <= 0 || stop <= 0 {
            throw ConfigError(file: body.file, path: obj.path(of: start <= 0 ? "start" : "stop"),
                              "a log grid needs positive start and stop, got \(FactorSpec.format(start <= 0 ? start : stop))")
        }
        let values: [Double]
        switch form {
        case "linear": values = ValueGrid.linear(start: start, stop: stop, count: count, endpoint: endpoint)
        case "log": values = ValueGrid.logarithmic(start: start, stop: stop, count: count, endpoint: endpoint)
        default: values = ValueGrid.midi(start: start, stop: stop, count: count, endpoint: endpoint)
        }
        let spacing = JSONValue.object([(form, .object([
            ("start", .number(start)), ("stop", .number(stop)),
            ("count", .integer(count)), ("endpoint", .bool(endpoint)),
        ]))])
        return (values, spacing)
    }

    static func decodeRandom(_ body: ConfigReader) throws -> FactorDomain {
        let obj = try body.object(allowed: randomKeys)
        try obj.finish()
        let lower = try obj.required("min").double()
        let upper = try obj.required("max").double()
        let scale = try obj.optional("scale")?.choice(["linear", "log"]) ?? "linear"
        let bins = try obj.optional("bins")?.positiveInteger(atMost: ItemSampler.maximumCount) ?? 10
        guard lower < upper else {
            throw ConfigError(file: body.file, path: obj.path(of: "max"),
                              "must be greater than min (\(FactorSpec.format(lower))), got \(FactorSpec.format(upper))")
        }
        if scale == "log", lower <= 0 {
            throw ConfigError(file: body.file, path: obj.path(of: "min"),
                              "a log scale needs min > 0, got \(FactorSpec.format(lower))")
        }
        return .uniform(lower: lower, upper: upper, logScale: scale == "log", bins: bins)
    }
}
