import Foundation
@testable import SynCore

#if canImport(Glibc)
import Glibc
#endif

/// A minimal generator for testing SynCore on its own: a sine of `frequency` Hz and
/// `amplitude`, `length` samples long, plus uniform noise of peak `noise` drawn from the item
/// stream (so stream handling is exercised).
struct SineTestGenerator: DatasetGenerator {
    let config: DatasetConfig
    var generatorName: String { "test-sine" }
    var generatorVersion: String { "1" }
    var resolvedExtras: [(String, JSONValue)] { [] }
    var fixedDuration: Double? { nil }
    var identifiabilityChecked: [Int] { [] }

    static let schema = [
        FactorSchema(name: "kind", unit: "", labels: ["plain", "loud"], defaultValue: 0, summary: "x2 when loud"),
        FactorSchema(name: "frequency", unit: "Hz", defaultValue: 100, isPitch: true, summary: "sine frequency"),
        FactorSchema(name: "amplitude", unit: "linear", defaultValue: 0.5, summary: "sine amplitude"),
        FactorSchema(name: "length", unit: "samples", defaultValue: 64, summary: "item length"),
        FactorSchema(name: "noise", unit: "linear", defaultValue: 0, summary: "uniform noise peak"),
    ]

    static func make(_ yaml: String, file: String = "test.yaml") throws -> SineTestGenerator {
        let root = try ConfigValue.parseYAML(yaml, file: file)
        return SineTestGenerator(config: try DatasetConfig.decode(
            file: file, root: root, schema: schema, defaultSampleRate: 8000, extraKeys: []))
    }

    func value(_ name: String, _ values: UnsafeBufferPointer<Double>) -> Double {
        if let k = config.factors.firstIndex(where: { $0.name == name }) { return values[k] }
        return config.constant(name) ?? 0
    }

    func sampleCount(values: UnsafeBufferPointer<Double>) -> Int { Int(value("length", values)) }
    func peak(values: UnsafeBufferPointer<Double>) -> Double {
        (value("kind", values) + 1) * value("amplitude", values) + value("noise", values)
    }
    func problem(values: UnsafeBufferPointer<Double>) -> String? {
        value("length", values) < 1 ? "length must be at least 1" : nil
    }
    func render(values: UnsafeBufferPointer<Double>, gain: Double, rng: inout Xoshiro256StarStar,
                into out: UnsafeMutableBufferPointer<Float>) -> Int {
        let n = sampleCount(values: values)
        let a = (value("kind", values) + 1) * value("amplitude", values)
        let f = value("frequency", values), noise = value("noise", values)
        for j in 0..<n {
            let x = a * sin(2 * Double.pi * f * Double(j) / Double(config.sampleRate))
            out[j] = Float(gain * (x + noise * (2 * rng.nextDouble() - 1)))
        }
        return n
    }
    func unidentifiableFactors(values: UnsafeBufferPointer<Double>) -> [Int] { [] }
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
func generate(_ generator: any DatasetGenerator, into out: String, jobs: Int = 2, shard: ShardSpec? = nil,
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
