import Testing
import SynCore
@testable import SynData

/// `--shard auto` inside SLURM arrays written the ways people write them. The environments
/// are what SLURM sets in a task of `sbatch --array=...` (ID, MIN, MAX, STEP, COUNT).
@Suite struct ShardSpecTests {
    /// The environment of task `id` of `--array=min-max:step`, as SLURM sets it.
    func slurm(id: Int, min: Int, max: Int, step: Int = 1) -> [String: String] {
        ["SLURM_ARRAY_TASK_ID": "\(id)", "SLURM_ARRAY_TASK_MIN": "\(min)", "SLURM_ARRAY_TASK_MAX": "\(max)",
         "SLURM_ARRAY_TASK_STEP": "\(step)", "SLURM_ARRAY_TASK_COUNT": "\((max - min) / step + 1)"]
    }

    /// The message of the error `parse("auto")` throws in `environment`, nil when it succeeds.
    func autoError(_ environment: [String: String], autoCount: Int? = nil) -> String? {
        do {
            _ = try ShardSpec.parse("auto", environment: environment, autoCount: autoCount)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test func zeroBasedArrayMapsIdsToShards() throws {
        for id in 0...3 {
            #expect(try ShardSpec.parse("auto", environment: slurm(id: id, min: 0, max: 3)) == ShardSpec(index: id, count: 4))
        }
    }

    @Test func oneBasedArrayMapsIdsToShards() throws {
        // `#SBATCH --array=1-4`: tasks 1..4 render shards 0..3 of 4.
        for id in 1...4 {
            #expect(try ShardSpec.parse("auto", environment: slurm(id: id, min: 1, max: 4)) == ShardSpec(index: id - 1, count: 4))
        }
    }

    @Test func steppedArraysMapIdsToShards() throws {
        // `--array=0-6:2` (0, 2, 4, 6) and `--array=1-7:2` (1, 3, 5, 7): shards 0..3 of 4.
        for (p, id) in [0, 2, 4, 6].enumerated() {
            #expect(try ShardSpec.parse("auto", environment: slurm(id: id, min: 0, max: 6, step: 2)) == ShardSpec(index: p, count: 4))
        }
        for (p, id) in [1, 3, 5, 7].enumerated() {
            #expect(try ShardSpec.parse("auto", environment: slurm(id: id, min: 1, max: 7, step: 2)) == ShardSpec(index: p, count: 4))
        }
        // `--array=10-40:10`: 10, 20, 30, 40.
        #expect(try ShardSpec.parse("auto", environment: slurm(id: 30, min: 10, max: 40, step: 10)) == ShardSpec(index: 2, count: 4))
    }

    @Test func countComesFromCountOrMaxOrShardCount() throws {
        // Only COUNT (no MAX), only MAX (no COUNT), neither but --shard-count.
        #expect(try ShardSpec.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_MIN": "1",
                                                          "SLURM_ARRAY_TASK_COUNT": "4"]) == ShardSpec(index: 3, count: 4))
        #expect(try ShardSpec.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "5", "SLURM_ARRAY_TASK_MIN": "1",
                                                          "SLURM_ARRAY_TASK_MAX": "7", "SLURM_ARRAY_TASK_STEP": "2"])
                == ShardSpec(index: 2, count: 4))
        #expect(try ShardSpec.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "2"], autoCount: 3) == ShardSpec(index: 2, count: 3))
        // A task id set by hand (no MIN, no STEP) counts from 0, as before.
        #expect(try ShardSpec.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"])
                == ShardSpec(index: 2, count: 4))
        // --shard-count that agrees with SLURM is accepted; a one-task array is an unsharded run.
        #expect(try ShardSpec.parse("auto", environment: slurm(id: 2, min: 1, max: 4), autoCount: 4) == ShardSpec(index: 1, count: 4))
        #expect(try ShardSpec.parse("auto", environment: slurm(id: 5, min: 5, max: 5)) == nil)
        // Direct use, outside --shard parsing.
        #expect(try ShardSpec.slurmArray(environment: [:]) == nil)
        #expect(try ShardSpec.slurmArray(environment: slurm(id: 3, min: 1, max: 4)) == ShardSpec(index: 2, count: 4))
    }

    @Test func inconsistentArraysAreRefusedWithOneLine() throws {
        let cases: [([String: String], Int?, String)] = [
            (["SLURM_ARRAY_TASK_ID": "x", "SLURM_ARRAY_TASK_COUNT": "4"], nil, "SLURM_ARRAY_TASK_ID is not an integer ('x')"),
            (slurm(id: 1, min: 1, max: 4).merging(["SLURM_ARRAY_TASK_STEP": "two"]) { $1 }, nil,
             "SLURM_ARRAY_TASK_STEP is not an integer ('two')"),
            (slurm(id: 1, min: 1, max: 4).merging(["SLURM_ARRAY_TASK_STEP": "0"]) { $1 }, nil,
             "SLURM_ARRAY_TASK_STEP must be at least 1, got 0"),
            (slurm(id: 0, min: 0, max: 3).merging(["SLURM_ARRAY_TASK_MIN": "-1"]) { $1 }, nil,
             "SLURM_ARRAY_TASK_MIN must be at least 0, got -1"),
            (slurm(id: 0, min: 1, max: 4), nil, "SLURM_ARRAY_TASK_ID 0 is below SLURM_ARRAY_TASK_MIN 1"),
            (slurm(id: 5, min: 1, max: 4), nil, "SLURM_ARRAY_TASK_ID 5 is above SLURM_ARRAY_TASK_MAX 4"),
            (slurm(id: 3, min: 0, max: 6, step: 2), nil, "SLURM_ARRAY_TASK_ID 3 is not on the array's steps (MIN 0, STEP 2)"),
            (slurm(id: 2, min: 0, max: 6, step: 2).merging(["SLURM_ARRAY_TASK_MAX": "7"]) { $1 }, nil,
             "SLURM_ARRAY_TASK_MAX 7 is not on the array's steps (MIN 0, STEP 2)"),
            // `--array=1,2,5` is no evenly stepped range: 3 tasks, but MIN..MAX spans 5.
            (["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_MIN": "1", "SLURM_ARRAY_TASK_MAX": "5",
              "SLURM_ARRAY_TASK_STEP": "1", "SLURM_ARRAY_TASK_COUNT": "3"], nil,
             "SLURM_ARRAY_TASK_COUNT 3 disagrees with MIN 1, MAX 5, STEP 1 (5 tasks)"),
            (slurm(id: 1, min: 1, max: 4), 8, "--shard-count 8 disagrees with the SLURM array's 4 tasks"),
            (["SLURM_ARRAY_TASK_ID": "1"], nil, "SLURM_ARRAY_TASK_COUNT and SLURM_ARRAY_TASK_MAX are not set; pass --shard-count N"),
            // A 1-based id with a count but no MIN (set by hand): the last task is out of range.
            (["SLURM_ARRAY_TASK_ID": "4", "SLURM_ARRAY_TASK_COUNT": "4"], nil,
             "SLURM_ARRAY_TASK_ID 4 makes shard 4 ((ID - MIN 0) / STEP 1) but the array has 4 tasks (is SLURM_ARRAY_TASK_MIN set?)"),
            (["SLURM_ARRAY_TASK_ID": "0", "SLURM_ARRAY_TASK_COUNT": "0"], nil, "SLURM_ARRAY_TASK_COUNT must be at least 1, got 0"),
            (slurm(id: 0, min: 0, max: 3).merging(["SLURM_ARRAY_TASK_MAX": "\(Int.max)", "SLURM_ARRAY_TASK_COUNT": "2"]) { $1 }, nil,
             "SLURM_ARRAY_TASK_MAX \(Int.max) makes too many shards"),
        ]
        for (environment, autoCount, expected) in cases {
            let message = try #require(autoError(environment, autoCount: autoCount), "accepted \(environment)")
            #expect(message.hasPrefix("--shard auto: "), "\(message)")
            #expect(message.contains(expected), "\(message)")
            #expect(!message.contains("\n"))
        }
    }

    @Test func kubernetesIndexIsUnchanged() throws {
        #expect(try ShardSpec.parse("auto", environment: ["JOB_COMPLETION_INDEX": "3", "SYNBENCH_SHARD_COUNT": "4"])
                == ShardSpec(index: 3, count: 4))
        #expect(autoError(["JOB_COMPLETION_INDEX": "4", "SYNBENCH_SHARD_COUNT": "4"])?.contains("the index must be in 0..3") == true)
    }
}
