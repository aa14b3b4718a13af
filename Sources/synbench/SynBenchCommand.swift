import ArgumentParser
import Foundation
import SynCore
import SynData

/// The `synbench` command: generate datasets, check them, and score representations.
struct SynBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synbench",
        abstract: "Synthetic audio datasets with known factors, and disentanglement metrics.",
        version: SynBenchVersion.string,
        subcommands: commandList)
}

/// Runs the command line with SynBench's exit codes: 0 success, 1 runtime failure,
/// 2 bad usage or bad input (one line on stderr, never a stack trace).
@main
enum SynBenchMain {
    static func main() {
        let command: ParsableCommand
        do {
            command = try SynBenchCommand.parseAsRoot()
        } catch {
            let code = SynBenchCommand.exitCode(for: error)
            if code == .success {
                SynBenchCommand.exit(withError: error)
            }
            let message = SynBenchCommand.message(for: error)
                .split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? "invalid arguments"
            let hint = "see 'synbench --help' or 'synbench <command> --help'"
            FileHandle.standardError.write(Data("error: \(message.replacingOccurrences(of: "Error: ", with: "")) (\(hint))\n".utf8))
            exit(2)
        }
        do {
            var runnable = command
            try runnable.run()
        } catch let error as UserError {
            FileHandle.standardError.write(Data("error: \(error.oneLineDescription)\n".utf8))
            exit(2)
        } catch let error as ExitCode {
            exit(error.rawValue)
        } catch {
            if SynBenchCommand.exitCode(for: error) == .success {
                SynBenchCommand.exit(withError: error)
            }
            if error is ValidationError {
                let message = SynBenchCommand.message(for: error)
                FileHandle.standardError.write(Data("error: \(message)\n".utf8))
                exit(2)
            }
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            exit(1)
        }
    }
}

/// The package version printed by `--version` and recorded in outputs.
enum SynBenchVersion {
    static let string = "0.1.0"
}
