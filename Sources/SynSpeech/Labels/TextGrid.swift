/// A Praat TextGrid of interval tiers over 0...duration, as forced aligners write them.
///
/// Every tier tiles its time span exactly: its intervals are in time order, each starts where
/// the previous one ends, the first starts at 0 and the last ends at the duration. Unlabelled
/// time (silence) is an interval with an empty label. ``longTextFormat()`` writes Praat's long
/// text format; ``init(parsing:)`` reads that format back.
public struct TextGrid: Sendable, Equatable {
    /// One labelled stretch of time in a tier, in seconds.
    public struct Interval: Sendable, Equatable {
        /// Makes an interval from `xmin` to `xmax` seconds labelled `text`.
        public init(xmin: Double, xmax: Double, text: String) {
            self.xmin = xmin; self.xmax = xmax; self.text = text
        }

        /// Start time in seconds.
        public var xmin: Double
        /// End time in seconds (after ``xmin``).
        public var xmax: Double
        /// The label; empty for silence or unlabelled time.
        public var text: String
    }

    /// A named interval tier (Praat's `IntervalTier`).
    public struct Tier: Sendable, Equatable {
        /// The tier name, such as `words` or `phones`.
        public var name: String
        /// The intervals in time order.
        public var intervals: [Interval]

        /// Makes a tier; ``TextGrid/init(duration:tiers:)`` checks that it tiles the duration.
        public init(name: String, intervals: [Interval]) {
            self.name = name; self.intervals = intervals
        }

        /// A tier of the labelled `spans` (in time order, inside 0...duration, not overlapping)
        /// with every uncovered stretch filled by an empty-label interval, so it tiles
        /// 0...duration.
        ///
        /// - Throws: ``TextGridError`` for a bad duration, an empty span, a span outside
        ///   0...duration or spans that overlap or are out of order.
        public static func filling(name: String, spans: [LabelledSpan], duration: Double) throws -> Tier {
            try TextGrid.checkDuration(duration)
            var intervals: [Interval] = []
            var cursor = 0.0
            for (i, span) in spans.enumerated() {
                let index = i + 1
                guard span.end > span.start else {
                    throw TextGridError.emptyInterval(tier: name, index: index, xmin: span.start, xmax: span.end)
                }
                guard span.start >= 0, span.end <= duration else {
                    throw TextGridError.outOfRange(tier: name, index: index, xmin: span.start, xmax: span.end,
                                                   duration: duration)
                }
                guard span.start >= cursor else {
                    throw TextGridError.overlap(tier: name, index: index, start: span.start, previousEnd: cursor)
                }
                if span.start > cursor {
                    intervals.append(Interval(xmin: cursor, xmax: span.start, text: ""))
                }
                intervals.append(Interval(xmin: span.start, xmax: span.end, text: span.label))
                cursor = span.end
            }
            if cursor < duration {
                intervals.append(Interval(xmin: cursor, xmax: duration, text: ""))
            }
            return Tier(name: name, intervals: intervals)
        }
    }

    /// A labelled stretch of time in seconds, before gaps are filled.
    public typealias LabelledSpan = (start: Double, end: Double, label: String)

    /// Start of the time span in seconds (always 0 here).
    public let xmin: Double
    /// End of the time span in seconds: the duration.
    public let xmax: Double
    /// The interval tiers, in file order.
    public let tiers: [Tier]

    /// Makes a TextGrid over 0...`duration` seconds.
    ///
    /// - Throws: ``TextGridError`` when `duration` is not finite and above 0, or a tier is
    ///   empty, has an interval that is empty or outside 0...duration, has a gap or an overlap,
    ///   or does not start at 0 and end at `duration`.
    public init(duration: Double, tiers: [Tier]) throws {
        try TextGrid.checkDuration(duration)
        for tier in tiers { try TextGrid.checkTiling(tier, duration: duration) }
        xmin = 0
        xmax = duration
        self.tiers = tiers
    }

    /// A TextGrid with the tiers `words` and `phones` built from labelled spans, gaps filled
    /// with empty labels (see ``Tier/filling(name:spans:duration:)``).
    ///
    /// - Throws: ``TextGridError`` when the spans do not fit in 0...duration in order.
    public static func words(_ words: [LabelledSpan], phones: [LabelledSpan], duration: Double) throws -> TextGrid {
        try TextGrid(duration: duration, tiers: [
            Tier.filling(name: "words", spans: words, duration: duration),
            Tier.filling(name: "phones", spans: phones, duration: duration),
        ])
    }

    /// The duration in seconds (``xmax`` - ``xmin``).
    public var duration: Double { xmax - xmin }

    /// The tier called `name`, if any.
    public func tier(named name: String) -> Tier? { tiers.first { $0.name == name } }

    static func checkDuration(_ duration: Double) throws {
        guard duration.isFinite, duration > 0 else { throw TextGridError.badDuration(duration) }
    }

    static func checkTiling(_ tier: Tier, duration: Double) throws {
        guard let first = tier.intervals.first, let last = tier.intervals.last else {
            throw TextGridError.emptyTier(tier: tier.name)
        }
        var previousEnd = 0.0
        for (i, interval) in tier.intervals.enumerated() {
            let index = i + 1
            guard interval.xmax > interval.xmin else {
                throw TextGridError.emptyInterval(tier: tier.name, index: index, xmin: interval.xmin, xmax: interval.xmax)
            }
            guard interval.xmin >= 0, interval.xmax <= duration else {
                throw TextGridError.outOfRange(tier: tier.name, index: index, xmin: interval.xmin,
                                               xmax: interval.xmax, duration: duration)
            }
            if i > 0 {
                if interval.xmin > previousEnd {
                    throw TextGridError.gap(tier: tier.name, index: index, from: previousEnd, to: interval.xmin)
                }
                if interval.xmin < previousEnd {
                    throw TextGridError.overlap(tier: tier.name, index: index, start: interval.xmin,
                                                previousEnd: previousEnd)
                }
            }
            previousEnd = interval.xmax
        }
        guard first.xmin == 0, last.xmax == duration else {
            throw TextGridError.notCovered(tier: tier.name, xmin: first.xmin, xmax: last.xmax, duration: duration)
        }
    }
}
