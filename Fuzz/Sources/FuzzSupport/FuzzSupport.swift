#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import SynCore

/// libFuzzer's driver for programs that bring their own `main` (compiler-rt's
/// FuzzerInterface.h): parses libFuzzer's flags and runs `callback` on every input.
@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32) -> Int32

/// The harness body, reached from the C callback (which cannot capture).
nonisolated(unsafe) private var harness: ((UnsafeRawBufferPointer) -> Void)?

/// Hands control to libFuzzer, which calls `body` with each input and exits when done.
///
/// A harness returns normally for any input the code under test handles (including by
/// throwing a ``SynCore/UserError``); a trap, or a ``violation(_:)``, is a crash libFuzzer
/// records.
public func runFuzzer(_ body: @escaping (UnsafeRawBufferPointer) -> Void) -> Never {
    harness = body
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    let status = LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        harness?(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
        return 0
    }
    exit(status)
}

/// Runs `body` on bad input: returns its result, or nil when it threw a ``SynCore/UserError``
/// (what the CLI prints as one line with exit code 2). Any other error would make the CLI
/// exit 1 as if the machine had failed, so it is reported as a violation.
public func accepting<T>(_ what: String, _ body: () throws -> T) -> T? {
    do {
        return try body()
    } catch let error as UserError {
        if error.oneLineDescription.isEmpty { violation("\(what): a user error with an empty message") }
        return nil
    } catch {
        violation("\(what): bad input threw \(type(of: error)), not a UserError: \(error)")
    }
}

/// Reports a broken invariant as a crash (libFuzzer saves the input).
public func violation(_ message: String) -> Never {
    fatalError("fuzz invariant violated: \(message)")
}

/// Equal as JSON documents: numbers compare by value (`3` and `3.0` are the same number).
public func sameJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { sameJSON($0, $1) }
    case let (.object(x), .object(y)):
        return x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && sameJSON($0.1, $1.1) }
    default:
        if let x = a.doubleValue, let y = b.doubleValue { return x == y }
        return a == b
    }
}
