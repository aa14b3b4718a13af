import DSP
import SynCore
import SynData

/// The dataset-wide log-mel statistics a normalisation is fitted from (before normalising;
/// padded frames excluded).
public struct FeatureStatistics: Sendable, Equatable {
    /// Smallest value: the padding value, and min-max's 0.
    public var floor: Double
    /// Largest value: min-max's 1.
    public var ceiling: Double
    /// Mean: standard normalisation's centre.
    public var mean: Double
    /// Population standard deviation: standard normalisation's unit.
    public var standardDeviation: Double

    /// Makes the statistics.
    public init(floor: Double, ceiling: Double, mean: Double, standardDeviation: Double) {
        self.floor = floor
        self.ceiling = ceiling
        self.mean = mean
        self.standardDeviation = standardDeviation
    }
}

/// How a set of features was made: the preset (and its padding), the log, the fitting of other
/// frame counts, the normalisation and the statistics it was fitted with.
///
/// A checkpoint records its training features' recipe (`features.*` in the safetensors
/// metadata), so `synbench encode` featurises any other dataset exactly as the training data,
/// with the training statistics rather than statistics refitted on the new data: a model
/// trained on values scaled to [0, 1] by the training set's range sees the same scale.
public struct FeatureRecipe: Sendable, Equatable {
    /// STFT, mel and output size.
    public var preset: FeaturePreset
    /// The log compression.
    public var compression: LogCompression
    /// The normalisation.
    public var normalization: FeatureNormalization
    /// The fitting of other frame counts.
    public var fit: FeatureFit
    /// The statistics the normalisation was fitted with.
    public var statistics: FeatureStatistics

    /// Makes a recipe.
    public init(preset: FeaturePreset, compression: LogCompression, normalization: FeatureNormalization,
                fit: FeatureFit, statistics: FeatureStatistics) {
        self.preset = preset
        self.compression = compression
        self.normalization = normalization
        self.fit = fit
        self.statistics = statistics
    }

    /// The recipe of features written with `options`, whose fitted statistics `summary` reports.
    public init(options: FeatureOptions, summary: FeatureSummary) {
        self.init(preset: options.preset, compression: options.compression, normalization: options.normalization,
                  fit: options.fit, statistics: summary.statistics)
    }

    /// Feature options that reproduce this recipe on another dataset (its statistics fixed).
    public func options(jobs: Int, quiet: Bool) -> FeatureOptions {
        var options = FeatureOptions(preset: preset, compression: compression, normalization: normalization, fit: fit,
                                     jobs: jobs, quiet: quiet)
        options.fixedStatistics = statistics
        return options
    }

    /// The recipe as checkpoint metadata entries, each key prefixed `features.`. Numbers are
    /// written in Swift's shortest round-trip form, so reading them back gives the same bits.
    public var metadata: [String: String] {
        var entries = [
            "features.preset": preset.name,
            "features.pad_mode": preset.padding.rawValue,
            "features.normalization": normalization.rawValue,
            "features.fit": fit.rawValue,
            "features.floor": "\(statistics.floor)",
            "features.ceiling": "\(statistics.ceiling)",
            "features.mean": "\(statistics.mean)",
            "features.std": "\(statistics.standardDeviation)",
        ]
        switch compression {
        case let .decibels(amin, topDB):
            entries["features.log"] = "db"
            entries["features.log_amin"] = "\(amin)"
            if let topDB { entries["features.log_top_db"] = "\(topDB)" }
        case let .natural(offset):
            entries["features.log"] = "ln"
            entries["features.log_offset"] = "\(offset)"
        case .none:
            entries["features.log"] = "none"
        }
        return entries
    }

    /// Reads a recipe back from checkpoint metadata; nil when the metadata has none (a
    /// checkpoint trained on a features file without its sidecar JSON).
    ///
    /// - Throws: ``CheckpointMismatchError`` naming `source` and the key when an entry is
    ///   present but unreadable.
    public init?(metadata: [String: String], source: String) throws {
        guard let presetName = metadata["features.preset"] else { return nil }
        func bad(_ key: String) -> CheckpointMismatchError {
            CheckpointMismatchError("\(source): metadata features.\(key) is '\(metadata["features." + key] ?? "")', not a value synbench writes")
        }
        func number(_ key: String) throws -> Double {
            guard let text = metadata["features." + key], let value = Double(text), value.isFinite else { throw bad(key) }
            return value
        }
        guard var preset = FeaturePreset.named(presetName) else { throw bad("preset") }
        guard let padding = STFTPadding(rawValue: metadata["features.pad_mode"] ?? "") else { throw bad("pad_mode") }
        preset.padding = padding
        guard let normalization = FeatureNormalization(rawValue: metadata["features.normalization"] ?? "") else {
            throw bad("normalization")
        }
        guard let fit = FeatureFit(rawValue: metadata["features.fit"] ?? "") else { throw bad("fit") }
        let compression: LogCompression
        switch metadata["features.log"] {
        case "db":
            compression = .decibels(amin: try number("log_amin"),
                                    topDB: metadata["features.log_top_db"] == nil ? nil : try number("log_top_db"))
        case "ln": compression = .natural(offset: try number("log_offset"))
        case "none": compression = .none
        default: throw bad("log")
        }
        self.init(preset: preset, compression: compression, normalization: normalization, fit: fit,
                  statistics: FeatureStatistics(floor: try number("floor"), ceiling: try number("ceiling"),
                                                mean: try number("mean"), standardDeviation: try number("std")))
    }

    /// Reads the recipe from a features sidecar JSON written by ``DatasetFeatures``; nil when
    /// the file is missing or is not such a sidecar (features made elsewhere).
    public init?(sidecar path: String) {
        guard let text = try? FileOps.readText(path), let json = try? JSONValue.parse(text),
              json["format"]?.stringValue == "synbench-features",
              let presetName = json["preset"]?["name"]?.stringValue, var preset = FeaturePreset.named(presetName),
              let padding = json["preset"]?["pad_mode"]?.stringValue.flatMap(STFTPadding.init(rawValue:)),
              let normalization = json["normalization"]?["kind"]?.stringValue.flatMap(FeatureNormalization.init(rawValue:)),
              let fit = json["fit"]?.stringValue.flatMap(FeatureFit.init(rawValue:)),
              let stats = json["statistics"], let floor = stats["min"]?.doubleValue, let ceiling = stats["max"]?.doubleValue,
              let mean = stats["mean"]?.doubleValue, let std = stats["std"]?.doubleValue else { return nil }
        preset.padding = padding
        let log = json["log"]
        let compression: LogCompression
        switch log?["kind"]?.stringValue {
        case "db":
            guard let amin = log?["amin"]?.doubleValue else { return nil }
            compression = .decibels(amin: amin, topDB: log?["top_db"]?.doubleValue)
        case "ln":
            guard let offset = log?["offset"]?.doubleValue else { return nil }
            compression = .natural(offset: offset)
        case "none": compression = .none
        default: return nil
        }
        self.init(preset: preset, compression: compression, normalization: normalization, fit: fit,
                  statistics: FeatureStatistics(floor: floor, ceiling: ceiling, mean: mean, standardDeviation: std))
    }
}
