import ArgumentParser
import SynCore
import SynData

/// The `--jobs` and `--quiet` options shared by the commands that process a whole dataset.
struct WorkOptions: ParsableArguments {
    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int?

    @Flag(help: "No progress output.")
    var quiet = false

    /// The thread count to use: `--jobs`, or every core.
    var jobCount: Int { jobs ?? defaultJobCount }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
    }
}
