import Foundation

/// A presenter that passes everything on to another presenter and remembers where each
/// stage output appeared (after which lesson block), so the run can be saved as an
/// `OutputRecording` and replayed later in the same places.
///
/// Use: `let recorder = RecordingPresenter(wrapping: presenter, lesson: lesson)`, run the
/// lesson with `presenter: recorder`, then `recorder.recording(options:)`.
public final class RecordingPresenter: LessonPresenter {
    public let wrapped: any LessonPresenter
    public let lesson: Lesson
    /// Index in `lesson.blocks` of the last lesson block presented (-1 before the first).
    private var anchor = -1
    private var placed: [OutputRecording.Placed] = []

    public init(wrapping presenter: any LessonPresenter, lesson: Lesson) {
        wrapped = presenter
        self.lesson = lesson
    }

    public func present(_ block: LessonBlock, of lesson: Lesson) {
        // The runner presents the lesson's non-run blocks in order; find this one after the
        // previous anchor (a repeated identical block resolves to the next occurrence).
        if let index = self.lesson.blocks.indices.first(where: { $0 > anchor && self.lesson.blocks[$0] == block }) {
            anchor = index
        }
        wrapped.present(block, of: lesson)
    }

    public func present(_ output: OutputBlock) {
        placed.append(OutputRecording.Placed(anchor: anchor, block: RecordedOutput(output)))
        wrapped.present(output)
    }

    public func progress(label: String, total: Int) -> any ProgressReporter {
        wrapped.progress(label: label, total: total)
    }

    /// What was recorded so far.
    public func recording(options: RunOptions, date: Date = Date()) -> OutputRecording {
        OutputRecording(lesson: lesson, options: options, recorded: date, outputs: placed)
    }
}

extension OutputRecording {
    /// Replays the lesson with this recording's outputs: every non-run block in order, and
    /// after each group of consecutive `::: run` lines the outputs recorded there.
    /// Outputs whose place no longer exists come at the end, so nothing is lost.
    public func replay(_ lesson: Lesson, into presenter: any LessonPresenter) {
        var byAnchor: [Int: [OutputBlock]] = [:]
        for item in outputs { byAnchor[item.anchor, default: []].append(item.block.outputBlock) }
        var lastShown = -1
        for (index, block) in lesson.blocks.enumerated() {
            if case .run = block {
                let nextIsRun: Bool = {
                    guard index + 1 < lesson.blocks.count, case .run = lesson.blocks[index + 1] else { return false }
                    return true
                }()
                if !nextIsRun, let blocks = byAnchor.removeValue(forKey: lastShown) {
                    blocks.forEach(presenter.present)
                }
            } else {
                presenter.present(block, of: lesson)
                lastShown = index
            }
        }
        for anchor in byAnchor.keys.sorted() { byAnchor[anchor]?.forEach(presenter.present) }
    }
}
