import SynCore

/// A cursor over one config value that knows its file and key path, so every error it
/// throws names both.
public struct ConfigReader: Sendable {
    /// The config file as the user named it.
    public let file: String
    /// The key path of `value` (`factors[2]`); empty at the root.
    public let path: String
    /// The value under the cursor.
    public let value: ConfigValue

    /// A cursor at the root of `value`.
    public init(file: String, value: ConfigValue, path: String = "") {
        self.file = file
        self.value = value
        self.path = path
    }

    /// An error at this cursor's key path.
    public func error(_ message: String) -> ConfigError {
        ConfigError(file: file, path: path, message)
    }

    /// A cursor for list element `index`.
    public func element(_ index: Int, _ value: ConfigValue) -> ConfigReader {
        ConfigReader(file: file, value: value, path: "\(path)[\(index)]")
    }

    /// The elements of a non-empty (unless `allowEmpty`) list.
    public func list(allowEmpty: Bool = false) throws -> [ConfigReader] {
        guard case let .list(items) = value else {
            throw error("must be a list, got \(value.typeDescription)")
        }
        if items.isEmpty, !allowEmpty { throw error("must not be empty") }
        return items.enumerated().map { element($0.offset, $0.element) }
    }

    /// A mapping whose keys must all be among `allowed` (checked by ``ConfigObject/finish()``).
    public func object(allowed: [String]) throws -> ConfigObject {
        guard case let .map(pairs) = value else {
            throw error("must be a mapping of keys, got \(value.typeDescription)")
        }
        return ConfigObject(reader: self, pairs: pairs, allowed: allowed)
    }

    /// A number (integers accepted).
    public func double() throws -> Double {
        guard let x = value.doubleValue, x.isFinite else {
            throw error("must be a number, got \(value.typeDescription)")
        }
        return x
    }

    /// An integer (a float with an integral value is not accepted, to catch typos like `1.5`).
    public func integer() throws -> Int {
        guard case let .integer(i) = value else {
            throw error("must be an integer, got \(value.typeDescription)")
        }
        return i
    }

    /// An integer >= 1.
    public func positiveInteger() throws -> Int {
        guard case let .integer(i) = value, i > 0 else {
            throw error("must be a positive integer, got \(value.typeDescription.replacingPrefix("the integer ", with: ""))")
        }
        return i
    }

    /// An integer in `1...limit` (limits keep later `Int32` conversions and allocations safe).
    public func positiveInteger(atMost limit: Int) throws -> Int {
        let i = try positiveInteger()
        guard i <= limit else { throw error("must be at most \(limit), got \(i)") }
        return i
    }

    /// A string.
    public func string() throws -> String {
        guard case let .string(s) = value else {
            throw error("must be a string, got \(value.typeDescription)")
        }
        return s
    }

    /// A boolean.
    public func bool() throws -> Bool {
        guard case let .bool(b) = value else {
            throw error("must be true or false, got \(value.typeDescription)")
        }
        return b
    }

    /// One of `choices` (a string).
    public func choice(_ choices: [String]) throws -> String {
        let s: String
        if case let .string(text) = value { s = text } else {
            throw error("must be one of \(choices.joined(separator: ", ")), got \(value.typeDescription)")
        }
        guard choices.contains(s) else {
            throw error("must be one of \(choices.joined(separator: ", ")), got '\(s)'")
        }
        return s
    }
}

/// The keys of one config mapping. Reading a key marks it used; ``finish()`` rejects any
/// key that is not allowed, so typos are errors rather than silently ignored.
public struct ConfigObject: Sendable {
    /// The cursor of the mapping itself.
    public let reader: ConfigReader
    /// The key/value pairs in document order.
    public let pairs: [(String, ConfigValue)]
    /// The keys this mapping may have.
    public let allowed: [String]

    init(reader: ConfigReader, pairs: [(String, ConfigValue)], allowed: [String]) {
        self.reader = reader
        self.pairs = pairs
        self.allowed = allowed
    }

    /// True when `key` is present.
    public func has(_ key: String) -> Bool { pairs.contains { $0.0 == key } }

    /// The cursor of `key`, or nil when absent.
    public func optional(_ key: String) -> ConfigReader? {
        guard let value = pairs.first(where: { $0.0 == key })?.1 else { return nil }
        return ConfigReader(file: reader.file, value: value,
                            path: reader.path.isEmpty ? key : "\(reader.path).\(key)")
    }

    /// The cursor of a required `key`.
    public func required(_ key: String) throws -> ConfigReader {
        guard let r = optional(key) else {
            let at = reader.path.isEmpty ? key : "\(reader.path).\(key)"
            throw ConfigError(file: reader.file, path: at, "is required")
        }
        return r
    }

    /// The key path of `key` inside this mapping.
    public func path(of key: String) -> String {
        reader.path.isEmpty ? key : "\(reader.path).\(key)"
    }

    /// Throws for the first key that is not in `allowed`.
    public func finish() throws {
        for (key, _) in pairs where !allowed.contains(key) {
            throw ConfigError(file: reader.file, path: path(of: key),
                              "unknown key (allowed here: \(allowed.joined(separator: ", ")))")
        }
    }
}

extension String {
    func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
