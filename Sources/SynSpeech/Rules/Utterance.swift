/// One phone placed in time, in seconds from the start of the utterance (including its leading
/// silence).
///
/// For stops and affricates the segment runs from the start of the closure to the onset of
/// voicing of what follows: closure, then release (burst, or an affricate's frication), then the
/// voice-onset time. ``releaseTime`` and ``voicingOnsetTime`` mark the inner boundaries.
public struct TimedPhone: Sendable, Equatable {
    /// The phone (symbol and, for vowels, stress).
    public var phone: Phone
    /// Start time, s.
    public var start: Double
    /// End time, s.
    public var end: Double
    /// Index of the word in ``Utterance/words`` the phone belongs to.
    public var wordIndex: Int
    /// For stops and affricates: the end of the closure (the release), s; `nil` otherwise.
    public var releaseTime: Double?
    /// For stops: the end of the burst, where the voice-onset interval starts, s; for
    /// affricates the end of the frication (equal to ``end``); `nil` otherwise.
    public var burstEnd: Double?

    /// Makes a timed phone; times in seconds.
    public init(phone: Phone, start: Double, end: Double, wordIndex: Int,
                releaseTime: Double? = nil, burstEnd: Double? = nil) {
        self.phone = phone; self.start = start; self.end = end; self.wordIndex = wordIndex
        self.releaseTime = releaseTime; self.burstEnd = burstEnd
    }

    /// Duration, s.
    public var duration: Double { end - start }
    /// Voicing onset after a stop's release: the segment's end (s); `nil` for other phones.
    public var voicingOnsetTime: Double? { releaseTime == nil ? nil : end }
}

/// One word placed in time (for the `words` tier of a TextGrid).
public struct TimedWord: Sendable, Equatable {
    /// The word's spelling, lower case.
    public var spelling: String
    /// Start of its first phone and end of its last, s.
    public var start, end: Double

    /// Makes a timed word; times in seconds.
    public init(spelling: String, start: Double, end: Double) {
        self.spelling = spelling; self.start = start; self.end = end
    }
}

/// An utterance laid out in time: leading silence, the phones back to back, trailing silence.
///
/// Phones tile the interval from ``speechStart`` to ``speechEnd`` without gaps; ``duration``
/// adds the silences. Built by ``DurationModel/utterance(_:prosody:)`` or, with given
/// durations, ``init(segments:words:isQuestion:leadingSilence:trailingSilence:)``.
public struct Utterance: Sendable, Equatable {
    /// The phones in order, with times.
    public var phones: [TimedPhone]
    /// The words in order, with times.
    public var words: [TimedWord]
    /// Whether the text is a question (the final contour rises).
    public var isQuestion: Bool
    /// Silence before the first phone, s.
    public var leadingSilence: Double
    /// Silence after the last phone, s.
    public var trailingSilence: Double

    /// Makes an utterance from already timed parts; `phones` must tile `leadingSilence` up to
    /// the speech end.
    public init(phones: [TimedPhone], words: [TimedWord], isQuestion: Bool,
                leadingSilence: Double, trailingSilence: Double) {
        self.phones = phones; self.words = words; self.isQuestion = isQuestion
        self.leadingSilence = leadingSilence; self.trailingSilence = trailingSilence
    }

    /// Lays out phones with given durations (s) back to back after `leadingSilence`.
    ///
    /// - Parameters:
    ///   - segments: each phone with its duration, its word index, and for stops and
    ///     affricates the closure and burst durations (s) inside it (the rest is the VOT).
    ///   - words: the spellings, indexed by the segments' word indices.
    public init(segments: [(phone: Phone, duration: Double, word: Int, closure: Double?, burst: Double?)],
                words spellings: [String], isQuestion: Bool = false,
                leadingSilence: Double = 0.1, trailingSilence: Double = 0.1) {
        var t = leadingSilence
        var phones: [TimedPhone] = []
        phones.reserveCapacity(segments.count)
        for s in segments {
            var p = TimedPhone(phone: s.phone, start: t, end: t + s.duration, wordIndex: s.word)
            if let closure = s.closure {
                p.releaseTime = t + closure
                p.burstEnd = min(p.end, t + closure + (s.burst ?? 0))
            }
            phones.append(p)
            t += s.duration
        }
        var words: [TimedWord] = []
        for (i, spelling) in spellings.enumerated() {
            let mine = phones.filter { $0.wordIndex == i }
            guard let first = mine.first, let last = mine.last else { continue }
            words.append(TimedWord(spelling: spelling, start: first.start, end: last.end))
        }
        self.init(phones: phones, words: words, isQuestion: isQuestion,
                  leadingSilence: leadingSilence, trailingSilence: trailingSilence)
    }

    /// A single sustained phone of `duration` s (a steady vowel for formant checks), with the
    /// given silences.
    public static func sustained(_ phone: Phone, duration: Double, leadingSilence: Double = 0.1,
                                 trailingSilence: Double = 0.1) -> Utterance {
        Utterance(segments: [(phone, duration, 0, nil, nil)], words: [phone.description],
                  leadingSilence: leadingSilence, trailingSilence: trailingSilence)
    }

    /// Start of the first phone, s.
    public var speechStart: Double { leadingSilence }
    /// End of the last phone, s.
    public var speechEnd: Double { phones.last?.end ?? leadingSilence }
    /// Total duration including both silences, s.
    public var duration: Double { speechEnd + trailingSilence }
    /// The phones as space-separated ARPAbet with stress.
    public var arpabet: String { phones.map(\.phone).arpabet }
}
