import Foundation
import Testing
@testable import SynCore

/// JSON and NumPy inputs that used to trap (or could exhaust memory or the stack) must be
/// refused with an error that says why.
@Suite struct HostileInputTests {
    @Test func integerValueIsExactOrNil() {
        #expect(JSONValue.integer(-7).integerValue == -7)
        #expect(JSONValue.number(3).integerValue == 3)
        #expect(JSONValue.number(3.5).integerValue == nil)
        #expect(JSONValue.number(1e300).integerValue == nil)
        #expect(JSONValue.number(-0x1p63).integerValue == Int.min)
        #expect(JSONValue.number(0x1p63).integerValue == nil)
        #expect(JSONValue.number(.nan).integerValue == nil)
        #expect(JSONValue.string("3").integerValue == nil)
    }

    @Test func jsonNestingIsBounded() throws {
        let depth = JSONValue.maximumNestingDepth
        let deepest = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(try JSONValue.parse(deepest).serialized().count == 2 * depth)
        for text in [String(repeating: "[", count: depth + 1) + String(repeating: "]", count: depth + 1),
                     String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000),
                     String(repeating: "[", count: 1_000_000)] {
            let error = try #require(throws: JSONParseError.self) { try JSONValue.parse(text) }
            #expect(error.message.contains("nested deeper than \(depth) levels"), "\(error.message)")
        }
    }

    @Test func surrogatePairsDecodeToOneScalar() throws {
        #expect(try JSONValue.parse(#""\ud83d\ude00""#) == .string("\u{1F600}"))
        #expect(try JSONValue.parse(#""a\uD834\uDD1Eb""#) == .string("a\u{1D11E}b"))
        #expect(try JSONValue.parse(#""\u00e9\u4e2d""#) == .string("\u{E9}\u{4E2D}"))
        // Lone surrogates become U+FFFD (documented on JSONValue.parse).
        #expect(try JSONValue.parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try JSONValue.parse(#""\ude00x""#) == .string("\u{FFFD}x"))
        #expect(try JSONValue.parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
        #expect(try JSONValue.parse(#""\ud83d\ud83d\ude00""#) == .string("\u{FFFD}\u{1F600}"))
        // Serialising and parsing again keeps the scalar.
        #expect(try JSONValue.parse(JSONValue.string("\u{1F600}").serialized()) == .string("\u{1F600}"))
    }

    /// Found by the dataset-json fuzzer: with a key twice in one object, the plan's identity
    /// differed from itself (JSONDifference compared the first value with the second), so a
    /// folder could be refused as "made from a different config" by its own dataset.json.
    @Test func duplicateKeysAreErrors() throws {
        let text = #"{"name":"","config":{"":[{"":{"start":0,"start":true}}]}}"#
        let error = try #require(throws: JSONParseError.self) { try JSONValue.parse(text) }
        #expect(error.message.contains(#"the key "start" appears twice"#), "\(error.message)")
        #expect(throws: JSONParseError.self) { try JSONValue.parse(#"{"a":1,"b":2,"a":1}"#) }
        #expect(try JSONValue.parse(#"{"a":{"a":1},"b":[{"a":2},{"a":3}]}"#)["b"] == .array([.object([("a", .integer(2))]), .object([("a", .integer(3))])]))
    }

    @Test func malformedEscapesAndHugeNumbersAreErrors() {
        for text in [#""\x""#, #""\u12G4""#, #""\u+123""#, #""\u12""#, #""\"#, "1e400", "-1e999", "[1,]"] {
            #expect(throws: JSONParseError.self, "\(text)") { try JSONValue.parse(text) }
        }
        #expect((try? JSONValue.parse(#""\/\b\f\n\r\t\"\\""#)) == .string("/\u{8}\u{C}\n\r\t\"\\"))
    }

    /// zlib counts in 32 bits: members of 4 GiB and more are inflated and checksummed in
    /// pieces. Tiny pieces exercise the same loop on the test archive.
    @Test func inflateAndCRCWorkInPieces() throws {
        let url = try #require(Bundle.module.url(forResource: "deflated", withExtension: "npz", subdirectory: "Resources"))
        let bytes = try [UInt8](Data(contentsOf: url))
        func u16(_ o: Int) -> Int { Int(bytes[o]) | Int(bytes[o + 1]) << 8 }
        func u32(_ o: Int) -> Int { u16(o) | u16(o + 2) << 16 }
        // The first local header (numpy writes ZIP64 sizes: 0xFFFFFFFF, then an extra field
        // with tag 1 holding the uncompressed and compressed sizes).
        #expect(u32(0) == 0x0403_4B50 && u16(8) == 8 && u32(18) == 0xFFFF_FFFF)
        let extra = 30 + u16(26)
        #expect(u16(extra) == 1 && u16(extra + 2) == 16)
        let size = u32(extra + 4), compressed = u32(extra + 12), crc = UInt32(u32(14))
        let start = extra + u16(28)
        let data = bytes[start..<start + compressed]
        let whole = try Inflater.inflate(data, expectedSize: size, source: "m")
        #expect(whole.count == size)
        #expect(Inflater.crc32(of: whole) == crc)
        for piece in [1, 3, 7, 64, 4096] {
            #expect(try Inflater.inflate(data, expectedSize: size, source: "m", chunk: piece) == whole)
            #expect(Inflater.crc32(of: whole, chunk: piece) == crc)
        }
        #expect(Inflater.crc32(of: []) == 0)
        #expect(throws: NumPyFormatError.self) { try Inflater.inflate(data, expectedSize: size - 1, source: "m", chunk: 5) }
        #expect(throws: NumPyFormatError.self) { try Inflater.inflate(data, expectedSize: size + 1, source: "m", chunk: 5) }
        #expect(throws: NumPyFormatError.self) { try Inflater.inflate(data.dropLast(3), expectedSize: size, source: "m", chunk: 5) }
        #expect(throws: NumPyFormatError.self) { try Inflater.inflate([], expectedSize: 0, source: "m") }
    }

    @Test func userErrorsPrintAsOneLine() {
        #expect(InputError("a.yaml: unknown factor 'x\ny'").oneLineDescription == "a.yaml: unknown factor 'x\\ny'")
        #expect(InputError("f\r: k\u{1B}: bad\u{2028}").oneLineDescription == "f\\r: k\\u{1B}: bad\\u{2028}")
        #expect(InputError("tab\tand é stay").oneLineDescription == "tab\tand é stay")
    }
}
