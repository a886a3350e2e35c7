/// The lesson file format, as printed by `backprop help lessons`.
public enum LessonFormat {
    public static let reference = #"""
    LESSON FILES

    Lessons live in lessons/NN-slug.md; NN (the leading number) orders the course.
    Other files in lessons/ (README.md, notes) are ignored.

    FRONT MATTER (required), between two lines containing only ---:

        ---
        id: forward-pass                 unique across the course; a-z, 0-9 and - only
        title: Neurons and the forward pass
        stage: forwardPass               a stage id registered in Sources/Stages/StageCatalogue.swift
        requires: [some-id, other-id]    optional: lessons to pass first (besides all earlier ones)
        summary: One line under the title.
        hints:                           optional; also written as ::: hint blocks
          - First hint.
          - Second hint.
        ---

    BODY (markdown subset):
      # Heading … ###### Heading
      paragraphs (consecutive lines), blank line between blocks
      - bullet / * bullet / 1. numbered   (indented lines continue an item)
      | a | b |  tables, with |---|---:| separator (---: right-aligns a column)
      `code`, **bold**, [text](url)
      $inline maths$ (must close on the same line; \$ is a literal dollar)
      $$ display maths $$ (may span lines)
      ```lang … ```          a fenced code block
      ```swift include="Sources/Stages/X.swift#region-name"
      ```                    filled with the lines between `// region region-name` and
                             `// endregion` in that file (path from the repository root), dedented
      ```swift include="Sources/Exercises/X.swift#name" reference="Sources/Stages/Y.swift#name"
      ```                    an exercise block: shows the learner's code (their file; the whole
                             file if they removed the region markers) in the course, and the
                             reference only in the reading tour (`backprop tour`, `--reference`)
                             and in `backprop solution N` once the learner's version passes.
                             Never include= the reference region elsewhere in the lesson.
      ::: run STEP           run one step of the lesson's stage here; its output appears here
      ::: hint               a hint, shown on request (`backprop hint N`), one more each time;
                             the first points at the derivation step, only the last gives a formula
      text
      :::

    LaTeX in maths is shown as Unicode in the terminal: \partial ∂, \sum_{i=1}^{n} Σᵢ₌₁ⁿ,
    \frac{a}{b} a/b, W^\top Wᵀ, \hat{y} ŷ, \odot ⊙, \mathbb{R} ℝ, Greek letters, …
    Unknown commands are shown as written.

    ERRORS are reported as file:line:column: error: expected …, found … plus a hint, for:
    missing or unterminated front matter, a missing id/title/stage, an unknown stage or
    step, a missing include file or region, an unterminated fence, maths or hint, an
    unknown ::: directive, a duplicate id, and a `requires` naming no lesson. Any broken
    lesson makes backprop exit with status 3.

    LIMITS (a course from someone else is untrusted): a lesson is a regular file inside
    lessons/ of at most 256 KiB; an include must resolve, after symbolic links, to a
    regular file inside the course directory (at most 4 MiB); maths may nest at most 64
    deep. Control characters in lesson text are shown as visible escapes (ESC as ^[).

    PROGRESS is kept in <course>/.backprop/progress.json, or in
    $XDG_STATE_HOME/backprop/<hash of the course path>/progress.json when XDG_STATE_HOME
    is set. It is rewritten atomically under a lock (.progress.json.lock), so two backprop
    processes never lose each other's records; a corrupt file is moved aside
    (progress.json.corrupt-…).
    """#
}
