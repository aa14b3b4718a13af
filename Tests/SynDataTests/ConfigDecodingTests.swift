import Foundation
import Testing
import SynCore
@testable import SynData

@Suite struct ConfigDecodingTests {
    func error(_ yaml: String) -> String? {
        do {
            _ = try SineTestGenerator.make(yaml, file: "x.yaml")
            return nil
        } catch let e as ConfigError {
            return e.description
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test func yamlScalarsKeepTheirTypes() throws {
        let v = try ConfigValue.parseYAML("a: 440\nb: '440'\nc: 1.5e3\nd: true\ne: null\nf: [1, x]", file: "t")
        guard case let .map(pairs) = v else { Issue.record("not a map"); return }
        #expect(pairs.map(\.0) == ["a", "b", "c", "d", "e", "f"])
        #expect(pairs[0].1 == .integer(440))
        #expect(pairs[1].1 == .string("440"))
        #expect(pairs[2].1 == .number(1500))
        #expect(pairs[3].1 == .bool(true))
        #expect(pairs[4].1 == .null)
        #expect(pairs[5].1 == .list([.integer(1), .string("x")]))
    }

    @Test func badInputNamesFileAndKeyPath() {
        let head = "generator: test-sine\n"
        let cases: [(String, String)] = [
            (head + "colour: red\nfactors: [{name: frequency, values: [1]}]", "x.yaml: colour: unknown key"),
            (head + "factors: [{name: frequency, values: [1, loud]}]", "x.yaml: factors[0].values[1]: must be a number"),
            (head + "factors: [{name: frequency, values: []}]", "x.yaml: factors[0].values: must not be empty"),
            (head + "factors: [{name: frequency, linear: {start: 1, stop: 2, count: 0}}]",
             "x.yaml: factors[0].linear.count: must be a positive integer, got 0"),
            (head + "factors: [{name: frequency, linear: {start: 1, stop: 2, count: 2, endpont: false}}]",
             "x.yaml: factors[0].linear.endpont: unknown key"),
            (head + "sample_rate: 4000\nfactors: [{name: frequency, values: [1]}]", "x.yaml: sample_rate: must be between 8000 and 192000"),
            (head + "factors: [{name: pitch, values: [1]}]", "x.yaml: factors[0].name: unknown factor 'pitch'"),
            (head + "factors: [{name: kind, values: [plain, purple]}]", "x.yaml: factors[0].values[1]: unknown kind 'purple'"),
            (head + "factors: [{name: frequency, values: [1, 1]}]", "x.yaml: factors[0].values[1]: repeats"),
            (head + "factors: [{name: frequency, random: {min: 1, max: 2}}]", "x.yaml: factors[0].random: a random range needs sampling: random"),
            (head + "factors: [{name: amplitude, midi: {start: 60, stop: 72, count: 2}}]", "x.yaml: factors[0].midi: midi ranges are only"),
            (head + "factors: [{name: frequency, values: [1]}]\nconstants: {frequency: 3}", "x.yaml: constants.frequency: 'frequency' is also listed"),
            (head + "sampling: random\nfactors: [{name: frequency, values: [1]}]", "x.yaml: count: is required"),
            (head + "count: 5\nfactors: [{name: frequency, values: [1]}]", "x.yaml: count: only applies to sampling: random"),
            (head + "layout: npy\nformat: pcm16\nfactors: [{name: frequency, values: [1]}]", "x.yaml: format: layout: npy always stores float32"),
            (head + "headroom: -1\nfactors: [{name: frequency, values: [1]}]", "x.yaml: headroom: must be auto or a positive gain"),
            ("factors: [{name: frequency, values: [1]}]", "x.yaml: generator: is required"),
            (head + "factors: {name: frequency}", "x.yaml: factors: must be a list"),
        ]
        for (yaml, expected) in cases {
            let message = error(yaml)
            #expect(message?.hasPrefix(expected) == true, "\(expected) -> \(message ?? "no error")")
            #expect(message?.contains("\n") == false)
        }
    }

    @Test func linearGridMatchesNumPy() {
        // numpy.linspace values, printed by References/value_grid_numpy.py (NumPy 1.26/2.x).
        #expect(ValueGrid.linear(start: 0.1, stop: 1.0, count: 20, endpoint: true)[7] == 0.43157894736842106)
        #expect(ValueGrid.linear(start: 440, stop: 8000, count: 400, endpoint: false)[123] == 2764.7)
        #expect(ValueGrid.linear(start: 440, stop: 8000, count: 400, endpoint: true)[399] == 8000)
        #expect(ValueGrid.linear(start: 440, stop: 8000, count: 400, endpoint: true)[257] == 5309.473684210526)
        let g = ValueGrid.logarithmic(start: 110, stop: 1500, count: 5, endpoint: true)
        #expect(g.first == 110 && g.last == 1500)
        #expect(abs(g[2] - (110 * 1500).squareRoot()) < 1e-9)
        #expect(abs(ValueGrid.midi(start: 57, stop: 69, count: 2, endpoint: true)[0] - 220) < 1e-12)
    }

    @Test func constantsAndDefaultsResolve() throws {
        let g = try SineTestGenerator.make("generator: test-sine\nconstants: {amplitude: 0.25}\nfactors: [{name: frequency, values: [1, 2]}]")
        #expect(g.config.constant("amplitude") == 0.25)
        #expect(g.config.constant("length") == 64)
        #expect(g.config.name == "test")
        #expect(g.config.seed == 0 && g.config.sampleRate == 8000 && g.config.format == .pcm16)
    }

    @Test func presetLocatorFindsBareNames() throws {
        let tmp = TempFolder()
        try FileManager.default.createDirectory(atPath: tmp.sub("configs"), withIntermediateDirectories: true)
        try "generator: x\n".write(toFile: tmp.sub("configs/mine.yaml"), atomically: true, encoding: .utf8)
        #expect(try PresetLocator.resolve("mine", folders: [tmp.sub("configs")]) == tmp.sub("configs/mine.yaml"))
        #expect(throws: ConfigError.self) { try PresetLocator.resolve("absent", folders: [tmp.sub("configs")]) }
    }

    @Test func shardSpecParsing() throws {
        #expect(try ShardSpec.parse("1/3") == ShardSpec(index: 1, count: 3))
        #expect(try ShardSpec.parse("0/1") == nil)
        #expect(throws: InputError.self) { try ShardSpec.parse("3/2") }
        #expect(throws: InputError.self) { try ShardSpec.parse("a/b") }
        #expect(try ShardSpec.parse("auto", environment: ["SLURM_ARRAY_TASK_ID": "2", "SLURM_ARRAY_TASK_COUNT": "4"])
                == ShardSpec(index: 2, count: 4))
        #expect(try ShardSpec.parse("auto", environment: ["JOB_COMPLETION_INDEX": "1", "SYNBENCH_SHARD_COUNT": "3"])
                == ShardSpec(index: 1, count: 3))
        #expect(try ShardSpec.parse("auto", environment: ["JOB_COMPLETION_INDEX": "1"], autoCount: 2) == ShardSpec(index: 1, count: 2))
        #expect(throws: InputError.self) { try ShardSpec.parse("auto", environment: ["JOB_COMPLETION_INDEX": "1"]) }
        #expect(throws: InputError.self) { try ShardSpec.parse("auto", environment: [:]) }
        let s = ShardSpec(index: 2, count: 3)
        #expect(s.itemCount(of: 10) == 3 && s.item(at: 2) == 8)
    }
}
