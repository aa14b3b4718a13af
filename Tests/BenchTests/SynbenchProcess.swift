import Foundation
import SynCore

/// Runs the `synbench` executable built beside the test bundle.
enum SynbenchProcess {
    /// Which stream is captured (the other goes to /dev/null).
    enum Capture { case standardOutput, standardError }

    /// The `synbench` built beside the test bundle; throws when it is not built.
    static func executable() throws -> URL {
        let executable = Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("synbench")
        guard FileManager.default.isExecutableFile(atPath: executable.path) else {
            throw InputError("synbench is not built at \(executable.path); run `swift build --build-tests` first")
        }
        return executable
    }

    /// Starts `synbench arguments`; with `wait`, waits and returns its status and the captured
    /// stream, otherwise returns at once with status 0 and empty output.
    static func run(_ arguments: [String], capture: Capture, wait: Bool = true) throws -> (status: Int32, output: String, process: Process) {
        let executable = try executable()
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        if capture == .standardOutput {
            process.standardOutput = pipe
            process.standardError = FileHandle.nullDevice
        } else {
            process.standardError = pipe
            process.standardOutput = FileHandle.nullDevice
        }
        try process.run()
        guard wait else { return (0, "", process) }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self), process)
    }
}
