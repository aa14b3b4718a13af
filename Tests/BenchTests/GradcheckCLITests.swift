import Foundation
import SynCore
import Testing

/// `synbench gradcheck` end to end: exit 0 on a fixture within the tolerance, 1 above it,
/// 2 on a file that is not a fixture.
@Suite struct GradcheckCLITests {
    /// Runs the `synbench` built beside this test bundle; returns its status and stdout.
    func synbench(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let run = try SynbenchProcess.run(arguments, capture: .standardOutput)
        return (run.status, run.output)
    }

    @Test func exitCodes() throws {
        let paper = try #require(Bundle.module.url(forResource: "paper", withExtension: "npz", subdirectory: "Fixtures")).path
        let ok = try synbench(["gradcheck", paper])
        #expect(ok.status == 0)
        #expect(ok.output.contains("syntone-paper: input 1 x 64 x 16, 8 latents"))
        #expect(ok.output.contains("grad.dec.2.bias") && ok.output.contains(": ok"))
        let strict = try synbench(["gradcheck", paper, "--tolerance", "1e-12"])
        #expect(strict.status == 1 && strict.output.contains("FAILED"))
        let notAFixture = FileManager.default.temporaryDirectory.appendingPathComponent("gradcheck-\(UUID().uuidString).npz")
        try Data("not a zip archive".utf8).write(to: notAFixture)
        defer { try? FileManager.default.removeItem(at: notAFixture) }
        #expect(try synbench(["gradcheck", notAFixture.path]).status == 2)
    }
}
