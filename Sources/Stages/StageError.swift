// Errors a course stage reports to the learner (the engine shows them as a failed check).

/// A step name the stage does not know: a typo in a lesson's `::: run STEP` line.
public enum StageError: Error, Equatable, Sendable, CustomStringConvertible {
    case unknownStep(stage: String, step: String, known: [String])

    public var description: String {
        switch self {
        case .unknownStep(let stage, let step, let known):
            return "error: stage '\(stage)' has no step '\(step)'\nhint: the lesson's `::: run` line must name one of: \(known.joined(separator: ", "))"
        }
    }
}
