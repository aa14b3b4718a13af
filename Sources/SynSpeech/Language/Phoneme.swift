/// The manner class of a phoneme, which decides how the synthesizer realises its targets.
public enum PhonemeClass: String, Sendable, CaseIterable {
    /// A vowel with one steady target (Hillenbrand et al. 1995's 12 monophthongs).
    case monophthong
    /// A vowel gliding from a start target to an end target (/aɪ aʊ ɔɪ eɪ oʊ/).
    case diphthong
    /// An oral stop: closure, burst and voice-onset time.
    case stop
    /// A fricative: frication noise through the parallel branch (voiced ones add voicing).
    case fricative
    /// An affricate: a stop closure released into frication.
    case affricate
    /// A nasal: voicing through the cascade with the nasal pole-zero pair.
    case nasal
    /// A liquid (/l r/): voiced, vowel-like targets with slow transitions.
    case liquid
    /// A glide (/w j/): voiced, a brief target moving quickly to the next vowel.
    case glide

    /// Whether the class is a vowel (carries an ARPAbet stress digit).
    public var isVowel: Bool { self == .monophthong || self == .diphthong }
    /// Whether the class is an obstruent (uses the parallel branch's noise amplitudes).
    public var isObstruent: Bool { self == .stop || self == .fricative || self == .affricate }
}

/// The first three formant frequencies and bandwidths of a target, for the adult male
/// reference vocal tract (about 17.5 cm); other speakers scale the frequencies by L_ref / L.
public struct FormantTargets: Sendable, Equatable {
    /// First formant frequency, Hz.
    public var f1: Double
    /// Second formant frequency, Hz.
    public var f2: Double
    /// Third formant frequency, Hz.
    public var f3: Double
    /// First formant bandwidth, Hz.
    public var b1: Double
    /// Second formant bandwidth, Hz.
    public var b2: Double
    /// Third formant bandwidth, Hz.
    public var b3: Double

    /// Makes targets from frequencies and bandwidths, all in Hz.
    public init(f1: Double, f2: Double, f3: Double, b1: Double, b2: Double, b3: Double) {
        self.f1 = f1; self.f2 = f2; self.f3 = f3
        self.b1 = b1; self.b2 = b2; self.b3 = b3
    }
}

/// Source amplitudes of a phoneme in Klatt (1980) units: dB, 0 meaning off, about 60 for a
/// normal vowel.
public struct SourceAmplitudes: Sendable, Equatable {
    /// Voicing amplitude AV, dB.
    public var av: Double
    /// Aspiration amplitude AH (noise into the cascade branch), dB.
    public var ah: Double
    /// Frication amplitude AF (noise into the parallel branch), dB.
    public var af: Double

    /// Makes source amplitudes, all in dB (0 is off).
    public init(av: Double, ah: Double = 0, af: Double = 0) {
        self.av = av; self.ah = ah; self.af = af
    }
}

/// Parallel-branch amplitudes of an obstruent (Klatt 1980: A2..A6 for formants 2 to 6 and AB
/// for the bypass path), dB, 0 meaning off. They shape the frication or burst spectrum.
public struct ParallelAmplitudes: Sendable, Equatable {
    /// Parallel amplitudes A2, A3, A4, A5, A6 of formants 2 to 6, dB (0 is off).
    public var a2, a3, a4, a5, a6: Double
    /// Bypass amplitude AB (flat noise, for /f v θ ð p b/), dB.
    public var ab: Double

    /// Makes parallel amplitudes, all in dB (0 is off).
    public init(a2: Double = 0, a3: Double = 0, a4: Double = 0, a5: Double = 0, a6: Double = 0,
                ab: Double = 0) {
        self.a2 = a2; self.a3 = a3; self.a4 = a4; self.a5 = a5; self.a6 = a6; self.ab = ab
    }
}

/// The timing of a stop (or of an affricate's closure), in milliseconds.
public struct StopTiming: Sendable, Equatable {
    /// Closure (silence, or voice bar for voiced stops), ms.
    public var closureMs: Double
    /// Release burst (frication through the parallel branch), ms.
    public var burstMs: Double
    /// Voice-onset time after the release, word-initial before a stressed vowel, ms
    /// (Lisker and Abramson 1964's English means). Aspiration fills it for voiceless stops.
    public var votMs: Double

    /// Makes a stop timing, all in ms.
    public init(closureMs: Double, burstMs: Double, votMs: Double) {
        self.closureMs = closureMs; self.burstMs = burstMs; self.votMs = votMs
    }
}

/// One phoneme of the General American inventory with its synthesis-by-rule targets.
///
/// Frequencies are for the adult male reference. Sources: vowel targets from Hillenbrand,
/// Getty, Clark and Wheeler (1995), "Acoustic characteristics of American English vowels",
/// JASA 97(5), Table V (men, steady state); consonant targets and loci after Klatt (1980),
/// "Software for a cascade/parallel formant synthesizer", JASA 67(3), and Holmes, Mattingly and
/// Shearme (1964); inherent durations after Klatt (1979). See ``PhonemeInventory``.
public struct Phoneme: Sendable, Equatable {
    /// The ARPAbet symbol without stress digit (`IY`, `SH`).
    public var symbol: String
    /// The IPA symbol, for documentation and TextGrids (`i`, `ʃ`).
    public var ipa: String
    /// The manner class.
    public var phonemeClass: PhonemeClass
    /// Whether the vocal folds vibrate (all vowels and sonorants, and /b d g v ð z ʒ dʒ/).
    public var isVoiced: Bool
    /// The steady target, or for a diphthong its start target.
    public var target: FormantTargets
    /// A diphthong's end target; `nil` for every other class.
    public var endTarget: FormantTargets?
    /// Source amplitudes during the phoneme, dB.
    public var source: SourceAmplitudes
    /// Parallel-branch amplitudes for obstruents; `nil` for sonorants.
    public var parallel: ParallelAmplitudes?
    /// Inherent duration (Klatt 1979: the duration before his rules' stress, position and
    /// rate factors shorten or lengthen it), ms.
    public var inherentDurationMs: Double
    /// Closure, burst and VOT for stops and affricates; `nil` otherwise.
    public var stopTiming: StopTiming?

    /// Makes a phoneme from its table row (see ``PhonemeInventory`` for the values).
    public init(symbol: String, ipa: String, phonemeClass: PhonemeClass, isVoiced: Bool,
                target: FormantTargets, endTarget: FormantTargets? = nil,
                source: SourceAmplitudes, parallel: ParallelAmplitudes? = nil,
                inherentDurationMs: Double, stopTiming: StopTiming? = nil) {
        self.symbol = symbol; self.ipa = ipa; self.phonemeClass = phonemeClass
        self.isVoiced = isVoiced; self.target = target; self.endTarget = endTarget
        self.source = source; self.parallel = parallel
        self.inherentDurationMs = inherentDurationMs; self.stopTiming = stopTiming
    }

    /// Whether the phoneme is a vowel (monophthong or diphthong).
    public var isVowel: Bool { phonemeClass.isVowel }
}
