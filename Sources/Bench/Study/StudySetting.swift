import Foundation
import SynCore
import SynData

/// One hyperparameter setting of a method: the objective with one value per key and the
/// training settings, resolved. Its name carries a short hash of the resolved settings, so a
/// changed setting gets a new folder and the old cells are kept.
public struct StudySetting: Sendable {
    /// The study's config file (errors name it).
    let file: String
    /// The method's position in the config (errors name it).
    let methodIndex: Int
    /// The method's name.
    public let method: String
    /// The objective mapping, one value per key.
    let objective: [(String, ConfigValue)]
    /// The objective keys that vary between the method's settings (they name the setting).
    let varied: [String]
    /// Training settings (study-wide, with the method's overrides).
    let training: [(String, ConfigValue)]
    /// The feature preset's name.
    let preset: String

    init(study: StudyConfig, methodIndex: Int, method: String, objective: [(String, ConfigValue)], varied: [String],
         training: [(String, ConfigValue)]) {
        file = study.file
        self.methodIndex = methodIndex
        self.method = method
        self.objective = objective
        self.varied = varied
        self.training = training
        preset = study.preset.name
    }

    /// The resolved settings as a JSON object in a fixed key order (seed and features
    /// excluded): what the setting's hash covers.
    var resolved: JSONValue {
        var pairs: [(String, JSONValue)] = [("method", .string(method)), ("preset", .string(preset)),
                                            ("objective", ConfigValue.map(objective).json)]
        for (key, value) in training.sorted(by: { $0.0 < $1.0 }) { pairs.append((key, value.json)) }
        return .object(pairs)
    }

    /// The setting's folder name: the varied values (`beta-4`), or `default`, then the first 8
    /// hex digits of the SHA-256 of ``resolved``.
    public var name: String {
        let label = varied.isEmpty ? "default" : varied.compactMap { key in
            objective.first { $0.0 == key }.map { "\(key)-\(Self.label($0.1))" }
        }.joined(separator: "_")
        let digest = SHA256Hasher.digest(Array(resolved.serialized().utf8)).hex
        return label + "-" + digest.prefix(8)
    }

    /// A value as a folder-safe label.
    static func label(_ value: ConfigValue) -> String {
        let text: String
        switch value {
        case let .integer(i): text = "\(i)"
        case let .number(x): text = "\(x)"
        case let .string(s): text = s
        case let .bool(b): text = "\(b)"
        default: text = value.json.serialized()
        }
        return String(text.map { $0.isLetter || $0.isNumber || "-.".contains($0) ? $0 : "_" })
    }

    /// The training config of one cell as a parsed mapping: `features`, the setting and `seed`.
    func trainValue(features: String, seed: Int) -> ConfigValue {
        var pairs: [(String, ConfigValue)] = [("features", .string(features)), ("preset", .string(preset)),
                                              ("objective", .map(objective))]
        pairs += training
        pairs.append(("seed", .integer(seed)))
        return .map(pairs)
    }

    /// The checked training config of one cell; errors name the study's file and the method.
    public func trainConfig(features: String, seed: Int) throws -> TrainConfig {
        try TrainConfig.read(ConfigReader(file: file, value: trainValue(features: features, seed: seed),
                                          path: "methods[\(methodIndex)]"))
    }

    /// The training config of one cell as text `synbench train` reads (JSON is YAML).
    func trainConfigText(features: String, seed: Int) -> String {
        trainValue(features: features, seed: seed).json.serialized(indent: 2) + "\n"
    }
}
