import Foundation
import SynCore

/// Options of one `generate` run.
public struct RenderOptions: Sendable {
    /// Worker threads.
    public var jobs: Int
    /// The shard to render (nil: all items).
    public var shard: ShardSpec?
    /// No progress output.
    public var quiet: Bool
    /// Stop between items when SIGINT/SIGTERM arrives (installs the handlers).
    public var handleSignals: Bool

    /// Makes options.
    public init(jobs: Int = defaultJobCount, shard: ShardSpec? = nil, quiet: Bool = false, handleSignals: Bool = true) {
        self.jobs = jobs
        self.shard = shard
        self.quiet = quiet
        self.handleSignals = handleSignals
    }
}

/// What a run did.
public struct RenderSummary: Sendable {
    /// Items rendered by this run.
    public var rendered: Int
    /// Items kept from an earlier, interrupted run.
    public var kept: Int
}

/// Renders a dataset (or one shard of it) into a folder, streaming: each worker prepares
/// and renders one item at a time into its own buffers, writes its audio and side files under
/// temporary names, renames them and journals their SHA-256 (and its metadata cells); the
/// manifests are written last from the journal.
public enum DatasetRenderer {
    /// Renders `plan` with `generator` into `out`. Throws ``InterruptedError`` when stopped
    /// by a signal (complete items kept, nothing partial under a final name), and a
    /// ``ConfigError`` naming the item and the `headroom` to set when an item would clip in a
    /// PCM format (that item is never written, and a fresh folder is removed again).
    public static func run<G: DatasetGenerator>(generator: G, plan: DatasetPlan, out: String,
                                                options: RenderOptions) throws -> RenderSummary {
        let folder = try DatasetFolder(path: out, plan: plan, shard: options.shard)
        try folder.open()
        let shard = options.shard ?? ShardSpec(index: 0, count: 1)
        let positions = shard.itemCount(of: plan.itemCount)
        var rows: RowFile?
        if plan.layout == .npy {
            let file = try RowFile(plan: plan, path: folder.partialWaveforms, shard: shard, positions: positions)
            // Rows journaled by an earlier run of another shape (another --limit) are gone.
            if file.wasReset, folder.resumed { try folder.clearRowMarks(items: (0..<positions).map(shard.item(at:))) }
            rows = file
        }
        let done = try completedPositions(folder: folder, shard: shard, positions: positions)
        rows?.startHashing(done: done)
        let pending = positions - done.count
        let progress = ProgressReporter(label: "generate \(plan.name)", total: pending, quiet: options.quiet)
        if options.handleSignals { InterruptSignal.install() }
        defer { if options.handleSignals { InterruptSignal.uninstall() } }

        try makeFolders(plan: plan, folder: folder, shard: shard, positions: positions)
        let sink = ItemSink(generator: generator, plan: plan, sampler: plan.sampler, folder: folder, rows: rows)
        // A run that does not handle signals ignores the flag, which another run in the same
        // process may have set.
        let handleSignals = options.handleSignals
        let rendered = AtomicCounter()
        do {
            try WorkerPool.run(count: positions, jobs: options.jobs, chunk: rows == nil ? max(1, DatasetPlan.filesPerFolder / shard.count) : 8,
                               shouldStop: { handleSignals && InterruptSignal.isSet },
                               makeState: { ItemScratch(generator: generator, plan: plan) }) { scratch, p in
                if done.contains(p) { return }
                try sink.renderAndStore(item: shard.item(at: p), position: p, scratch: &scratch)
                rendered.add(1)
                progress.advance()
            }
        } catch {
            rows?.abandon()
            // A refused item (one that would clip) means the config must change, and a folder
            // of another config could not be resumed: leave nothing of a fresh run behind.
            if error is ConfigError { folder.discardIfFresh() }
            throw error
        }
        let waveformsDigest = try rows?.finish()
        progress.finish()
        if options.handleSignals, let s = InterruptSignal.received {
            let complete = done.count + rendered.value
            throw InterruptedError(signal: s, message: "interrupted by \(s == SIGTERM ? "SIGTERM" : "SIGINT"): \(complete) of \(positions) items are complete in \(out); run the same command again to resume")
        }
        try ManifestWriter.write(plan: plan, folder: folder, shard: options.shard, positions: positions,
                                 waveformsDigest: waveformsDigest)
        folder.close()
        return RenderSummary(rendered: rendered.value, kept: done.count)
    }

    /// Positions already finished by an earlier run: every digest recorded, every file
    /// present, and the metadata cells journaled when the generator declares columns.
    static func completedPositions(folder: DatasetFolder, shard: ShardSpec, positions: Int) throws -> BitSet {
        var done = BitSet(count: positions)
        guard folder.resumed else { return done }
        let plan = folder.plan
        for q in 0..<positions {
            let item = shard.item(at: q)
            if try folder.digests(of: item).contains(where: \.isZero) { continue }
            if !plan.extraColumns.isEmpty, try folder.cells(of: item) == nil { continue }
            if plan.files(of: item).contains(where: { !FileOps.exists(folder.absolute($0)).exists }) { continue }
            done.insert(q)
        }
        return done
    }

    static func makeFolders(plan: DatasetPlan, folder: DatasetFolder, shard: ShardSpec, positions: Int) throws {
        var lastBucket = -1
        for p in 0..<positions {
            let item = shard.item(at: p)
            let bucket = item / DatasetPlan.filesPerFolder
            if bucket == lastBucket { continue }
            lastBucket = bucket
            for file in plan.files(of: item) {
                try FileOps.makeDirectory(folder.absolute(String(file[..<file.lastIndex(of: "/")!])))
            }
        }
    }

    /// The journal mark of a finished npy row (rows are hashed as one file at the end, so
    /// the per-row entry only needs to be non-zero).
    static let rowDone = SHA256Digest(bytes: [1] + [UInt8](repeating: 0, count: 31))
}

/// A worker's reusable buffers: factor indices and values, the rendered item, the encoded file.
struct ItemScratch {
    var indices: [Int32]
    var values: [Double]
    var output: RenderedItem
    var bytes: [UInt8] = []
    let flac = SoundFileEncoder()

    init<G: DatasetGenerator>(generator: G, plan: DatasetPlan) {
        indices = [Int32](repeating: 0, count: plan.factors.count)
        values = [Double](repeating: 0, count: plan.factors.count)
        output = RenderedItem(generator: generator)
        output.reserve(samples: max(plan.maxSamples, 1))
    }
}

/// Renders one item and stores everything it yields: audio (a file or a row), side files,
/// metadata cells, then its digests (last, so a journaled item is complete).
struct ItemSink<G: DatasetGenerator>: Sendable {
    let generator: G
    let plan: DatasetPlan
    /// The plan's sampler, made once rather than per item.
    let sampler: ItemSampler
    let folder: DatasetFolder
    let rows: RowFile?

    func renderAndStore(item: Int, position: Int, scratch: inout ItemScratch) throws {
        var rng = sampler.item(item, indices: &scratch.indices, values: &scratch.values)
        let prepared = generator.prepare(values: scratch.values, rng: &rng)
        let n = generator.sampleCount(of: prepared)
        // A row of waveforms.npy has room for exactly the length the survey counted.
        let surveyed = plan.layout == .npy ? plan.length(of: item) : min(n, plan.maxSamples)
        guard n == surveyed else {
            throw GeneratorError("generator \(generator.generatorName): item \(item) has \(n) samples, the survey counted \(surveyed) (its length is not a pure function of the item)")
        }
        scratch.output.reserve(samples: n)
        scratch.output.clearExtras()
        generator.render(prepared, gain: plan.gain, rng: &rng, into: &scratch.output)
        try checkOutput(scratch.output, item: item, expectedCount: n)
        let peak = scratch.output.peak
        guard !peak.isNaN else {
            throw GeneratorError("generator \(generator.generatorName): item \(item) (\(DatasetSurvey.describe(generator.config, sampler, item))) rendered a sample that is not a finite number")
        }
        if plan.format.clips, peak > 1 { throw clipError(item: item, peak: Double(peak)) }
        for (k, bytes) in scratch.output.sideFiles.enumerated() {
            let path = folder.absolute(plan.sideFile(k, of: item))
            try FileOps.writeAtomically(bytes, to: path)
            try folder.record(item, SHA256Hasher.digest(bytes), slot: k + 1)
        }
        if !plan.extraColumns.isEmpty {
            try folder.recordCells(item, scratch.output.columns.map(\.text))
        }
        let digest: SHA256Digest
        if let rows {
            try rows.write(scratch.output, position: position)
            digest = DatasetRenderer.rowDone
        } else {
            digest = try writeAudioFile(item: item, scratch: &scratch)
        }
        try folder.record(item, digest)
    }

    /// The rendered item keeps the generator's declarations: its length, one file per side-file
    /// kind and one value of the declared kind per column.
    private func checkOutput(_ output: RenderedItem, item: Int, expectedCount: Int) throws {
        let name = generator.generatorName
        guard output.count == expectedCount, output.samples.count >= output.count else {
            throw GeneratorError("generator \(name): item \(item) rendered \(output.count) samples, sampleCount said \(expectedCount)")
        }
        guard output.sideFiles.count == plan.sideFiles.count, output.columns.count == plan.extraColumns.count else {
            throw GeneratorError("generator \(name): item \(item) yielded \(output.sideFiles.count) side files and \(output.columns.count) columns, it declares \(plan.sideFiles.count) and \(plan.extraColumns.count)")
        }
        for (column, value) in zip(plan.extraColumns, output.columns) {
            switch (column.kind, value) {
            case (_, .missing), (.text, .text), (.number, .number), (.integer, .integer): continue
            default:
                throw GeneratorError("generator \(name): item \(item) gave column \(column.name) (\(column.kind.rawValue)) the value \(value)")
            }
        }
    }

    private func writeAudioFile(item: Int, scratch: inout ItemScratch) throws -> SHA256Digest {
        let path = folder.absolute(plan.file(of: item))
        let n = scratch.output.count
        if plan.format == .flac {
            try scratch.flac.encodeFLAC(scratch.output.samples, count: n, sampleRate: plan.sampleRate)
            try FileOps.writeAtomically(scratch.flac.bytes, to: path)
            return SHA256Hasher.digest(scratch.flac.bytes)
        }
        let size = WAVEncoder.encode(scratch.output.samples, count: n, sampleRate: plan.sampleRate,
                                     format: plan.format, into: &scratch.bytes)
        try FileOps.writeAtomically(scratch.bytes, count: size, to: path)
        return SHA256Hasher.digest(scratch.bytes, count: size)
    }

    private func clipError(item: Int, peak: Double) -> ConfigError {
        let config = generator.config
        let safeGain = plan.gain / peak
        return ConfigError(file: config.file, path: "headroom",
                           "item \(item) (\(DatasetSurvey.describe(config, sampler, item))) peaks at \(String(format: "%.4g", peak)) with gain \(String(format: "%.4g", plan.gain)) and would clip in \(plan.format.rawValue), so it was not written; set headroom to a gain of at most \(String(format: "%.4g", safeGain)), or format: float32")
    }
}

/// The partial waveforms.npy of layout npy: a float32 [rows, T] matrix, or, for items of
/// different lengths, the items concatenated (1-D, offsets.npy gives the boundaries). A
/// shard writes its items compactly (position p = its p-th item). Hashed while written.
final class RowFile: @unchecked Sendable {
    private let file: PosixFile
    private let headerSize: Int
    /// Sample offset of each position's row, plus the end.
    let starts: [Int]
    /// True when the file held no rows of this shape (new, or made by a run with another
    /// limit or shard) and was emptied: no row of an earlier run survives in it.
    let wasReset: Bool
    private var hasher: RowStreamHasher?

    /// Opens (or makes) the file for `positions` items of `shard`; hashing starts with
    /// ``startHashing(done:)``.
    init(plan: DatasetPlan, path: String, shard: ShardSpec, positions: Int) throws {
        let starts = plan.starts(of: shard, positions: positions)
        let shape = plan.ragged ? [starts[positions]] : [positions, plan.maxSamples]
        let header = NpyHeader(dtype: .float32, shape: shape).encoded()
        let file = try PosixFile(updatingAt: path)
        self.file = file
        let size = header.count + starts[positions] * 4
        var existing = [UInt8](repeating: 0, count: header.count)
        let read = try file.read(into: &existing, at: 0)
        wasReset = try file.size() != size || read != header.count || existing != header
        if wasReset {
            try file.resize(to: 0)
            try file.resize(to: size)
            try file.write(header, at: 0)
        }
        headerSize = header.count
        self.starts = starts
    }

    /// Starts hashing in the background; rows in `done` (kept from an earlier run) count as
    /// written.
    func startHashing(done: BitSet) {
        let h = RowStreamHasher(file: file, headerSize: headerSize, rowStarts: starts.map { $0 * 4 }, alreadyDone: done)
        h.start()
        hasher = h
    }

    /// Writes the samples of position `position` (thread-safe for distinct positions).
    func write(_ item: RenderedItem, position: Int) throws {
        try file.write(item.samples, count: item.count, at: headerSize + starts[position] * 4)
        hasher?.complete(position)
    }

    /// Stops hashing after a failure.
    func abandon() {
        hasher?.stop()
        _ = try? hasher?.wait()
    }

    /// The file's SHA-256 when every row is written (nil after an interruption).
    func finish() throws -> SHA256Digest? {
        hasher?.stop()
        return try hasher?.wait() ?? nil
    }
}

/// A fixed-size set of small integers (one bit each), read-only once built.
public struct BitSet: Sendable {
    private var words: [UInt64]
    /// Number of members.
    public private(set) var count = 0

    /// An empty set over `0..<count`.
    public init(count: Int) { words = [UInt64](repeating: 0, count: (count + 63) / 64) }

    /// Adds `i`.
    public mutating func insert(_ i: Int) {
        let (w, b) = (i >> 6, UInt64(1) << UInt64(i & 63))
        if words[w] & b == 0 { words[w] |= b; count += 1 }
    }

    /// True when `i` is a member.
    public func contains(_ i: Int) -> Bool { words[i >> 6] & (UInt64(1) << UInt64(i & 63)) != 0 }
}
