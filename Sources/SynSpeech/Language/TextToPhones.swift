/// One word of a text with its pronunciation.
public struct PhoneticWord: Sendable, Equatable {
    /// The word as looked up: lower case, punctuation removed.
    public var spelling: String
    /// Its phones, vowels with stress.
    public var phones: [Phone]

    /// Makes a word from its spelling and phones.
    public init(spelling: String, phones: [Phone]) {
        self.spelling = spelling
        self.phones = phones
    }
}

/// A text turned into words and phones: the word boundaries, the stress of every vowel and
/// whether the text is a question (the prosody's final rise), as the synthesizer needs them.
public struct PhoneticText: Sendable, Equatable {
    /// The text as given (a sentence or a pseudo-word's spelling).
    public var text: String
    /// The words in order, each with its phones.
    public var words: [PhoneticWord]
    /// Whether the text ends in `?` (phrase-final rise instead of fall).
    public var isQuestion: Bool

    /// Makes a phonetic text from its parts.
    public init(text: String, words: [PhoneticWord], isQuestion: Bool) {
        self.text = text
        self.words = words
        self.isQuestion = isQuestion
    }

    /// All phones in order, word boundaries dropped.
    public var phones: [Phone] { words.flatMap(\.phones) }

    /// The phones as space-separated ARPAbet with stress (the `phones` metadata column).
    public var phoneString: String { phones.arpabet }
}

/// Turns a sentence into words and phones with a ``Lexicon``.
///
/// Words are the runs of letters and apostrophes between white space, hyphens and other
/// punctuation (`’` counts as `'`; apostrophes at a word's edges are quotes and dropped);
/// lookup is case-insensitive. Punctuation is stripped, except that a final `?` (after
/// trailing quotes, brackets or spaces) marks a question.
public struct TextToPhones: Sendable {
    /// The lexicon words are looked up in.
    public var lexicon: Lexicon

    /// Makes a converter over `lexicon` (the bundled one by default).
    public init(lexicon: Lexicon = .bundled) { self.lexicon = lexicon }

    /// The words of `text`, lower case, and whether it is a question.
    public static func words(in text: some StringProtocol) -> (words: [String], isQuestion: Bool) {
        var words: [String] = []
        var current = ""
        func flush() {
            while current.hasPrefix("'") { current.removeFirst() }
            while current.hasSuffix("'") { current.removeLast() }
            if !current.isEmpty { words.append(current) }
            current = ""
        }
        for ch in text {
            if ch.isLetter {
                current.append(contentsOf: ch.lowercased())
            } else if ch == "'" || ch == "\u{2019}" {
                current.append("'")
            } else {
                flush()
            }
        }
        flush()
        let tail = text.last { !($0.isWhitespace || "\"'\u{2019}\u{201D})]".contains($0)) }
        return (words, tail == "?")
    }

    /// Converts `text` to words and phones.
    ///
    /// - Parameter location: where the text came from (`"sentences.txt line 3"`), for errors.
    /// - Throws: ``LanguageError/noWords(_:)`` when nothing but punctuation is left;
    ///   ``LanguageError/unknownWord(_:nearest:location:)`` naming a word missing from the
    ///   lexicon and its 3 nearest entries.
    public func convert(_ text: String, location: String = "") throws(LanguageError)
        -> PhoneticText
    {
        let (spellings, isQuestion) = TextToPhones.words(in: text)
        guard !spellings.isEmpty else { throw .noWords(text) }
        var words: [PhoneticWord] = []
        for spelling in spellings {
            words.append(PhoneticWord(
                spelling: spelling,
                phones: try lexicon.pronunciation(of: spelling, location: location)))
        }
        return PhoneticText(text: text, words: words, isQuestion: isQuestion)
    }
}
