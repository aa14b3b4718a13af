import SynCore

/// Maps an item index to its factor indices and values: the one place that decides which
/// item is which.
///
/// - Grid: mixed radix over the factor lists, the last-listed factor varying fastest, so
///   item `i` always has the same factors whatever the thread count or shard.
/// - Random: item `i` takes the stream `Xoshiro256StarStar.item(seed:index: i)` and draws,
///   factor by factor in column order: a list factor draws its index with
///   `nextInt(below: count)` (Lemire's method); a range factor draws one `nextDouble()` `u`
///   and takes `lower + (upper - lower) * u` (or `lower * (upper / lower)^u` on a log
///   scale), with index `min(bins - 1, floor(u * bins))`. The generator then continues on
///   the same stream (e.g. for noise), so the factor draws always come first.
public struct ItemSampler: Sendable {
    /// The factors in column order.
    public let factors: [FactorSpec]
    /// Grid or random sampling.
    public let sampling: Sampling
    /// The dataset seed.
    public let seed: UInt64
    /// Number of items of the whole dataset.
    public let count: Int
    private let radix: [Int]

    /// Largest dataset size accepted (file names and int32 indices stay valid).
    public static let maximumCount = Int(Int32.max)

    /// Makes a sampler; returns nil when a grid is too large (more than ``maximumCount``)
    /// or a grid contains a random range.
    public init?(factors: [FactorSpec], sampling: Sampling, seed: UInt64) {
        self.factors = factors
        self.sampling = sampling
        self.seed = seed
        radix = factors.map(\.levelCount)
        switch sampling {
        case .grid:
            var product = 1
            for f in factors {
                guard case .discrete = f.domain else { return nil }
                let (p, overflow) = product.multipliedReportingOverflow(by: f.levelCount)
                guard !overflow, p <= ItemSampler.maximumCount else { return nil }
                product = p
            }
            count = product
        case let .random(n):
            guard n > 0, n <= ItemSampler.maximumCount else { return nil }
            count = n
        }
    }

    /// The item's random stream before any factor draw.
    @inlinable
    public func stream(of item: Int) -> Xoshiro256StarStar {
        Xoshiro256StarStar.item(seed: seed, index: UInt64(item))
    }

    /// Writes item `item`'s factor indices and values (column order) into the arrays
    /// (each at least `factors.count` long; reused across items, so nothing is allocated)
    /// and returns its stream positioned after the factor draws, ready for the generator.
    public func item(_ item: Int, indices: inout [Int32], values: inout [Double]) -> Xoshiro256StarStar {
        var rng = stream(of: item)
        switch sampling {
        case .grid:
            var rest = item
            for k in stride(from: factors.count - 1, through: 0, by: -1) {
                let j = rest % radix[k]
                rest /= radix[k]
                indices[k] = Int32(j)
                if case let .discrete(v, _) = factors[k].domain { values[k] = v[j] }
            }
        case .random:
            for k in factors.indices {
                switch factors[k].domain {
                case let .discrete(v, _):
                    let j = rng.nextInt(below: v.count)
                    indices[k] = Int32(j)
                    values[k] = v[j]
                case let .uniform(lower, upper, logScale, bins):
                    let u = rng.nextDouble()
                    values[k] = logScale ? lower * _power(upper / lower, u) : lower + (upper - lower) * u
                    indices[k] = Int32(min(bins - 1, Int(u * Double(bins))))
                }
            }
        }
        return rng
    }

    /// Convenience form of ``item(_:indices:values:)`` returning arrays.
    public func item(_ item: Int) -> (indices: [Int32], values: [Double]) {
        var indices = [Int32](repeating: 0, count: factors.count)
        var values = [Double](repeating: 0, count: factors.count)
        _ = self.item(item, indices: &indices, values: &values)
        return (indices, values)
    }

    /// The grid item with the given factor indices (inverse of the mixed radix).
    public func gridItem(indices: [Int]) -> Int? {
        guard case .grid = sampling, indices.count == factors.count else { return nil }
        var item = 0
        for k in factors.indices {
            guard indices[k] >= 0, indices[k] < radix[k] else { return nil }
            item = item * radix[k] + indices[k]
        }
        return item
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

@usableFromInline func _power(_ x: Double, _ y: Double) -> Double { pow(x, y) }
