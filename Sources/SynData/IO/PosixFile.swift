#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import SynCore

#if canImport(Glibc)
private let posixWrite = Glibc.write
private let posixRename = Glibc.rename
#else
private let posixWrite = Darwin.write
private let posixRename = Darwin.rename
#endif

/// A failure of the file system (exit code 1): names the path and the system's reason.
public struct FileSystemError: Error, CustomStringConvertible {
    /// The path concerned.
    public var path: String
    /// What was being done and why it failed.
    public var message: String
    public var description: String { "\(path): \(message)" }

    init(_ path: String, _ what: String, errno code: Int32 = errno) {
        self.path = path
        message = "\(what): \(String(cString: strerror(code)))"
    }
}

/// An open file descriptor; closes in deinit. All positional I/O (pread/pwrite) so several
/// threads can write rows of one file at once.
public final class PosixFile: @unchecked Sendable {
    /// The descriptor.
    public let descriptor: Int32
    /// The path it was opened at.
    public let path: String

    /// Opens an existing file for reading.
    public init(readingAt path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw FileSystemError(path, "cannot open") }
        descriptor = fd
        self.path = path
    }

    /// Opens for writing, creating it (mode 0644); `truncate` empties an existing file.
    public init(writingAt path: String, truncate: Bool) throws {
        let flags = O_WRONLY | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw FileSystemError(path, "cannot create") }
        descriptor = fd
        self.path = path
    }

    /// Opens for reading and writing, creating it when missing.
    public init(updatingAt path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystemError(path, "cannot open for update") }
        descriptor = fd
        self.path = path
    }

    /// Opens for appending (every write lands at the end, even after a torn earlier write),
    /// creating it when missing.
    public init(appendingAt path: String) throws {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystemError(path, "cannot open for appending") }
        descriptor = fd
        self.path = path
    }

    deinit { close(descriptor) }

    /// The file's size in bytes.
    public func size() throws -> Int {
        var st = stat()
        guard fstat(descriptor, &st) == 0 else { throw FileSystemError(path, "cannot stat") }
        return Int(st.st_size)
    }

    /// Sets the size (new bytes read as zero and take no disk space until written).
    public func resize(to size: Int) throws {
        guard ftruncate(descriptor, off_t(size)) == 0 else { throw FileSystemError(path, "cannot resize") }
    }

    /// Writes the first `count` elements of `elements` (all when nil), as their bytes in
    /// memory, at byte `offset`. Copies nothing, so a reused buffer costs no allocation.
    public func write<Element: BitwiseCopyable>(_ elements: [Element], count: Int? = nil, at offset: Int) throws {
        try elements.withPrefixBytes(count) { try writeAll($0, at: offset) }
    }

    /// Appends the first `count` bytes of `bytes` (all when nil) at the current position
    /// (files opened for writing or appending).
    public func append(_ bytes: [UInt8], count: Int? = nil) throws {
        try bytes.withPrefixBytes(count) { try writeAll($0, at: nil) }
    }

    /// Reads up to `count` bytes (all of `buffer` when nil) at `offset` into the start of
    /// `buffer`; returns how many (0 at the end).
    public func read(into buffer: inout [UInt8], count: Int? = nil, at offset: Int) throws -> Int {
        try buffer.withPrefixMutableBytes(count) { buffer in
            var done = 0
            while done < buffer.count {
                let n = pread(descriptor, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw FileSystemError(path, "cannot read")
                }
                if n == 0 { break }
                done += n
            }
            return done
        }
    }

    /// Writes all of `bytes` at `offset` (pwrite), or at the current position when nil.
    private func writeAll(_ bytes: UnsafeRawBufferPointer, at offset: Int?) throws {
        guard FileOps.writeAll(bytes, to: descriptor, at: offset) else { throw FileSystemError(path, "cannot write") }
    }
}

/// Small file-system helpers with the atomic-write discipline SynBench relies on.
public enum FileOps {
    /// True when something exists at `path`; `isDirectory` tells whether it is a folder.
    public static func exists(_ path: String) -> (exists: Bool, isDirectory: Bool) {
        var st = stat()
        guard stat(path, &st) == 0 else { return (false, false) }
        return (true, (st.st_mode & S_IFMT) == S_IFDIR)
    }

    /// Creates a folder and its parents (no error when it exists).
    public static func makeDirectory(_ path: String) throws {
        if exists(path).isDirectory { return }
        if let slash = path.lastIndex(of: "/"), slash != path.startIndex {
            let parent = String(path[..<slash])
            if !exists(parent).exists { try makeDirectory(parent) }
        }
        if mkdir(path, 0o755) != 0, errno != EEXIST { throw FileSystemError(path, "cannot create folder") }
    }

    /// Renames atomically (same file system).
    public static func rename(_ from: String, _ to: String) throws {
        guard posixRename(from, to) == 0 else { throw FileSystemError(to, "cannot rename \(from) to it") }
    }

    /// Removes a file; no error when it is missing.
    public static func remove(_ path: String) {
        unlink(path)
    }

    /// Writes `bytes` to `path` atomically, so the file appears under its name only when
    /// complete. On Linux an unnamed `O_TMPFILE` in the target folder is written and then
    /// linked to its name (`linkat` with `AT_EMPTY_PATH`), which costs about a third less
    /// system time than a rename; where that is refused (other file systems, no privilege,
    /// an existing name) it writes `.NAME.partial` and renames it.
    ///
    /// Writes the first `count` bytes (all when nil), copying nothing.
    public static func writeAtomically(_ bytes: [UInt8], count: Int? = nil, to path: String) throws {
        #if os(Linux)
        if bytes.withPrefixBytes(count, { linkUnnamed($0, to: path) }) { return }
        #endif
        let temp = temporaryName(for: path)
        do {
            let f = try PosixFile(writingAt: temp, truncate: true)
            try f.append(bytes, count: count)
        }
        try rename(temp, path)
    }

    /// Writes text atomically.
    public static func writeAtomically(_ text: String, to path: String) throws {
        try writeAtomically(Array(text.utf8), to: path)
    }

    /// Writes all of `bytes` to `fd` at `offset` (pwrite), or at its position when nil,
    /// retrying after signals; false when the system refuses (errno tells why).
    fileprivate static func writeAll(_ bytes: UnsafeRawBufferPointer, to fd: Int32, at offset: Int?) -> Bool {
        var done = 0
        while done < bytes.count {
            let start = bytes.baseAddress! + done
            let n: Int
            if let offset { n = pwrite(fd, start, bytes.count - done, off_t(offset + done)) }
            else { n = posixWrite(fd, start, bytes.count - done) }
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            done += n
        }
        return true
    }

    #if os(Linux)
    /// `O_TMPFILE` (`__O_TMPFILE | O_DIRECTORY`; the same `__O_TMPFILE` value on every Linux
    /// architecture) and `AT_EMPTY_PATH`, which Glibc's Swift overlay does not import.
    private static let openTemporaryFile: Int32 = 0o20_000_000 | O_DIRECTORY
    private static let atEmptyPath: Int32 = 0x1000

    /// Writes an unnamed file in `path`'s folder and links it to `path`; false when any step
    /// is refused (the caller falls back to a rename).
    private static func linkUnnamed(_ bytes: UnsafeRawBufferPointer, to path: String) -> Bool {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let fd = open(folder, O_WRONLY | openTemporaryFile | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        guard writeAll(bytes, to: fd, at: nil) else { return false }
        return linkat(fd, "", AT_FDCWD, path, atEmptyPath) == 0
    }
    #endif

    /// The temporary name used while `path` is written: `.NAME.partial` in the same folder.
    public static func temporaryName(for path: String) -> String {
        if let slash = path.lastIndex(of: "/") {
            return String(path[...slash]) + "." + path[path.index(after: slash)...] + ".partial"
        }
        return "." + path + ".partial"
    }

    /// Reads a whole (small) file.
    public static func readText(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileSystemError(path, "cannot read", errno: ENOENT)
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// Buffered sequential writer for manifests: one write per 1 MiB, so memory stays flat.
public final class BufferedWriter {
    private let file: PosixFile
    private var buffer: [UInt8] = []

    /// Starts writing a new file at `path` (truncating).
    public init(path: String) throws {
        file = try PosixFile(writingAt: path, truncate: true)
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends text.
    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Appends the bytes in memory of `elements` (a byte array, or little-endian numbers).
    public func write<Element: BitwiseCopyable>(_ elements: [Element]) throws {
        elements.withUnsafeBytes { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 20 { try flush() }
    }

    /// Writes out what is buffered.
    public func flush() throws {
        try file.append(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

extension FileOps {
    /// Reads a whole file's bytes.
    public static func readBytes(_ path: String) throws -> [UInt8] {
        let f = try PosixFile(readingAt: path)
        var out = [UInt8](repeating: 0, count: try f.size())
        let n = try f.read(into: &out, at: 0)
        return n == out.count ? out : Array(out.prefix(n))
    }
}

extension PosixFile {
    /// Reads and parses the header of the .npy file open here (it must fit in 64 KiB, as
    /// NumPy's own headers do); returns it, the data offset and the header bytes read.
    public func readNpyHeader(source: String) throws -> (header: NpyHeader, offset: Int, bytes: [UInt8]) {
        var head = [UInt8](repeating: 0, count: 65_536)
        let got = try read(into: &head, at: 0)
        let bytes = Array(head.prefix(got))
        let (header, offset) = try NpyHeader.parse(bytes, source: source)
        return (header, offset, Array(bytes.prefix(offset)))
    }
}
