import Foundation
import Testing
@testable import SynCore

/// Inputs that used to trap (or could exhaust memory or the stack) must be refused with an
/// error that names the file and the key.
@Suite struct HostileInputTests {
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

    /// `info` on a layout: npy dataset allocated audio.samples * 4 bytes per row before
    /// looking at waveforms.npy; a huge value must be refused first.
    @Test func waveformRowsAreCheckedAgainstTheFileBeforeReading() throws {
        let tmp = TempFolder()
        let g = try SineTestGenerator.make(sineYAML + "\nlayout: npy\n")
        var plan = try generate(g, into: tmp.sub("d"), limit: 4)
        #expect(try DatasetVerifier.checkWaveformRows(plan: plan, folder: tmp.sub("d")).count == 4)
        for samples in [1 << 40, Int.max / 2, plan.maxSamples + 1] {
            plan.maxSamples = samples
            let error = try #require(throws: InputError.self) {
                _ = try DatasetVerifier.checkWaveformRows(plan: plan, folder: tmp.sub("d"))
            }
            #expect(error.message.contains("does not match"), "\(error.message)")
        }
    }

    @Test func integerValueIsExactOrNil() {
        #expect(JSONValue.integer(-7).integerValue == -7)
        #expect(JSONValue.number(3).integerValue == 3)
        #expect(JSONValue.number(3.5).integerValue == nil)
        #expect(JSONValue.number(1e300).integerValue == nil)
        #expect(JSONValue.number(-0x1p63).integerValue == Int.min)
        #expect(JSONValue.number(0x1p63).integerValue == nil)
        #expect(JSONValue.number(.nan).integerValue == nil)
        #expect(JSONValue.string("3").integerValue == nil)
    }

    @Test func jsonNestingIsBounded() throws {
        let depth = JSONValue.maximumNestingDepth
        let deepest = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try JSONValue.parse(deepest).serialized().count == 2 * depth)
        for text in [String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1),
                     String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000),
                     String(repeating: "[", count: 1_000_000)] {
            let error = try #require(throws: JSONParseError.self) { try JSONValue.parse(text) }
            #expect(error.message.contains("nested deeper than \(depth) levels"), "\(error.message)")
        }
    }

    @Test func surrogatePairsDecodeToOneScalar() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("\u{1F600}"))
        #expect(try JSONValue.parse(#""a\uD834\uDD1Eb""#) == .string("a\u{1D11E}b"))
        #expect(try JSONValue.parse(#""\u00e9\u4e2d""#) == .string("\u{E9}\u{4E2D}"))
        // Lone surrogates become U+FFFD (documented on JSONValue.parse).
        #expect(try JSONValue.parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try JSONValue.parse(#""\ude00x""#) == .string("\u{FFFD}x"))
        #expect(try JSONValue.parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONValue.parse(#""\ud83d\ud83d\ude00""#) == .string("\u{FFFD}\u{1F600}"))
        // Serialising and parsing again keeps the scalar.
        #expect(try JSONValue.parse(JSONValue.string("\u{1F600}").serialized()) == .string("\u{1F600}"))
    }

    /// Found by the dataset-json fuzzer: with a key twice in one object, the plan's identity
    /// differed from itself (JSONDifference compared the first value with the second), so a
    /// folder could be refused as "made from a different config" by its own dataset.json.
    @Test func duplicateKeysAreErrors() throws {
        let text = #"{"name":"","config":{"":[{"":{"start":0,"start":true}}]}}"#
        let error = try #require(throws: JSONParseError.self) { try JSONValue.parse(text) }
        #expect(error.message.contains(#"the key "start" appears twice"#), "\(error.message)")
        #expect(throws: JSONParseError.self) { try JSONValue.parse(#"{"a":1,"b":2,"a":1}"#) }
        #expect(try JSONValue.parse(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#)["b"] == .array([.object([("a", .integer(2))]), .object([("a", .integer(3))])]))
    }

    @Test func malformedEscapesAndHugeNumbersAreErrors() {
        for text in [#""\x""#, #""\u12G4""#, #""\u+123""#, #""\u12""#, #""\"#, "1e400", "-1e999", "[1,]"] {
            #expect(throws: JSONParseError.self, "\(text)") { try JSONValue.parse(text) }
        }
        #expect((try? JSONValue.parse(#""\/\b\f\n\r\t\"\\""#)) == .string("/\u{8}\u{C}\n\r\t\"\\"))
    }

    /// zlib counts in 32 bits: members of 4 GiB and more are inflated and checksummed in
    /// pieces. Tiny pieces exercise the same loop on the test archive.
    @Test func inflateAndCRCWorkInPieces() throws {
        let url = try #require(Bundle.module.url(forResource: "deflated", withExtension: "npz", subdirectory: "Resources"))
        let bytes = try [UInt8](Data(contentsOf: url))
        func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        // The first local header (numpy writes ZIP64 sizes: 0xFFFFFFFF, then an extra field
        // with tag 1 holding the uncompressed and compressed sizes).
        #expect(u32(0) == 0x0403_4B50 && u16(8) == 8 && u32(18) == 0xFFFF_FFFF)
        let extra = 30 + u16(26)
        #expect(u16(extra) == 1 && u16(extra + 2) == 16)
        let size = u32(extra + 4), compressed = u32(extra + 12), crc = UInt32(u32(14))
        let start = extra + u16(28)
        let data = bytes[start..<start + compressed]
        let whole = try Inflater.inflate(data, expectedSize: size, source: "m")
        #expect(whole.count == size)
        #expect(Inflater.crc32(of: whole) == crc)
        for piece in [1, 3, 7, 64, 4096] {
            #expect(try Inflater.inflate(data, expectedSize: size, source: "m", chunk: piece) == whole)
            #expect(Inflater.crc32(of: whole, chunk: piece) == crc)
        }
        #expect(Inflater.crc32(of: []) == 0)
        #expect(throws: NumPyFormatError.self) { try Inflater.inflate(data, expectedSize: size - 1, source: "m", chunk: 5) }
        #expect(throws: NumPyFormatError.self) { try Inflater.inflate(data, expectedSize: size + 1, source: "m", chunk: 5) }
        #expect(throws: NumPyFormatError.self) { try Inflater.inflate(data.dropLast(3), expectedSize: size, source: "m", chunk: 5) }
        #expect(throws: NumPyFormatError.self) { try Inflater.inflate([], expectedSize: 0, source: "m") }
    }

    @Test func userErrorsPrintAsOneLine() {
        #expect(InputError("a.yaml: unknown factor 'x\ny'").oneLineDescription == "a.yaml: unknown factor 'x\\ny'")
        #expect(ConfigError(file: "f\r", path: "k\u{1B}", "bad\u{2028}").oneLineDescription == "f\\r: k\\u{1B}: bad\\u{2028}")
        #expect(InputError("tab\tand é stay").oneLineDescription == "tab\tand é stay")
    }
}
