import Foundation
import SynCore
import Testing
@testable import SynData

/// The generator seam with everything a speech generator needs: lengths that vary per item,
/// a side file per item, extra metadata columns and a gain from rendered peaks, through
/// generate, a failed run and its resume, shards, merge and verify.
@Suite struct GeneratorSeamTests {
    static func generator(_ extra: String = "") throws -> SineTestGenerator {
        try SineTestGenerator.make(sineYAML + "\nextras: true\n" + extra)
    }

    @Test func sideFilesAndColumnsAreWrittenListedAndVerified() throws {
        let tmp = TempFolder()
        let g = try Self.generator()
        let plan = try generate(g, into: tmp.sub("d"), jobs: 1)
        try generate(g, into: tmp.sub("d2"), jobs: 2)
        let files = folderContents(tmp.sub("d"))
        #expect(folderContents(tmp.sub("d2")) == files)
        #expect(files.keys.filter { $0.hasPrefix("labels/000/") }.count == 18)

        // SHA256SUMS: per item its audio file, then its side file; metadata.csv last (its
        // extra-column cells cannot be recomputed from dataset.json).
        let sums = try String(contentsOfFile: tmp.sub("d/SHA256SUMS"), encoding: .utf8).split(separator: "\n")
        #expect(sums.count == 37)
        #expect(sums[36].hasSuffix("  metadata.csv"))
        #expect(sums[0].hasSuffix("  audio/000/000000.wav") && sums[1].hasSuffix("  labels/000/000000.txt"))
        let label = try #require(files["labels/000/000002.txt"])
        #expect(sums[5] == "\(SHA256Hasher.digest([UInt8](label)).hex)  labels/000/000002.txt")

        // metadata.csv: the header is fixed by the declaration; cells are CSV-quoted.
        let csv = try String(contentsOfFile: tmp.sub("d/metadata.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv[0] == "file_name,kind,kind_idx,frequency,frequency_idx,length,length_idx,label,samples,rms")
        let row = try #require(CSVLine.fields(String(csv[3])))
        #expect(Array(row.prefix(7)) == ["audio/000/000002.wav", "plain", "0", "100", "0", "33", "2"])
        #expect(row[7] == "plain, \"100\" Hz" && row[8] == "33")
        // The rms cell is measured on the audio: recompute it from the stored WAV.
        let audio = try SoundFileReader(path: tmp.sub("d/audio/000/000002.wav")).readAll()
        #expect(audio.count == 33)
        let rms = (audio.reduce(0.0) { $0 + Double($1) * Double($1) } / 33).squareRoot()
        #expect(abs(try #require(Double(row[9])) - rms) < 1e-4)

        let json = try JSONValue.parse(try String(contentsOfFile: tmp.sub("d/dataset.json"), encoding: .utf8))
        guard case let .array(columns)? = json["columns"], case let .array(sides)? = json["side_files"] else {
            Issue.record("dataset.json lacks columns or side_files")
            return
        }
        #expect(columns.first?["name"] == .string("label") && sides.first?["folder"] == .string("labels"))
        let reread = try DatasetVerifier.readPlan(folder: tmp.sub("d"))
        #expect(reread.extraColumns == plan.extraColumns && reread.sideFiles == plan.sideFiles)
        #expect(try DatasetVerifier.verify(folder: tmp.sub("d")).problems.isEmpty)

        // verify names a changed side file, a stray one and a bad numeric cell.
        try Data("changed\n".utf8).write(to: URL(fileURLWithPath: tmp.sub("d/labels/000/000004.txt")))
        try Data("x".utf8).write(to: URL(fileURLWithPath: tmp.sub("d/labels/000/stray.txt")))
        var lines = csv.map(String.init)
        lines[5] = lines[5].replacingOccurrences(of: ",\(lines[5].split(separator: ",").last!)", with: ",loud")
        try (lines.joined(separator: "\n") + "\n").write(toFile: tmp.sub("d/metadata.csv"), atomically: true, encoding: .utf8)
        let problems = try DatasetVerifier.verify(folder: tmp.sub("d")).problems.map(\.description)
        #expect(problems.contains { $0.hasPrefix("labels/000/000004.txt: SHA-256 does not match") })
        #expect(problems.contains { $0.hasPrefix("labels/000/stray.txt: not listed") })
        #expect(problems.contains { $0.hasPrefix("metadata.csv: row 5 column rms holds 'loud'") })
        #expect(problems.contains { $0.hasPrefix("metadata.csv: SHA-256 does not match") })
    }

    @Test func verifyOpensOnlyTheFilesItExpects() throws {
        let tmp = TempFolder()
        try generate(try Self.generator(), into: tmp.sub("d"))
        let secret = tmp.sub("secret.txt")
        try Data("x".utf8).write(to: URL(fileURLWithPath: secret))
        let sums = tmp.sub("d/SHA256SUMS")
        let text = try String(contentsOfFile: sums, encoding: .utf8)
        try (text + "\(String(repeating: "0", count: 64))  ../secret.txt\n").write(toFile: sums, atomically: true, encoding: .utf8)
        let problems = try DatasetVerifier.verify(folder: tmp.sub("d")).problems.map(\.description)
        #expect(problems == ["SHA256SUMS: lists 38 files, dataset.json implies 37"])
    }

    @Test(arguments: ["files", "npy"])
    func shardsMergeIntoTheUnshardedBytes(layout: String) throws {
        let tmp = TempFolder()
        let g = try Self.generator("layout: \(layout)\n")
        try generate(g, into: tmp.sub("whole"))
        let reference = folderContents(tmp.sub("whole"))
        for i in 0..<3 { try generate(g, into: tmp.sub("s\(i)"), shard: ShardSpec(index: i, count: 3)) }
        #expect(FileManager.default.fileExists(atPath: tmp.sub("s1/columns.jsonl")))
        #expect(folderContents(tmp.sub("s1")).keys.filter { $0.hasPrefix("labels/") }.count == 6)
        try DatasetMerger.merge(out: tmp.sub("m"), shards: [tmp.sub("s2"), tmp.sub("s0"), tmp.sub("s1")], jobs: 2, quiet: true)
        #expect(folderContents(tmp.sub("m")) == reference)
        #expect(try DatasetVerifier.verify(folder: tmp.sub("m")).problems.isEmpty)
        // A shard whose columns are gone cannot be merged silently.
        try FileManager.default.removeItem(atPath: tmp.sub("s1/columns.jsonl"))
        #expect(throws: (any Error).self) {
            try DatasetMerger.merge(out: tmp.sub("m2"), shards: [tmp.sub("s0"), tmp.sub("s1"), tmp.sub("s2")], quiet: true)
        }
    }

    /// A run that dies part-way (here: item 9 fails to render, as if the process died there)
    /// leaves complete items journaled; a torn journal line and a lost side file are
    /// survived; the rerun renders the rest and the folder equals an uninterrupted run.
    @Test(arguments: ["files", "npy"])
    func failedRunResumesByteIdentical(layout: String) throws {
        let tmp = TempFolder()
        let g = try Self.generator("layout: \(layout)\n")
        try generate(g, into: tmp.sub("ref"), jobs: 1)
        let reference = folderContents(tmp.sub("ref"))

        let out = tmp.sub("run")
        let failing = FailingGenerator(base: g, failingLength: 40, failingFrequency: 100, failingKind: 1)
        #expect(throws: (any Error).self) { try generate(failing, into: out, jobs: 1) }
        #expect(!FileManager.default.fileExists(atPath: out + "/dataset.json"))
        #expect(FileManager.default.fileExists(atPath: out + "/labels/000/000008.txt"))
        #expect(!FileManager.default.fileExists(atPath: out + "/labels/000/000009.txt"))
        let journal = out + "/" + DatasetFolder.partialName + "/columns.jsonl"
        let handle = try #require(FileHandle(forWritingAtPath: journal))
        handle.seekToEndOfFile()
        handle.write(Data("[12,\"torn".utf8))
        handle.closeFile()
        try FileManager.default.removeItem(atPath: out + "/labels/000/000003.txt")

        let plan = try DatasetSurvey.plan(for: g, jobs: 2)
        let summary = try DatasetRenderer.run(generator: g, plan: plan, out: out,
                                              options: RenderOptions(jobs: 2, quiet: true, handleSignals: false))
        #expect(summary.kept == 8 && summary.rendered == 10)
        #expect(folderContents(out) == reference)
    }

    /// The test generator with one item (kind, frequency, length) misbehaving once the survey
    /// is over, as a broken generator or a crash would.
    struct FailingGenerator: DatasetGenerator {
        enum Fault: Sendable {
            /// Asks for more samples than the survey counted: the run stops at that item.
            case longer
            /// Renders a NaN sample.
            case notANumber
            /// Puts text in the numeric `rms` column.
            case wrongKind
            /// Leaves every column unset (they must come out empty, not another item's).
            case noColumns
        }
        let base: SineTestGenerator
        let failingLength: Int
        let failingFrequency: Double
        let failingKind: Double
        var fault = Fault.longer
        let surveyed = Locked(Set<Int>())

        var config: DatasetConfig { base.config }
        var generatorName: String { base.generatorName }
        var generatorVersion: String { base.generatorVersion }
        var resolvedExtras: [(String, JSONValue)] { base.resolvedExtras }
        var fixedDuration: Double? { nil }
        var extraColumns: [ExtraColumn] { base.extraColumns }
        var sideFiles: [SideFileKind] { base.sideFiles }

        struct Item: Sendable {
            var base: SineTestGenerator.Item
            var fails: Bool
        }

        func prepare(values: [Double], rng: inout Xoshiro256StarStar) -> Item {
            let item = base.prepare(values: values, rng: &rng)
            let target = values == [failingKind, failingFrequency, Double(failingLength)]
            // The survey prepares each item once; the fault starts with the second preparation.
            let again = target && !surveyed.withLock { $0.insert(0).inserted }
            return Item(base: item, fails: again)
        }
        func sampleCount(of item: Item) -> Int {
            base.sampleCount(of: item.base) + (item.fails && fault == .longer ? 1000 : 0)
        }
        func problems(of item: Item) -> [ItemProblem] { base.problems(of: item.base) }
        func peakBound(of item: Item) -> Double { base.peakBound(of: item.base) }
        func render(_ item: Item, gain: Double, rng: inout Xoshiro256StarStar, into output: inout RenderedItem) {
            if item.fails, fault == .noColumns {
                var scratch = RenderedItem(generator: base)
                base.render(item.base, gain: gain, rng: &rng, into: &scratch)
                output.samples = scratch.samples
                output.count = scratch.count
                output.sideFiles = scratch.sideFiles
                return
            }
            base.render(item.base, gain: gain, rng: &rng, into: &output)
            guard item.fails else { return }
            switch fault {
            case .notANumber: output.samples[3] = .nan
            case .wrongKind: output.columns[2] = .text("loud")
            case .longer, .noColumns: break
            }
        }
    }

    @Test func aBrokenGeneratorIsStoppedNotWritten() throws {
        let tmp = TempFolder()
        let g = try Self.generator()
        for fault in [FailingGenerator.Fault.notANumber, .wrongKind] {
            let failing = FailingGenerator(base: g, failingLength: 40, failingFrequency: 100, failingKind: 1, fault: fault)
            let out = tmp.sub("\(fault)")
            #expect {
                try generate(failing, into: out, jobs: 1)
            } throws: { error in
                error is GeneratorError && "\(error)".contains("item 9")
            }
            #expect(!FileManager.default.fileExists(atPath: out + "/audio/000/000009.wav"))
        }
        // Columns a generator leaves unset are empty, not the previous item's.
        let quiet = FailingGenerator(base: g, failingLength: 40, failingFrequency: 100, failingKind: 1, fault: .noColumns)
        try generate(quiet, into: tmp.sub("q"), jobs: 1)
        let csv = try String(contentsOfFile: tmp.sub("q/metadata.csv"), encoding: .utf8).split(separator: "\n")
        #expect(csv[10].hasSuffix(",40,0,,,"), "\(csv[10])")
    }

    /// An interrupted layout-npy run resumed with another --limit keeps no rows of the old
    /// shape: the result equals a clean run with the new limit.
    @Test func npyResumeWithAnotherLimitRendersAgain() throws {
        let tmp = TempFolder()
        let g = try Self.generator("layout: npy\n")
        try generate(g, into: tmp.sub("ref"), jobs: 1, limit: 12)
        let failing = FailingGenerator(base: g, failingLength: 40, failingFrequency: 100, failingKind: 1)
        #expect(throws: (any Error).self) { try generate(failing, into: tmp.sub("run"), jobs: 1) }
        try generate(g, into: tmp.sub("run"), jobs: 2, limit: 12)
        #expect(folderContents(tmp.sub("run")) == folderContents(tmp.sub("ref")))
    }

    /// Rerunning into a finished folder (whole or shard) keeps every item, cells included,
    /// and rewrites the same bytes.
    @Test func rerunIntoAFinishedFolderKeepsEverything() throws {
        let tmp = TempFolder()
        let g = try Self.generator()
        let plan = try generate(g, into: tmp.sub("d"))
        let before = folderContents(tmp.sub("d"))
        let again = try DatasetRenderer.run(generator: g, plan: plan, out: tmp.sub("d"),
                                            options: RenderOptions(jobs: 2, quiet: true, handleSignals: false))
        #expect(again.kept == 18 && again.rendered == 0)
        #expect(folderContents(tmp.sub("d")) == before)
        try generate(g, into: tmp.sub("s"), shard: ShardSpec(index: 1, count: 2))
        let shardBefore = folderContents(tmp.sub("s"))
        let shardAgain = try DatasetRenderer.run(generator: g, plan: plan, out: tmp.sub("s"),
                                                 options: RenderOptions(jobs: 2, shard: ShardSpec(index: 1, count: 2),
                                                                        quiet: true, handleSignals: false))
        #expect(shardAgain.kept == 9 && shardAgain.rendered == 0)
        #expect(folderContents(tmp.sub("s")) == shardBefore)
        // A metadata.csv that no longer matches SHA256SUMS is not trusted: items render again.
        try "edited\n".write(toFile: tmp.sub("d/metadata.csv"), atomically: true, encoding: .utf8)
        let edited = try DatasetRenderer.run(generator: g, plan: plan, out: tmp.sub("d"),
                                             options: RenderOptions(jobs: 2, quiet: true, handleSignals: false))
        #expect(edited.rendered == 18)
        #expect(folderContents(tmp.sub("d")) == before)
    }

    @Test func renderedGainUsesTheMeasuredPeaks() throws {
        let tmp = TempFolder()
        let g = try Self.generator("gain: rendered\nformat: float32\n")
        let plan = try generate(g, into: tmp.sub("d"))
        var loudest: Float = 0
        for i in 0..<plan.count {
            let (idx, _) = plan.sampler.item(i)
            loudest = max(loudest, try #require(g.renderItem(factorIndices: idx.map { Int($0) })).peak)
        }
        #expect(plan.peak == Double(loudest))
        #expect(abs(plan.gain * plan.peak - HeadroomSetting.autoTargetPeak) < 1e-12)
        let json = try JSONValue.parse(try String(contentsOfFile: tmp.sub("d/dataset.json"), encoding: .utf8))
        #expect(json["headroom"]?["source"]?["kind"] == .string("rendered"))
        // Every shard and a limited run compute the same gain.
        let shard = try generate(g, into: tmp.sub("s"), shard: ShardSpec(index: 1, count: 3))
        let limited = try generate(g, into: tmp.sub("l"), limit: 4)
        #expect(shard.gain == plan.gain && limited.gain == plan.gain)
    }

    /// With a calibration set that misses the loudest item, that item would clip in PCM: the
    /// run stops naming it and the headroom to set, its file is never written and nothing of
    /// the fresh run is left behind.
    @Test func anItemThatWouldClipIsNeverWritten() throws {
        let tmp = TempFolder()
        let yaml = """
        generator: test-sine
        name: clip
        gain: calibration
        factors:
          - name: frequency
            values: [100, 200, 300]
          - name: amplitude
            values: [0.2, 0.45, 0.3]
        """
        let g = try SineTestGenerator.make(yaml)
        let plan = try DatasetSurvey.plan(for: g)
        #expect(abs(plan.peak - 0.2) < 0.01)
        #expect {
            _ = try DatasetRenderer.run(generator: g, plan: plan, out: tmp.sub("new/d"),
                                        options: RenderOptions(jobs: 1, quiet: true, handleSignals: false))
        } throws: { error in
            let text = "\(error)"
            return error is ConfigError && text.hasPrefix("test.yaml: headroom: item 1 (frequency=100, amplitude=0.45) peaks at")
                && text.contains("would clip in pcm16, so it was not written")
        }
        // Item 0 was written before item 1 was refused; the fresh folders are gone again.
        #expect(!FileManager.default.fileExists(atPath: tmp.sub("new")))
        // float32 does not clip: the same design renders.
        let float = try SineTestGenerator.make(yaml + "\nformat: float32")
        try generate(float, into: tmp.sub("f"))
        #expect(try DatasetVerifier.verify(folder: tmp.sub("f")).problems.isEmpty)
    }

    @Test func problemsPointAtTheFactorResponsible() throws {
        let g = try SineTestGenerator.make(sineYAML.replacingOccurrences(of: "[40, 64, 33]", with: "[40, 0, 33]"))
        #expect {
            _ = try DatasetSurvey.plan(for: g)
        } throws: { error in
            "\(error)".hasPrefix("test.yaml: factors[2].values[1]: length 0 must be at least 1 (item 1:")
        }
    }

    @Test func calibrationSetIsSpreadEvenly() {
        let set = CalibrationSet(source: .rendered(calibrationItems: 3, margin: 0), count: 9)
        #expect((0..<9).filter(set.contains) == [0, 3, 6])
        let uneven = CalibrationSet(source: .rendered(calibrationItems: 4, margin: 0), count: 10)
        #expect((0..<10).filter(uneven.contains) == [0, 2, 5, 7])
        let all = CalibrationSet(source: .rendered(calibrationItems: nil, margin: 0), count: 5)
        #expect((0..<5).filter(all.contains) == [0, 1, 2, 3, 4])
    }
}
