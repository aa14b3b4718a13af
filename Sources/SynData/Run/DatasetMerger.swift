import Foundation
import SynCore

/// Joins shard folders (made with `--shard I/N`) into one dataset, byte-identical to an
/// unsharded run: every shard's items are hard-linked (or copied across file systems) into
/// the output under temporary names and renamed, rows of npy shards are written at their
/// dataset offsets, and the manifests are written from the shards' digests.
public enum DatasetMerger {
    struct Shard {
        var path: String
        var spec: ShardSpec
        var items: Int
        var plan: DatasetPlan
    }

    /// Merges `shards` into `out`; returns the number of items.
    @discardableResult
    public static func merge(out: String, shards paths: [String], jobs: Int = defaultJobCount, quiet: Bool = false) throws -> Int {
        guard !paths.isEmpty else { throw InputError("merge: give at least one shard folder") }
        var shards: [Shard] = []
        for path in paths {
            let file = path + "/shard.json"
            guard FileOps.exists(file).exists else {
                throw InputError("\(path): no shard.json (not a finished shard folder; rerun its generate command to finish it)")
            }
            let doc = try DatasetFolder.readJSON(file)
            guard let i = doc["shard"]?["index"]?.integerValue, let n = doc["shard"]?["count"]?.integerValue,
                  let items = doc["items"]?.integerValue
            else { throw InputError("\(file): 'shard.index', 'shard.count' or 'items' is missing or not an integer") }
            guard n >= 1, i >= 0, i < n else {
                throw InputError("\(file): shard \(i)/\(n) is not valid (the count must be at least 1 and the index in 0..<count)")
            }
            let plan = try DatasetPlan(json: doc["dataset"] ?? .null, source: file)
            let spec = ShardSpec(index: i, count: n)
            guard items == spec.itemCount(of: plan.itemCount) else {
                throw InputError("\(file): 'items' is \(items), shard \(i)/\(n) of \(plan.itemCount) items has \(spec.itemCount(of: plan.itemCount))")
            }
            shards.append(Shard(path: path, spec: spec, items: items, plan: plan))
        }
        let first = shards[0]
        let n = first.spec.count
        for s in shards.dropFirst() {
            if let diff = JSONDifference.first(s.plan.identity, first.plan.identity) {
                throw InputError("\(s.path): made from a different config than \(first.path) (\(diff))")
            }
            if s.spec.count != n {
                throw InputError("\(s.path): is shard \(s.spec.index)/\(s.spec.count), \(first.path) is one of \(n)")
            }
            if s.plan.itemCount != first.plan.itemCount {
                throw InputError("\(s.path): covers \(s.plan.itemCount) items (--limit), \(first.path) \(first.plan.itemCount)")
            }
            // Same config, so the rest (gain, lengths, declarations) must agree too.
            if let diff = JSONDifference.first(s.plan.json(), first.plan.json()) {
                throw InputError("\(s.path)/shard.json: its dataset differs from \(first.path)'s (\(diff)); regenerate the shards with one SynBench version")
            }
        }
        guard n <= shards.count else {
            throw InputError("merge: the shards are \(n) in all and \(shards.count) were given (give all \(n) shard folders)")
        }
        var seen = [String?](repeating: nil, count: n)
        for s in shards {
            if let other = seen[s.spec.index] { throw InputError("\(s.path): shard \(s.spec.index)/\(n) is also \(other)") }
            seen[s.spec.index] = s.path
        }
        if let missing = seen.firstIndex(where: { $0 == nil }) {
            throw InputError("merge: shard \(missing)/\(n) is missing (give all \(n) shard folders)")
        }
        var plan = first.plan
        let ordered = shards.sorted(by: { $0.spec.index < $1.spec.index })
        var shardOffsets: [[Int]] = []
        if plan.ragged {
            // The dataset's item lengths come from the shards' offsets.npy.
            var lengths = [Int](repeating: 0, count: plan.itemCount)
            var total = 0
            for s in ordered {
                let offsets = try DatasetVerifier.readOffsets(path: s.path + "/offsets.npy", items: s.items,
                                                              totalSamples: plan.totalSamples, exact: false)
                for p in 0..<s.items { lengths[s.spec.item(at: p)] = offsets[p + 1] - offsets[p] }
                shardOffsets.append(offsets)
                // Each shard's total is at most the dataset's, so this sum stays far from overflow.
                total += offsets[s.items]
            }
            guard total == plan.totalSamples else {
                throw InputError("\(first.path)/shard.json: the shards' offsets.npy add up to \(total) samples, dataset says \(plan.totalSamples)")
            }
            plan.lengths = lengths
        }
        let folder = try DatasetFolder(path: out, plan: plan, shard: nil)
        try folder.open()
        let progress = ProgressReporter(label: "merge \(plan.name)", total: plan.itemCount, quiet: quiet)
        var rows: MergedRows?
        if plan.layout == .npy { rows = try MergedRows(plan: plan, path: folder.partialWaveforms) }
        for (j, s) in ordered.enumerated() {
            try mergeSideFiles(s, plan: plan, folder: folder, jobs: jobs, progress: plan.layout == .files ? progress : nil)
            if !plan.extraColumns.isEmpty {
                let columnsFile = s.path + "/columns.jsonl"
                guard FileOps.exists(columnsFile).exists else {
                    throw InputError("\(columnsFile): missing (the shard is incomplete; rerun its generate command)")
                }
                try CellJournal.forEachLine(of: columnsFile, columns: plan.extraColumns.count, count: plan.count) { item, cells in
                    guard item % s.spec.count == s.spec.index else {
                        throw InputError("\(columnsFile): item \(item) does not belong to shard \(s.spec.index)/\(s.spec.count)")
                    }
                    try folder.recordCells(item, cells)
                }
                for p in 0..<s.items where try folder.cells(of: s.spec.item(at: p)) == nil {
                    throw InputError("\(columnsFile): item \(s.spec.item(at: p)) is missing (the shard is incomplete; rerun its generate command)")
                }
            }
            if let rows {
                try rows.copy(from: s, offsets: plan.ragged ? shardOffsets[j] : nil, folder: folder, progress: progress)
            }
        }
        progress.finish()
        try ManifestWriter.write(plan: plan, folder: folder, shard: nil, positions: plan.itemCount)
        folder.close()
        return plan.itemCount
    }

    /// Links (or copies) every per-item file of a shard listed in its SHA256SUMS (audio files
    /// for layout files, side files for both layouts) into the output and journals its digest.
    static func mergeSideFiles(_ s: Shard, plan: DatasetPlan, folder: DatasetFolder, jobs: Int,
                               progress: ProgressReporter?) throws {
        let leading = plan.leadingFiles.count
        var entries: [(item: Int, slot: Int, path: String, digest: SHA256Digest)] = []
        entries.reserveCapacity(s.items * plan.itemFolders.count)
        for (n, line) in try FileOps.readText(s.path + "/SHA256SUMS").split(separator: "\n").enumerated() {
            guard let entry = SHA256SumsLine(line) else {
                throw InputError("\(s.path)/SHA256SUMS: unexpected line '\(line.prefix(120))'")
            }
            if n < leading { continue }
            guard let (item, slot) = plan.item(ofPath: entry.name), item % s.spec.count == s.spec.index
            else { throw InputError("\(s.path)/SHA256SUMS: unexpected line '\(line.prefix(120))'") }
            entries.append((item, plan.layout == .files ? slot : slot + 1, entry.name, entry.digest))
        }
        guard entries.count == s.items * plan.itemFolders.count else {
            throw InputError("\(s.path)/SHA256SUMS: lists \(entries.count) item files, shard.json's \(s.items) items need \(s.items * plan.itemFolders.count)")
        }
        var made = Set<String>()
        for e in entries {
            let dir = String(e.path[..<e.path.lastIndex(of: "/")!])
            if made.insert(dir).inserted { try FileOps.makeDirectory(folder.absolute(dir)) }
        }
        let list = entries
        let perItem = plan.itemFolders.count
        try WorkerPool.run(count: list.count, jobs: jobs, chunk: 16, makeState: { () }) { _, p in
            let e = list[p]
            let source = s.path + "/" + e.path
            let target = folder.absolute(e.path)
            guard FileOps.exists(source).exists else {
                throw InputError("\(source): missing (the shard is incomplete; rerun its generate command)")
            }
            let temp = FileOps.temporaryName(for: target)
            FileOps.remove(temp)
            if link(source, temp) != 0 {
                let bytes = try FileOps.readBytes(source)
                try PosixFile(writingAt: temp, truncate: true).append(bytes)
            }
            try FileOps.rename(temp, target)
            try folder.record(e.item, e.digest, slot: e.slot)
            if p % perItem == perItem - 1 { progress?.advance() }
        }
    }
}

/// The merged waveforms.npy being assembled from the shards' compact files.
final class MergedRows {
    private let plan: DatasetPlan
    private let target: PosixFile
    private let headerSize: Int
    private let starts: [Int]

    init(plan: DatasetPlan, path: String) throws {
        self.plan = plan
        starts = plan.starts(of: ShardSpec(index: 0, count: 1), positions: plan.itemCount)
        let shape = plan.ragged ? [plan.totalSamples] : [plan.itemCount, plan.maxSamples]
        let header = NpyHeader(dtype: .float32, shape: shape).encoded()
        target = try PosixFile(updatingAt: path)
        headerSize = header.count
        let size = header.count + starts[plan.itemCount] * 4
        if try target.size() != size { try target.resize(to: size) }
        try target.write(header, at: 0)
    }

    /// Copies every item of shard `s` to its dataset offset; `offsets` are the shard's
    /// offsets.npy (nil: fixed-length rows).
    func copy(from s: DatasetMerger.Shard, offsets: [Int]?, folder: DatasetFolder, progress: ProgressReporter) throws {
        let source = try PosixFile(readingAt: s.path + "/waveforms.npy")
        let (header, offset, _) = try source.readNpyHeader(source: source.path)
        let shardStarts = offsets ?? (0...s.items).map { $0 * plan.maxSamples }
        let shape = offsets == nil ? [s.items, plan.maxSamples] : [shardStarts[s.items]]
        guard header.dtype == .float32, header.shape == shape else {
            throw InputError("\(source.path): shape \(header.shape) \(header.dtype), expected \(shape) float32")
        }
        var row: [UInt8] = []
        for p in 0..<s.items {
            let item = s.spec.item(at: p)
            let size = (shardStarts[p + 1] - shardStarts[p]) * 4
            guard size == (starts[item + 1] - starts[item]) * 4 else {
                throw InputError("\(source.path): item \(item) has \(size / 4) samples, the offsets say \(starts[item + 1] - starts[item])")
            }
            if row.count != size { row = [UInt8](repeating: 0, count: size) }
            guard try source.read(into: &row, at: offset + shardStarts[p] * 4) == row.count else {
                throw InputError("\(source.path): truncated at item \(item)")
            }
            try target.write(row, at: headerSize + starts[item] * 4)
            try folder.record(item, DatasetRenderer.rowDone)
            progress.advance()
        }
    }
}
