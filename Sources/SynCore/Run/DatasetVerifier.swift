import Foundation

/// Checks a dataset folder against its own manifests (`synbench verify`) and summarises it
/// (`synbench info`).
///
/// verify checks: dataset.json parses; metadata.csv, factors.npy and factor_values.npy
/// have the right header, shape, dtype and exactly the rows the plan implies (recomputed
/// from the factors, seed and sampling in dataset.json); SHA256SUMS lists exactly the
/// expected files and every file's SHA-256 matches; no stray files under audio/. Each
/// problem names its file. It also reports items of different factor values whose audio is
/// byte-identical (equal hashes), which is not an error.
public enum DatasetVerifier {
    /// One finding.
    public struct Problem: Sendable, CustomStringConvertible {
        /// The file concerned, relative to the dataset folder.
        public var file: String
        /// What is wrong.
        public var reason: String
        public var description: String { "\(file): \(reason)" }
    }

    /// Groups of items with byte-identical audio but different factor values.
    public struct Duplicates: Sendable {
        /// Items that share their audio with an item of other factor values.
        public var items: Int
        /// Number of groups.
        public var groups: Int
        /// Up to three example groups (item indices).
        public var examples: [[Int]]
    }

    /// The result of ``verify(folder:jobs:)``.
    public struct Report: Sendable {
        /// The plan read from dataset.json (nil when it could not be read).
        public var plan: DatasetPlan?
        /// Every problem found (empty: the dataset is intact).
        public var problems: [Problem]
        /// Byte-identical audio across different factor values.
        public var duplicates: Duplicates?
        /// Files hashed.
        public var filesChecked: Int
    }

    /// Reads dataset.json of `folder`.
    public static func readPlan(folder: String) throws -> DatasetPlan {
        let path = folder + "/dataset.json"
        guard FileOps.exists(folder).isDirectory else { throw InputError("\(folder): no such folder") }
        guard FileOps.exists(path).exists else {
            if FileOps.exists(folder + "/shard.json").exists {
                throw InputError("\(folder): is a shard folder; join the shards with synbench merge first")
            }
            if FileOps.exists(folder + "/" + DatasetFolder.partialName).exists {
                throw InputError("\(folder): generation is not finished (rerun the generate command to resume it)")
            }
            throw InputError("\(folder): no dataset.json (not a SynBench dataset folder)")
        }
        return try DatasetPlan(json: try DatasetFolder.readJSON(path), source: path)
    }

    /// Verifies `folder` (see the type's documentation).
    public static func verify(folder: String, jobs: Int = defaultJobCount, quiet: Bool = true) throws -> Report {
        let plan = try readPlan(folder: folder)
        var problems: [Problem] = []
        problems += checkTables(plan: plan, folder: folder)
        let (sumsProblems, digests, checked) = try checkSums(plan: plan, folder: folder, jobs: jobs, quiet: quiet)
        problems += sumsProblems
        if plan.layout == .files { problems += strayFiles(plan: plan, folder: folder) }
        let dup = digests.map { duplicates(plan: plan, digests: $0) }
        return Report(plan: plan, problems: problems, duplicates: dup, filesChecked: checked)
    }

    /// Compares metadata.csv, factors.npy and factor_values.npy with the rows recomputed from
    /// the plan, streaming (one item's row at a time), so memory stays flat.
    static func checkTables(plan: DatasetPlan, folder: String) -> [Problem] {
        let n = plan.itemCount
        let k = plan.factors.count
        let sampler = plan.sampler
        var problems: [Problem] = []
        var readers: [(name: String, reader: ChunkReader, rowBytes: Int)] = []
        for (name, dtype) in [("factors.npy", NpyDType.int32), ("factor_values.npy", .float64)] {
            do {
                let file = try PosixFile(readingAt: folder + "/" + name)
                var head = [UInt8](repeating: 0, count: 4096)
                let got = try head.withUnsafeMutableBytes { try file.read(into: $0, at: 0) }
                let (header, offset) = try NpyHeader.parse(Array(head.prefix(got)), source: name)
                guard header.dtype == dtype, header.shape == [n, k], !header.fortranOrder,
                      try file.size() == offset + n * k * dtype.size else {
                    problems.append(Problem(file: name, reason: "shape \(header.shape) \(header.dtype) or size does not match [\(n), \(k)] \(dtype)"))
                    continue
                }
                readers.append((name, ChunkReader(file: file, offset: offset), k * dtype.size))
            } catch let error as NumPyFormatError {
                problems.append(Problem(file: name, reason: error.reason))
            } catch {
                problems.append(Problem(file: name, reason: "missing or unreadable"))
            }
        }
        var csv: LineReader?
        var header = [plan.layout == .npy ? "row" : "file_name"]
        for f in plan.factors { header += [f.name, f.name + "_idx"] }
        if let file = try? PosixFile(readingAt: folder + "/metadata.csv") {
            let lines = LineReader(ChunkReader(file: file, offset: 0))
            if (try? lines.next()) != header.joined(separator: ",") {
                problems.append(Problem(file: "metadata.csv", reason: "header is not \(header.joined(separator: ","))"))
            } else {
                csv = lines
            }
        } else {
            problems.append(Problem(file: "metadata.csv", reason: "missing or unreadable"))
        }
        var bad = Set<String>()
        var indices = [Int32](repeating: 0, count: k)
        var values = [Double](repeating: 0, count: k)
        for i in 0..<n {
            indices.withUnsafeMutableBufferPointer { ib in
                values.withUnsafeMutableBufferPointer { vb in _ = sampler.item(i, indices: ib, values: vb) }
            }
            for r in readers where !bad.contains(r.name) {
                let row = (try? r.reader.read(r.rowBytes)) ?? []
                let expected = r.name == "factors.npy" ? indices.map { $0.littleEndian }.withUnsafeBytes { Array($0) }
                    : values.map { Double(bitPattern: $0.bitPattern.littleEndian) }.withUnsafeBytes { Array($0) }
                if row != expected {
                    bad.insert(r.name)
                    problems.append(Problem(file: r.name, reason: "row \(i) differs from the factors in dataset.json"))
                }
            }
            if let lines = csv, !bad.contains("metadata.csv") {
                var expected = plan.layout == .npy ? String(i) : plan.file(of: i)
                for c in 0..<k {
                    expected += "," + ManifestWriter.csvField(plan.factors[c].text(of: values[c], index: Int(indices[c]))) + ",\(indices[c])"
                }
                let line = try? lines.next()
                if line != expected {
                    bad.insert("metadata.csv")
                    problems.append(Problem(file: "metadata.csv", reason: line == nil
                        ? "\(i) rows, expected \(n)" : "row \(i + 1) is '\(line!)', expected '\(expected)'"))
                }
            }
        }
        if let lines = csv, !bad.contains("metadata.csv"), let extra = try? lines.next(), !extra.isEmpty {
            problems.append(Problem(file: "metadata.csv", reason: "more than the \(n) rows dataset.json counts"))
        }
        return problems
    }

    /// Checks SHA256SUMS; returns the problems, the per-item digests (for duplicates) and
    /// how many files were hashed.
    static func checkSums(plan: DatasetPlan, folder: String, jobs: Int, quiet: Bool)
        throws -> ([Problem], [SHA256Digest]?, Int) {
        guard let text = try? FileOps.readText(folder + "/SHA256SUMS") else {
            return ([Problem(file: "SHA256SUMS", reason: "missing or unreadable")], nil, 0)
        }
        var listed: [(String, SHA256Digest)] = []
        for line in text.split(separator: "\n") {
            guard let entry = SHA256SumsLine(line) else {
                return ([Problem(file: "SHA256SUMS", reason: "malformed line '\(line.prefix(100))'")], nil, 0)
            }
            listed.append((entry.name, entry.digest))
        }
        if plan.layout == .npy {
            guard listed.count == 1, listed[0].0 == "waveforms.npy" else {
                return ([Problem(file: "SHA256SUMS", reason: "must list exactly waveforms.npy")], nil, 0)
            }
            return try checkWaveforms(plan: plan, folder: folder, expected: listed[0].1)
        }
        let n = plan.itemCount
        var problems: [Problem] = []
        if listed.count != n {
            problems.append(Problem(file: "SHA256SUMS", reason: "lists \(listed.count) files, dataset.json counts \(n)"))
        }
        for (p, entry) in listed.prefix(n).enumerated() where entry.0 != plan.file(of: p) {
            problems.append(Problem(file: "SHA256SUMS", reason: "line \(p + 1) names \(entry.0), expected \(plan.file(of: p))"))
            return (problems, nil, 0)
        }
        let found = Locked<[(Int, Problem)]>([])
        let entries = listed
        let progress = ProgressReporter(label: "verify", total: entries.count, quiet: quiet)
        try WorkerPool.run(count: entries.count, jobs: jobs, chunk: 16, makeState: { () }) { _, p in
            let (name, expected) = entries[p]
            let path = folder + "/" + name
            if !FileOps.exists(path).exists {
                found.withLock { $0.append((p, Problem(file: name, reason: "missing"))) }
            } else if let bytes = try? FileOps.readBytes(path) {
                if SHA256Hasher.digest(bytes) != expected {
                    found.withLock { $0.append((p, Problem(file: name, reason: "SHA-256 does not match SHA256SUMS (corrupted or changed)"))) }
                }
            } else {
                found.withLock { $0.append((p, Problem(file: name, reason: "cannot be read"))) }
            }
            progress.advance()
        }
        progress.finish()
        problems += found.withLock { $0 }.sorted { $0.0 < $1.0 }.map(\.1)
        return (problems, listed.map(\.1), entries.count)
    }

    static func checkWaveforms(plan: DatasetPlan, folder: String, expected: SHA256Digest) throws -> ([Problem], [SHA256Digest]?, Int) {
        let path = folder + "/waveforms.npy"
        guard FileOps.exists(path).exists else { return ([Problem(file: "waveforms.npy", reason: "missing")], nil, 0) }
        let file = try PosixFile(readingAt: path)
        var head = [UInt8](repeating: 0, count: 4096)
        let got = try head.withUnsafeMutableBytes { try file.read(into: $0, at: 0) }
        let header: NpyHeader
        let offset: Int
        do {
            (header, offset) = try NpyHeader.parse(Array(head.prefix(got)), source: "waveforms.npy")
        } catch {
            return ([Problem(file: "waveforms.npy", reason: "\(error)")], nil, 1)
        }
        let t = plan.maxSamples
        guard header.dtype == .float32, header.shape == [plan.itemCount, t], try file.size() == offset + plan.itemCount * t * 4 else {
            return ([Problem(file: "waveforms.npy", reason: "shape \(header.shape) \(header.dtype) or size does not match [\(plan.itemCount), \(t)] float32")], nil, 1)
        }
        // One pass: the whole-file hash and a hash per row (for duplicate detection).
        let whole = SHA256Hasher()
        head.withUnsafeBytes { whole.update(UnsafeRawBufferPointer(rebasing: $0.prefix(offset))) }
        var rows: [SHA256Digest] = []
        rows.reserveCapacity(plan.itemCount)
        var row = [UInt8](repeating: 0, count: t * 4)
        for i in 0..<plan.itemCount {
            try row.withUnsafeMutableBytes { b in
                _ = try file.read(into: b, at: offset + i * t * 4)
                whole.update(UnsafeRawBufferPointer(b))
                rows.append(SHA256Hasher.digest(UnsafeRawBufferPointer(b)))
            }
        }
        let problems = whole.finish() == expected ? [] : [Problem(file: "waveforms.npy", reason: "SHA-256 does not match SHA256SUMS (corrupted or changed)")]
        return (problems, rows, 1)
    }

    /// The SHA-256 of every row of waveforms.npy (layout npy), for duplicate detection.
    ///
    /// - Throws: ``NumPyFormatError`` or ``InputError`` when waveforms.npy is not the
    ///   `[count, samples]` float32 array dataset.json describes (checked before any row is
    ///   read, so a damaged dataset.json cannot ask for an impossible row buffer).
    public static func checkWaveformRows(plan: DatasetPlan, folder: String) throws -> [SHA256Digest] {
        let path = folder + "/waveforms.npy"
        let file = try PosixFile(readingAt: path)
        var head = [UInt8](repeating: 0, count: 4096)
        let got = try head.withUnsafeMutableBytes { try file.read(into: $0, at: 0) }
        let (header, offset) = try NpyHeader.parse(Array(head.prefix(got)), source: path)
        let t = plan.maxSamples
        // The header parser has checked that the shape's byte count fits an Int, so once the
        // shape matches, itemCount * t * 4 cannot overflow.
        guard header.dtype == .float32, header.shape == [plan.itemCount, t], !header.fortranOrder,
              try file.size() == offset + plan.itemCount * t * 4 else {
            throw InputError("\(path): shape \(header.shape) \(header.dtype) or size does not match [\(plan.itemCount), \(t)] float32 of dataset.json")
        }
        var row = [UInt8](repeating: 0, count: t * 4)
        var rows: [SHA256Digest] = []
        for i in 0..<plan.itemCount {
            try row.withUnsafeMutableBytes { b in
                _ = try file.read(into: b, at: offset + i * t * 4)
                rows.append(SHA256Hasher.digest(UnsafeRawBufferPointer(b)))
            }
        }
        return rows
    }

    static func strayFiles(plan: DatasetPlan, folder: String) -> [Problem] {
        let fm = FileManager.default
        var problems: [Problem] = []
        guard let folders = try? fm.contentsOfDirectory(atPath: folder + "/audio") else {
            return plan.itemCount > 0 ? [Problem(file: "audio", reason: "missing")] : []
        }
        for sub in folders.sorted() {
            for name in ((try? fm.contentsOfDirectory(atPath: folder + "/audio/" + sub)) ?? []).sorted() {
                let rel = "audio/\(sub)/\(name)"
                if let i = plan.item(ofFile: rel), i < plan.itemCount { continue }
                problems.append(Problem(file: rel, reason: "not listed in SHA256SUMS (stray or temporary file)"))
            }
        }
        return problems
    }

    /// Items whose digest equals that of an item with different factor values.
    public static func duplicates(plan: DatasetPlan, digests: [SHA256Digest]) -> Duplicates {
        var groups: [SHA256Digest: [Int]] = [:]
        for (i, d) in digests.enumerated() { groups[d, default: []].append(i) }
        let sampler = plan.sampler
        var items = 0, count = 0
        var examples: [[Int]] = []
        for members in groups.values.sorted(by: { $0[0] < $1[0] }) where members.count > 1 {
            let values = Set(members.map { sampler.item($0).values })
            guard values.count > 1 else { continue }
            items += members.count
            count += 1
            if examples.count < 3 { examples.append(Array(members.prefix(4))) }
        }
        return Duplicates(items: items, groups: count, examples: examples)
    }

    /// Total bytes of the dataset's files (audio or waveforms.npy, and manifests).
    public static func totalBytes(folder: String) -> Int {
        var total = 0
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: folder) else { return 0 }
        for case let rel as String in walker {
            if let attrs = try? fm.attributesOfItem(atPath: folder + "/" + rel),
               (attrs[.type] as? FileAttributeType) == .typeRegular,
               let size = attrs[.size] as? NSNumber {
                total += size.intValue
            }
        }
        return total
    }
}

/// Sequential reads of a file in 1 MiB blocks.
final class ChunkReader {
    private let file: PosixFile
    private var position: Int
    private var buffer: [UInt8] = []
    private var start = 0

    init(file: PosixFile, offset: Int) {
        self.file = file
        position = offset
    }

    /// Refills the buffer; false at the end of the file.
    fileprivate func fill() throws -> Bool {
        var block = [UInt8](repeating: 0, count: 1 << 20)
        let n = try block.withUnsafeMutableBytes { try file.read(into: $0, at: position) }
        position += n
        buffer = Array(buffer[start...]) + block.prefix(n)
        start = 0
        return n > 0
    }

    /// The next `count` bytes (fewer at the end of the file).
    func read(_ count: Int) throws -> [UInt8] {
        while buffer.count - start < count { if try !fill() { break } }
        let end = min(buffer.count, start + count)
        defer { start = end }
        return Array(buffer[start..<end])
    }

    /// The bytes up to the next newline (without it); nil at the end of the file.
    fileprivate func line() throws -> String? {
        while true {
            if let nl = buffer[start...].firstIndex(of: 0x0A) {
                defer { start = nl + 1 }
                return String(decoding: buffer[start..<nl], as: UTF8.self)
            }
            if try !fill() {
                guard start < buffer.count else { return nil }
                defer { start = buffer.count }
                return String(decoding: buffer[start...], as: UTF8.self)
            }
        }
    }
}

/// Lines of a text file, read in blocks.
final class LineReader {
    private let reader: ChunkReader
    init(_ reader: ChunkReader) { self.reader = reader }
    /// The next line, or nil at the end.
    func next() throws -> String? { try reader.line() }
}
