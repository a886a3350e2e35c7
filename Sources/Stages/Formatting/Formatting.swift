// Number formatting shared by the course stages' tables.
import Foundation

enum Format {
    /// 3 significant digits in scientific notation: "1.234e-07"; "inf", "nan" as such.
    static func scientific(_ x: Double, digits: Int = 3) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return String(format: "%.\(digits)e", x)
    }

    /// Fixed-point with `digits` decimals: "0.1235".
    static func fixed(_ x: Double, digits: Int = 4) -> String {
        if x.isNaN { return "nan" }
        if x.isInfinite { return x > 0 ? "inf" : "-inf" }
        return String(format: "%.\(digits)f", x)
    }

    /// A signed value with many digits, for analytic-vs-numeric comparisons.
    static func precise(_ x: Double) -> String {
        if !x.isFinite { return scientific(x) }
        return String(format: "% .10e", x)
    }

    /// "1.5 ms", "820 µs", "2.31 s".
    static func duration(_ seconds: Double) -> String {
        if seconds >= 1 { return String(format: "%.2f s", seconds) }
        if seconds >= 1e-3 { return String(format: "%.2f ms", seconds * 1e3) }
        return String(format: "%.1f µs", seconds * 1e6)
    }

    /// "12.3×".
    static func ratio(_ x: Double) -> String { String(format: "%.1f×", x) }
}
