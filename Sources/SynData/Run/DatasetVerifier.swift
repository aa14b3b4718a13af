import Foundation
import SynCore

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
        problems += strayFiles(plan: plan, folder: folder)
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
                let (header, offset, _) = try file.readNpyHeader(source: name)
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
        let header = ManifestWriter.header(plan).map(ManifestWriter.csvField)
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
            _ = sampler.item(i, indices: &indices, values: &values)
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
                let expected = ManifestWriter.factorCells(plan: plan, item: i, indices: indices, values: values)
                let line = try? lines.next()
                if let reason = checkRow(line, factorCells: expected, plan: plan) {
                    bad.insert("metadata.csv")
                    problems.append(Problem(file: "metadata.csv", reason: line == nil
                        ? "\(i) rows, expected \(n)" : "row \(i + 1) \(reason)"))
                }
            }
        }
        if let lines = csv, !bad.contains("metadata.csv"), let extra = try? lines.next(), !extra.isEmpty {
            problems.append(Problem(file: "metadata.csv", reason: "more than the \(n) rows dataset.json counts"))
        }
        return problems
    }

    /// Why a metadata.csv line is wrong (nil when right): its factor cells must be exactly
    /// the recomputed ones, and it must have one cell per extra column, numeric where declared.
    static func checkRow(_ line: String?, factorCells expected: String, plan: DatasetPlan) -> String? {
        guard let line else { return "is missing" }
        if plan.extraColumns.isEmpty {
            return line == expected ? nil : "is '\(line.prefix(200))', expected '\(expected)'"
        }
        guard line.hasPrefix(expected + ",") else {
            return "is '\(line.prefix(200))', expected it to start with '\(expected)'"
        }
        guard let cells = CSVLine.fields(String(line.dropFirst(expected.count + 1))), cells.count == plan.extraColumns.count else {
            return "does not have one well-formed cell per extra column (\(plan.extraColumns.map(\.name).joined(separator: ", ")))"
        }
        for (column, cell) in zip(plan.extraColumns, cells) where !cell.isEmpty {
            switch column.kind {
            case .text: continue
            case .number where Double(cell) != nil || ["nan", "inf", "-inf"].contains(cell): continue
            case .integer where Int(cell) != nil: continue
            default: return "column \(column.name) holds '\(cell.prefix(40))', not a \(column.kind.rawValue)"
            }
        }
        return nil
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
        // The expected names: waveforms.npy (and offsets.npy) first for layout npy, then
        // every item's files in item order, then metadata.csv when it holds extra columns.
        let leading = plan.leadingFiles
        let trailing = plan.extraColumns.isEmpty ? [] : ["metadata.csv"]
        let perItem = plan.itemFolders.count
        let n = plan.itemCount
        var problems: [Problem] = []
        let expectedCount = leading.count + n * perItem + trailing.count
        func expectedName(_ p: Int) -> String {
            if p < leading.count { return leading[p] }
            let q = p - leading.count
            if q < n * perItem { return plan.files(of: q / perItem)[q % perItem] }
            return trailing[q - n * perItem]
        }
        if listed.count != expectedCount {
            problems.append(Problem(file: "SHA256SUMS", reason: "lists \(listed.count) files, dataset.json implies \(expectedCount)"))
        }
        for (p, entry) in listed.prefix(expectedCount).enumerated() where entry.0 != expectedName(p) {
            problems.append(Problem(file: "SHA256SUMS", reason: "line \(p + 1) names \(entry.0), expected \(expectedName(p))"))
            return (problems, nil, 0)
        }
        var itemDigests: [SHA256Digest]?
        var checked = 0
        if plan.layout == .npy, listed.count >= leading.count {
            let (rowProblems, rows, count) = try checkWaveforms(plan: plan, folder: folder, expected: Array(listed.prefix(leading.count).map(\.1)))
            problems += rowProblems
            itemDigests = rows
            checked += count
        }
        // Only names that matched are opened: a line beyond the expected ones is reported above,
        // never read (it could name any path).
        let entries = Array(listed.prefix(expectedCount).dropFirst(leading.count))
        if plan.layout == .files, entries.count == n * perItem + trailing.count {
            itemDigests = stride(from: 0, to: n * perItem, by: perItem).map { entries[$0].1 }
        }
        let found = Locked<[(Int, Problem)]>([])
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
        return (problems, itemDigests, checked + entries.count)
    }

    /// Checks waveforms.npy (and offsets.npy when ragged) against their SHA256SUMS digests
    /// and shapes; returns the problems, one digest per item (for duplicates) and the files read.
    static func checkWaveforms(plan: DatasetPlan, folder: String, expected: [SHA256Digest]) throws -> ([Problem], [SHA256Digest]?, Int) {
        var problems: [Problem] = []
        var offsets: [Int] = []
        if plan.ragged {
            do {
                offsets = try readOffsets(plan: plan, folder: folder)
            } catch let error as UserError {
                let reason = error.description.replacingOccurrences(of: folder + "/offsets.npy: ", with: "")
                return ([Problem(file: "offsets.npy", reason: reason)], nil, 1)
            }
            if expected.count > 1, (try? SHA256Hasher.digest(fileAt: folder + "/offsets.npy")) != expected[1] {
                problems.append(Problem(file: "offsets.npy", reason: "SHA-256 does not match SHA256SUMS (corrupted or changed)"))
            }
            let longest = zip(offsets.dropFirst(), offsets).map { $0 - $1 }.max() ?? 0
            if longest != plan.maxSamples {
                problems.append(Problem(file: "offsets.npy", reason: "the longest item has \(longest) samples, dataset.json's audio.samples says \(plan.maxSamples)"))
            }
        }
        guard let starts = plan.itemStarts(offsets: offsets) else {
            return ([Problem(file: "waveforms.npy", reason: "does not match [\(plan.itemCount), \(plan.maxSamples)] float32: too large")], nil, 1)
        }
        let path = folder + "/waveforms.npy"
        guard FileOps.exists(path).exists else { return (problems + [Problem(file: "waveforms.npy", reason: "missing")], nil, 1) }
        let rows: [SHA256Digest]
        do {
            let (whole, perItem) = try hashItems(plan: plan, path: path, starts: starts)
            if whole != expected.first {
                problems.append(Problem(file: "waveforms.npy", reason: "SHA-256 does not match SHA256SUMS (corrupted or changed)"))
            }
            rows = perItem
        } catch let error as UserError {
            return (problems + [Problem(file: "waveforms.npy", reason: error.description)], nil, 1)
        }
        return (problems, rows, plan.ragged ? 2 : 1)
    }

    /// offsets.npy of a ragged dataset: int64 [N + 1], 0 first, non-decreasing, the last
    /// equal to `audio.total_samples`.
    public static func readOffsets(plan: DatasetPlan, folder: String) throws -> [Int] {
        try readOffsets(path: folder + "/offsets.npy", items: plan.itemCount, totalSamples: plan.totalSamples, exact: true)
    }

    /// An offsets.npy of `items` items: int64 [items + 1], 0 first, non-decreasing, ending at
    /// `totalSamples` (`exact`) or at most there (a shard's). Errors name the file.
    static func readOffsets(path: String, items: Int, totalSamples: Int, exact: Bool) throws -> [Int] {
        guard FileOps.exists(path).exists else { throw InputError("\(path): missing (a ragged dataset needs it)") }
        let array = try NpyArray(contentsOf: URL(fileURLWithPath: path))
        guard array.dtype == .int64, array.shape == [items + 1] else {
            throw InputError("\(path): shape \(array.shape) \(array.dtype), expected [\(items + 1)] int64")
        }
        let offsets = try array.integers(source: path)
        let last = offsets.last ?? 0
        guard offsets.first == 0, exact ? last == totalSamples : last <= totalSamples,
              zip(offsets, offsets.dropFirst()).allSatisfy({ $0 <= $1 }) else {
            throw InputError("\(path): offsets must start at 0, never decrease and end \(exact ? "at" : "at most at") \(totalSamples) (audio.total_samples)")
        }
        return offsets
    }

    /// The SHA-256 of waveforms.npy and of each item's samples (`starts` in samples, N + 1),
    /// checking its dtype and shape against the plan.
    static func hashItems(plan: DatasetPlan, path: String, starts: ItemStarts) throws -> (SHA256Digest, [SHA256Digest]) {
        let file = try PosixFile(readingAt: path)
        let (header, offset, head) = try file.readNpyHeader(source: "waveforms.npy")
        let shape = plan.ragged ? [plan.totalSamples] : [plan.itemCount, plan.maxSamples]
        guard header.dtype == .float32, header.shape == shape, !header.fortranOrder,
              try file.size() == offset + starts[plan.itemCount] * 4 else {
            throw InputError("shape \(header.shape) \(header.dtype) or size does not match \(shape) float32 of dataset.json")
        }
        // One pass: the whole-file hash and a hash per item (for duplicate detection).
        let whole = SHA256Hasher()
        whole.update(head)
        var rows: [SHA256Digest] = []
        rows.reserveCapacity(plan.itemCount)
        var row: [UInt8] = []
        for i in 0..<plan.itemCount {
            let size = (starts[i + 1] - starts[i]) * 4
            if row.count != size { row = [UInt8](repeating: 0, count: size) }
            _ = try file.read(into: &row, at: offset + starts[i] * 4)
            whole.update(row)
            rows.append(SHA256Hasher.digest(row))
        }
        return (whole.finish(), rows)
    }

    /// The SHA-256 of every item's samples in waveforms.npy (layout npy), for duplicate detection.
    public static func checkWaveformRows(plan: DatasetPlan, folder: String) throws -> [SHA256Digest] {
        guard let starts = plan.itemStarts(offsets: plan.ragged ? try readOffsets(plan: plan, folder: folder) : []) else {
            throw InputError("\(folder)/waveforms.npy: does not match [\(plan.itemCount), \(plan.maxSamples)] float32 of dataset.json: too large")
        }
        do {
            return try hashItems(plan: plan, path: folder + "/waveforms.npy", starts: starts).1
        } catch let error as InputError {
            throw InputError("\(folder)/waveforms.npy: \(error.message)")
        }
    }

    static func strayFiles(plan: DatasetPlan, folder: String) -> [Problem] {
        let fm = FileManager.default
        var problems: [Problem] = []
        for top in plan.itemFolders {
            guard let folders = try? fm.contentsOfDirectory(atPath: folder + "/" + top) else {
                if plan.itemCount > 0 { problems.append(Problem(file: top, reason: "missing")) }
                continue
            }
            for sub in folders.sorted() {
                for name in ((try? fm.contentsOfDirectory(atPath: folder + "/" + top + "/" + sub)) ?? []).sorted() {
                    let rel = "\(top)/\(sub)/\(name)"
                    if let (i, _) = plan.item(ofPath: rel), i < plan.itemCount { continue }
                    problems.append(Problem(file: rel, reason: "not listed in SHA256SUMS (stray or temporary file)"))
                }
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
        let n = try file.read(into: &block, at: position)
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
