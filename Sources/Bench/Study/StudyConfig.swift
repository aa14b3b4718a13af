import DSP
import Foundation
import Metrics
import Neural
import SynCore
import SynData

/// One method of a study: an objective with its hyperparameters (a list value gives one
/// setting per element) and the training settings it overrides.
public struct StudyMethod: Sendable {
    /// The method's name in folders, tables and plots (`beta-vae`).
    public var name: String
    /// The `objective:` mapping as written, list values kept (expanded by ``settings``).
    public var objective: [(String, ConfigValue)]
    /// Overrides of the study-wide training settings (`architecture`, `latents`, `lr`,
    /// `batch_size`, `epochs`, `steps`).
    public var overrides: [(String, ConfigValue)]
}

/// The design of a study, read from `synbench bench CONFIG.yaml` (`specs/bench.md`).
///
/// Keys: `name` (the study's name: an output folder holds one study), `datasets` (presets or
/// config files, generated into `cache` when missing and reused when they verify), `cache`
/// (default `data`, relative to the config file), `preset` (feature preset, default `paper`),
/// `architecture`, `latents`, `batch_size`, `epochs` or `steps`, `lr`, `checkpoint_every`
/// (training settings every method shares unless it overrides them), `seeds` (training
/// seeds), `methods` (each `name`, `objective` and overrides), `metrics` (names as for
/// `synbench metrics`, or `all`, the default: every metric that applies), `probes`
/// (default true), `probe_columns` (metadata.csv columns probed as categorical factors
/// besides the factors, e.g. SynSpeech's `gender`), `traversal` (`item`, `range`, `steps`).
public struct StudyConfig: Sendable {
    /// The config file.
    public var file: String
    /// The study's name.
    public var name: String
    /// Dataset configs as given (preset names or paths relative to the config file).
    public var datasets: [String]
    /// The config file of each dataset, resolved when the study is read.
    public var datasetPaths: [String]
    /// Where datasets are generated and reused.
    public var cache: String
    /// Feature preset.
    public var preset: FeaturePreset
    /// Study-wide training settings as YAML values, by key.
    public var training: [(String, ConfigValue)]
    /// Training seeds.
    public var seeds: [Int]
    /// The methods.
    public var methods: [StudyMethod]
    /// Metric names (resolved against the catalog).
    public var metrics: [String]
    /// Whether to run the linear and 5-NN probes per factor.
    public var probes: Bool
    /// metadata.csv columns probed as categorical factors where a dataset has them.
    public var probeColumns: [String] = []
    /// Traversal: the item decoded, the latent range (+-) and the number of values.
    public var traversalItem: Int, traversalRange: Double, traversalSteps: Int
    /// The config's text (shown in the report).
    public var text: String

    /// The metrics a study computes unless it names others: every metric of the catalog
    /// (those the data cannot support are skipped with the reason in `scores.json`).
    public static var defaultMetrics: [String] { MetricRunner.catalog.map(\.name) }
    /// Training keys a study or a method may set.
    static let trainingKeys = ["architecture", "latents", "batch_size", "epochs", "steps", "lr", "checkpoint_every"]

    /// Reads and checks `path`.
    ///
    /// - Throws: ``ConfigError`` (exit 2) for an unknown key, method, objective or metric, a
    ///   duplicate method name, or a value out of range.
    public static func load(path: String) throws -> StudyConfig {
        let value = try ConfigValue.load(path: path)
        let root = ConfigReader(file: path, value: value)
        let top = try root.object(allowed: ["name", "datasets", "cache", "preset", "seeds", "methods", "metrics", "probes",
                                            "probe_columns", "traversal"] + trainingKeys)
        try top.finish()
        let name = try top.required("name").string()
        guard isFolderName(name) else {
            throw ConfigError(file: path, path: "name", "must be letters, digits, '-', '_' or '.', not starting with '.', got '\(name)'")
        }
        let datasets = try top.required("datasets").list().map { try $0.string() }
        var seenDatasets = Set<String>()
        for (k, d) in datasets.enumerated() where !seenDatasets.insert(Self.datasetLabel(d)).inserted {
            throw ConfigError(file: path, path: "datasets[\(k)]", "'\(d)' is listed twice")
        }
        let presetName = try top.optional("preset")?.choice(FeaturePreset.all.map(\.name)) ?? "paper"
        let preset = FeaturePreset.named(presetName) ?? .paper
        let seedReaders = try top.optional("seeds")?.list() ?? []
        var seeds = try seedReaders.map { r -> Int in
            let s = try r.integer()
            guard s >= 0 else { throw r.error("must be a non-negative integer, got \(s)") }
            return s
        }
        if seeds.isEmpty { seeds = [0] }
        guard Set(seeds).count == seeds.count else { throw ConfigError(file: path, path: "seeds", "lists a seed twice") }

        let training = trainingKeys.compactMap { key in top.optional(key).map { (key, $0.value) } }
        var methods: [StudyMethod] = []
        for (k, reader) in try top.required("methods").list().enumerated() {
            let object = try reader.object(allowed: ["name", "objective"] + trainingKeys)
            try object.finish()
            let methodName = try object.required("name").string()
            guard isFolderName(methodName) else {
                throw ConfigError(file: path, path: "methods[\(k)].name", "must be letters, digits, '-', '_' or '.', not starting with '.', got '\(methodName)'")
            }
            guard !methods.contains(where: { $0.name == methodName }) else {
                throw ConfigError(file: path, path: "methods[\(k)].name", "'\(methodName)' names two methods")
            }
            let objectiveReader = try object.required("objective")
            guard case let .map(pairs) = objectiveReader.value else {
                throw objectiveReader.error("must be a mapping with name and the objective's hyperparameters")
            }
            let method = StudyMethod(name: methodName, objective: pairs,
                                     overrides: trainingKeys.compactMap { key in object.optional(key).map { (key, $0.value) } })
            methods.append(method)
        }
        let metricNames: [String]
        if let r = top.optional("metrics") {
            if case .string("all") = r.value {
                metricNames = MetricRunner.catalog.map(\.name)
            } else {
                metricNames = try r.list().map { try $0.choice(MetricRunner.catalog.map(\.name)) }
            }
        } else {
            metricNames = defaultMetrics
        }
        let probes = try top.optional("probes")?.bool() ?? true
        let probeColumns = try top.optional("probe_columns")?.list().map { try $0.string() } ?? []
        for (k, column) in probeColumns.enumerated() where probeColumns[..<k].contains(column) {
            throw ConfigError(file: path, path: "probe_columns[\(k)]", "'\(column)' is listed twice")
        }
        guard probes || probeColumns.isEmpty else {
            throw ConfigError(file: path, path: "probe_columns", "probes is false, so no column would be probed; remove probe_columns or set probes: true")
        }
        var item = 0, range = 3.0, steps = 7
        if let t = top.optional("traversal") {
            let object = try t.object(allowed: ["item", "range", "steps"])
            try object.finish()
            if let r = object.optional("item") {
                item = try r.integer()
                guard item >= 0 else { throw r.error("must be a non-negative item index, got \(item)") }
            }
            if let r = object.optional("range") {
                range = try r.double()
                guard range.isFinite, range > 0, range <= 100 else { throw r.error("must be a number in (0, 100], got \(range)") }
            }
            steps = try object.optional("steps")?.positiveInteger(atMost: 33) ?? 7
            guard steps >= 2 else { throw ConfigError(file: path, path: "traversal.steps", "must be at least 2, got \(steps)") }
        }
        let base = URL(fileURLWithPath: path).standardizedFileURL.deletingLastPathComponent().path
        let datasetPaths = try datasets.enumerated().map { k, entry in
            guard isFolderName(datasetLabel(entry)) else {
                throw ConfigError(file: path, path: "datasets[\(k)]", "'\(entry)' does not name a preset or a .yaml file with a plain name (letters, digits, '-', '_', '.')")
            }
            let local = entry.hasPrefix("/") ? entry : base + "/" + entry
            let file = FileOps.exists(local)
            do {
                return try PresetLocator.resolve(file.exists && !file.isDirectory ? local : entry)
            } catch let error as ConfigError {
                throw ConfigError(file: path, path: "datasets[\(k)]", error.message)
            }
        }
        let cacheText = try top.optional("cache")?.string() ?? "data"
        var config = StudyConfig(
            file: path, name: name, datasets: datasets, datasetPaths: datasetPaths, cache: cacheText.hasPrefix("/") ? cacheText : base + "/" + cacheText,
            preset: preset, training: training, seeds: seeds, methods: methods, metrics: metricNames,
            probes: probes, traversalItem: item, traversalRange: range,
            traversalSteps: steps, text: (try? FileOps.readText(path)) ?? "")
        config.probeColumns = probeColumns
        // Every setting must make a valid training config whose architecture takes the
        // preset's features, and name its own folder: checked now, before any work.
        var folders: [String: Int] = [:]
        for setting in try config.settings() {
            if let earlier = folders.updateValue(setting.methodIndex, forKey: setting.method + "/" + setting.name) {
                throw ConfigError(file: path, path: "methods[\(setting.methodIndex)].objective",
                                  "two settings of methods[\(earlier)] resolve to the same values (\(setting.name)); list each value once")
            }
            let train = try setting.trainConfig(features: "features.npy", seed: 0)
            var rng = Xoshiro256StarStar(seed: 0)
            do {
                _ = try GaussianVAE(train.architecture, latent: train.latents, height: preset.melCount, width: preset.frameCount, rng: &rng)
            } catch let error as NeuralShapeError {
                throw ConfigError(file: path, path: "methods[\(setting.methodIndex)]",
                                  "architecture \(train.architecture.rawValue) does not take preset \(preset.name)'s 1 x \(preset.melCount) x \(preset.frameCount) features: \(error.description)")
            }
        }
        return config
    }

    /// True for a name that is safe as one folder name: letters, digits, '-', '_' and '.',
    /// not starting with '.' (so never `.` or `..`).
    static func isFolderName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && name.allSatisfy { $0.isLetter || $0.isNumber || "-_.".contains($0) }
    }

    /// The label of a dataset entry: a preset's name, or a config file's name without `.yaml`.
    static func datasetLabel(_ entry: String) -> String {
        let last = entry.split(separator: "/").last.map(String.init) ?? entry
        return last.hasSuffix(".yaml") ? String(last.dropLast(5)) : last
    }

    /// Every method's settings: the cartesian product of its objective's list values, in
    /// the order written (the last key varies fastest).
    public func settings() throws -> [StudySetting] {
        var result: [StudySetting] = []
        for (k, method) in methods.enumerated() {
            var combinations: [[(String, ConfigValue)]] = [[]]
            for (key, value) in method.objective {
                let choices: [ConfigValue]
                if case let .list(items) = value, key != "projector" {
                    guard !items.isEmpty else {
                        throw ConfigError(file: file, path: "methods[\(k)].objective.\(key)", "an empty list gives no setting")
                    }
                    choices = items
                } else {
                    choices = [value]
                }
                combinations = combinations.flatMap { prefix in choices.map { prefix + [(key, $0)] } }
            }
            var merged = training
            for (key, value) in method.overrides {
                // steps and epochs are one choice: a method giving either replaces both.
                let replaced: Set<String> = key == "steps" || key == "epochs" ? ["steps", "epochs"] : [key]
                merged.removeAll { replaced.contains($0.0) }
                merged.append((key, value))
            }
            for objective in combinations {
                result.append(StudySetting(study: self, methodIndex: k, method: method.name, objective: objective,
                                           varied: method.objective.compactMap { key, value in
                                               if case .list = value, key != "projector" { return key }
                                               return nil
                                           },
                                           training: merged))
            }
        }
        return result
    }
}
