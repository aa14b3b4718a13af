import Foundation
import Yams
import SynCore

/// A parsed config document: YAML reduced to the JSON data model, keys in document order.
///
/// Scalars keep the type YAML 1.1 core resolution gives them (`440` is an integer, `"440"`
/// a string, `1e3` a number), so a wrong type can be reported instead of silently converted.
public indirect enum ConfigValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case integer(Int)
    case number(Double)
    case string(String)
    case list([ConfigValue])
    case map([(String, ConfigValue)])

    public static func == (lhs: ConfigValue, rhs: ConfigValue) -> Bool {
        lhs.json == rhs.json
    }

    /// A short description of the value's type for error messages ("a list", "the string 'x'").
    public var typeDescription: String {
        switch self {
        case .null: return "nothing (null)"
        case let .bool(b): return "the boolean \(b)"
        case let .integer(i): return "the integer \(i)"
        case let .number(x): return "the number \(x)"
        case let .string(s): return "the string '\(s)'"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }

    /// The value as a number when it is an integer or a floating-point number.
    public var doubleValue: Double? {
        switch self {
        case let .integer(i): return Double(i)
        case let .number(x): return x
        default: return nil
        }
    }

    /// The same value in the JSON model (used to record the resolved config).
    public var json: JSONValue {
        switch self {
        case .null: return .null
        case let .bool(b): return .bool(b)
        case let .integer(i): return .integer(i)
        case let .number(x): return .number(x)
        case let .string(s): return .string(s)
        case let .list(items): return .array(items.map(\.json))
        case let .map(pairs): return .object(pairs.map { ($0.0, $0.1.json) })
        }
    }

    /// Converts a JSON value (e.g. the config recorded in a dataset.json) back.
    public init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case let .bool(b): self = .bool(b)
        case let .integer(i): self = .integer(i)
        case let .number(x): self = .number(x)
        case let .string(s): self = .string(s)
        case let .array(items): self = .list(items.map(ConfigValue.init(json:)))
        case let .object(pairs): self = .map(pairs.map { ($0.0, ConfigValue(json: $0.1)) })
        }
    }

    /// Parses YAML text. `file` only labels errors.
    public static func parseYAML(_ text: String, file: String) throws -> ConfigValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError(file: file, path: "", "not valid YAML: \(Self.oneLine(error))")
        } catch {
            throw ConfigError(file: file, path: "", "not valid YAML: \(error)")
        }
        guard let node else { throw ConfigError(file: file, path: "", "the file is empty") }
        return try convert(node, file: file, path: "")
    }

    /// Reads and parses a YAML file; a missing or unreadable file is a `ConfigError`.
    public static func load(path: String) throws -> ConfigValue {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(file: path, path: "", "no such config file")
        }
        guard !isDirectory.boolValue else {
            throw ConfigError(file: path, path: "", "is a folder, not a config file")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigError(file: path, path: "", "cannot read the file (permission denied?)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, path: "", "is not UTF-8 text")
        }
        return try parseYAML(text, file: path)
    }

    private static func oneLine(_ error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, mark, _), let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let ctx = context.map { "\($0.text) " } ?? ""
            return "line \(mark.line) column \(mark.column): \(ctx)\(problem)"
        case let .duplicatedKeysInMapping(duplicates, _):
            return "duplicated keys \(duplicates.joined(separator: ", "))"
        default:
            return String(describing: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
        }
    }

    /// The value of an int-tagged scalar, or nil when it is not an integer an Int holds (it
    /// then stays a string, so the key reports a wrong type). Yams computes YAML 1.1 base-60
    /// integers (`1:30` is 90) without overflow checks and traps on `201072720627834133:1`
    /// or any twelve components, so those are computed here; every other form goes to Yams.
    static func integer(_ node: Node, _ scalar: Node.Scalar) -> Int? {
        let text = scalar.string.replacingOccurrences(of: "_", with: "")
        let negative = text.hasPrefix("-")
        let unsigned = negative || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        // Yams reads a leading 0 as an octal, hex or binary prefix (no trap there).
        guard scalar.style == .any || scalar.style == .plain, unsigned.contains(":"), !unsigned.hasPrefix("0") else {
            return node.int
        }
        var value = 0
        for part in unsigned.split(separator: ":", omittingEmptySubsequences: false) {
            guard let digit = Int(part) else { return nil }
            let shifted = value.multipliedReportingOverflow(by: 60)
            let sum = shifted.partialValue.addingReportingOverflow(digit)
            guard !shifted.overflow, !sum.overflow else { return nil }
            value = sum.partialValue
        }
        guard negative else { return value }
        let negated = 0.subtractingReportingOverflow(value)
        return negated.overflow ? nil : negated.partialValue
    }

    private static func convert(_ node: Node, file: String, path: String) throws -> ConfigValue {
        switch node {
        case let .scalar(scalar):
            switch Tag.Name(rawValue: node.tag.rawValue) {
            case .null: return .null
            case .bool: return node.bool.map(ConfigValue.bool) ?? .string(scalar.string)
            case .int:
                if let i = integer(node, scalar) { return .integer(i) }
                return .string(scalar.string)
            case .float:
                if let x = node.float { return .number(x) }
                return .string(scalar.string)
            default: return .string(scalar.string)
            }
        case let .sequence(sequence):
            var items: [ConfigValue] = []
            for (n, item) in sequence.enumerated() {
                items.append(try convert(item, file: file, path: "\(path)[\(n)]"))
            }
            return .list(items)
        case let .mapping(mapping):
            var pairs: [(String, ConfigValue)] = []
            var seen = Set<String>()
            for (keyNode, valueNode) in mapping {
                guard case let .scalar(keyScalar) = keyNode else {
                    throw ConfigError(file: file, path: path, "keys must be plain names")
                }
                let key = keyScalar.string
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                guard seen.insert(key).inserted else {
                    throw ConfigError(file: file, path: childPath, "key appears twice")
                }
                pairs.append((key, try convert(valueNode, file: file, path: childPath)))
            }
            return .map(pairs)
        case .alias:
            throw ConfigError(file: file, path: path, "YAML aliases are not supported")
        }
    }
}
