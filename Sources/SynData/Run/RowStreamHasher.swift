import Foundation
import SynCore

/// Computes the SHA-256 of a file made of a header and rows (fixed-size or ragged) while worker threads
/// are still writing the rows, in any order: a background thread hashes the header and then
/// each row as soon as it and every row before it are complete (read back from the page
/// cache). So the whole-file hash of waveforms.npy is ready when the last row is written,
/// instead of costing a second pass over gigabytes afterwards.
final class RowStreamHasher: @unchecked Sendable {
    private let file: PosixFile
    private let headerSize: Int
    private let rowStarts: [Int]
    private let rows: Int
    private let condition = NSCondition()
    private var finished: BitSet
    private var frontier = 0
    private var stopped = false
    private var digest: SHA256Digest?
    private var failure: (any Error)?
    private let exited = DispatchSemaphore(value: 0)

    /// Prepares to hash `file`; row `p` is bytes `rowStarts[p]..<rowStarts[p + 1]` after the
    /// header. Rows in `alreadyDone` (from an earlier run) count as complete.
    init(file: PosixFile, headerSize: Int, rowStarts: [Int], alreadyDone: BitSet) {
        self.file = file
        self.headerSize = headerSize
        self.rowStarts = rowStarts
        self.rows = rowStarts.count - 1
        finished = alreadyDone
        while frontier < rows, finished.contains(frontier) { frontier += 1 }
    }

    /// Starts the hashing thread.
    func start() {
        let thread = Thread { [self] in
            do {
                digest = try hashRows()
            } catch {
                failure = error
            }
            exited.signal()
        }
        thread.start()
    }

    /// Marks row `row` as written.
    func complete(_ row: Int) {
        condition.lock()
        finished.insert(row)
        if row == frontier {
            while frontier < rows, finished.contains(frontier) { frontier += 1 }
            condition.signal()
        }
        condition.unlock()
    }

    /// Stops waiting for rows that will not come (an interrupted or failed run).
    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    /// Waits for the thread; returns the digest when every row was hashed, nil otherwise.
    func wait() throws -> SHA256Digest? {
        exited.wait()
        if let failure { throw failure }
        return digest
    }

    private func hashRows() throws -> SHA256Digest? {
        let hasher = SHA256Hasher()
        let block = 1 << 20
        var buffer = [UInt8](repeating: 0, count: max(headerSize, block))
        let headerRead = try file.read(into: &buffer, count: headerSize, at: 0)
        hasher.update(buffer, count: headerRead)
        var hashed = 0
        var position = rowStarts[0]
        while hashed < rows {
            condition.lock()
            while frontier <= hashed, !stopped { condition.wait() }
            let upTo = frontier
            condition.unlock()
            if upTo <= hashed { return nil }
            let end = rowStarts[upTo]
            while position < end {
                let count = min(block, end - position)
                let n = try file.read(into: &buffer, count: count, at: headerSize + position)
                hasher.update(buffer, count: n)
                position += count
            }
            hashed = upTo
        }
        return hasher.finish()
    }
}
