import Foundation
import Testing
@testable import DSP

@Suite("PolynomialRoots")
struct PolynomialRootsTests {
    /// Real coefficients (highest power first) of prod (z - r) over `roots`, each complex root
    /// given once and its conjugate added.
    static func polynomial(real: [Double], complex: [Complex]) -> [Double] {
        var c: [Double] = [1]
        func multiply(_ factor: [Double]) {
            var next = [Double](repeating: 0, count: c.count + factor.count - 1)
            for (i, a) in c.enumerated() { for (j, b) in factor.enumerated() { next[i + j] += a * b } }
            c = next
        }
        for r in real { multiply([1, -r]) }
        for z in complex { multiply([1, -2 * z.real, z.real * z.real + z.imaginary * z.imaginary]) }
        return c
    }

    /// Largest distance from each expected root to the nearest found root.
    static func distance(_ found: [Complex], _ expected: [Complex]) -> Double {
        expected.map { e in found.map { ($0 - e).magnitude }.min()! }.max()!
    }

    @Test("roots of an LPC-like degree-18 polynomial (pole pairs near the unit circle) within 1e-10")
    func lpcLike() {
        let poles = (0..<9).map { k -> Complex in
            let r = 0.97 - 0.03 * Double(k % 3), theta = 0.15 + 0.33 * Double(k)
            return Complex(r * cos(theta), r * sin(theta))
        }
        let expected = poles + poles.map { Complex($0.real, -$0.imaginary) }
        let found = PolynomialRoots.roots(Self.polynomial(real: [], complex: poles))
        #expect(found.count == 18)
        #expect(Self.distance(found, expected) < 1e-10)
    }

    @Test("real, zero and complex roots; leading zeros ignored; constants have none")
    func mixed() {
        let c = [0, 0] + Self.polynomial(real: [2, -0.5, 0, 0], complex: [Complex(0.3, 1.7)])
        let found = PolynomialRoots.roots(c)
        #expect(found.count == 6)
        let expected = [Complex(2), Complex(-0.5), Complex(0), Complex(0), Complex(0.3, 1.7), Complex(0.3, -1.7)]
        #expect(Self.distance(found, expected) < 1e-12)
        #expect(PolynomialRoots.roots([3]).isEmpty)
        #expect(PolynomialRoots.roots([0, 0]).isEmpty)
        #expect(PolynomialRoots.roots([2, -1]) == [Complex(0.5)])
    }
}
