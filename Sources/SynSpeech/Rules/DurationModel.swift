/// Segment durations in the manner of Klatt (1979), "Synthesis by rule of segmental durations
/// in English sentences" (in Lindblom and Öhman, eds., Frontiers of Speech Communication
/// Research, 287–299).
///
/// Klatt's model: each rule multiplies a percentage PRCNT, and the duration is
/// D = Dmin + (Dinh - Dmin) x PRCNT, so a segment never drops below its minimum duration Dmin
/// however many shortening rules apply. Here, with Dinh the phoneme's
/// ``Phoneme/inherentDurationMs``:
/// - Dmin = ``minimumFraction`` x Dinh (Klatt tabulates Dmin per phoneme; about half of Dinh
///   for most, which this uses as one fraction).
/// - Stress: PRCNT x ``unstressedVowel`` (Klatt: 0.5 for unstressed vowels) or
///   x ``secondaryVowel`` for secondary stress (the project's middle value); consonants whose
///   syllable vowel is unstressed x ``unstressedConsonant`` (Klatt: 0.7).
/// - Phrase-final lengthening: PRCNT x ``Prosody/finalLengthening`` (Klatt: 1.4) for the last
///   vowel and every phone after it (the last syllable's nucleus and coda).
/// - Rate: the result divided by ``Prosody/speakingRate``.
///
/// With the defaults an unstressed vowel lasts 0.45 + 0.55 x 0.5 = 0.725 of its stressed
/// duration. Stops: Dinh covers closure and burst; the burst is the phoneme's
/// ``StopTiming/burstMs`` and the closure the rest, and the voice-onset time follows, shortened
/// by ``unstressedVOT`` before an unstressed vowel and divided by the rate (aspiration belongs to
/// the stop's segment here, where Klatt counts it into the following vowel; the project's
/// choice, so that the vowel's segment starts at voicing onset, where locus equations measure
/// F2). Affricates: closure and frication share D in the proportion of their ``StopTiming``.
public struct DurationModel: Sendable, Equatable {
    /// Dmin as a fraction of the inherent duration.
    public var minimumFraction = 0.45
    /// PRCNT of an unstressed vowel (Klatt 1979: 0.5) and of a vowel with secondary stress
    /// (0.8, the project's choice).
    public var unstressedVowel = 0.5, secondaryVowel = 0.8
    /// PRCNT of a consonant in a syllable with an unstressed vowel (Klatt 1979: 0.7).
    public var unstressedConsonant = 0.7
    /// Factor on the voice-onset time before an unstressed vowel (project's choice; VOT is
    /// shorter in unstressed syllables).
    public var unstressedVOT = 0.6

    /// The default model (values in the property docs).
    public init() {}

    /// The duration (s) of the phone at `index` of `phones`, without a stop's VOT.
    ///
    /// - Parameters:
    ///   - syllableStress: the stress of the vowel of the phone's syllable (the phone itself for
    ///     a vowel), `nil` when there is none.
    ///   - isFinal: whether the phone is in the last syllable (last vowel or after it).
    public func duration(of phone: Phone, syllableStress: Stress?, isFinal: Bool,
                         prosody: Prosody) -> Double {
        let dinh = phone.phoneme.inherentDurationMs
        let dmin = minimumFraction * dinh
        var prcnt = 1.0
        switch (phone.isVowel, syllableStress) {
        case (true, .unstressed?): prcnt *= unstressedVowel
        case (true, .secondary?): prcnt *= secondaryVowel
        case (false, .unstressed?): prcnt *= unstressedConsonant
        default: break
        }
        if isFinal { prcnt *= prosody.finalLengthening }
        return (dmin + (dinh - dmin) * prcnt) / 1000 / prosody.speakingRate
    }

    /// Times the words of `text` with `prosody`'s rate, final lengthening and silences.
    public func utterance(_ text: PhoneticText, prosody: Prosody = Prosody()) -> Utterance {
        var phones: [(phone: Phone, word: Int)] = []
        for (w, word) in text.words.enumerated() { phones += word.phones.map { ($0, w) } }
        let lastVowel = phones.lastIndex { $0.phone.isVowel }
        var segments: [(phone: Phone, duration: Double, word: Int, closure: Double?, burst: Double?)] = []
        segments.reserveCapacity(phones.count)
        for (i, entry) in phones.enumerated() {
            let phone = entry.phone
            let stress = Self.syllableStress(of: i, in: phones)
            let isFinal = lastVowel.map { i >= $0 } ?? true
            let d = duration(of: phone, syllableStress: stress, isFinal: isFinal, prosody: prosody)
            let phoneme = phone.phoneme
            if let timing = phoneme.stopTiming {
                let rate = prosody.speakingRate
                if phoneme.phonemeClass == .affricate {
                    let closure = d * timing.closureMs / (timing.closureMs + timing.burstMs)
                    segments.append((phone, d, entry.word, closure, d - closure))
                } else {
                    let burst = min(timing.burstMs / 1000 / rate, 0.5 * d)
                    let votFactor = stress == .unstressed ? unstressedVOT : 1
                    let vot = timing.votMs / 1000 * votFactor / rate
                    segments.append((phone, d + vot, entry.word, d - burst, burst))
                }
            } else {
                segments.append((phone, d, entry.word, nil, nil))
            }
        }
        return Utterance(segments: segments, words: text.words.map(\.spelling),
                         isQuestion: text.isQuestion, leadingSilence: prosody.leadingSilence,
                         trailingSilence: prosody.trailingSilence)
    }

    /// The stress of the syllable of phone `i`: its own for a vowel; for a consonant, the next
    /// vowel's in the same word (onset), else the previous one's (coda), else `nil`.
    static func syllableStress(of i: Int, in phones: [(phone: Phone, word: Int)]) -> Stress? {
        if let s = phones[i].phone.stress { return s }
        let word = phones[i].word
        var j = i + 1
        while j < phones.count, phones[j].word == word {
            if let s = phones[j].phone.stress { return s }
            j += 1
        }
        j = i - 1
        while j >= 0, phones[j].word == word {
            if let s = phones[j].phone.stress { return s }
            j -= 1
        }
        return nil
    }
}
