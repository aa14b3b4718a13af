import Foundation
import SynCore

/// The pass over every item that comes before any rendering: it refuses items the
/// generator cannot render, picks the headroom gain from the largest peak, finds the longest
/// item, and counts unidentifiable items. Factor values only; nothing is rendered, so it is
/// fast and memory stays flat.
public enum DatasetSurvey {
    /// Surveys the whole dataset of `generator` (always all items, so a `--limit` or a shard
    /// gets exactly the bytes of the full run) and returns its plan.
    ///
    /// Every item is prepared once: its problems stop the survey (the first item's, naming
    /// its factor's key path), its length and, for ``GainSource/peakBound``, its peak bound
    /// are collected. With ``GainSource/rendered(calibrationItems:margin:)`` the items of the
    /// calibration set are also rendered at gain 1 and their measured peaks used instead.
    public static func plan<G: DatasetGenerator>(for generator: G, limit: Int? = nil,
                                                 jobs: Int = defaultJobCount) throws -> DatasetPlan {
        let config = generator.config
        let sampler = generator.sampler
        try checkDeclarations(of: generator)
        let k = config.factors.count
        let checked = generator.identifiabilityChecked
        let source = generator.gainSource
        let calibration = CalibrationSet(source: source, count: sampler.count)
        let total = Locked(Partial(unidentifiable: [Int](repeating: 0, count: k)))
        // Only layout npy needs every item's length (for offsets.npy); files need none, so
        // their survey stays flat in memory however many items there are.
        let keepLengths = config.layout == .npy
        let lengths = Locked([Int](repeating: 0, count: keepLengths ? sampler.count : 0))
        let chunk = 256
        let chunks = (sampler.count + chunk - 1) / chunk
        try WorkerPool.run(count: chunks, jobs: jobs, chunk: 1, makeState: { RenderedItem(generator: generator) }) { output, c in
            var part = Partial(unidentifiable: [Int](repeating: 0, count: k))
            var indices = [Int32](repeating: 0, count: k)
            var values = [Double](repeating: 0, count: k)
            let range = (c * chunk)..<min((c + 1) * chunk, sampler.count)
            var local = [Int](repeating: 0, count: keepLengths ? range.count : 0)
            for i in range {
                var rng = sampler.item(i, indices: &indices, values: &values)
                let item = generator.prepare(values: values, rng: &rng)
                if let first = generator.problems(of: item).first {
                    part.problem = (i, first)
                    break
                }
                let n = generator.sampleCount(of: item)
                if keepLengths { local[i - range.lowerBound] = n }
                part.minSamples = min(part.minSamples, n)
                part.maxSamples = max(part.maxSamples, n)
                let p: Double
                switch source {
                case .peakBound:
                    p = generator.peakBound(of: item)
                case .rendered:
                    guard calibration.contains(i) else { p = 0; break }
                    output.reserve(samples: n)
                    generator.render(item, gain: 1, rng: &rng, into: &output)
                    p = Double(output.peak)
                }
                if p > part.peak { part.peak = p; part.peakItem = i }
                if !checked.isEmpty {
                    for col in generator.unidentifiableFactors(of: item) { part.unidentifiable[col] += 1 }
                }
            }
            if keepLengths {
                lengths.withLock { all in
                    for (j, n) in local.enumerated() { all[range.lowerBound + j] = n }
                }
            }
            total.withLock { t in
                if let p = part.problem, t.problem.map({ p.item < $0.item }) ?? true { t.problem = p }
                if part.peak > t.peak || (part.peak == t.peak && part.peakItem < t.peakItem) {
                    t.peak = part.peak; t.peakItem = part.peakItem
                }
                t.minSamples = min(t.minSamples, part.minSamples)
                t.maxSamples = max(t.maxSamples, part.maxSamples)
                for col in 0..<k { t.unidentifiable[col] += part.unidentifiable[col] }
            }
        }
        let result = total.withLock { $0 }
        if let (item, problem) = result.problem {
            throw ConfigError(file: config.file, path: keyPath(config, sampler, item, factors: problem.factors),
                              "\(problem.message) (item \(item): \(describe(config, sampler, item)))")
        }

        let gain: Double
        switch config.headroom {
        case .auto:
            var target = HeadroomSetting.autoTargetPeak
            if case let .rendered(_, margin) = source { target *= 1 - margin }
            gain = result.peak > 0 ? target / result.peak : 1
        case let .gain(g):
            gain = g
            if config.format.clips, g * result.peak > 1 {
                throw ConfigError(file: config.file, path: "headroom",
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
        let constants = JSONValue.object(config.constants.map { ($0.name, JSONValue.optionalNumber($0.value)) })
        resolved.append(("constants", constants))
        resolved.append(("factors", .array(config.factors.map(resolvedFactor))))

        let cappedLimit = limit.map { min($0, sampler.count) }
        let itemCount = cappedLimit ?? sampler.count
        let ragged = keepLengths && sampler.count > 0 && result.minSamples != result.maxSamples
        let allLengths = ragged ? lengths.withLock { $0 } : nil
        var totalSamples = 0
        if keepLengths {
            var overflow = false
            if let allLengths {
                for n in allLengths.prefix(itemCount) where !overflow { (totalSamples, overflow) = totalSamples.addingReportingOverflow(n) }
            } else {
                (totalSamples, overflow) = itemCount.multipliedReportingOverflow(by: result.maxSamples)
            }
            if overflow || totalSamples > DatasetPlan.maximumTotalSamples {
                throw ConfigError(file: config.file, path: "layout",
                                  "the items hold more than \(DatasetPlan.maximumTotalSamples) samples, too many for one waveforms.npy; use layout: files")
            }
        }
        return DatasetPlan(
            name: config.name, generatorName: generator.generatorName,
            generatorVersion: generator.generatorVersion, sampleRate: config.sampleRate,
            duration: generator.fixedDuration, count: sampler.count, seed: config.seed,
            sampling: config.sampling, factors: config.factors,
            constants: constants,
            config: .object(resolved), format: config.format, layout: config.layout,
            headroom: config.headroom, gain: gain, peak: result.peak, maxSamples: result.maxSamples,
            ragged: ragged, totalSamples: ragged ? totalSamples : nil,
            lengths: allLengths, extraColumns: generator.extraColumns, sideFiles: generator.sideFiles,
            gainSource: source, identifiability: .object(ident), limit: cappedLimit)
    }

    /// Refuses declarations that would make an unreadable dataset (a generator bug, not the
    /// user's): duplicate or clashing column names, unsafe side-file names.
    static func checkDeclarations<G: DatasetGenerator>(of generator: G) throws {
        var names = Set(["file_name", "row"])
        for f in generator.config.factors { names.insert(f.name); names.insert(f.name + "_idx") }
        for c in generator.extraColumns {
            guard names.insert(c.name).inserted, !c.name.isEmpty else {
                throw GeneratorError("generator \(generator.generatorName): column '\(c.name)' is empty or clashes with another metadata.csv column")
            }
        }
        var folders = Set(["audio"])
        for f in generator.sideFiles {
            guard SideFileKind.isSafeName(f.folder), SideFileKind.isSafeName(f.fileExtension),
                  folders.insert(f.folder).inserted else {
                throw GeneratorError("generator \(generator.generatorName): side-file folder '\(f.folder)' or extension '\(f.fileExtension)' is not a plain unique name")
            }
        }
        if case let .rendered(items, margin) = generator.gainSource {
            guard items.map({ $0 > 0 }) ?? true, margin >= 0, margin < 1 else {
                throw GeneratorError("generator \(generator.generatorName): calibration needs at least one item and a margin in [0, 1)")
            }
        }
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

    /// The key path of the factors responsible for an item's problem: the first of `factors`
    /// that the config lists with more than one value, else the first it lists at all, else
    /// the first constant it sets, else `fallback`.
    static func keyPath(_ config: DatasetConfig, _ sampler: ItemSampler, _ item: Int, factors names: [String],
                        fallback: String = "factors") -> String {
        let (idx, _) = sampler.item(item)
        let listed = names.compactMap { name in config.factors.firstIndex { $0.name == name } }
        if let k = listed.first(where: { config.factors[$0].levelCount > 1 }) ?? listed.first {
            return config.factors[k].valuePath(Int(idx[k]))
        }
        for name in names {
            if let c = config.constants.first(where: { $0.name == name }), !c.keyPath.isEmpty { return c.keyPath }
        }
        if let name = names.first, DatasetConfig.commonKeys.contains(name) || config.root.has(name) { return name }
        return fallback
    }
}

/// What the survey gathers over a range of items.
private struct Partial {
    var problem: (item: Int, problem: ItemProblem)?
    var peak = 0.0
    var peakItem = 0
    var minSamples = Int.max
    var maxSamples = 0
    var unidentifiable: [Int]
}

/// The items whose rendered peaks set a ``GainSource/rendered(calibrationItems:margin:)`` gain:
/// all, or `m` items spread evenly, item `floor(j * N / m)` for j in 0..<m (exact integers).
struct CalibrationSet {
    private let size: Int?
    private let count: Int

    init(source: GainSource, count: Int) {
        self.count = count
        if case let .rendered(items?, _) = source, items < count { size = items } else { size = nil }
    }

    /// True when item `i` is in the set.
    func contains(_ i: Int) -> Bool {
        guard let m = size else { return true }
        // The smallest j with floor(j * N / m) >= i is ceil(i * m / N); i is in the set when
        // that j lands exactly on i. N <= 2^31, so i * m stays far from overflow.
        let j = (i * m + count - 1) / count
        return j < m && j * count / m == i
    }
}
