extension MetricOptions.Bins {
    /// Checks that a fixed bin count can be filled by `rows` points.
    ///
    /// - Throws: ``MetricsInputError`` when the count is below 1 or above `rows`.
    func validate(rows: Int) throws {
        guard case .fixed(let bins) = self else { return }
        guard bins >= 1 else { throw MetricsInputError("bins is \(bins); it must be at least 1") }
        guard bins <= rows else {
            throw MetricsInputError("\(rows) rows are fewer than the \(bins) histogram bins; use fewer bins or more points")
        }
    }
}
