import SynCore

/// What every metric returns: headline scores for the table, and a JSON object holding the
/// scores, the intermediate matrices and the settings, so a run is its own record.
public protocol MetricResult: Sendable {
    /// Headline scores in display order. `nil` marks a score that is undefined for this
    /// input; `notes` then says why.
    var scores: [(name: String, value: Double?)] { get }
    /// Reasons for undefined scores and other caveats, one sentence each.
    var notes: [String] { get }
    /// Settings the metric ran with (bins, model hyper-parameters, sample sizes, seed).
    var settings: [(String, JSONValue)] { get }
    /// Intermediate results (matrices, per-factor values), as JSON.
    var details: [(String, JSONValue)] { get }
}

extension MetricResult {
    /// The metric as one JSON object: `scores`, `details`, `settings` and `notes`, plus
    /// `seconds` and bootstrap intervals when given.
    public func json(seconds: Double? = nil, intervals: [(String, Double, Double)] = []) -> JSONValue {
        var pairs: [(String, JSONValue)] = scores.map { ($0.name, .optionalNumber($0.value)) }
        pairs.append(contentsOf: details)
        pairs.append(("settings", .object(settings)))
        if !notes.isEmpty { pairs.append(("notes", .array(notes.map { .string($0) }))) }
        if let seconds { pairs.append(("seconds", .number(seconds))) }
        if !intervals.isEmpty {
            pairs.append(("ci", .object(intervals.map { ($0.0, .array([.number($0.1), .number($0.2)])) })))
        }
        return .object(pairs)
    }
}
