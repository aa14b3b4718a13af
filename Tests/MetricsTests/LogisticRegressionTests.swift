import Testing
import Foundation
@testable import Metrics

@Suite struct LogisticRegressionTests {
    static let x = Matrix([[0.5, 1.0], [1.5, -0.5], [-1.0, 0.25], [2.0, 1.5], [-0.5, -1.5], [0.0, 0.75],
                           [1.0, 2.0], [-2.0, -0.5], [0.25, -1.0], [1.25, 0.5], [-1.5, 1.25], [0.75, -0.25]])

    /// Reference optimum from scikit-learn 1.9.1:
    /// `LogisticRegression(C=1.0, tol=1e-12, max_iter=100000).fit(X, y)` on the rows above with
    /// `y = [0,1,2,1,2,0,0,2,1,1,2,0]` (coef_ and intercept_ printed with repr by
    /// `Fixtures/small_cases.py`).
    @Test func multinomialMatchesScikitLearnOptimum() throws {
        let y = [0, 1, 2, 1, 2, 0, 0, 2, 1, 1, 2, 0]
        let model = try LogisticRegression.fit(Self.x, labels: y)
        let coef = [[0.14525760030052334, 0.5211947791443264],
                     [1.1389801314276404, -0.3195820135725867],
                     [-1.284237731728164, -0.20161276557173974]]
        let intercept = [0.16906820144638507, -0.20659736933543493, 0.03752916788905005]
        #expect(model.converged)
        #expect(model.classes == [0, 1, 2])
        for j in 0..<3 {
            for d in 0..<2 { #expect(abs(model.coefficients[j, d] - coef[j][d]) < 1e-4) }
            #expect(abs(model.intercepts[j] - intercept[j]) < 1e-4)
        }
        let p = model.probabilities(Self.x)
        for i in 0..<p.rows { #expect(abs(p.row(i).reduce(0, +) - 1) < 1e-12) }
    }

    /// Reference optimum from scikit-learn 1.9.1:
    /// `LogisticRegression(C=0.5, tol=1e-12, max_iter=100000).fit(X, y)` with
    /// `y = [0,1,0,1,1,0,1,0,1,1,0,0]` (binary: one coefficient row for class 1; printed by
    /// `Fixtures/small_cases.py`).
    @Test func binaryMatchesScikitLearnOptimum() throws {
        let y = [0, 1, 0, 1, 1, 0, 1, 0, 1, 1, 0, 0].map { $0 == 1 ? 7 : 3 }
        var settings = LogisticRegression.Settings()
        settings.c = 0.5
        let model = try LogisticRegression.fit(Self.x, labels: y, settings: settings)
        #expect(model.classes == [3, 7])
        #expect(model.coefficients.rows == 1)
        #expect(abs(model.coefficients[0, 0] - 0.8214481085809499) < 1e-4)
        #expect(abs(model.coefficients[0, 1] - -0.3088051686415394) < 1e-4)
        #expect(abs(model.intercepts[0] - -0.09342558019530356) < 1e-4)
        let predicted = model.predict(Self.x)
        let p = model.probabilities(Self.x)
        for i in 0..<Self.x.rows { #expect(predicted[i] == (p[i, 1] > 0.5 ? 7 : 3)) }
    }

    @Test func oneClassIsRefused() {
        #expect(throws: MetricsInputError.self) { try LogisticRegression.fit(Self.x, labels: Array(repeating: 2, count: 12)) }
    }
}

@Suite struct LogisticExponentialTests {
    @Test func agreesWithTheLibraryExponential() {
        var worst = 0.0
        var x = -700.0
        while x <= 0 {
            let reference = Foundation.exp(x)
            worst = max(worst, abs(LogisticExponential.of(x) - reference) / reference)
            x += 0.0137
        }
        #expect(worst < 1e-15)
        #expect(LogisticExponential.of(0) == 1)
        #expect(LogisticExponential.of(-800) < 1e-300)
    }
}
