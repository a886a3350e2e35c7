/// Whether a lesson may run: every earlier lesson and every lesson it `requires` must have
/// passed first (`--force` runs it anyway).
public enum LessonStatus: String, Sendable, Equatable, Codable {
    case passed
    case failed
    case notRun = "not run"
    case locked
}

public enum Gating {
    /// The lessons that must pass before `lesson` and have not: earlier lessons by number,
    /// then its `requires`.
    public static func blockers(of lesson: Lesson, in catalogue: LessonCatalogue, progress: ProgressState) -> [Lesson] {
        let earlier = catalogue.lessons.filter { $0.number < lesson.number }
        let required = catalogue.lessons.filter { lesson.requires.contains($0.id) && $0.number >= lesson.number }
        return (earlier + required).filter { progress.records[$0.id]?.status != .passed }
    }

    /// passed / failed / not run from the record; locked if it has not passed and a
    /// blocker has not passed either.
    public static func status(of lesson: Lesson, in catalogue: LessonCatalogue, progress: ProgressState) -> LessonStatus {
        let recorded = progress.records[lesson.id]?.status
        if recorded == .passed { return .passed }
        if !blockers(of: lesson, in: catalogue, progress: progress).isEmpty { return .locked }
        return recorded ?? .notRun
    }

    /// The first lesson that has not passed, or nil when the course is complete.
    public static func next(in catalogue: LessonCatalogue, progress: ProgressState) -> Lesson? {
        catalogue.lessons.first { progress.records[$0.id]?.status != .passed }
    }
}
