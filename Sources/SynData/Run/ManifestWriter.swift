import Foundation
import SynCore

/// Writes the manifests of a finished folder, streaming over the items (memory flat but for
/// the extra-column cells): `metadata.csv`, `factors.npy`, `factor_values.npy`, `offsets.npy`
/// (ragged npy), `SHA256SUMS`, and `dataset.json` last. A shard folder gets its `SHA256SUMS`,
/// `offsets.npy`, `columns.jsonl` and a `shard.json` instead (merge writes the rest).
/// Every file is written under a temporary name and renamed.
///
/// metadata.csv (Hugging Face audiofolder): `file_name`, then per factor its value (the
/// label for categorical factors, shortest round-trip decimal otherwise) and `<name>_idx`.
/// With layout npy the first column is `row` (the row of waveforms.npy) instead. The
/// generator's extra columns follow the factor columns.
public enum ManifestWriter {
    /// Writes the manifests of `folder`. `positions` is the number of items of the shard.
    /// `waveformsDigest` is the SHA-256 of the partial waveforms.npy when already known.
    public static func write(plan: DatasetPlan, folder: DatasetFolder, shard: ShardSpec?, positions: Int,
                             waveformsDigest: SHA256Digest? = nil) throws {
        let s = shard ?? ShardSpec(index: 0, count: 1)
        var leading: [(String, SHA256Digest)] = []
        if plan.layout == .npy {
            leading.append(("waveforms.npy", try waveformsDigest ?? SHA256Hasher.digest(fileAt: folder.partialWaveforms)))
            if plan.ragged {
                let offsets = try writeOffsets(plan: plan, shard: s, positions: positions, to: folder.absolute("offsets.npy"))
                leading.append(("offsets.npy", offsets))
            }
        }
        let cells = { (item: Int) throws -> [String]? in try folder.cells(of: item) }
        // The rows leave the partial folder only just before the last manifest, so a run
        // killed earlier still finds them there on resume (DatasetFolder.open covers the rest).
        func publishWaveforms() throws {
            if plan.layout == .npy { try FileOps.rename(folder.partialWaveforms, folder.absolute("waveforms.npy")) }
        }
        if let shard {
            try writeSums(plan: plan, folder: folder, shard: s, positions: positions, leading: leading, trailing: [])
            if !plan.extraColumns.isEmpty {
                try writeColumnsFile(cells: cells, items: (0..<positions).map(s.item(at:)), to: folder.absolute("columns.jsonl"))
            }
            let doc = JSONValue.object([
                ("shard", .object([("index", .integer(shard.index)), ("count", .integer(shard.count))])),
                ("items", .integer(positions)),
                ("dataset", plan.json()),
            ])
            try publishWaveforms()
            try FileOps.writeAtomically(doc.serialized(indent: 2) + "\n", to: folder.absolute("shard.json"))
            return
        }
        try writeTables(plan: plan, folder: folder.path, cells: cells)
        // Extra-column cells cannot be recomputed from dataset.json (the factor columns can),
        // so metadata.csv itself is listed when it holds them.
        let trailing = plan.extraColumns.isEmpty ? [] : [("metadata.csv", try SHA256Hasher.digest(fileAt: folder.absolute("metadata.csv")))]
        try writeSums(plan: plan, folder: folder, shard: s, positions: positions, leading: leading, trailing: trailing)
        try publishWaveforms()
        try FileOps.writeAtomically(plan.json().serialized(indent: 2) + "\n", to: folder.absolute("dataset.json"))
    }

    /// SHA256SUMS: `leading` (waveforms.npy and offsets.npy for layout npy), then per item its
    /// audio file and side files, then `trailing` (metadata.csv when it holds extra columns).
    static func writeSums(plan: DatasetPlan, folder: DatasetFolder, shard: ShardSpec, positions: Int,
                          leading: [(String, SHA256Digest)], trailing: [(String, SHA256Digest)]) throws {
        let target = folder.absolute("SHA256SUMS")
        let temp = FileOps.temporaryName(for: target)
        let out = try BufferedWriter(path: temp)
        for (name, digest) in leading { try out.write("\(digest.hex)  \(name)\n") }
        let firstSlot = plan.layout == .files ? 0 : 1
        for p in 0..<positions {
            let item = shard.item(at: p)
            let digests = try folder.digests(of: item)
            for (slot, name) in plan.files(of: item).enumerated() {
                let d = digests[slot + firstSlot]
                guard !d.isZero else {
                    throw FileSystemError(folder.absolute(name), "was not rendered (internal error)", errno: 0)
                }
                try out.write("\(d.hex)  \(name)\n")
            }
        }
        for (name, digest) in trailing { try out.write("\(digest.hex)  \(name)\n") }
        try out.flush()
        try FileOps.rename(temp, target)
    }

    /// offsets.npy: int64 [positions + 1], item p = waveforms[offsets[p]..<offsets[p + 1]].
    /// Returns its SHA-256.
    static func writeOffsets(plan: DatasetPlan, shard: ShardSpec, positions: Int, to path: String) throws -> SHA256Digest {
        var bytes = NpyHeader(dtype: .int64, shape: [positions + 1]).encoded()
        bytes.reserveCapacity(bytes.count + 8 * (positions + 1))
        for offset in plan.starts(of: shard, positions: positions) {
            withUnsafeBytes(of: Int64(offset).littleEndian) { bytes.append(contentsOf: $0) }
        }
        try FileOps.writeAtomically(bytes, to: path)
        return SHA256Hasher.digest(bytes)
    }

    /// A shard's columns.jsonl: its items' metadata cells, one JSON array per item in order.
    static func writeColumnsFile(cells: (Int) throws -> [String]?, items: [Int], to path: String) throws {
        let temp = FileOps.temporaryName(for: path)
        let out = try BufferedWriter(path: temp)
        for item in items {
            guard let row = try cells(item) else {
                throw FileSystemError(path, "item \(item) has no metadata cells (internal error)", errno: 0)
            }
            try out.write(JSONValue.array([.integer(item)] + row.map(JSONValue.string)).serialized() + "\n")
        }
        try out.flush()
        try FileOps.rename(temp, path)
    }

    /// The metadata.csv header of `plan`.
    public static func header(_ plan: DatasetPlan) -> [String] {
        var header = [plan.layout == .npy ? "row" : "file_name"]
        for f in plan.factors { header += [f.name, f.name + "_idx"] }
        return header + plan.extraColumns.map(\.name)
    }

    /// metadata.csv, factors.npy and factor_values.npy of the plan's items; `cells` gives
    /// each item's extra-column cells when the plan has extra columns (read one at a time).
    public static func writeTables(plan: DatasetPlan, folder: String,
                                   cells: (Int) throws -> [String]? = { _ in nil }) throws {
        let n = plan.itemCount
        let k = plan.factors.count
        let sampler = plan.sampler
        let paths = ["metadata.csv", "factors.npy", "factor_values.npy"].map { folder + "/" + $0 }
        let temps = paths.map(FileOps.temporaryName(for:))
        let csv = try BufferedWriter(path: temps[0])
        let idx = try BufferedWriter(path: temps[1])
        let val = try BufferedWriter(path: temps[2])
        try csv.write(header(plan).map(csvField).joined(separator: ",") + "\n")
        try idx.write(NpyHeader(dtype: .int32, shape: [n, k]).encoded())
        try val.write(NpyHeader(dtype: .float64, shape: [n, k]).encoded())
        var indices = [Int32](repeating: 0, count: k)
        var values = [Double](repeating: 0, count: k)
        for i in 0..<n {
            _ = sampler.item(i, indices: &indices, values: &values)
            var line = factorCells(plan: plan, item: i, indices: indices, values: values)
            if !plan.extraColumns.isEmpty {
                guard let extra = try cells(i) else {
                    throw FileSystemError(paths[0], "item \(i) has no metadata cells (internal error)", errno: 0)
                }
                for c in extra { line += "," + csvField(c) }
            }
            try csv.write(line + "\n")
            for c in 0..<k {
                indices[c] = indices[c].littleEndian
                values[c] = Double(bitPattern: values[c].bitPattern.littleEndian)
            }
            try idx.write(indices)
            try val.write(values)
        }
        for w in [csv, idx, val] { try w.flush() }
        for (t, p) in zip(temps, paths) { try FileOps.rename(t, p) }
    }

    /// The first part of item `item`'s metadata.csv line: file name (or row) and the factor cells.
    static func factorCells(plan: DatasetPlan, item: Int, indices: [Int32], values: [Double]) -> String {
        var line = plan.layout == .npy ? String(item) : plan.file(of: item)
        for c in plan.factors.indices {
            line += "," + csvField(plan.factors[c].text(of: values[c], index: Int(indices[c])))
            line += "," + String(indices[c])
        }
        return line
    }

    /// RFC 4180 quoting when a field holds a comma, quote or newline.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
