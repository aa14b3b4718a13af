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

    /// Parses `--shard`: `I/N`, or `auto`, which reads (in this order) a SLURM job array
    /// (see ``slurmArray(environment:autoCount:)``), or `JOB_COMPLETION_INDEX` (Kubernetes
    /// indexed Jobs) with the count from `autoCount` (`--shard-count`) or
    /// `SYNBENCH_SHARD_COUNT`. `environment` is the process environment unless a test passes
    /// its own. Returns nil for a single unsharded run (`0/1`).
    public static func parse(_ text: String, environment: [String: String] = ProcessInfo.processInfo.environment,
                             autoCount: Int? = nil) throws -> ShardSpec? {
        func fail(_ what: String) -> InputError { InputError("--shard \(text): \(what)") }
        let spec: ShardSpec
        if text == "auto" {
            if environment["SLURM_ARRAY_TASK_ID"] != nil {
                spec = try slurmArray(environment: environment, autoCount: autoCount) ?? ShardSpec(index: 0, count: 1)
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

    /// The shard of a SLURM array task, from the variables SLURM sets in every task of an
    /// array (`sbatch --array=MIN-MAX[:STEP]`): `SLURM_ARRAY_TASK_ID`, `_MIN`, `_MAX`,
    /// `_STEP` and `_COUNT`. The shard index is `(ID - MIN) / STEP`, so `--array=0-3`,
    /// `--array=1-4` and `--array=0-6:2` all make shards 0..3 of 4. The count is
    /// `SLURM_ARRAY_TASK_COUNT`, or `(MAX - MIN) / STEP + 1`, or `autoCount`
    /// (`--shard-count`) when SLURM gives neither. A missing `_MIN` counts as 0 and a
    /// missing `_STEP` as 1 (a task id set by hand). Values that contradict each other (an
    /// id off the array, a count that disagrees with MIN/MAX/STEP or with `--shard-count`,
    /// an array given as an irregular list such as `1,2,5`) are refused with one line.
    /// Returns nil when `SLURM_ARRAY_TASK_ID` is not set.
    public static func slurmArray(environment: [String: String],
                                  autoCount: Int? = nil) throws(InputError) -> ShardSpec? {
        func fail(_ what: String) -> InputError { InputError("--shard auto: \(what)") }
        guard environment["SLURM_ARRAY_TASK_ID"] != nil else { return nil }
        var values: [String: Int] = [:]
        for name in ["ID", "MIN", "MAX", "STEP", "COUNT"] {
            let key = "SLURM_ARRAY_TASK_" + name
            guard let text = environment[key] else { continue }
            guard let v = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw fail("\(key) is not an integer ('\(text)')")
            }
            values[name] = v
        }
        let id = values["ID"]!
        let min = values["MIN"] ?? 0
        let step = values["STEP"] ?? 1
        guard min >= 0 else { throw fail("SLURM_ARRAY_TASK_MIN must be at least 0, got \(min)") }
        guard step >= 1 else { throw fail("SLURM_ARRAY_TASK_STEP must be at least 1, got \(step)") }
        guard id >= min else {
            throw fail("SLURM_ARRAY_TASK_ID \(id) is below SLURM_ARRAY_TASK_MIN \(min)")
        }
        guard (id - min) % step == 0 else {
            throw fail("SLURM_ARRAY_TASK_ID \(id) is not on the array's steps (MIN \(min), STEP \(step)); use an evenly stepped --array=MIN-MAX:STEP or --shard I/N")
        }
        let index = (id - min) / step
        var count = values["COUNT"]
        if let max = values["MAX"] {
            guard max >= id else { throw fail("SLURM_ARRAY_TASK_ID \(id) is above SLURM_ARRAY_TASK_MAX \(max)") }
            guard (max - min) % step == 0 else {
                throw fail("SLURM_ARRAY_TASK_MAX \(max) is not on the array's steps (MIN \(min), STEP \(step))")
            }
            let (span, overflow) = ((max - min) / step).addingReportingOverflow(1)
            guard !overflow else { throw fail("SLURM_ARRAY_TASK_MAX \(max) makes too many shards") }
            if let c = count, c != span {
                throw fail("SLURM_ARRAY_TASK_COUNT \(c) disagrees with MIN \(min), MAX \(max), STEP \(step) (\(span) tasks); an irregular --array list (such as 1,2,5) cannot be sharded automatically, use --shard I/N")
            }
            count = span
        }
        if let a = autoCount {
            if let c = count, c != a {
                throw fail("--shard-count \(a) disagrees with the SLURM array's \(c) tasks")
            }
            count = a
        }
        guard let count else {
            throw fail("SLURM_ARRAY_TASK_COUNT and SLURM_ARRAY_TASK_MAX are not set; pass --shard-count N")
        }
        guard count >= 1 else { throw fail("SLURM_ARRAY_TASK_COUNT must be at least 1, got \(count)") }
        guard index < count else {
            throw fail("SLURM_ARRAY_TASK_ID \(id) makes shard \(index) ((ID - MIN \(min)) / STEP \(step)) but the array has \(count) tasks (is SLURM_ARRAY_TASK_MIN set?)")
        }
        return ShardSpec(index: index, count: count)
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
