import DSP
import SynCore
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The largest |value| `Xoshiro256StarStar.nextGaussian()` can return: its Box-Muller radius
/// sqrt(-2 ln u1) at the smallest u1 = 1 - nextDouble() = 2^-53.
let largestGaussianDeviate = (-2 * log(0x1p-53)).squareRoot()

extension ToneRenderer {
    /// An upper bound, tight to ~1 %, on max |sample| / amplitude of `render(p, gain: 1)`.
    ///
    /// Band-limited: (max over theta of |W(theta)|, the truncated series documented on
    /// ``Waveform``, Gibbs overshoot included) * (envelope maximum) + (largest Gaussian deviate, 8.57) * (noise
    /// standard deviation per unit amplitude), times 1 + 1e-6 for the final rounding to Float.
    /// The maximum of |W| is found on a grid of 32 K points per period (at least 256) and refined
    /// by Newton's method on W' at every grid maximum within 2 % of the largest. It holds for any
    /// phase, glide and vibrato, which only move along the same periodic shape. The bound is
    /// reached only when the tone's samples land near the crest, as they do unless f / sampleRate
    /// is a ratio of small integers. Legacy mode: 1 (the naive waveforms' peak).
    public func peakBound(_ p: ToneParameters) -> Double {
        if mode == .legacy { return 1 }
        let series = series(p)
        let envelope = ADSREnvelope(p)
        var bound = ShapeMaximumCache.shared.maximum(of: series) * envelope.maximum
        if let snr = p.snr {
            let count = sampleCount(duration: p.duration)
            let power = series.meanPower * envelope.meanSquare(count: count, sampleRate: Double(sampleRate))
            bound += largestGaussianDeviate * (power / pow(10, snr / 10)).squareRoot()
        }
        return bound * (1 + 1e-6)
    }

    /// max over theta of |W(theta)| for the series (see ``peakBound(_:)``).
    static func shapeMaximum(_ series: ToneSeries) -> Double {
        let k = series.harmonicCount
        if k == 1 && series.cosine == nil { return abs(series.sine[0]) }
        let points = max(256, 32 * k)
        var values = [Double](repeating: 0, count: points)
        let step = 2 * Double.pi / Double(points)
        for i in 0..<points { values[i] = abs(series.evaluate(Double(i) * step).value) }
        let gridMaximum = values.max() ?? 0
        var best = gridMaximum
        for i in 0..<points where values[i] >= 0.98 * gridMaximum {
            let before = values[(i + points - 1) % points], after = values[(i + 1) % points]
            guard values[i] >= before && values[i] >= after else { continue }
            var theta = Double(i) * step
            for _ in 0..<20 {
                let e = series.evaluate(theta)
                guard e.second != 0 else { break }
                let move = -e.first / e.second
                theta += max(-step, min(step, move))
                if abs(move) < 1e-13 { break }
            }
            best = max(best, abs(series.evaluate(theta).value))
        }
        return best
    }
}

/// Remembers ``ToneRenderer/shapeMaximum(_:)`` per series (a dataset has few distinct ones:
/// waveform x harmonic count x pulse width x tilt), so peakBound over a large grid costs
/// little. Lock-protected; cleared when it would exceed 65,536 entries.
final class ShapeMaximumCache: Sendable {
    static let shared = ShapeMaximumCache()

    private struct Key: Hashable {
        var sine: [Double]
        var cosine: [Double]?
    }

    private let values = Locked<[Key: Double]>([:])

    func maximum(of series: ToneSeries) -> Double {
        if series.harmonicCount == 1 && series.cosine == nil { return abs(series.sine[0]) }
        let key = Key(sine: series.sine, cosine: series.cosine)
        if let known = values.withLock({ $0[key] }) { return known }
        let value = ToneRenderer.shapeMaximum(series)
        values.withLock {
            if $0.count >= 65_536 { $0.removeAll() }
            $0[key] = value
        }
        return value
    }
}
