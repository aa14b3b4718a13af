#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Catches SIGINT and SIGTERM so a long run stops cleanly: the handler only records the
/// signal (a single 32-bit store, async-signal-safe) and restores the default action, so a second
/// Ctrl-C kills at once. Workers poll ``received`` between items.
public enum InterruptSignal {
    /// The signal received; 0 for none. Written only by the handler, as one aligned 32-bit
    /// store (the `volatile sig_atomic_t` idiom: the one kind of write a handler may do).
    nonisolated(unsafe) private static var signalNumber: Int32 = 0

    /// Installs the handlers, and unblocks both signals in the calling thread: a parent may
    /// start us with them blocked (Foundation's `Process` does, for instance), and a blocked
    /// signal would stay pending until the run ends.
    public static func install() {
        signal(SIGINT, interruptHandler)
        signal(SIGTERM, interruptHandler)
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Restores the default actions.
    public static func uninstall() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// The signal received since ``install()`` (nil when none).
    public static var received: Int32? {
        let s = signalNumber
        return s == 0 ? nil : s
    }

    /// True once a signal arrived.
    public static var isSet: Bool { signalNumber != 0 }

    fileprivate static func record(_ s: Int32) {
        signalNumber = s
    }
}

private func interruptHandler(_ s: Int32) {
    InterruptSignal.record(s)
    signal(s, SIG_DFL)
}

/// A run stopped by SIGINT/SIGTERM after finishing the items in flight. The CLI prints the
/// message and exits with 128 + the signal number (130 for SIGINT, 143 for SIGTERM).
public struct InterruptedError: Error, CustomStringConvertible {
    /// The signal that stopped the run.
    public var signal: Int32
    /// What is complete and how to resume.
    public var message: String
    public var description: String { message }

    /// Makes the error of a run stopped by `signal`.
    public init(signal: Int32, message: String) {
        self.signal = signal
        self.message = message
    }
}
