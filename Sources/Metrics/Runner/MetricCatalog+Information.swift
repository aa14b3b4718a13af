extension MetricCatalog {
    /// The information-based metrics and SAP: MIG, SAP, Modularity, MIG-sup, DCIMIG, JEMMIG and
    /// the unsupervised covariance / mutual-information scores, with the reference's settings.
    public static let informationMetrics: [MetricDescriptor] = [
        MetricDescriptor(name: "mig",
                         summary: "Mutual Information Gap (Chen et al. 2018): per-factor gap between the two most informative codes over H(factor)",
                         run: { input, options in try MIG.compute(input, options: options) }),
        MetricDescriptor(name: "sap",
                         summary: "SAP (Kumar et al. 2018): per-factor gap between the two most predictive single-code linear SVMs",
                         run: { input, options in try SAP.compute(input, options: options) }),
        MetricDescriptor(name: "modularity",
                         summary: "Modularity (Ridgeway & Mozer 2018): how much each code's information concentrates on one factor",
                         run: { input, options in try Modularity.compute(input, options: options) }),
        MetricDescriptor(name: "mig_sup",
                         summary: "MIG-sup (Li et al. 2020): per-code gap between the two factors it informs most over H(code)",
                         run: { input, options in try MIGSup.compute(input, options: options) }),
        MetricDescriptor(name: "dcimig",
                         summary: "DCIMIG (Sepliarskaia et al. 2019): per-factor best per-code information gap over the total factor entropy",
                         run: { input, options in try DCIMIG.compute(input, options: options) }),
        MetricDescriptor(name: "jemmig",
                         summary: "JEMMIG (Do & Tran 2020), normalised: 1 - (joint entropy minus mutual information gap) / (H(factor) + log bins)",
                         run: { input, options in try JEMMIG.compute(input, options: options) }),
        MetricDescriptor(name: "unsupervised",
                         summary: "Gaussian total correlation, Gaussian Wasserstein correlation and mean pairwise MI of the codes",
                         run: { input, options in try UnsupervisedScores.compute(input, options: options) }),
    ]
}
