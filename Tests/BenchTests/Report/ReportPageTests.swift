import DSP
import Foundation
import Testing
@testable import Bench

@Suite("HTML report")
struct ReportPageTests {
    static func count(_ needle: String, in text: String) -> Int { text.components(separatedBy: needle).count - 1 }

    @Test("the page is self-contained and has every section, figure, image and player")
    func structure() throws {
        let report = ReportFixture.report
        let html = ReportPage.render(report)
        for (id, _) in ReportPage.sections { #expect(html.contains("<section id=\"\(id)\">"), "section \(id)") }
        // Nothing to fetch: the only URL is the SVG namespace, which is a name, not a request.
        let urls = html.components(separatedBy: "http").dropFirst().map { String($0.prefix(30)) }
        #expect(urls.allSatisfy { $0.hasPrefix("://www.w3.org/2000/svg") }, "\(urls.filter { !$0.hasPrefix("://www.w3.org/2000/svg") })")
        #expect(!html.contains("<script") && !html.contains("<link"))
        // Traversals: 2 methods x 4 latents, each a PNG row and a WAV player.
        #expect(Self.count("<img src=\"data:image/png;base64,", in: html) == 8)
        #expect(Self.count("<audio controls preload=\"metadata\" aria-label=", in: html) == 8)
        #expect(Self.count("src=\"data:audio/wav;base64,", in: html) == 8)
        #expect(html.contains("seed 1 · item 17: sawtooth, 277 Hz"))
        // Inline SVG: metric bars per dataset (2), probes per dataset and kind (4), MI maps per
        // dataset and method (4), curves per dataset and loss term (3 + 3).
        let svgs = XMLCheck.svgElements(html)
        #expect(svgs.count == 2 + 4 + 4 + 6)
        for svg in svgs { #expect(XMLCheck.problem(svg) == nil) }
        // Escaping of user text: the config's markup and quotes, the methods' Greek letters.
        #expect(html.contains("# bench config &lt;with markup&gt; &amp; quotes &quot;like this&quot;"))
        #expect(html.contains("β-VAE (β=4)") && !html.contains("<with markup>"))
        print("report size: \(html.utf8.count) bytes")
    }

    @Test("summary tables mark the best value per column, the smallest where lower is better")
    func bestMarked() {
        let rows = [
            SummaryRow(dataset: "d", method: "a", metric: "MIG", mean: 0.2, std: 0.01, count: 3),
            SummaryRow(dataset: "d", method: "b", metric: "MIG", mean: 0.3, std: 0.02, count: 3),
            SummaryRow(dataset: "d", method: "a", metric: "loss", mean: 10, std: 1, count: 3, higherIsBetter: false),
            SummaryRow(dataset: "d", method: "b", metric: "loss", mean: 12, std: 1, count: 3, higherIsBetter: false),
        ]
        let report = StudyReport(title: "t", configText: "", generatedBy: "g",
                                 datasets: [DatasetCard(name: "d", itemCount: 4, factors: [], identifiability: "")],
                                 methods: ["a", "b"], seeds: [1, 2, 3], summary: rows)
        let html = ReportPage.render(report)
        #expect(html.contains("<td class=\"best\"><strong>0.300<span class=\"sd\"> ± 0.020</span></strong></td>"))
        #expect(html.contains("<td class=\"best\"><strong>10.0<span class=\"sd\"> ± 1.0</span></strong></td>"))
        #expect(html.contains("<td>0.200<span class=\"sd\"> ± 0.010</span></td>"))
        #expect(ReportNumber.meanStd(152.44, 1.2) == "152.4 ± 1.2" && ReportNumber.meanStd(0.5, 0) == "0.500")
        #expect(Self.count("class=\"best\"", in: html) == 2)
        // Empty sections say so instead of drawing empty figures.
        #expect(html.contains("No probe scores yet.") && html.contains("No traversals yet."))
    }

    @Test("traversal audio: one clip per latent, the steps joined by silences, peak 0.9; scaling undoes minmax")
    func traversalAudio() throws {
        let traversal = ReportFixture.report.traversals[0]
        let preset = ReportFixture.preset
        let step = preset.hopLength * (preset.frameCount - 1), gap = Int(0.15 * ReportFixture.sampleRate)
        #expect(traversal.audio.count == 4)
        for clip in traversal.audio {
            #expect(clip.count == 7 * step + 6 * gap)
            let peak = clip.map(abs).max() ?? 0
            #expect(abs(peak - 0.9) < 1e-6)
            #expect(clip[step..<(step + gap)].allSatisfy { $0 == 0 })
        }
        let summary = FeatureSummary(shape: [1, 1, 64, 64], floor: -100, ceiling: 10, mean: -40, standardDeviation: 20,
                                     frames: [], paddedFrames: [], croppedFrames: [], sidecar: "")
        let minmax = LogMelScaling(normalization: .minmax, summary: summary)
        #expect(abs(minmax.logMel(0) + 100) < 1e-4 && abs(minmax.logMel(1) - 10) < 1e-4)
        let standard = LogMelScaling(normalization: .standard, summary: summary)
        #expect(abs(standard.logMel(1) + 20) < 1e-4)
        #expect(LogMelScaling(normalization: .none, summary: summary) == .identity)
    }
}
