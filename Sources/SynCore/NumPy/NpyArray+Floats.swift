#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

extension NpyArray {
    /// Reads a `.npy` file's elements as Float32 in C order, with its shape. A little-endian
    /// float32 C-order file (what `synbench features` writes) is read straight into the result,
    /// so a large features file costs its own size in memory once rather than three times
    /// (file bytes, element bytes, converted values); other dtypes and orders go through
    /// ``init(contentsOf:)`` and ``doubles()``.
    ///
    /// - Throws: ``NumPyFormatError`` for malformed or truncated files, ``InputError`` when the
    ///   file cannot be read.
    public static func floats(contentsOf url: URL) throws -> (shape: [Int], values: [Float]) {
        let fd = open(url.path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return try converted(url) }
        defer { close(fd) }
        var prefix = [UInt8](repeating: 0, count: 65_536)
        let got = prefix.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard got > 0 else { return try converted(url) }
        prefix.removeSubrange(got...)
        guard let (header, offset) = try? NpyHeader.parse(prefix, source: url.path),
              header.dtype == .float32, !header.fortranOrder else { return try converted(url) }
        let count = header.elementCount
        var status = true
        let values = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            let raw = UnsafeMutableRawBufferPointer(buffer)
            var done = 0
            while done < raw.count {
                let n = pread(fd, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { status = false; break }
                done += n
            }
            if !status { raw.initializeMemory(as: UInt8.self, repeating: 0) }
            initialized = count
        }
        guard status else {
            throw NumPyFormatError(source: url.path, reason: "truncated data: the header promises \(header.dataByteCount) bytes for shape \(header.shape)")
        }
        #if _endian(big)
        return (header.shape, values.map { Float(bitPattern: $0.bitPattern.byteSwapped) })
        #else
        return (header.shape, values)
        #endif
    }

    /// Any dtype and order, through the general reader.
    private static func converted(_ url: URL) throws -> (shape: [Int], values: [Float]) {
        let array = try NpyArray(contentsOf: url)
        return (array.shape, array.doubles().map(Float.init))
    }
}
