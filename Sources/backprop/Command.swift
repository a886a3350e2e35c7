/// One subcommand of `backprop`. To add a command: write a type conforming to `Command` in
/// its own file and add it to the table in `main.swift`.
protocol Command: Sendable {
    static var name: String { get }
    /// One line for `backprop help`'s command list and the OVERVIEW section.
    static var overview: String { get }
    /// The part of the USAGE line after `backprop NAME`.
    static var usage: String { get }
    /// ARGUMENTS section lines: (placeholder, help).
    static var argumentHelp: [(String, String)] { get }
    /// Options of this command (the global ones are added automatically).
    static var options: [OptionSpec] { get }
    /// Positional argument count allowed.
    static var positionalCount: ClosedRange<Int> { get }
    /// Extra help after OPTIONS (a file format, say), or nil.
    static var discussion: String? { get }
    /// Run; returns the exit status.
    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32
}

extension Command {
    static var argumentHelp: [(String, String)] { [] }
    static var positionalCount: ClosedRange<Int> { 0...0 }
    static var discussion: String? { nil }

    static var allOptions: [OptionSpec] { options + Session.globalOptions + [.flag("help", "Show help information.", short: "h")] }

    static var helpText: String {
        var lines = ["OVERVIEW: \(overview)", "", "USAGE: backprop \(name)\(usage.isEmpty ? "" : " " + usage)"]
        if !argumentHelp.isEmpty {
            lines += ["", "ARGUMENTS:"] + argumentHelp.map { "  " + $0.0.padding(toLength: 24, withPad: " ", startingAt: 0) + $0.1 }
        }
        lines += ["", "OPTIONS:"]
        for option in allOptions {
            var label = (option.short.map { "-\($0), " } ?? "") + "--\(option.name)"
            if let value = option.valueName { label += " \(value)" }
            lines.append("  " + label.padding(toLength: max(24, label.count + 2), withPad: " ", startingAt: 0) + option.help)
        }
        if let discussion { lines += ["", discussion] }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Exit statuses, the same for every command.
enum ExitStatus {
    static let success: Int32 = 0
    static let checkFailed: Int32 = 1
    static let usage: Int32 = 2
    static let badInput: Int32 = 3
}

/// The help of a command given as an existential metatype.
func commandHelp(of command: any Command.Type) -> String {
    func open<C: Command>(_ type: C.Type) -> String { C.helpText }
    return open(command)
}
