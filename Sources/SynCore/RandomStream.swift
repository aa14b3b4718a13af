/// SplitMix64 (Steele, Lea & Flood 2014), used only to expand a seed into xoshiro state.
///
/// The constants and the output function follow `specs/reproducibility.md` exactly.
public struct SplitMix64: Sendable {
    /// The generator state; advanced by the golden-gamma increment on every draw.
    public var state: UInt64

    /// Starts a generator at `state`.
    public init(state: UInt64) { self.state = state }

    /// Returns the next 64-bit output.
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// xoshiro256** (Blackman & Vigna 2018): the generator behind every random draw in SynBench.
///
/// Each dataset item owns one stream, made by ``item(seed:index:)``, so output does not depend
/// on thread count, shard split or rendering order. Floats and Gaussians are derived here by
/// fixed formulas (never a library routine whose algorithm could change between releases).
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
    /// The four state words; never all zero.
    public var state: (UInt64, UInt64, UInt64, UInt64)

    /// Multiplier that spreads item indices over the seed space (`specs/reproducibility.md`).
    public static let itemMultiplier: UInt64 = 0xD1B5_4A32_D192_ED03

    /// Seeds the state with four consecutive SplitMix64 outputs of `seed`.
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        state = (mixer.next(), mixer.next(), mixer.next(), mixer.next())
    }

    /// The stream of item `index` of a dataset generated with `seed`:
    /// SplitMix64 seeded with `seed ^ (index &* 0xD1B54A32D192ED03)`, four words as state.
    public static func item(seed: UInt64, index: UInt64) -> Xoshiro256StarStar {
        Xoshiro256StarStar(seed: seed ^ (index &* itemMultiplier))
    }

    /// A dataset-level stream (`UInt64.max - k`), which never collides with an item stream
    /// of a realistic dataset.
    public static func dataset(seed: UInt64, reserved k: UInt64) -> Xoshiro256StarStar {
        item(seed: seed, index: UInt64.max - k)
    }

    /// Returns the next 64-bit output.
    @inlinable
    public mutating func next() -> UInt64 {
        let result = rotateLeft(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotateLeft(state.3, 45)
        return result
    }

    @inlinable
    func rotateLeft(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

    /// Uniform Double in [0, 1) from the top 53 bits of one draw.
    @inlinable
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform Float in [0, 1) from the top 24 bits of one draw.
    @inlinable
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1.0p-24
    }

    /// Uniform Double in [lower, upper).
    @inlinable
    public mutating func nextDouble(in lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * nextDouble()
    }

    /// Uniform integer in 0..<bound by Lemire's nearly-divisionless rejection method.
    @inlinable
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "bound must be positive")
        let b = UInt64(bound)
        var product = next().multipliedFullWidth(by: b)
        if product.low < b {
            let threshold = (0 &- b) % b
            while product.low < threshold { product = next().multipliedFullWidth(by: b) }
        }
        return Int(product.high)
    }

    /// Standard normal deviate by Box-Muller on two uniforms (the cosine branch only, so
    /// every call consumes exactly two draws). `1 - u` keeps the logarithm finite.
    @inlinable
    public mutating func nextGaussian() -> Double {
        let u1 = 1.0 - nextDouble()
        let u2 = nextDouble()
        return (-2.0 * _logNatural(u1)).squareRoot() * _cosine(2.0 * Double.pi * u2)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline func _logNatural(_ x: Double) -> Double { log(x) }
@usableFromInline func _cosine(_ x: Double) -> Double { cos(x) }
