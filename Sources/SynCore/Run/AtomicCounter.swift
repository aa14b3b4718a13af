import Synchronization

/// A lock-free integer shared by worker threads: the counter they claim work from and the
/// tallies they report (items rendered, rows done).
public final class AtomicCounter: Sendable {
    private let storage: Atomic<Int>

    /// A counter starting at `value`.
    public init(_ value: Int = 0) { storage = Atomic(value) }

    /// Adds `n` and returns the value before the addition.
    @discardableResult
    public func add(_ n: Int) -> Int { storage.wrappingAdd(n, ordering: .relaxed).oldValue }

    /// The current value.
    public var value: Int { storage.load(ordering: .relaxed) }
}
