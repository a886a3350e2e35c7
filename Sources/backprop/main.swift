// backprop: the course runner. This file only dispatches; each command lives in its own
// file (`XCommand.swift`). To add a command, write the file and add one line to the table.
import Foundation

enum CommandTable {
    static let all: [any Command.Type] = [
        NextCommand.self,
        TourCommand.self,
        ListCommand.self,
        RunCommand.self,
        ShowCommand.self,
        CheckCommand.self,
        HintCommand.self,
        WatchCommand.self,
        ExportCommand.self,
        TrainCommand.self,
        EvaluateCommand.self,
        PredictCommand.self,
        GradientsCommand.self,
        ResetCommand.self,
        SolutionCommand.self,
        BenchCommand.self,
        HelpCommand.self,
    ]
}

if CommandLine.arguments.count > 1 && CommandLine.arguments[1] == ChildRun.subcommand {
    exit(ChildMain.run(Array(CommandLine.arguments.dropFirst(2))))   // learner code, isolated (ChildRun/)
}
exit(dispatch(Array(CommandLine.arguments.dropFirst()), commands: CommandTable.all))
