/// A list of texts to speak: sentences of 2 to 8 words, one per line (specs/synspeech.md,
/// "Lexicon"). ``builtIn`` holds the project's own list; a config may give its own.
public struct SentenceList: Sendable, Equatable {
    /// The fewest words a sentence may have.
    public static let minimumWords = 2
    /// The most words a sentence may have.
    public static let maximumWords = 8

    /// The sentences as written (surrounding white space trimmed), in list order.
    public let sentences: [String]

    /// Parses a list: one sentence per line (`\n`, `\r\n` or `\r`), a leading byte-order mark and
    /// blank lines at the end of the text ignored.
    ///
    /// - Parameter source: where the list came from (a file name), for error messages.
    /// - Throws: ``LanguageError/emptyList(source:)`` when there is no sentence,
    ///   ``LanguageError/emptyLine(source:line:)`` for a blank line between sentences,
    ///   ``LanguageError/sentenceLength(source:line:words:)`` for fewer than 2 or more than 8
    ///   words.
    public init(parsing text: String, source: String) throws(LanguageError) {
        var body = Substring(text)
        if body.first == "\u{FEFF}" { body = body.dropFirst() }
        var lines = body.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .map { $0.trimmingWhitespace() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        guard !lines.isEmpty else { throw .emptyList(source: source) }
        for (index, line) in lines.enumerated() {
            guard !line.isEmpty else { throw .emptyLine(source: source, line: index + 1) }
            let count = TextToPhones.words(in: line).words.count
            guard (SentenceList.minimumWords...SentenceList.maximumWords).contains(count) else {
                throw .sentenceLength(source: source, line: index + 1, words: count)
            }
        }
        sentences = lines
    }

    /// Parses a list from UTF-8 bytes (a file's contents).
    ///
    /// - Throws: ``LanguageError/notUTF8(source:)`` for bytes that are not UTF-8, otherwise as
    ///   ``init(parsing:source:)``.
    public init(utf8 bytes: [UInt8], source: String) throws(LanguageError) {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw .notUTF8(source: source)
        }
        try self.init(parsing: text, source: source)
    }

    /// The project's built-in list (``builtInText``).
    public static let builtIn: SentenceList = {
        do { return try SentenceList(parsing: builtInText, source: "built-in sentences") } catch {
            fatalError("the built-in sentence list is malformed: \(error)")
        }
    }()

    /// The number of sentences.
    public var count: Int { sentences.count }

    /// The sentence at `index` (0-based).
    public subscript(index: Int) -> String { sentences[index] }

    /// Checks that every word of every sentence is in `lexicon`.
    ///
    /// - Parameter source: the list's name, so the error says `source line N`.
    /// - Throws: ``LanguageError/unknownWord(_:nearest:location:)`` for the first word missing,
    ///   naming its line and the 3 nearest lexicon entries.
    public func validate(against lexicon: Lexicon, source: String) throws(LanguageError) {
        for (index, sentence) in sentences.enumerated() {
            for word in TextToPhones.words(in: sentence).words where !lexicon.contains(word) {
                throw .unknownWord(word, nearest: lexicon.nearest(to: word, count: 3),
                                   location: "\(source) line \(index + 1)")
            }
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing white space (including `\r`).
    func trimmingWhitespace() -> String {
        guard let start = firstIndex(where: { !$0.isWhitespace }),
              let end = lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return String(self[start...end])
    }
}
