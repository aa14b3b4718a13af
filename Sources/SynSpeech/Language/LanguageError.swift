import SynCore

/// A mistake in a lexicon, a text list or a custom pronunciation; its description is one line
/// the CLI prints, naming where the problem is and what is allowed.
public enum LanguageError: UserError, Equatable {
    /// A word that is neither in the lexicon nor added by the config; `nearest` holds the
    /// closest lexicon entries by Levenshtein distance, `location` where the word was met
    /// (`"sentences.txt line 4"`), empty when unknown.
    case unknownWord(String, nearest: [String], location: String)
    /// A phone symbol outside the inventory, met in `word`'s pronunciation.
    case unknownPhoneme(String, word: String, allowed: [String])
    /// A vowel without stress digit, a consonant with one, or a digit other than 0, 1, 2.
    case badStress(String, word: String)
    /// A lexicon line that is not `WORD PH1 PH2 ...` (`line` is 1-based).
    case malformedEntry(source: String, line: Int, reason: String)
    /// A word listed twice in one lexicon.
    case duplicateWord(String, source: String, line: Int)
    /// A text list with no sentences.
    case emptyList(source: String)
    /// An empty line inside a text list (`line` is 1-based).
    case emptyLine(source: String, line: Int)
    /// A sentence with fewer than 2 or more than 8 words.
    case sentenceLength(source: String, line: Int, words: Int)
    /// A sentence with no words once punctuation is stripped.
    case noWords(String)
    /// A text list whose bytes are not UTF-8.
    case notUTF8(source: String)
    /// A pseudo-word grammar setting out of range (`reason` says which and what is allowed).
    case badGrammar(String)

    /// The one-line message.
    public var description: String {
        switch self {
        case let .unknownWord(word, nearest, location):
            let at = location.isEmpty ? "" : "\(location): "
            let near = nearest.isEmpty ? "" : "; nearest lexicon entries: "
                + nearest.joined(separator: ", ")
            return "\(at)unknown word \"\(word)\"\(near); add it with a pronunciation under "
                + "lexicon in the config"
        case let .unknownPhoneme(symbol, word, allowed):
            return "pronunciation of \"\(word)\": unknown phoneme \"\(symbol)\"; allowed "
                + "(ARPAbet, vowels with stress digit 0, 1 or 2): " + allowed.joined(separator: " ")
        case let .badStress(phone, word):
            return "pronunciation of \"\(word)\": \"\(phone)\" has a wrong stress mark; vowels "
                + "need exactly one digit 0, 1 or 2 (AH0, IY1), consonants none"
        case let .malformedEntry(source, line, reason):
            return "\(source) line \(line): \(reason); expected WORD followed by ARPAbet "
                + "phones, e.g. CAT  K AE1 T"
        case let .duplicateWord(word, source, line):
            return "\(source) line \(line): word \"\(word)\" is listed twice; keep one "
                + "pronunciation"
        case let .emptyList(source):
            return "\(source): the text list has no sentences; give one sentence per line"
        case let .emptyLine(source, line):
            return "\(source) line \(line): empty line; give one sentence per line with no "
                + "blank lines"
        case let .sentenceLength(source, line, words):
            return "\(source) line \(line): \(words) words; a sentence must have 2 to 8 words"
        case let .noWords(text):
            return "\"\(text)\": no words left after removing punctuation"
        case let .notUTF8(source):
            return "\(source): the text list is not UTF-8; save it as UTF-8 text"
        case let .badGrammar(reason):
            return "pseudo-word grammar: \(reason)"
        }
    }
}
