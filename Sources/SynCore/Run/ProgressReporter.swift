#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Progress of a long run on stderr: a bar with rate and ETA redrawn at most 10 times a
/// second when stderr is a terminal, otherwise one line per 10 %; nothing when quiet.
public final class ProgressReporter: Sendable {
    /// How progress is shown.
    public enum Style: Sendable { case bar, lines, quiet }

    private let label: String
    private let total: Int
    private let style: Style
    private let start: Double
    private let state = Locked<(done: Int, lastDraw: Double, lastDecile: Int)>((0, 0, 0))

    /// Starts reporting `total` steps of `label` work. `quiet` silences it; otherwise the
    /// style follows whether stderr is a terminal.
    public init(label: String, total: Int, quiet: Bool) {
        self.label = label
        self.total = max(total, 0)
        style = quiet ? .quiet : (isatty(2) == 1 ? .bar : .lines)
        start = ProgressReporter.now()
    }

    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
    }

    /// Records `n` more finished steps (thread-safe).
    public func advance(_ n: Int = 1) {
        guard style != .quiet, total > 0 else { return }
        let t = ProgressReporter.now()
        state.withLock { s in
            let line: String? = {
            s.done += n
            switch style {
            case .bar:
                guard t - s.lastDraw >= 0.1 || s.done >= total else { return nil }
                s.lastDraw = t
                return "\r" + barLine(done: s.done, elapsed: t - start)
            case .lines:
                let decile = s.done * 10 / total
                guard decile > s.lastDecile else { return nil }
                s.lastDecile = decile
                return plainLine(done: s.done, elapsed: t - start) + "\n"
            case .quiet:
                return nil
            }
            }()
            // Written under the lock so lines from different threads keep their order.
            if let line { FileHandle.standardError.write(Data(line.utf8)) }
        }
    }

    /// Ends the bar's line (call once when the work stops, finished or not).
    public func finish() {
        guard style == .bar, total > 0 else { return }
        let t = ProgressReporter.now()
        let done = state.withLock { $0.done }
        FileHandle.standardError.write(Data(("\r" + barLine(done: done, elapsed: t - start) + "\n").utf8))
    }

    func barLine(done: Int, elapsed: Double) -> String {
        let width = 30
        let filled = total > 0 ? min(width, done * width / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        return "\(label) [\(bar)] \(percent(done)) \(done)/\(total) \(Self.rate(rate))/s ETA \(Self.clock(eta))  "
    }

    func plainLine(done: Int, elapsed: Double) -> String {
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let eta = rate > 0 ? Double(total - done) / rate : 0
        return "\(label): \(percent(done)) (\(done)/\(total)), \(Self.rate(rate))/s, elapsed \(Self.clock(elapsed)), ETA \(Self.clock(eta))"
    }

    func percent(_ done: Int) -> String { "\(total > 0 ? done * 100 / total : 100)%" }

    static func rate(_ r: Double) -> String {
        r >= 100 ? String(Int(r.rounded())) : String(format: "%.1f", r)
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(seconds.isFinite ? seconds.rounded() : 0)
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
            : String(format: "%d:%02d", s / 60, s % 60)
    }
}
