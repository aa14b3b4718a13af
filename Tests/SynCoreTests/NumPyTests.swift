import Foundation
import Testing
@testable import SynCore

/// Files in Resources/ were written by NumPy 2.4 (`np.save`, `np.lib.format.write_array`
/// with versions 2.0 and 3.0, `np.savez`, `np.savez_compressed`);
/// `References/make_numpy_fixtures.py` writes them again, byte for byte.
@Suite struct NumPyTests {
    func resource(_ name: String) throws -> URL {
        let parts = name.split(separator: ".")
        return try #require(Bundle.module.url(forResource: String(parts[0]), withExtension: String(parts[1]), subdirectory: "Resources"))
    }

    let expected: [Double] = (0..<12).map { Double($0) / 4 }

    @Test(arguments: ["c_f32.npy", "fortran_f64.npy", "v2_f64.npy", "v3_f32.npy"])
    func readsNumPyFloatArrays(name: String) throws {
        let a = try NpyArray(contentsOf: resource(name))
        #expect(a.shape == [3, 4])
        #expect(a.doubles() == expected)
    }

    @Test func readsIntegerArrays() throws {
        let i64 = try NpyArray(contentsOf: resource("i64.npy"))
        #expect(i64.dtype == .int64)
        #expect(try i64.integers(source: "i64") == [-2, -1, 0, 1, 2, 3])
        #expect(try NpyArray(contentsOf: resource("u8.npy")).integers(source: "u8") == [0, 1, 2, 3, 4, 5])
        #expect(try NpyArray(contentsOf: resource("i32.npy")).shape == [3, 2])
    }

    @Test(arguments: ["stored.npz", "deflated.npz"])
    func readsArchives(name: String) throws {
        let z = try NpzArchive(contentsOf: resource(name))
        #expect(Set(z.names) == ["codes", "factors"])
        #expect(try z.array(named: "codes").doubles() == expected)
        #expect(try z.array(named: "factors").integers(source: "f") == [0, 1, 2])
        #expect(throws: InputError.self) { try z.array(named: "codes_test") }
    }

    @Test(arguments: ["truncated.npy", "bad_magic.npy", "big_endian.npy"])
    func rejectsMalformedArrays(name: String) throws {
        let url = try resource(name)
        let error = try #require(throws: NumPyFormatError.self) { try NpyArray(contentsOf: url) }
        #expect(error.description.hasPrefix(url.path))
        #expect(!error.description.contains("\n"))
    }

    @Test func rejectsTruncatedArchive() throws {
        #expect(throws: NumPyFormatError.self) { try NpzArchive(contentsOf: resource("truncated.npz")) }
    }

    @Test func rejectsFractionalLabels() throws {
        let a = try NpyArray(contentsOf: resource("c_f32.npy"))
        #expect(throws: NumPyFormatError.self) { try a.integers(source: "c") }
    }

    @Test func writtenFilesRoundTripWithAlignedHeaders() throws {
        let values: [Float] = [1, -2.5, 3.25, 0, 7, 8]
        let bytes = NpyWriter.data(values, shape: [2, 3])
        let (header, offset) = try NpyHeader.parse(bytes, source: "mem")
        #expect(offset % 64 == 0)
        #expect(header == NpyHeader(dtype: .float32, shape: [2, 3]))
        #expect(Array(bytes[6..<8]) == [1, 0])
        #expect(try NpyArray(npyBytes: bytes, source: "mem").doubles() == values.map(Double.init))
        let ints = NpyWriter.data([Int32(4), -1, 9], shape: [3])
        #expect(try NpyArray(npyBytes: ints, source: "mem").integers(source: "mem") == [4, -1, 9])
        #expect(String(decoding: ints[10..<64], as: UTF8.self).contains("'shape': (3,)"))
    }

    @Test func rejectsShapesTooLargeToExist() throws {
        var bytes = NpyHeader(dtype: .float64, shape: [4, 1]).encoded()
        let text = String(decoding: bytes[10...], as: UTF8.self)
            .replacingOccurrences(of: "(4, 1)", with: "(4294967296, 4294967296)")
        bytes = Array(bytes[0..<10]) + Array(text.utf8)
        bytes[8] = UInt8((bytes.count - 10) & 0xFF)
        bytes[9] = UInt8((bytes.count - 10) >> 8)
        let error = try #require(throws: NumPyFormatError.self) { try NpyArray(npyBytes: bytes, source: "huge.npy") }
        #expect(error.description.contains("too large"))
    }

    @Test func int64LabelsKeepEveryBit() throws {
        let values: [Int64] = [Int64.max, Int64.min + 1, (1 << 53) + 1, 1 << 53]
        var bytes = NpyHeader(dtype: .int64, shape: [4]).encoded()
        values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        let labels = try NpyArray(npyBytes: bytes, source: "labels.npy").integers(source: "labels.npy")
        #expect(labels == values.map { Int($0) })
    }

    @Test func rejectsArchivesWithImpossibleSizes() throws {
        var bytes = try [UInt8](Data(contentsOf: resource("stored.npz")))
        // The first central-directory entry's uncompressed size becomes 0xFFFFFFFF with a
        // ZIP64 extra field absent: a size no member of this archive can have.
        let signature: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        func isDirectoryEntry(_ o: Int) -> Bool { Array(bytes[o..<o + 4]) == signature }
        let first = try #require((0..<bytes.count - 4).first(where: isDirectoryEntry))
        for k in 0..<4 { bytes[first + 24 + k] = 0xFF }
        #expect(throws: NumPyFormatError.self) {
            let archive = try NpzArchive(bytes: bytes, source: "bad.npz")
            for name in archive.names { _ = try archive.array(named: name) }
        }
    }
}
