import Foundation
import LessonEngine

/// Pick the command (default `next`), parse its arguments, run it, and map errors to exit
/// statuses: usage 2, broken lesson / progress / other input 3.
func dispatch(_ arguments: [String], commands: [any Command.Type]) -> Int32 {
    var arguments = arguments
    var command: any Command.Type = NextCommand.self
    if let first = arguments.first, !first.hasPrefix("-") {
        guard let named = commands.first(where: { $0.name == first }) else {
            let names = commands.map { $0.name }
            let guess = Arguments.closest(to: first, among: names).map { "did you mean `backprop \($0)`? " } ?? ""
            Session.printError(UsageError(message: "unknown command '\(first)'",
                                          hint: "\(guess)commands are \(names.joined(separator: ", ")); see `backprop help`").description)
            return ExitStatus.usage
        }
        command = named
        arguments.removeFirst()
    } else if let index = Arguments.commandIndex(in: arguments, globalOptions: Session.globalOptions),
              let named = commands.first(where: { $0.name == arguments[index] }) {
        command = named   // `backprop --course DIR list`: global options before the command
        arguments.remove(at: index)
    } else if arguments.contains("--help") || arguments.contains("-h") {
        Session.print(HelpCommand.overviewText(commands: commands))
        return ExitStatus.success
    }
    do {
        let parsed = try Arguments.parse(arguments, options: command.allOptions, command: command.name)
        if parsed.has("help") {
            Session.print(commandHelp(of: command))
            return ExitStatus.success
        }
        guard command.positionalCount.contains(parsed.positionals.count) else {
            let expected = command.positionalCount
            let count = expected.lowerBound == expected.upperBound ? "\(expected.lowerBound)" : "\(expected.lowerBound) to \(expected.upperBound)"
            throw UsageError(message: "`backprop \(command.name)` takes \(count) \(expected.upperBound == 1 ? "argument" : "arguments"), got \(parsed.positionals.count)",
                             hint: "usage: backprop \(command.name) \(command.usage)")
        }
        let session = try Session(arguments: parsed)
        return try command.run(parsed, session: session)
    } catch let error as UsageError {
        Session.printError(error.description)
        return ExitStatus.usage
    } catch let error as LessonCatalogueError {
        Session.printError(error.description)
        Session.printError("\(error.problems.count) lesson problem\(error.problems.count == 1 ? "" : "s") found; fix the lesson file\(error.problems.count == 1 ? "" : "s") named above.")
        return ExitStatus.badInput
    } catch {
        Session.printError("error: \(error)")
        return ExitStatus.badInput
    }
}
