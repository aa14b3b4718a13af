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

extension UserError {
    /// ``description`` as exactly one line: line breaks and other control characters that a
    /// message may quote from the user's input (a key or file name holding a newline) are
    /// shown escaped (`\n`, `\r`, `\u{1B}`), so the CLI's error is always one line.
    public var oneLineDescription: String {
        var out = String.UnicodeScalarView()
        for scalar in description.unicodeScalars {
            switch scalar {
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            case "\t": out.append(scalar)
            case let c where c.value < 0x20 || c.value == 0x7F || c.value == 0x85 || c.value == 0x2028 || c.value == 0x2029:
                out.append(contentsOf: "\\u{\(String(c.value, radix: 16, uppercase: true))}".unicodeScalars)
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
