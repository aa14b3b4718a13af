import Dispatch
import Foundation

/// The number of worker threads used when the user does not pass `--jobs`: every core.
public var defaultJobCount: Int { ProcessInfo.processInfo.activeProcessorCount }

/// The one thread pool of the package: runs positions `0..<count` on `jobs` threads, each
/// thread with its own state (scratch buffers, encoders) made once by `makeState`.
/// Positions are claimed in contiguous chunks from a shared ``AtomicCounter``, so uneven items
/// balance; a thread stops claiming once `shouldStop()` is true (Ctrl-C), so every position
/// that was started is finished. Errors stop all threads; the first is rethrown.
public enum WorkerPool {
    /// Processes the positions.
    public static func run<State>(count: Int, jobs: Int, chunk: Int = 8,
                                  shouldStop: @Sendable () -> Bool = { false },
                                  makeState: @Sendable () throws -> State,
                                  body: @Sendable (inout State, Int) throws -> Void) throws {
        guard count > 0 else { return }
        let chunk = max(1, chunk)
        let workers = max(1, min(jobs, (count + chunk - 1) / chunk))
        let next = AtomicCounter()
        let firstError = Locked<(any Error)?>(nil)
        // Checked before every position (Neural's loops run one per sample), so a lock-free
        // flag rather than the error's lock.
        let failures = AtomicCounter()
        let failed: @Sendable () -> Bool = { failures.value != 0 }
        // One iteration runs on the calling thread, so a single job needs no second thread.
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            do {
                var state = try makeState()
                while !failed(), !shouldStop() {
                    let start = next.add(chunk)
                    if start >= count { break }
                    for p in start..<min(start + chunk, count) {
                        if failed() || shouldStop() { break }
                        try body(&state, p)
                    }
                }
            } catch {
                firstError.withLock { if $0 == nil { $0 = error } }
                failures.add(1)
            }
        }
        if let error = firstError.withLock({ $0 }) { throw error }
    }
}

/// Runs `body(i)` for every `i` in `0..<count` on up to `jobs` threads of the ``WorkerPool``.
/// `body` must be safe to call concurrently for distinct indices.
public func parallelFor(_ count: Int, jobs: Int = defaultJobCount, chunk: Int = 1,
                        _ body: @Sendable (Int) -> Void) {
    // The body cannot throw, so neither can the pool.
    try? WorkerPool.run(count: count, jobs: jobs, chunk: chunk, makeState: { () }) { _, i in body(i) }
}

/// Maps `0..<count` through `transform` in parallel, keeping index order in the result.
public func parallelMap<T: Sendable>(_ count: Int, jobs: Int = defaultJobCount,
                                     _ transform: @Sendable (Int) -> T) -> [T] {
    let slots = Locked([T?](repeating: nil, count: count))
    parallelFor(count, jobs: jobs) { i in
        let value = transform(i)
        slots.withLock { $0[i] = value }
    }
    return slots.withLock { $0.map { $0! } }
}

/// ``parallelFor(_:jobs:chunk:_:)`` that also tells `body` which worker runs the position:
/// `worker` is in `0..<jobs`, and no two positions with the same `worker` run at once, so it
/// can index per-worker scratch space.
public func parallelFor(_ count: Int, jobs: Int = defaultJobCount, chunk: Int = 1,
                        workerAndIndex body: @Sendable (_ worker: Int, _ index: Int) -> Void) {
    let workers = AtomicCounter()
    try? WorkerPool.run(count: count, jobs: jobs, chunk: chunk, makeState: { workers.add(1) }) { worker, i in body(worker, i) }
}
