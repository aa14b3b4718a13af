import SynCore

/// One line of a `sha256sum`-compatible manifest (`SHA256SUMS`).
public struct SHA256SumsLine: Sendable, Equatable {
    /// The file's path relative to the manifest's folder.
    public var name: String
    /// The file's SHA-256.
    public var digest: SHA256Digest

    /// Parses `<64 hex digits><space><space or *><name>` (text or binary mode, as GNU
    /// `sha256sum` writes and `sha256sum -c` reads); nil for anything else.
    public init?(_ line: some StringProtocol) {
        guard line.count > 66, let digest = SHA256Digest(hex: line.prefix(64)) else { return nil }
        let rest = line.dropFirst(64)
        guard rest.first == " ", let mode = rest.dropFirst().first, mode == " " || mode == "*" else { return nil }
        name = String(rest.dropFirst(2))
        self.digest = digest
    }
}
