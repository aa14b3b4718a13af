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

    /// "mean ± std" with both formatted by ``format(_:)``; only the mean when `std` is nil or
    /// not finite.
    public static func meanStd(_ mean: Double, _ std: Double?) -> String {
        guard let std, std.isFinite else { return format(mean) }
        return "\(format(mean)) ± \(format(std))"
    }
}
