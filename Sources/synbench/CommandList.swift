import ArgumentParser

/// Every subcommand of `synbench`, in the order `--help` lists them.
let commandList: [ParsableCommand.Type] = [
    GenerateCommand.self,
    VerifyCommand.self,
    InfoCommand.self,
    MergeCommand.self,
    MetricsCommand.self,
    FeaturesCommand.self,
    GradcheckCommand.self,
    TrainCommand.self,
    EncodeCommand.self,
    BenchCommand.self,
    AnalyzeCommand.self,
]
