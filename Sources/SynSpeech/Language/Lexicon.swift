/// A pronouncing lexicon: English words with General American ARPAbet pronunciations and
/// stress digits (specs/synspeech.md, "Lexicon").
///
/// The plain-text format has one word per line, `WORD  PH1 PH2 ...` (word and phones separated
/// by white space, lines by `\n`, `\r\n` or `\r`; vowels with stress digit 0, 1 or 2); blank lines and lines starting with `#`
/// are skipped. Lookup is case-insensitive. ``bundled`` holds the project's own word list; a
/// config may add words with ``adding(_:source:)``.
public struct Lexicon: Sendable {
    /// Pronunciations by lower-case spelling.
    public private(set) var entries: [String: [Phone]]

    /// Function words that the bundled lexicon marks with no primary stress (all their vowels
    /// have digit 0): articles, the commonest prepositions and conjunctions, which are reduced
    /// in running speech (`the` DH AH0, `of` AH0 V). Every other word has exactly one primary
    /// stress.
    public static let unstressedFunctionWords: Set<String> = [
        "a", "an", "the", "of", "to", "and", "or", "but", "for", "at", "from", "as", "than",
        "nor",
    ]

    /// An empty lexicon.
    public init() { entries = [:] }

    /// Parses a lexicon in the plain-text format.
    ///
    /// - Parameter source: where the text came from (a file name), for error messages.
    /// - Throws: ``LanguageError`` naming the line of a malformed entry, a word listed twice,
    ///   an unknown phoneme or a wrong stress mark.
    public init(parsing text: String, source: String) throws(LanguageError) {
        entries = [:]
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let fields = rawLine.split(whereSeparator: \.isWhitespace)
            if fields.isEmpty || fields[0].hasPrefix("#") { continue }
            let word = fields[0].lowercased()
            guard Lexicon.isValidSpelling(word) else {
                throw .malformedEntry(source: source, line: lineNumber,
                                      reason: "\"\(fields[0])\" is not a word (letters and "
                                        + "apostrophes only)")
            }
            guard fields.count > 1 else {
                throw .malformedEntry(source: source, line: lineNumber,
                                      reason: "\"\(fields[0])\" has no pronunciation")
            }
            if entries[word] != nil {
                throw .duplicateWord(word, source: source, line: lineNumber)
            }
            var phones: [Phone] = []
            for token in fields.dropFirst() { phones.append(try Phone(parsing: token, word: word)) }
            entries[word] = phones
        }
    }

    /// The project's bundled lexicon (``Lexicon/bundledText``).
    public static let bundled: Lexicon = {
        do { return try Lexicon(parsing: bundledText, source: "bundled lexicon") } catch {
            fatalError("the bundled lexicon is malformed: \(error)")
        }
    }()

    /// Whether `spelling` is a word the format accepts: letters, with apostrophes inside.
    public static func isValidSpelling(_ spelling: String) -> Bool {
        !spelling.isEmpty && spelling.first != "'" && spelling.last != "'"
            && spelling.allSatisfy { $0.isLetter || $0 == "'" }
    }

    /// The number of words.
    public var count: Int { entries.count }

    /// All words, lower case, sorted.
    public var words: [String] { entries.keys.sorted() }

    /// Whether `word` is in the lexicon (case-insensitive).
    public func contains(_ word: String) -> Bool { entries[word.lowercased()] != nil }

    /// The pronunciation of `word` (case-insensitive).
    ///
    /// - Parameter location: where the word was met, for the error text.
    /// - Throws: ``LanguageError/unknownWord(_:nearest:location:)`` naming the 3 nearest entries.
    public func pronunciation(of word: String, location: String = "") throws(LanguageError)
        -> [Phone]
    {
        if let phones = entries[word.lowercased()] { return phones }
        throw .unknownWord(word, nearest: nearest(to: word, count: 3), location: location)
    }

    /// Returns a lexicon with the config's own words added or replaced.
    ///
    /// - Parameter custom: spelling to ARPAbet pronunciation (`"zorp": "Z AO1 R P"`).
    /// - Parameter source: the config key holding them (`"config.yaml: lexicon"`), for errors.
    /// - Throws: ``LanguageError`` for a bad spelling, an empty pronunciation, an unknown
    ///   phoneme (naming it and the allowed set) or a wrong stress mark.
    public func adding(_ custom: [String: String], source: String = "config lexicon")
        throws(LanguageError) -> Lexicon
    {
        var copy = self
        for (spelling, pronunciation) in custom.sorted(by: { $0.key < $1.key }) {
            let word = spelling.lowercased()
            guard Lexicon.isValidSpelling(word) else {
                throw .malformedEntry(source: source, line: 0,
                                      reason: "\"\(spelling)\" is not a word (letters and "
                                        + "apostrophes only)")
            }
            let tokens = pronunciation.split(whereSeparator: \.isWhitespace)
            guard !tokens.isEmpty else {
                throw .malformedEntry(source: source, line: 0,
                                      reason: "\"\(spelling)\" has no pronunciation")
            }
            var phones: [Phone] = []
            for token in tokens { phones.append(try Phone(parsing: token, word: word)) }
            copy.entries[word] = phones
        }
        return copy
    }

    /// The `count` entries nearest to `word` by Levenshtein distance (case-insensitive), ties
    /// broken alphabetically.
    public func nearest(to word: String, count: Int) -> [String] {
        let query = Array(word.lowercased())
        return entries.keys
            .map { ($0, Lexicon.levenshtein(query, Array($0))) }
            .sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .prefix(count)
            .map(\.0)
    }

    /// Levenshtein edit distance (insertions, deletions, substitutions each cost 1).
    public static func levenshtein(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
