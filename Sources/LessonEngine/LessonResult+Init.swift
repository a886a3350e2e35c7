extension LessonResult {
    /// A result assembled outside `LessonRunner` (e.g. from a child process's recorded outputs):
    /// the checks are the `.check` blocks of `outputs`, in order.
    public init(lessonID: String, outputs: [OutputBlock]) {
        self.init(lessonID: lessonID,
                  checks: outputs.compactMap { if case .check(let check) = $0 { check } else { nil } },
                  outputs: outputs)
    }
}
