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
}
