import CZlib
import Foundation

/// A NumPy `.npz` archive (a ZIP file of `.npy` members, as written by `numpy.savez` and
/// `numpy.savez_compressed`), read fully into memory.
///
/// Supports stored and deflated members and ZIP64 sizes and offsets. Every member's CRC-32 is
/// checked, so a damaged or truncated archive is reported rather than misread.
public struct NpzArchive: Sendable {
    /// The archive's path, used in error messages.
    public let source: String
    /// Member names without the `.npy` suffix, in archive order.
    public let names: [String]
    private let entries: [String: Entry]
    private let bytes: [UInt8]

    /// Stands for a 64-bit size or offset larger than any file: big enough to fail every
    /// range check, small enough that adding a few of them cannot overflow.
    static let implausible = Int.max / 8

    struct Entry: Sendable {
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localHeaderOffset: Int
    }

    /// Opens the archive at `url`.
    ///
    /// - Throws: ``InputError`` when unreadable, ``NumPyFormatError`` when malformed.
    public init(contentsOf url: URL) throws {
        try self.init(bytes: readInputFile(url), source: url.path)
    }

    /// Parses archive bytes; `source` names the archive in errors.
    public init(bytes: [UInt8], source: String) throws {
        self.source = source
        self.bytes = bytes
        func fail(_ why: String) -> NumPyFormatError { NumPyFormatError(source: source, reason: why) }
        // Reads past the end give 0, and 64-bit fields beyond any real file size give
        // `implausible`, so a damaged directory fails the range checks below instead of
        // trapping or overflowing.
        func u16(_ o: Int) -> Int {
            guard o >= 0, o + 1 < bytes.count else { return 0 }
            return Int(bytes[o]) | Int(bytes[o + 1]) << 8
        }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        func u64(_ o: Int) -> Int {
            let high = u32(o + 4)
            return high >= 1 << 16 ? NpzArchive.implausible : u32(o) | high << 32
        }

        guard bytes.count >= 22 else { throw fail("not an .npz archive (too short for a ZIP directory)") }
        var eocd = -1
        var o = bytes.count - 22
        let lowest = max(0, bytes.count - 22 - 65535)
        while o >= lowest {
            if bytes[o] == 0x50, bytes[o + 1] == 0x4B, bytes[o + 2] == 0x05, bytes[o + 3] == 0x06 { eocd = o; break }
            o -= 1
        }
        guard eocd >= 0 else { throw fail("not an .npz archive (no ZIP end-of-directory record; truncated?)") }
        var entryCount = u16(eocd + 10)
        var directorySize = u32(eocd + 12)
        var directoryOffset = u32(eocd + 16)
        if directoryOffset == 0xFFFF_FFFF || entryCount == 0xFFFF, eocd >= 20,
           u32(eocd - 20) == 0x0706_4B50 {
            let record = u64(eocd - 20 + 8)
            guard record + 56 <= bytes.count, u32(record) == 0x0606_4B50 else { throw fail("damaged ZIP64 directory record") }
            entryCount = u64(record + 32)
            directorySize = u64(record + 40)
            directoryOffset = u64(record + 48)
        }
        guard directoryOffset + directorySize <= bytes.count else { throw fail("truncated archive (directory lies past the end of the file)") }

        var names: [String] = []
        var entries: [String: Entry] = [:]
        var p = directoryOffset
        for _ in 0..<entryCount {
            guard p + 46 <= bytes.count, u32(p) == 0x0201_4B50 else { throw fail("damaged ZIP central directory") }
            let method = UInt16(u16(p + 10))
            let crc = UInt32(u32(p + 16))
            var compressed = u32(p + 20)
            var uncompressed = u32(p + 24)
            let nameLength = u16(p + 28), extraLength = u16(p + 30), commentLength = u16(p + 32)
            var localOffset = u32(p + 42)
            guard p + 46 + nameLength + extraLength <= bytes.count else { throw fail("damaged ZIP central directory") }
            let name = String(decoding: bytes[p + 46..<p + 46 + nameLength], as: UTF8.self)
            var e = p + 46 + nameLength
            let extraEnd = e + extraLength
            while e + 4 <= extraEnd {
                let tag = u16(e), size = u16(e + 2)
                if tag == 0x0001 {
                    var q = e + 4
                    if uncompressed == 0xFFFF_FFFF { uncompressed = u64(q); q += 8 }
                    if compressed == 0xFFFF_FFFF { compressed = u64(q); q += 8 }
                    if localOffset == 0xFFFF_FFFF { localOffset = u64(q) }
                }
                e += 4 + size
            }
            let maximumExpansion = 1032  // deflate's largest possible compression ratio
            guard compressed <= bytes.count, uncompressed <= compressed * maximumExpansion + 4096 else {
                throw fail("damaged ZIP central directory (member '\(name)' claims impossible sizes)")
            }
            let key = name.hasSuffix(".npy") ? String(name.dropLast(4)) : name
            names.append(key)
            entries[key] = Entry(method: method, crc: crc, compressedSize: compressed,
                                 uncompressedSize: uncompressed, localHeaderOffset: localOffset)
            p = extraEnd + commentLength
        }
        self.names = names
        self.entries = entries
    }

    /// The member `name` (without `.npy`), parsed.
    ///
    /// - Throws: ``InputError`` naming the available members when `name` is absent, or
    ///   ``NumPyFormatError`` when the member is damaged or uses an unsupported compression.
    public func array(named name: String) throws -> NpyArray {
        guard let entry = entries[name] else {
            throw InputError("\(source): no array '\(name)' in the archive; it holds \(names.map { "'\($0)'" }.joined(separator: ", "))")
        }
        let member = "\(source)[\(name)]"
        func fail(_ why: String) -> NumPyFormatError { NumPyFormatError(source: member, reason: why) }
        let h = entry.localHeaderOffset
        guard h >= 0, h + 30 <= bytes.count, bytes[h] == 0x50, bytes[h + 1] == 0x4B, bytes[h + 2] == 0x03, bytes[h + 3] == 0x04 else {
            throw fail("damaged ZIP local header")
        }
        let start = h + 30 + (Int(bytes[h + 26]) | Int(bytes[h + 27]) << 8) + (Int(bytes[h + 28]) | Int(bytes[h + 29]) << 8)
        guard start + entry.compressedSize <= bytes.count else { throw fail("truncated member data") }
        let payload: [UInt8]
        switch entry.method {
        case 0:
            payload = Array(bytes[start..<start + entry.compressedSize])
        case 8:
            payload = try Inflater.inflate(bytes[start..<start + entry.compressedSize],
                                           expectedSize: entry.uncompressedSize, source: member)
        default:
            throw fail("unsupported ZIP compression method \(entry.method); stored and deflated members are supported")
        }
        guard payload.count == entry.uncompressedSize else { throw fail("member size does not match the directory") }
        guard Inflater.crc32(of: payload) == entry.crc else { throw fail("CRC mismatch: the archive is damaged") }
        return try NpyArray(npyBytes: payload, source: member)
    }
}

/// Raw-deflate decompression and CRC-32 through zlib.
///
/// zlib counts bytes in `uInt` (32 bits), so members of 4 GiB and more are fed to it in
/// pieces of at most `maximumChunk` bytes; `chunk` exists so tests can use tiny pieces.
enum Inflater {
    /// Largest piece handed to one zlib call.
    static let maximumChunk = Int(UInt32.max)

    /// Inflates raw deflate data that must decompress to exactly `expectedSize` bytes.
    static func inflate(_ input: ArraySlice<UInt8>, expectedSize: Int, source: String,
                        chunk: Int = maximumChunk) throws -> [UInt8] {
        func fail(_ why: String) -> NumPyFormatError { NumPyFormatError(source: source, reason: why) }
        let piece = max(1, min(chunk, maximumChunk))
        // One byte more than promised: data that inflates to more is caught, and the
        // buffer is never empty (zlib refuses a null output pointer).
        var output = [UInt8](repeating: 0, count: expectedSize + 1)
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw fail("zlib could not be initialised")
        }
        defer { inflateEnd(&stream) }
        var status = Z_OK
        var consumed = 0, produced = 0
        input.withUnsafeBufferPointer { inBuffer in
            output.withUnsafeMutableBufferPointer { outBuffer in
                guard let outBase = outBuffer.baseAddress else { return }
                while true {
                    // Hand zlib the next piece of whichever side it has used up.
                    if stream.avail_in == 0, consumed < inBuffer.count, let inBase = inBuffer.baseAddress {
                        let n = min(piece, inBuffer.count - consumed)
                        stream.next_in = UnsafeMutablePointer(mutating: inBase + consumed)
                        stream.avail_in = uInt(n)
                        consumed += n
                    }
                    if stream.avail_out == 0, produced < outBuffer.count {
                        let n = min(piece, outBuffer.count - produced)
                        stream.next_out = outBase + produced
                        stream.avail_out = uInt(n)
                        produced += n
                    }
                    status = CZlib.inflate(&stream, Z_NO_FLUSH)
                    if status == Z_OK { continue }
                    // Z_BUF_ERROR: no progress was possible; go on only if a side can be refilled.
                    if status == Z_BUF_ERROR,
                       stream.avail_in == 0 && consumed < inBuffer.count || stream.avail_out == 0 && produced < outBuffer.count {
                        continue
                    }
                    break
                }
            }
        }
        let total = produced - Int(stream.avail_out)
        guard status == Z_STREAM_END, total == expectedSize else {
            let what = status == Z_STREAM_END ? "inflates to more than the \(expectedSize) bytes the directory says"
                : status == Z_BUF_ERROR ? "ends early (truncated?)" : "is not valid deflate data (zlib status \(status))"
            throw fail("damaged member: its compressed data \(what)")
        }
        output.removeLast()
        return output
    }

    /// The CRC-32 of `bytes`, as ZIP records it.
    static func crc32(of bytes: [UInt8], chunk: Int = maximumChunk) -> UInt32 {
        let piece = max(1, min(chunk, maximumChunk))
        var crc: uLong = CZlib.crc32(0, nil, 0)
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            var offset = 0
            while offset < buffer.count {
                let n = min(piece, buffer.count - offset)
                crc = CZlib.crc32(crc, base + offset, uInt(n))
                offset += n
            }
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
