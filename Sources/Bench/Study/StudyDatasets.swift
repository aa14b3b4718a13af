import DSP
import Foundation
import SynCore
import SynData

/// A study's dataset, ready: generated (or reused) in the cache and featurised once.
public struct StudyDataset: Sendable {
    /// The label used in folders and tables (the preset or config file name).
    public var label: String
    /// The dataset folder in the cache.
    public var folder: String
    /// Its plan (factors, counts, identifiability).
    public var plan: DatasetPlan
    /// The features every cell of this dataset trains on (`OUT/features/<label>-<preset>.npy`).
    public var features: String
}

/// Generates or reuses a study's datasets and their features.
enum StudyDatasets {
    /// Loads every dataset's generator and surveys its plan, writing nothing; checks that each
    /// setting's batch fits the dataset and the traversal item exists.
    ///
    /// - Throws: ``ConfigError`` naming the study's key for a bad dataset config, a batch larger
    ///   than a dataset, a traversal item beyond it, or a probe column no dataset has.
    static func plans(_ config: StudyConfig) throws -> [(generator: any DatasetGenerator, plan: DatasetPlan)] {
        let settings = try config.settings()
        let surveyed: [(generator: any DatasetGenerator, plan: DatasetPlan)] = try config.datasetPaths.enumerated().map { k, path in
            let generator = try GeneratorRegistry.builtIn.load(path: path)
            let plan = try DatasetSurvey.plan(for: generator)
            for setting in settings {
                let batch = try setting.trainConfig(features: "features.npy", seed: 0).batchSize
                guard batch <= plan.count else {
                    throw ConfigError(file: config.file, path: "methods[\(setting.methodIndex)].batch_size",
                                      "batch_size \(batch) is larger than dataset \(config.datasets[k]) (\(plan.count) items)")
                }
            }
            guard config.traversalItem < plan.count else {
                throw ConfigError(file: config.file, path: "traversal.item",
                                  "item \(config.traversalItem) is beyond dataset \(config.datasets[k]) (\(plan.count) items)")
            }
            return (generator, plan)
        }
        // A probe column must be text or integer in at least one dataset; it is probed where present.
        let probeable = Set(surveyed.flatMap { $0.plan.extraColumns.filter { $0.kind != .number }.map(\.name) })
        for (k, column) in config.probeColumns.enumerated() where !probeable.contains(column) {
            throw ConfigError(file: config.file, path: "probe_columns[\(k)]",
                              "no dataset of the study has a text or integer metadata column '\(column)'; their columns: \(probeable.isEmpty ? "none" : probeable.sorted().joined(separator: ", "))")
        }
        return surveyed
    }

    /// Makes every dataset of `config` ready from its surveyed `plans` (nil: `--report-only` and
    /// the cells' own processes, which only read what is there). A dataset folder in the cache
    /// is reused when its `dataset.json` describes the same generator config and seed and
    /// `verify` finds no problem; otherwise it is generated (resuming an interrupted
    /// generation). Generation and featurising each hold a lock file, so the shards of one
    /// study on several machines make each dataset and its features once (on a shared file
    /// system, `flock` needs lock support: NFS with lockd, Lustre mounted with `-o flock`).
    ///
    /// - Throws: ``InputError`` when the cache holds another dataset under the same name.
    static func prepare(_ config: StudyConfig, plans: [(generator: any DatasetGenerator, plan: DatasetPlan)]?, out: String,
                        jobs: Int, quiet: Bool) throws -> [StudyDataset] {
        if plans != nil {
            try FileOps.makeDirectory(config.cache)
            try FileOps.makeDirectory(out + "/features")
        }
        return try config.datasets.enumerated().map { k, entry in
            let label = StudyConfig.datasetLabel(entry)
            let folder = config.cache + "/" + label
            let features = "\(out)/features/\(label)-\(config.preset.name).npy"
            guard let (generator, plan) = plans?[k] else {
                return StudyDataset(label: label, folder: folder, plan: try DatasetVerifier.readPlan(folder: folder), features: features)
            }
            let lock = try FileLock(path: config.cache + "/." + label + ".lock")
            if try !reusable(folder: folder, plan: plan, jobs: jobs) {
                if !quiet { FileHandle.standardError.write(Data("bench: generating \(label) into \(folder)\n".utf8)) }
                _ = try DatasetRenderer.run(generator: generator, plan: plan, out: folder,
                                            options: RenderOptions(jobs: jobs, quiet: quiet, handleSignals: false))
            }
            withExtendedLifetime(lock) {}
            let featureLock = try FileLock(path: "\(out)/features/.\(label).lock")
            // The sidecar says how many items the features hold (reading it costs nothing; the
            // features file may be gigabytes).
            let sidecar = (try? FileOps.readText(DatasetFeatures.sidecarPath(for: features))).flatMap { try? JSONValue.parse($0) }
            if !FileOps.exists(features).exists || sidecar == nil {
                try DatasetFeatures.extract(folder: folder, to: features,
                                            options: FeatureOptions(preset: config.preset, jobs: jobs, quiet: quiet))
            } else if let count = sidecar?["items"]?.integerValue, count != plan.count {
                throw InputError("\(features): features of \(count) items, but \(label) has \(plan.count); the dataset changed since this study began: use another --out")
            }
            withExtendedLifetime(featureLock) {}
            return StudyDataset(label: label, folder: folder, plan: plan, features: features)
        }
    }

    /// True when `folder` holds a complete, intact dataset of `plan`.
    static func reusable(folder: String, plan: DatasetPlan, jobs: Int) throws -> Bool {
        guard FileOps.exists(folder + "/dataset.json").exists else { return false }
        let stored = try DatasetVerifier.readPlan(folder: folder)
        // Compared as written: a number read back from the file may be an integer the plan holds as a double.
        guard stored.config.serialized() == plan.config.serialized(), stored.seed == plan.seed, stored.count == plan.count else {
            throw InputError("\(folder): holds another dataset named \(plan.name) (its config or seed differs); move it away or set cache: to another folder")
        }
        return try DatasetVerifier.verify(folder: folder, jobs: jobs).problems.isEmpty
    }
}
