/// An error caused by what the user asked for or supplied (a bad config, a malformed file,
/// an impossible request). The CLI prints `description` as one line and exits with code 2.
///
/// Runtime failures that are not the user's fault (a full disk, a killed worker) are plain
/// errors and exit with code 1.
public protocol UserError: Error, CustomStringConvertible {}

/// A general bad-input error with a ready, one-line message.
public struct InputError: UserError {
    /// The message, naming the file, key or row, what was wrong and what is allowed.
    public var message: String
    /// Makes an error with a complete one-line message.
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
