import SynCore

/// Bootstrap intervals for any catalogued metric, resampling the rows of a ``MetricInput``
/// without letting a test point into the train set.
///
/// The points are the main sample's rows followed, when test arrays were given separately, by
/// the test rows. ``Bootstrap/intervals(points:resamples:seed:level:jobs:compute:)`` draws them
/// with replacement; each drawn row keeps its role: with one array pair, a drawn row below the
/// train size is a train row and the others are test rows (all of them form MIG's sample);
/// with separate test arrays, drawn main rows form the train set and MIG's sample, and drawn
/// test rows the test set.
enum MetricBootstrap {
    static func intervals(_ metric: MetricDescriptor, input: MetricInput, options: MetricOptions,
                          resamples: Int, level: Double, names: [String]) throws -> [(String, Double, Double)] {
        let inner = { var o = options; o.jobs = 1; return o }()
        let separateTest = input.splitRule == MetricInput.separateTestRule
        let mainRows = input.codes.rows
        let points = separateTest ? mainRows + input.testCodes.rows : mainRows
        let trainRows = input.trainCodes.rows
        let bounds = try Bootstrap.intervals(points: points, resamples: resamples, seed: options.seed,
                                             level: level, jobs: options.jobs) { drawn in
            let resampled: MetricInput
            if separateTest {
                let main = drawn.filter { $0 < mainRows }
                let test = drawn.filter { $0 >= mainRows }.map { $0 - mainRows }
                resampled = input.resampled(all: main, train: main, test: test, testFromMain: false)
            } else {
                resampled = input.resampled(all: drawn, train: drawn.filter { $0 < trainRows },
                                            test: drawn.filter { $0 >= trainRows }, testFromMain: true)
            }
            let result = try metric.run(resampled, inner)
            return names.map { name in result.scores.first { $0.name == name }?.value ?? nil }
        }
        return zip(names, bounds).compactMap { name, bound in bound.map { (name, $0.lower, $0.upper) } }
    }
}
