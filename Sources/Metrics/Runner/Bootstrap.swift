import SynCore

/// Percentile bootstrap confidence intervals (Efron & Tibshirani 1993, ch. 13).
///
/// Resample `r` (0-based) draws `points` row indices uniformly with replacement from its own
/// xoshiro256** stream, `Xoshiro256StarStar.item(seed: seed ^ streamSalt, index: r)`, so the
/// intervals depend only on `seed`, never on `jobs` or scheduling. `compute` maps one
/// resample's indices to the metric's scores (nil where undefined on that resample). For score
/// `j`, the interval is the `(1 - level)/2` and `(1 + level)/2` quantiles of its defined
/// resample values, linearly interpolated between order statistics (numpy's default
/// `percentile`); it is nil when fewer than 2 resamples define the score.
public enum Bootstrap {
    /// Mixed into `seed` so bootstrap draws never coincide with the streams a metric itself
    /// derives from the same seed.
    public static let streamSalt: UInt64 = 0xB007_57A9_C1E5_0001

    /// Row indices of resample `r`.
    public static func indices(points: Int, resample r: Int, seed: UInt64) -> [Int] {
        var rng = Xoshiro256StarStar.item(seed: seed ^ streamSalt, index: UInt64(r))
        return (0..<points).map { _ in rng.nextInt(below: points) }
    }

    /// Percentile intervals of every score `compute` returns, over `resamples` resamples.
    ///
    /// Resamples run in parallel on `jobs` threads. If `compute` throws for a resample, that
    /// resample is computed again on the calling thread so the error propagates (the first
    /// failing resample by index).
    /// - Precondition: `points >= 1`, `resamples >= 1`, `0 < level < 1`.
    public static func intervals(points: Int, resamples: Int, seed: UInt64, level: Double = 0.95,
                                 jobs: Int, compute: @Sendable ([Int]) throws -> [Double?]) rethrows
        -> [(lower: Double, upper: Double)?] {
        precondition(points >= 1 && resamples >= 1, "need points and resamples")
        precondition(level > 0 && level < 1, "level must lie in (0, 1)")
        let outcomes: [[Double?]?] = parallelMap(resamples, jobs: jobs) { r in
            do {
                return try compute(indices(points: points, resample: r, seed: seed))
            } catch {
                return nil
            }
        }
        if let failed = outcomes.firstIndex(where: { $0 == nil }) {
            _ = try compute(indices(points: points, resample: failed, seed: seed))
        }
        let rows = outcomes.compactMap { $0 }
        let width = rows.map(\.count).max() ?? 0
        let lowQ = (1 - level) / 2, highQ = (1 + level) / 2
        return (0..<width).map { j -> (lower: Double, upper: Double)? in
            let values = rows.compactMap { j < $0.count ? $0[j] : nil }.filter(\.isFinite).sorted()
            guard values.count >= 2 else { return nil }
            return (quantile(values, lowQ), quantile(values, highQ))
        }
    }

    /// Linear-interpolation quantile of ascending values.
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let pos = q * Double(sorted.count - 1)
        let i = Int(pos.rounded(.down))
        if i + 1 >= sorted.count { return sorted[sorted.count - 1] }
        let frac = pos - Double(i)
        return sorted[i] + frac * (sorted[i + 1] - sorted[i])
    }
}
