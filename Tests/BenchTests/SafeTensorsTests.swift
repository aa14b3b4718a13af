import Foundation
import SynCore
import Testing
@testable import Bench

/// Our safetensors files parse per the format: header length, JSON header, F32 dtype, shapes,
/// contiguous in-bounds offsets; damaged or foreign files are refused.
@Suite struct SafeTensorsTests {
    let tensors = [
        SafeTensor(name: "enc.0.weight", shape: [2, 1, 3, 3], values: (0..<18).map { Float($0) * 0.5 - 3 }),
        SafeTensor(name: "enc.0.bias", shape: [2], values: [1.5, -Float.infinity]),
        SafeTensor(name: "mu.weight", shape: [3, 1], values: [0.1, 0.2, 0.3]),
    ]

    @Test func layoutFollowsTheSpec() throws {
        let bytes = SafeTensors.encode(tensors, metadata: ["step": "7", "note": "a \"quoted\" value"])
        var n = 0
        for k in 0..<8 { n |= Int(bytes[k]) << (8 * k) }
        #expect((8 + n) % 8 == 0)
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as? [String: Any])
        #expect((header["__metadata__"] as? [String: String]) == ["step": "7", "note": "a \"quoted\" value"])
        var expectedBegin = 0
        for t in tensors {
            let entry = try #require(header[t.name] as? [String: Any])
            #expect(entry["dtype"] as? String == "F32")
            #expect(entry["shape"] as? [Int] == t.shape)
            let offsets = try #require(entry["data_offsets"] as? [Int])
            #expect(offsets == [expectedBegin, expectedBegin + 4 * t.values.count])
            // Little-endian float32 values at those offsets.
            for (i, v) in t.values.enumerated() {
                let p = 8 + n + offsets[0] + 4 * i
                let bits = UInt32(bytes[p]) | UInt32(bytes[p + 1]) << 8 | UInt32(bytes[p + 2]) << 16 | UInt32(bytes[p + 3]) << 24
                #expect(Float(bitPattern: bits) == v)
            }
            expectedBegin = offsets[1]
        }
        #expect(bytes.count == 8 + n + expectedBegin)
        let decoded = try SafeTensors.decode(bytes, source: "t")
        #expect(decoded.tensors == tensors)
        #expect(decoded.metadata["step"] == "7")
    }

    @Test func damagedFilesAreRefused() throws {
        let bytes = SafeTensors.encode(tensors)
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(Array(bytes.dropLast(5)), source: "t") }
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(Array(bytes.prefix(20)), source: "t") }
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(Array("PK\u{3}\u{4} not a safetensors file".utf8), source: "t") }
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(bytes + [0, 0, 0, 0], source: "t") }
        // Another dtype.
        var header = Array("{\"x\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}".utf8)
        while (header.count + 8) % 8 != 0 { header.append(0x20) }
        let f16 = [UInt8(header.count), 0, 0, 0, 0, 0, 0, 0] + header + [0, 0, 0, 0]
        #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(f16, source: "t") }
        // Shapes whose element count overflows Int are refused, not trapped on.
        for shape in ["[4611686018427387904]", "[1099511627776,1099511627776]", "[1.5]"] {
            var h = Array("{\"x\":{\"dtype\":\"F32\",\"shape\":\(shape),\"data_offsets\":[0,4]}}".utf8)
            while (h.count + 8) % 8 != 0 { h.append(0x20) }
            let file = [UInt8(h.count), 0, 0, 0, 0, 0, 0, 0] + h + [0, 0, 0, 0]
            #expect(throws: SafeTensorsError.self) { try SafeTensors.decode(file, source: "t") }
        }
    }
}
