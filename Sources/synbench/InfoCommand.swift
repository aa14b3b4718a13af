import ArgumentParser
import Foundation
import SynCore
import SynData

/// `synbench info`: summarises a dataset folder.
struct InfoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "info",
        abstract: "Show a dataset's factors, counts and sizes.",
        discussion: """
        Reads dataset.json and SHA256SUMS (it hashes nothing for layout: files; for layout npy
        it hashes the rows) and prints the generator, factors, constants, headroom gain,
        identifiability report, size on disk, and items of different factor values whose
        audio is byte-identical.

        Example:
          synbench info data/syntone-small
        """)

    @Argument(help: "Dataset folder.")
    var folder: String

    func run() throws {
        let plan = try DatasetVerifier.readPlan(folder: folder)
        print("\(plan.name): \(plan.generatorName) \(plan.generatorVersion), \(plan.itemCount) items"
              + (plan.itemCount < plan.count ? " (first \(plan.itemCount) of \(plan.count))" : "")
              + ", \(plan.sampling == .grid ? "grid" : "random") sampling, seed \(plan.seed)")
        let duration = plan.duration.map { "\(FactorSpec.format($0)) s" } ?? "varies (longest \(plan.maxSamples) samples)"
        let storage = plan.layout == .files ? "\(plan.format.rawValue) \(plan.format.fileExtension) files"
            : plan.ragged ? "waveforms.npy float32 [\(plan.totalSamples)] ragged, offsets.npy int64 [\(plan.itemCount + 1)]"
            : "waveforms.npy float32 [\(plan.itemCount), \(plan.maxSamples)]"
        print("audio: \(plan.sampleRate) Hz, \(duration), \(storage)")
        if !plan.extraColumns.isEmpty {
            print("extra columns: " + plan.extraColumns.map { $0.unit.isEmpty ? $0.name : "\($0.name) (\($0.unit))" }.joined(separator: ", "))
        }
        if !plan.sideFiles.isEmpty {
            print("side files: " + plan.sideFiles.map { "\($0.folder)/NNN/NNNNNN.\($0.fileExtension)" }.joined(separator: ", "))
        }
        print("headroom: gain \(FactorSpec.format(plan.gain)) (\(plan.headroom == .auto ? "auto" : "fixed")), peak \(String(format: "%.2f", 20 * log10(max(plan.peak * plan.gain, 1e-300)))) dBFS")
        print("factors:")
        for f in plan.factors {
            let unit = f.unit.isEmpty ? "" : " \(f.unit)"
            switch f.domain {
            case let .discrete(values, labels):
                let shown = labels ?? values.map { String(format: "%.10g", $0) }
                let list = shown.count <= 6 ? shown.joined(separator: ", ")
                    : "\(shown[0]), \(shown[1]), ..., \(shown[shown.count - 1])"
                print("  \(f.name) (\(f.kind.rawValue)\(unit)): \(values.count) values: \(list)")
            case let .uniform(lower, upper, logScale, bins):
                print("  \(f.name) (\(f.kind.rawValue)\(unit)): \(logScale ? "log-uniform" : "uniform") in [\(FactorSpec.format(lower)), \(FactorSpec.format(upper))), \(bins) bins")
            }
        }
        if case let .object(constants) = plan.constants, !constants.isEmpty {
            print("constants: " + constants.map { "\($0.0)=\($0.1.serialized())" }.joined(separator: ", "))
        }
        for e in plan.identifiabilityCounts {
            print("identifiability: \(e.factor) not identifiable for \(e.unidentifiable) of \(e.total) items (\(String(format: "%.1f", 100 * e.fraction)) %)")
        }
        print("size: \(String(format: "%.1f", Double(DatasetVerifier.totalBytes(folder: folder)) / 1e6)) MB")
        let digests: [SHA256Digest]
        if plan.layout == .files {
            let text = (try? FileOps.readText(folder + "/SHA256SUMS")) ?? ""
            digests = text.split(separator: "\n").compactMap { line in
                SHA256SumsLine(line).flatMap { plan.item(ofFile: $0.name) != nil ? $0.digest : nil }
            }
        } else {
            digests = (try DatasetVerifier.checkWaveformRows(plan: plan, folder: folder))
        }
        if digests.count == plan.itemCount {
            let d = DatasetVerifier.duplicates(plan: plan, digests: digests)
            print("byte-identical audio across different factor values: \(d.items) items in \(d.groups) groups"
                  + (d.examples.isEmpty ? "" : " (e.g. items \(d.examples.map { $0.map(String.init).joined(separator: "=") }.joined(separator: ", ")))"))
        }
    }
}
