/// One metric the CLI and the benchmark runner can call by name.
public struct MetricDescriptor: Sendable {
    /// The name used on the command line and as the JSON key (`mig`, `dci`, `sap`, ...).
    public let name: String
    /// One line for `--help` and the table.
    public let summary: String
    /// Computes the metric.
    public let run: @Sendable (MetricInput, MetricOptions) throws -> any MetricResult

    /// Declares a metric.
    public init(name: String, summary: String,
                run: @escaping @Sendable (MetricInput, MetricOptions) throws -> any MetricResult) {
        self.name = name
        self.summary = summary
        self.run = run
    }
}

/// Every metric SynBench computes, in the order reports list them.
public enum MetricCatalog {}
