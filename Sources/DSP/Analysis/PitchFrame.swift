/// The pitch analysis of one frame.
public struct PitchFrame: Sendable, Equatable {
    /// Time of the frame's centre in seconds from the signal's first sample.
    public var time: Double
    /// Fundamental frequency in Hz, or nil when the frame is judged unvoiced.
    public var frequency: Double?
    /// Height of the best normalized-autocorrelation peak (1 = perfectly periodic), whether or
    /// not the frame is voiced.
    public var strength: Double

    /// A frame centred at `time` s with `frequency` Hz (nil: unvoiced) and peak `strength`.
    public init(time: Double, frequency: Double?, strength: Double) {
        self.time = time
        self.frequency = frequency
        self.strength = strength
    }
}
