import Foundation
import SynCore

/// The pass over every item that comes before any rendering: it refuses items the
/// generator cannot render, picks the headroom gain from the largest peak, finds the longest
/// item, and counts unidentifiable items. Factor values only; nothing is rendered, so it is
/// fast and memory stays flat.
public enum DatasetSurvey {
    /// Surveys the whole dataset of `generator` (always all items, so a `--limit` or a shard
    /// gets exactly the bytes of the full run) and returns its plan.
    public static func plan(for generator: any DatasetGenerator, limit: Int? = nil,
                            jobs: Int = defaultJobCount) throws -> DatasetPlan {
        let config = generator.config
        let sampler = generator.sampler
        let k = config.factors.count
        let checked = generator.identifiabilityChecked
        struct Partial {
            var problem: (item: Int, reason: String)?
            var peak = 0.0
            var peakItem = 0
            var maxSamples = 0
            var unidentifiable: [Int]
        }
        let total = Locked(Partial(unidentifiable: [Int](repeating: 0, count: k)))
        let chunk = 256
        let chunks = (sampler.count + chunk - 1) / chunk
        try WorkerPool.run(count: chunks, jobs: jobs, chunk: 1, makeState: { () }) { _, c in
            var part = Partial(unidentifiable: [Int](repeating: 0, count: k))
            var indices = [Int32](repeating: 0, count: k)
            var values = [Double](repeating: 0, count: k)
            indices.withUnsafeMutableBufferPointer { ib in
                values.withUnsafeMutableBufferPointer { vb in
                    let v = UnsafeBufferPointer(vb)
                    for i in (c * chunk)..<min((c + 1) * chunk, sampler.count) {
                        _ = sampler.item(i, indices: ib, values: vb)
                        if part.problem == nil, let reason = generator.problem(values: v) {
                            part.problem = (i, reason)
                            break
                        }
                        let p = generator.peak(values: v)
                        if p > part.peak { part.peak = p; part.peakItem = i }
                        part.maxSamples = max(part.maxSamples, generator.sampleCount(values: v))
                        if !checked.isEmpty {
                            for col in generator.unidentifiableFactors(values: v) { part.unidentifiable[col] += 1 }
                        }
                    }
                }
            }
            total.withLock { t in
                if let p = part.problem, t.problem == nil || p.item < t.problem!.item { t.problem = p }
                if part.peak > t.peak || (part.peak == t.peak && part.peakItem < t.peakItem) {
                    t.peak = part.peak; t.peakItem = part.peakItem
                }
                t.maxSamples = max(t.maxSamples, part.maxSamples)
                for col in 0..<k { t.unidentifiable[col] += part.unidentifiable[col] }
            }
        }
        let result = total.withLock { $0 }
        if let (item, reason) = result.problem {
            throw ConfigError(file: config.file, path: itemPath(config, sampler, item, reason: reason),
                              "\(reason) (item \(item): \(describe(config, sampler, item)))")
        }

        let gain: Double
        switch config.headroom {
        case .auto:
            gain = result.peak > 0 ? HeadroomSetting.autoTargetPeak / result.peak : 1
        case let .gain(g):
            gain = g
            if config.format.clips, g * result.peak > 1 {
                throw ConfigError(file: config.file, path: itemPath(config, sampler, result.peakItem, prefer: "amplitude"),
                                  "with headroom \(FactorSpec.format(g)) item \(result.peakItem) (\(describe(config, sampler, result.peakItem))) peaks at \(String(format: "%.3g", g * result.peak)) > 1 and would clip in \(config.format.rawValue); use headroom: auto, a gain of at most \(String(format: "%.4g", 1 / result.peak)), or format: float32")
            }
        }

        var ident: [(String, JSONValue)] = []
        for col in checked {
            let n = result.unidentifiable[col]
            ident.append((config.factors[col].name, .object([
                ("unidentifiable", .integer(n)), ("total", .integer(sampler.count)),
                ("fraction", .number(sampler.count > 0 ? Double(n) / Double(sampler.count) : 0)),
            ])))
        }

        var resolved = config.resolvedCommon
        resolved += generator.resolvedExtras
        resolved.append(("constants", .object(config.constants.map { ($0.name, JSONValue.optionalNumber($0.value)) })))
        resolved.append(("factors", .array(config.factors.map(resolvedFactor))))

        return DatasetPlan(
            name: config.name, generatorName: generator.generatorName,
            generatorVersion: generator.generatorVersion, sampleRate: config.sampleRate,
            duration: generator.fixedDuration, count: sampler.count, seed: config.seed,
            sampling: config.sampling, factors: config.factors,
            constants: .object(config.constants.map { ($0.name, JSONValue.optionalNumber($0.value)) }),
            config: .object(resolved), format: config.format, layout: config.layout,
            headroom: config.headroom, gain: gain, peak: result.peak, maxSamples: result.maxSamples,
            identifiability: .object(ident), limit: limit.map { min($0, sampler.count) })
    }

    /// The factor as the resolved config records it (its spacing, values or range).
    static func resolvedFactor(_ f: FactorSpec) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("name", .string(f.name)), ("kind", .string(f.kind.rawValue))]
        switch f.domain {
        case let .discrete(values, labels):
            if case let .object(s) = f.spacing {
                pairs += s
            } else if let labels {
                pairs.append(("values", .array(labels.map(JSONValue.string))))
            } else {
                pairs.append(("values", .array(values.map(JSONValue.number))))
            }
        case let .uniform(lower, upper, logScale, bins):
            pairs.append(("random", .object([("min", .number(lower)), ("max", .number(upper)),
                                             ("scale", .string(logScale ? "log" : "linear")), ("bins", .integer(bins))])))
        }
        return .object(pairs)
    }

    /// `name=value` pairs of an item, for messages.
    static func describe(_ config: DatasetConfig, _ sampler: ItemSampler, _ item: Int) -> String {
        let (idx, values) = sampler.item(item)
        return config.factors.indices.map {
            "\(config.factors[$0].name)=\(config.factors[$0].text(of: values[$0], index: Int(idx[$0])))"
        }.joined(separator: ", ")
    }

    /// The key path most likely responsible for an item's problem: the `prefer`red factor
    /// when listed, else the first listed factor, else `factors`.
    static func itemPath(_ config: DatasetConfig, _ sampler: ItemSampler, _ item: Int, prefer: String? = nil,
                         reason: String = "") -> String {
        let (idx, _) = sampler.item(item)
        // A generator's reason starts with the quantity at fault ("frequency 8000 Hz ..."):
        // point at the factor or constant of that name when there is one.
        let spoken = { (name: String) in name.replacingOccurrences(of: "_", with: " ") }
        if let k = config.factors.firstIndex(where: { reason.hasPrefix(spoken($0.name) + " ") }) {
            return config.factors[k].valuePath(Int(idx[k]))
        }
        let firstWord = { (name: String) in String(name.split(separator: "_").first ?? "") }
        if let k = config.factors.firstIndex(where: { $0.levelCount > 1 && reason.contains(firstWord($0.name)) }) {
            return config.factors[k].valuePath(Int(idx[k]))
        }
        if let c = config.constants.first(where: { reason.hasPrefix(spoken($0.name) + " ") }) {
            return c.keyPath.isEmpty ? "constants.\(c.name)" : c.keyPath
        }
        if let prefer {
            if let k = config.factors.firstIndex(where: { $0.name == prefer }) {
                return config.factors[k].valuePath(Int(idx[k]))
            }
            if let c = config.constants.first(where: { $0.name == prefer }), !c.keyPath.isEmpty { return c.keyPath }
            return "headroom"
        }
        return "factors"
    }
}
