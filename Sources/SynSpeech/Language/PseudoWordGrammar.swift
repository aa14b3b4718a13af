import SynCore

/// A pseudo-word: syllables of phones with one stressed syllable, the second content source of
/// SynSpeech (specs/synspeech.md, "Lexicon").
public struct PseudoWord: Sendable, Equatable {
    /// The syllables in order, each onset consonant, vowel and optional coda consonant.
    public var syllables: [[Phone]]
    /// The index of the stressed syllable (its vowel has primary stress, the others none).
    public var stressedSyllable: Int

    /// Makes a pseudo-word from its syllables and the stressed syllable's index.
    public init(syllables: [[Phone]], stressedSyllable: Int) {
        self.syllables = syllables
        self.stressedSyllable = stressedSyllable
    }

    /// All phones in order.
    public var phones: [Phone] { syllables.flatMap { $0 } }

    /// A readable spelling: each syllable's ARPAbet symbols run together in lower case, the
    /// stressed syllable in upper case, syllables joined by `-` (`kaa-DIHT`).
    public var spelling: String {
        syllables.enumerated().map { index, syllable in
            let s = syllable.map(\.symbol).joined()
            return index == stressedSyllable ? s.uppercased() : s.lowercased()
        }.joined(separator: "-")
    }

    /// The pseudo-word as a one-word ``PhoneticText`` (a statement), for the synthesizer.
    public var phoneticText: PhoneticText {
        PhoneticText(text: spelling, words: [PhoneticWord(spelling: spelling, phones: phones)],
                     isQuestion: false)
    }
}

/// A CV(C) syllable grammar over the inventory that draws pseudo-words from an item's random
/// stream, so the same stream state always gives the same word.
///
/// Draw order, fixed (a change is a change of dataset): the syllable count, the stressed
/// syllable, then per syllable the onset, the vowel, the coda decision (one `nextDouble`) and,
/// when there is a coda, the coda. Stressed vowels take digit 1, the others digit 0.
public struct PseudoWordGrammar: Sendable, Equatable {
    /// Consonants allowed before the vowel: every consonant but /ŋ ʒ/, which do not begin
    /// English words.
    public static let defaultOnsets = PhonemeInventory.consonantSymbols.filter {
        $0 != "NG" && $0 != "ZH"
    }
    /// Consonants allowed after the vowel: every consonant but /h w j/, which do not end
    /// English syllables.
    public static let defaultCodas = PhonemeInventory.consonantSymbols.filter {
        $0 != "HH" && $0 != "W" && $0 != "Y"
    }

    /// Onset consonant symbols.
    public let onsets: [String]
    /// Vowel symbols (monophthongs and diphthongs).
    public let vowels: [String]
    /// Coda consonant symbols.
    public let codas: [String]
    /// The range of syllable counts, drawn uniformly.
    public let syllableCounts: ClosedRange<Int>
    /// The probability that a syllable has a coda, in [0, 1].
    public let codaProbability: Double

    /// Makes a grammar; by default 1 to 3 syllables, every vowel, a coda half the time.
    ///
    /// - Throws: ``LanguageError/badGrammar(_:)`` for an empty symbol set, a symbol of the
    ///   wrong class or outside the inventory, fewer than 1 syllable, or a coda probability
    ///   outside [0, 1].
    public init(onsets: [String] = PseudoWordGrammar.defaultOnsets,
                vowels: [String] = PhonemeInventory.vowelSymbols,
                codas: [String] = PseudoWordGrammar.defaultCodas,
                syllableCounts: ClosedRange<Int> = 1...3,
                codaProbability: Double = 0.5) throws(LanguageError) {
        func check(_ symbols: [String], _ name: String, vowel: Bool) throws(LanguageError) {
            guard !symbols.isEmpty else { throw .badGrammar("\(name) must not be empty") }
            let allowed = vowel ? PhonemeInventory.vowelSymbols : PhonemeInventory.consonantSymbols
            for s in symbols where !allowed.contains(s) {
                throw .badGrammar("\(name): \"\(s)\" is not allowed; use "
                                  + allowed.joined(separator: " "))
            }
        }
        try check(onsets, "onsets", vowel: false)
        try check(vowels, "vowels", vowel: true)
        try check(codas, "codas", vowel: false)
        guard syllableCounts.lowerBound >= 1 else {
            throw .badGrammar("syllable count must be at least 1, got \(syllableCounts)")
        }
        guard (0...1).contains(codaProbability) else {
            throw .badGrammar("coda probability must be in [0, 1], got \(codaProbability)")
        }
        self.onsets = onsets
        self.vowels = vowels
        self.codas = codas
        self.syllableCounts = syllableCounts
        self.codaProbability = codaProbability
    }

    /// Draws one pseudo-word from `rng` (see the type's draw order).
    public func generate(using rng: inout Xoshiro256StarStar) -> PseudoWord {
        let count = syllableCounts.lowerBound + rng.nextInt(below: syllableCounts.count)
        let stressed = rng.nextInt(below: count)
        var syllables: [[Phone]] = []
        for index in 0..<count {
            var syllable = [Phone(symbol: onsets[rng.nextInt(below: onsets.count)])!]
            let stress: Stress = index == stressed ? .primary : .unstressed
            syllable.append(Phone(symbol: vowels[rng.nextInt(below: vowels.count)],
                                  stress: stress)!)
            if rng.nextDouble() < codaProbability {
                syllable.append(Phone(symbol: codas[rng.nextInt(below: codas.count)])!)
            }
            syllables.append(syllable)
        }
        return PseudoWord(syllables: syllables, stressedSyllable: stressed)
    }
}
