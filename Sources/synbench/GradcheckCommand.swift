import ArgumentParser
import Bench
import Foundation

/// `synbench gradcheck`: our forward and backward pass against a PyTorch fixture.
struct GradcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Check our loss and gradients against a PyTorch fixture.",
        discussion: """
        Loads a fixture written by torch_vae.py --dump (initial weights param.<name>, batch x,
        noise eps, beta, and PyTorch's rec, kl, loss, mu, logvar, output and grad.<name>),
        runs our forward and backward pass of rec + beta * KL with them, and prints each
        quantity's relative error (max |ours - PyTorch| / max |PyTorch|) and the largest.
        Exits 1 when the largest is above the tolerance, 2 when the file is not such a fixture.

        Example:
          synbench gradcheck paper.npz
        """)

    @Argument(help: "Fixture .npz file.")
    var fixture: String

    @Option(help: "Largest relative error accepted.")
    var tolerance: Double = 1e-4

    func validate() throws {
        guard tolerance.isFinite, tolerance > 0 else { throw ValidationError("--tolerance must be a positive number") }
    }

    func run() throws {
        let check = try FixtureGradientCheck(contentsOf: URL(fileURLWithPath: fixture))
        print("\(check.architecture.rawValue): input 1 x \(check.height) x \(check.width), \(check.latent) latents")
        let width = check.terms.map(\.name.count).max() ?? 0
        for term in check.terms {
            print("  \(term.name.padding(toLength: width, withPad: " ", startingAt: 0))  \(String(format: "%.2e", term.relativeError))")
        }
        guard let worst = check.worst else { return }
        let verdict = worst.relativeError <= tolerance ? "ok" : "FAILED"
        print("largest relative error: \(String(format: "%.2e", worst.relativeError)) (\(worst.name)); tolerance \(tolerance): \(verdict)")
        if worst.relativeError > tolerance { throw ExitCode(1) }
    }
}
