import ArgumentParser
import Foundation
import SynCore
import SynData

/// `synbench merge`: joins shard folders into one dataset.
struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Join the shard folders of a sharded run into one dataset.",
        discussion: """
        Each SHARD_DIR is the output of `synbench generate ... --shard I/N`; all N shards of the
        same config must be given. Audio files are hard-linked when OUT is on the same file
        system (copied otherwise). The result is byte-identical to an unsharded run.

        Example:
          synbench generate syntone-small --shard 0/2 --out /tmp/s0
          synbench generate syntone-small --shard 1/2 --out /tmp/s1
          synbench merge /tmp/syntone-small /tmp/s0 /tmp/s1
        """)

    @Argument(help: "Output dataset folder.")
    var out: String

    @Argument(help: "Shard folders.")
    var shards: [String] = []

    @OptionGroup var work: WorkOptions

    func run() throws {
        guard !shards.isEmpty else { throw InputError("merge: give the shard folders after OUT") }
        let n = try DatasetMerger.merge(out: out, shards: shards, jobs: work.jobCount, quiet: work.quiet)
        if !work.quiet { FileHandle.standardError.write(Data("merged \(shards.count) shards into \(out): \(n) items\n".utf8)) }
    }
}
