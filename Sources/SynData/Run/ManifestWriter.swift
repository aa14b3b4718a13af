import Foundation
import SynCore

/// Writes the manifests of a finished folder, streaming over the items (memory flat):
/// `metadata.csv`, `factors.npy`, `factor_values.npy`, `SHA256SUMS`, and `dataset.json` last.
/// A shard folder gets its `SHA256SUMS` and a `shard.json` instead (merge writes the rest).
/// Every file is written under a temporary name and renamed.
///
/// metadata.csv (Hugging Face audiofolder): `file_name`, then per factor its value (the
/// label for categorical factors, shortest round-trip decimal otherwise) and `<name>_idx`.
/// With layout npy the first column is `row` (the row of waveforms.npy) instead.
public enum ManifestWriter {
    /// Writes the manifests of `folder`. `positions` is the number of items of the shard.
    /// `waveformsDigest` is the SHA-256 of the partial waveforms.npy when already known.
    public static func write(plan: DatasetPlan, folder: DatasetFolder, shard: ShardSpec?, positions: Int,
                             waveformsDigest: SHA256Digest? = nil) throws {
        let s = shard ?? ShardSpec(index: 0, count: 1)
        if plan.layout == .npy {
            let digest = try waveformsDigest ?? SHA256Hasher.digest(fileAt: folder.partialWaveforms)
            try FileOps.writeAtomically("\(digest.hex)  waveforms.npy\n", to: folder.absolute("SHA256SUMS"))
        } else {
            try writeSums(plan: plan, folder: folder, shard: s, positions: positions)
        }
        // The rows leave the partial folder only just before the last manifest, so a run
        // killed earlier still finds them there on resume (DatasetFolder.open covers the rest).
        func publishWaveforms() throws {
            if plan.layout == .npy { try FileOps.rename(folder.partialWaveforms, folder.absolute("waveforms.npy")) }
        }
        if let shard {
            let doc = JSONValue.object([
                ("shard", .object([("index", .integer(shard.index)), ("count", .integer(shard.count))])),
                ("items", .integer(positions)),
                ("dataset", plan.json()),
            ])
            try publishWaveforms()
            try FileOps.writeAtomically(doc.serialized(indent: 2) + "\n", to: folder.absolute("shard.json"))
            return
        }
        try writeTables(plan: plan, folder: folder.path)
        try publishWaveforms()
        try FileOps.writeAtomically(plan.json().serialized(indent: 2) + "\n", to: folder.absolute("dataset.json"))
    }

    static func writeSums(plan: DatasetPlan, folder: DatasetFolder, shard: ShardSpec, positions: Int) throws {
        let target = folder.absolute("SHA256SUMS")
        let temp = FileOps.temporaryName(for: target)
        let out = try BufferedWriter(path: temp)
        for p in 0..<positions {
            let item = shard.item(at: p)
            let d = try folder.digest(of: item)
            guard !d.isZero else {
                throw FileSystemError(folder.absolute(plan.file(of: item)), "was not rendered (internal error)", errno: 0)
            }
            try out.write("\(d.hex)  \(plan.file(of: item))\n")
        }
        try out.flush()
        try FileOps.rename(temp, target)
    }

    /// metadata.csv, factors.npy and factor_values.npy of the plan's items.
    public static func writeTables(plan: DatasetPlan, folder: String) throws {
        let n = plan.itemCount
        let k = plan.factors.count
        let sampler = plan.sampler
        let paths = ["metadata.csv", "factors.npy", "factor_values.npy"].map { folder + "/" + $0 }
        let temps = paths.map(FileOps.temporaryName(for:))
        let csv = try BufferedWriter(path: temps[0])
        let idx = try BufferedWriter(path: temps[1])
        let val = try BufferedWriter(path: temps[2])
        var header = [plan.layout == .npy ? "row" : "file_name"]
        for f in plan.factors { header += [f.name, f.name + "_idx"] }
        try csv.write(header.map(csvField).joined(separator: ",") + "\n")
        try NpyHeader(dtype: .int32, shape: [n, k]).encoded().withUnsafeBytes { try idx.write($0) }
        try NpyHeader(dtype: .float64, shape: [n, k]).encoded().withUnsafeBytes { try val.write($0) }
        var indices = [Int32](repeating: 0, count: k)
        var values = [Double](repeating: 0, count: k)
        for i in 0..<n {
            indices.withUnsafeMutableBufferPointer { ib in
                values.withUnsafeMutableBufferPointer { vb in _ = sampler.item(i, indices: ib, values: vb) }
            }
            var line = plan.layout == .npy ? String(i) : plan.file(of: i)
            for c in 0..<k {
                line += "," + csvField(plan.factors[c].text(of: values[c], index: Int(indices[c])))
                line += "," + String(indices[c])
            }
            try csv.write(line + "\n")
            for c in 0..<k {
                indices[c] = indices[c].littleEndian
                values[c] = Double(bitPattern: values[c].bitPattern.littleEndian)
            }
            try indices.withUnsafeBytes { try idx.write($0) }
            try values.withUnsafeBytes { try val.write($0) }
        }
        for w in [csv, idx, val] { try w.flush() }
        for (t, p) in zip(temps, paths) { try FileOps.rename(t, p) }
    }

    /// RFC 4180 quoting when a field holds a comma, quote or newline.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
