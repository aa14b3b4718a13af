#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Equal-width histogram binning of one code dimension, exactly as disentanglement_lib's
/// `_histogram_discretize` (`np.digitize(x, np.histogram(x, B)[1][:-1])`).
///
/// Rule: `lo = min(x)`, `hi = max(x)`; when `lo == hi` they are widened to `lo - 0.5`,
/// `hi + 0.5` (numpy's `histogram`). Edges are `e_k = lo + k * ((hi - lo) / B)` for
/// `k = 0..<B`, computed in Float64 with the same operation order as numpy's `linspace`
/// (`k * step + lo`). A value's label is the number of edges `e_k <= x`, so `min(x)` gets 1
/// and `max(x)` gets `B`: labels lie in `1...B`.
///
/// `autoBinCount(_:)` gives the per-code bin count of `--bins auto` (see its documentation).
public enum HistogramDiscretizer {
    /// Labels `1...bins` for every value of `x` by the reference rule.
    ///
    /// - Precondition: `bins >= 1` and finite values. An empty `x` gives an empty result.
    public static func labels(_ x: [Double], bins: Int) -> [Int] {
        var out = [Int](repeating: 0, count: x.count)
        x.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                discretize(src, bins: bins, into: dst)
            }
        }
        return out
    }

    /// Labels with the bin count chosen by `bins` (`.fixed(B)` or `.auto`) for this code.
    public static func labels(_ x: [Double], bins: MetricOptions.Bins) -> [Int] {
        labels(x, bins: binCount(x, bins: bins))
    }

    /// The bin count `bins` resolves to for the sample `x`.
    public static func binCount(_ x: [Double], bins: MetricOptions.Bins) -> Int {
        switch bins {
        case .fixed(let b): return b
        case .auto: return autoBinCount(x)
        }
    }

    /// Largest bin count `--bins auto` will choose.
    public static let autoBinCap = 100

    /// The `--bins auto` rule: the Freedman-Diaconis width `h = 2 IQR / n^(1/3)` (Freedman &
    /// Diaconis 1981), giving `ceil((max - min) / h)` bins, clamped to `2...min(100, n)`.
    ///
    /// When the interquartile range is 0 (more than half the values tied) the rule falls back
    /// to Sturges' `ceil(log2 n) + 1`, with the same clamp; a constant code gets 1 bin.
    /// Quartiles use linear interpolation between order statistics (numpy's default).
    public static func autoBinCount(_ x: [Double]) -> Int {
        let n = x.count
        guard n >= 2 else { return 1 }
        let sorted = x.sorted()
        let lo = sorted[0], hi = sorted[n - 1]
        if lo == hi { return 1 }
        let cap = max(2, min(autoBinCap, n))
        let iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25)
        let raw: Double
        if iqr > 0 {
            let width = 2 * iqr / cbrt(Double(n))
            raw = ((hi - lo) / width).rounded(.up)
        } else {
            raw = log2(Double(n)).rounded(.up) + 1
        }
        return Int(min(Double(cap), max(2, raw)))
    }

    /// Linear-interpolation quantile of an ascending sample (numpy `quantile`, "linear").
    static func quantile(_ sorted: [Double], _ q: Double) -> Double {
        let pos = q * Double(sorted.count - 1)
        let i = Int(pos.rounded(.down))
        let frac = pos - Double(i)
        if i + 1 >= sorted.count { return sorted[sorted.count - 1] }
        return sorted[i] + frac * (sorted[i + 1] - sorted[i])
    }

    /// Writes labels `1...bins` of `src` into `dst` (same count).
    ///
    /// The first guess `floor((x - lo) / step) + 1` is corrected against the exact edges, so
    /// the result is the reference's `searchsorted(edges, x, side: right)` bit for bit.
    static func discretize(_ src: UnsafeBufferPointer<Double>, bins: Int,
                           into dst: UnsafeMutableBufferPointer<Int>) {
        precondition(bins >= 1, "bins must be at least 1")
        guard src.count > 0 else { return }
        var lo = src[0], hi = src[0]
        for v in src {
            if v < lo { lo = v }
            if v > hi { hi = v }
        }
        if lo == hi {
            lo -= 0.5
            hi += 0.5
        }
        let step = (hi - lo) / Double(bins)
        withUnsafeTemporaryAllocation(of: Double.self, capacity: bins) { edges in
            for k in 0..<bins { edges[k] = Double(k) * step + lo }
            for i in 0..<src.count {
                let v = src[i]
                let q = ((v - lo) / step).rounded(.down)
                var guess = q.isNaN ? 0 : Int(max(-1, min(Double(bins - 1), q))) + 1
                // Invariant wanted: edges[0..<guess] <= v < edges[guess...].
                while guess > 0 && edges[guess - 1] > v { guess -= 1 }
                while guess < bins && edges[guess] <= v { guess += 1 }
                dst[i] = guess
            }
        }
    }
}
