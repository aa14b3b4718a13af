import ArgumentParser
import Foundation
import Metrics
import SynCore
import SynData

/// `synbench metrics`: scores a representation against ground-truth factors.
struct MetricsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metrics",
        abstract: "Score codes against factors with MIG, DCI, SAP and the rest of the family.",
        discussion: """
            Codes are an [N, L] array (usually the encoder mean), factors an [N, K] array of integer factor indices, both .npy files, or one .npz holding 'codes', 'factors' and optionally 'codes_test', 'factors_test'. Without test arrays, MIG uses all rows and the split metrics train on the first ceil(2N/3) rows and test on the rest, as disentanglement_lib does.

            Examples:
              synbench metrics --codes z.npy --factors y.npy
              synbench metrics --codes run.npz --metrics all --json > scores.json
              synbench metrics --codes z.npy --dataset data/syntone --bootstrap 200
            """)

    @Option(name: .long, help: ArgumentHelp("Codes [N, L]: .npy, or .npz holding the arrays.", valueName: "Z.npy|Z.npz"))
    var codes: String

    @Option(name: .long, help: ArgumentHelp("Factor indices [N, K] (.npy).", valueName: "F.npy"))
    var factors: String?

    @Option(name: .customLong("codes-test"), help: ArgumentHelp("Test codes (with --factors-test).", valueName: "Z.npy"))
    var codesTest: String?

    @Option(name: .customLong("factors-test"), help: ArgumentHelp("Test factor indices (with --codes-test).", valueName: "F.npy"))
    var factorsTest: String?

    @Option(name: .long, help: ArgumentHelp("A folder written by 'synbench generate': its factors.npy and names are the factors.", valueName: "DIR"))
    var dataset: String?

    @Option(name: .long, help: "Comma-separated metrics, or 'all'.")
    var metrics = "mig,dci,sap"

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    @Option(name: .long, help: "Seed for every random choice (models, sampling, bootstrap).")
    var seed: UInt64 = 0

    @Option(name: .long, help: "Bootstrap resamples for 95% confidence intervals (0: none).")
    var bootstrap = 0

    /// Most bootstrap resamples accepted.
    static let maximumBootstrap = 1_000_000

    @Option(name: .long, help: "Histogram bins per code: a count, or 'auto'.")
    var bins = "20"

    @Flag(name: .customLong("miller-madow"), help: "Bias-correct plug-in entropies and mutual information (Miller-Madow).")
    var millerMadow = false

    @Flag(name: .customLong("factors-continuous"), help: "Treat factors as continuous: KSG mutual information for MIG, regression DCI.")
    var factorsContinuous = false

    @Flag(name: .customLong("sap-continuous"), help: "SAP with Pearson r^2 instead of a linear SVM.")
    var sapContinuous = false

    @Option(name: .customLong("dci-importance"), help: "DCI importance model: gbt (reference), lasso, random-forest.")
    var dciImportance = "gbt"

    @Option(name: .long, help: "Worker threads (default: all cores).")
    var jobs = defaultJobCount

    @Option(name: .customLong("codes-key"), help: "Name of the codes array inside an .npz.")
    var codesKey = "codes"

    @Option(name: .customLong("factors-key"), help: "Name of the factors array inside an .npz.")
    var factorsKey = "factors"

    @Option(name: .customLong("codes-test-key"), help: "Name of the test codes array inside an .npz.")
    var codesTestKey = "codes_test"

    @Option(name: .customLong("factors-test-key"), help: "Name of the test factors array inside an .npz.")
    var factorsTestKey = "factors_test"

    func validate() throws {
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be 0 or a positive count, got \(bootstrap)") }
        // Every resample's scores are kept until the intervals are computed.
        guard bootstrap <= MetricsCommand.maximumBootstrap else {
            throw ValidationError("--bootstrap must be at most \(MetricsCommand.maximumBootstrap), got \(bootstrap)")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1, got \(jobs)") }
        guard bins == "auto" || (Int(bins).map { $0 >= 2 } ?? false) else {
            throw ValidationError("--bins must be a count of at least 2 or 'auto', got '\(bins)'")
        }
        guard MetricOptions.DCIImportance(rawValue: dciImportance) != nil else {
            throw ValidationError("--dci-importance must be one of \(MetricOptions.DCIImportance.allCases.map(\.rawValue).joined(separator: ", ")), got '\(dciImportance)'")
        }
        if (codesTest == nil) != (factorsTest == nil) {
            throw ValidationError("--codes-test and --factors-test must be given together")
        }
    }

    func run() throws {
        var sources = MetricSources(
            codes: URL(fileURLWithPath: codes), factors: factors.map { URL(fileURLWithPath: $0) },
            codesTest: codesTest.map { URL(fileURLWithPath: $0) },
            factorsTest: factorsTest.map { URL(fileURLWithPath: $0) },
            dataset: dataset.map { URL(fileURLWithPath: $0) })
        sources.codesKey = codesKey
        sources.factorsKey = factorsKey
        sources.codesTestKey = codesTestKey
        sources.factorsTestKey = factorsTestKey

        var options = MetricOptions()
        options.seed = seed
        options.bins = bins == "auto" ? .auto : .fixed(Int(bins) ?? 20)
        options.millerMadow = millerMadow
        options.continuousFactors = factorsContinuous
        options.sapContinuous = sapContinuous
        options.dciImportance = MetricOptions.DCIImportance(rawValue: dciImportance) ?? .gradientBoostedTrees
        options.jobs = jobs

        let selected = try MetricRunner.resolve(metrics)
        let input = try sources.load()
        let runs = try MetricRunner.run(selected, input: input, options: options, bootstrap: bootstrap,
                                        tolerateUnsupported: metrics.trimmingCharacters(in: .whitespaces).lowercased() == "all")
        if json {
            var record: [(String, JSONValue)] = [("codes_file", .string(codes))]
            if let factors { record.append(("factors_file", .string(factors))) }
            if let dataset { record.append(("dataset", .string(dataset))) }
            if let codesTest { record.append(("codes_test_file", .string(codesTest))) }
            if let factorsTest { record.append(("factors_test_file", .string(factorsTest))) }
            let object = MetricRunner.json(runs, input: input, inputRecord: record, options: options, bootstrap: bootstrap)
            print(object.serialized(indent: 1))
        } else {
            print(MetricRunner.table(runs), terminator: "")
        }
    }
}
