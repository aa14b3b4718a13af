import Foundation
import SynCore
import Testing
@testable import Metrics

/// Hand-run benchmark: `SYNBENCH_TIMING=1 SYNBENCH_DCI_DATA=/tmp/bench.npz swift test -c release
/// --filter DCITimingTests`; prints seconds and, with SYNBENCH_DCI_DUMP=path, writes the
/// scores, importance matrix and test predictions as JSON for comparison with scikit-learn.
@Suite("DCI timing (manual)")
struct DCITimingTests {
    @Test("DCI on SYNBENCH_DCI_DATA", .enabled(if: ProcessInfo.processInfo.environment["SYNBENCH_TIMING"] != nil))
    func timeDCI() throws {
        let environment = ProcessInfo.processInfo.environment
        let path = try #require(environment["SYNBENCH_DCI_DATA"])
        let input = try MetricSources(codes: URL(fileURLWithPath: path)).load()
        var options = MetricOptions()
        options.jobs = Int(environment["SYNBENCH_JOBS"] ?? "") ?? defaultJobCount
        let start = Date()
        let result = try DCI.compute(input, options: options)
        let seconds = Date().timeIntervalSince(start)
        print("DCI seconds=\(seconds) jobs=\(options.jobs) D=\(result.disentanglement ?? .nan) C=\(result.completeness ?? .nan) Itrain=\(result.informativenessTrain ?? .nan) Itest=\(result.informativenessTest ?? .nan)")
        if let dump = environment["SYNBENCH_DCI_DUMP"] {
            let k = input.trainFactors.columns
            let labels = (0..<k).map { input.trainFactors.column($0) }
            let fits = try GradientBoosting.fitClassifiers(input.trainCodes, labels: labels, seed: options.seed, jobs: options.jobs)
            let predictions = fits.map { JSONValue.array($0.model.predictClasses(input.testCodes).map { .integer($0) }) }
            let json = JSONValue.object([("seconds", .number(seconds)), ("dci", result.json()),
                                         ("test_predictions", .array(predictions))])
            try json.serialized().write(toFile: dump, atomically: true, encoding: .utf8)
        }
    }
}
