/// The lexical stress of a vowel, as the ARPAbet digit after its symbol.
public enum Stress: Int, Sendable, Hashable, CaseIterable {
    /// Unstressed (digit 0).
    case unstressed = 0
    /// Primary stress (digit 1).
    case primary = 1
    /// Secondary stress (digit 2).
    case secondary = 2
}

/// One phone of a pronunciation: an inventory symbol and, for vowels, its stress.
public struct Phone: Sendable, Hashable, CustomStringConvertible {
    /// The ARPAbet symbol without digit (`AH`, `T`); always in ``PhonemeInventory``.
    public let symbol: String
    /// The vowel's stress; `nil` for consonants.
    public let stress: Stress?

    /// Parses an ARPAbet phone (`AH0`, `t`, `IY1`; case-insensitive).
    ///
    /// - Parameter word: the word whose pronunciation holds the phone, for the error text.
    /// - Throws: ``LanguageError/unknownPhoneme(_:word:allowed:)`` for a symbol outside the
    ///   inventory; ``LanguageError/badStress(_:word:)`` for a vowel without one stress digit
    ///   0, 1 or 2, or a consonant with a digit.
    public init(parsing token: some StringProtocol, word: String = "") throws(LanguageError) {
        let upper = token.uppercased()
        var letters = upper
        var digit: Character?
        if let last = upper.last, last.isNumber {
            digit = last
            letters = String(upper.dropLast())
        }
        guard let phoneme = PhonemeInventory.phoneme(letters) else {
            throw .unknownPhoneme(upper, word: word, allowed: PhonemeInventory.symbols)
        }
        if phoneme.isVowel {
            guard let digit, let value = Int(String(digit)), let s = Stress(rawValue: value) else {
                throw .badStress(upper, word: word)
            }
            stress = s
        } else {
            if digit != nil { throw .badStress(upper, word: word) }
            stress = nil
        }
        symbol = letters
    }

    /// Makes a phone from a known symbol; `stress` must be given exactly for vowels.
    public init?(symbol: String, stress: Stress? = nil) {
        guard let p = PhonemeInventory.phoneme(symbol), p.isVowel == (stress != nil) else {
            return nil
        }
        self.symbol = symbol
        self.stress = stress
    }

    /// The inventory entry of the phone.
    public var phoneme: Phoneme { PhonemeInventory.bySymbol[symbol]! }

    /// Whether the phone is a vowel.
    public var isVowel: Bool { stress != nil }

    /// ARPAbet with stress digit (`AH0`, `T`).
    public var description: String {
        stress.map { "\(symbol)\($0.rawValue)" } ?? symbol
    }
}

extension Array where Element == Phone {
    /// The phones as space-separated ARPAbet with stress digits (`K AE1 T`).
    public var arpabet: String { map(\.description).joined(separator: " ") }
}
