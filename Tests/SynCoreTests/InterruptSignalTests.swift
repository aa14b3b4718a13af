#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization
import Testing
@testable import SynCore

/// Signals caught by ``testHandler`` (a handler of the test's own, standing for whatever a
/// host program had installed before a run).
private let testHandlerCalls = Atomic<Int>(0)

private func testHandler(_ signal: Int32) {
    testHandlerCalls.wrappingAdd(1, ordering: .sequentiallyConsistent)
}

/// The handler address installed for `sig` (0 for SIG_DFL).
private func currentHandler(_ sig: Int32) -> Int {
    var current = sigaction()
    sigaction(sig, nil, &current)
    #if canImport(Glibc)
    return unsafeBitCast(current.__sigaction_handler.sa_handler, to: Int.self)
    #else
    return unsafeBitCast(current.__sigaction_u.__sa_handler, to: Int.self)
    #endif
}

/// Installs `handler` for `sig` and returns what was there.
@discardableResult
private func setHandler(_ sig: Int32, _ handler: sigaction) -> sigaction {
    var new = handler
    var old = sigaction()
    sigaction(sig, &new, &old)
    return old
}

private func action(_ handler: @convention(c) (Int32) -> Void) -> sigaction {
    var a = sigaction()
    #if canImport(Glibc)
    a.__sigaction_handler.sa_handler = handler
    #else
    a.__sigaction_u.__sa_handler = handler
    #endif
    sigemptyset(&a.sa_mask)
    return a
}

/// Raising SIGINT/SIGTERM in the test process is safe only while a handler is installed, and
/// no other test in the process installs ``InterruptSignal`` (their renders pass
/// `handleSignals: false`); the suite is serialized so its own tests do not interleave.
/// Each test is synchronous, so `raise` delivers to the thread that unblocked the signals.
@Suite(.serialized) struct InterruptSignalTests {
    @Test func raisingSetsTheFlagAndANewInstallResetsIt() throws {
        for sig in [SIGINT, SIGTERM] {
            let original = setHandler(sig, action(testHandler))
            defer { setHandler(sig, original) }
            for round in 0..<50 {
                InterruptSignal.install()
                #expect(InterruptSignal.received == nil, "round \(round): flag not reset on install")
                #expect(!InterruptSignal.isSet)
                if round % 5 == 0 {
                    raise(sig)
                    #expect(InterruptSignal.received == sig, "round \(round)")
                    #expect(InterruptSignal.isSet)
                    // Delivery put back the default action: a second Ctrl-C kills at once.
                    #expect(currentHandler(sig) == 0)
                }
                InterruptSignal.uninstall()
            }
            // The signal went to InterruptSignal's handler every time, never to ours.
            #expect(testHandlerCalls.load(ordering: .sequentiallyConsistent) == 0)
        }
    }

    @Test func uninstallPutsBackThePreviousHandler() throws {
        for sig in [SIGINT, SIGTERM] {
            let original = setHandler(sig, action(testHandler))
            defer { setHandler(sig, original) }
            let ours = currentHandler(sig)
            let before = testHandlerCalls.load(ordering: .sequentiallyConsistent)
            for _ in 0..<100 {
                InterruptSignal.install()
                #expect(currentHandler(sig) != ours)
                InterruptSignal.uninstall()
                #expect(currentHandler(sig) == ours)
            }
            // Also after a signal reset our handler to the default during the run.
            InterruptSignal.install()
            raise(sig)
            InterruptSignal.uninstall()
            #expect(currentHandler(sig) == ours)
            // The previous handler works again: raising reaches it, not InterruptSignal's.
            raise(sig)
            #expect(testHandlerCalls.load(ordering: .sequentiallyConsistent) == before + 1)
            testHandlerCalls.wrappingAdd(-1, ordering: .sequentiallyConsistent)
            // An uninstall without an install changes nothing.
            InterruptSignal.uninstall()
            #expect(currentHandler(sig) == ours)
        }
    }

    @Test func nestedInstallsRestoreOnceAtTheOutermost() throws {
        let original = setHandler(SIGINT, action(testHandler))
        defer { setHandler(SIGINT, original) }
        let ours = currentHandler(SIGINT)
        InterruptSignal.install()
        let installed = currentHandler(SIGINT)
        InterruptSignal.install()
        InterruptSignal.uninstall()
        #expect(currentHandler(SIGINT) == installed)
        InterruptSignal.uninstall()
        #expect(currentHandler(SIGINT) == ours)
    }
}
