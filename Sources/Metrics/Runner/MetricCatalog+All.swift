extension MetricCatalog {
    /// Every metric, in report order: the information-based family, DCI, then the
    /// sampling-based metrics.
    public static var all: [MetricDescriptor] { informationMetrics + dciMetrics + samplingMetrics }
}
