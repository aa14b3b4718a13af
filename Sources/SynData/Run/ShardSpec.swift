import Foundation
import SynCore

/// Which items a run renders: `index` of `count` shards takes the items with
/// `i % count == index`.
public struct ShardSpec: Sendable, Equatable {
    /// This shard's index, `0..<count`.
    public var index: Int
    /// Number of shards.
    public var count: Int

    /// Makes a shard spec (`index < count`, `count >= 1`).
    public init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Parses `--shard`: `I/N`, or `auto`, which reads (in this order)
    /// `SLURM_ARRAY_TASK_ID` with `SLURM_ARRAY_TASK_COUNT` (SLURM job arrays; the array must
    /// be `0-(N-1)`), or `JOB_COMPLETION_INDEX` (Kubernetes indexed Jobs) with the count
    /// from `autoCount` (`--shard-count`) or `SYNBENCH_SHARD_COUNT`. Returns nil for a
    /// single unsharded run (`0/1`).
    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                             autoCount: Int? = nil) throws -> ShardSpec? {
        func fail(_ what: String) -> InputError { InputError("--shard \(text): \(what)") }
        let spec: ShardSpec
        if text == "auto" {
            if let id = environment["SLURM_ARRAY_TASK_ID"] {
                guard let i = Int(id) else { throw fail("SLURM_ARRAY_TASK_ID is not an integer ('\(id)')") }
                guard let c = autoCount ?? environment["SLURM_ARRAY_TASK_COUNT"].flatMap(Int.init) else {
                    throw fail("SLURM_ARRAY_TASK_COUNT is not set; pass --shard-count N")
                }
                spec = ShardSpec(index: i, count: c)
            } else if let id = environment["JOB_COMPLETION_INDEX"] {
                guard let i = Int(id) else { throw fail("JOB_COMPLETION_INDEX is not an integer ('\(id)')") }
                guard let c = autoCount ?? environment["SYNBENCH_SHARD_COUNT"].flatMap(Int.init) else {
                    throw fail("JOB_COMPLETION_INDEX is set but no count: pass --shard-count N or set SYNBENCH_SHARD_COUNT (the Job's completions)")
                }
                spec = ShardSpec(index: i, count: c)
            } else {
                throw fail("neither SLURM_ARRAY_TASK_ID nor JOB_COMPLETION_INDEX is set (auto works inside a SLURM array or a Kubernetes indexed Job)")
            }
        } else {
            let parts = text.split(separator: "/", omittingEmptySubsequences: false)
            guard parts.count == 2, let i = Int(parts[0]), let c = Int(parts[1]) else {
                throw fail("must be I/N (e.g. 0/4) or auto")
            }
            spec = ShardSpec(index: i, count: c)
        }
        guard spec.count >= 1 else { throw fail("the shard count must be at least 1, got \(spec.count)") }
        guard spec.index >= 0, spec.index < spec.count else {
            throw fail("the index must be in 0..\(spec.count - 1) for \(spec.count) shards, got \(spec.index)")
        }
        return spec.count == 1 ? nil : spec
    }

    /// Number of items of this shard among `0..<items`.
    public func itemCount(of items: Int) -> Int {
        items > index ? (items - index - 1) / count + 1 : 0
    }

    /// The item at position `p` of this shard.
    @inlinable
    public func item(at p: Int) -> Int { index + p * count }

    /// `I-of-N`, used in default folder names.
    public var label: String { "\(index)-of-\(count)" }
}
