import CFFTW

/// A real-to-complex discrete Fourier transform of one size in Float64, backed by one FFTW plan
/// made once (FFTW_ESTIMATE, so planning is fast and the result does not depend on timing) and
/// freed in deinit.
///
/// X_m = sum_{n=0}^{N-1} x_n exp(-2 pi i m n / N), m = 0...N/2 (unnormalised, FFTW's sign).
/// An instance owns its input/output buffers: use one instance per thread.
public final class RealFFT {
    /// Transform length N.
    public let size: Int
    /// Number of complex outputs, N / 2 + 1.
    public var binCount: Int { size / 2 + 1 }

    private let input: UnsafeMutablePointer<Double>
    private let output: UnsafeMutablePointer<fftw_complex>
    private let plan: fftw_plan

    /// Makes the plan for transforms of `size` > 0 samples.
    public init(size: Int) {
        precondition(size > 0, "FFT size must be positive")
        self.size = size
        input = UnsafeMutableRawPointer(fftw_malloc(MemoryLayout<Double>.stride * size)!)
            .bindMemory(to: Double.self, capacity: size)
        output = UnsafeMutableRawPointer(fftw_malloc(MemoryLayout<fftw_complex>.stride * (size / 2 + 1))!)
            .bindMemory(to: fftw_complex.self, capacity: size / 2 + 1)
        fftwPlannerLock.lock()
        plan = fftw_plan_dft_r2c_1d(Int32(size), input, output, FFTW_ESTIMATE)!
        fftwPlannerLock.unlock()
    }

    deinit {
        fftwPlannerLock.lock()
        fftw_destroy_plan(plan)
        fftwPlannerLock.unlock()
        fftw_free(input)
        fftw_free(output)
    }

    /// Transforms the first `count` samples of `signal` (all when nil; at most `size`,
    /// zero-padded to `size`) and writes the real and imaginary parts of the `binCount` bins
    /// to the start of `real` and `imaginary` (each at least `binCount` long).
    public func transform(_ signal: [Double], count: Int? = nil, real: inout [Double], imaginary: inout [Double]) {
        execute(signal, count: count)
        precondition(real.count >= binCount && imaginary.count >= binCount, "output holds fewer than \(binCount) bins")
        for m in 0..<binCount {
            real[m] = output[m].0
            imaginary[m] = output[m].1
        }
    }

    /// Writes |X_m|^2 for the `binCount` bins of the first `count` samples of `signal` (all
    /// when nil; zero-padded to `size`) to the start of `power` (at least `binCount` long).
    public func powerSpectrum(_ signal: [Double], count: Int? = nil, into power: inout [Double]) {
        execute(signal, count: count)
        precondition(power.count >= binCount, "output holds fewer than \(binCount) bins")
        for m in 0..<binCount {
            power[m] = output[m].0 * output[m].0 + output[m].1 * output[m].1
        }
    }

    /// |X_m|^2 for the `binCount` bins of `signal` (zero-padded to `size`).
    public func powerSpectrum(_ signal: [Double]) -> [Double] {
        var power = [Double](repeating: 0, count: binCount)
        powerSpectrum(signal, into: &power)
        return power
    }

    private func execute(_ signal: [Double], count: Int?) {
        let n = fftInputCount(count, of: signal.count, size: size)
        for i in 0..<n { input[i] = signal[i] }
        for i in n..<size { input[i] = 0 }
        fftw_execute(plan)
    }
}
