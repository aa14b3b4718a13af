import Foundation

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
        }
        var seen = [String?](repeating: nil, count: n)
        for s in shards {
            if let other = seen[s.spec.index] { throw InputError("\(s.path): shard \(s.spec.index)/\(n) is also \(other)") }
            seen[s.spec.index] = s.path
        }
        if let missing = seen.firstIndex(where: { $0 == nil }) {
            throw InputError("merge: shard \(missing)/\(n) is missing (give all \(n) shard folders)")
        }
        let plan = first.plan
        let folder = try DatasetFolder(path: out, plan: plan, shard: nil)
        try folder.open()
        let progress = ProgressReporter(label: "merge \(plan.name)", total: plan.itemCount, quiet: quiet)
        for s in shards.sorted(by: { $0.spec.index < $1.spec.index }) {
            switch plan.layout {
            case .files: try mergeFiles(s, plan: plan, folder: folder, jobs: jobs, progress: progress)
            case .npy: try mergeRows(s, plan: plan, folder: folder, progress: progress)
            }
        }
        progress.finish()
        try ManifestWriter.write(plan: plan, folder: folder, shard: nil, positions: plan.itemCount)
        folder.close()
        return plan.itemCount
    }

    static func mergeFiles(_ s: Shard, plan: DatasetPlan, folder: DatasetFolder, jobs: Int, progress: ProgressReporter) throws {
        var entries: [(item: Int, digest: SHA256Digest)] = []
        entries.reserveCapacity(s.items)
        for line in try FileOps.readText(s.path + "/SHA256SUMS").split(separator: "\n") {
            guard let entry = SHA256SumsLine(line), let item = plan.item(ofFile: entry.name),
                  item % s.spec.count == s.spec.index
            else { throw InputError("\(s.path)/SHA256SUMS: unexpected line '\(line.prefix(120))'") }
            entries.append((item, entry.digest))
        }
        guard entries.count == s.items else {
            throw InputError("\(s.path)/SHA256SUMS: lists \(entries.count) items, shard.json says \(s.items)")
        }
        var lastFolder = -1
        for e in entries where e.item / DatasetPlan.filesPerFolder != lastFolder {
            lastFolder = e.item / DatasetPlan.filesPerFolder
            try FileOps.makeDirectory(folder.absolute(plan.folder(of: e.item)))
        }
        let list = entries
        try WorkerPool.run(count: list.count, jobs: jobs, chunk: 16, makeState: { () }) { _, p in
            let (item, digest) = list[p]
            let source = s.path + "/" + plan.file(of: item)
            let target = folder.absolute(plan.file(of: item))
            guard FileOps.exists(source).exists else {
                throw InputError("\(source): missing (the shard is incomplete; rerun its generate command)")
            }
            let temp = FileOps.temporaryName(for: target)
            FileOps.remove(temp)
            if link(source, temp) != 0 {
                let bytes = Array(try FileOps.readBytes(source))
                try bytes.withUnsafeBytes { b in
                    let f = try PosixFile(writingAt: temp, truncate: true)
                    try f.append(b)
                }
            }
            try FileOps.rename(temp, target)
            try folder.record(item, digest)
            progress.advance()
        }
    }

    static func mergeRows(_ s: Shard, plan: DatasetPlan, folder: DatasetFolder, progress: ProgressReporter) throws {
        let source = try PosixFile(readingAt: s.path + "/waveforms.npy")
        var head = [UInt8](repeating: 0, count: 4096)
        let got = try head.withUnsafeMutableBytes { try source.read(into: $0, at: 0) }
        let (header, offset) = try NpyHeader.parse(Array(head.prefix(got)), source: source.path)
        let t = plan.maxSamples
        guard header.dtype == .float32, header.shape == [s.items, t] else {
            throw InputError("\(source.path): shape \(header.shape) \(header.dtype), expected [\(s.items), \(t)] float32")
        }
        let outHeader = NpyHeader(dtype: .float32, shape: [plan.itemCount, t]).encoded()
        let rowBytes = t.multipliedReportingOverflow(by: 4)
        let dataBytes = plan.itemCount.multipliedReportingOverflow(by: rowBytes.partialValue)
        guard !rowBytes.overflow, !dataBytes.overflow, dataBytes.partialValue <= Int.max - outHeader.count else {
            throw InputError("\(s.path)/shard.json: [\(plan.itemCount), \(t)] float32 rows (audio.samples) are too large for one file")
        }
        let target = try PosixFile(updatingAt: folder.partialWaveforms)
        let size = outHeader.count + dataBytes.partialValue
        if try target.size() != size { try target.resize(to: size) }
        try outHeader.withUnsafeBytes { try target.write($0, at: 0) }
        guard s.items > 0 else { return }
        var row = [UInt8](repeating: 0, count: rowBytes.partialValue)
        for p in 0..<s.items {
            let item = s.spec.item(at: p)
            try row.withUnsafeMutableBytes { b in
                guard try source.read(into: b, at: offset + p * t * 4) == b.count else {
                    throw InputError("\(source.path): truncated at row \(p)")
                }
                try target.write(UnsafeRawBufferPointer(b), at: outHeader.count + item * t * 4)
            }
            try folder.record(item, DatasetRenderer.rowDone)
            progress.advance()
        }
    }
}
