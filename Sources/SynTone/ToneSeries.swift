#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The truncated Fourier series of one band-limited tone, per unit amplitude, in sine phase
/// (the formulas are those documented on ``Waveform``):
///
///     W(theta) = sum over k = 1...K of  b_k sin(k theta) + c_k cos(k theta)
///
/// with, before tilt (the textbook series; the waveform is 0 and rising at theta = 0):
/// - sine: b_1 = 1.
/// - square, pulse width 0.5: b_k = 4 / (pi k) for odd k.
/// - square, pulse width w != 0.5: the zero-mean rectangular pulse that is high for
///   theta mod 2 pi < 2 pi w (scipy.signal.square's duty convention), divided by its ideal peak
///   M = max(w, 1 - w) so the ideal waveform's peak |value| is 1:
///   b_k = 2 sin^2(pi k w) / (pi k M),  c_k = sin(2 pi k w) / (pi k M).
///   (w = 0.5 gives the square series above; it is special-cased so even harmonics are exactly 0.)
/// - sawtooth: b_k = 2 (-1)^(k+1) / (pi k) (rising ramp through 0 at theta = 0).
/// - triangle: b_k = 8 (-1)^((k-1)/2) / (pi^2 k^2) for odd k.
/// Tilt multiplies harmonic k by 10^(tilt * log2(k) / 20) (k = 1 unchanged).
/// K is the highest harmonic kept (``harmonicCount(highestFrequency:cutoff:)``).
struct ToneSeries: Sendable {
    /// b_k at index k - 1.
    var sine: [Double]
    /// c_k at index k - 1, or nil when all are zero.
    var cosine: [Double]?

    /// Highest harmonic number K.
    var harmonicCount: Int { sine.count }

    /// The largest K >= 1 with K * highestFrequency < cutoff, or 1 when even 2 * f reaches the
    /// cutoff (the fundamental only has to be below Nyquist, which the caller checks).
    /// Capped at `ToneRenderer.maximumHarmonicCount + 1`, which means "too many" (a frequency
    /// so low that ``ToneRenderer/problem(with:)`` refuses it); never traps.
    static func harmonicCount(highestFrequency f: Double, cutoff: Double) -> Int {
        guard f > 0, f.isFinite, cutoff > f else { return 1 }
        let ratio = (cutoff / f).rounded(.down)
        let cap = ToneRenderer.maximumHarmonicCount + 1
        guard ratio < Double(cap) else { return cap }
        var k = max(1, Int(ratio))
        while k > 1 && Double(k) * f >= cutoff { k -= 1 }
        while Double(k + 1) * f < cutoff { k += 1 }
        return k
    }

    /// The series of `waveform` up to harmonic `harmonicCount`, tilt and pulse width applied.
    init(waveform: Waveform, pulseWidth: Double, tilt: Double, harmonicCount: Int) {
        let count = max(1, harmonicCount)
        var b = [Double](repeating: 0, count: count)
        var c: [Double]? = nil
        switch waveform {
        case .sine:
            b[0] = 1
        case .square where pulseWidth == 0.5:
            for k in stride(from: 1, through: count, by: 2) { b[k - 1] = 4 / (Double.pi * Double(k)) }
        case .square:
            let w = pulseWidth
            let m = max(w, 1 - w)
            var cc = [Double](repeating: 0, count: count)
            for k in 1...count {
                let s = sin(Double.pi * Double(k) * w)
                b[k - 1] = 2 * s * s / (Double.pi * Double(k) * m)
                cc[k - 1] = sin(2 * Double.pi * Double(k) * w) / (Double.pi * Double(k) * m)
            }
            c = cc
        case .sawtooth:
            for k in 1...count {
                b[k - 1] = (k % 2 == 1 ? 2 : -2) / (Double.pi * Double(k))
            }
        case .triangle:
            for k in stride(from: 1, through: count, by: 2) {
                let sign: Double = (k / 2) % 2 == 0 ? 1 : -1
                b[k - 1] = sign * 8 / (Double.pi * Double.pi * Double(k * k))
            }
        }
        if tilt != 0 && count >= 2 {
            for k in 2...count {
                let g = pow(10, tilt * log2(Double(k)) / 20)
                b[k - 1] *= g
                if c != nil { c![k - 1] *= g }
            }
        }
        sine = b
        cosine = c
    }

    /// True when only odd harmonics can be non-zero (square at pulse width 0.5, triangle).
    static func isOddOnly(_ waveform: Waveform, pulseWidth: Double) -> Bool {
        waveform == .triangle || (waveform == .square && pulseWidth == 0.5)
    }

    /// |b_k + i c_k| for k = 1...K.
    var magnitudes: [Double] {
        guard let c = cosine else { return sine.map { abs($0) } }
        return zip(sine, c).map { ($0 * $0 + $1 * $1).squareRoot() }
    }

    /// Mean power of W over one period: sum of (b_k^2 + c_k^2) / 2.
    var meanPower: Double {
        var p = 0.0
        for k in 0..<sine.count {
            let cc = cosine?[k] ?? 0
            p += (sine[k] * sine[k] + cc * cc) / 2
        }
        return p
    }

    /// W(theta), W'(theta), W''(theta) by direct summation (used off the hot path).
    func evaluate(_ theta: Double) -> (value: Double, first: Double, second: Double) {
        let c1 = cos(theta), s1 = sin(theta)
        var ck = 1.0, sk = 0.0
        var v = 0.0, d1 = 0.0, d2 = 0.0
        for j in 0..<sine.count {
            let nc = ck * c1 - sk * s1
            sk = sk * c1 + ck * s1
            ck = nc
            let k = Double(j + 1)
            let bs = sine[j], cs = cosine?[j] ?? 0
            v += bs * sk + cs * ck
            d1 += k * (bs * ck - cs * sk)
            d2 -= k * k * (bs * sk + cs * ck)
        }
        return (v, d1, d2)
    }
}
