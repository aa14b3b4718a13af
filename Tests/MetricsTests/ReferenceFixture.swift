import Foundation
import SynCore
import Testing
@testable import Metrics

/// Loads `Fixtures/NAME.npz` and its reference `NAME.expected.json`. The expected values are
/// made (and checked: run it without `--write`) by `Fixtures/fixture_expected.py`, which
/// computes them with NumPy and scikit-learn through `scripts/reference_metrics.py`.
enum ReferenceFixture {
    static func load(_ name: String) throws -> (MetricInput, JSONValue) {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: "npz", subdirectory: "Fixtures"))
        let jsonURL = try #require(Bundle.module.url(forResource: "\(name).expected", withExtension: "json", subdirectory: "Fixtures"))
        return (try MetricSources(codes: url).load(), try JSONValue.parse(String(contentsOf: jsonURL, encoding: .utf8)))
    }

    static func numbers(_ value: JSONValue?) -> [Double] {
        guard case let .array(items)? = value else { return [] }
        return items.compactMap(\.doubleValue)
    }

    static func matrix(_ value: JSONValue?) -> [[Double]] {
        guard case let .array(rows)? = value else { return [] }
        return rows.map { numbers($0) }
    }

    static var options: MetricOptions {
        var o = MetricOptions()
        o.jobs = 2
        return o
    }
}
