import LessonEngine

/// `backprop help [COMMAND | lessons]`.
enum HelpCommand: Command {
    static let name = "help"
    static let overview = "Show help for backprop, a command, the lesson file format (`help lessons`), the weights, checkpoint and gradients file formats (`help weights`) or Swift for Python programmers (`help swift`)."
    static let usage = "[<command> | lessons | weights | swift]"
    static let argumentHelp = [("<command>", "A command name, `lessons` for the lesson file format, `weights` for the weights/gradients file formats, or `swift` for the Swift the exercises need.")]
    static let options: [OptionSpec] = []
    static let positionalCount = 0...1

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        guard let topic = arguments.positionals.first else {
            Session.print(overviewText(commands: CommandTable.all))
            return ExitStatus.success
        }
        if topic == "lessons" {
            Session.print(LessonFormat.reference)
            return ExitStatus.success
        }
        if topic == "weights" || topic == "gradients" || topic == "checkpoints" {
            Session.print(WeightsFormatHelp.text)
            return ExitStatus.success
        }
        if topic == "swift" {
            Session.print(SwiftPrimer.text)
            return ExitStatus.success
        }
        guard let command = CommandTable.all.first(where: { $0.name == topic }) else {
            throw UsageError(message: "no help topic '\(topic)'", hint: "topics are lessons, weights, swift, \(CommandTable.all.map { $0.name }.joined(separator: ", "))")
        }
        Session.print(commandHelp(of: command))
        return ExitStatus.success
    }

    static func overviewText(commands: [any Command.Type]) -> String {
        var lines = ["OVERVIEW: backprop teaches backpropagation by doing it: markdown lessons with runnable",
                     "Swift stages and checks that gate the next lesson.", "",
                     "USAGE: backprop [<command>] [<options>]      (no command = `next`)", "", "COMMANDS:"]
        lines += commands.map { "  " + $0.name.padding(toLength: 10, withPad: " ", startingAt: 0) + $0.overview }
        lines += ["", "OPTIONS (every command):"]
        for option in Session.globalOptions {
            lines.append("  " + "--\(option.name) \(option.valueName ?? "")".padding(toLength: 18, withPad: " ", startingAt: 0) + option.help)
        }
        lines += ["  -h, --help        Show help information (also `backprop help <command>`).", "",
                  "EXIT STATUS: 0 ok, 1 a check failed, 2 usage error (or a locked lesson), 3 bad input (broken lesson, data, weights).",
                  "New to Swift? `backprop help swift`. The lesson file format: `backprop help lessons`; the weights files: `backprop help weights`."]
        return lines.joined(separator: "\n")
    }
}
