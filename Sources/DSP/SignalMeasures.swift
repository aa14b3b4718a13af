import Foundation

/// Simple time-domain measurements of a signal.
public enum SignalMeasures {
    /// The largest |x_n| (0 for an empty signal).
    public static func peak<C: Collection>(_ x: C) -> Double where C.Element: BinaryFloatingPoint {
        var best = 0.0
        for v in x { best = max(best, abs(Double(v))) }
        return best
    }

    /// Mean of x_n^2 (0 for an empty signal).
    public static func meanPower<C: Collection>(_ x: C) -> Double where C.Element: BinaryFloatingPoint {
        guard !x.isEmpty else { return 0 }
        var sum = 0.0
        for v in x { sum += Double(v) * Double(v) }
        return sum / Double(x.count)
    }

    /// 10 log10(power of `clean` / power of `noisy - clean`), in dB: the SNR of a noisy copy of a
    /// known clean signal (equal lengths).
    public static func signalToNoise<C: Collection>(clean: C, noisy: C) -> Double
    where C.Element: BinaryFloatingPoint {
        precondition(clean.count == noisy.count, "signals differ in length")
        var signal = 0.0, noise = 0.0
        for (c, y) in zip(clean, noisy) {
            let s = Double(c), d = Double(y) - Double(c)
            signal += s * s
            noise += d * d
        }
        return 10 * log10(signal / noise)
    }
}
