import Foundation

/// One parameter frame of the Klatt cascade/parallel formant synthesizer (Klatt 1980, JASA 67(3)
/// 971-995, Table I; with the KLSYN88 voicing controls OQ, TL, FL of Klatt & Klatt 1990, JASA
/// 87(2) 820-857). A frame holds the control values at its start time; the synthesizer
/// interpolates linearly towards the next frame (default frame period 5 ms).
///
/// Frequencies and bandwidths are in Hz. Amplitudes are in dB on Klatt's scale, where 0 (or
/// less) switches a source or a parallel formant off; ``linearAmplitude(decibels:)`` documents
/// the conversion used here. OQ is in percent as in KLSYN88; TL in dB down at 3 kHz; FL and DI
/// in percent; BR in dB like AH.
public struct KlattFrame: Sendable, Hashable {
    /// Fundamental frequency F0 in Hz (0 = no voicing periods; the glottal phase holds).
    public var f0: Double = 100
    /// Voicing amplitude AV in dB (0 = off). Takes effect at the next glottal period.
    public var av: Double = 0
    /// Aspiration amplitude AH in dB (0 = off): noise into the cascade branch.
    public var ah: Double = 0
    /// Frication amplitude AF in dB (0 = off): noise into the parallel branch.
    public var af: Double = 0
    /// Quasi-sinusoidal voicing amplitude AVS in dB (Klatt 1980's low-passed voicing, used in
    /// voiced fricatives); nil or 0 = off. Takes effect at the next glottal period.
    public var avs: Double? = nil

    /// First formant frequency F1 in Hz (cascade and parallel branch).
    public var f1: Double = 500
    /// Second formant frequency F2 in Hz.
    public var f2: Double = 1500
    /// Third formant frequency F3 in Hz.
    public var f3: Double = 2500
    /// Fourth formant frequency F4 in Hz.
    public var f4: Double = 3250
    /// Fifth formant frequency F5 in Hz.
    public var f5: Double = 3700
    /// Sixth formant frequency F6 in Hz (parallel branch only; the cascade's higher formants
    /// are fixed by the vocal-tract length, see ``CascadeBranch``).
    public var f6: Double = 4900
    /// First formant bandwidth B1 in Hz (cascade).
    public var b1: Double = 60
    /// Second formant bandwidth B2 in Hz (cascade).
    public var b2: Double = 90
    /// Third formant bandwidth B3 in Hz (cascade).
    public var b3: Double = 150
    /// Fourth formant bandwidth B4 in Hz (cascade).
    public var b4: Double = 200
    /// Fifth formant bandwidth B5 in Hz (cascade).
    public var b5: Double = 200

    /// Nasal pole frequency FNP in Hz.
    public var fnp: Double = 250
    /// Nasal pole bandwidth BNP in Hz.
    public var bnp: Double = 100
    /// Nasal zero frequency FNZ in Hz (equal to FNP with BNZ = BNP cancels the pair).
    public var fnz: Double = 250
    /// Nasal zero bandwidth BNZ in Hz.
    public var bnz: Double = 100

    /// Parallel F1 amplitude A1 in dB (voicing only; 0 = off).
    public var a1: Double = 0
    /// Parallel F2 amplitude A2 in dB (0 = off).
    public var a2: Double = 0
    /// Parallel F3 amplitude A3 in dB (0 = off).
    public var a3: Double = 0
    /// Parallel F4 amplitude A4 in dB (0 = off).
    public var a4: Double = 0
    /// Parallel F5 amplitude A5 in dB (0 = off).
    public var a5: Double = 0
    /// Parallel F6 amplitude A6 in dB (0 = off).
    public var a6: Double = 0
    /// Parallel bypass amplitude AB in dB (0 = off): frication noise straight to the output.
    public var ab: Double = 0
    /// Parallel F1 bandwidth B1P in Hz.
    public var b1p: Double = 80
    /// Parallel F2 bandwidth B2P in Hz.
    public var b2p: Double = 200
    /// Parallel F3 bandwidth B3P in Hz.
    public var b3p: Double = 350
    /// Parallel F4 bandwidth B4P in Hz.
    public var b4p: Double = 500
    /// Parallel F5 bandwidth B5P in Hz.
    public var b5p: Double = 600
    /// Parallel F6 bandwidth B6P in Hz.
    public var b6p: Double = 800

    /// Open quotient OQ in percent (KLSYN88; 1...100).
    public var oq: Double = 50
    /// Spectral tilt TL in dB down at 3 kHz (KLSYN88; >= 0).
    public var tl: Double = 0
    /// Flutter FL in percent (KLSYN88; 0...100).
    public var fl: Double = 0
    /// Diplophonia DI in percent (KLSYN88; 0...100): every second glottal pulse delayed into the
    /// closed phase and attenuated (see ``VoicePerturbation``). Takes effect at the next period.
    public var di: Double = 0
    /// Breathiness BR in dB on Klatt's amplitude scale (0 = off): noise added to the voicing
    /// source during the open phase of each voiced period only (KLSYN88's breathy source noise,
    /// Klatt & Klatt 1990), into the cascade branch like AH.
    public var br: Double = 0

    /// A frame with Klatt's neutral defaults (schwa-like formants, every source off).
    public init() {}

    /// The reference level of ``linearAmplitude(decibels:)``: 60 dB is linear amplitude 1.
    public static let referenceDecibels = 60.0

    /// Klatt-scale dB to linear amplitude: 0 for dB <= 0 (Klatt 1980: a control at 0 is off),
    /// otherwise 10^((dB - 60) / 20), so every 6 dB about doubles the amplitude (as Klatt's
    /// table does) and 60 dB, a typical vowel AV, gives 1.
    @inlinable
    public static func linearAmplitude(decibels: Double) -> Double {
        decibels <= 0 ? 0 : pow(10, (decibels - referenceDecibels) / 20)
    }

    /// The frame a fraction `t` (0...1) of the way from `a` to `b`: every field linear in its
    /// own unit (amplitudes in dB, so a fade is exponential in amplitude). AVS is nil only when
    /// both are nil (a nil side counts as 0 dB).
    public static func interpolated(_ a: KlattFrame, _ b: KlattFrame, _ t: Double) -> KlattFrame {
        @inline(__always) func mix(_ x: Double, _ y: Double) -> Double { x + (y - x) * t }
        var f = a
        f.f0 = mix(a.f0, b.f0)
        f.av = mix(a.av, b.av); f.ah = mix(a.ah, b.ah); f.af = mix(a.af, b.af)
        if a.avs != nil || b.avs != nil { f.avs = mix(a.avs ?? 0, b.avs ?? 0) }
        f.f1 = mix(a.f1, b.f1); f.f2 = mix(a.f2, b.f2); f.f3 = mix(a.f3, b.f3)
        f.f4 = mix(a.f4, b.f4); f.f5 = mix(a.f5, b.f5); f.f6 = mix(a.f6, b.f6)
        f.b1 = mix(a.b1, b.b1); f.b2 = mix(a.b2, b.b2); f.b3 = mix(a.b3, b.b3)
        f.b4 = mix(a.b4, b.b4); f.b5 = mix(a.b5, b.b5)
        f.fnp = mix(a.fnp, b.fnp); f.bnp = mix(a.bnp, b.bnp)
        f.fnz = mix(a.fnz, b.fnz); f.bnz = mix(a.bnz, b.bnz)
        f.a1 = mix(a.a1, b.a1); f.a2 = mix(a.a2, b.a2); f.a3 = mix(a.a3, b.a3)
        f.a4 = mix(a.a4, b.a4); f.a5 = mix(a.a5, b.a5); f.a6 = mix(a.a6, b.a6)
        f.ab = mix(a.ab, b.ab)
        f.b1p = mix(a.b1p, b.b1p); f.b2p = mix(a.b2p, b.b2p); f.b3p = mix(a.b3p, b.b3p)
        f.b4p = mix(a.b4p, b.b4p); f.b5p = mix(a.b5p, b.b5p); f.b6p = mix(a.b6p, b.b6p)
        f.oq = mix(a.oq, b.oq); f.tl = mix(a.tl, b.tl); f.fl = mix(a.fl, b.fl)
        f.di = mix(a.di, b.di); f.br = mix(a.br, b.br)
        return f
    }
}
