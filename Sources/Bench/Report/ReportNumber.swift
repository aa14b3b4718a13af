import Foundation

/// Number formatting for tables and tooltips of the report.
public enum ReportNumber {
    /// `value` with three significant digits for magnitudes below 1000, else rounded to an
    /// integer ("0.0523", "0.871", "12.4", "4213"); "–" for non-finite values.
    public static func format(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        let magnitude = abs(value)
        if magnitude >= 1000 { return String(format: "%.0f", value) }
        if magnitude == 0 { return "0" }
        let decimals = max(0, min(6, 2 - Int(log10(magnitude).rounded(.down))))
        return String(format: "%.\(decimals)f", value)
    }

    /// The mean and the standard deviation as text with the same decimals: the standard
    /// deviation's two significant digits ("0.180", "0.015"; "152.4", "1.2"), as results tables
    /// usually give them. Without a positive finite `std`, the mean alone by ``format(_:)``.
    public static func meanStdParts(_ mean: Double, _ std: Double?) -> (mean: String, std: String?) {
        guard mean.isFinite, let std, std.isFinite, std > 0 else { return (format(mean), nil) }
        let decimals = max(0, min(6, 1 - Int(log10(std).rounded(.down))))
        return (String(format: "%.\(decimals)f", mean), String(format: "%.\(decimals)f", std))
    }

    /// "mean ± std" as ``meanStdParts(_:_:)`` writes them.
    public static func meanStd(_ mean: Double, _ std: Double?) -> String {
        let parts = meanStdParts(mean, std)
        return parts.std.map { "\(parts.mean) ± \($0)" } ?? parts.mean
    }
}
