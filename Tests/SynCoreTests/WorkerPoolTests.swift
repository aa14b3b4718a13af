import Testing
@testable import SynCore

/// ``parallelFor(_:jobs:chunk:workerAndIndex:)`` visits every position once and gives the
/// positions that run at the same time distinct workers in `0..<jobs`, which is what lets a
/// caller index per-worker scratch space with it.
@Suite struct WorkerPoolTests {
    @Test(arguments: [1, 2, 3, 8])
    func workersAreDistinctWhileRunning(jobs: Int) {
        let count = 200
        let visits = Locked([Int](repeating: 0, count: count))
        // Workers currently inside `body`, and whether one was ever seen twice or out of range.
        let busy = Locked(Set<Int>())
        let clash = Locked(false)
        parallelFor(count, jobs: jobs, chunk: 3) { worker, index in
            if worker < 0 || worker >= jobs { clash.withLock { $0 = true } }
            let fresh = busy.withLock { $0.insert(worker).inserted }
            if !fresh { clash.withLock { $0 = true } }
            // Long enough for the other workers to run meanwhile.
            var x = 0.0
            for k in 0..<2_000 { x += Double(k ^ index) }
            visits.withLock { $0[index] += x >= 0 ? 1 : 0 }
            busy.withLock { _ = $0.remove(worker) }
        }
        #expect(!clash.withLock { $0 })
        #expect(visits.withLock { $0 } == [Int](repeating: 1, count: count))
    }
}
