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

    /// Transforms `signal` (at most `size` samples; zero-padded to `size`) and writes the real
    /// and imaginary parts of the `binCount` bins.
    public func transform(_ signal: UnsafeBufferPointer<Double>, real: UnsafeMutableBufferPointer<Double>,
                          imaginary: UnsafeMutableBufferPointer<Double>) {
        execute(signal)
        precondition(real.count >= binCount && imaginary.count >= binCount, "output holds fewer than \(binCount) bins")
        for m in 0..<binCount {
            real[m] = output[m].0
            imaginary[m] = output[m].1
        }
    }

    /// Writes |X_m|^2 for the `binCount` bins of `signal` (zero-padded to `size`).
    public func powerSpectrum(_ signal: UnsafeBufferPointer<Double>, into power: UnsafeMutableBufferPointer<Double>) {
        execute(signal)
        precondition(power.count >= binCount, "output holds fewer than \(binCount) bins")
        for m in 0..<binCount {
            power[m] = output[m].0 * output[m].0 + output[m].1 * output[m].1
        }
    }

    /// |X_m|^2 for the `binCount` bins of `signal` (zero-padded to `size`).
    public func powerSpectrum(_ signal: [Double]) -> [Double] {
        [Double](unsafeUninitializedCapacity: binCount) { power, initialized in
            signal.withUnsafeBufferPointer { powerSpectrum($0, into: power) }
            initialized = binCount
        }
    }

    private func execute(_ signal: UnsafeBufferPointer<Double>) {
        precondition(signal.count <= size, "signal of \(signal.count) samples is longer than the FFT size \(size)")
        for n in 0..<signal.count { input[n] = signal[n] }
        for n in signal.count..<size { input[n] = 0 }
        fftw_execute(plan)
    }
}
