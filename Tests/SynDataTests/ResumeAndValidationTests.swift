import Foundation
import Testing
import SynCore
@testable import SynData

private let randomYAML = """
generator: test-sine
name: randoms
seed: 3
sampling: random
count: 6
factors:
  - name: kind
    values: [plain, loud]
  - name: frequency
    random: {min: 100, max: 400, bins: 4}
  - name: length
    values: [40, 64]
"""

@Suite struct ResumeAndValidationTests {
    /// Recreates the partial state a run killed while writing the manifests leaves behind:
    /// run.json and a journal marking every row done, with the manifests in `removed` gone.
    func recreateKilledState(_ folder: String, plan: DatasetPlan, removed: [String]) throws {
        let partial = folder + "/" + DatasetFolder.partialName
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        let run = JSONValue.object([("identity", plan.identity), ("role", DatasetFolder.role(nil))])
        try Data((run.serialized(indent: 2) + "\n").utf8).write(to: URL(fileURLWithPath: partial + "/run.json"))
        let journal = (0..<plan.count).flatMap { _ in DatasetRenderer.rowDone.bytes }
        try Data(journal).write(to: URL(fileURLWithPath: partial + "/hashes.bin"))
        for name in removed { try FileManager.default.removeItem(atPath: folder + "/" + name) }
    }

    @Test func npyResumeAfterTheRowsWerePublishedKeepsThem() throws {
        let tmp = TempFolder()
        let g = try SineTestGenerator.make(sineYAML + "\nlayout: npy")
        let plan = try generate(g, into: tmp.sub("r"))
        let original = folderContents(tmp.sub("r"))
        #expect(original["waveforms.npy"] != nil)
        // Killed before any table was written, just before the last manifest, and with the
        // rows gone altogether (the journal's marks must then be dropped).
        let windows: [[String]] = [
            ["dataset.json", "metadata.csv", "factors.npy", "factor_values.npy"],
            ["dataset.json"],
            ["dataset.json", "waveforms.npy"],
        ]
        for removed in windows {
            try recreateKilledState(tmp.sub("r"), plan: plan, removed: removed)
            try generate(g, into: tmp.sub("r"))
            #expect(folderContents(tmp.sub("r")) == original, "after removing \(removed)")
            #expect(try DatasetVerifier.verify(folder: tmp.sub("r")).problems.isEmpty)
        }
    }

    @Test func shardItemCountDoesNotOverflow() throws {
        for items in 0..<20 {
            for count in 1..<6 {
                for index in 0..<count {
                    let expected = (0..<items).filter { $0 % count == index }.count
                    #expect(ShardSpec(index: index, count: count).itemCount(of: items) == expected)
                }
            }
        }
        let huge = try #require(try ShardSpec.parse("0/9223372036854775807"))
        #expect(huge.itemCount(of: 10) == 1)
        #expect(ShardSpec(index: 9, count: Int.max).itemCount(of: 10) == 1)
        #expect(ShardSpec(index: 10, count: Int.max).itemCount(of: 10) == 0)
        #expect(ShardSpec(index: 3, count: 4).itemCount(of: Int.max) == Int.max / 4)
    }

    @Test func hugeBinsAndGridCountsAreConfigErrors() {
        let cases: [(String, String)] = [
            ("sampling: random\ncount: 4\nfactors: [{name: frequency, random: {min: 1, max: 2, bins: 10000000000}}]",
             "x.yaml: factors[0].random.bins: must be at most \(ItemSampler.maximumCount), got 10000000000"),
            ("factors: [{name: frequency, linear: {start: 1, stop: 2, count: 100000000000}}]",
             "x.yaml: factors[0].linear.count: must be at most \(FactorDecoder.maximumValueCount), got 100000000000"),
            // 16 GB of grid values used to be allocated (and the allocation fail) before any check.
            ("factors: [{name: amplitude, log: {start: 1, stop: 2, count: 2000000000}}]",
             "x.yaml: factors[0].log.count: must be at most 16777216, got 2000000000"),
        ]
        for (yaml, wanted) in cases {
            do {
                _ = try SineTestGenerator.make("generator: test-sine\n" + yaml, file: "x.yaml")
                Issue.record("no error for \(yaml)")
            } catch let e as ConfigError {
                #expect(e.description.hasPrefix(wanted), "\(e.description)")
            } catch {
                Issue.record("unexpected \(error)")
            }
        }
    }

    @Test func mergeRejectsInvalidShardJSON() throws {
        let tmp = TempFolder()
        let g = try SineTestGenerator.make(sineYAML)
        for i in 0..<2 { try generate(g, into: tmp.sub("s\(i)"), shard: ShardSpec(index: i, count: 2), limit: 5) }
        let file = tmp.sub("s1/shard.json")
        let good = try DatasetFolder.readJSON(file)
        let bad: [([String], JSONValue)] = [
            (["shard", "index"], .integer(5)),
            (["shard", "index"], .integer(-1)),
            (["shard", "count"], .integer(0)),
            (["shard", "count"], .number(1e300)),
            (["shard", "index"], .number(0.5)),
            (["items"], .integer(-3)),
            (["items"], .integer(1_000_000)),
        ]
        for (path, value) in bad {
            try Data(edited(good, path, value).serialized(indent: 2).utf8).write(to: URL(fileURLWithPath: file))
            do {
                try DatasetMerger.merge(out: tmp.sub("m"), shards: [tmp.sub("s0"), tmp.sub("s1")], quiet: true)
                Issue.record("no error for \(path) = \(value.serialized())")
            } catch let e as InputError {
                #expect(e.message.hasPrefix(file + ":"), "\(e.message)")
            }
        }
        try Data(good.serialized(indent: 2).utf8).write(to: URL(fileURLWithPath: file))
        try DatasetMerger.merge(out: tmp.sub("m"), shards: [tmp.sub("s0"), tmp.sub("s1")], quiet: true)
        try generate(g, into: tmp.sub("whole"), limit: 5)
        #expect(folderContents(tmp.sub("m")) == folderContents(tmp.sub("whole")))
    }

    @Test func datasetJSONWithUnusableValuesIsRefused() throws {
        let g = try SineTestGenerator.make(randomYAML)
        let plan = try DatasetSurvey.plan(for: g, limit: nil, jobs: 1)
        let json = plan.json()
        _ = try DatasetPlan(json: json, source: "d/dataset.json")
        let bad: [([String], JSONValue, String)] = [
            (["factors", "2", "values"], .array([]), "factors[2].values"),
            (["audio", "samples"], .integer(-1), "audio.samples"),
            (["factors", "1", "bins"], .integer(10_000_000_000), "factors[1].bins"),
            (["factors", "1", "bins"], .integer(0), "factors[1].bins"),
            (["count"], .integer(-2), "count"),
        ]
        for (path, value, key) in bad {
            let changed = edited(json, path, value)
            #expect(changed != json)
            do {
                _ = try DatasetPlan(json: changed, source: "d/dataset.json")
                Issue.record("no error for \(path)")
            } catch let e as InputError {
                #expect(e.message.hasPrefix("d/dataset.json: "), "\(e.message)")
                #expect(e.message.contains(key), "\(e.message)")
            }
        }
    }
}
