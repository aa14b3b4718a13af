import Foundation

/// A complex number in Float64 (real + i imaginary), with the few operations polynomial root
/// finding needs.
public struct Complex: Sendable, Hashable {
    /// Real part.
    public var real: Double
    /// Imaginary part.
    public var imaginary: Double

    /// The number `real + i imaginary`.
    public init(_ real: Double, _ imaginary: Double = 0) {
        self.real = real
        self.imaginary = imaginary
    }

    /// |z| (computed without overflow by `hypot`).
    public var magnitude: Double { hypot(real, imaginary) }

    /// arg z in radians, in (-pi, pi].
    public var argument: Double { atan2(imaginary, real) }

    /// Sum.
    public static func + (a: Complex, b: Complex) -> Complex { Complex(a.real + b.real, a.imaginary + b.imaginary) }
    /// Difference.
    public static func - (a: Complex, b: Complex) -> Complex { Complex(a.real - b.real, a.imaginary - b.imaginary) }
    /// Product.
    public static func * (a: Complex, b: Complex) -> Complex {
        Complex(a.real * b.real - a.imaginary * b.imaginary, a.real * b.imaginary + a.imaginary * b.real)
    }
    /// Quotient (Smith's algorithm, which avoids needless overflow and underflow).
    public static func / (a: Complex, b: Complex) -> Complex {
        if abs(b.real) >= abs(b.imaginary) {
            let r = b.imaginary / b.real, d = b.real + b.imaginary * r
            return Complex((a.real + a.imaginary * r) / d, (a.imaginary - a.real * r) / d)
        }
        let r = b.real / b.imaginary, d = b.imaginary + b.real * r
        return Complex((a.real * r + a.imaginary) / d, (a.imaginary * r - a.real) / d)
    }
}
