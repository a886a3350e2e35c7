import Foundation

/// Every lesson of a course directory (`DIR/lessons/NN-slug.md`), in order, plus the
/// catalogue-wide checks: unique ids and `requires` that name lessons.
public struct LessonCatalogue: Sendable {
    /// The course directory (holds `lessons/` and the sources lessons include).
    public var root: URL
    public var lessons: [Lesson]

    public init(root: URL, lessons: [Lesson]) {
        self.root = root
        self.lessons = lessons
    }

    /// Load and validate every lesson. Throws every problem found (not just the first),
    /// so one run of `backprop check` lists them all.
    public static func load(root: URL, registry: StageRegistry?) throws(LessonCatalogueError) -> LessonCatalogue {
        let directory = root.appendingPathComponent("lessons")
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw LessonCatalogueError(problems: [LessonError(.unreadableFile, at: SourceLocation(file: "lessons", line: 1),
                                                              expected: "a readable lessons/ directory in \(root.path)",
                                                              found: "\(error.localizedDescription)",
                                                              hint: "pass --course DIR pointing at the backprop checkout")])
        }
        let parser = LessonParser(root: root, registry: registry)
        var lessons: [Lesson] = []
        var problems: [LessonError] = []
        let lessonFiles = names.compactMap { name in LessonParser.lessonNumber(fileName: name).map { (name, $0) } }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        let lessonsRoot = LessonParser.canonicalPath(root).map { $0 + "/lessons" } ?? directory.path
        for (name, number) in lessonFiles {
            let display = "lessons/\(LessonText.sanitized(name))"
            do throws(LessonError) {
                // The lesson file itself must be a regular file inside lessons/, after symlinks.
                let (resolved, _) = LessonParser.confined(name, root: directory, within: lessonsRoot)
                guard let url = resolved else {
                    throw LessonError(.outsideCourse, at: SourceLocation(file: display, line: 1),
                                      expected: "a lesson file inside \(lessonsRoot)",
                                      found: "a symbolic link that leads outside it (or nowhere)",
                                      hint: "replace the link with the lesson file itself")
                }
                let text = try LessonParser.readText(at: url, display: display, limit: LessonParser.maximumLessonBytes)
                lessons.append(try parser.parse(text, file: display, number: number))
            } catch {
                problems.append(error)
            }
        }
        var seen: [String: Lesson] = [:]
        for lesson in lessons {
            if let first = seen[lesson.id] {
                problems.append(LessonError(.duplicateID, at: lesson.idLocation, expected: "a unique lesson id",
                                            found: "'\(lesson.id)', already the id of \(first.file)",
                                            hint: "give one of the two lessons another id"))
            } else {
                seen[lesson.id] = lesson
            }
        }
        for lesson in lessons {
            for required in lesson.requires where seen[required] == nil {
                problems.append(LessonError(.unknownRequirement, at: lesson.requiresLocation ?? lesson.idLocation,
                                            expected: "the id of a lesson (\(lessons.map(\.id).joined(separator: ", ")))",
                                            found: "'\(required)'", hint: "fix the `requires:` list"))
            }
        }
        if !problems.isEmpty { throw LessonCatalogueError(problems: problems) }
        return LessonCatalogue(root: root, lessons: lessons)
    }

    /// A lesson by number (`3`) or id (`softmax-cross-entropy`).
    public func lesson(named reference: String) -> Lesson? {
        if let number = Int(reference) { return lessons.first { $0.number == number } }
        return lessons.first { $0.id == reference }
    }
}

/// One or more broken lessons.
public struct LessonCatalogueError: Error, Sendable, CustomStringConvertible {
    public var problems: [LessonError]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension LessonCatalogue {
    /// Catalogue hygiene beyond what loading enforces (in the spirit of rustlings' `dev
    /// check`): registered stages no lesson uses, and files in `lessons/` that are not
    /// lessons (`NN-slug.md`) or `README.md`.
    public func warnings(registry: StageRegistry) -> [String] {
        let used = Set(lessons.map(\.stage))
        var warnings = registry.ids.filter { !used.contains($0) }.map {
            "stage '\($0)' is registered but no lesson uses it (add `stage: \($0)` to a lesson or remove it from the catalogue)"
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("lessons").path)) ?? []
        for name in names.sorted() where LessonParser.lessonNumber(fileName: name) == nil && name != "README.md" && !name.hasPrefix(".") {
            warnings.append("lessons/\(name) is not a lesson file (lessons are named NN-slug.md)")
        }
        return warnings
    }
}
