import CFFTW

/// The Float32 twin of ``RealFFT`` (FFTW's `fftwf_` single-precision plans), for feature
/// extraction where speed matters more than precision. One plan per instance, made once and
/// freed in deinit; use one instance per thread.
public final class RealFFTFloat {
    /// Transform length N.
    public let size: Int
    /// Number of complex outputs, N / 2 + 1.
    public var binCount: Int { size / 2 + 1 }

    private let input: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<fftwf_complex>
    private let plan: fftwf_plan

    /// Makes the plan for transforms of `size` > 0 samples.
    public init(size: Int) {
        precondition(size > 0, "FFT size must be positive")
        self.size = size
        input = UnsafeMutableRawPointer(fftwf_malloc(MemoryLayout<Float>.stride * size)!)
            .bindMemory(to: Float.self, capacity: size)
        output = UnsafeMutableRawPointer(fftwf_malloc(MemoryLayout<fftwf_complex>.stride * (size / 2 + 1))!)
            .bindMemory(to: fftwf_complex.self, capacity: size / 2 + 1)
        fftwPlannerLock.lock()
        plan = fftwf_plan_dft_r2c_1d(Int32(size), input, output, FFTW_ESTIMATE)!
        fftwPlannerLock.unlock()
    }

    deinit {
        fftwPlannerLock.lock()
        fftwf_destroy_plan(plan)
        fftwPlannerLock.unlock()
        fftwf_free(input)
        fftwf_free(output)
    }

    /// Writes |X_m|^2 for the `binCount` bins of the first `count` samples of `signal` (all
    /// when nil; at most `size`, zero-padded) to the start of `power` (at least `binCount` long).
    public func powerSpectrum(_ signal: [Float], count: Int? = nil, into power: inout [Float]) {
        let n = fftInputCount(count, of: signal.count, size: size)
        precondition(power.count >= binCount, "output holds fewer than \(binCount) bins")
        for i in 0..<n { input[i] = signal[i] }
        for i in n..<size { input[i] = 0 }
        fftwf_execute(plan)
        for m in 0..<binCount {
            power[m] = output[m].0 * output[m].0 + output[m].1 * output[m].1
        }
    }
}

/// The number of leading samples of a signal of `available` samples an FFT of `size` reads:
/// `count` (all when nil), checked to fit both.
func fftInputCount(_ count: Int?, of available: Int, size: Int) -> Int {
    let n = count ?? available
    precondition(n >= 0 && n <= available, "count \(n) is outside 0...\(available)")
    precondition(n <= size, "signal of \(n) samples is longer than the FFT size \(size)")
    return n
}
