import Foundation

/// A progress bar with elapsed time and ETA. On a terminal it redraws one line with `\r`;
/// otherwise (piped, logged) it prints a line at a new tenth of the work only when
/// `pipedInterval` seconds have passed since its last line, and one at the end: a quick bar
/// prints one line, a long run at most one per tenth.
public final class ProgressBar: ProgressReporter {
    let label: String
    let total: Int
    let style: TerminalStyle
    let interactive: Bool
    let write: (String) -> Void
    let now: () -> Date
    let start: Date
    var lastTenth = 0
    var lastDraw = Date.distantPast
    var lastLine: Date
    /// When piped, the least time between two progress lines of one bar.
    public static let pipedInterval: TimeInterval = 10

    public init(label: String, total: Int, style: TerminalStyle, interactive: Bool,
                now: @escaping () -> Date = Date.init, write: @escaping (String) -> Void) {
        self.now = now
        self.start = now()
        self.lastLine = start
        self.label = label
        self.total = max(1, total)
        self.style = style
        self.interactive = interactive
        self.write = write
    }

    public func update(completed: Int, status: String) {
        let fraction = min(1, max(0, Double(completed) / Double(total)))
        let elapsed = now().timeIntervalSince(start)
        let eta = fraction > 0 ? elapsed * (1 - fraction) / fraction : nil
        let times = "\(Self.duration(elapsed)) elapsed" + (eta.map { ", ETA \(Self.duration($0))" } ?? "")
        if interactive {
            let time = now()
            guard completed >= total || time.timeIntervalSince(lastDraw) > 0.05 else { return }
            lastDraw = time
            let text = "  \(label) \(completed)/\(total) \(times)  \(status)"
            let barWidth = max(10, min(40, style.width - TerminalStyle.visibleWidth(text) - 4))
            let filled = Int(fraction * Double(barWidth))
            let bar = style.color
                ? style.green(String(repeating: "█", count: filled)) + style.dim(String(repeating: "░", count: barWidth - filled))
                : String(repeating: "#", count: filled) + String(repeating: ".", count: barWidth - filled)
            // The status is cut (not the bar) so the line never wraps, which would break `\r`.
            let head = "  \(label) [\(bar)] \(completed)/\(total) \(times)  "
            let room = max(0, style.width - 1 - TerminalStyle.visibleWidth(head))
            write("\r\u{1B}[2K" + head + String(status.prefix(room)))
        } else {
            let tenth = Int(fraction * 10)
            let time = now()
            guard tenth > lastTenth, tenth < 10, time.timeIntervalSince(lastLine) >= Self.pipedInterval else { return }
            lastTenth = tenth
            lastLine = time
            write("  \(label): \(completed)/\(total) (\(tenth * 10)%), \(times)\(status.isEmpty ? "" : ", " + status)\n")
        }
    }

    public func finish(summary: String) {
        let elapsed = Self.duration(now().timeIntervalSince(start))
        write((interactive ? "\r\u{1B}[2K" : "") + "  \(label): \(summary) (\(elapsed))\n")
    }

    /// `0.03s`, `4.2s`, `3m05s`, `1h02m`.
    public static func duration(_ seconds: Double) -> String {
        if seconds < 1 { return String(format: "%.2fs", seconds) }
        if seconds < 60 { return String(format: "%.1fs", seconds) }
        let whole = Int(seconds)
        if whole < 3600 { return String(format: "%dm%02ds", whole / 60, whole % 60) }
        return String(format: "%dh%02dm", whole / 3600, (whole % 3600) / 60)
    }
}
