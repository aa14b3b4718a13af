/// One formant: a resonance of the vocal tract as seen in an all-pole model of a frame.
public struct Formant: Sendable, Equatable {
    /// Centre frequency in Hz.
    public var frequency: Double
    /// -3 dB bandwidth in Hz.
    public var bandwidth: Double

    /// A formant at `frequency` Hz with `bandwidth` Hz.
    public init(frequency: Double, bandwidth: Double) {
        self.frequency = frequency
        self.bandwidth = bandwidth
    }
}
