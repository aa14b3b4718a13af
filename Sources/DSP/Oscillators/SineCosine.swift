/// sin(x) and cos(x) without a library call, for per-sample phasors (gliding and vibrato
/// tones, time-varying resonators), where two libm calls per sample would dominate the cost.
///
/// Reduction by quadrant, q = round(x * 2 / pi), r = (x - q * P1) - q * P2 with P1 + P2 = pi / 2
/// (Cody-Waite), then Taylor polynomials on |r| <= pi / 4 through r^17 and r^18 (truncation
/// below 5e-17). Meant for the wrapped phase, |x| <= 2 pi, where the absolute error is below
/// 1e-15; it grows slowly with |x| (about 2e-15 at 8 pi) as q * P1 stops being exact.
@inlinable @inline(__always)
public func sineCosine(_ x: Double) -> (sin: Double, cos: Double) {
    let q = (x * (2 / Double.pi)).rounded()
    let r = (x - q * 1.5707963267948966) - q * 6.123233995736766e-17
    let r2 = r * r
    // sin r = r (1 - r^2/3! (1 - r^2/(4*5) (1 - ...))), coefficients 1/(2k+1)! in Horner form.
    var s = 1.0 / 355_687_428_096_000  // 1/17!
    s = s * r2 - 1.0 / 1_307_674_368_000  // 1/15!
    s = s * r2 + 1.0 / 6_227_020_800  // 1/13!
    s = s * r2 - 1.0 / 39_916_800  // 1/11!
    s = s * r2 + 1.0 / 362_880  // 1/9!
    s = s * r2 - 1.0 / 5040
    s = s * r2 + 1.0 / 120
    s = s * r2 - 1.0 / 6
    s = s * r2 * r + r
    var c = 1.0 / 6_402_373_705_728_000  // 1/18!
    c = c * r2 - 1.0 / 20_922_789_888_000  // 1/16!
    c = c * r2 + 1.0 / 87_178_291_200  // 1/14!
    c = c * r2 - 1.0 / 479_001_600  // 1/12!
    c = c * r2 + 1.0 / 3_628_800  // 1/10!
    c = c * r2 - 1.0 / 40320
    c = c * r2 + 1.0 / 720
    c = c * r2 - 1.0 / 24
    c = c * r2 + 0.5
    c = 1 - c * r2
    switch Int(q) & 3 {
    case 0: return (s, c)
    case 1: return (c, -s)
    case 2: return (-s, -c)
    default: return (-c, s)
    }
}
