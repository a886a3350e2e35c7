// HTML export: one chart axis — its domain, "nice" ticks and tick labels.
// Linear axes step by 1, 2 or 5 × 10ⁿ; log axes put labelled ticks on powers of ten with
// minor ticks at 2…9 × 10ⁿ. Pure arithmetic, no drawing.
import Foundation

/// An axis: the data domain `lower…upper`, major (labelled) and minor ticks, and the map from a
/// data value to a fraction 0…1 along the axis.
struct ChartAxis: Equatable {
    var scale: Chart.Scale
    var lower: Double
    var upper: Double
    var majorTicks: [Double]
    var minorTicks: [Double]
    /// Decimal places for linear tick labels (from the step), or nil for log axes.
    private var decimals: Int?
    /// Log axes: label decades as plain decimals (0.01, 1, 100) when all are short.
    private var plainDecades: Bool

    /// Builds an axis covering `values` (which must already be filtered: finite, and > 0 for
    /// a log axis). An empty list gives a default domain (0…1, or 1…10 on a log axis).
    init(scale: Chart.Scale, values: [Double]) {
        self.scale = scale
        switch scale {
        case .linear:
            var minimum = values.min() ?? 0
            var maximum = values.max() ?? 1
            if minimum == maximum {
                let pad = minimum == 0 ? 1 : abs(minimum) * 0.1
                minimum -= pad
                maximum += pad
            }
            let step = Self.niceStep(range: maximum - minimum, intervals: 5)
            let first = (minimum / step).rounded(.down)
            let last = (maximum / step).rounded(.up)
            lower = first * step
            upper = last * step
            majorTicks = (0...Int(last - first)).map { (first + Double($0)) * step }
            minorTicks = []
            decimals = max(0, -Int((log10(step)).rounded(.down)))
            plainDecades = true
        case .log:
            let minimum = values.min() ?? 1
            let maximum = values.max() ?? 10
            let low = Int(log10(minimum).rounded(.down))
            var high = Int(log10(maximum).rounded(.up))
            if high <= low { high = low + 1 }
            // At most ~8 labelled decades; the others become minor ticks.
            let decadeStep = max(1, (high - low + 7) / 8)
            high = low + ((high - low + decadeStep - 1) / decadeStep) * decadeStep
            lower = pow(10, Double(low))
            upper = pow(10, Double(high))
            var major: [Double] = []
            var minor: [Double] = []
            for exponent in low...high {
                let decade = pow(10, Double(exponent))
                if (exponent - low) % decadeStep == 0 { major.append(decade) } else { minor.append(decade) }
                if decadeStep == 1 && exponent < high {
                    minor += (2...9).map { Double($0) * decade }
                }
            }
            majorTicks = major
            minorTicks = minor
            decimals = nil
            plainDecades = low >= -3 && high <= 4
        }
    }

    /// The 1-2-5 step giving about `intervals` intervals over `range`.
    static func niceStep(range: Double, intervals: Int) -> Double {
        let rough = range / Double(intervals)
        let magnitude = pow(10, log10(rough).rounded(.down))
        let residual = rough / magnitude
        let nice: Double = residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10
        return nice * magnitude
    }

    /// Where `value` lies along the axis: 0 at `lower`, 1 at `upper`.
    func fraction(_ value: Double) -> Double {
        switch scale {
        case .linear: return (value - lower) / (upper - lower)
        case .log: return (log10(value) - log10(lower)) / (log10(upper) - log10(lower))
        }
    }

    /// Whether `value` can be drawn on this kind of axis.
    static func isDrawable(_ value: Double, on scale: Chart.Scale) -> Bool {
        value.isFinite && (scale == .linear || value > 0)
    }

    /// The label for a major tick: `0.25`, `1500`, `0.001` or `10⁻⁶`.
    func label(_ value: Double) -> String {
        if let decimals {
            let magnitude = max(abs(lower), abs(upper))
            if magnitude >= 1e6 || (decimals > 5 && magnitude < 1e-4) {
                return String(format: "%.3g", value)
            }
            let text = String(format: "%.\(decimals)f", abs(value) < 1e-12 * magnitude ? 0 : value)
            return text
        }
        let exponent = Int(log10(value).rounded())
        if plainDecades {
            return exponent >= 0 ? "1" + String(repeating: "0", count: exponent)
                                 : "0." + String(repeating: "0", count: -exponent - 1) + "1"
        }
        let superscripts: [Character: Character] = [
            "0": "⁰", "1": "¹", "2": "²", "3": "³", "4": "⁴", "5": "⁵", "6": "⁶", "7": "⁷",
            "8": "⁸", "9": "⁹", "-": "⁻",
        ]
        return "10" + String(String(exponent).compactMap { superscripts[$0] })
    }
}
