/// `backprop show N`: read a lesson without running it.
enum ShowCommand: Command {
    static let name = "show"
    static let overview = "Show a lesson's text and code without running it (runs appear as placeholders)."
    static let usage = "<lesson>"
    static let argumentHelp = [("<lesson>", "The lesson's number or id.")]
    static let positionalCount = 1...1
    static let options: [OptionSpec] = [
        .flag("reference", "Reading tour: show the reference code where the lesson shows your exercise."),
    ]

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let catalogue = try session.catalogue()
        let named = try session.lesson(arguments.positionals[0], in: catalogue)
        let lesson = session.tour ? named.withReferenceCode : named
        let presenter = session.presenter()
        presenter.title(lesson)
        for block in lesson.blocks { presenter.present(block, of: lesson) }
        presenter.say([""])
        return ExitStatus.success
    }
}
