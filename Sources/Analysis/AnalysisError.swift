import SynCore

/// Bad input to the layer-wise analysis (mismatched layers, a factor unfit for a measure,
/// non-finite activations). The CLI prints it as one line and exits with code 2.
public struct AnalysisInputError: UserError {
    /// The message: which file, layer or factor, what was wrong and what is allowed.
    public var message: String
    /// Makes an error with a complete one-line message.
    public init(_ message: String) { self.message = message }
    /// The message, as the CLI prints it.
    public var description: String { message }
}
