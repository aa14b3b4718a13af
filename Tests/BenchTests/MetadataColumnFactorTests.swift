import Foundation
import Metrics
import SynCore
import SynData
import Testing
@testable import Bench

/// Metadata columns as factors: SynSpeech's `gender` read from `metadata.csv` agrees with the
/// speakers recorded in `dataset.json`, and bad columns are refused with one line.
@Suite struct MetadataColumnFactorTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func genderFollowsTheSpeakers() throws {
        let folder = try DatasetFeaturesTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let yaml = try String(contentsOf: Self.repository.appendingPathComponent("configs/synspeech-tiny.yaml"), encoding: .utf8)
        let data = try DatasetFeaturesTests.generate(yaml, in: folder)

        let gender = try MetadataColumnFactor(dataset: data, column: "gender")
        let manifest = try JSONValue.parse(String(contentsOfFile: data + "/dataset.json", encoding: .utf8))
        guard case let .array(speakers)? = manifest["config"]?["speakers"] else {
            Issue.record("dataset.json has no config.speakers")
            return
        }
        let genders = speakers.map { $0["gender"]?.stringValue ?? "?" }
        #expect(gender.classes == Set(genders).sorted())
        let factors = try NpyArray(contentsOf: URL(fileURLWithPath: data + "/factors.npy"))
        let columns = factors.shape[1]
        let speakerIndex = factors.doubles().enumerated().filter { $0.offset % columns == 0 }.map { Int($0.element) }
        #expect(gender.labels.count == speakerIndex.count)
        for (row, speaker) in speakerIndex.enumerated() {
            #expect(gender.classes[gender.labels[row]] == genders[speaker], "row \(row)")
        }

        // A study's probe_columns: codes that carry the gender (and nothing else) probe it
        // perfectly, after the factors' probes; a column the dataset lacks is skipped.
        let generator = try GeneratorRegistry.builtIn.load(path: folder + "/config.yaml")
        let plan = try DatasetSurvey.plan(for: generator)
        let dataset = StudyDataset(label: "tiny", folder: data, plan: plan, features: "")
        var storage: [Double] = []
        for (row, g) in gender.labels.enumerated() {
            storage.append(Double(g) * 4 + 0.01 * Double(row % 3))
            storage.append(0.1 * Double(row % 5))
        }
        let codes = Matrix(rows: gender.labels.count, columns: 2, storage: storage)
        let probes = try CellProbes.measure(codes: codes, dataset: dataset, columns: ["gender", "accent"], seed: 0)
        #expect(probes.map { $0.factor } == ["speaker", "speaker", "text", "text", "style", "style", "gender", "gender"])
        #expect(probes.suffix(2).map { $0.probe } == ["linear", "knn"])
        #expect(probes.suffix(2).allSatisfy { $0.value == 1 }, "\(probes.suffix(2))")

        #expect(throws: InputError.self) { try MetadataColumnFactor(dataset: data, column: "accent") }
        do {
            _ = try MetadataColumnFactor(dataset: data, column: "accent")
        } catch {
            #expect("\(error)".contains("no column 'accent'") && "\(error)".contains("gender"), "\(error)")
        }
        do {
            _ = try MetadataColumnFactor(dataset: data, column: "duration_s")
            Issue.record("a numeric column was taken as classes")
        } catch {
            #expect("\(error)".contains("declares column 'duration_s' a number"), "\(error)")
        }
    }
}
