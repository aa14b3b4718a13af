import Foundation
import SynCore

/// Everything that determines a dataset's bytes, resolved before anything is rendered:
/// the config, the factors, the headroom gain, the longest item. It is what dataset.json
/// records, and it can be read back from dataset.json (merge and verify need no generator).
public struct DatasetPlan: Sendable {
    /// Dataset name.
    public var name: String
    /// Generator name (`syntone`).
    public var generatorName: String
    /// Generator version (bumped whenever output bytes change).
    public var generatorVersion: String
    /// Sample rate in Hz.
    public var sampleRate: Int
    /// Duration of every item in seconds, or nil when it varies.
    public var duration: Double?
    /// Items in the full dataset.
    public var count: Int
    /// The seed.
    public var seed: UInt64
    /// Grid or random.
    public var sampling: Sampling
    /// Factors in column order.
    public var factors: [FactorSpec]
    /// The values of factors that are not listed (a JSON object; null = off).
    public var constants: JSONValue
    /// The resolved config (a JSON object).
    public var config: JSONValue
    /// Audio sample format of the files (float32 for layout npy).
    public var format: AudioFormat
    /// Storage layout.
    public var layout: DatasetLayout
    /// The headroom setting.
    public var headroom: HeadroomSetting
    /// The dataset-wide gain it resolved to (multiplies every item).
    public var gain: Double
    /// Max over items of the peak bound at gain 1 (before the headroom gain).
    public var peak: Double
    /// Samples of the longest item (the row length T of a fixed-length waveforms.npy).
    public var maxSamples: Int
    /// True when layout npy stores the items ragged (`waveforms.npy` 1-D, `offsets.npy`
    /// int64 [N + 1]) because their lengths differ; false for a fixed-length [N, T] matrix.
    public var ragged: Bool
    /// Samples of items `0..<itemCount` together (the length of a ragged waveforms.npy).
    public var totalSamples: Int
    /// Per-item sample counts of a ragged dataset (nil otherwise, and when read back from
    /// dataset.json: offsets.npy holds them then).
    public var lengths: [Int]?
    /// The generator's metadata.csv columns after the factor columns.
    public var extraColumns: [ExtraColumn]
    /// The generator's per-item side files.
    public var sideFiles: [SideFileKind]
    /// Where the gain came from.
    public var gainSource: GainSource
    /// `{"factor": {"unidentifiable": n, "total": N, "fraction": n/N}}` (an object).
    public var identifiability: JSONValue
    /// Renders only items `0..<limit` (for tries and tests); nil for all.
    public var limit: Int?

    /// The identifiability report as counts, one entry per factor in report order. Entries
    /// that are not whole-number counts are left out (a plan read from dataset.json has been
    /// checked, so there are none).
    public var identifiabilityCounts: [IdentifiabilityCount] {
        guard case let .object(entries) = identifiability else { return [] }
        return entries.compactMap { name, entry in
            guard let n = entry["unidentifiable"]?.integerValue, let total = entry["total"]?.integerValue,
                  n >= 0, total >= n else { return nil }
            return IdentifiabilityCount(factor: name, unidentifiable: n, total: total)
        }
    }

    /// Number of items actually in the folder: `min(count, limit)`.
    public var itemCount: Int { min(count, limit ?? count) }

    /// The most samples one waveforms.npy may hold (its bytes, header included, fit an Int).
    public static let maximumTotalSamples = (Int.max - (1 << 20)) / 4

    /// Where each item starts in waveforms.npy (layout npy): row i of a fixed-length matrix at
    /// i x T, or the offsets of a ragged file. nil when a fixed matrix would be larger than
    /// ``maximumTotalSamples`` (a damaged dataset.json).
    public func itemStarts(offsets: [Int]) -> ItemStarts? {
        if ragged { return ItemStarts(rowLength: nil, offsets: offsets) }
        let (total, overflow) = itemCount.multipliedReportingOverflow(by: maxSamples)
        guard !overflow, total <= DatasetPlan.maximumTotalSamples else { return nil }
        return ItemStarts(rowLength: maxSamples, offsets: [])
    }

    /// Folder names hold at most this many files.
    public static let filesPerFolder = 1000

    /// The sampler of the plan's factors.
    public var sampler: ItemSampler {
        ItemSampler(factors: factors, sampling: sampling, seed: seed)!
    }

    /// Digits in item file names: at least 6, more for datasets over a million items.
    public var fileDigits: Int { max(6, String(max(count - 1, 0)).count) }
    /// Digits in folder names: at least 3.
    public var folderDigits: Int { max(3, String(max(count - 1, 0) / DatasetPlan.filesPerFolder).count) }

    /// Path of item `i`'s folder relative to the dataset folder (`audio/000`).
    public func folder(of item: Int) -> String {
        "audio/" + DatasetPlan.padded(item / DatasetPlan.filesPerFolder, folderDigits)
    }

    /// Path of item `i`'s audio file relative to the dataset folder (`audio/000/000000.wav`).
    public func file(of item: Int) -> String {
        folder(of: item) + "/" + DatasetPlan.padded(item, fileDigits) + "." + format.fileExtension
    }

    /// Path of item `i`'s side file of kind `kind` (an index into ``sideFiles``), e.g.
    /// `textgrid/000/000000.TextGrid`.
    public func sideFile(_ kind: Int, of item: Int) -> String {
        let k = sideFiles[kind]
        return k.folder + "/" + DatasetPlan.padded(item / DatasetPlan.filesPerFolder, folderDigits) + "/"
            + DatasetPlan.padded(item, fileDigits) + "." + k.fileExtension
    }

    /// Every file item `i` has in SHA256SUMS order: its audio file (layout files) and then its
    /// side files.
    public func files(of item: Int) -> [String] {
        (layout == .files ? [file(of: item)] : []) + sideFiles.indices.map { sideFile($0, of: item) }
    }

    /// The whole-dataset audio files SHA256SUMS lists before the per-item files: waveforms.npy
    /// (and offsets.npy when ragged) for layout npy, none for layout files.
    public var leadingFiles: [String] {
        layout == .npy ? (ragged ? ["waveforms.npy", "offsets.npy"] : ["waveforms.npy"]) : []
    }

    /// Top-level folders that hold per-item files (`audio` for layout files, then the side
    /// files' folders).
    public var itemFolders: [String] { (layout == .files ? ["audio"] : []) + sideFiles.map(\.folder) }

    /// The item index and slot of a relative per-item path (slot 0 = audio for layout files,
    /// then one per side-file kind in order), or nil when it is not one of this plan's.
    public func item(ofPath path: String) -> (item: Int, slot: Int)? {
        let parts = path.split(separator: "/")
        guard parts.count == 3, let slot = itemFolders.firstIndex(of: String(parts[0])),
              let dot = parts[2].lastIndex(of: "."), let i = Int(parts[2][..<dot]),
              i >= 0, i < count, files(of: i)[slot] == path else { return nil }
        return (i, slot)
    }

    /// The item index of a relative audio path, or nil when it is not one of this plan's.
    public func item(ofFile path: String) -> Int? {
        guard layout == .files, let (i, slot) = item(ofPath: path), slot == 0 else { return nil }
        return i
    }

    /// Digests the journal keeps per item: the audio (or a row mark for layout npy) and one
    /// per side file.
    public var digestsPerItem: Int { 1 + sideFiles.count }

    static func padded(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// The identity that must match for a rerun to resume into a folder: generator,
    /// version and resolved config (the limit is not part of it).
    public var identity: JSONValue {
        .object([("generator", .string(generatorName)), ("version", .string(generatorVersion)),
                 ("config", config)])
    }

    /// The dataset.json document.
    public func json() -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("name", .string(name)),
            ("generator", .object([("name", .string(generatorName)), ("version", .string(generatorVersion))])),
            ("sample_rate", .integer(sampleRate)),
            ("duration", JSONValue.optionalNumber(duration)),
            ("count", .integer(itemCount)),
        ]
        if itemCount < count { pairs.append(("full_count", .integer(count))) }
        pairs += [
            ("seed", .integer(Int(truncatingIfNeeded: seed))),
            ("sampling", .string(sampling == .grid ? "grid" : "random")),
            ("config", config),
            ("factors", .array(factors.map(DatasetPlan.factorJSON))),
            ("constants", constants),
        ]
        // Keys only a generator with columns, side files or a rendered gain has, so the
        // dataset.json of every earlier SynTone config keeps its bytes.
        if !extraColumns.isEmpty {
            pairs.append(("columns", .array(extraColumns.map {
                .object([("name", .string($0.name)), ("kind", .string($0.kind.rawValue)), ("unit", .string($0.unit))])
            })))
        }
        if !sideFiles.isEmpty {
            pairs.append(("side_files", .array(sideFiles.map {
                .object([("folder", .string($0.folder)), ("extension", .string($0.fileExtension))])
            })))
        }
        var audio: [(String, JSONValue)] = [
                ("format", .string(format.rawValue)),
                ("container", .string(layout == .npy ? "npy" : format.fileExtension)),
                ("layout", .string(layout.rawValue)),
                ("channels", .integer(1)),
                ("bits_per_sample", .integer(layout == .npy ? 32 : format.bitsPerSample)),
                ("samples", .integer(maxSamples)),
                ("files_per_folder", .integer(DatasetPlan.filesPerFolder)),
        ]
        if ragged {
            audio += [("ragged", .bool(true)), ("total_samples", .integer(totalSamples))]
        }
        var headroomPairs: [(String, JSONValue)] = [
                ("setting", headroom.json),
                ("gain", .number(gain)),
                ("peak_before_gain", .number(peak)),
                ("peak_dbfs", JSONValue.optionalNumber(peak * gain > 0 ? 20 * log10(peak * gain) : nil)),
        ]
        if case let .rendered(items, margin) = gainSource {
            headroomPairs.append(("source", .object([
                ("kind", .string("rendered")), ("calibration_items", items.map(JSONValue.integer) ?? .null),
                ("margin", .number(margin)),
            ])))
        }
        pairs += [
            ("audio", .object(audio)),
            ("headroom", .object(headroomPairs)),
            ("identifiability", identifiability),
        ]
        return .object(pairs)
    }

    static func factorJSON(_ f: FactorSpec) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("name", .string(f.name)), ("kind", .string(f.kind.rawValue)),
                                            ("unit", .string(f.unit))]
        switch f.domain {
        case let .discrete(values, labels):
            if let labels {
                pairs.append(("values", .array(labels.map(JSONValue.string))))
                pairs.append(("codes", .array(values.map { Int(exactly: $0).map(JSONValue.integer) ?? .number($0) })))
            } else {
                pairs.append(("values", .array(values.map(JSONValue.number))))
            }
            if case .object = f.spacing { pairs.append(("spacing", f.spacing)) }
        case let .uniform(lower, upper, logScale, bins):
            pairs.append(("range", .array([.number(lower), .number(upper)])))
            pairs.append(("sampling", .string(logScale ? "log-uniform" : "uniform")))
            pairs.append(("bins", .integer(bins)))
        }
        return .object(pairs)
    }

    /// Reads a plan back from a dataset.json (or shard.json "dataset") document.
    /// `source` names the file in errors.
    public init(json: JSONValue, source: String) throws {
        func fail(_ what: String) -> InputError { InputError("\(source): \(what)") }
        func string(_ v: JSONValue?, _ key: String) throws -> String {
            guard case let .string(s)? = v else { throw fail("'\(key)' is missing or not a string") }
            return s
        }
        func int(_ v: JSONValue?, _ key: String) throws -> Int {
            guard case let .integer(i)? = v else { throw fail("'\(key)' is missing or not an integer") }
            return i
        }
        func number(_ v: JSONValue?, _ key: String) throws -> Double {
            guard let x = v?.doubleValue else { throw fail("'\(key)' is missing or not a number") }
            return x
        }
        name = try string(json["name"], "name")
        generatorName = try string(json["generator"]?["name"], "generator.name")
        generatorVersion = try string(json["generator"]?["version"], "generator.version")
        sampleRate = try int(json["sample_rate"], "sample_rate")
        guard sampleRate > 0 else { throw fail("'sample_rate' must be a positive number of Hz, got \(sampleRate)") }
        duration = json["duration"]?.doubleValue
        let items = try int(json["count"], "count")
        count = json["full_count"] == nil ? items : try int(json["full_count"], "full_count")
        guard items >= 0, items <= count else { throw fail("'count' (\(items)) must be in 0...\(count) (the full count)") }
        limit = items < count ? items : nil
        seed = UInt64(truncatingIfNeeded: try int(json["seed"], "seed"))
        config = json["config"] ?? .null
        constants = json["constants"] ?? .object([])
        let samplingName = try string(json["sampling"], "sampling")
        sampling = samplingName == "grid" ? .grid : .random(count: count)
        guard let fmt = AudioFormat(rawValue: try string(json["audio"]?["format"], "audio.format")),
              let lay = DatasetLayout(rawValue: try string(json["audio"]?["layout"], "audio.layout"))
        else { throw fail("unknown audio format or layout") }
        format = fmt
        layout = lay
        maxSamples = try int(json["audio"]?["samples"], "audio.samples")
        guard maxSamples >= 0 else { throw fail("'audio.samples' must be at least 0, got \(maxSamples)") }
        if case .bool(true)? = json["audio"]?["ragged"] {
            guard lay == .npy else { throw fail("'audio.ragged' is only valid with layout npy") }
            ragged = true
            totalSamples = try int(json["audio"]?["total_samples"], "audio.total_samples")
            guard totalSamples >= 0, totalSamples <= DatasetPlan.maximumTotalSamples else {
                throw fail("'audio.total_samples' must be in 0...\(DatasetPlan.maximumTotalSamples), got \(totalSamples)")
            }
        } else {
            ragged = false
            let (total, overflow) = items.multipliedReportingOverflow(by: maxSamples)
            guard !overflow, total <= DatasetPlan.maximumTotalSamples else {
                throw fail("'count' x 'audio.samples' is more than \(DatasetPlan.maximumTotalSamples) samples")
            }
            totalSamples = total
        }
        lengths = nil
        var columns: [ExtraColumn] = []
        if case let .array(list)? = json["columns"] {
            for (k, c) in list.enumerated() {
                guard let kind = ExtraColumn.Kind(rawValue: try string(c["kind"], "columns[\(k)].kind")) else {
                    throw fail("'columns[\(k)].kind' must be one of \(ExtraColumn.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                columns.append(ExtraColumn(name: try string(c["name"], "columns[\(k)].name"), kind: kind,
                                           unit: try string(c["unit"], "columns[\(k)].unit")))
            }
        }
        extraColumns = columns
        var kinds: [SideFileKind] = []
        if case let .array(list)? = json["side_files"] {
            for (k, f) in list.enumerated() {
                let folder = try string(f["folder"], "side_files[\(k)].folder")
                let ext = try string(f["extension"], "side_files[\(k)].extension")
                guard SideFileKind.isSafeName(folder), SideFileKind.isSafeName(ext), folder != "audio" else {
                    throw fail("'side_files[\(k)]' must name a plain folder other than audio and a plain extension")
                }
                kinds.append(SideFileKind(folder: folder, fileExtension: ext))
            }
        }
        sideFiles = kinds
        if case .object? = json["headroom"]?["source"] {
            let margin = try number(json["headroom"]?["source"]?["margin"], "headroom.source.margin")
            let items: Int?
            if case .null? = json["headroom"]?["source"]?["calibration_items"] { items = nil } else {
                items = try int(json["headroom"]?["source"]?["calibration_items"], "headroom.source.calibration_items")
            }
            gainSource = .rendered(calibrationItems: items, margin: margin)
        } else {
            gainSource = .peakBound
        }
        gain = try number(json["headroom"]?["gain"], "headroom.gain")
        peak = try number(json["headroom"]?["peak_before_gain"], "headroom.peak_before_gain")
        if case let .string(s)? = json["headroom"]?["setting"], s == "auto" { headroom = .auto } else {
            headroom = .gain(try number(json["headroom"]?["setting"], "headroom.setting"))
        }
        identifiability = json["identifiability"] ?? .object([])
        guard case let .object(reports) = identifiability else {
            throw fail("'identifiability' must be an object of {\"unidentifiable\": n, \"total\": N} entries")
        }
        for (factor, entry) in reports {
            let key = "identifiability.\(factor)"
            guard let n = entry["unidentifiable"]?.integerValue, n >= 0 else {
                throw fail("'\(key).unidentifiable' must be a whole number >= 0, got \(DatasetPlan.shown(entry["unidentifiable"]))")
            }
            guard let total = entry["total"]?.integerValue, total >= n else {
                throw fail("'\(key).total' must be a whole number >= unidentifiable (\(n)), got \(DatasetPlan.shown(entry["total"]))")
            }
        }
        guard case let .array(list)? = json["factors"] else { throw fail("'factors' is missing") }
        var specs: [FactorSpec] = []
        for (k, f) in list.enumerated() {
            let key = "factors[\(k)]"
            let fname = try string(f["name"], "\(key).name")
            guard let kind = FactorKind(rawValue: try string(f["kind"], "\(key).kind")) else {
                throw fail("\(key).kind is not categorical, ordinal or continuous")
            }
            let unit = try string(f["unit"], "\(key).unit")
            let domain: FactorDomain
            if case let .array(values)? = f["values"] {
                if case let .array(codes)? = f["codes"] {
                    let labels = try values.map { v -> String in
                        guard case let .string(s) = v else { throw fail("\(key).values must be labels") }
                        return s
                    }
                    let c = try codes.map { v -> Double in
                        guard let x = v.integerValue, x.magnitude <= DatasetPlan.largestExactCode else {
                            throw fail("'\(key).codes' must be whole numbers of magnitude at most 2^53, got \(DatasetPlan.shown(v))")
                        }
                        return Double(x)
                    }
                    guard labels.count == c.count else { throw fail("\(key): values and codes differ in length") }
                    domain = .discrete(values: c, labels: labels)
                } else {
                    domain = .discrete(values: try values.map { v in
                        guard let x = v.doubleValue else { throw fail("\(key).values must be numbers") }
                        return x
                    }, labels: nil)
                }
            } else if case let .array(range)? = f["range"], range.count == 2,
                      let lower = range[0].doubleValue, let upper = range[1].doubleValue {
                domain = .uniform(lower: lower, upper: upper,
                                  logScale: (try string(f["sampling"], "\(key).sampling")) == "log-uniform",
                                  bins: try int(f["bins"], "\(key).bins"))
                if case let .uniform(_, _, _, bins) = domain, bins < 1 || bins > ItemSampler.maximumCount {
                    throw fail("'\(key).bins' must be in 1...\(ItemSampler.maximumCount), got \(bins)")
                }
            } else {
                throw fail("\(key) has neither values nor range")
            }
            if case let .discrete(values, _) = domain, values.isEmpty {
                throw fail("'\(key).values' is empty; a factor needs at least one value")
            }
            specs.append(FactorSpec(name: fname, kind: kind, unit: unit, domain: domain,
                                    spacing: f["spacing"] ?? .null, keyPath: key))
        }
        factors = specs
        guard let s = ItemSampler(factors: factors, sampling: sampling, seed: seed), s.count == count else {
            throw fail("'count' (\(count)) does not match the factors")
        }
    }

    /// Largest label code magnitude dataset.json may hold: codes are kept as Doubles, which
    /// represent every integer up to 2^53 exactly.
    static let largestExactCode: UInt = 1 << 53

    /// A JSON value as a short one-line text for error messages.
    static func shown(_ value: JSONValue?) -> String {
        guard let value else { return "nothing" }
        let text = value.serialized()
        return text.count > 60 ? text.prefix(60) + "..." : text
    }

    /// Makes a plan from its parts (used by ``DatasetSurvey``).
    public init(name: String, generatorName: String, generatorVersion: String, sampleRate: Int,
                duration: Double?, count: Int, seed: UInt64, sampling: Sampling, factors: [FactorSpec],
                constants: JSONValue, config: JSONValue, format: AudioFormat, layout: DatasetLayout,
                headroom: HeadroomSetting, gain: Double, peak: Double, maxSamples: Int,
                ragged: Bool = false, totalSamples: Int? = nil, lengths: [Int]? = nil,
                extraColumns: [ExtraColumn] = [], sideFiles: [SideFileKind] = [], gainSource: GainSource = .peakBound,
                identifiability: JSONValue, limit: Int?) {
        self.name = name
        self.generatorName = generatorName
        self.generatorVersion = generatorVersion
        self.sampleRate = sampleRate
        self.duration = duration
        self.count = count
        self.seed = seed
        self.sampling = sampling
        self.factors = factors
        self.constants = constants
        self.config = config
        self.format = format
        self.layout = layout
        self.headroom = headroom
        self.gain = gain
        self.peak = peak
        self.maxSamples = maxSamples
        self.ragged = ragged
        self.lengths = lengths
        self.extraColumns = extraColumns
        self.sideFiles = sideFiles
        self.gainSource = gainSource
        self.identifiability = identifiability
        self.limit = limit
        let items = min(count, limit ?? count)
        self.totalSamples = totalSamples ?? items * maxSamples
    }

    /// Where the `positions` items of `shard` start in a waveforms.npy holding just them, in
    /// samples, plus the end (positions + 1 offsets; the whole dataset for the 0/1 shard).
    public func starts(of shard: ShardSpec, positions: Int) -> [Int] {
        var starts = [Int](repeating: 0, count: positions + 1)
        for p in 0..<positions { starts[p + 1] = starts[p] + length(of: shard.item(at: p)) }
        return starts
    }

    /// Samples of item `i` in waveforms.npy (layout npy; every row is ``maxSamples`` long
    /// unless the dataset is ragged).
    public func length(of item: Int) -> Int { lengths?[item] ?? maxSamples }
}

/// One factor's entry of a dataset's identifiability report: for how many items its value
/// cannot be recovered from the audio.
public struct IdentifiabilityCount: Sendable, Equatable {
    /// The factor's name.
    public var factor: String
    /// Items whose value of the factor cannot be recovered from the audio.
    public var unidentifiable: Int
    /// Items checked.
    public var total: Int

    /// Makes an entry.
    public init(factor: String, unidentifiable: Int, total: Int) {
        self.factor = factor
        self.unidentifiable = unidentifiable
        self.total = total
    }

    /// `unidentifiable / total` (0 when nothing was checked).
    public var fraction: Double { total > 0 ? Double(unidentifiable) / Double(total) : 0 }
}

/// The sample offset at which each item of waveforms.npy starts (and, at `count`, where the
/// last one ends), without materialising N + 1 numbers for a fixed-length matrix.
public struct ItemStarts: Sendable {
    /// Samples per row of a fixed-length matrix (nil: ragged).
    public let rowLength: Int?
    /// Offsets of a ragged file (N + 1).
    public let offsets: [Int]

    /// Where item `i` starts (i = N: the end).
    public subscript(i: Int) -> Int { rowLength.map { $0 * i } ?? offsets[i] }
}
