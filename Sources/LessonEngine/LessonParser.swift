import Foundation

/// Parses one lesson file (the format is `LessonFormat.reference`). Validates everything
/// that can be checked from the file alone plus the stage registry and the include files:
/// unknown stage or step, missing include file or region, unterminated front matter, fence,
/// maths or directive. Catalogue-wide checks (duplicate ids, `requires`) live in
/// `LessonCatalogue`.
public struct LessonParser {
    /// Directory that `include=` paths are relative to (the course / repository root).
    public var root: URL
    /// Stages that `stage:` and `::: run` are checked against; nil skips those checks.
    public var registry: StageRegistry?

    public init(root: URL, registry: StageRegistry?) {
        self.root = root
        self.registry = registry
    }

    /// Parse `text`, reporting errors against `file` (a display path) and the lesson `number`.
    public func parse(_ text: String, file: String, number: Int) throws(LessonError) -> Lesson {
        // Every byte of lesson text passes the one sanitiser (control characters made
        // visible, CRLF → LF) before anything else sees it.
        let lines = LessonText.sanitized(text)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var front = try FrontMatter.parse(lines, file: file)
        func location(_ line: Int, _ column: Int = 1) -> SourceLocation {
            SourceLocation(file: file, line: line, column: column)
        }
        let stageSteps: [String]?
        if let registry, let stageID = front.stage {
            guard let stage = registry.makeStage(id: stageID.value) else {
                throw LessonError(.unknownStage, at: location(stageID.line, stageID.column),
                                  expected: "a stage id (\(registry.ids.joined(separator: ", ")))",
                                  found: "'\(stageID.value)'",
                                  hint: "register the stage in Sources/Stages/StageCatalogue.swift or fix the `stage:` line")
            }
            stageSteps = stage.steps
        } else {
            stageSteps = nil
        }
        var body = BodyParser(lines: lines, start: front.endLine, file: file, root: root,
                              stageID: front.stage?.value ?? "", stageSteps: stageSteps)
        try body.parse()
        front.hints.append(contentsOf: body.hints)
        return Lesson(number: number, id: front.id!.value, title: front.title!.value, stage: front.stage!.value,
                      requires: front.requires.map(\.value), summary: front.summary, hints: front.hints,
                      blocks: body.blocks, file: file, idLocation: location(front.id!.line, front.id!.column),
                      requiresLocation: front.requires.first.map { location($0.line, $0.column) },
                      exercises: body.exercises)
    }

    /// The lesson number from a file name `NN-slug.md`, or nil if it is not a lesson file.
    public static func lessonNumber(fileName: String) -> Int? {
        guard fileName.hasSuffix(".md") else { return nil }
        let digits = fileName.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, fileName.dropFirst(digits.count).hasPrefix("-") else { return nil }
        return Int(digits)
    }
}

/// A value from the front matter with where it was written.
struct Located: Sendable {
    var value: String
    var line: Int
    var column: Int
}

/// The `---`-delimited header: `key: value` lines, lists as `[a, b]` or `- item` lines.
struct FrontMatter {
    var id: Located?
    var title: Located?
    var stage: Located?
    var requires: [Located] = []
    var summary: String?
    var hints: [String] = []
    /// Index (0-based) of the first body line.
    var endLine = 0

    static let keys = ["id", "title", "stage", "requires", "summary", "hints"]

    static func parse(_ lines: [String], file: String) throws(LessonError) -> FrontMatter {
        func location(_ line: Int, _ column: Int = 1) -> SourceLocation {
            SourceLocation(file: file, line: line, column: column)
        }
        guard let first = lines.first, first.trimmingCharacters(in: .whitespaces) == "---" else {
            throw LessonError(.frontMatter, at: location(1), expected: "'---' opening the front matter",
                              found: "'\(lines.first ?? "")'",
                              hint: "start the lesson with ---, then id:, title:, stage: lines, then ---")
        }
        var result = FrontMatter()
        var listKey: String?
        var index = 1
        while index < lines.count {
            let line = lines[index]
            let lineNumber = index + 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            index += 1
            if trimmed == "---" {
                result.endLine = index
                for (name, value) in [("id", result.id), ("title", result.title), ("stage", result.stage)] where value == nil {
                    throw LessonError(.missingField, at: location(lineNumber), expected: "a '\(name):' line in the front matter",
                                      found: "the end of the front matter", hint: "add '\(name): …' before this ---")
                }
                if let id = result.id, !LessonText.isSlug(id.value) {
                    throw LessonError(.invalidID, at: location(id.line, id.column),
                                      expected: "a lesson id made of a-z, 0-9 and - (for example 'chain-rule')",
                                      found: id.value.isEmpty ? "an empty id" : "'\(id.value)'",
                                      hint: "lesson ids name files, so they are lowercase slugs; fix the `id:` line")
                }
                return result
            }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let indent = line.count - line.drop { $0 == " " }.count
            if trimmed.hasPrefix("- "), let key = listKey {
                let item = Located(value: unquote(String(trimmed.dropFirst(2))), line: lineNumber, column: indent + 3)
                if key == "requires" { result.requires.append(item) } else { result.hints.append(item.value) }
                continue
            }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw LessonError(.frontMatter, at: location(lineNumber, indent + 1), expected: "'key: value'",
                                  found: "'\(trimmed)'", hint: "front matter keys are \(keys.joined(separator: ", "))")
            }
            let key = String(trimmed[..<colon]).trimmingCharacters(in: .whitespaces)
            let rawValue = trimmed[trimmed.index(after: colon)...]
            let value = rawValue.trimmingCharacters(in: .whitespaces)
            let valueColumn = indent + trimmed.distance(from: trimmed.startIndex, to: colon) + 2
                + (rawValue.count - rawValue.drop { $0 == " " }.count)
            let located = Located(value: unquote(value), line: lineNumber, column: valueColumn)
            listKey = nil
            switch key {
            case "id": result.id = located
            case "title": result.title = located
            case "stage": result.stage = located
            case "summary": result.summary = located.value
            case "requires", "hints":
                if value.isEmpty {
                    listKey = key
                } else {
                    let items = inlineList(value).map { Located(value: $0, line: lineNumber, column: valueColumn) }
                    if key == "requires" { result.requires += items } else { result.hints += items.map(\.value) }
                }
            default:
                throw LessonError(.frontMatter, at: location(lineNumber, indent + 1),
                                  expected: "one of the keys \(keys.joined(separator: ", "))",
                                  found: "'\(key)'", hint: "remove the line or fix the key's spelling")
            }
        }
        throw LessonError(.unterminatedFrontMatter, at: location(1), expected: "a closing '---' line",
                          found: "the end of the file", hint: "end the front matter with a line containing only ---")
    }

    static func unquote(_ value: String) -> String {
        if value.count >= 2, let first = value.first, first == value.last, first == "\"" || first == "'" {
            return String(value.dropFirst().dropLast())
        }
        return value
    }

    static func inlineList(_ value: String) -> [String] {
        var inner = Substring(value)
        if inner.hasPrefix("["), inner.hasSuffix("]") { inner = inner.dropFirst().dropLast() }
        return inner.split(separator: ",").map { unquote($0.trimmingCharacters(in: .whitespaces)) }.filter { !$0.isEmpty }
    }
}
