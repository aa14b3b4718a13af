import Dispatch
import Synchronization

/// Runs positions `0..<count` on `jobs` threads, each thread with its own state (scratch
/// buffers, encoders) made once by `makeState`. Positions are claimed in chunks from a
/// shared counter; a thread stops claiming once `shouldStop()` is true (Ctrl-C), so every
/// position that was started is finished. Errors stop all threads; the first is rethrown.
public enum WorkerPool {
    /// Processes the positions; returns how many were processed.
    @discardableResult
    public static func run<State>(count: Int, jobs: Int, chunk: Int = 8,
                                  shouldStop: @Sendable () -> Bool = { false },
                                  makeState: @Sendable () throws -> State,
                                  body: @Sendable (inout State, Int) throws -> Void) throws -> Int {
        guard count > 0 else { return 0 }
        let workers = max(1, min(jobs, (count + chunk - 1) / chunk))
        let next = Atomic<Int>(0)
        let done = Atomic<Int>(0)
        let failed = Atomic<Bool>(false)
        let firstError = Locked<(any Error)?>(nil)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            do {
                var state = try makeState()
                while !failed.load(ordering: .relaxed), !shouldStop() {
                    let start = next.wrappingAdd(chunk, ordering: .relaxed).oldValue
                    if start >= count { break }
                    for p in start..<min(start + chunk, count) {
                        if failed.load(ordering: .relaxed) || shouldStop() { break }
                        try body(&state, p)
                        done.wrappingAdd(1, ordering: .relaxed)
                    }
                }
            } catch {
                firstError.withLock { if $0 == nil { $0 = error } }
                failed.store(true, ordering: .relaxed)
            }
        }
        // concurrentPerform returns after every worker finished, so the plain loads see all.
        if let error = firstError.current { throw error }
        return done.load(ordering: .relaxed)
    }
}
