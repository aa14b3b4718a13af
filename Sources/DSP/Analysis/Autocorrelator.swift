import Foundation

/// Autocorrelation by FFT: r(lag) = sum_n x_n x_(n+lag), as the cosine transform of the power
/// spectrum, with two transforms of one plan. Not shared between threads.
struct Autocorrelator {
    let fft: RealFFT
    private var power: [Double]
    private var even: [Double]
    private var real: [Double]
    private var imaginary: [Double]

    /// Room for signals of up to size - maxLag samples without circular wrap-around.
    init(size: Int) {
        fft = RealFFT(size: size)
        power = [Double](repeating: 0, count: fft.binCount)
        even = [Double](repeating: 0, count: size)
        real = power
        imaginary = power
    }

    /// r(lag) / r(0) for lag = 0 ..< lags (all zero when r(0) = 0).
    mutating func normalized(_ x: [Double], lags: Int) -> [Double] {
        let size = fft.size
        fft.powerSpectrum(x, into: &power)
        for m in 0..<fft.binCount {
            even[m] = power[m]
            if m > 0 { even[size - m] = power[m] }
        }
        fft.transform(even, real: &real, imaginary: &imaginary)
        let zero = real[0]
        guard zero > 0 else { return [Double](repeating: 0, count: lags) }
        return (0..<lags).map { real[$0] / zero }
    }

    /// r(lag) / r(0) of the signal last passed to ``normalized(_:lags:)`` at a fractional lag:
    /// the trigonometric interpolation sum_m P_m cos(2 pi m lag / size) of its power spectrum,
    /// which is exact at integer lags and band-limited between them.
    func normalizedValue(at lag: Double) -> Double {
        let size = fft.size, bins = fft.binCount
        let step = 2 * Double.pi * lag / Double(size)
        let (cosStep, sinStep) = (cos(step), sin(step))
        var (c, s) = (1.0, 0.0)
        var sum = 0.0, zero = 0.0
        for m in 0..<bins {
            let weight = m == 0 || 2 * m == size ? 1.0 : 2.0
            sum += weight * power[m] * c
            zero += weight * power[m]
            (c, s) = (c * cosStep - s * sinStep, s * cosStep + c * sinStep)
        }
        return zero > 0 ? sum / zero : 0
    }
}
