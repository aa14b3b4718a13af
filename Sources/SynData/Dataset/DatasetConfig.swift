import SynCore

/// The generator-independent part of a dataset config, validated, with defaults filled in.
///
/// Top-level keys (all but `generator` optional):
/// `generator`, `name` (default: the file name without extension), `seed` (0),
/// `sample_rate` (the generator's default; 8000...192000), `sampling` (`grid`, `random`, or
/// `{random: N}`), `count` (items of `sampling: random`), `format` (`pcm16`), `layout`
/// (`files`), `headroom` (`auto` or a positive gain), `factors` (see ``FactorDecoder``),
/// `constants` (a mapping from factor names that are not listed to fixed values).
/// The generator adds its own keys (``DatasetConfig/decode(file:root:schema:defaultSampleRate:extraKeys:)``).
public struct DatasetConfig: Sendable {
    /// Keys every config may have.
    public static let commonKeys = ["generator", "name", "seed", "sample_rate", "sampling", "count",
                                    "format", "layout", "headroom", "factors", "constants"]
    /// Allowed sample rates in Hz.
    public static let sampleRateRange = 8000...192_000

    /// The config file as the user named it.
    public var file: String
    /// The generator name (`syntone`).
    public var generator: String
    /// The dataset name (default output folder `./data/<name>`).
    public var name: String
    /// The seed of every item stream.
    public var seed: UInt64
    /// Sample rate in Hz.
    public var sampleRate: Int
    /// Grid or random sampling.
    public var sampling: Sampling
    /// Audio sample format.
    public var format: AudioFormat
    /// Storage layout.
    public var layout: DatasetLayout
    /// The dataset-wide gain setting.
    public var headroom: HeadroomSetting
    /// The listed factors, in column order.
    public var factors: [FactorSpec]
    /// Every schema factor that is not listed, with its fixed value (nil = off), in schema order.
    public var constants: [(name: String, value: Double?, keyPath: String)]
    /// The root mapping, for the generator's own keys.
    public var root: ConfigObject

    /// Reads the generator name of a parsed config (to pick the generator).
    public static func generatorName(file: String, root: ConfigValue) throws -> String {
        let obj = try ConfigReader(file: file, value: root).object(allowed: [])
        return try obj.required("generator").string()
    }

    /// Decodes and validates the common keys. `extraKeys` are the generator's own top-level
    /// keys, which the generator reads from ``root`` afterwards; any other key is an error.
    public static func decode(file: String, root: ConfigValue, schema: [FactorSchema],
                              defaultSampleRate: Int, extraKeys: [String]) throws -> DatasetConfig {
        let obj = try ConfigReader(file: file, value: root).object(allowed: commonKeys + extraKeys)
        try obj.finish()
        let generator = try obj.required("generator").string()

        var name = defaultName(file: file)
        if let r = obj.optional("name") {
            name = try r.string()
            let ok = !name.isEmpty && name.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0)
            } && !name.hasPrefix(".")
            guard ok else { throw r.error("must be a folder-safe name (letters, digits, '.', '_', '-'), got '\(name)'") }
        }

        var seed: UInt64 = 0
        if let r = obj.optional("seed") {
            let s = try r.integer()
            guard s >= 0 else { throw r.error("must be a non-negative integer, got \(s)") }
            seed = UInt64(s)
        }

        var sampleRate = defaultSampleRate
        if let r = obj.optional("sample_rate") {
            sampleRate = try r.integer()
            guard sampleRateRange.contains(sampleRate) else {
                throw r.error("must be between 8000 and 192000 Hz, got \(sampleRate)")
            }
        }

        var sampling = Sampling.grid
        var randomCount: Int?
        if let r = obj.optional("sampling") {
            switch r.value {
            case .map:
                let s = try r.object(allowed: ["random"])
                try s.finish()
                randomCount = try s.required("random").positiveInteger()
            default:
                if try r.choice(["grid", "random"]) == "random" {
                    guard let c = obj.optional("count") else {
                        throw ConfigError(file: file, path: "count", "is required with sampling: random (the number of items)")
                    }
                    randomCount = try c.positiveInteger()
                }
            }
        }
        if let c = obj.optional("count") {
            guard case .string("random")? = obj.optional("sampling")?.value else {
                throw c.error("only applies to sampling: random (a grid's size is the product of its factors)")
            }
        }
        if let n = randomCount {
            guard n <= ItemSampler.maximumCount else {
                throw ConfigError(file: file, path: obj.has("count") ? "count" : "sampling.random",
                                  "must be at most \(ItemSampler.maximumCount), got \(n)")
            }
            sampling = .random(count: n)
        }

        var layout = DatasetLayout.files
        if let r = obj.optional("layout") {
            layout = DatasetLayout(rawValue: try r.choice(DatasetLayout.allCases.map(\.rawValue))) ?? .files
        }
        var format = layout == .npy ? AudioFormat.float32 : .pcm16
        if let r = obj.optional("format") {
            format = AudioFormat(rawValue: try r.choice(AudioFormat.allCases.map(\.rawValue))) ?? .pcm16
            if layout == .npy, format != .float32 {
                throw r.error("layout: npy always stores float32; remove format or set it to float32, got \(format.rawValue)")
            }
        }

        var headroom = HeadroomSetting.auto
        if let r = obj.optional("headroom") {
            if case .string = r.value {
                _ = try r.choice(["auto"])
            } else {
                let g = try r.double()
                guard g > 0 else { throw r.error("must be auto or a positive gain, got \(FactorSpec.format(g))") }
                headroom = .gain(g)
            }
        }

        let factors = try FactorDecoder.decode(try obj.required("factors"), schema: schema)
        if case .grid = sampling {
            for f in factors {
                if case .uniform = f.domain {
                    throw ConfigError(file: file, path: "\(f.keyPath).random",
                                      "a random range needs sampling: random (a grid needs a list or a linear/log/midi range)")
                }
            }
            if ItemSampler(factors: factors, sampling: .grid, seed: seed) == nil {
                throw ConfigError(file: file, path: "factors",
                                  "the grid has more than \(ItemSampler.maximumCount) items")
            }
        }

        var constants: [(name: String, value: Double?, keyPath: String)] = []
        var given: [String: (Double?, String)] = [:]
        if let r = obj.optional("constants") {
            let c = try r.object(allowed: schema.map(\.name))
            try c.finish()
            for (key, _) in c.pairs {
                let v = try c.required(key)
                guard let s = schema.first(where: { $0.name == key }) else { continue }
                if let f = factors.first(where: { $0.name == key }) {
                    throw v.error("'\(key)' is also listed as a factor at \(f.keyPath); give it one place")
                }
                given[key] = (try constantValue(v, schema: s), v.path)
            }
        }
        for s in schema where !factors.contains(where: { $0.name == s.name }) {
            if let (value, path) = given[s.name] {
                constants.append((s.name, value, path))
            } else {
                constants.append((s.name, s.defaultValue, ""))
            }
        }

        return DatasetConfig(file: file, generator: generator, name: name, seed: seed,
                             sampleRate: sampleRate, sampling: sampling, format: format,
                             layout: layout, headroom: headroom, factors: factors,
                             constants: constants, root: obj)
    }

    /// Decodes one `constants` entry: a number, a label of a categorical factor, or null
    /// where the factor may be off.
    public static func constantValue(_ r: ConfigReader, schema s: FactorSchema) throws -> Double? {
        if case .null = r.value {
            guard s.allowsNull else { throw r.error("'\(s.name)' cannot be null (off); give a value") }
            return nil
        }
        if let labels = s.labels {
            if case let .string(label) = r.value, let code = labels.firstIndex(of: label) { return Double(code) }
            if case let .integer(code) = r.value, code >= 0, code < labels.count { return Double(code) }
            throw r.error("must be one of \(labels.joined(separator: ", ")), got \(r.value.typeDescription)")
        }
        return try r.double()
    }

    /// The file name without folders and extension.
    static func defaultName(file: String) -> String {
        let base = file.split(separator: "/").last.map(String.init) ?? file
        if let dot = base.lastIndex(of: "."), dot != base.startIndex { return String(base[..<dot]) }
        return base
    }

    /// The constant value of `name` (nil when it is off, or listed as a factor).
    public func constant(_ name: String) -> Double? {
        constants.first { $0.name == name }?.value
    }

    /// The common part of the resolved config, in a fixed key order.
    public var resolvedCommon: [(String, JSONValue)] {
        var out: [(String, JSONValue)] = [
            ("generator", .string(generator)), ("name", .string(name)),
            ("seed", .integer(Int(truncatingIfNeeded: seed))), ("sample_rate", .integer(sampleRate)),
        ]
        switch sampling {
        case .grid: out.append(("sampling", .string("grid")))
        case let .random(n): out.append(("sampling", .string("random"))); out.append(("count", .integer(n)))
        }
        out.append(("format", .string(format.rawValue)))
        out.append(("layout", .string(layout.rawValue)))
        out.append(("headroom", headroom.json))
        return out
    }
}
