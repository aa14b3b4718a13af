/// The pointer views the I/O owner types (``PosixFile``, ``FileOps``, ``BufferedWriter``,
/// ``SHA256Hasher``, ``WAVEncoder``, ``SoundFileEncoder``) take of the arrays their public
/// APIs accept: the first `count` elements (all when nil), without copying.
extension Array where Element: BitwiseCopyable {
    /// `count` checked against the array; the whole array when nil.
    func validPrefix(_ count: Int?) -> Int {
        guard let count else { return self.count }
        precondition(count >= 0 && count <= self.count, "count \(count) is outside 0...\(self.count)")
        return count
    }

    /// Calls `body` with the bytes of the first `count` elements (all when nil).
    func withPrefixBytes<R>(_ count: Int?, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        let n = validPrefix(count)
        return try withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0.prefix(n * MemoryLayout<Element>.stride))) }
    }

    /// Calls `body` with the mutable bytes of the first `count` elements (all when nil).
    mutating func withPrefixMutableBytes<R>(_ count: Int?, _ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        let n = validPrefix(count)
        return try withUnsafeMutableBytes {
            try body(UnsafeMutableRawBufferPointer(rebasing: $0.prefix(n * MemoryLayout<Element>.stride)))
        }
    }
}
