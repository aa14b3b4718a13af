import Foundation
import SynCore
import Testing
@testable import SynSpeech

/// TextGrid and tracks side files of specs/synspeech.md, "What a SynSpeech dataset adds to the
/// dataset contract".
@Suite struct LabelsTests {
    /// "the cat" with a leading and trailing silence; the grid References/textgrid_praatio.py
    /// expects.
    static func theCat() throws -> TextGrid {
        try TextGrid.words(
            [(0.1, 0.25, "the"), (0.25, 0.7, "cat"), (0.8, 1.05, "say \"naïve\"")],
            phones: [(0.1, 0.16, "DH"), (0.16, 0.25, "AH0"), (0.25, 0.35, "K"), (0.35, 0.6, "AE1"),
                     (0.6, 0.7, "T"), (0.8, 0.9, "S"), (0.9, 1.05, "EY1")],
            duration: 1.2)
    }

    static func text(_ grid: TextGrid) -> String { String(decoding: grid.longTextFormat(), as: UTF8.self) }

    static func oneLine(_ error: TextGridError) -> Bool {
        !error.description.isEmpty && !error.description.contains("\n")
    }

    // MARK: Building

    @Test func wordsFillsSilenceWithEmptyLabels() throws {
        let grid = try Self.theCat()
        #expect(grid.xmin == 0 && grid.xmax == 1.2)
        #expect(grid.tiers.map(\.name) == ["words", "phones"])
        let words = try #require(grid.tier(named: "words"))
        #expect(words.intervals.map(\.text) == ["", "the", "cat", "", "say \"naïve\"", ""])
        #expect(words.intervals.first == .init(xmin: 0, xmax: 0.1, text: ""))
        #expect(words.intervals.last == .init(xmin: 1.05, xmax: 1.2, text: ""))
        let phones = try #require(grid.tier(named: "phones"))
        #expect(phones.intervals.count == 10)
        for tier in grid.tiers {
            for (a, b) in zip(tier.intervals, tier.intervals.dropFirst()) { #expect(a.xmax == b.xmin) }
        }
    }

    @Test func spansFillingWholeDurationAddNoSilence() throws {
        let tier = try TextGrid.Tier.filling(name: "words", spans: [(0, 0.5, "a"), (0.5, 1, "b")], duration: 1)
        #expect(tier.intervals == [.init(xmin: 0, xmax: 0.5, text: "a"), .init(xmin: 0.5, xmax: 1, text: "b")])
        let empty = try TextGrid.Tier.filling(name: "words", spans: [], duration: 2)
        #expect(empty.intervals == [.init(xmin: 0, xmax: 2, text: "")])
    }

    // MARK: Tiling errors

    @Test func gapIsAOneLineError() {
        let tier = TextGrid.Tier(name: "phones", intervals: [
            .init(xmin: 0, xmax: 0.4, text: "AA1"), .init(xmin: 0.5, xmax: 1, text: ""),
        ])
        #expect(throws: TextGridError.gap(tier: "phones", index: 2, from: 0.4, to: 0.5)) {
            try TextGrid(duration: 1, tiers: [tier])
        }
        let error = TextGridError.gap(tier: "phones", index: 2, from: 0.4, to: 0.5)
        #expect(Self.oneLine(error))
        #expect(error.description.contains("phones") && error.description.contains("gap"))
    }

    @Test func overlapIsAOneLineError() {
        let tier = TextGrid.Tier(name: "words", intervals: [
            .init(xmin: 0, xmax: 0.6, text: "a"), .init(xmin: 0.5, xmax: 1, text: "b"),
        ])
        let expected = TextGridError.overlap(tier: "words", index: 2, start: 0.5, previousEnd: 0.6)
        #expect(throws: expected) { try TextGrid(duration: 1, tiers: [tier]) }
        #expect(throws: expected) {
            try TextGrid.words([(0, 0.6, "a"), (0.5, 1, "b")], phones: [], duration: 1)
        }
        #expect(Self.oneLine(expected) && expected.description.contains("overlap"))
    }

    @Test func outOfRangeIsAOneLineError() {
        let past = TextGrid.Tier(name: "words", intervals: [.init(xmin: 0, xmax: 1.5, text: "a")])
        let expected = TextGridError.outOfRange(tier: "words", index: 1, xmin: 0, xmax: 1.5, duration: 1)
        #expect(throws: expected) { try TextGrid(duration: 1, tiers: [past]) }
        #expect(throws: TextGridError.outOfRange(tier: "phones", index: 1, xmin: -0.1, xmax: 0.2, duration: 1)) {
            try TextGrid.words([], phones: [(-0.1, 0.2, "P")], duration: 1)
        }
        #expect(Self.oneLine(expected) && expected.description.contains("outside 0..1.0"))
    }

    @Test func otherTilingErrorsAreOneLine() {
        let short = TextGrid.Tier(name: "words", intervals: [.init(xmin: 0, xmax: 0.9, text: "")])
        let late = TextGrid.Tier(name: "words", intervals: [.init(xmin: 0.1, xmax: 1, text: "")])
        let backwards = TextGrid.Tier(name: "words", intervals: [.init(xmin: 0, xmax: 0, text: "")])
        let cases: [(TextGridError, () throws -> TextGrid)] = [
            (.notCovered(tier: "words", xmin: 0, xmax: 0.9, duration: 1), { try TextGrid(duration: 1, tiers: [short]) }),
            (.notCovered(tier: "words", xmin: 0.1, xmax: 1, duration: 1), { try TextGrid(duration: 1, tiers: [late]) }),
            (.emptyInterval(tier: "words", index: 1, xmin: 0, xmax: 0), { try TextGrid(duration: 1, tiers: [backwards]) }),
            (.emptyTier(tier: "x"), { try TextGrid(duration: 1, tiers: [.init(name: "x", intervals: [])]) }),
            (.badDuration(0), { try TextGrid(duration: 0, tiers: []) }),
            (.badDuration(.infinity), { try TextGrid.words([], phones: [], duration: .infinity) }),
        ]
        for (expected, make) in cases {
            #expect(throws: expected) { try make() }
            #expect(Self.oneLine(expected), "\(expected)")
        }
    }

    // MARK: Long text format

    @Test func longTextLayoutIsPraats() throws {
        let grid = try TextGrid.words([(0.25, 0.5, "hi")], phones: [], duration: 1)
        let expected = """
            File type = "ooTextFile"
            Object class = "TextGrid"

            xmin = 0
            xmax = 1
            tiers? <exists>
            size = 2
            item []:
                item [1]:
                    class = "IntervalTier"
                    name = "words"
                    xmin = 0
                    xmax = 1
                    intervals: size = 3
                    intervals [1]:
                        xmin = 0
                        xmax = 0.25
                        text = ""
                    intervals [2]:
                        xmin = 0.25
                        xmax = 0.5
                        text = "hi"
                    intervals [3]:
                        xmin = 0.5
                        xmax = 1
                        text = ""
                item [2]:
                    class = "IntervalTier"
                    name = "phones"
                    xmin = 0
                    xmax = 1
                    intervals: size = 1
                    intervals [1]:
                        xmin = 0
                        xmax = 1
                        text = ""

            """
        #expect(Self.text(grid) == expected)
    }

    @Test func quotesInsideTextAreDoubled() throws {
        let grid = try Self.theCat()
        #expect(Self.text(grid).contains("text = \"say \"\"naïve\"\"\"\n"))
        #expect(TextGrid.quoted("\"") == "\"\"\"\"")
        #expect(TextGrid.quoted("") == "\"\"")
    }

    @Test func numbersAreShortestRoundTripText() {
        #expect(TextGrid.number(0) == "0")
        #expect(TextGrid.number(2) == "2")
        #expect(TextGrid.number(0.1) == "0.1")
        #expect(TextGrid.number(0.1 + 0.2) == "0.30000000000000004")
        for x in [0.1 + 0.2, 1.0 / 3, 1e-5, 123.456789, 2.5e17, 0.005] {
            #expect(Double(TextGrid.number(x)) == x, "\(x)")
        }
    }

    @Test func writeThenParseIsEqual() throws {
        let grid = try Self.theCat()
        let bytes = grid.longTextFormat()
        let back = try TextGrid(parsing: bytes)
        #expect(back == grid)
        #expect(back.longTextFormat() == bytes)
        let awkward = try TextGrid.words(
            [(1.0 / 3, 0.1 + 0.2 + 0.5, "two\nlines \"\" ok"), (0.9, 0.95, "日本語")],
            phones: [(0.0, 1e-5, "P")], duration: 1.0 / 0.7)
        let awkwardBack = try TextGrid(parsing: awkward.longTextFormat())
        #expect(awkwardBack == awkward)
        #expect(awkwardBack.tier(named: "words")?.intervals[1].text == "two\nlines \"\" ok")
    }

    @Test func parsingToleratesBOMAndCRLF() throws {
        let grid = try Self.theCat()
        let crlf = Self.text(grid).replacingOccurrences(of: "\n", with: "\r\n")
        #expect(try TextGrid(parsing: [0xEF, 0xBB, 0xBF] + Array(crlf.utf8)) == grid)
    }

    @Test func malformedTextIsAOneLineErrorWithItsLine() throws {
        let good = Self.text(try Self.theCat())
        let cases: [(String, Int)] = [
            (good.replacingOccurrences(of: "Object class = \"TextGrid\"", with: "Object class = \"Pitch\""), 2),
            (good.replacingOccurrences(of: "xmax = 1.2\ntiers", with: "xmax = soon\ntiers"), 5),
            (good.replacingOccurrences(of: "class = \"IntervalTier\"\n        name = \"phones\"",
                                       with: "class = \"TextTier\"\n        name = \"phones\""), 0),
            (String(good.dropLast(3)), 0),
            (good + "extra\n", 0),
        ]
        for (text, line) in cases {
            do {
                _ = try TextGrid(parsing: Array(text.utf8))
                Issue.record("parsed a malformed TextGrid")
            } catch let error as TextGridError {
                #expect(Self.oneLine(error), "\(error)")
                guard case let .malformed(at, _) = error else { Issue.record("\(error)"); continue }
                if line > 0 { #expect(at == line, "\(error)") }
            }
        }
        // A tiling mistake in the file is reported as such.
        let gap = good.replacingOccurrences(of: "xmin = 0.1\n            xmax = 0.25", with: "xmin = 0.11\n            xmax = 0.25")
        #expect(throws: TextGridError.gap(tier: "words", index: 2, from: 0.1, to: 0.11)) {
            try TextGrid(parsing: Array(gap.utf8))
        }
    }

    // MARK: Frame tracks

    @Test func frameTracksAreFloat32FramesBySeven() throws {
        var klatt = KlattFrame()
        klatt.f0 = 120; klatt.f1 = 700; klatt.f2 = 1220; klatt.f3 = 2600
        klatt.av = 60; klatt.ah = 0; klatt.af = 0
        var noisy = klatt
        noisy.f0 = 0; noisy.av = 0; noisy.ah = 50.5; noisy.af = 55
        let tracks = FrameTracks(klattFrames: [klatt, noisy, klatt])
        let array = try NpyArray(npyBytes: tracks.npyBytes(), source: "tracks.npy")
        #expect(array.dtype == .float32)
        #expect(array.shape == [3, 7])
        #expect(Array(array.doubles()[0..<14]) == [120, 700, 1220, 2600, 60, 0, 0, 0, 700, 1220, 2600, 0, 50.5, 55])
        #expect(FrameTracks.columns == ["F0", "F1", "F2", "F3", "AV", "AH", "AF"])
        let none = try NpyArray(npyBytes: FrameTracks(frames: []).npyBytes(), source: "empty.npy")
        #expect(none.shape == [0, 7])
    }

    /// Writes the grid of ``theCat()`` and three tracks frames to
    /// `$TMPDIR/synspeech-labels-crosscheck/` for References/textgrid_praatio.py (which checks
    /// them with praatio, praat-parselmouth and numpy); Python is not needed here.
    @Test func writesCrossCheckFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("synspeech-labels-crosscheck")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let grid = try Self.theCat()
        try Data(grid.longTextFormat()).write(to: dir.appendingPathComponent("the_cat.TextGrid"))
        let frame = FrameTracks.Frame(f0: 120, f1: 700, f2: 1220, f3: 2600, av: 60, ah: 0, af: 0)
        let fricative = FrameTracks.Frame(f0: 0, f1: 400, f2: 1600, f3: 2600, av: 0, ah: 0, af: 55)
        let tracks = FrameTracks(frames: [frame, frame, fricative])
        try Data(tracks.npyBytes()).write(to: dir.appendingPathComponent("tracks.npy"))
        print("cross-check files in \(dir.path)")
    }
}
