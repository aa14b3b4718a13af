import CLibCrypto
import SynCore

/// A SHA-256 digest (FIPS 180-4), computed with OpenSSL's EVP interface.
public struct SHA256Digest: Sendable, Hashable {
    /// The 32 digest bytes.
    public var bytes: [UInt8]

    /// Wraps 32 digest bytes.
    public init(bytes: [UInt8]) { self.bytes = bytes }

    /// Parses 64 hex digits (either case); nil otherwise.
    public init?(hex: some StringProtocol) {
        let utf8 = Array(hex.utf8)
        guard utf8.count == 64 else { return nil }
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 {
            guard let hi = SHA256Digest.nibble(utf8[2 * i]), let lo = SHA256Digest.nibble(utf8[2 * i + 1]) else { return nil }
            out[i] = hi << 4 | lo
        }
        bytes = out
    }

    /// Lower-case hex, as `sha256sum` prints it.
    public var hex: String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](repeating: 0, count: 64)
        for (i, b) in bytes.enumerated() {
            out[2 * i] = digits[Int(b >> 4)]
            out[2 * i + 1] = digits[Int(b & 15)]
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// True for the all-zero digest, which SynBench uses to mark "not computed yet".
    public var isZero: Bool { bytes.allSatisfy { $0 == 0 } }

    private static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        case 65...70: return c - 55
        default: return nil
        }
    }
}

/// An incremental SHA-256 computation; owns one `EVP_MD_CTX`.
public final class SHA256Hasher {
    private let context: OpaquePointer

    /// Starts a new computation.
    public init() {
        // EVP_MD_CTX_new fails only when out of memory.
        context = EVP_MD_CTX_new()!
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds the first `count` bytes of `bytes` (all when nil), copying nothing.
    public func update(_ bytes: [UInt8], count: Int? = nil) {
        bytes.withPrefixBytes(count) { raw in
            guard let base = raw.baseAddress, raw.count > 0 else { return }
            EVP_DigestUpdate(context, base, raw.count)
        }
    }

    /// Finishes and returns the digest; the hasher restarts for a new message.
    public func finish() -> SHA256Digest {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &out, &length)
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
        return SHA256Digest(bytes: out)
    }

    /// The digest of the first `count` bytes of `bytes` (all when nil), copying nothing.
    public static func digest(_ bytes: [UInt8], count: Int? = nil) -> SHA256Digest {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 0
        bytes.withPrefixBytes(count) { raw in
            _ = EVP_Digest(raw.baseAddress, raw.count, &out, &length, EVP_sha256(), nil)
        }
        return SHA256Digest(bytes: out)
    }

    /// The digest of a file's contents, read in 1 MiB blocks (memory stays flat).
    public static func digest(fileAt path: String) throws -> SHA256Digest {
        let file = try PosixFile(readingAt: path)
        let hasher = SHA256Hasher()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        while true {
            let n = try file.read(into: &buffer, at: offset)
            if n == 0 { break }
            hasher.update(buffer, count: n)
            offset += n
        }
        return hasher.finish()
    }
}
