import Foundation
import Testing
@testable import SynCore

/// `NpyArray.floats(contentsOf:)`: the direct float32 path and the converting path give the
/// general reader's values, and a truncated file is an error, not a crash.
@Suite struct NpyFloatsTests {
    @Test func floatsMatchTheGeneralReader() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("npy-floats-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var g = Xoshiro256StarStar(seed: 3)
        let values = (0..<(5 * 7 * 3)).map { _ in g.nextFloat() * 200 - 100 }
        let f32 = folder.appendingPathComponent("a.npy"), f64 = folder.appendingPathComponent("b.npy")
        try NpyWriter.write(values, shape: [5, 1, 7, 3], to: f32)
        try NpyWriter.write(values.map(Double.init), shape: [5, 7, 3], to: f64)
        let direct = try NpyArray.floats(contentsOf: f32)
        #expect(direct.shape == [5, 1, 7, 3] && direct.values == values)
        let converted = try NpyArray.floats(contentsOf: f64)
        #expect(converted.shape == [5, 7, 3] && converted.values == values)

        let bytes = try Data(contentsOf: f32)
        let truncated = folder.appendingPathComponent("c.npy")
        try bytes.prefix(bytes.count - 5).write(to: truncated)
        #expect(throws: NumPyFormatError.self) { try NpyArray.floats(contentsOf: truncated) }
        #expect(throws: InputError.self) { try NpyArray.floats(contentsOf: folder.appendingPathComponent("missing.npy")) }
    }
}
