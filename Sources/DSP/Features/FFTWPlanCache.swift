import CFFTW
import Foundation

/// Process-wide FFTW real-to-complex Float64 plans, one per transform size, made on first use
/// (FFTW_ESTIMATE, so the plan and its results do not depend on timing) and kept for the life
/// of the process.
///
/// A plan is executed with FFTW's new-array interface (`fftw_execute_dft_r2c`), which is
/// thread-safe on distinct arrays that have the alignment of the planning arrays; every user
/// allocates its arrays with `fftw_malloc`, which gives that alignment. So all threads of a
/// feature extraction share the one plan of their size.
enum FFTWPlanCache {
    nonisolated(unsafe) private static var plans: [Int: fftw_plan] = [:]
    private static let lock = NSLock()

    /// The out-of-place r2c plan of `size` samples (size > 0).
    static func realToComplex(size: Int) -> fftw_plan {
        lock.lock()
        defer { lock.unlock() }
        if let plan = plans[size] { return plan }
        let input = UnsafeMutableRawPointer(fftw_malloc(MemoryLayout<Double>.stride * size)!)
            .bindMemory(to: Double.self, capacity: size)
        let output = UnsafeMutableRawPointer(fftw_malloc(MemoryLayout<fftw_complex>.stride * (size / 2 + 1))!)
            .bindMemory(to: fftw_complex.self, capacity: size / 2 + 1)
        fftwPlannerLock.lock()
        let plan = fftw_plan_dft_r2c_1d(Int32(size), input, output, FFTW_ESTIMATE)!
        fftwPlannerLock.unlock()
        // ESTIMATE planning does not touch the arrays' contents; they are not needed afterwards.
        fftw_free(input)
        fftw_free(output)
        plans[size] = plan
        return plan
    }
}
