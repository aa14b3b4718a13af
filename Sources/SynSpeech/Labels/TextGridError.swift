import SynCore

/// A TextGrid whose intervals do not tile its time span, or a long-text-format file that cannot be
/// read back; its description is one line naming the tier, the interval and the times at fault.
public enum TextGridError: UserError, Equatable {
    /// A duration that is not a finite number above zero.
    case badDuration(Double)
    /// A tier with no intervals.
    case emptyTier(tier: String)
    /// An interval (1-based `index`) whose end is not after its start.
    case emptyInterval(tier: String, index: Int, xmin: Double, xmax: Double)
    /// An interval (1-based `index`) reaching outside 0...duration.
    case outOfRange(tier: String, index: Int, xmin: Double, xmax: Double, duration: Double)
    /// Uncovered time between interval `index - 1`'s end and interval `index`'s start.
    case gap(tier: String, index: Int, from: Double, to: Double)
    /// Interval `index` starting before interval `index - 1` ends.
    case overlap(tier: String, index: Int, start: Double, previousEnd: Double)
    /// A tier whose first interval does not start at 0 (`xmin`) or whose last does not end at
    /// the duration (`xmax`).
    case notCovered(tier: String, xmin: Double, xmax: Double, duration: Double)
    /// Text that is not Praat's long text format as this type writes it (`line` is 1-based).
    case malformed(line: Int, reason: String)

    /// The one-line message.
    public var description: String {
        switch self {
        case let .badDuration(d):
            return "TextGrid duration \(d) s is not a finite number above 0"
        case let .emptyTier(tier):
            return "TextGrid tier \"\(tier)\" has no intervals; a tier must tile 0..duration"
        case let .emptyInterval(tier, index, xmin, xmax):
            return "TextGrid tier \"\(tier)\" interval \(index) runs from \(xmin) s to \(xmax) s; "
                + "its end must be after its start"
        case let .outOfRange(tier, index, xmin, xmax, duration):
            return "TextGrid tier \"\(tier)\" interval \(index) (\(xmin) s to \(xmax) s) lies "
                + "outside 0..\(duration) s"
        case let .gap(tier, index, from, to):
            return "TextGrid tier \"\(tier)\" has a gap from \(from) s to \(to) s before interval "
                + "\(index); intervals must meet exactly"
        case let .overlap(tier, index, start, previousEnd):
            return "TextGrid tier \"\(tier)\" interval \(index) starts at \(start) s, before the "
                + "previous one ends at \(previousEnd) s; intervals must not overlap"
        case let .notCovered(tier, xmin, xmax, duration):
            return "TextGrid tier \"\(tier)\" covers \(xmin) s to \(xmax) s; it must cover exactly "
                + "0 to \(duration) s"
        case let .malformed(line, reason):
            return "TextGrid line \(line): \(reason)"
        }
    }
}
