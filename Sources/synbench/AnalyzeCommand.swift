import Analysis
import ArgumentParser
import Bench
import Foundation
import SynCore
import SynData

/// `synbench analyze`: layer-wise probes, manifold geometry and prediction depth.
struct AnalyzeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analyze",
        abstract: "Layer-wise probes, manifold capacity and geometry, and prediction depth per factor.",
        discussion: """
            Activations come as one .npy per layer ([N, features], any float dtype, conv maps flattened), named in depth order, or from one of our checkpoints (--checkpoint with --dataset, every encoder layer and the input). Factors come from --factors F.npy (integer [N, K]) or a dataset folder (--dataset DIR: factors.npy, names and kinds from dataset.json).

            Measures (--measures, comma-separated): linear (logistic-regression accuracy; ridge R^2 for continuous factors), knn (k-NN accuracy), mftma (manifold capacity, radius, dimension and centre correlation, as neural_manifolds_replicaMFT), pr (participation ratio); --simulated adds the simulated capacity (slow). --depth FACTOR writes each item's prediction depth (variants final and truth) to --depth-out.

            Examples:
              synbench analyze --layers l0.npy l1.npy l2.npy --factors y.npy
              synbench analyze --layers acts/*.npy --dataset data/syntone --json --plot plots/
              synbench analyze --checkpoint runs/vae/model.safetensors --dataset data/syntone-small --depth waveform --depth-out depth.csv
            """)

    @Option(name: .long, parsing: .upToNextOption, help: ArgumentHelp("Activations, one .npy per layer, in depth order.", valueName: "A.npy"))
    var layers: [String] = []

    @Option(name: .long, help: ArgumentHelp("Factor indices [N, K] (.npy).", valueName: "F.npy"))
    var factors: String?

    @Option(name: .long, help: ArgumentHelp("A folder written by 'synbench generate' (factors, names and kinds).", valueName: "DIR"))
    var dataset: String?

    @Option(name: .long, help: ArgumentHelp("A checkpoint written by 'synbench train' (needs --dataset).", valueName: "CKPT"))
    var checkpoint: String?

    @Option(name: .long, help: ArgumentHelp("With --checkpoint: the encoder's input features (.npy) instead of featurising --dataset.", valueName: "X.npy"))
    var features: String?

    @Option(name: .customLong("only-layers"), help: ArgumentHelp("With --checkpoint: comma-separated layer names to analyse (default: every layer and the input).", valueName: "NAMES"))
    var onlyLayers: String?

    @Option(name: .long, help: ArgumentHelp("Analyse a seeded random subset of N items (default: all).", valueName: "N"))
    var items: Int?

    @Option(name: .long, help: "Comma-separated measures: linear, knn, mftma, pr (and simulated).")
    var measures = AnalysisMeasure.defaults.map(\.rawValue).joined(separator: ",")

    @Flag(name: .long, help: "Also estimate the simulated capacity (random projections and dichotomies; slow).")
    var simulated = false

    @Option(name: .customLong("only-factors"), help: ArgumentHelp("Comma-separated factor names to analyse (default: all).", valueName: "NAMES"))
    var onlyFactors: String?

    @Option(name: .long, help: ArgumentHelp("With --dataset: comma-separated metadata.csv columns to analyse as categorical factors besides factors.npy (e.g. SynSpeech's gender).", valueName: "NAMES"))
    var columns: String?

    @Flag(name: .long, help: "Print one JSON object instead of a table.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Write one SVG per measure (factor curves against depth) into DIR.", valueName: "DIR"))
    var plot: String?

    @Option(name: .long, help: ArgumentHelp("Compute each item's prediction depth for this factor.", valueName: "FACTOR"))
    var depth: String?

    @Option(name: .customLong("depth-out"), help: ArgumentHelp("CSV of per-item prediction depths (with --depth).", valueName: "depth.csv"))
    var depthOut: String?

    @Option(name: .long, help: "Seed for the probe split, the manifold sampling and projections, and the simulations.")
    var seed: UInt64 = 0

    @Option(name: .long, help: "k of the k-NN probe and of prediction depth.")
    var neighbours = 30

    @Option(name: .long, help: "k-NN distance: euclidean or cosine.")
    var distance = "euclidean"

    @Option(name: .customLong("test-fraction"), help: "Fraction of items held out for the probes.")
    var testFraction = 0.2

    @Option(name: .long, help: "MFTMA: most classes (manifolds) per factor, P.")
    var manifolds = 50

    @Option(name: .customLong("points-per-class"), help: "MFTMA: items per class, M.")
    var pointsPerClass = 50

    @Option(name: .customLong("t-vectors"), help: "MFTMA: Gaussian t vectors per manifold, n_t.")
    var tVectors = 300

    @Option(name: .long, help: "MFTMA: margin kappa (>= 0).")
    var kappa = 0.0

    @Option(name: .customLong("max-features"), help: "MFTMA: wider layers are randomly projected to this many features.")
    var maxFeatures = 5000

    @Flag(name: .customLong("remove-centre-correlation"), help: "MFTMA: project out the low-rank structure shared by the class centres first (the reference's option).")
    var removeCentreCorrelation = false

    @Option(name: .customLong("simulated-draws"), help: "Simulated capacity: dichotomy-projection draws per tested dimension.")
    var simulatedDraws = 100

    @OptionGroup var work: WorkOptions

    func validate() throws {
        guard !layers.isEmpty || checkpoint != nil else { throw ValidationError("give --layers A.npy ... or --checkpoint CKPT --dataset DIR") }
        guard layers.isEmpty || checkpoint == nil else { throw ValidationError("--layers and --checkpoint are alternatives; give one") }
        guard checkpoint == nil || dataset != nil else { throw ValidationError("--checkpoint needs --dataset DIR (the items to encode and their factors)") }
        guard factors != nil || dataset != nil else { throw ValidationError("no factors: give --factors F.npy or --dataset DIR") }
        guard onlyLayers == nil || checkpoint != nil else { throw ValidationError("--only-layers goes with --checkpoint (with --layers, name the files you want)") }
        guard features == nil || checkpoint != nil else { throw ValidationError("--features goes with --checkpoint") }
        guard columns == nil || dataset != nil else { throw ValidationError("--columns reads the metadata.csv of --dataset DIR; give --dataset") }
        if let items, items < 2 { throw ValidationError("--items must be at least 2, got \(items)") }
        guard (depth == nil) == (depthOut == nil) else { throw ValidationError("--depth FACTOR and --depth-out FILE go together") }
        guard neighbours >= 1 else { throw ValidationError("--neighbours must be at least 1, got \(neighbours)") }
        guard NearestNeighbourProbe.Distance(rawValue: distance) != nil else {
            throw ValidationError("--distance must be euclidean or cosine, got '\(distance)'")
        }
        guard testFraction > 0 && testFraction < 1 else { throw ValidationError("--test-fraction must lie strictly between 0 and 1, got \(testFraction)") }
        guard manifolds >= 3 else { throw ValidationError("--manifolds must be at least 3, got \(manifolds)") }
        guard pointsPerClass >= 2 else { throw ValidationError("--points-per-class must be at least 2, got \(pointsPerClass)") }
        guard tVectors >= 1 else { throw ValidationError("--t-vectors must be at least 1, got \(tVectors)") }
        guard kappa >= 0 && kappa.isFinite else { throw ValidationError("--kappa must be a finite number >= 0, got \(kappa)") }
        guard maxFeatures >= 1 else { throw ValidationError("--max-features must be at least 1, got \(maxFeatures)") }
        guard simulatedDraws >= 1 else { throw ValidationError("--simulated-draws must be at least 1, got \(simulatedDraws)") }
        for name in measures.split(separator: ",") where AnalysisMeasure(rawValue: name.trimmingCharacters(in: .whitespaces)) == nil {
            throw ValidationError("--measures: unknown measure '\(name)'; allowed: \(AnalysisMeasure.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        var options = AnalysisOptions()
        options.measures = Set(measures.split(separator: ",").compactMap { AnalysisMeasure(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
        if simulated { options.measures.insert(.simulated) }
        options.seed = seed
        options.testFraction = testFraction
        options.neighbours = neighbours
        options.distance = NearestNeighbourProbe.Distance(rawValue: distance) ?? .euclidean
        options.manifold.maxManifolds = manifolds
        options.manifold.pointsPerManifold = pointsPerClass
        options.manifold.tCount = tVectors
        options.manifold.kappa = kappa
        options.manifold.maxFeatures = maxFeatures
        options.manifold.seed = seed
        options.manifold.removeCentreCorrelation = removeCentreCorrelation
        options.manifold.jobs = work.jobCount
        options.simulated.draws = simulatedDraws
        options.simulated.seed = seed
        options.simulated.jobs = work.jobCount

        var table = try dataset.map { try FactorTable(dataset: URL(fileURLWithPath: $0)) }
        if let factors {
            let fromFile = try FactorTable(npy: URL(fileURLWithPath: factors))
            // A dataset given alongside names the columns when their count matches.
            if let named = table, named.names.count == fromFile.names.count {
                table = FactorTable(names: named.names, kinds: named.kinds, labels: fromFile.labels, values: named.values?.rows == fromFile.labels.rows ? named.values : nil)
            } else {
                table = fromFile
            }
        }
        guard var factorTable = table else { throw InputError("no factors: give --factors F.npy or --dataset DIR") }
        if let columns, let dataset {
            for name in columns.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
                let column = try MetadataColumnFactor(dataset: dataset, column: name)
                guard column.labels.count == factorTable.labels.rows else {
                    throw InputError("\(dataset)/metadata.csv has \(column.labels.count) rows but \(factors ?? dataset + "/factors.npy") has \(factorTable.labels.rows); --columns needs one row per item")
                }
                factorTable = try factorTable.adding(categorical: name, labels: column.labels)
            }
        }
        if let onlyFactors {
            factorTable = try factorTable.selecting(onlyFactors.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        if let depth { options.depthFactor = try factorTable.index(of: depth) }

        let layerCount: Int
        let load: (Int) throws -> LayerActivations
        var chosen: [Int]?
        if let checkpoint, let dataset {
            let encoder = try CheckpointEncoder(path: checkpoint)
            let scratch = FileManager.default.temporaryDirectory.path
            var input = try encoder.features(for: features ?? dataset, scratchFolder: scratch, jobs: work.jobCount, quiet: work.quiet)
            guard input.count <= factorTable.labels.rows else {
                throw InputError("\(features ?? dataset): \(input.count) items but only \(factorTable.labels.rows) factor rows in \(dataset)")
            }
            factorTable = factorTable.prefix(input.count)
            if let items {
                let subset = FactorTable.subset(of: input.count, count: items, seed: seed)
                let plane = input.height * input.width
                var values = [Float]()
                values.reserveCapacity(subset.count * plane)
                for i in subset { values += input.values[(i * plane)..<((i + 1) * plane)] }
                input = FeatureMatrix(count: subset.count, height: input.height, width: input.width, values: values)
                factorTable = factorTable.rows(at: subset)
                chosen = subset
            }
            var wanted: Set<String>?
            if let onlyLayers {
                let names = onlyLayers.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                let known = ["input"] + encoder.layerNames
                if let unknown = names.first(where: { !known.contains($0) }) {
                    throw InputError("--only-layers: no layer '\(unknown)' in \(checkpoint); its layers are: \(known.joined(separator: ", "))")
                }
                wanted = Set(names)
            }
            let encoded = encoder.analysisLayers(input, keeping: wanted)
            let rows = input.count
            layerCount = encoded.count
            load = { i in try LayerActivations(name: encoded[i].name, rows: rows, columns: encoded[i].width, floats: encoded[i].values) }
        } else {
            // Row counts from the headers first, so a mismatch is refused before any work.
            let urls = layers.map { URL(fileURLWithPath: $0) }
            let counts = try urls.map { try LayerActivations.rowCount(npy: $0) }
            for (url, count) in zip(urls, counts) where count != counts[0] {
                throw InputError("\(url.path) has \(count) rows but \(urls[0].path) has \(counts[0]); every layer needs one row per item, in the same order")
            }
            if factors == nil, factorTable.labels.rows > counts[0] { factorTable = factorTable.prefix(counts[0]) }
            guard factorTable.labels.rows == counts[0] else {
                throw InputError("\(factors ?? dataset ?? "factors") has \(factorTable.labels.rows) rows but the layers have \(counts[0]); one factor row per item is needed")
            }
            layerCount = urls.count
            if let items {
                let subset = FactorTable.subset(of: counts[0], count: items, seed: seed)
                factorTable = factorTable.rows(at: subset)
                chosen = subset
                load = { i in try LayerActivations(npy: urls[i]).rows(at: subset) }
            } else {
                load = { i in try LayerActivations(npy: urls[i]) }
            }
        }

        let progress: ((String) -> Void)? = work.quiet ? nil : { line in FileHandle.standardError.write(Data("\(line)\n".utf8)) }
        let report = try LayerAnalysis.run(layerCount: layerCount, load: load, factors: factorTable, options: options, progress: progress)

        // Every result exists before the first file is written, so a refused run leaves nothing.
        if let plot {
            try FileOps.makeDirectory(plot)
            for (name, svg) in report.plots() { try FileOps.writeAtomically(svg.svg(), to: "\(plot)/\(name).svg") }
        }
        if let depthOut, let table = report.depth {
            try FileOps.writeAtomically(table.csv(factors: factorTable, items: chosen), to: depthOut)
        }
        if json {
            var inputs: [(String, JSONValue)] = []
            if !layers.isEmpty { inputs.append(("layer_files", .array(layers.map { .string($0) }))) }
            if let checkpoint { inputs.append(("checkpoint", .string(checkpoint))) }
            if let factors { inputs.append(("factors_file", .string(factors))) }
            if let dataset { inputs.append(("dataset", .string(dataset))) }
            inputs.append(("seed", .integer(Int(truncatingIfNeeded: seed))))
            inputs.append(("mftma", .object([("manifolds", .integer(manifolds)), ("points_per_class", .integer(pointsPerClass)),
                                             ("t_vectors", .integer(tVectors)), ("kappa", .number(kappa)),
                                             ("remove_centre_correlation", .bool(removeCentreCorrelation))])))
            print(report.json(inputs: inputs).serialized(indent: 1))
        } else {
            print(report.table(), terminator: "")
        }
    }
}
