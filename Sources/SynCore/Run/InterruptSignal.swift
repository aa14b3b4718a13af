#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Catches SIGINT and SIGTERM so a long run stops cleanly: the handler only records the
/// signal in an atomic (a lock-free store, async-signal-safe), and the kernel restores the
/// default action as it delivers the signal (`SA_RESETHAND`), so a second Ctrl-C kills at
/// once. Workers poll ``received`` between items.
///
/// Installs nest: the outermost ``install()`` resets the flag, saves the handlers that were
/// there before and installs ours; the matching outermost ``uninstall()`` puts the saved
/// handlers back. So a process that runs many renders (a benchmark) leaves SIGINT and
/// SIGTERM exactly as it found them, and a signal of one run does not stop the next.
public enum InterruptSignal {
    /// The signal received; 0 for none. Stored only by the handler and reset by
    /// ``install()``. Touched by `install()` before any handler can run, so the handler never
    /// performs the static's one-time initialisation.
    fileprivate static let signalNumber = Atomic<Int32>(0)

    /// The signals handled.
    static let signals: [Int32] = [SIGINT, SIGTERM]

    /// How many installs are open, and the actions ours replaced (saved by the outermost).
    private struct State {
        var depth = 0
        var saved: [(signal: Int32, action: sigaction)] = []
    }

    private static let state = Mutex(State())

    /// Installs the handlers (the outermost call resets ``received`` and saves the current
    /// handlers), and unblocks both signals in the calling thread: a parent may start us with
    /// them blocked (Foundation's `Process` does, for instance), and a blocked signal would
    /// stay pending until the run ends. Pair every call with ``uninstall()``.
    public static func install() {
        state.withLock { s in
            if s.depth == 0 {
                signalNumber.store(0, ordering: .sequentiallyConsistent)
                var ours = sigaction()
                setHandler(&ours, interruptHandler)
                sigemptyset(&ours.sa_mask)
                // Reset to the default on delivery (a second signal kills); restart system
                // calls the signal interrupts, as `signal()` does, so file I/O in flight does
                // not fail with EINTR.
                ours.sa_flags = Int32(truncatingIfNeeded: Int(SA_RESETHAND) | Int(SA_RESTART))
                s.saved = signals.map { sig in
                    var old = sigaction()
                    sigaction(sig, &ours, &old)
                    return (sig, old)
                }
            }
            s.depth += 1
        }
        var set = sigset_t()
        sigemptyset(&set)
        for sig in signals { sigaddset(&set, sig) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Closes one ``install()``; the outermost puts back the handlers that were installed
    /// before it. A call without an open install does nothing.
    public static func uninstall() {
        state.withLock { s in
            guard s.depth > 0 else { return }
            s.depth -= 1
            guard s.depth == 0 else { return }
            for (sig, action) in s.saved {
                var old = action
                sigaction(sig, &old, nil)
            }
            s.saved = []
        }
    }

    /// The signal received since the outermost ``install()`` (nil when none).
    public static var received: Int32? {
        let s = signalNumber.load(ordering: .sequentiallyConsistent)
        return s == 0 ? nil : s
    }

    /// True once a signal arrived.
    public static var isSet: Bool { received != nil }

    private static func setHandler(_ action: inout sigaction, _ handler: @convention(c) (Int32) -> Void) {
        #if canImport(Glibc)
        action.__sigaction_handler.sa_handler = handler
        #else
        action.__sigaction_u.__sa_handler = handler
        #endif
    }
}

/// Records the signal; nothing else (an atomic store is all a handler may safely do here).
private func interruptHandler(_ s: Int32) {
    InterruptSignal.signalNumber.store(s, ordering: .sequentiallyConsistent)
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
