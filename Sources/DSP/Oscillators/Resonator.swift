import Foundation

/// The coefficients (A, B, C) of Klatt's two-pole digital resonator for a centre frequency
/// `frequency` and bandwidth `bandwidth` in Hz at `sampleRate` Hz (Klatt 1980, JASA 67(3),
/// eq. 2-4, T = 1 / sampleRate):
///
///     C = -exp(-2 pi BW T),  B = 2 exp(-pi BW T) cos(2 pi F T),  A = 1 - B - C
///
/// so that y[n] = A x[n] + B y[n-1] + C y[n-2] has gain exactly 1 at 0 Hz.
func klattResonatorCoefficients(frequency: Double, bandwidth: Double, sampleRate: Double)
    -> (a: Double, b: Double, c: Double)
{
    let t = 1 / sampleRate
    let r = exp(-Double.pi * bandwidth * t)
    let c = -r * r
    let b = 2 * r * sineCosine(2 * Double.pi * fractionalPart(frequency * t)).cos
    return (1 - b - c, b, c)
}

/// A filter run one sample at a time (resonators, anti-resonators); the block method comes from
/// this protocol's extension and is specialised for each concrete type (no dynamic dispatch).
public protocol SampleFilter {
    /// Filters one input sample and returns the output sample.
    mutating func process(_ x: Double) -> Double
}

extension SampleFilter {
    /// Filters the first `count` samples of `input` in place (the rest is left untouched).
    @inlinable
    public mutating func process(_ input: inout [Double], count: Int) {
        precondition(count >= 0 && count <= input.count, "count \(count) outside 0...\(input.count)")
        input.withUnsafeMutableBufferPointer { buffer in
            for n in 0..<count { buffer[n] = process(buffer[n]) }
        }
    }
}

/// Klatt's two-pole digital resonator (Klatt 1980, JASA 67(3), eq. 2-4): one formant.
///
///     y[n] = A x[n] + B y[n-1] + C y[n-2]
///     C = -exp(-2 pi BW T),  B = 2 exp(-pi BW T) cos(2 pi F T),  A = 1 - B - C,  T = 1 / fs
///
/// The gain at 0 Hz is exactly 1 (the impulse response sums to 1). The poles sit at
/// exp(-pi BW T +- 2 pi i F T), so the magnitude response peaks near F (within a fraction of a
/// hertz for speech formants) with a -3 dB width close to BW (within 2 % up to BW = 200 Hz at
/// 16 kHz; the width of a digital two-pole resonator departs from BW as BW T grows).
///
/// A value type holding its two past outputs. ``setFrequency(_:bandwidth:sampleRate:)`` changes
/// the coefficients and keeps that state, so F and BW may change every sample or every block
/// without a click from a reset.
public struct Resonator: SampleFilter, Sendable, Hashable {
    /// The input gain A (dimensionless).
    public private(set) var a: Double
    /// The feedback coefficient B of y[n-1].
    public private(set) var b: Double
    /// The feedback coefficient C of y[n-2].
    public private(set) var c: Double
    /// The previous output y[n-1].
    public var y1: Double = 0
    /// The output before that, y[n-2].
    public var y2: Double = 0

    /// A resonator at centre frequency `frequency` Hz with bandwidth `bandwidth` Hz at
    /// `sampleRate` Hz, state at rest (zero).
    public init(frequency: Double, bandwidth: Double, sampleRate: Double) {
        (a, b, c) = klattResonatorCoefficients(frequency: frequency, bandwidth: bandwidth, sampleRate: sampleRate)
    }

    /// Sets the centre frequency `frequency` Hz and bandwidth `bandwidth` Hz (at `sampleRate`
    /// Hz), keeping the past outputs.
    public mutating func setFrequency(_ frequency: Double, bandwidth: Double, sampleRate: Double) {
        (a, b, c) = klattResonatorCoefficients(frequency: frequency, bandwidth: bandwidth, sampleRate: sampleRate)
    }

    /// Filters one input sample and returns the output y[n] = A x + C y[n-2] + B y[n-1].
    ///
    /// Summed in that order so that y[n-1], the value the previous sample has just produced,
    /// enters last: the recurrence's critical path is then one multiply and one add instead of
    /// one multiply and two adds, which is what bounds a resonator's speed.
    @inlinable @inline(__always)
    public mutating func process(_ x: Double) -> Double {
        let y = a * x + c * y2 + b * y1
        y2 = y1
        y1 = y
        return y
    }

    /// Makes the resonator pass its input through unchanged (A = 1, B = C = 0: y[n] = x[n]
    /// exactly), keeping the state moving with the input; ``setFrequency(_:bandwidth:sampleRate:)``
    /// makes it a resonator again. For a formant switched off without changing the shape of a
    /// ``ResonatorSeries``.
    public mutating func setPassThrough() {
        (a, b, c) = (1, 0, 0)
    }

    /// Clears the state (y[n-1] = y[n-2] = 0).
    public mutating func reset() {
        y1 = 0
        y2 = 0
    }
}

/// Two-pole ``Resonator``s in series (a formant cascade): each sample goes through every
/// resonator in turn, y = r_K(...r_2(r_1(x))), the same arithmetic as filtering the whole block
/// through r_1, then through r_2, and so on.
///
/// Why a type of its own: a resonator is a recurrence, and filtering a block through one
/// resonator after another waits on that recurrence's latency sample after sample, resonator
/// after resonator. Here the block is run sample by sample through up to four resonators at
/// once, their coefficients and states held in local values, so the four recurrences overlap;
/// the storage is reached through an unsafe pointer inside ``process(_:count:from:)`` only (no
/// bounds or exclusivity checks in the inner loop, which the index ranges make unnecessary).
public struct ResonatorSeries: Sendable {
    /// The resonators in filtering order.
    public private(set) var resonators: [Resonator]

    /// A series of `resonators` in that order, each with its own state.
    public init(_ resonators: [Resonator]) {
        self.resonators = resonators
    }

    /// Number of resonators.
    public var count: Int { resonators.count }

    /// Resonator `index` (its coefficients and state); setting it replaces both.
    public subscript(index: Int) -> Resonator {
        get { resonators[index] }
        set { resonators[index] = newValue }
    }

    /// Sets resonator `index` to centre frequency `frequency` Hz and bandwidth `bandwidth` Hz at
    /// `sampleRate` Hz, keeping its state.
    public mutating func setFrequency(at index: Int, _ frequency: Double, bandwidth: Double, sampleRate: Double) {
        resonators[index].setFrequency(frequency, bandwidth: bandwidth, sampleRate: sampleRate)
    }

    /// Makes resonator `index` pass its input through (``Resonator/setPassThrough()``).
    public mutating func setPassThrough(at index: Int) {
        resonators[index].setPassThrough()
    }

    /// Filters the first `count` samples of `block` in place through resonators
    /// `first..<count` of the series (all by default); the others keep their state.
    public mutating func process(_ block: inout [Double], count: Int, from first: Int = 0) {
        precondition(count >= 0 && count <= block.count, "count \(count) outside 0...\(block.count)")
        precondition(first >= 0 && first <= resonators.count, "first resonator \(first) outside 0...\(resonators.count)")
        let total = resonators.count
        resonators.withUnsafeMutableBufferPointer { r in
            block.withUnsafeMutableBufferPointer { x in
                guard let rp = r.baseAddress, let xp = x.baseAddress else { return }
                var k = first
                while total - k >= 4 {
                    Self.run4(rp + k, xp, count)
                    k += 4
                }
                if total - k >= 2 {
                    Self.run2(rp + k, xp, count)
                    k += 2
                }
                if total - k == 1 { Self.run1(rp + k, xp, count) }
            }
        }
    }

    // Each kernel copies its resonators into locals (registers), runs the block sample by sample
    // through them, and stores them back. Four is the most whose 20 values and temporaries stay
    // in the 16 SSE registers without much spilling.

    @inline(__always)
    private static func run4(_ r: UnsafeMutablePointer<Resonator>, _ x: UnsafeMutablePointer<Double>, _ count: Int) {
        var (r0, r1, r2, r3) = (r[0], r[1], r[2], r[3])
        for n in 0..<count { x[n] = r3.process(r2.process(r1.process(r0.process(x[n])))) }
        (r[0], r[1], r[2], r[3]) = (r0, r1, r2, r3)
    }

    @inline(__always)
    private static func run2(_ r: UnsafeMutablePointer<Resonator>, _ x: UnsafeMutablePointer<Double>, _ count: Int) {
        var (r0, r1) = (r[0], r[1])
        for n in 0..<count { x[n] = r1.process(r0.process(x[n])) }
        (r[0], r[1]) = (r0, r1)
    }

    @inline(__always)
    private static func run1(_ r: UnsafeMutablePointer<Resonator>, _ x: UnsafeMutablePointer<Double>, _ count: Int) {
        var r0 = r[0]
        for n in 0..<count { x[n] = r0.process(x[n]) }
        r[0] = r0
    }
}

/// Klatt's two-zero anti-resonator (Klatt 1980, JASA 67(3), eq. 5): the inverse of a
/// ``Resonator`` of the same F and BW, used for the nasal zero.
///
///     y[n] = A' x[n] + B' x[n-1] + C' x[n-2],  A' = 1 / A,  B' = -B / A,  C' = -C / A
///
/// with A, B, C the resonator coefficients. The state holds the two past inputs. Gain 1 at
/// 0 Hz. When A is tiny (|A| < ``minimumA``, e.g. a zero at F = 0 with BW -> 0, where 1 / A
/// would overflow or amplify round-off), A is clamped to +-``minimumA`` keeping its sign.
public struct AntiResonator: SampleFilter, Sendable, Hashable {
    /// The smallest |A| used: 1e-8 (a gain of at most 1e8 on the current input).
    public static let minimumA = 1e-8
    /// The input gain A' = 1 / A.
    public private(set) var a: Double
    /// The coefficient B' = -B / A of x[n-1].
    public private(set) var b: Double
    /// The coefficient C' = -C / A of x[n-2].
    public private(set) var c: Double
    /// The previous input x[n-1].
    public var x1: Double = 0
    /// The input before that, x[n-2].
    public var x2: Double = 0

    /// An anti-resonator with its zeros at `frequency` Hz, bandwidth `bandwidth` Hz, at
    /// `sampleRate` Hz; state at rest.
    public init(frequency: Double, bandwidth: Double, sampleRate: Double) {
        (a, b, c) = (1, 0, 0)
        setFrequency(frequency, bandwidth: bandwidth, sampleRate: sampleRate)
    }

    /// Sets the zero frequency `frequency` Hz and bandwidth `bandwidth` Hz (at `sampleRate`
    /// Hz), keeping the past inputs.
    public mutating func setFrequency(_ frequency: Double, bandwidth: Double, sampleRate: Double) {
        let r = klattResonatorCoefficients(frequency: frequency, bandwidth: bandwidth, sampleRate: sampleRate)
        var ra = r.a
        if abs(ra) < Self.minimumA { ra = ra < 0 ? -Self.minimumA : Self.minimumA }
        let inverse = 1 / ra
        a = inverse
        b = -r.b * inverse
        c = -r.c * inverse
    }

    /// Filters one input sample and returns y[n] = A' x + B' x[n-1] + C' x[n-2].
    @inlinable @inline(__always)
    public mutating func process(_ x: Double) -> Double {
        let y = a * x + b * x1 + c * x2
        x2 = x1
        x1 = x
        return y
    }

    /// Clears the state (x[n-1] = x[n-2] = 0).
    public mutating func reset() {
        x1 = 0
        x2 = 0
    }
}
