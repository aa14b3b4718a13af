import ArgumentParser

struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "metrics")
    func run() throws {}
}
