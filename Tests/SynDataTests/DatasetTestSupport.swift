import Foundation
import SynCore
@testable import SynData

#if canImport(Glibc)
import Glibc
#endif

/// A minimal generator for testing SynData on its own: a sine of `frequency` Hz and
/// `amplitude`, `length` samples long, plus uniform noise of peak `noise` drawn from the item
/// stream (so stream handling is exercised). Its lengths vary per item when `length` is a
/// factor.
///
/// With `extras: true` it also emits what a speech generator does: a side file per item
/// (`labels/NNN/NNNNNN.txt`, a line naming the item and its first sample) and three extra
/// metadata columns (`label`: text with a comma and a quote, `samples`: integer, `rms`:
/// number measured on the rendered audio). `gain: rendered` takes the headroom gain from
/// rendered peaks of every item, `gain: calibration` from 3 items with a 10 % margin.
struct SineTestGenerator: DatasetGenerator {
    let config: DatasetConfig
    let extras: Bool
    let gainSource: GainSource
    var generatorName: String { "test-sine" }
    var generatorVersion: String { "1" }
    var resolvedExtras: [(String, JSONValue)] {
        [("extras", .bool(extras)), ("gain", .string(gainSource == .peakBound ? "bound" : "rendered"))]
    }
    var fixedDuration: Double? { nil }
    var extraColumns: [ExtraColumn] {
        extras ? [ExtraColumn(name: "label", kind: .text), ExtraColumn(name: "samples", kind: .integer),
                  ExtraColumn(name: "rms", kind: .number)] : []
    }
    var sideFiles: [SideFileKind] { extras ? [SideFileKind(folder: "labels", fileExtension: "txt")] : [] }

    static let schema = [
        FactorSchema(name: "kind", unit: "", labels: ["plain", "loud"], defaultValue: 0, summary: "x2 when loud"),
        FactorSchema(name: "frequency", unit: "Hz", defaultValue: 100, isPitch: true, summary: "sine frequency"),
        FactorSchema(name: "amplitude", unit: "linear", defaultValue: 0.5, summary: "sine amplitude"),
        FactorSchema(name: "length", unit: "samples", defaultValue: 64, summary: "item length"),
        FactorSchema(name: "noise", unit: "linear", defaultValue: 0, summary: "uniform noise peak"),
    ]

    static func make(_ yaml: String, file: String = "test.yaml") throws -> SineTestGenerator {
        let root = try ConfigValue.parseYAML(yaml, file: file)
        let config = try DatasetConfig.decode(file: file, root: root, schema: schema, defaultSampleRate: 8000,
                                              extraKeys: ["extras", "gain"])
        let extras = try config.root.optional("extras").map { try $0.bool() } ?? false
        var source = GainSource.peakBound
        if let g = config.root.optional("gain") {
            switch try g.choice(["bound", "rendered", "calibration"]) {
            case "rendered": source = .rendered(calibrationItems: nil, margin: 0)
            case "calibration": source = .rendered(calibrationItems: 3, margin: 0.1)
            default: break
            }
        }
        return SineTestGenerator(config: config, extras: extras, gainSource: source)
    }

    struct Item: Sendable {
        var amplitude, frequency, noise: Double
        var length: Int
        var label: String
    }

    func value(_ name: String, _ values: [Double]) -> Double {
        if let k = config.factors.firstIndex(where: { $0.name == name }) { return values[k] }
        return config.constant(name) ?? 0
    }

    func prepare(values: [Double], rng: inout Xoshiro256StarStar) -> Item {
        let kind = value("kind", values)
        return Item(amplitude: (kind + 1) * value("amplitude", values), frequency: value("frequency", values),
                    noise: value("noise", values), length: Int(value("length", values)),
                    label: "\(kind == 0 ? "plain" : "loud"), \"\(FactorSpec.format(value("frequency", values)))\" Hz")
    }

    func sampleCount(of item: Item) -> Int { item.length }
    func peakBound(of item: Item) -> Double { item.amplitude + item.noise }
    func problems(of item: Item) -> [ItemProblem] {
        item.length < 1 ? [ItemProblem("length \(item.length) must be at least 1", factors: ["length"])] : []
    }
    func render(_ item: Item, gain: Double, rng: inout Xoshiro256StarStar, into output: inout RenderedItem) {
        output.reserve(samples: item.length)
        var power = 0.0
        for j in 0..<item.length {
            let x = item.amplitude * sin(2 * Double.pi * item.frequency * Double(j) / Double(config.sampleRate))
            let s = Float(gain * (x + item.noise * (2 * rng.nextDouble() - 1)))
            output.samples[j] = s
            power += Double(s) * Double(s)
        }
        guard extras else { return }
        output.sideFiles[0] = Array("\(item.label): \(item.length) samples, first \(output.samples[0])\n".utf8)
        output.columns = [.text(item.label), .integer(item.length), .number((power / Double(item.length)).squareRoot())]
    }
}

/// A fresh temporary folder removed when the value is released.
final class TempFolder {
    let path: String
    init() {
        path = NSTemporaryDirectory() + "synbench-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func sub(_ name: String) -> String { path + "/" + name }
}

/// Every regular file under `folder` (relative path -> bytes), for byte-identity checks.
func folderContents(_ folder: String) -> [String: Data] {
    var out: [String: Data] = [:]
    let fm = FileManager.default
    for case let rel as String in fm.enumerator(atPath: folder) ?? FileManager.DirectoryEnumerator() {
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: folder + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
            out[rel] = fm.contents(atPath: folder + "/" + rel)
        }
    }
    return out
}

/// Generates `generator`'s dataset into `out`.
@discardableResult
func generate<G: DatasetGenerator>(_ generator: G, into out: String, jobs: Int = 2, shard: ShardSpec? = nil,
              limit: Int? = nil) throws -> DatasetPlan {
    let plan = try DatasetSurvey.plan(for: generator, limit: limit, jobs: jobs)
    _ = try DatasetRenderer.run(generator: generator, plan: plan, out: out,
                                options: RenderOptions(jobs: jobs, shard: shard, quiet: true, handleSignals: false))
    return plan
}

let sineYAML = """
generator: test-sine
name: sines
seed: 5
constants: {noise: 0.01}
factors:
  - name: kind
    values: [plain, loud]
  - name: frequency
    linear: {start: 100, stop: 400, count: 3}
  - name: length
    values: [40, 64, 33]
"""

/// Replaces the value at `path` (object keys, or decimal indices into arrays) of `value`.
func edited(_ value: JSONValue, _ path: [String], _ replacement: JSONValue) -> JSONValue {
    guard let key = path.first else { return replacement }
    let rest = Array(path.dropFirst())
    switch value {
    case let .object(pairs):
        return .object(pairs.map { $0.0 == key ? ($0.0, edited($0.1, rest, replacement)) : $0 })
    case let .array(items):
        guard let i = Int(key), items.indices.contains(i) else { return value }
        var copy = items
        copy[i] = edited(items[i], rest, replacement)
        return .array(copy)
    default:
        return value
    }
}
