import Foundation
import SynCore
import SynData

/// One cell of a study: a dataset, a method's setting and a training seed.
public struct StudyCell: Sendable {
    /// The cell's position in the study's order (dataset, then method and setting, then seed);
    /// shards take the cells with `index % N == I`.
    public var index: Int
    /// The dataset's label.
    public var dataset: String
    /// The method's setting.
    public var setting: StudySetting
    /// The training seed.
    public var seed: Int

    /// The method's name.
    public var method: String { setting.method }

    /// The folder under the study's output: `cells/<dataset>/<method>/<setting>/seed-<s>`.
    public var relativeFolder: String { "cells/\(dataset)/\(setting.method)/\(setting.name)/seed-\(seed)" }

    /// Every cell of `config` in order.
    public static func all(of config: StudyConfig) throws -> [StudyCell] {
        let settings = try config.settings()
        var cells: [StudyCell] = []
        for dataset in config.datasets.map(StudyConfig.datasetLabel) {
            for setting in settings {
                for seed in config.seeds {
                    cells.append(StudyCell(index: cells.count, dataset: dataset, setting: setting, seed: seed))
                }
            }
        }
        return cells
    }

    /// The cell's identity as JSON (written to `cell.json` and into its scores).
    var identity: JSONValue {
        .object([("dataset", .string(dataset)), ("method", .string(method)), ("setting", .string(setting.name)),
                 ("seed", .integer(seed)), ("settings", setting.resolved)])
    }
}
