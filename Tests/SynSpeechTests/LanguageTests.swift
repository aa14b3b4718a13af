import SynCore
import Testing
@testable import SynSpeech

/// The phoneme inventory, lexicon, sentence list, text-to-phones and pseudo-word grammar of
/// specs/synspeech.md, "From text to parameters".
@Suite struct LanguageTests {
    // MARK: Inventory

    @Test func inventoryIsExactlyTheSpecSet() {
        let expected: Set<String> = [
            "IY", "IH", "EY", "EH", "AE", "AA", "AO", "OW", "UH", "UW", "AH", "ER",
            "AY", "AW", "OY",
            "P", "B", "T", "D", "K", "G",
            "F", "V", "TH", "DH", "S", "Z", "SH", "ZH", "HH",
            "CH", "JH", "M", "N", "NG", "L", "R", "W", "Y",
        ]
        #expect(Set(PhonemeInventory.symbols) == expected)
        #expect(PhonemeInventory.symbols.count == expected.count)
        for p in PhonemeInventory.all {
            let klass = p.phonemeClass
            #expect((p.stopTiming != nil) == (klass == .stop || klass == .affricate), "\(p.symbol)")
            #expect((p.parallel != nil) == klass.isObstruent, "\(p.symbol)")
            #expect((p.endTarget != nil) == (klass == .diphthong), "\(p.symbol)")
            #expect(p.inherentDurationMs > 0)
            #expect(p.target.f1 < p.target.f2 && p.target.f2 < p.target.f3, "\(p.symbol)")
        }
        for s in ["AY", "AW", "OY", "EY", "OW"] {
            #expect(PhonemeInventory.phoneme(s)?.phonemeClass == .diphthong)
        }
        #expect(PhonemeInventory.phoneme("P")?.isVoiced == false)
        #expect(PhonemeInventory.phoneme("B")?.isVoiced == true)
    }

    /// Spot checks against Hillenbrand, Getty, Clark and Wheeler (1995), JASA 97(5), Table V,
    /// men's steady-state averages.
    @Test func hillenbrandMaleTargets() {
        let published: [(String, Double, Double, Double)] = [
            ("IY", 342, 2322, 3000), ("AA", 768, 1333, 2522), ("UW", 378, 997, 2343),
            ("AE", 588, 1952, 2601), ("ER", 474, 1379, 1710), ("IH", 427, 2034, 2684),
        ]
        for (symbol, f1, f2, f3) in published {
            let t = PhonemeInventory.phoneme(symbol)!.target
            #expect(t.f1 == f1 && t.f2 == f2 && t.f3 == f3, "\(symbol)")
        }
        #expect(PhonemeInventory.monophthongSymbols.count == 12)
        for s in PhonemeInventory.monophthongSymbols {
            let v = PhonemeInventory.hillenbrandMale[s]!
            let t = PhonemeInventory.phoneme(s)!.target
            #expect(t.f1 == v.f1 && t.f2 == v.f2 && t.f3 == v.f3, "\(s)")
        }
    }

    @Test func stopVoiceOnsetTimes() {
        // Lisker and Abramson (1964), English word-initial means.
        let vot = ["B": 1.0, "D": 5, "G": 21, "P": 58, "T": 70, "K": 80]
        for (s, ms) in vot { #expect(PhonemeInventory.phoneme(s)?.stopTiming?.votMs == ms) }
    }

    // MARK: Lexicon

    @Test func bundledLexiconIsLargeAndWellFormed() {
        let lexicon = Lexicon.bundled
        #expect(lexicon.count >= 600)
        for (word, phones) in lexicon.entries {
            #expect(!phones.isEmpty)
            #expect(phones.contains { $0.isVowel }, "\(word) has no vowel")
            let primaries = phones.filter { $0.stress == .primary }.count
            if Lexicon.unstressedFunctionWords.contains(word) {
                #expect(primaries == 0, "\(word)")
            } else {
                #expect(primaries == 1, "\(word) has \(primaries) primary stresses")
            }
            for phone in phones {
                #expect(PhonemeInventory.phoneme(phone.symbol) != nil)
            }
        }
    }

    @Test func lookupIsCaseInsensitive() throws {
        let phones = try Lexicon.bundled.pronunciation(of: "Cat")
        #expect(phones.arpabet == "K AE1 T")
        #expect(Lexicon.bundled.contains("THE"))
    }

    @Test func unknownWordNamesNearestEntries() {
        #expect(Lexicon.bundled.nearest(to: "dogg", count: 3).contains("dog"))
        do {
            _ = try Lexicon.bundled.pronunciation(of: "catt", location: "list.txt line 2")
            Issue.record("expected an error")
        } catch {
            guard case let .unknownWord(word, nearest, _) = error else {
                Issue.record("wrong error \(error)"); return
            }
            #expect(word == "catt")
            #expect(nearest.count == 3)
            #expect(nearest.first == "cat")
            let text = error.description
            #expect(text.contains("\"catt\"") && text.contains("list.txt line 2"))
            for n in nearest { #expect(text.contains(n)) }
            #expect(!text.contains("\n"))
        }
    }

    @Test func configWordsAndTheirErrors() throws {
        let lexicon = try Lexicon.bundled.adding(["Zorp": "Z AO1 R P"])
        #expect(try lexicon.pronunciation(of: "zorp").arpabet == "Z AO1 R P")
        #expect(!Lexicon.bundled.contains("zorp"))

        #expect(throws: LanguageError.unknownPhoneme("QQ", word: "blick",
                                                     allowed: PhonemeInventory.symbols)) {
            _ = try Lexicon.bundled.adding(["blick": "B L QQ K"])
        }
        do {
            _ = try Lexicon.bundled.adding(["blick": "B L XX1 K"])
        } catch {
            #expect(error.description.contains("\"XX1\""))
            #expect(error.description.contains("AA AO"))
        }
        #expect(throws: LanguageError.badStress("IH", word: "blick")) {
            _ = try Lexicon.bundled.adding(["blick": "B L IH K"])
        }
        #expect(throws: LanguageError.badStress("K1", word: "blick")) {
            _ = try Lexicon.bundled.adding(["blick": "B L IH1 K1"])
        }
    }

    @Test func lexiconTextErrors() {
        #expect(throws: LanguageError.duplicateWord("cat", source: "x", line: 2)) {
            _ = try Lexicon(parsing: "cat K AE1 T\nCAT K AE1 T\n", source: "x")
        }
        #expect(throws: LanguageError.self) {
            _ = try Lexicon(parsing: "# comment\n\ncat\n", source: "x")
        }
        #expect(throws: Never.self) {
            let l = try Lexicon(parsing: "# comment\n\ncat\tK AE1 T\r\n", source: "x")
            #expect(l.count == 1)
        }
    }

    @Test func levenshtein() {
        #expect(Lexicon.levenshtein(Array("kitten"), Array("sitting")) == 3)
        #expect(Lexicon.levenshtein(Array(""), Array("abc")) == 3)
        #expect(Lexicon.levenshtein(Array("same"), Array("same")) == 0)
    }

    // MARK: Sentences

    @Test func builtInSentencesAreInTheLexicon() throws {
        let list = SentenceList.builtIn
        #expect(list.count >= 500)
        #expect(Set(list.sentences).count == list.count, "duplicate sentences")
        try list.validate(against: .bundled, source: "built-in sentences")
        let converter = TextToPhones()
        var questions = 0
        for sentence in list.sentences {
            let text = try converter.convert(sentence)
            #expect((2...8).contains(text.words.count), "\(sentence)")
            if text.isQuestion { questions += 1 }
            #expect(text.isQuestion == sentence.hasSuffix("?"))
        }
        #expect(Double(questions) >= 0.1 * Double(list.count))
    }

    @Test func userSentenceListParsing() throws {
        let list = try SentenceList(parsing: "\u{FEFF}The cat sat.\r\nIs it red?\n\n", source: "s")
        #expect(list.sentences == ["The cat sat.", "Is it red?"])
        #expect(throws: LanguageError.emptyList(source: "s")) {
            _ = try SentenceList(parsing: "\n  \n", source: "s")
        }
        #expect(throws: LanguageError.emptyLine(source: "s", line: 2)) {
            _ = try SentenceList(parsing: "The cat sat.\n\nIs it red?", source: "s")
        }
        #expect(throws: LanguageError.sentenceLength(source: "s", line: 1, words: 1)) {
            _ = try SentenceList(parsing: "Hello.", source: "s")
        }
        #expect(throws: LanguageError.sentenceLength(source: "s", line: 1, words: 9)) {
            _ = try SentenceList(parsing: "one two three four five six seven eight nine",
                                 source: "s")
        }
        #expect(throws: LanguageError.notUTF8(source: "s")) {
            _ = try SentenceList(utf8: [0x61, 0x20, 0xFF, 0x62], source: "s")
        }
        let bad = try SentenceList(parsing: "The cat sat.\nThe dgo sat.", source: "s.txt")
        do {
            try bad.validate(against: .bundled, source: "s.txt")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix("s.txt line 2: unknown word \"dgo\""))
        }
    }

    // MARK: Text to phones

    @Test func textToPhonesKeepsWordsAndMarksQuestions() throws {
        let converter = TextToPhones()
        let statement = try converter.convert("The cat, it's red!")
        #expect(statement.words.map(\.spelling) == ["the", "cat", "it's", "red"])
        #expect(statement.phoneString == "DH AH0 K AE1 T IH1 T S R EH1 D")
        #expect(!statement.isQuestion)
        let question = try converter.convert("Is the dog “home”?")
        #expect(question.isQuestion)
        #expect(question.words.count == 4)
        #expect(TextToPhones.words(in: "well-known? ok").words == ["well", "known", "ok"])
        #expect(!TextToPhones.words(in: "well-known? ok").isQuestion)
        #expect(throws: LanguageError.noWords("?!")) { _ = try converter.convert("?!") }
    }

    // MARK: Pseudo-words

    @Test func pseudoWordsAreDeterministicAndWellFormed() throws {
        let grammar = try PseudoWordGrammar()
        for seed: UInt64 in 0..<200 {
            var a = Xoshiro256StarStar.item(seed: 7, index: seed)
            var b = Xoshiro256StarStar.item(seed: 7, index: seed)
            let wordA = grammar.generate(using: &a)
            let wordB = grammar.generate(using: &b)
            #expect(wordA == wordB)
            #expect(grammar.syllableCounts.contains(wordA.syllables.count))
            for (index, syllable) in wordA.syllables.enumerated() {
                #expect(syllable.count == 2 || syllable.count == 3)
                #expect(grammar.onsets.contains(syllable[0].symbol))
                #expect(syllable[1].isVowel)
                #expect(syllable[1].stress == (index == wordA.stressedSyllable
                                               ? .primary : .unstressed))
                if syllable.count == 3 { #expect(grammar.codas.contains(syllable[2].symbol)) }
            }
            #expect(wordA.phones.filter { $0.stress == .primary }.count == 1)
            #expect(wordA.phoneticText.phones == wordA.phones)
        }
        var x = Xoshiro256StarStar(seed: 1), y = Xoshiro256StarStar(seed: 2)
        let first = (0..<10).map { _ in grammar.generate(using: &x) }
        let second = (0..<10).map { _ in grammar.generate(using: &y) }
        #expect(first != second)
    }

    @Test func pseudoWordGrammarRejectsBadSettings() {
        #expect(throws: LanguageError.self) { _ = try PseudoWordGrammar(onsets: ["AA"]) }
        #expect(throws: LanguageError.self) { _ = try PseudoWordGrammar(vowels: []) }
        #expect(throws: LanguageError.self) { _ = try PseudoWordGrammar(syllableCounts: 0...2) }
        #expect(throws: LanguageError.self) { _ = try PseudoWordGrammar(codaProbability: 1.5) }
    }
}
