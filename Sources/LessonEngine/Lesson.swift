// The lesson model: what the parser produces from `lessons/NN-slug.md` and what the runner
// and renderers consume. Nothing here knows about neural networks.

/// A position in a lesson file, 1-based, printed as `file:line:column`.
public struct SourceLocation: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// One block of a lesson's body, in reading order.
public enum LessonBlock: Sendable, Equatable {
    /// `#`…`######` heading; `level` is the number of `#`.
    case heading(level: Int, text: String)
    /// Prose with inline `code`, **bold** and $maths$, lines joined by spaces.
    case paragraph(String)
    /// A bulleted (`-`, `*`) or numbered (`1.`) list; items may contain inline markup.
    case list(items: [String], ordered: Bool)
    /// A markdown table (cells keep their inline markup).
    case table(Table)
    /// Display maths (`$$ … $$`), the LaTeX source without the delimiters.
    case displayMath(String)
    /// A fenced code block; `source` is `path#region` when filled by `include=`.
    case code(language: String, text: String, source: String?)
    /// `::: run STEP`: run one step of the lesson's stage here.
    case run(step: String, location: SourceLocation)
}

/// A parsed lesson.
public struct Lesson: Sendable, Equatable {
    /// From the file name `NN-slug.md`: the lesson's place in the course.
    public var number: Int
    public var id: String
    public var title: String
    /// The id of the stage (in the `StageRegistry`) whose steps `::: run` names.
    public var stage: String
    /// Lesson ids that must pass before this one, besides every earlier lesson.
    public var requires: [String]
    public var summary: String?
    /// Front-matter hints first, then `::: hint` blocks, in order. Shown one at a time.
    public var hints: [String]
    public var blocks: [LessonBlock]
    /// The lesson file's path as given to the parser (relative to the course when loaded).
    public var file: String
    /// Where `id:` and `requires:` were written (for catalogue errors).
    public var idLocation: SourceLocation
    public var requiresLocation: SourceLocation?
    /// The exercise blocks (```` ```swift include="Sources/Exercises/…#r" reference="…#r" ````):
    /// the block shows the learner's code; the reference is kept here, shown only by the
    /// reading tour and by `solution` once the learner's version has passed.
    public var exercises: [ExerciseCode] = []

    /// The lesson as the reading tour shows it: every exercise block replaced by its reference.
    public var withReferenceCode: Lesson {
        var copy = self
        copy.blocks = blocks.map { block in
            if case .code(let language, _, let source?) = block, let exercise = exercises.first(where: { $0.source == source }) {
                return .code(language: language, text: exercise.referenceText, source: exercise.referenceSource)
            }
            return block
        }
        return copy
    }

    /// The steps this lesson runs, in order.
    public var steps: [String] {
        blocks.compactMap { if case .run(let step, _) = $0 { step } else { nil } }
    }
}

/// One exercise block: where the learner's code is included from and the reference that
/// solves it.
public struct ExerciseCode: Sendable, Equatable {
    /// `Sources/Exercises/File.swift#region`: the learner's code (what the block shows).
    public var source: String
    /// `path#region` of the reference implementation.
    public var referenceSource: String
    public var referenceText: String

    public init(source: String, referenceSource: String, referenceText: String) {
        self.source = source
        self.referenceSource = referenceSource
        self.referenceText = referenceText
    }
}
