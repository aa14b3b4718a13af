/// x - floor(x): the fractional part in [0, 1).
@inlinable @inline(__always)
public func fractionalPart(_ x: Double) -> Double { x - x.rounded(.down) }

/// The phase of an oscillator kept in cycles, wrapped to [0, 1) after every step, so a long
/// sound loses no precision to a growing phase (at 16 kHz a Double phase in radians would drift
/// by 1e-12 per second; wrapped cycles stay exact to 1e-16).
///
/// For a constant frequency the phase of sample n is computed exactly instead of accumulated:
/// ``phase(start:cyclesPerSample:sample:)`` = 2 pi frac(start + frac(n f / sampleRate)), the
/// "exact fractional period" that re-seeds rotation recurrences without drift.
public struct PhaseAccumulator: Sendable {
    /// The current phase in cycles, in [0, 1).
    public var cycles: Double { storedCycles }
    @usableFromInline var storedCycles: Double

    /// An accumulator starting at `startCycles` (any real; wrapped).
    public init(startCycles: Double) { storedCycles = fractionalPart(startCycles) }

    /// The current phase in radians, in [0, 2 pi).
    @inlinable
    public var radians: Double { 2 * Double.pi * storedCycles }

    /// Advances by `delta` cycles (frequency / sample rate for one sample) and wraps.
    @inlinable @inline(__always)
    public mutating func advance(by delta: Double) {
        var c = storedCycles + delta
        c -= c.rounded(.down)
        storedCycles = c
    }

    /// The exact phase in radians of sample `sample` of a constant-frequency oscillator
    /// starting at `start` cycles: 2 pi frac(start + frac(cyclesPerSample * sample)).
    @inlinable
    public static func phase(start: Double, cyclesPerSample: Double, sample: Int) -> Double {
        2 * Double.pi * fractionalPart(start + fractionalPart(cyclesPerSample * Double(sample)))
    }
}
