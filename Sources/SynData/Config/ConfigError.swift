import SynCore

/// A mistake in a config file: names the file, the key path and what is allowed.
///
/// Its description is the one line the CLI prints, e.g.
/// `configs/x.yaml: factors[2].count: must be a positive integer, got 0`.
public struct ConfigError: UserError, Equatable {
    /// The config file as the user named it.
    public var file: String
    /// The key path inside the file (`factors[2].count`); empty for the whole file.
    public var path: String
    /// What was wrong and what is allowed.
    public var message: String

    /// Makes an error for `path` in `file`.
    public init(file: String, path: String, _ message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String {
        path.isEmpty ? "\(file): \(message)" : "\(file): \(path): \(message)"
    }
}
