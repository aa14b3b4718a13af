#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
import SynCore
#endif

/// The value grids a factor can be given as.
public enum ValueGrid {
    /// `numpy.linspace(start, stop, count, endpoint)` computed the way NumPy does it:
    /// `k * step + start` with `step = (stop - start) / div` (`div = count - 1` with the
    /// endpoint, `count` without), and the last value set to `stop` exactly when
    /// `endpoint` is true. Matches NumPy bit for bit, so published grids are reproduced.
    public static func linear(start: Double, stop: Double, count: Int, endpoint: Bool) -> [Double] {
        guard count > 0 else { return [] }
        let div = endpoint ? count - 1 : count
        if div == 0 { return [start] }
        let step = (stop - start) / Double(div)
        var out = (0..<count).map { Double($0) * step + start }
        if endpoint, count > 1 { out[count - 1] = stop }
        return out
    }

    /// A geometric grid: `exp(linear(ln start, ln stop, count, endpoint))`, with the first
    /// value `start` and (with the endpoint) the last value `stop` exactly.
    public static func logarithmic(start: Double, stop: Double, count: Int, endpoint: Bool) -> [Double] {
        var out = linear(start: log(start), stop: log(stop), count: count, endpoint: endpoint).map { exp($0) }
        if !out.isEmpty { out[0] = start }
        if endpoint, count > 1 { out[count - 1] = stop }
        return out
    }

    /// MIDI note numbers on a linear grid, converted to Hz with 12-tone equal temperament,
    /// A4 = note 69 = 440 Hz: `440 * 2^((m - 69) / 12)`.
    public static func midi(start: Double, stop: Double, count: Int, endpoint: Bool) -> [Double] {
        linear(start: start, stop: stop, count: count, endpoint: endpoint).map { midiToHertz($0) }
    }

    /// Frequency in Hz of MIDI note `m` (A4 = 69 = 440 Hz).
    public static func midiToHertz(_ m: Double) -> Double {
        440 * pow(2, (m - 69) / 12)
    }
}
