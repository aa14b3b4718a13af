import ArgumentParser
import Foundation
import SynCore
import SynData

/// `synbench verify`: checks a dataset folder against its manifests.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a dataset's counts, manifests and SHA256SUMS.",
        discussion: """
        Recomputes every factor row from dataset.json and compares it with metadata.csv,
        factors.npy and factor_values.npy; hashes every audio file (or waveforms.npy) against
        SHA256SUMS; reports stray files. Prints one line per bad file and exits 1 when any
        check fails. Also reports items of different factor values with byte-identical audio.

        Example:
          synbench verify data/syntone-small
        """)

    @Argument(help: "Dataset folder.")
    var folder: String

    @OptionGroup var work: WorkOptions

    func run() throws {
        let report = try DatasetVerifier.verify(folder: folder, jobs: work.jobCount, quiet: work.quiet)
        for p in report.problems { print("bad: \(p)") }
        if let d = report.duplicates, d.items > 0 {
            print("note: \(d.items) items in \(d.groups) groups have byte-identical audio but different factor values (e.g. items \(d.examples.map { $0.map(String.init).joined(separator: "=") }.joined(separator: ", ")))")
        }
        let count = report.plan?.itemCount ?? 0
        if report.problems.isEmpty {
            print("ok: \(folder): \(count) items, \(report.filesChecked) files match SHA256SUMS, manifests consistent")
        } else {
            print("failed: \(folder): \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
            throw ExitCode(1)
        }
    }
}
