import Testing
@testable import SynData

@Suite struct PosixFileTests {
    @Test func arrayPrefixesAreWrittenAndReadWithoutCopies() throws {
        let tmp = TempFolder()
        let path = tmp.sub("f.bin")
        let file = try PosixFile(updatingAt: path)
        try file.write([UInt8](repeating: 7, count: 8), at: 0)
        try file.write([1, 2, 3, 99] as [UInt8], count: 3, at: 2)
        try file.write([Float(1), 2], count: 1, at: 8)
        #expect(try file.size() == 12)
        var buffer = [UInt8](repeating: 0, count: 16)
        #expect(try file.read(into: &buffer, count: 5, at: 1) == 5)
        #expect(buffer.prefix(6) == [7, 1, 2, 3, 7, 0])
        #expect(try file.read(into: &buffer, at: 8) == 4)
        #expect(buffer.prefix(4) == [0, 0, 0x80, 0x3F])
        try FileOps.writeAtomically([5, 6, 7], count: 2, to: tmp.sub("g.bin"))
        #expect(try FileOps.readBytes(tmp.sub("g.bin")) == [5, 6])
        let appended = try PosixFile(appendingAt: tmp.sub("g.bin"))
        try appended.append([8, 9], count: 1)
        #expect(try FileOps.readBytes(tmp.sub("g.bin")) == [5, 6, 8])
    }
}
