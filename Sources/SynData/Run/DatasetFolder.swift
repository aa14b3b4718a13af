import Foundation
import SynCore

/// The output folder of a run, its resume state and the identity check.
///
/// While a run is in progress the folder holds `.synbench-partial/`: `run.json` (the
/// identity of what is being made and the shard), `hashes.bin` (32 bytes per item and file:
/// the SHA-256 of each finished item's audio, or a mark for an npy row, then of each of its
/// side files; all zero until then) and, when the generator declares extra columns, the
/// ``CellJournal`` (`columns.jsonl` and `columns.idx`). Items appear under their final
/// names only when complete. A rerun reads this state, keeps finished items and renders the
/// rest; a folder made from a different config is refused, naming the first difference.
/// When the manifests are written the partial folder is removed.
public final class DatasetFolder: @unchecked Sendable {
    /// The folder.
    public let path: String
    /// The plan being made.
    public let plan: DatasetPlan
    /// The shard being made (nil: the whole dataset).
    public let shard: ShardSpec?
    /// True when this run continues an earlier one.
    public private(set) var resumed = false
    /// The outermost folder this run creates (`path` or a missing ancestor of it), nil when
    /// `path` exists already.
    private let createdRoot: String?
    private var journal: PosixFile?
    private var cellJournal: CellJournal?

    /// Name of the partial-state folder.
    public static let partialName = ".synbench-partial"

    var partialPath: String { path + "/" + DatasetFolder.partialName }

    /// Checks `path` (no side effect): refuses a file, a non-empty folder that holds no
    /// SynBench output, and output of a different config or shard.
    public init(path: String, plan: DatasetPlan, shard: ShardSpec?) throws {
        self.path = path
        self.plan = plan
        self.shard = shard
        let (exists, isDirectory) = FileOps.exists(path)
        var root: String? = exists ? nil : path
        while let r = root, let slash = r.lastIndex(of: "/"), slash != r.startIndex,
              !FileOps.exists(String(r[..<slash])).exists {
            root = String(r[..<slash])
        }
        createdRoot = root
        guard exists else {
            var ancestor = path
            while let slash = ancestor.lastIndex(of: "/"), slash != ancestor.startIndex {
                ancestor = String(ancestor[..<slash])
                let (found, folder) = FileOps.exists(ancestor)
                if found && !folder {
                    throw InputError("\(path): \(ancestor) is a file, so the output folder cannot be made there (pass another --out)")
                }
                if found { break }
            }
            return
        }
        guard isDirectory else {
            throw InputError("\(path): exists and is a file; the output must be a folder (pass another --out)")
        }
        let role = DatasetFolder.role(shard)
        if FileOps.exists(partialPath + "/run.json").exists {
            let run = try DatasetFolder.readJSON(partialPath + "/run.json")
            try check(found: run["identity"], role: run["role"], source: "\(DatasetFolder.partialName)/run.json", wanted: role)
            resumed = true
        } else if FileOps.exists(path + "/dataset.json").exists {
            let found = try DatasetPlan(json: try DatasetFolder.readJSON(path + "/dataset.json"), source: path + "/dataset.json")
            try check(found: found.identity, role: DatasetFolder.role(nil), source: "dataset.json", wanted: role)
            resumed = true
        } else if FileOps.exists(path + "/shard.json").exists {
            let doc = try DatasetFolder.readJSON(path + "/shard.json")
            let found = try DatasetPlan(json: doc["dataset"] ?? .null, source: path + "/shard.json")
            try check(found: found.identity, role: doc["shard"], source: "shard.json", wanted: role)
            resumed = true
        } else {
            // A run killed before it wrote run.json leaves at most an empty partial folder.
            let contents = ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [])
                .filter { $0 != DatasetFolder.partialName || FileOps.exists(partialPath + "/hashes.bin").exists }
            guard contents.isEmpty else {
                throw InputError("\(path): the folder is not empty and holds no SynBench dataset; pass an empty or new --out")
            }
        }
    }

    static func role(_ shard: ShardSpec?) -> JSONValue {
        guard let shard else { return .string("dataset") }
        return .object([("index", .integer(shard.index)), ("count", .integer(shard.count))])
    }

    static func readJSON(_ path: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(try FileOps.readText(path))
        } catch {
            throw InputError("\(path): cannot be read as JSON (\(error)); delete the folder or pass another --out")
        }
    }

    private func check(found: JSONValue?, role: JSONValue?, source: String, wanted: JSONValue) throws {
        if let diff = JSONDifference.first(found ?? .null, plan.identity) {
            throw InputError("\(path): holds a dataset made from a different config (\(source): \(diff)); pass another --out or delete the folder")
        }
        if (role ?? .null) != wanted {
            let describe = { (r: JSONValue?) -> String in
                if case .object = r, let i = r?["index"]?.integerValue, let c = r?["count"]?.integerValue { return "shard \(i)/\(c)" }
                return "the whole dataset"
            }
            throw InputError("\(path): holds \(describe(role)), this run makes \(describe(wanted)); pass another --out")
        }
    }

    /// Creates the folder and the partial state; removes stale manifests of an earlier
    /// complete run (they are rewritten at the end) and seeds the journal from its
    /// SHA256SUMS, so its complete files are kept.
    public func open() throws {
        try FileOps.makeDirectory(partialPath)
        if plan.layout == .npy, !FileOps.exists(partialWaveforms).exists {
            // A run killed after the rows were published but before the partial state was
            // removed: the journal marks rows done, and they live in the final waveforms.npy.
            // Without either, the journal's marks describe rows that no longer exist.
            if FileOps.exists(path + "/waveforms.npy").exists {
                try FileOps.rename(path + "/waveforms.npy", partialWaveforms)
            } else {
                FileOps.remove(partialPath + "/hashes.bin")
            }
        }
        let run = JSONValue.object([("identity", plan.identity), ("role", DatasetFolder.role(shard))])
        try FileOps.writeAtomically(run.serialized(indent: 2) + "\n", to: partialPath + "/run.json")
        let j = try PosixFile(updatingAt: partialPath + "/hashes.bin")
        if try j.size() < plan.count * slotBytes { try j.resize(to: plan.count * slotBytes) }
        journal = j
        if !plan.extraColumns.isEmpty {
            cellJournal = try CellJournal(folder: partialPath, columns: plan.extraColumns.count, count: plan.count)
        }
        if FileOps.exists(path + "/SHA256SUMS").exists {
            let listed = try FileOps.readText(path + "/SHA256SUMS").split(separator: "\n").compactMap { SHA256SumsLine($0) }
            try seedJournal(from: listed)
            if !plan.extraColumns.isEmpty {
                try seedCells(metadataDigest: listed.first { $0.name == "metadata.csv" }?.digest)
            }
        }
        for name in ["dataset.json", "shard.json", "metadata.csv", "factors.npy", "factor_values.npy", "SHA256SUMS",
                     "offsets.npy", "columns.jsonl"] {
            FileOps.remove(path + "/" + name)
        }
        if resumed { removeStaleTemporaries() }
    }

    /// Carries the metadata cells of a finished folder into the journal, so its items are kept:
    /// from a shard's columns.jsonl, or from metadata.csv when SHA256SUMS vouches for it
    /// (`metadataDigest`, its listed SHA-256).
    private func seedCells(metadataDigest: SHA256Digest?) throws {
        if shard != nil {
            guard FileOps.exists(path + "/columns.jsonl").exists else { return }
            try CellJournal.forEachLine(of: path + "/columns.jsonl", columns: plan.extraColumns.count,
                                        count: plan.count) { try recordCells($0, $1) }
            return
        }
        let csv = path + "/metadata.csv"
        guard let metadataDigest, FileOps.exists(csv).exists,
              try SHA256Hasher.digest(fileAt: csv) == metadataDigest else { return }
        let k = plan.extraColumns.count
        for line in try FileOps.readText(csv).split(separator: "\n").dropFirst() {
            guard let fields = CSVLine.fields(String(line)), fields.count > k else { continue }
            let item = plan.layout == .npy ? Int(fields[0]) : plan.item(ofFile: fields[0])
            if let item, item >= 0, item < plan.count { try recordCells(item, Array(fields.suffix(k))) }
        }
    }

    private func seedJournal(from listed: [SHA256SumsLine]) throws {
        for entry in listed {
            if let (item, slot) = plan.item(ofPath: entry.name) {
                try record(item, entry.digest, slot: plan.layout == .files ? slot : slot + 1)
            }
        }
    }

    private func removeStaleTemporaries() {
        let fm = FileManager.default
        for top in plan.itemFolders {
            guard let folders = try? fm.contentsOfDirectory(atPath: path + "/" + top) else { continue }
            for folder in folders {
                let dir = path + "/" + top + "/" + folder
                for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix(".") && name.hasSuffix(".partial") {
                    FileOps.remove(dir + "/" + name)
                }
            }
        }
    }

    private var slotBytes: Int { plan.digestsPerItem * 32 }

    /// Records the digest of item `item`'s file in `slot` (0: the audio or npy row mark, then
    /// one per side file). Thread-safe: distinct items write distinct bytes.
    public func record(_ item: Int, _ digest: SHA256Digest, slot: Int = 0) throws {
        try journal!.write(digest.bytes, at: item * slotBytes + slot * 32)
    }

    /// Forgets the npy row marks (slot 0) of `items`, whose rows are no longer in the file.
    public func clearRowMarks(items: [Int]) throws {
        for item in items { try record(item, SHA256Digest(bytes: [UInt8](repeating: 0, count: 32))) }
    }

    /// The recorded digests of `item`, one per slot (all zero when not finished).
    public func digests(of item: Int) throws -> [SHA256Digest] {
        var bytes = [UInt8](repeating: 0, count: slotBytes)
        _ = try journal!.read(into: &bytes, at: item * slotBytes)
        return (0..<plan.digestsPerItem).map { SHA256Digest(bytes: Array(bytes[($0 * 32)..<($0 * 32 + 32)])) }
    }

    /// Records item `item`'s metadata cells (one per extra column, as metadata.csv shows them).
    /// Call before recording the item's digests, so a recorded item always has its cells.
    public func recordCells(_ item: Int, _ cells: [String]) throws {
        try cellJournal?.record(item, cells)
    }

    /// Item `item`'s recorded cells (nil when none are recorded or the plan has no extra
    /// columns).
    public func cells(of item: Int) throws -> [String]? {
        try cellJournal?.cells(of: item)
    }

    /// Absolute path of a path relative to the folder.
    public func absolute(_ relative: String) -> String { path + "/" + relative }

    /// Path of the partial waveforms file (layout npy) while the run is in progress.
    public var partialWaveforms: String { partialPath + "/waveforms.npy" }

    /// Removes everything a fresh run wrote (after a refusal such as an item that would clip),
    /// so nothing partial is left behind; a run that resumed earlier work keeps it.
    public func discardIfFresh() {
        guard !resumed else { return }
        journal = nil
        cellJournal = nil
        if let createdRoot {
            try? FileManager.default.removeItem(atPath: createdRoot)
        } else {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? [] {
                try? FileManager.default.removeItem(atPath: path + "/" + name)
            }
        }
    }

    /// Removes the partial state (after the manifests are written).
    public func close() {
        journal = nil
        cellJournal = nil
        FileOps.remove(partialPath + "/run.json")
        FileOps.remove(partialPath + "/hashes.bin")
        FileOps.remove(partialPath + "/columns.jsonl")
        FileOps.remove(partialPath + "/columns.idx")
        FileOps.remove(partialWaveforms)
        rmdir(partialPath)
    }
}

/// The first difference between two JSON values, as `key.path: A here, B now` text.
public enum JSONDifference {
    /// nil when equal.
    public static func first(_ found: JSONValue, _ wanted: JSONValue, path: String = "") -> String? {
        switch (found, wanted) {
        case let (.object(a), .object(b)):
            for (key, bv) in b {
                let p = path.isEmpty ? key : "\(path).\(key)"
                guard let av = a.first(where: { $0.0 == key })?.1 else { return "\(p): missing in the folder, \(bv.serialized()) now" }
                if let d = first(av, bv, path: p) { return d }
            }
            for (key, av) in a where !b.contains(where: { $0.0 == key }) {
                return "\(path.isEmpty ? key : "\(path).\(key)"): \(av.serialized()) in the folder, absent now"
            }
            return nil
        case let (.array(a), .array(b)) where a.count == b.count:
            for i in a.indices {
                if let d = first(a[i], b[i], path: "\(path)[\(i)]") { return d }
            }
            return nil
        default:
            if found == wanted { return nil }
            if let x = found.doubleValue, let y = wanted.doubleValue, x == y { return nil }
            return "\(path.isEmpty ? "value" : path): \(found.serialized()) in the folder, \(wanted.serialized()) now"
        }
    }
}
