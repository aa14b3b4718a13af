import CFFTW
import Foundation

/// Process-wide FFTW Float64 plans (real-to-complex, and complex-to-real for inverse STFTs), one
/// per transform size and direction, made on first use
/// (FFTW_ESTIMATE, so the plan and its results do not depend on timing) and kept for the life
/// of the process.
///
/// A plan is executed with FFTW's new-array interface (`fftw_execute_dft_r2c`, `fftw_execute_dft_c2r`), which is
/// thread-safe on distinct arrays that have the alignment of the planning arrays; every user
/// allocates its arrays with `fftw_malloc`, which gives that alignment. So all threads of a
/// feature extraction share the one plan of their size.
enum FFTWPlanCache {
    nonisolated(unsafe) private static var plans: [Int: fftw_plan] = [:]
    nonisolated(unsafe) private static var inversePlans: [Int: fftw_plan] = [:]
    private static let lock = NSLock()

    /// The out-of-place r2c plan of `size` samples (size > 0).
    static func realToComplex(size: Int) -> fftw_plan {
        lock.lock()
        defer { lock.unlock() }
        if let plan = plans[size] { return plan }
        let plan = withPlanningArrays(size: size) { real, spectrum in
            fftw_plan_dft_r2c_1d(Int32(size), real, spectrum, FFTW_ESTIMATE)!
        }
        plans[size] = plan
        return plan
    }

    /// The out-of-place c2r plan giving `size` real samples from size / 2 + 1 bins (size > 0).
    /// Unnormalised: the inverse of ``realToComplex(size:)`` times `size`. Like every c2r plan it
    /// overwrites its input array, so callers refill the spectrum before each execution.
    static func complexToReal(size: Int) -> fftw_plan {
        lock.lock()
        defer { lock.unlock() }
        if let plan = inversePlans[size] { return plan }
        let plan = withPlanningArrays(size: size) { real, spectrum in
            fftw_plan_dft_c2r_1d(Int32(size), spectrum, real, FFTW_ESTIMATE)!
        }
        inversePlans[size] = plan
        return plan
    }

    /// Calls `body` with fftw_malloc'ed arrays of `size` reals and size / 2 + 1 complex values
    /// (FFTW's alignment, which later new-array executions must share), under the planner lock.
    private static func withPlanningArrays(
        size: Int, _ body: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<fftw_complex>) -> fftw_plan
    ) -> fftw_plan {
        let real = UnsafeMutableRawPointer(fftw_malloc(MemoryLayout<Double>.stride * size)!)
            .bindMemory(to: Double.self, capacity: size)
        let spectrum = UnsafeMutableRawPointer(fftw_malloc(MemoryLayout<fftw_complex>.stride * (size / 2 + 1))!)
            .bindMemory(to: fftw_complex.self, capacity: size / 2 + 1)
        fftwPlannerLock.lock()
        let plan = body(real, spectrum)
        fftwPlannerLock.unlock()
        // ESTIMATE planning does not touch the arrays' contents; they are not needed afterwards.
        fftw_free(real)
        fftw_free(spectrum)
        return plan
    }
}
