/// `backprop reset`: forget all progress.
enum ResetCommand: Command {
    static let name = "reset"
    static let overview = "Forget progress (every lesson back to not run). Removes only the progress file it wrote; says what it removed."
    static let usage = ""
    static let options: [OptionSpec] = []

    static func run(_ arguments: ParsedArguments, session: Session) throws -> Int32 {
        let store = try session.store()
        if let removed = try store.reset() {
            Session.print("Removed the progress file \(removed). Every lesson is back to not run.")
        } else {
            Session.print("Nothing to forget: there is no progress file (\(store.url.path)).")
        }
        return ExitStatus.success
    }
}
