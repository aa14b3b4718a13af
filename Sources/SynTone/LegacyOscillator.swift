#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ToneRenderer {
    /// The published SynTone generator's formulas (numpy/scipy), sample for sample:
    ///
    ///     t = linspace(0, duration, n)      t_i = i * duration / (n - 1), t_{n-1} = duration
    ///     x = (2 pi f) * t_i
    ///     sine     = sin(x + phase)
    ///     square   = scipy.signal.square(x):  +1 if x mod 2 pi < pi, else -1
    ///     sawtooth = scipy.signal.sawtooth(x): -1 + x' / pi,  x' = x mod 2 pi
    ///     triangle = scipy.signal.sawtooth(x, width: 0.5):
    ///                -1 + 2 x' / pi for x' < pi, else 1 - 2 (x' - pi) / pi
    ///
    /// each times amplitude * gain. `mod` is numpy's (fmod for x >= 0; see ``legacyModulo(_:_:)``).
    /// Only the sine uses phase.
    func renderLegacy(_ p: ToneParameters, gain: Double, count: Int, into out: UnsafeMutableBufferPointer<Float>) {
        guard count > 0 else { return }
        let spacing = count > 1 ? p.duration / Double(count - 1) : 0
        let radiansPerSecond = 2 * Double.pi * p.frequency
        let scale = p.amplitude * gain
        let twoPi = 2 * Double.pi
        for i in 0..<count {
            let t = i == count - 1 && count > 1 ? p.duration : Double(i) * spacing
            let x = radiansPerSecond * t
            let v: Double
            switch p.waveform {
            case .sine:
                v = sin(x + p.phase)
            case .square:
                v = legacyModulo(x, twoPi) < Double.pi ? 1 : -1
            case .sawtooth:
                v = legacyModulo(x, twoPi) / Double.pi - 1
            case .triangle:
                let r = legacyModulo(x, twoPi)
                v = r < Double.pi ? r / (0.5 * Double.pi) - 1 : (1.5 * Double.pi - r) / (0.5 * Double.pi)
            }
            out[i] = Float(v * scale)
        }
    }
}

/// numpy's floating `mod` for x >= 0: fmod(x, m), the exact remainder in [0, m).
///
/// Computed as x - n m with one fused multiply-add, n = floor(x / m) corrected by one when the
/// rounded quotient lands on the wrong side of an integer: the exact remainder is representable,
/// so the single rounding of the FMA returns it exactly, bit for bit equal to fmod (and several
/// times faster than glibc's fmod, which dominated legacy rendering).
@inline(__always)
func legacyModulo(_ x: Double, _ m: Double) -> Double {
    var n = (x / m).rounded(.down)
    var r = x.addingProduct(-n, m)
    if r < 0 {
        n -= 1
        r = x.addingProduct(-n, m)
    } else if r >= m {
        n += 1
        r = x.addingProduct(-n, m)
    }
    return r
}
