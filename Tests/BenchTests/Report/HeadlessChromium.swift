import Foundation

/// Runs a headless Chromium for the report's browser test.
enum HeadlessChromium {
    /// The first of chromium, chromium-browser, google-chrome on PATH, or nil.
    static let executable: String? = {
        let folders = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            for folder in folders {
                let path = "\(folder)/\(name)"
                if FileManager.default.isExecutableFile(atPath: path) { return path }
            }
        }
        return nil
    }()

    struct Run {
        var status: Int32
        var standardOutput: String
        var standardError: String
    }

    /// Runs Chromium headless on `url` with `arguments`, its own profile folder under
    /// `folder`, output streams captured through files there (a dumped DOM with embedded media
    /// is megabytes: a pipe read after exit could fill and stall). Killed after `timeout`.
    static func run(_ arguments: [String], url: URL, folder: URL, name: String, timeout: Double = 120) throws -> Run {
        guard let executable else { throw CocoaError(.fileNoSuchFile) }
        let out = folder.appendingPathComponent("\(name).stdout"), err = folder.appendingPathComponent("\(name).stderr")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--mute-audio",
                             "--user-data-dir=\(folder.appendingPathComponent("profile-\(name)").path)"] + arguments + [url.absoluteString]
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Run(status: process.terminationStatus, standardOutput: try String(contentsOf: out, encoding: .utf8),
                   standardError: try String(contentsOf: err, encoding: .utf8))
    }
}
