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
    /// Makes every dataset of `config` ready. A dataset folder in the cache is reused when its
    /// `dataset.json` describes the same generator config and seed and `verify` finds no
    /// problem; otherwise it is generated (resuming an interrupted generation). Each step
    /// holds a lock file, so shards of one study on several machines generate it once.
    ///
    /// - Throws: ``ConfigError`` for an unknown preset or a bad dataset config,
    ///   ``InputError`` when the cache holds another dataset under the same name.
    static func prepare(_ config: StudyConfig, out: String, jobs: Int, quiet: Bool, onlyExisting: Bool = false) throws -> [StudyDataset] {
        try FileOps.makeDirectory(config.cache)
        try FileOps.makeDirectory(out + "/features")
        return try config.datasets.enumerated().map { k, entry in
            let label = StudyConfig.datasetLabel(entry)
            let folder = config.cache + "/" + label
            let features = "\(out)/features/\(label)-\(config.preset.name).npy"
            if onlyExisting {
                // --report-only: nothing is generated; the dataset must be there.
                return StudyDataset(label: label, folder: folder, plan: try DatasetVerifier.readPlan(folder: folder), features: features)
            }
            let lock = try FileLock(path: config.cache + "/." + label + ".lock")
            let generator = try GeneratorRegistry.builtIn.load(path: config.datasetPaths[k])
            let plan = try DatasetSurvey.plan(for: generator, jobs: jobs)
            if try !reusable(folder: folder, plan: plan, jobs: jobs) {
                if !quiet { FileHandle.standardError.write(Data("bench: generating \(label) into \(folder)\n".utf8)) }
                _ = try DatasetRenderer.run(generator: generator, plan: plan, out: folder,
                                            options: RenderOptions(jobs: jobs, quiet: quiet, handleSignals: false))
            }
            withExtendedLifetime(lock) {}
            let featureLock = try FileLock(path: "\(out)/features/.\(label).lock")
            if !FileOps.exists(features).exists {
                try DatasetFeatures.extract(folder: folder, to: features,
                                            options: FeatureOptions(preset: config.preset, jobs: jobs, quiet: quiet))
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
