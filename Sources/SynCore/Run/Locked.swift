import Foundation

/// A value guarded by a lock, for the few counters and accumulators that worker threads
/// share. (Counters and flags polled per item use Synchronization's `Atomic` instead.)
public final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    /// Guards `value`.
    public init(_ value: Value) { self.value = value }

    /// Runs `body` with exclusive access to the value.
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }

    /// A copy of the value.
    public var current: Value { withLock { $0 } }
}

extension Locked where Value == Int {
    /// Adds `n` and returns the value before the addition.
    @discardableResult
    public func add(_ n: Int) -> Int { withLock { v in defer { v += n }; return v } }
}
