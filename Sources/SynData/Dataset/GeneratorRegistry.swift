import Foundation
import SynCore

/// The generators a config can name in `generator:`, and the loading of a config file into
/// its generator. Each generator module offers its ``Entry`` (e.g. `SynToneConfig.registryEntry`);
/// a registry is a list of them, so the CLI and the bench load datasets the same way.
public struct GeneratorRegistry: Sendable {
    /// One generator: its `generator:` name and how to decode a config into it.
    public struct Entry: Sendable {
        /// The name a config gives in `generator:`.
        public var name: String
        /// Decodes the parsed config at `file`; `seed` overrides the config's seed.
        public var decode: @Sendable (_ file: String, _ root: ConfigValue, _ seed: UInt64?) throws -> any DatasetGenerator

        /// An entry.
        public init(name: String,
                    decode: @escaping @Sendable (_ file: String, _ root: ConfigValue, _ seed: UInt64?) throws -> any DatasetGenerator) {
            self.name = name
            self.decode = decode
        }
    }

    /// The known generators, in the order error messages list them.
    public var entries: [Entry]

    /// A registry of `entries`.
    public init(_ entries: [Entry]) { self.entries = entries }

    /// Names of the known generators.
    public var names: [String] { entries.map(\.name) }

    /// Loads the config at `path` and makes its generator; an unknown `generator:` is a
    /// ``ConfigError`` listing the known ones.
    public func load(path: String, seed: UInt64? = nil) throws -> any DatasetGenerator {
        let root = try ConfigValue.load(path: path)
        let name = try DatasetConfig.generatorName(file: path, root: root)
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw ConfigError(file: path, path: "generator", "unknown generator '\(name)' (known: \(names.joined(separator: ", ")))")
        }
        return try entry.decode(path, root, seed)
    }

    /// One warning line when some factor is not identifiable for some items, or nil.
    public static func identifiabilityWarning(_ plan: DatasetPlan) -> String? {
        var parts: [String] = []
        for e in plan.identifiabilityCounts where e.unidentifiable > 0 {
            parts.append("\(e.factor) for \(e.unidentifiable) of \(e.total) items (\(String(format: "%.1f", 100 * e.fraction)) %)")
        }
        guard !parts.isEmpty else { return nil }
        return "warning: not identifiable from the audio: \(parts.joined(separator: "; ")) (details under \"identifiability\" in dataset.json)"
    }
}
