#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SynCore

/// An exclusive advisory lock on a file (`flock`), held from creation until the instance is
/// released: processes sharing a folder (the shards of a study on a cluster) take turns at
/// work that must happen once, such as generating a dataset into a shared cache.
public final class FileLock {
    private let descriptor: Int32

    /// Creates `path` when missing and waits until this process holds the lock on it.
    ///
    /// - Throws: ``FileSystemError`` when the file cannot be opened or locked.
    public init(path: String) throws {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw FileSystemError(path, "cannot open the lock file") }
        var status: Int32
        repeat { status = flock(fd, LOCK_EX) } while status != 0 && errno == EINTR
        guard status == 0 else {
            close(fd)
            throw FileSystemError(path, "cannot lock the file")
        }
        descriptor = fd
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
