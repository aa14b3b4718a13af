import Foundation

/// Roots of real polynomials by the Aberth-Ehrlich simultaneous iteration (Aberth 1973,
/// "Iteration methods for finding all zeros of a polynomial simultaneously", Math. Comp. 27),
/// each root then polished by Newton steps on the original polynomial.
///
/// Coefficients are given highest power first, as `numpy.roots` takes them:
/// c_0 z^n + c_1 z^(n-1) + ... + c_n. For an LPC polynomial a_0 ... a_p this gives the poles
/// of 1 / A(z).
public enum PolynomialRoots {
    /// The n roots (with multiplicity) of c_0 z^n + ... + c_n, in no particular order. Leading
    /// zero coefficients are dropped; trailing zeros give exact zero roots. Returns [] for a
    /// constant or all-zero polynomial.
    public static func roots(_ coefficients: [Double]) -> [Complex] {
        guard let lead = coefficients.firstIndex(where: { $0 != 0 }) else { return [] }
        var c = Array(coefficients[lead...])
        var zeros = 0
        while c.count > 1, c[c.count - 1] == 0 {
            c.removeLast()
            zeros += 1
        }
        let monic = c.map { $0 / c[0] }
        let found = aberth(monic) + [Complex](repeating: Complex(0), count: zeros)
        return found.map { polish($0, monic) }
    }

    /// p(z) and p'(z) by Horner's rule.
    static func evaluate(_ c: [Double], at z: Complex) -> (value: Complex, derivative: Complex) {
        var p = Complex(c[0]), d = Complex(0)
        for k in c.indices.dropFirst() {
            d = d * z + p
            p = p * z + Complex(c[k])
        }
        return (p, d)
    }

    /// All roots of the monic polynomial `c` (no zero roots).
    private static func aberth(_ c: [Double]) -> [Complex] {
        let n = c.count - 1
        guard n >= 1 else { return [] }
        if n == 1 { return [Complex(-c[1])] }
        // Start on a circle whose radius is the geometric mean of the root magnitudes, at
        // angles offset so no start lies on the real axis (real polynomials are symmetric).
        let radius = max(pow(abs(c[n]), 1 / Double(n)), 1e-3)
        var z = (0..<n).map { j -> Complex in
            let angle = 2 * Double.pi * Double(j) / Double(n) + 0.4
            return Complex(radius * cos(angle), radius * sin(angle))
        }
        for _ in 0..<500 {
            var largestStep = 0.0
            for i in 0..<n {
                let (p, d) = evaluate(c, at: z[i])
                if p.magnitude == 0 { continue }
                let ratio = p / d
                var repulsion = Complex(0)
                for j in 0..<n where j != i { repulsion = repulsion + Complex(1) / (z[i] - z[j]) }
                let step = ratio / (Complex(1) - ratio * repulsion)
                z[i] = z[i] - step
                largestStep = max(largestStep, step.magnitude / max(z[i].magnitude, 1e-300))
            }
            if largestStep < 1e-15 { break }
        }
        return z
    }

    /// Newton steps on the original polynomial, each kept only while it shrinks |p(z)|.
    private static func polish(_ root: Complex, _ c: [Double]) -> Complex {
        var z = root
        var (p, d) = evaluate(c, at: z)
        for _ in 0..<3 where p.magnitude > 0 && d.magnitude > 0 {
            let candidate = z - p / d
            let next = evaluate(c, at: candidate)
            guard next.value.magnitude < p.magnitude else { break }
            (z, p, d) = (candidate, next.value, next.derivative)
        }
        return z
    }
}
