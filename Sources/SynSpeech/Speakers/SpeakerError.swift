import SynCore

/// A speaker population or speaking style a config cannot have; its description is one line
/// the CLI prints, naming the setting and what is allowed.
public enum SpeakerError: UserError, Equatable {
    /// More speakers asked for than the quantised population holds under its gender balance.
    case tooManySpeakers(requested: Int, maximum: Int, balance: String)
    /// A negative speaker count.
    case negativeCount(Int)
    /// An invalid range of a speaker parameter (`parameter` is its JSON key).
    case badRange(parameter: String, gender: String, reason: String)
    /// A style field out of its allowed range.
    case badStyle(style: String, field: String, reason: String)
    /// A style name that is not built in.
    case unknownStyle(String, allowed: [String])

    /// The one-line message.
    public var description: String {
        switch self {
        case let .tooManySpeakers(requested, maximum, balance):
            return "cannot draw \(requested) distinct speakers: the speaker population gives at most "
                + "\(maximum) with \(balance) genders at the quantised resolution; ask for fewer speakers"
        case let .negativeCount(count):
            return "speaker count \(count) is negative; give 0 or more speakers"
        case let .badRange(parameter, gender, reason):
            return "speaker population, \(gender) \(parameter): \(reason)"
        case let .badStyle(style, field, reason):
            return "speaking style \"\(style)\", \(field): \(reason)"
        case let .unknownStyle(name, allowed):
            return "unknown speaking style \"\(name)\"; built-in styles: " + allowed.joined(separator: ", ")
        }
    }
}
