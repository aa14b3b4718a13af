import Foundation

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

/// Renders a dataset (or one shard of it) into a folder, streaming: each worker renders one
/// item at a time into its own buffers, writes it under a temporary name, renames it and
/// records its SHA-256; the manifests are written last from the recorded digests.
public enum DatasetRenderer {
    /// Renders `plan` with `generator` into `out`. Throws ``InterruptedError`` when stopped
    /// by a signal (complete items kept, nothing partial under a final name).
    public static func run(generator: any DatasetGenerator, plan: DatasetPlan, out: String,
                           options: RenderOptions) throws -> RenderSummary {
        let folder = try DatasetFolder(path: out, plan: plan, shard: options.shard)
        try folder.open()
        let shard = options.shard ?? ShardSpec(index: 0, count: 1)
        let positions = shard.itemCount(of: plan.itemCount)
        let done = try completedPositions(folder: folder, shard: shard, positions: positions)
        let pending = positions - done.count
        let progress = ProgressReporter(label: "generate \(plan.name)", total: pending, quiet: options.quiet)
        if options.handleSignals { InterruptSignal.install() }
        defer { if options.handleSignals { InterruptSignal.uninstall() } }

        // A run that does not handle signals ignores the flag, which another run in the same
        // process may have set.
        let handleSignals = options.handleSignals
        let stop: @Sendable () -> Bool = { handleSignals && InterruptSignal.isSet }
        let rendered: Int
        var waveformsDigest: SHA256Digest?
        switch plan.layout {
        case .files:
            rendered = try renderFiles(generator: generator, plan: plan, folder: folder, shard: shard,
                                       positions: positions, done: done, jobs: options.jobs, progress: progress, stop: stop)
        case .npy:
            (rendered, waveformsDigest) = try renderRows(generator: generator, plan: plan, folder: folder, shard: shard,
                                                         positions: positions, done: done, jobs: options.jobs, progress: progress,
                                                         stop: stop)
        }
        progress.finish()
        if options.handleSignals, let s = InterruptSignal.received {
            let complete = done.count + rendered
            throw InterruptedError(signal: s, message: "interrupted by \(s == SIGTERM ? "SIGTERM" : "SIGINT"): \(complete) of \(positions) items are complete in \(out); run the same command again to resume")
        }
        try ManifestWriter.write(plan: plan, folder: folder, shard: options.shard, positions: positions,
                                 waveformsDigest: waveformsDigest)
        folder.close()
        return RenderSummary(rendered: rendered, kept: done.count)
    }

    /// Positions already finished by an earlier run (files: digest recorded and file present;
    /// rows: digest recorded).
    static func completedPositions(folder: DatasetFolder, shard: ShardSpec, positions: Int) throws -> BitSet {
        var done = BitSet(count: positions)
        guard folder.resumed else { return done }
        let block = 4096
        var p = 0
        while p < positions {
            let end = min(positions, p + block)
            for q in p..<end {
                let item = shard.item(at: q)
                if try folder.digest(of: item).isZero { continue }
                if folder.plan.layout == .files, !FileOps.exists(folder.absolute(folder.plan.file(of: item))).exists { continue }
                done.insert(q)
            }
            p = end
        }
        return done
    }

    static func renderFiles(generator: any DatasetGenerator, plan: DatasetPlan, folder: DatasetFolder,
                            shard: ShardSpec, positions: Int, done: BitSet, jobs: Int,
                            progress: ProgressReporter, stop: @Sendable () -> Bool) throws -> Int {
        var lastFolder = -1
        for p in 0..<positions {
            let item = shard.item(at: p)
            let f = item / DatasetPlan.filesPerFolder
            if f != lastFolder { try FileOps.makeDirectory(folder.absolute(plan.folder(of: item))); lastFolder = f }
        }
        let sampler = plan.sampler
        let k = plan.factors.count
        let maxBytes = WAVEncoder.fileSize(format: plan.format == .flac ? .pcm16 : plan.format, count: plan.maxSamples)
        let rendered = Locked(0)
        final class Scratch {
            var indices: [Int32]
            var values: [Double]
            var samples: [Float]
            var bytes: [UInt8]
            let flac = SoundFileEncoder()
            init(k: Int, samples: Int, bytes: Int) {
                indices = [Int32](repeating: 0, count: k)
                values = [Double](repeating: 0, count: k)
                self.samples = [Float](repeating: 0, count: samples)
                self.bytes = [UInt8](repeating: 0, count: bytes)
            }
        }
        // Each worker claims a folder's worth of items at a time: two threads creating files
        // in one folder contend for its lock, which costs more system time than the writes.
        let chunk = max(1, DatasetPlan.filesPerFolder / shard.count)
        try WorkerPool.run(count: positions, jobs: jobs, chunk: chunk, shouldStop: stop,
                           makeState: { Scratch(k: k, samples: max(plan.maxSamples, 1), bytes: maxBytes) }) { s, p in
            if done.contains(p) { return }
            let item = shard.item(at: p)
            let n = render(generator: generator, sampler: sampler, item: item, gain: plan.gain,
                           indices: &s.indices, values: &s.values, samples: &s.samples)
            let path = folder.absolute(plan.file(of: item))
            let digest: SHA256Digest
            if plan.format == .flac {
                try s.samples.withUnsafeBufferPointer {
                    try s.flac.encodeFLAC(UnsafeBufferPointer(rebasing: $0.prefix(n)), sampleRate: plan.sampleRate)
                }
                digest = SHA256Hasher.digest(s.flac.bytes)
                try s.flac.bytes.withUnsafeBytes { try FileOps.writeAtomically($0, to: path) }
            } else {
                let size = s.samples.withUnsafeBufferPointer { src in
                    s.bytes.withUnsafeMutableBytes { dst in
                        WAVEncoder.encode(UnsafeBufferPointer(rebasing: src.prefix(n)), sampleRate: plan.sampleRate,
                                          format: plan.format, into: dst)
                    }
                }
                digest = try s.bytes.withUnsafeBytes { raw -> SHA256Digest in
                    let file = UnsafeRawBufferPointer(rebasing: raw.prefix(size))
                    try FileOps.writeAtomically(file, to: path)
                    return SHA256Hasher.digest(file)
                }
            }
            try folder.record(item, digest)
            rendered.add(1)
            progress.advance()
        }
        return rendered.current
    }

    static func render(generator: any DatasetGenerator, sampler: ItemSampler, item: Int, gain: Double,
                       indices: inout [Int32], values: inout [Double], samples: inout [Float]) -> Int {
        indices.withUnsafeMutableBufferPointer { ib in
            values.withUnsafeMutableBufferPointer { vb in
                var rng = sampler.item(item, indices: ib, values: vb)
                return samples.withUnsafeMutableBufferPointer { out in
                    generator.render(values: UnsafeBufferPointer(vb), gain: gain, rng: &rng, into: out)
                }
            }
        }
    }

    /// The journal mark of a finished npy row (rows are hashed as one file at the end, so
    /// the per-row entry only needs to be non-zero).
    static let rowDone = SHA256Digest(bytes: [1] + [UInt8](repeating: 0, count: 31))

    /// Layout npy: rows of a preallocated float32 [rows, T] file, written at their offsets.
    /// A shard writes its rows compactly (row p = its p-th item); the whole dataset, row i =
    /// item i.
    static func renderRows(generator: any DatasetGenerator, plan: DatasetPlan, folder: DatasetFolder,
                           shard: ShardSpec, positions: Int, done: BitSet, jobs: Int,
                           progress: ProgressReporter,
                           stop: @Sendable () -> Bool) throws -> (rendered: Int, digest: SHA256Digest?) {
        let t = plan.maxSamples
        let header = NpyHeader(dtype: .float32, shape: [positions, t]).encoded()
        let file = try PosixFile(updatingAt: folder.partialWaveforms)
        let size = header.count + positions * t * 4
        if try file.size() != size {
            try file.resize(to: 0)
            try file.resize(to: size)
        }
        try header.withUnsafeBytes { try file.write($0, at: 0) }
        let sampler = plan.sampler
        let k = plan.factors.count
        let rendered = Locked(0)
        final class Scratch {
            var indices: [Int32]
            var values: [Double]
            var samples: [Float]
            init(k: Int, samples: Int) {
                indices = [Int32](repeating: 0, count: k)
                values = [Double](repeating: 0, count: k)
                self.samples = [Float](repeating: 0, count: samples)
            }
        }
        let hasher = RowStreamHasher(file: file, headerSize: header.count, rowSize: t * 4, rows: positions, alreadyDone: done)
        hasher.start()
        do {
            try WorkerPool.run(count: positions, jobs: jobs, chunk: 8, shouldStop: stop,
                               makeState: { Scratch(k: k, samples: max(t, 1)) }) { s, p in
                if done.contains(p) { return }
                let item = shard.item(at: p)
                let n = render(generator: generator, sampler: sampler, item: item, gain: plan.gain,
                               indices: &s.indices, values: &s.values, samples: &s.samples)
                try s.samples.withUnsafeMutableBufferPointer { buf in
                    for j in n..<t { buf[j] = 0 }
                    try file.write(UnsafeRawBufferPointer(buf), at: header.count + p * t * 4)
                }
                try folder.record(item, DatasetRenderer.rowDone)
                hasher.complete(p)
                rendered.add(1)
                progress.advance()
            }
        } catch {
            hasher.stop()
            _ = try? hasher.wait()
            throw error
        }
        hasher.stop()
        return (rendered.current, try hasher.wait())
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
