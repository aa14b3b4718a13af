import Foundation
import SynCore
import Testing
@testable import SynData

/// Dataset and config inputs that used to trap (or could exhaust memory) must be refused with
/// an error that names the file and the key.
@Suite struct HostileDatasetInputTests {
    func sinePlanJSON() throws -> JSONValue {
        let g = try SineTestGenerator.make(sineYAML)
        return try DatasetSurvey.plan(for: g, limit: nil, jobs: 1).json()
    }

    func expectRefused(_ json: JSONValue, naming key: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try DatasetPlan(json: json, source: "d/dataset.json")
            Issue.record("no error for \(key)", sourceLocation: sourceLocation)
        } catch let e as InputError {
            #expect(e.message.hasPrefix("d/dataset.json: "), "\(e.message)", sourceLocation: sourceLocation)
            #expect(e.message.contains(key), "\(e.message)", sourceLocation: sourceLocation)
            #expect(!e.message.contains("\n"), sourceLocation: sourceLocation)
        } catch {
            Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
        }
    }

    /// `synbench info` converted identifiability counts with Int(Double), which traps on 1e300.
    @Test func identifiabilityCountsMustBeWholeNumbers() throws {
        let json = try sinePlanJSON()
        func report(_ n: JSONValue, _ total: JSONValue) -> JSONValue {
            edited(json, ["identifiability"], .object([("kind", .object([("unidentifiable", n), ("total", total)]))]))
        }
        let good = try DatasetPlan(json: report(.integer(2), .number(18)), source: "d/dataset.json")
        #expect(good.identifiabilityCounts == [IdentifiabilityCount(factor: "kind", unidentifiable: 2, total: 18)])
        expectRefused(report(.number(1e300), .integer(18)), naming: "identifiability.kind.unidentifiable")
        expectRefused(report(.number(-1e300), .integer(18)), naming: "identifiability.kind.unidentifiable")
        expectRefused(report(.number(0.5), .integer(18)), naming: "identifiability.kind.unidentifiable")
        expectRefused(report(.string("3"), .integer(18)), naming: "identifiability.kind.unidentifiable")
        expectRefused(report(.integer(-1), .integer(18)), naming: "identifiability.kind.unidentifiable")
        expectRefused(report(.integer(2), .number(1e300)), naming: "identifiability.kind.total")
        expectRefused(report(.integer(20), .integer(18)), naming: "identifiability.kind.total")
        expectRefused(edited(json, ["identifiability"], .array([])), naming: "identifiability")
        // A plan whose report was made in memory (not read back) never traps either.
        var plan = good
        plan.identifiability = .object([("kind", .object([("unidentifiable", .number(1e300)), ("total", .number(.infinity))]))])
        #expect(plan.identifiabilityCounts.isEmpty)
    }

    /// Label codes became Int(Double) when dataset.json is written again (merge), which traps on 1e300.
    @Test func labelCodesMustBeExactWholeNumbers() throws {
        let json = try sinePlanJSON()
        for bad: JSONValue in [.number(1e300), .number(0.5), .number(-1e19), .integer(1 << 60), .string("0")] {
            expectRefused(edited(json, ["factors", "0", "codes"], .array([.integer(0), bad])), naming: "factors[0].codes")
        }
        let whole = try DatasetPlan(json: edited(json, ["factors", "0", "codes"], .array([.number(0), .number(1)])), source: "d")
        #expect(whole.json() == json)
    }

    /// Repeats are found with a set now (the old scan was quadratic: a config listing a million
    /// values took hours); the error still names the repeating entry.
    @Test func repeatedListValuesNameTheEntry() {
        let cases = [("values: [1, 2, 1]", "x.yaml: factors[0].values[2]: repeats an earlier value"),
                     ("values: [0.0, 5, -0.0]", "x.yaml: factors[0].values[2]: repeats an earlier value")]
        for (list, wanted) in cases {
            let yaml = "generator: test-sine\nfactors: [{name: amplitude, \(list)}]"
            let error = try? #require(throws: ConfigError.self) { _ = try SineTestGenerator.make(yaml, file: "x.yaml") }
            #expect(error?.description.hasPrefix(wanted) == true, "\(String(describing: error))")
        }
        let many = (0..<20_000).map(String.init).joined(separator: ", ")
        #expect((try? SineTestGenerator.make("generator: test-sine\nfactors: [{name: amplitude, values: [\(many)]}]"))?.config.factors[0].levelCount == 20_000)
    }

    /// Found by the config fuzzer (AddressSanitizer build): Yams computes YAML 1.1 base-60
    /// integers without overflow checks, so `seed: 201072720627834133:1` trapped inside
    /// ConfigValue.parseYAML. Out-of-range integers stay strings (a wrong-type error) like
    /// decimal ones.
    @Test func base60IntegersDoNotTrap() throws {
        func value(_ scalar: String) throws -> ConfigValue? {
            guard case let .map(pairs) = try ConfigValue.parseYAML("k: \(scalar)\n", file: "x.yaml") else { return nil }
            return pairs.first?.1
        }
        #expect(try value("201072720627834133:1") == .string("201072720627834133:1"))
        #expect(try value("1:0:0:0:0:0:0:0:0:0:0:0") == .string("1:0:0:0:0:0:0:0:0:0:0:0"))
        #expect(try value("99999999999999999999") == .string("99999999999999999999"))
        #expect(try value("1:0:0:0:0:0:0:0:0:0:0") == .integer(604_661_760_000_000_000))
        #expect(try value("1:30") == .integer(90))
        #expect(try value("-1_0:30") == .integer(-630))
        #expect(try value("!!int 7:-5") == .integer(415))
        #expect(try value("0x1F") == .integer(31))
        #expect(try value("'1:30'") == .string("1:30"))
        let error = try #require(throws: ConfigError.self) {
            _ = try SineTestGenerator.make("generator: test-sine\nseed: 201072720627834133:1\nfactors: [{name: amplitude, values: [1]}]", file: "x.yaml")
        }
        #expect(error.description == "x.yaml: seed: must be an integer, got the string '201072720627834133:1'")
    }

    @Test func sampleRateMustBePositive() throws {
        expectRefused(edited(try sinePlanJSON(), ["sample_rate"], .integer(0)), naming: "sample_rate")
    }

    /// A shard.json role of 1e300 was converted with Int(Double) in the "holds shard i/n" message.
    @Test func shardRoleWithHugeNumbersIsReportedNotTrapped() throws {
        let tmp = TempFolder()
        let g = try SineTestGenerator.make(sineYAML)
        let plan = try generate(g, into: tmp.sub("s"), shard: ShardSpec(index: 0, count: 2), limit: 5)
        let file = tmp.sub("s/shard.json")
        let doc = try DatasetFolder.readJSON(file)
        let bad = edited(doc, ["shard"], .object([("index", .number(1e300)), ("count", .number(-1e300))]))
        try Data(bad.serialized(indent: 2).utf8).write(to: URL(fileURLWithPath: file))
        let error = try #require(throws: InputError.self) {
            _ = try DatasetFolder(path: tmp.sub("s"), plan: plan, shard: ShardSpec(index: 0, count: 2))
        }
        #expect(error.message.contains("holds the whole dataset"), "\(error.message)")
    }

    /// merge allocated one slot per shard of shard.json's count, and summed the shards'
    /// offsets.npy without a bound: both trapped or aborted on hand-made numbers.
    @Test func mergeRefusesHugeShardCountsAndOffsets() throws {
        let tmp = TempFolder()
        let g = try SineTestGenerator.make(sineYAML + "\nlayout: npy\n")
        for i in 0..<2 { try generate(g, into: tmp.sub("s\(i)"), shard: ShardSpec(index: i, count: 2)) }
        // Offsets far beyond the dataset's total samples.
        let offsetsPath = tmp.sub("s1/offsets.npy")
        var bytes = try Data(contentsOf: URL(fileURLWithPath: offsetsPath))
        withUnsafeBytes(of: Int64(5e18).littleEndian) { bytes.replaceSubrange((bytes.count - 8)..<bytes.count, with: $0) }
        try bytes.write(to: URL(fileURLWithPath: offsetsPath))
        let offsetsError = try #require(throws: InputError.self) {
            try DatasetMerger.merge(out: tmp.sub("m"), shards: [tmp.sub("s0"), tmp.sub("s1")], quiet: true)
        }
        #expect(offsetsError.message.hasPrefix(offsetsPath + ": offsets must"), "\(offsetsError.message)")
        // A shard count of 2^40 in shard.json.
        for i in 0..<2 {
            let file = tmp.sub("s\(i)/shard.json")
            let doc = try DatasetFolder.readJSON(file)
            let bad = edited(doc, ["shard"], .object([("index", .integer(i)), ("count", .integer(1 << 40))]))
            try Data(bad.serialized(indent: 2).utf8).write(to: URL(fileURLWithPath: file))
        }
        let countError = try #require(throws: InputError.self) {
            try DatasetMerger.merge(out: tmp.sub("m"), shards: [tmp.sub("s0"), tmp.sub("s1")], quiet: true)
        }
        #expect(countError.message.contains("1099511627776"), "\(countError.message)")
    }

    /// `info` on a layout: npy dataset allocated audio.samples * 4 bytes per row before
    /// looking at waveforms.npy; a huge value must be refused first.
    @Test func waveformRowsAreCheckedAgainstTheFileBeforeReading() throws {
        let tmp = TempFolder()
        let g = try SineTestGenerator.make(sineYAML.replacingOccurrences(of: "[40, 64, 33]", with: "[40]") + "\nlayout: npy\n")
        var plan = try generate(g, into: tmp.sub("d"), limit: 4)
        #expect(!plan.ragged)
        #expect(try DatasetVerifier.checkWaveformRows(plan: plan, folder: tmp.sub("d")).count == 4)
        for samples in [1 << 40, Int.max / 2, plan.maxSamples + 1] {
            plan.maxSamples = samples
            let error = try #require(throws: InputError.self) {
                _ = try DatasetVerifier.checkWaveformRows(plan: plan, folder: tmp.sub("d"))
            }
            #expect(error.message.contains("does not match"), "\(error.message)")
        }
    }
}
