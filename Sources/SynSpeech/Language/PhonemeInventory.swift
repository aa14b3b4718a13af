/// The General American phoneme inventory of SynSpeech, with every synthesis number in one
/// table (specs/synspeech.md, "From text to parameters").
///
/// Sources of the numbers, for the adult male reference:
/// - **Monophthongs** (`IY IH EY EH AE AA AO OW UH UW AH ER`, IPA /i ɪ e ɛ æ ɑ ɔ o ʊ u ʌ ɝ/):
///   F1, F2, F3 are the men's averages at steady state in Hillenbrand, Getty, Clark and
///   Wheeler (1995), "Acoustic characteristics of American English vowels", JASA 97(5),
///   3099–3111, Table V. `EY` and `OW` start at those values and glide to the `IH` and `UH`
///   values, as the transcriptions /eɪ oʊ/ say.
/// - **Diphthongs** `AY AW OY` (/aɪ aʊ ɔɪ/): start and end targets are the Hillenbrand values of
///   the monophthongs named by the transcription (`AA`→`IH`, `AA`→`UH`, `AO`→`IH`), except that
///   `AY` and `AW` start with F2 raised to 1400 Hz and 1300 Hz for the fronter onset [a]; these
///   are the project's choices, not measurements.
/// - **Consonants**: formant targets (loci for the transitions into vowels) after Klatt (1980),
///   "Software for a cascade/parallel formant synthesizer", JASA 67(3), 971–995, Table III, and
///   the synthesis-by-rule tables of Holmes, Mattingly and Shearme (1964), "Speech synthesis by
///   rule", Language and Speech 7, 127–143. F1..F3 and B1 of /w j r l m n f v θ ð s z ʃ p b t
///   d k g/ and the parallel amplitudes A2..A6, AB of the fricatives and bursts are Klatt's
///   Table III values (before front vowels): labials and dentals flat through the bypass,
///   alveolars in A5/A6, palato-alveolars in A3..A6, velars in A3..A6; voiced fricatives AV 47,
///   AF 50, voiceless AF 60. B2, B3 of obstruents and the rows Klatt does not list (/ʒ tʃ dʒ ŋ
///   h/) are the project's settings, /ʒ/ sharing /ʃ/'s spectrum. Exception: F2 of the dentals
///   /θ ð/ is 1500 Hz, not Table III's 1290 Hz, so that their transitions differ from those of
///   /f v/ (1100 Hz): the transitions, not the weak, flat noise, are what tell /θ/ from /f/
///   (Harris 1958, "Cues for the discrimination of American English fricatives in spoken
///   syllables", Language and Speech 1, 1–7), and F2 at vowel onset is higher after dentals
///   than after labiodentals (Jongman, Wayland and Wong 2000, "Acoustic characteristics of
///   English fricatives", JASA 108(3), 1252–1263); 1500 Hz is the project's setting in the
///   1400–1600 Hz dental range. Velar bursts next to back vowels, and the /ŋ/ nasal zero, are
///   context rules of ``FrameBuilder``.
/// - **Aspiration** (AH of /h/ and of the voice-onset interval of /p t k/) is 45 dB, the
///   project's setting: with this synthesizer's noise calibration AH 55–60 dB came out as loud as
///   the following vowel or up to about 15 dB louder (measured on rendered sentences), which
///   made /h/ sound like /ʃ/ and let the aspiration mask the burst, whereas in natural speech
///   /h/ and aspiration are weaker than the vowel they lead into (Stevens 1998, Acoustic
///   Phonetics, ch. 8); 45 dB puts them below it.
/// - **Bandwidths** of vowels lie in Klatt 1980's ranges (B1 50–90 Hz, B2 70–120 Hz, B3 110–200
///   Hz), growing with F1; per-vowel values are the project's settings.
/// - **Inherent durations** (ms) are the values of Klatt (1979), "Synthesis by rule of segmental
///   durations in English sentences", in Lindblom and Öhman (eds.), Frontiers of Speech
///   Communication Research, 287–299 (also in Allen, Hunnicutt and Klatt 1987, MITalk).
/// - **Voice-onset times** of stops are the English word-initial means of Lisker and Abramson
///   (1964), "A cross-language study of voicing in initial stops", Word 20, 384–422
///   (/b d g/ 1, 5, 21 ms; /p t k/ 58, 70, 80 ms). Closure and burst durations are the project's
///   settings within the usual ranges (closure 50–75 ms, burst 5–15 ms), except the velars:
///   the release of the tongue body is slower and its frication lasts longer than at the lips or
///   the alveolar ridge (Klatt 1975, "Voice onset time, frication, and aspiration in
///   word-initial consonant clusters", JSHR 18, 686–706; Stevens 1998, Acoustic Phonetics,
///   ch. 7), so /k g/ burst for 25 and 20 ms (project's settings; the VOT follows the burst).
public enum PhonemeInventory {
    // MARK: - Hillenbrand et al. (1995), Table V, men: F1 F2 F3 in Hz.

    /// Men's steady-state F1, F2, F3 (Hz) of Hillenbrand et al. (1995), Table V, by ARPAbet
    /// symbol of the 12 monophthongs.
    public static let hillenbrandMale: [String: (f1: Double, f2: Double, f3: Double)] = [
        "IY": (342, 2322, 3000), "IH": (427, 2034, 2684), "EY": (476, 2089, 2691),
        "EH": (580, 1799, 2605), "AE": (588, 1952, 2601), "AA": (768, 1333, 2522),
        "AO": (652, 997, 2538), "OW": (497, 910, 2459), "UH": (469, 1122, 2434),
        "UW": (378, 997, 2343), "AH": (623, 1200, 2550), "ER": (474, 1379, 1710),
    ]

    /// The ARPAbet symbols of Hillenbrand et al. (1995)'s 12 monophthongs, in the paper's order
    /// /i ɪ e ɛ æ ɑ ɔ o ʊ u ʌ ɝ/.
    public static let monophthongSymbols = [
        "IY", "IH", "EY", "EH", "AE", "AA", "AO", "OW", "UH", "UW", "AH", "ER",
    ]

    private static func vowel(_ s: String, b1: Double, b2: Double, b3: Double) -> FormantTargets {
        let v = hillenbrandMale[s]!
        return FormantTargets(f1: v.f1, f2: v.f2, f3: v.f3, b1: b1, b2: b2, b3: b3)
    }

    private static func ft(_ f1: Double, _ f2: Double, _ f3: Double,
                           _ b1: Double, _ b2: Double, _ b3: Double) -> FormantTargets {
        FormantTargets(f1: f1, f2: f2, f3: f3, b1: b1, b2: b2, b3: b3)
    }

    private static let vowelSource = SourceAmplitudes(av: 60)

    private static func mono(_ s: String, _ ipa: String, _ ms: Double,
                             b: (Double, Double, Double),
                             glideTo end: String? = nil) -> Phoneme {
        let target = vowel(s, b1: b.0, b2: b.1, b3: b.2)
        let endTarget = end.map { vowel($0, b1: b.0, b2: b.1, b3: b.2) }
        return Phoneme(symbol: s, ipa: ipa, phonemeClass: end == nil ? .monophthong : .diphthong,
                       isVoiced: true, target: target, endTarget: endTarget,
                       source: vowelSource, inherentDurationMs: ms)
    }

    private static func diph(_ s: String, _ ipa: String, _ ms: Double, from start: String,
                             f2Start: Double? = nil, to end: String) -> Phoneme {
        var a = vowel(start, b1: 80, b2: 100, b3: 160)
        if let f2Start { a.f2 = f2Start }
        let z = vowel(end, b1: 70, b2: 100, b3: 160)
        return Phoneme(symbol: s, ipa: ipa, phonemeClass: .diphthong, isVoiced: true, target: a,
                       endTarget: z, source: vowelSource, inherentDurationMs: ms)
    }

    /// Palato-alveolar noise spectrum (/ʃ ʒ tʃ dʒ/): strongest in A3, dB.
    private static let palatoAlveolar = ParallelAmplitudes(a3: 57, a4: 48, a5: 48, a6: 46)

    private static func obstruent(_ s: String, _ ipa: String, _ klass: PhonemeClass,
                                  _ target: FormantTargets, av: Double, ah: Double, af: Double,
                                  _ parallel: ParallelAmplitudes, _ ms: Double,
                                  timing: (Double, Double, Double)? = nil) -> Phoneme {
        Phoneme(symbol: s, ipa: ipa, phonemeClass: klass, isVoiced: av > 0, target: target,
                source: SourceAmplitudes(av: av, ah: ah, af: af), parallel: parallel,
                inherentDurationMs: ms,
                stopTiming: timing.map { StopTiming(closureMs: $0.0, burstMs: $0.1, votMs: $0.2) })
    }

    private static func sonorant(_ s: String, _ ipa: String, _ klass: PhonemeClass,
                                 _ target: FormantTargets, av: Double, _ ms: Double) -> Phoneme {
        Phoneme(symbol: s, ipa: ipa, phonemeClass: klass, isVoiced: true, target: target,
                source: SourceAmplitudes(av: av), inherentDurationMs: ms)
    }

    /// Every phoneme of the inventory: 12 monophthongs (with `EY` and `OW` diphthongal),
    /// 3 further diphthongs, 6 stops, 9 fricatives, 2 affricates, 3 nasals, 2 liquids and
    /// 2 glides — 39 in all, ARPAbet symbols as in the CMU Pronouncing Dictionary.
    public static let all: [Phoneme] = [
        // Vowels: Hillenbrand 1995 targets; durations Klatt 1979.
        mono("IY", "i", 155, b: (60, 90, 150)),
        mono("IH", "ɪ", 135, b: (60, 90, 150)),
        mono("EY", "eɪ", 180, b: (65, 90, 150), glideTo: "IH"),
        mono("EH", "ɛ", 150, b: (70, 100, 160)),
        mono("AE", "æ", 230, b: (70, 100, 160)),
        mono("AA", "ɑ", 240, b: (90, 110, 180)),
        mono("AO", "ɔ", 240, b: (80, 100, 170)),
        mono("OW", "oʊ", 220, b: (70, 90, 160), glideTo: "UH"),
        mono("UH", "ʊ", 160, b: (65, 90, 160)),
        mono("UW", "u", 210, b: (60, 80, 150)),
        mono("AH", "ʌ", 140, b: (80, 100, 170)),
        mono("ER", "ɝ", 180, b: (70, 90, 120)),
        diph("AY", "aɪ", 250, from: "AA", f2Start: 1400, to: "IH"),
        diph("AW", "aʊ", 260, from: "AA", f2Start: 1300, to: "UH"),
        diph("OY", "ɔɪ", 280, from: "AO", to: "IH"),

        // Stops: loci after Klatt 1980 / Holmes et al. 1964; AV is the voice bar during the
        // closure, AF the burst, AH the aspiration during the VOT. Timing: closure, burst, VOT.
        obstruent("P", "p", .stop, ft(400, 1100, 2150, 300, 150, 220), av: 0, ah: 45, af: 60,
                  ParallelAmplitudes(ab: 63), 90, timing: (70, 10, 58)),
        obstruent("B", "b", .stop, ft(200, 1100, 2150, 60, 110, 130), av: 40, ah: 0, af: 55,
                  ParallelAmplitudes(ab: 63), 85, timing: (60, 5, 1)),
        obstruent("T", "t", .stop, ft(400, 1600, 2600, 300, 120, 250), av: 0, ah: 45, af: 60,
                  ParallelAmplitudes(a3: 30, a4: 45, a5: 57, a6: 63), 75, timing: (60, 10, 70)),
        obstruent("D", "d", .stop, ft(200, 1600, 2600, 60, 100, 170), av: 40, ah: 0, af: 55,
                  ParallelAmplitudes(a3: 47, a4: 60, a5: 62, a6: 60), 75, timing: (50, 5, 5)),
        obstruent("K", "k", .stop, ft(300, 1990, 2850, 250, 160, 330), av: 0, ah: 45, af: 60,
                  ParallelAmplitudes(a3: 53, a4: 43, a5: 45, a6: 45), 80, timing: (65, 25, 80)),
        obstruent("G", "ɡ", .stop, ft(200, 1990, 2850, 60, 150, 280), av: 40, ah: 0, af: 55,
                  ParallelAmplitudes(a3: 53, a4: 43, a5: 45, a6: 45), 80, timing: (55, 20, 21)),

        // Fricatives: AF frication, AV added for the voiced ones; HH is aspiration (AH) through
        // the cascade with the following vowel's formants, so its parallel row is empty.
        obstruent("F", "f", .fricative, ft(340, 1100, 2080, 200, 120, 150), av: 0, ah: 0, af: 60,
                  ParallelAmplitudes(ab: 57), 100),
        obstruent("V", "v", .fricative, ft(220, 1100, 2080, 60, 90, 120), av: 47, ah: 0, af: 50,
                  ParallelAmplitudes(ab: 57), 60),
        obstruent("TH", "θ", .fricative, ft(320, 1500, 2540, 200, 90, 200), av: 0, ah: 0, af: 60,
                  ParallelAmplitudes(a6: 28, ab: 48), 90),
        obstruent("DH", "ð", .fricative, ft(270, 1500, 2540, 60, 80, 170), av: 47, ah: 0, af: 50,
                  ParallelAmplitudes(a6: 28, ab: 48), 50),
        obstruent("S", "s", .fricative, ft(320, 1390, 2530, 200, 80, 200), av: 0, ah: 0, af: 60,
                  ParallelAmplitudes(a6: 52), 105),
        obstruent("Z", "z", .fricative, ft(240, 1390, 2530, 70, 60, 180), av: 47, ah: 0, af: 50,
                  ParallelAmplitudes(a6: 52), 75),
        obstruent("SH", "ʃ", .fricative, ft(300, 1840, 2750, 200, 100, 300), av: 0, ah: 0, af: 60,
                  palatoAlveolar, 105),
        obstruent("ZH", "ʒ", .fricative, ft(300, 1840, 2750, 70, 60, 280), av: 47, ah: 0, af: 50,
                  palatoAlveolar, 70),
        obstruent("HH", "h", .fricative, ft(450, 1450, 2450, 300, 160, 300), av: 0, ah: 45, af: 0,
                  ParallelAmplitudes(), 80),

        // Affricates: the timing's burst is the frication that follows the closure.
        obstruent("CH", "tʃ", .affricate, ft(350, 1800, 2820, 200, 90, 300), av: 0, ah: 0, af: 60,
                  palatoAlveolar, 70, timing: (50, 60, 0)),
        obstruent("JH", "dʒ", .affricate, ft(260, 1800, 2820, 60, 80, 270), av: 40, ah: 0, af: 52,
                  palatoAlveolar, 70, timing: (45, 40, 0)),

        // Nasals: the oral formant targets of the murmur (the nasal pole/zero pair is the
        // synthesizer's, after Klatt 1980). Then liquids and glides.
        sonorant("M", "m", .nasal, ft(480, 1270, 2130, 40, 200, 200), av: 50, 70),
        sonorant("N", "n", .nasal, ft(480, 1340, 2470, 40, 300, 300), av: 50, 60),
        sonorant("NG", "ŋ", .nasal, ft(480, 2000, 2900, 40, 300, 300), av: 50, 95),
        sonorant("L", "l", .liquid, ft(310, 1050, 2880, 50, 100, 280), av: 55, 80),
        sonorant("R", "ɹ", .liquid, ft(310, 1060, 1380, 70, 100, 120), av: 55, 80),
        sonorant("W", "w", .glide, ft(290, 610, 2150, 50, 80, 60), av: 55, 80),
        sonorant("Y", "j", .glide, ft(260, 2070, 3020, 40, 250, 500), av: 55, 80),
    ]

    /// The inventory by ARPAbet symbol (no stress digit).
    public static let bySymbol: [String: Phoneme] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.symbol, $0) })

    /// All ARPAbet symbols, in table order.
    public static let symbols: [String] = all.map(\.symbol)

    /// The phoneme with ARPAbet `symbol` (upper case, no stress digit), or `nil`.
    public static func phoneme(_ symbol: String) -> Phoneme? { bySymbol[symbol] }

    /// The vowel symbols (monophthongs and diphthongs), which carry stress digits.
    public static let vowelSymbols: [String] = all.filter(\.isVowel).map(\.symbol)

    /// The consonant symbols.
    public static let consonantSymbols: [String] = all.filter { !$0.isVowel }.map(\.symbol)
}
