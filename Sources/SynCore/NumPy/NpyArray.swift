import Foundation

/// An array read from a NumPy `.npy` file (or an `.npz` member), held in C (row-major) order.
///
/// Accepts format versions 1.0-3.0, little-endian numeric dtypes, C and Fortran order (Fortran
/// data is reordered on load).
public struct NpyArray: Sendable {
    /// Element type as stored in the file.
    public let dtype: NpyDType
    /// Shape.
    public let shape: [Int]
    /// Raw little-endian element bytes in C order.
    public let bytes: [UInt8]

    /// Reads a `.npy` file.
    ///
    /// - Throws: ``NumPyFormatError`` for malformed, truncated or unsupported files, and
    ///   ``InputError`` when the file cannot be read.
    public init(contentsOf url: URL) throws {
        try self.init(npyBytes: readInputFile(url), source: url.path)
    }

    /// Parses the bytes of a complete `.npy` file; `source` names it in errors.
    public init(npyBytes: [UInt8], source: String) throws {
        let (header, offset) = try NpyHeader.parse(npyBytes, source: source)
        let count = header.dataByteCount
        guard npyBytes.count - offset >= count else {
            throw NumPyFormatError(source: source, reason: "truncated data: the header promises \(count) bytes for shape \(header.shape), the file holds \(npyBytes.count - offset)")
        }
        dtype = header.dtype
        shape = header.shape
        let raw = Array(npyBytes[offset..<offset + count])
        if header.fortranOrder && header.shape.count > 1 {
            bytes = NpyArray.fortranToC(raw, shape: header.shape, itemSize: header.dtype.size)
        } else {
            bytes = raw
        }
    }

    /// Wraps C-order bytes already in memory.
    public init(dtype: NpyDType, shape: [Int], bytes: [UInt8]) {
        precondition(bytes.count == shape.reduce(1, *) * dtype.size, "byte count does not match the shape")
        self.dtype = dtype
        self.shape = shape
        self.bytes = bytes
    }

    /// Number of elements.
    public var count: Int { shape.reduce(1, *) }

    /// The elements converted to Double, in C order.
    public func doubles() -> [Double] {
        let n = count
        return bytes.withUnsafeBytes { raw -> [Double] in
            switch dtype {
            case .float64: return (0..<n).map { Double(bitPattern: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self).littleEndian) }
            case .float32: return (0..<n).map { Double(Float(bitPattern: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self).littleEndian)) }
            case .int64: return (0..<n).map { Double(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))) }
            case .uint64: return (0..<n).map { Double(UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self))) }
            case .int32: return (0..<n).map { Double(Int32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: Int32.self))) }
            case .uint32: return (0..<n).map { Double(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self))) }
            case .int16: return (0..<n).map { Double(Int16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: Int16.self))) }
            case .uint16: return (0..<n).map { Double(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) }
            case .int8: return (0..<n).map { Double(Int8(bitPattern: raw[$0])) }
            case .uint8, .bool: return (0..<n).map { Double(raw[$0]) }
            }
        }
    }

    /// The elements as integers, in C order. Float arrays are accepted when every value is a
    /// whole number; otherwise this throws naming the first offending element.
    public func integers(source: String) throws -> [Int] {
        if !dtype.isFloatingPoint {
            if dtype == .uint64 {
                return try bytes.withUnsafeBytes { raw in
                    try (0..<count).map { i in
                        let v = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self))
                        guard v <= UInt64(Int.max) else { throw NumPyFormatError(source: source, reason: "element \(i) (\(v)) does not fit a signed 64-bit integer") }
                        return Int(v)
                    }
                }
            }
            if dtype == .int64 {
                return bytes.withUnsafeBytes { raw in
                    (0..<count).map { Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))) }
                }
            }
            return doubles().map { Int($0) }
        }
        let values = doubles()
        var out = [Int]()
        out.reserveCapacity(values.count)
        for (i, v) in values.enumerated() {
            guard v.isFinite, v == v.rounded(), abs(v) < 9.0e15 else {
                throw NumPyFormatError(source: source, reason: "element \(i) is \(v); integer labels (or whole-number floats) are required")
            }
            out.append(Int(v))
        }
        return out
    }

    private static func fortranToC(_ raw: [UInt8], shape: [Int], itemSize: Int) -> [UInt8] {
        let n = shape.reduce(1, *)
        var out = [UInt8](repeating: 0, count: raw.count)
        var fortranStrides = [Int](repeating: 1, count: shape.count)
        for d in 1..<shape.count { fortranStrides[d] = fortranStrides[d - 1] * shape[d - 1] }
        var index = [Int](repeating: 0, count: shape.count)
        for c in 0..<n {
            var f = 0
            for d in 0..<shape.count { f += index[d] * fortranStrides[d] }
            for b in 0..<itemSize { out[c * itemSize + b] = raw[f * itemSize + b] }
            var d = shape.count - 1
            while d >= 0 {
                index[d] += 1
                if index[d] < shape[d] { break }
                index[d] = 0
                d -= 1
            }
        }
        return out
    }
}

/// The bytes of a file the user named, or an ``InputError`` saying why it cannot be read.
func readInputFile(_ url: URL) throws -> [UInt8] {
    do {
        return [UInt8](try Data(contentsOf: url))
    } catch {
        let why = FileManager.default.fileExists(atPath: url.path)
            ? "permission denied or not a regular file" : "no such file"
        throw InputError("\(url.path): cannot read the file (\(why))")
    }
}
