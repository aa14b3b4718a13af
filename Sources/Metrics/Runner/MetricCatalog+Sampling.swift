extension MetricCatalog {
    /// The metrics that sample fixed-factor batches from the stored rows, or fit linear
    /// classifiers: FactorVAE score, BetaVAE score, IRS and Explicitness, with the reference's
    /// settings.
    public static let samplingMetrics: [MetricDescriptor] = [
        MetricDescriptor(name: "factor_vae",
                         summary: "FactorVAE score (Kim & Mnih 2018): majority-vote accuracy of the least-varying code under a fixed factor",
                         run: { input, options in try FactorVAE.compute(input, options: options) }),
        MetricDescriptor(name: "beta_vae",
                         summary: "BetaVAE score (Higgins et al. 2017): logistic-regression accuracy of the fixed factor from mean |z1 - z2|",
                         run: { input, options in try BetaVAE.compute(input, options: options) }),
        MetricDescriptor(name: "irs",
                         summary: "Interventional Robustness Score (Suter et al. 2019)",
                         run: { input, options in try IRS.compute(input, options: options) }),
        MetricDescriptor(name: "explicitness",
                         summary: "Explicitness (Ridgeway & Mozer 2018): macro ROC AUC of per-factor logistic regressions",
                         run: { input, options in try Explicitness.compute(input, options: options) }),
    ]
}
