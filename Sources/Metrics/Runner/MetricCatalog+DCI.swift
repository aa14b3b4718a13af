extension MetricCatalog {
    /// DCI (Eastwood & Williams 2018) as disentanglement_lib computes it, with the Lasso,
    /// random-forest and continuous-factor variants selected by ``MetricOptions``.
    public static let dciMetrics: [MetricDescriptor] = [
        MetricDescriptor(
            name: "dci",
            summary: "DCI disentanglement, completeness, informativeness (gradient-boosted trees, sklearn defaults)",
            run: { input, options in try DCI.compute(input, options: options) }),
    ]
}
