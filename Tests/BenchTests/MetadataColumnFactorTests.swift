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

        // A column dataset.json does not list as text or integer: refused, naming the usable ones.
        for (column, reason) in [("accent", "no text or integer column 'accent'"), ("duration_s", "no text or integer column 'duration_s'"),
                                 ("file_name", "no text or integer column 'file_name'")] {
            do {
                _ = try MetadataColumnFactor(dataset: data, column: column)
                Issue.record("column '\(column)' was taken as classes")
            } catch {
                #expect("\(error)".contains(reason) && "\(error)".contains("gender"), "\(error)")
            }
        }
    }

    /// An integer column's classes are in numeric order (9 before 10), a CRLF file reads like
    /// an LF one, and a short line is named by its line number.
    @Test func integerColumnsSortNumerically() throws {
        let folder = try DatasetFeaturesTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let manifest = #"{"columns": [{"name": "room", "kind": "integer", "unit": ""}, {"name": "level", "kind": "number", "unit": "dB"}]}"#
        try manifest.write(toFile: folder + "/dataset.json", atomically: true, encoding: .utf8)
        try "file_name,room,level\r\na.wav,10,1.5\r\nb.wav,9,2\r\nc.wav,10,3\r\nd.wav,2,4\r\n"
            .write(toFile: folder + "/metadata.csv", atomically: true, encoding: .utf8)
        let room = try MetadataColumnFactor(dataset: folder, column: "room")
        #expect(room.classes == ["2", "9", "10"])
        #expect(room.labels == [2, 1, 2, 0])
        try "file_name,room,level\na.wav,10,1.5\nb.wav,9\n".write(toFile: folder + "/metadata.csv", atomically: true, encoding: .utf8)
        do {
            _ = try MetadataColumnFactor(dataset: folder, column: "room")
            Issue.record("a short line was read")
        } catch {
            #expect("\(error)" == "\(folder)/metadata.csv: line 3 does not have the header's 3 fields")
        }
    }
}
