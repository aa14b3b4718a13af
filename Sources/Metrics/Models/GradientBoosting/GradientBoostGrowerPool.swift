import Foundation

/// Tree-growing workspaces shared by the threads of one boosting run: a thread takes one for
/// the duration of a tree and gives it back, so memory grows with the thread count, not with
/// the number of trees per stage.
final class GradientBoostGrowerPool: @unchecked Sendable {
    private let features: GradientBoostFeatures
    private let maxDepth: Int
    private var free: [GradientBoostTreeGrower] = []
    private let lock = NSLock()

    init(features: GradientBoostFeatures, maxDepth: Int) {
        self.features = features
        self.maxDepth = maxDepth
    }

    /// A free workspace, made on demand.
    func acquire() -> GradientBoostTreeGrower {
        lock.lock()
        let grower = free.popLast()
        lock.unlock()
        return grower ?? GradientBoostTreeGrower(features: features, maxDepth: maxDepth)
    }

    /// Returns a workspace taken with ``acquire()``.
    func release(_ grower: GradientBoostTreeGrower) {
        lock.lock()
        free.append(grower)
        lock.unlock()
    }
}
