import ArgumentParser

/// Every subcommand of `synbench`, in the order `--help` lists them.
let commandList: [ParsableCommand.Type] = [
    MetricsCommand.self,
]
