import Foundation

/// What the terminal can show: colour (ANSI escapes, Unicode charts/images) or plain
/// (no escapes at all; charts and images in ASCII), and its width in columns.
public struct TerminalStyle: Sendable, Equatable {
    /// ANSI colours and Unicode drawing. False means plain, ASCII-safe output.
    public var color: Bool
    public var width: Int

    public init(color: Bool, width: Int) {
        self.color = color
        self.width = max(20, width)
    }

    public enum ColorChoice: String, Sendable, CaseIterable { case auto, always, never }

    /// Decide from `--color`, whether stdout is a TTY, `NO_COLOR` and `TERM=dumb`.
    public static func detect(choice: ColorChoice = .auto, environment: [String: String] = ProcessInfo.processInfo.environment,
                              isTTY: Bool = isatty(STDOUT_FILENO) == 1) -> TerminalStyle {
        let color: Bool
        switch choice {
        case .always: color = true
        case .never: color = false
        case .auto:
            color = isTTY && environment["NO_COLOR"].map(\.isEmpty) != false && environment["TERM"] != "dumb"
        }
        return TerminalStyle(color: color, width: terminalWidth(environment: environment, isTTY: isTTY))
    }

    /// `ioctl(TIOCGWINSZ)` on stdout, else `$COLUMNS`, else 80.
    public static func terminalWidth(environment: [String: String], isTTY: Bool) -> Int {
        if isTTY {
            var size = winsize()
            if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        }
        if let columns = environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 80
    }

    // MARK: styling (no-ops in plain mode)

    public func bold(_ text: String) -> String { sgr("1", text) }
    public func dim(_ text: String) -> String { sgr("2", text) }
    public func italic(_ text: String) -> String { sgr("3", text) }
    public func code(_ text: String) -> String { sgr("36", text) }
    public func heading(_ text: String) -> String { sgr("1;34", text) }
    public func green(_ text: String) -> String { sgr("32", text) }
    public func red(_ text: String) -> String { sgr("31", text) }
    public func yellow(_ text: String) -> String { sgr("33", text) }
    public func series(_ index: Int, _ text: String) -> String {
        sgr(["34", "33", "35", "32", "36", "31"][index % 6], text)
    }

    func sgr(_ code: String, _ text: String) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Columns `text` occupies: characters, not counting ANSI escape sequences.
    public static func visibleWidth(_ text: String) -> Int {
        var width = 0
        var inEscape = false
        for character in text {
            if inEscape {
                if character.isLetter { inEscape = false }
            } else if character == "\u{1B}" {
                inEscape = true
            } else {
                width += 1
            }
        }
        return width
    }

    /// Pad with spaces to `width` visible columns (left- or right-aligned).
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - visibleWidth(text)))
        return right ? padding + text : text + padding
    }
}
