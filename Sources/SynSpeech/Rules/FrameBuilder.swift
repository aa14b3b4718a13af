import Foundation

/// Synthesis by rule: a timed ``Utterance`` and its F0 contour to ``KlattFrame``s, one every
/// ``framePeriod`` seconds (frame k holds the values at time k x framePeriod).
///
/// **Formants** (F1..F3, B1..B3 and the nasal zero) follow the scheme of Klatt (1980, JASA 67(3)
/// 971–995, "synthesis by rule" section) and Holmes, Mattingly and Shearme (1964): every phone has
/// a target (a diphthong glides from its start to its end target along a half cosine), every
/// boundary between two phones a boundary value, and near each boundary the track bends from the
/// boundary value into the target along a half cosine over a transition time, on each side its
/// own. The transition time and boundary value depend on the pair:
/// - stop + vowel (either order): F2 at the boundary from the ``LocusEquation`` of the stop's
///   place and the vowel's F2, F1 the stop's low F1 target, F3 and bandwidths half way; the
///   vowel-side transition lasts 40 ms (labial), 50 ms (alveolar) or 60 ms (velar) at rate 1;
///   inside the stop the formants hold the boundary value (before the release the left one,
///   after it the right one; the switch happens in the closure's silence or at the release);
/// - fricative, nasal, liquid or glide + vowel: boundary = C + lambda (V - C) with lambda 0.5
///   (fricatives, affricates), 0.3 (nasals) or 0.2 (liquids, glides); vowel-side 50, 40, 70, 60
///   ms, consonant side 20 ms (30 for liquids and glides);
/// - vowel + vowel, and any other pair: half way, 40 ms (vowels) or 20 ms a side.
/// A transition never takes more than half of its phone. /h/ takes the formant frequencies of
/// the nearest vowel (aspiration through the vowel's tract). These times and lambdas are the
/// project's settings in the ranges Klatt (1980) and Holmes et al. (1964) describe (transitions
/// of roughly 40–80 ms, consonant loci partly reached). The boundary frequencies of nasals and
/// all targets are the inventory's (``PhonemeInventory``).
///
/// **Vocal-tract length**: every formant frequency (F1..F6; the nasal pair stays) is multiplied by
/// L_ref / L = 17.5 cm / ``vocalTractLength`` (a uniform tube's resonances scale with 1/L), and so
/// are the bandwidths B1..B3 (constant Q, the project's setting: shorter, female and child vocal
/// tracts have wider formant bandwidths in Hz, Klatt and Klatt 1990, "Analysis, synthesis, and
/// perception of voice quality variations among female and male talkers", JASA 87(2), 820–857;
/// Hanson 1997, JASA 101(1), 466–481). Render with a ``KlattSynthesizer`` of the same
/// vocal-tract length so its fixed higher formants agree.
///
/// **Sources**: vowels, nasals, liquids and glides voiced at their ``SourceAmplitudes/av``;
/// fricatives with AF and their ``ParallelAmplitudes`` (voiced ones add AV, /h/ is AH only); stops
/// in three parts: closure (silent, or the voice bar of AV 40 dB for /b d g/), burst (AF and the
/// parallel amplitudes of the place, AB for labials), voice-onset interval (aspiration AH for
/// /p t k/); affricates: closure, then frication. Every amplitude is smoothed by a three-frame
/// moving average of the linear amplitude (15 ms at 5 ms frames: ramps, no clicks) and turned
/// back into Klatt dB. The nasal zero sits at 450 Hz during /m n/, at 3000 Hz during /ŋ/
/// (``velarNasalZero``, Fujimura 1962) and on the nasal pole (270 Hz, cancelling it) elsewhere
/// (Klatt 1980 sets the pair this way; the 450 and 270 Hz values are the project's). /k g/ next
/// to a back vowel burst with ``backVelarBurst`` instead of their front-vowel Table III spectrum.
///
/// Deterministic: no randomness; the same inputs give the same frames.
public struct FrameBuilder: Sendable {
    /// Frame period in seconds (the synthesizer's).
    public var framePeriod: Double
    /// Vocal-tract length L in cm; formants scale by ``CascadeBranch/referenceLength`` / L.
    public var vocalTractLength: Double
    /// Template for the fields the rules do not set (OQ, TL, FL, F4..F6 and B4, B5 at the
    /// reference length, parallel bandwidths, nasal pole).
    public var voice: KlattFrame

    /// Nasal zero frequency during the /m n/ murmurs, Hz.
    public static let nasalZero = 450.0
    /// Nasal zero frequency during the /ŋ/ murmur, Hz: Fujimura (1962), "Analysis of nasal
    /// consonants", JASA 34(12), 1865–1875, found the antiresonance of [ŋ] above 3 kHz, far
    /// above those of [m] and [n]; 3000 Hz is that bound.
    public static let velarNasalZero = 3000.0

    /// The nasal zero of `phoneme`'s frames: ``velarNasalZero`` for /ŋ/, ``nasalZero`` for the
    /// other nasals, and the nasal pole (no zero) for every other phoneme.
    public static func nasalZero(of phoneme: Phoneme) -> Double {
        guard phoneme.phonemeClass == .nasal else { return nasalPole }
        return phoneme.symbol == "NG" ? velarNasalZero : nasalZero
    }

    /// Vowels whose F2 (Hz, male reference; a diphthong's onset or offset, whichever touches
    /// the stop) lies below this are back for the velar allophones: /ɑ ɔ o ʊ u ʌ ɝ/ and the
    /// onsets of /aɪ aʊ ɔɪ/; /i ɪ e ɛ æ/ are front (project's boundary, between Hillenbrand et
    /// al. 1995's ER 1379 Hz and EH 1799 Hz).
    public static let backVowelF2 = 1600.0

    /// The burst spectrum of /k g/ next to a back vowel. Klatt's (1980) Table III values, the
    /// inventory's, are for front vowels (peak in A3 near 2.7 kHz); before back vowels the
    /// velar burst is compact and lower, a mid-frequency peak at the back vowel's F2 region
    /// near 1.5–2 kHz (Kewley-Port 1983, "Time-varying features as correlates of place of
    /// articulation in stop consonants", JASA 73(1), 322–335; Klatt 1987, "Review of
    /// text-to-speech conversion for English", JASA 82(3), 737–793). So the energy moves to
    /// A2, whose resonator sits on the velar F2 locus: A2 60, A3 50, A4 40 dB, A5 and A6 off
    /// (the dB values are the project's settings).
    public static let backVelarBurst = ParallelAmplitudes(a2: 60, a3: 50, a4: 40)
    /// Nasal pole frequency (and the zero's outside nasals), Hz.
    public static let nasalPole = 270.0

    /// A builder for `framePeriod` s frames and a vocal tract of `vocalTractLength` cm; `voice`
    /// defaults to OQ 50 %, no tilt or flutter, F4 3300, F5 3850, F6 4900 Hz, B4 250, B5 300 Hz.
    public init(framePeriod: Double = 0.005,
                vocalTractLength: Double = CascadeBranch.referenceLength,
                voice: KlattFrame? = nil) {
        precondition(framePeriod > 0 && vocalTractLength > 0)
        self.framePeriod = framePeriod
        self.vocalTractLength = vocalTractLength
        if let voice {
            self.voice = voice
        } else {
            var v = KlattFrame()
            v.f4 = 3300; v.f5 = 3850; v.f6 = 4900; v.b4 = 250; v.b5 = 300
            v.fnp = Self.nasalPole; v.fnz = Self.nasalPole; v.bnp = 100; v.bnz = 100
            self.voice = v
        }
    }

    /// The formant scale factor L_ref / L.
    public var formantScale: Double { CascadeBranch.referenceLength / vocalTractLength }

    /// The number of frames covering `utterance`: ceil(duration / framePeriod), at least 1, so
    /// the rendered audio (frames x period) is at most one frame longer than the utterance.
    public func frameCount(_ utterance: Utterance) -> Int {
        max(1, Int((utterance.duration / framePeriod - 1e-9).rounded(.up)))
    }

    /// Frames for `utterance` with F0 from `prosody` (``F0Model``).
    public func frames(_ utterance: Utterance, prosody: Prosody) -> [KlattFrame] {
        let count = frameCount(utterance)
        return frames(utterance, f0: F0Model(prosody: prosody)
            .contour(utterance, framePeriod: framePeriod, count: count))
    }

    /// Frames for `utterance` with the given F0 (Hz) per frame; its count is the frame count.
    public func frames(_ utterance: Utterance, f0: [Double]) -> [KlattFrame] {
        let count = f0.count
        guard !utterance.phones.isEmpty, count > 0 else {
            return f0.map { var f = voice; f.f0 = $0; f.av = 0; return f }
        }
        let plan = Plan(utterance)
        let scale = formantScale
        var frames = [KlattFrame](repeating: voice, count: count)
        var linear = [SIMD16<Double>](repeating: .zero, count: count)
        var i = 0
        for k in 0..<count {
            let t = Double(k) * framePeriod
            while i + 1 < plan.phones.count, t >= plan.phones[i].end { i += 1 }
            let shape = plan.shape(at: t, phone: i)
            var f = voice
            f.f0 = f0[k]
            f.f1 = shape[0] * scale; f.f2 = shape[1] * scale; f.f3 = shape[2] * scale
            f.b1 = shape[3] * scale; f.b2 = shape[4] * scale; f.b3 = shape[5] * scale
            f.fnz = shape[6]
            f.f4 = voice.f4 * scale; f.f5 = voice.f5 * scale; f.f6 = voice.f6 * scale
            frames[k] = f
            let inside = t >= utterance.speechStart && t < utterance.speechEnd
            linear[k] = inside ? plan.sources(at: t, phone: i) : .zero
        }
        // Three-frame moving average of the linear amplitudes, then back to Klatt dB.
        for k in 0..<count {
            let a = linear[max(0, k - 1)], b = linear[k], c = linear[min(count - 1, k + 1)]
            let m = (a + b + c) / 3
            frames[k].av = Self.decibels(m[0]); frames[k].ah = Self.decibels(m[1])
            frames[k].af = Self.decibels(m[2]); frames[k].a2 = Self.decibels(m[3])
            frames[k].a3 = Self.decibels(m[4]); frames[k].a4 = Self.decibels(m[5])
            frames[k].a5 = Self.decibels(m[6]); frames[k].a6 = Self.decibels(m[7])
            frames[k].ab = Self.decibels(m[8])
        }
        return frames
    }

    /// Linear amplitude back to Klatt dB (inverse of ``KlattFrame/linearAmplitude(decibels:)``);
    /// 0 dB (off) below 1e-4 (-80 dB re 60 dB).
    static func decibels(_ linear: Double) -> Double {
        linear < 1e-4 ? 0 : KlattFrame.referenceDecibels + 20 * log10(linear)
    }
}

/// The per-phone targets and boundaries of an utterance, prepared once for ``FrameBuilder``.
/// Shapes are SIMD8 vectors (F1, F2, F3, B1, B2, B3, FNZ, unused) in Hz at the reference length.
struct Plan {
    struct Entry {
        var start: Double, end: Double
        var phoneme: Phoneme
        var release: Double?, burstEnd: Double?
        var first: SIMD8<Double>, last: SIMD8<Double>
        var left: SIMD8<Double>, right: SIMD8<Double>
        var tauLeft = 0.0, tauRight = 0.0
        /// The burst or frication spectrum; the phoneme's, or a context allophone's.
        var parallel: ParallelAmplitudes?
        var isStopLike: Bool { phoneme.phonemeClass == .stop || phoneme.phonemeClass == .affricate }
    }

    var phones: [Entry]

    static func vector(_ t: FormantTargets, nasalZero: Double) -> SIMD8<Double> {
        SIMD8(t.f1, t.f2, t.f3, t.b1, t.b2, t.b3, nasalZero, 0)
    }

    init(_ utterance: Utterance) {
        let timed = utterance.phones
        phones = timed.map { p in
            let ph = p.phone.phoneme
            let zero = FrameBuilder.nasalZero(of: ph)
            let a = Self.vector(ph.target, nasalZero: zero)
            let z = ph.endTarget.map { Self.vector($0, nasalZero: zero) } ?? a
            return Entry(start: p.start, end: p.end, phoneme: ph, release: p.releaseTime,
                         burstEnd: p.burstEnd, first: a, last: z, left: a, right: z,
                         parallel: ph.parallel)
        }
        // Velar bursts take the backness of the vowel they release into (or, before a
        // consonant or a pause, of the vowel before them).
        for i in phones.indices where StopPlace(symbol: phones[i].phoneme.symbol) == .velar {
            let vowelF2: Double? = if i + 1 < phones.count, phones[i + 1].phoneme.isVowel {
                phones[i + 1].first[1]
            } else if i > 0, phones[i - 1].phoneme.isVowel {
                phones[i - 1].last[1]
            } else { nil }
            if let vowelF2, vowelF2 < FrameBuilder.backVowelF2 {
                phones[i].parallel = FrameBuilder.backVelarBurst
            }
        }
        // /h/ takes the formant frequencies of the nearest vowel (the next one first).
        for i in phones.indices where phones[i].phoneme.symbol == "HH" {
            let j = (i + 1 < phones.count && phones[i + 1].phoneme.isVowel) ? i + 1
                : (i > 0 && phones[i - 1].phoneme.isVowel ? i - 1 : nil)
            if let j {
                let v = j > i ? phones[j].first : phones[j].last
                for c in 0..<3 { phones[i].first[c] = v[c]; phones[i].last[c] = v[c] }
            }
        }
        for i in phones.indices.dropFirst() {
            let (b, ta, tb) = Self.boundary(phones[i - 1], phones[i])
            let da = phones[i - 1].end - phones[i - 1].start, db = phones[i].end - phones[i].start
            phones[i - 1].right = b; phones[i - 1].tauRight = min(ta, 0.5 * da)
            phones[i].left = b; phones[i].tauLeft = min(tb, 0.5 * db)
        }
        // Stops hold their boundary values; at an utterance edge, the other side's.
        for i in phones.indices where phones[i].isStopLike {
            let hasLeft = i > 0, hasRight = i + 1 < phones.count
            if !hasLeft && hasRight { phones[i].left = phones[i].right }
            if hasLeft && !hasRight { phones[i].right = phones[i].left }
        }
    }

    /// Boundary value between `a` and `b` and the transition times inside `a` and inside `b`, s.
    static func boundary(_ a: Entry, _ b: Entry) -> (SIMD8<Double>, Double, Double) {
        let ea = a.last, eb = b.first
        let ca = a.phoneme.phonemeClass, cb = b.phoneme.phonemeClass
        let mid = 0.5 * (ea + eb)
        if ca.isVowel && cb.isVowel { return (mid, 0.04, 0.04) }
        if a.isStopLike || b.isStopLike {
            let (stop, vowel, vowelFirst) = a.isStopLike ? (a, b, false) : (b, a, true)
            guard vowel.phoneme.isVowel, !(a.isStopLike && b.isStopLike) else {
                return (mid, a.isStopLike ? 0 : 0.02, b.isStopLike ? 0 : 0.02)
            }
            let v = vowelFirst ? ea : eb
            let c = stop.first
            var value = 0.5 * (c + v)
            value[0] = c[0]
            let tau: Double
            if let place = StopPlace(symbol: stop.phoneme.symbol) {
                value[1] = LocusEquation.forPlace(place).onset(vowelF2: v[1])
                tau = place == .labial ? 0.04 : (place == .alveolar ? 0.05 : 0.06)
            } else {
                tau = 0.05
            }
            value[6] = v[6]
            return vowelFirst ? (value, tau, 0) : (value, 0, tau)
        }
        if ca.isVowel != cb.isVowel {
            let (cons, vowelFirst) = ca.isVowel ? (b, true) : (a, false)
            let c = vowelFirst ? eb : ea, v = vowelFirst ? ea : eb
            let lambda: Double, tauV: Double, tauC: Double
            switch cons.phoneme.phonemeClass {
            case .nasal: (lambda, tauV, tauC) = (0.3, 0.04, 0.02)
            case .liquid: (lambda, tauV, tauC) = (0.2, 0.07, 0.03)
            case .glide: (lambda, tauV, tauC) = (0.2, 0.06, 0.03)
            default: (lambda, tauV, tauC) = (0.5, 0.05, 0.02)
            }
            var value = c + lambda * (v - c)
            value[6] = 0.5 * (c[6] + v[6])
            return vowelFirst ? (value, tauV, tauC) : (value, tauC, tauV)
        }
        return (mid, 0.02, 0.02)
    }

    /// The formant shape at time `t` inside (or, at the edges, beyond) phone `i`.
    func shape(at t: Double, phone i: Int) -> SIMD8<Double> {
        let p = phones[i]
        if t <= p.start && i == 0 { return p.isStopLike ? p.left : p.first }
        if t >= p.end { return p.isStopLike ? p.right : p.last }
        if p.isStopLike { return t < (p.release ?? p.start) ? p.left : p.right }
        let d = p.end - p.start
        let u = (t - p.start) / d
        let glide = 0.5 * (1 - cos(Double.pi * u))
        var v = p.first + glide * (p.last - p.first)
        if p.tauLeft > 0 {
            let x = (t - p.start) / p.tauLeft
            if x < 1 { v += 0.5 * (1 + cos(Double.pi * x)) * (p.left - p.first) }
        }
        if p.tauRight > 0 {
            let x = (p.end - t) / p.tauRight
            if x < 1 { v += 0.5 * (1 + cos(Double.pi * x)) * (p.right - p.last) }
        }
        return v
    }

    /// Linear source amplitudes (AV, AH, AF, A2..A6, AB, then unused) of phone `i` at time `t`.
    func sources(at t: Double, phone i: Int) -> SIMD16<Double> {
        let p = phones[i].phoneme
        func lin(_ db: Double) -> Double { KlattFrame.linearAmplitude(decibels: db) }
        var s = SIMD16<Double>.zero
        let par = phones[i].parallel ?? ParallelAmplitudes()
        func frication() {
            s[2] = lin(p.source.af)
            s[3] = lin(par.a2); s[4] = lin(par.a3); s[5] = lin(par.a4)
            s[6] = lin(par.a5); s[7] = lin(par.a6); s[8] = lin(par.ab)
        }
        switch p.phonemeClass {
        case .stop, .affricate:
            let release = phones[i].release ?? phones[i].start
            let burstEnd = phones[i].burstEnd ?? release
            if t < release {
                s[0] = lin(p.source.av)
            } else if t < burstEnd {
                s[0] = lin(p.source.av)
                frication()
            } else {
                s[1] = lin(p.source.ah)
            }
        case .fricative:
            s[0] = lin(p.source.av); s[1] = lin(p.source.ah)
            frication()
        default:
            s[0] = lin(p.source.av)
        }
        return s
    }
}
