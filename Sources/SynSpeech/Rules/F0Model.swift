import Foundation

/// The F0 contour of an utterance, frame by frame (specs/synspeech.md, "Prosody").
///
/// In semitones s(t) about ``Prosody/baseF0``, F0 = base x 2^(s / 12), with
/// s(t) = g x [ -declination x (t - speech start)
///              + sum over primary-stressed vowels of accent x bump(t)
///              + final(t) ],
/// where g = ``Prosody/rangeScale``. Each accent bump is a raised cosine
/// 0.5 (1 - cos(2 pi u)), u running 0 to 1 over the accented vowel widened by half its duration
/// on each side, so it peaks at the vowel's middle and the F0 rises through the onset and falls
/// through the coda (the rise-fall of an accent in 't Hart, Collier and Cohen 1990; Fujisaki's
/// accent commands smooth a step similarly). final(t) moves by -``Prosody/finalFallSemitones``
/// (statement) or +``Prosody/finalRiseSemitones`` (question) along a half cosine over the last
/// ``Prosody/finalContourSeconds`` / rate of speech, and holds after it. Before the speech start
/// and after its end F0 holds its edge value. Unvoiced phones and silences get the same smooth
/// contour; the voicing amplitude decides where it is heard. Declination is the baseline fall of
/// 't Hart et al. and Fujisaki's phrase component, here one straight line in semitones.
public struct F0Model: Sendable, Equatable {
    /// The prosody of the contour.
    public var prosody: Prosody

    /// A model for `prosody`.
    public init(prosody: Prosody) { self.prosody = prosody }

    /// The contour in semitones about the base F0 at time `t` (s) of `utterance`.
    public func semitones(at t: Double, in utterance: Utterance) -> Double {
        let start = utterance.speechStart, end = utterance.speechEnd
        let time = min(max(t, start), end)
        var s = -prosody.declinationSemitonesPerSecond * (time - start)
        if prosody.accentSemitones != 0 {
            for p in utterance.phones where p.phone.stress == .primary {
                let a = p.start - 0.5 * p.duration, b = p.end + 0.5 * p.duration
                guard time > a, time < b else { continue }
                let u = (time - a) / (b - a)
                s += prosody.accentSemitones * 0.5 * (1 - cos(2 * Double.pi * u))
            }
        }
        let size = utterance.isQuestion ? prosody.finalRiseSemitones : -prosody.finalFallSemitones
        if size != 0 {
            let span = min(prosody.finalContourSeconds / prosody.speakingRate, end - start)
            let u = span > 0 ? (time - (end - span)) / span : 1
            if u > 0 { s += size * 0.5 * (1 - cos(Double.pi * min(u, 1))) }
        }
        return prosody.rangeScale * s
    }

    /// F0 in Hz at time `t` (s).
    public func f0(at t: Double, in utterance: Utterance) -> Double {
        prosody.baseF0 * pow(2, semitones(at: t, in: utterance) / 12)
    }

    /// F0 in Hz of each of `count` frames, frame k at time k x `framePeriod` (s).
    public func contour(_ utterance: Utterance, framePeriod: Double, count: Int) -> [Double] {
        (0..<count).map { f0(at: Double($0) * framePeriod, in: utterance) }
    }
}
