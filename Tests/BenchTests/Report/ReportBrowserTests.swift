import Bench
import Foundation
import Testing

/// The report in a real browser (bench spec, "Checks"): no console errors, every image and
/// audio element loads, and a screenshot is taken.
@Suite("HTML report in headless Chromium")
struct ReportBrowserTests {
    /// Put at the start of <head> in the checked copy: collects errors (window errors, failed
    /// resource loads, console.error) and, after load, once every audio element has its
    /// metadata or an error (5 s at most), writes a JSON verdict into document.title, which
    /// --dump-dom prints.
    static let verdictScript = """
    <script>
    (function () {
      var errors = [];
      window.addEventListener('error', function (e) {
        var t = e.target;
        if (t && t !== window && t.tagName) { errors.push('failed to load <' + t.tagName.toLowerCase() + '>'); }
        else { errors.push('error: ' + (e.message || 'unknown')); }
      }, true);
      window.addEventListener('unhandledrejection', function (e) { errors.push('unhandled rejection: ' + e.reason); });
      var original = console.error;
      console.error = function () {
        errors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
        return original.apply(console, arguments);
      };
      var tries = 0;
      function verdict() {
        var images = Array.prototype.slice.call(document.images);
        var audio = Array.prototype.slice.call(document.querySelectorAll('audio'));
        var pending = audio.filter(function (a) { return a.readyState < 1 && !a.error; }).length;
        if (pending > 0 && tries++ < 100) { setTimeout(verdict, 50); return; }
        document.title = 'VERDICT:' + JSON.stringify({
          images: images.length,
          imagesLoaded: images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length,
          audio: audio.length,
          audioReady: audio.filter(function (a) { return a.readyState >= 1 && !a.error; }).length,
          audioErrors: audio.filter(function (a) { return a.error; }).map(function (a) { return a.error.code; }),
          durations: audio.map(function (a) { return a.duration; }),
          svgs: document.querySelectorAll('svg').length,
          errors: errors
        });
      }
      window.addEventListener('load', verdict);
    })();
    </script>
    """

    struct Verdict: Decodable {
        var images: Int
        var imagesLoaded: Int
        var audio: Int
        var audioReady: Int
        var audioErrors: [Int]
        var durations: [Double]
        var svgs: Int
        var errors: [String]
    }

    /// The verdict JSON from a dumped DOM's <title>, unescaped.
    static func verdict(fromDOM dom: String) throws -> Verdict {
        let start = try #require(dom.range(of: "<title>VERDICT:"), "no verdict in the dumped DOM: the page's load never finished")
        let end = try #require(dom.range(of: "</title>", range: start.upperBound..<dom.endIndex))
        let json = dom[start.upperBound..<end.lowerBound]
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONDecoder().decode(Verdict.self, from: Data(json.utf8))
    }

    /// Console errors and uncaught exceptions in Chromium's log (--enable-logging=stderr):
    /// console messages come as `INFO:CONSOLE...] "message", source: ...`.
    static func consoleProblems(_ log: String) -> [String] {
        log.split(separator: "\n").map(String.init).filter { line in
            line.contains("Uncaught") || (line.contains(":CONSOLE") && !line.contains("VERDICT"))
        }
    }

    /// Opens `html` (a copy with the verdict script, written into `folder`) in headless
    /// Chromium and returns the page's verdict and the console problems in Chromium's log.
    static func check(html: String, folder: URL) throws -> (verdict: Verdict, console: [String], status: Int32) {
        let checked = folder.appendingPathComponent("report-checked.html")
        try html.replacingOccurrences(of: "<head>\n", with: "<head>\n" + verdictScript + "\n")
            .write(to: checked, atomically: true, encoding: .utf8)
        let dump = try HeadlessChromium.run(["--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0", "--dump-dom"],
                                            url: checked, folder: folder, name: "dom")
        return (try verdict(fromDOM: dump.standardOutput), consoleProblems(dump.standardError), dump.status)
    }

    @Test("the report loads in Chromium: no console errors, every image and audio element loads, a screenshot is written",
          .enabled(if: HeadlessChromium.executable != nil,
                   "no chromium on PATH (install it with `apt-get install chromium`; CI=true make deps does)"))
    func reportInBrowser() throws {
        let keep = ProcessInfo.processInfo.environment["SYNBENCH_REPORT_DIR"]
        let folder = keep.map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("synbench-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { if keep == nil { try? FileManager.default.removeItem(at: folder) } }

        let report = ReportFixture.report
        let html = ReportPage.render(report)
        let page = folder.appendingPathComponent("report.html")
        try ReportPage.write(report, to: page.path)
        let (verdict, console, status) = try Self.check(html: html, folder: folder)
        #expect(status == 0, "chromium exited with \(status)")
        #expect(verdict.errors.isEmpty, "page errors: \(verdict.errors)")
        #expect(console.isEmpty, "console: \(console)")
        #expect(verdict.images == 8 && verdict.imagesLoaded == verdict.images)
        #expect(verdict.audio == 8 && verdict.audioReady == verdict.audio && verdict.audioErrors.isEmpty)
        // The players decoded the WAV headers: each clip is 7 steps and 6 gaps long.
        let expected = Double(report.traversals[0].audio[0].count) / Double(report.traversals[0].sampleRate)
        #expect(verdict.durations.allSatisfy { abs($0 - expected) < 1e-3 }, "durations \(verdict.durations), expected \(expected)")
        #expect(verdict.svgs == 16)

        let screenshot = folder.appendingPathComponent("report.png")
        let shot = try HeadlessChromium.run(["--hide-scrollbars", "--window-size=1280,900", "--screenshot=\(screenshot.path)"],
                                            url: page, folder: folder, name: "screenshot")
        #expect(shot.status == 0, "chromium exited with \(shot.status): \(shot.standardError.suffix(2000))")
        let png = try Data(contentsOf: screenshot)
        #expect(png.count > 10_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]))
        print("report \(html.utf8.count) bytes; screenshot \(png.count) bytes at \(screenshot.path)")
    }

    @Test("the checks see errors: a page with a console error, a script error and a broken image fails them",
          .enabled(if: HeadlessChromium.executable != nil, "no chromium on PATH"))
    func checksCatchErrors() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("synbench-report-control-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("broken.html")
        let html = "<!DOCTYPE html>\n<html><head>\n" + Self.verdictScript + "\n<title>x</title></head><body>"
            + "<img src=\"data:image/png;base64,AAAA\"><script>console.error('bad thing'); undefinedFunction();</script></body></html>"
        try html.write(to: page, atomically: true, encoding: .utf8)
        let dump = try HeadlessChromium.run(["--virtual-time-budget=5000", "--enable-logging=stderr", "--v=0", "--dump-dom"],
                                            url: page, folder: folder, name: "dom")
        let verdict = try Self.verdict(fromDOM: dump.standardOutput)
        #expect(verdict.images == 1 && verdict.imagesLoaded == 0)
        #expect(verdict.errors.contains { $0.contains("bad thing") } && verdict.errors.contains { $0.contains("undefinedFunction") })
        let console = Self.consoleProblems(dump.standardError)
        #expect(console.contains { $0.contains("bad thing") } && console.contains { $0.contains("Uncaught") }, "log: \(console)")
    }
}
