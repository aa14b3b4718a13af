import Foundation
import SynCore

/// Test signals with known F0 and formants: a train of band-limited impulses at exact
/// fractional periods, or white Gaussian noise,
/// through a cascade of two-pole resonators y_n = A x_n + B y_(n-1) + C y_(n-2) with
/// C = -exp(-2 pi BW T), B = 2 exp(-pi BW T) cos(2 pi F T), A = 1 - B - C (Klatt 1980).
enum VowelSignals {
    static let rate = 16000.0

    /// F1, F2, F3 of three vowels (Peterson & Barney 1952, male averages).
    static let vowels: [(name: String, formants: [Double])] = [
        ("a", [730, 1090, 2440]),
        ("i", [270, 2290, 3010]),
        ("u", [300, 870, 2240]),
    ]

    /// Bandwidths of F1...F5 in Hz.
    static let bandwidths: [Double] = [90, 90, 120, 120, 120]

    /// Klatt's glottal low-pass (a resonator at 0 Hz, 100 Hz wide: -12 dB/octave), which gives
    /// the pulse train the spectral slope of a voice source.
    static let glottalLowPass: (frequency: Double, bandwidth: Double) = (0, 100)

    /// The vowel's three formants plus fixed F4 = 3500 Hz and F5 = 4500 Hz.
    static func resonances(_ formants: [Double]) -> [(frequency: Double, bandwidth: Double)] {
        Array(zip(formants + [3500, 4500], bandwidths))
    }

    /// Band-limited impulses of unit area at times k rate / f0 samples (k = 0, 1, ...): each a
    /// sinc centred on its exact fractional time, tapered by a Hann window 64 samples wide.
    static func impulseTrain(f0: Double, count: Int) -> [Double] {
        var x = [Double](repeating: 0, count: count)
        let period = rate / f0, half = 32
        var t = Double(half)
        while t + Double(half) < Double(count) {
            let centre = Int(t.rounded(.down))
            for n in (centre - half + 1)...(centre + half) {
                let d = Double(n) - t
                let sinc = d == 0 ? 1 : sin(Double.pi * d) / (Double.pi * d)
                x[n] += sinc * (0.5 + 0.5 * cos(Double.pi * d / Double(half)))
            }
            t += period
        }
        return x
    }

    /// White Gaussian noise from xoshiro256** seeded with `seed`.
    static func noise(count: Int, seed: UInt64) -> [Double] {
        var rng = Xoshiro256StarStar(seed: seed)
        return (0..<count).map { _ in rng.nextGaussian() }
    }

    /// `x` through the resonators in cascade.
    static func resonate(_ x: [Double], _ resonances: [(frequency: Double, bandwidth: Double)]) -> [Double] {
        var y = x
        let t = 1 / rate
        for (f, bw) in resonances {
            let c = -exp(-2 * Double.pi * bw * t)
            let b = 2 * exp(-Double.pi * bw * t) * cos(2 * Double.pi * f * t)
            let a = 1 - b - c
            var y1 = 0.0, y2 = 0.0
            for n in y.indices {
                let v = a * y[n] + b * y1 + c * y2
                (y2, y1) = (y1, v)
                y[n] = v
            }
        }
        return y
    }

    /// A steady vowel `seconds` long at F0 `f0`: the pulse train through the glottal low-pass
    /// and the vowel's resonators.
    static func vowel(_ formants: [Double], f0: Double, seconds: Double = 0.5) -> [Double] {
        resonate(impulseTrain(f0: f0, count: Int(seconds * rate)), [glottalLowPass] + resonances(formants))
    }
}
