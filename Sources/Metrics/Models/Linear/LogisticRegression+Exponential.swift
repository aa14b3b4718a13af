/// A branch-free `exp` for the non-positive arguments of softmax and the logistic loss, written
/// so that loops over it vectorize (glibc's `exp` is a call per element and dominated the
/// solver's time).
///
/// Method (Cody & Waite 1980 reduction): `x = k ln2 + r` with `k = round(x / ln2)` found by
/// the 1.5 * 2^52 shifter, `|r| <= ln2 / 2`, `ln2` split into a high part exact in 32 bits and
/// a low part; `e^r` by its Taylor polynomial to degree 12 (truncation below 2e-16 relative),
/// Horner form; `2^k` built in the exponent bits. Arguments below -708 are clamped there
/// (`e^-708 < 1e-307`, negligible against the softmax denominator, which is at least 1).
/// Relative error within a few units in the last place of glibc's `exp`.
enum LogisticExponential {
    static let log2e = 1.4426950408889634
    static let ln2High = 0.693147180369123816490
    static let ln2Low = 1.90821492927058770002e-10
    static let shifter = 6755399441055744.0

    /// `e^x` for `x <= 0` (larger `x` is not supported).
    @inline(__always)
    static func of(_ x: Double) -> Double {
        let t = max(x, -708)
        let kd = t * log2e + shifter
        let k = kd - shifter
        let r = (t - k * ln2High) - k * ln2Low
        var p = 1.0 / 479001600.0
        p = p * r + 1.0 / 39916800.0
        p = p * r + 1.0 / 3628800.0
        p = p * r + 1.0 / 362880.0
        p = p * r + 1.0 / 40320.0
        p = p * r + 1.0 / 5040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        p = p * r + 1.0
        p = p * r + 1.0
        let bits = (kd.bitPattern &- shifter.bitPattern &+ 1023) &<< 52
        return p * Double(bitPattern: bits)
    }
}
