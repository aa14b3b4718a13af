import Foundation

/// The output folder of a run, its resume state and the identity check.
///
/// While a run is in progress the folder holds `.synbench-partial/`: `run.json` (the
/// identity of what is being made and the shard) and `hashes.bin` (32 bytes per item: the
/// SHA-256 of each finished item, all zero until then). Items appear under their final
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
    private var journal: PosixFile?

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
        if try j.size() < plan.count * 32 { try j.resize(to: plan.count * 32) }
        journal = j
        if plan.layout == .files, FileOps.exists(path + "/SHA256SUMS").exists {
            try seedJournal(fromSums: path + "/SHA256SUMS")
        }
        for name in ["dataset.json", "shard.json", "metadata.csv", "factors.npy", "factor_values.npy", "SHA256SUMS"] {
            FileOps.remove(path + "/" + name)
        }
        if resumed { removeStaleTemporaries() }
    }

    private func seedJournal(fromSums sums: String) throws {
        for line in try FileOps.readText(sums).split(separator: "\n") {
            guard let entry = SHA256SumsLine(line) else { continue }
            if let item = plan.item(ofFile: entry.name) { try record(item, entry.digest) }
        }
    }

    private func removeStaleTemporaries() {
        let fm = FileManager.default
        guard let folders = try? fm.contentsOfDirectory(atPath: path + "/audio") else { return }
        for folder in folders {
            let dir = path + "/audio/" + folder
            for name in (try? fm.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix(".") && name.hasSuffix(".partial") {
                FileOps.remove(dir + "/" + name)
            }
        }
    }

    /// Records item `item`'s digest (thread-safe: distinct items write distinct bytes).
    public func record(_ item: Int, _ digest: SHA256Digest) throws {
        try digest.bytes.withUnsafeBytes { try journal!.write($0, at: item * 32) }
    }

    /// The recorded digest of `item` (all zero when not finished).
    public func digest(of item: Int) throws -> SHA256Digest {
        var bytes = [UInt8](repeating: 0, count: 32)
        _ = try bytes.withUnsafeMutableBytes { try journal!.read(into: $0, at: item * 32) }
        return SHA256Digest(bytes: bytes)
    }

    /// Reads the digests of items `range` in one call (for streaming manifests).
    public func digests(_ range: Range<Int>) throws -> [SHA256Digest] {
        var bytes = [UInt8](repeating: 0, count: range.count * 32)
        _ = try bytes.withUnsafeMutableBytes { try journal!.read(into: $0, at: range.lowerBound * 32) }
        return (0..<range.count).map { SHA256Digest(bytes: Array(bytes[($0 * 32)..<($0 * 32 + 32)])) }
    }

    /// Absolute path of a path relative to the folder.
    public func absolute(_ relative: String) -> String { path + "/" + relative }

    /// Path of the partial waveforms file (layout npy) while the run is in progress.
    public var partialWaveforms: String { partialPath + "/waveforms.npy" }

    /// Removes the partial state (after the manifests are written).
    public func close() {
        journal = nil
        FileOps.remove(partialPath + "/run.json")
        FileOps.remove(partialPath + "/hashes.bin")
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
