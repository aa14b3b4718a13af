import Dispatch
import Foundation
import Synchronization

/// The number of worker threads used when the user does not pass `--jobs`: every core.
public var defaultJobCount: Int { ProcessInfo.processInfo.activeProcessorCount }

/// Runs `body(i)` for every `i` in `0..<count` on up to `jobs` threads.
///
/// Work is handed out in contiguous chunks claimed from a shared counter, so uneven items
/// balance. `body` must be safe to call concurrently for distinct indices.
public func parallelFor(_ count: Int, jobs: Int = defaultJobCount, chunk: Int = 1,
                        _ body: @Sendable (Int) -> Void) {
    guard count > 0 else { return }
    let workers = max(1, min(jobs, (count + chunk - 1) / chunk))
    if workers == 1 {
        for i in 0..<count { body(i) }
        return
    }
    let next = AtomicCounter()
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while true {
            let start = next.add(chunk)
            if start >= count { break }
            for i in start..<min(start + chunk, count) { body(i) }
        }
    }
}

/// Maps `0..<count` through `transform` in parallel, keeping index order in the result.
public func parallelMap<T: Sendable>(_ count: Int, jobs: Int = defaultJobCount,
                                     _ transform: @Sendable (Int) -> T) -> [T] {
    let slots = ResultSlots<T>(count: count)
    parallelFor(count, jobs: jobs) { i in slots.set(i, transform(i)) }
    return slots.values()
}

/// A lock-free counter for claiming work.
final class AtomicCounter: Sendable {
    private let value = Atomic<Int>(0)

    /// Adds `n` and returns the value before the addition.
    func add(_ n: Int) -> Int {
        value.wrappingAdd(n, ordering: .relaxed).oldValue
    }
}

/// Write-once result slots filled from several threads at distinct indices.
final class ResultSlots<T>: @unchecked Sendable {
    private var storage: [T?]
    private let lock = NSLock()

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ i: Int, _ value: T) {
        lock.lock()
        storage[i] = value
        lock.unlock()
    }

    func values() -> [T] { storage.map { $0! } }
}
