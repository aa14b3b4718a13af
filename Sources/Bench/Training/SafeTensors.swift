import Foundation
import SynCore
import SynData

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One float32 tensor of a safetensors file.
public struct SafeTensor: Sendable, Equatable {
    /// The tensor's name (a PyTorch state-dict key for model weights).
    public var name: String
    /// Dimensions, outermost first.
    public var shape: [Int]
    /// Elements in C order.
    public var values: [Float]

    /// A tensor from its parts; `values.count` must be the product of `shape`.
    public init(name: String, shape: [Int], values: [Float]) {
        precondition(shape.reduce(1, *) == values.count, "SafeTensor '\(name)': \(values.count) values for shape \(shape)")
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// A safetensors file that cannot be read (truncated, foreign, or not float32): exit 2.
public struct SafeTensorsError: UserError, Sendable {
    /// The one-line reason, naming the file.
    public let description: String
    /// An error about `source`.
    public init(_ source: String, _ message: String) { description = "\(source): \(message)" }
}

/// A checkpoint that could not be made durable (exit 1).
public struct CheckpointWriteError: Error, CustomStringConvertible, Sendable {
    /// The path and the reason.
    public let description: String
}

/// The safetensors format (huggingface/safetensors): an 8-byte little-endian header length
/// `n`, `n` bytes of JSON (`{"name": {"dtype", "shape", "data_offsets": [begin, end)}, ...,
/// "__metadata__": {string: string}}`, offsets relative to the byte buffer after the header),
/// then the tensors' bytes. Only float32 (`"F32"`) tensors are written and accepted.
public enum SafeTensors {
    /// The file's bytes: header padded with spaces so the data starts at a multiple of 8 (as
    /// the reference implementation pads), tensors in the given order, contiguous.
    public static func encode(_ tensors: [SafeTensor], metadata: [String: String] = [:]) -> [UInt8] {
        var entries: [String] = []
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0] ?? ""))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for t in tensors {
            let size = t.values.count * 4
            entries.append("\(jsonString(t.name)):{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(offset + size)]}")
            offset += size
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while (8 + header.count) % 8 != 0 { header.append(0x20) }
        var bytes = [UInt8]()
        bytes.reserveCapacity(8 + header.count + offset)
        var length = UInt64(header.count).littleEndian
        withUnsafeBytes(of: &length) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: header)
        for t in tensors {
            for v in t.values {
                var bits = v.bitPattern.littleEndian
                withUnsafeBytes(of: &bits) { bytes.append(contentsOf: $0) }
            }
        }
        return bytes
    }

    /// A JSON string literal of `s`.
    private static func jsonString(_ s: String) -> String { JSONValue.string(s).serialized() }

    /// A JSON number that is a whole number (not 1.5), or nil.
    static func exactInteger(_ value: Any) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double == double.rounded(), abs(double) < 9.0e18 else { return nil }
        return number.intValue
    }

    /// The tensors (in data order) and metadata of a file's bytes.
    ///
    /// - Throws: ``SafeTensorsError`` when the header length, the JSON, a dtype other than F32,
    ///   a shape that does not match its byte range, offsets out of bounds or with holes or
    ///   overlaps, or trailing bytes show the file is truncated, foreign or not ours to read.
    public static func decode(_ bytes: [UInt8], source: String) throws -> (tensors: [SafeTensor], metadata: [String: String]) {
        guard bytes.count >= 8 else { throw SafeTensorsError(source, "not a safetensors file (\(bytes.count) bytes; truncated?)") }
        var length: UInt64 = 0
        for k in 0..<8 { length |= UInt64(bytes[k]) << (8 * UInt64(k)) }
        guard length >= 2, length <= UInt64(bytes.count - 8), length <= 100_000_000 else {
            throw SafeTensorsError(source, "not a safetensors file (header length \(length) for a file of \(bytes.count) bytes; truncated or foreign)")
        }
        let headerEnd = 8 + Int(length)
        guard bytes[8] == UInt8(ascii: "{"),
              let json = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])),
              let object = json as? [String: Any] else {
            throw SafeTensorsError(source, "not a safetensors file (the header is not a JSON object)")
        }
        var metadata: [String: String] = [:]
        var ranges: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for (key, value) in object {
            if key == "__metadata__" {
                guard let map = value as? [String: Any] else { throw SafeTensorsError(source, "__metadata__ is not an object") }
                for (k, v) in map {
                    guard let text = v as? String else { throw SafeTensorsError(source, "__metadata__ '\(k)' is not a string") }
                    metadata[k] = text
                }
                continue
            }
            guard let entry = value as? [String: Any], let dtype = entry["dtype"] as? String,
                  let shape = (entry["shape"] as? [Any])?.compactMap(Self.exactInteger),
                  let offsets = (entry["data_offsets"] as? [Any])?.compactMap(Self.exactInteger),
                  offsets.count == 2, shape.count == (entry["shape"] as? [Any])?.count else {
                throw SafeTensorsError(source, "tensor '\(key)' has no valid dtype, shape and data_offsets")
            }
            guard dtype == "F32" else { throw SafeTensorsError(source, "tensor '\(key)' has dtype \(dtype); only F32 is supported") }
            // A hostile shape must not trap: the element count is computed with overflow checks.
            let bytes = shape.reduce(Optional(4)) { partial, dimension in
                guard let partial, dimension >= 0 else { return nil }
                let (product, overflow) = partial.multipliedReportingOverflow(by: dimension)
                return overflow ? nil : product
            }
            guard let bytes, offsets[0] >= 0, offsets[1] >= offsets[0], offsets[1] - offsets[0] == bytes else {
                throw SafeTensorsError(source, "tensor '\(key)': shape \(shape) does not fill data_offsets \(offsets)")
            }
            ranges.append((key, shape, offsets[0], offsets[1]))
        }
        ranges.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var expected = 0
        for r in ranges {
            guard r.begin == expected else {
                throw SafeTensorsError(source, "tensor '\(r.name)' starts at byte \(r.begin) of the data; expected \(expected) (holes or overlaps)")
            }
            expected = r.end
        }
        let dataSize = bytes.count - headerEnd
        guard expected == dataSize else {
            throw SafeTensorsError(source, expected > dataSize
                ? "truncated: the header needs \(expected) data bytes, the file has \(dataSize)"
                : "\(dataSize - expected) bytes after the last tensor")
        }
        var tensors: [SafeTensor] = []
        for r in ranges {
            var values = [Float](repeating: 0, count: (r.end - r.begin) / 4)
            for i in values.indices {
                let p = headerEnd + r.begin + 4 * i
                let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                values[i] = Float(bitPattern: bits)
            }
            tensors.append(SafeTensor(name: r.name, shape: r.shape, values: values))
        }
        return (tensors, metadata)
    }

    /// Reads and decodes the file at `path`.
    ///
    /// - Throws: ``InputError`` when it cannot be read, ``SafeTensorsError`` when it is not a
    ///   float32 safetensors file.
    public static func read(path: String) throws -> (tensors: [SafeTensor], metadata: [String: String]) {
        guard let data = FileManager.default.contents(atPath: path) else { throw InputError("\(path): cannot read the file") }
        return try decode([UInt8](data), source: path)
    }

    /// Writes `bytes` to `path` atomically and durably: a temporary file in the same folder,
    /// fsync, rename, then fsync of the folder.
    public static func writeDurably(_ bytes: [UInt8], to path: String) throws {
        let temp = FileOps.temporaryName(for: path)
        do {
            let file = try PosixFile(writingAt: temp, truncate: true)
            try file.append(bytes)
            guard fsync(file.descriptor) == 0 else { throw CheckpointWriteError(description: "\(temp): fsync failed (errno \(errno))") }
        }
        try FileOps.rename(temp, path)
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(folder.isEmpty ? "/" : folder, O_RDONLY)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }
}
