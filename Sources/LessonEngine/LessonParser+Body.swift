import Foundation

/// The markdown body after the front matter: headings, paragraphs, lists, tables, display
/// maths, fences (with `include=`), `::: run STEP` and `::: hint … :::`.
struct BodyParser {
    let lines: [String]
    var index: Int
    let file: String
    let root: URL
    let stageID: String
    let stageSteps: [String]?
    var blocks: [LessonBlock] = []
    var hints: [String] = []
    var exercises: [ExerciseCode] = []
    private var paragraph: [String] = []

    init(lines: [String], start: Int, file: String, root: URL, stageID: String, stageSteps: [String]?) {
        self.lines = lines
        self.index = start
        self.file = file
        self.root = root
        self.stageID = stageID
        self.stageSteps = stageSteps
    }

    private func location(_ lineIndex: Int, _ column: Int = 1) -> SourceLocation {
        SourceLocation(file: file, line: lineIndex + 1, column: column)
    }

    private static func indentOf(_ line: String) -> Int { line.prefix { $0 == " " || $0 == "\t" }.count }

    mutating func parse() throws(LessonError) {
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let indent = Self.indentOf(line)
            if trimmed.isEmpty { flushParagraph(); index += 1; continue }
            if trimmed.hasPrefix("```") { flushParagraph(); try parseFence(indent: indent); continue }
            if trimmed.hasPrefix("$$") { flushParagraph(); try parseDisplayMath(indent: indent); continue }
            if trimmed.hasPrefix(":::") { flushParagraph(); try parseDirective(indent: indent); continue }
            if trimmed.hasPrefix("#"), let level = headingLevel(trimmed) {
                flushParagraph()
                try checkInlineMath(line, lineIndex: index)
                blocks.append(.heading(level: level, text: trimmed.dropFirst(level).trimmingCharacters(in: .whitespaces)))
                index += 1
                continue
            }
            if trimmed.hasPrefix("|") { flushParagraph(); try parseTable(); continue }
            if listMarker(trimmed) != nil { flushParagraph(); try parseList(); continue }
            try checkInlineMath(line, lineIndex: index)
            paragraph.append(trimmed)
            index += 1
        }
        flushParagraph()
    }

    private mutating func flushParagraph() {
        if !paragraph.isEmpty { blocks.append(.paragraph(paragraph.joined(separator: " "))) }
        paragraph = []
    }

    private func headingLevel(_ trimmed: String) -> Int? {
        let level = trimmed.prefix { $0 == "#" }.count
        guard level <= 6, trimmed.dropFirst(level).first == " " else { return nil }
        return level
    }

    /// `-`/`*` bullets or `1.` numbers: (ordered, marker length including the space).
    private func listMarker(_ trimmed: String) -> (ordered: Bool, length: Int)? {
        if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") { return (false, 2) }
        let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
        if !digits.isEmpty, trimmed.dropFirst(digits.count).hasPrefix(". ") { return (true, digits.count + 2) }
        return nil
    }

    /// Inline `$…$` must close on the same line (outside `code`); `$$` pairs likewise.
    private func checkInlineMath(_ line: String, lineIndex: Int) throws(LessonError) {
        var inCode = false
        var open: Int?
        var column = 0
        var previous: Character = " "
        for character in line {
            column += 1
            defer { previous = character }
            if character == "`" { inCode.toggle(); continue }
            if inCode || character != "$" || previous == "\\" { continue }
            open = open == nil ? column : nil
        }
        if let open {
            throw LessonError(.unterminatedMath, at: location(lineIndex, open), expected: "a closing '$' on the same line",
                              found: "the end of the line", hint: "close inline maths with $, or write \\$ for a dollar sign")
        }
        if let first = line.firstIndex(of: "$"), let last = line.lastIndex(of: "$"), first < last {
            try checkMathDepth(String(line[first...last]), lineIndex: lineIndex,
                               column: line.distance(from: line.startIndex, to: first) + 1)
        }
    }

    /// Maths nested deeper than `MathText.nestingLimit` is a lesson error with file:line,
    /// so no renderer recurses through 100,000 braces.
    private func checkMathDepth(_ latex: String, lineIndex: Int, column: Int = 1) throws(LessonError) {
        guard MathText.isTooDeep(latex) else { return }
        throw LessonError(.tooDeep, at: location(lineIndex, column),
                          expected: "maths nested at most \(MathText.nestingLimit) deep (braces, scripts, command arguments)",
                          found: "deeper nesting", hint: "split the formula, or check for unbalanced { or repeated ^ and _")
    }

    private mutating func parseFence(indent: Int) throws(LessonError) {
        let openIndex = index
        let trimmed = lines[index].trimmingCharacters(in: .whitespaces)
        let ticks = trimmed.prefix { $0 == "`" }
        let info = trimmed.dropFirst(ticks.count).trimmingCharacters(in: .whitespaces)
        let language = String(info.prefix { !$0.isWhitespace })
        var body: [String] = []
        index += 1
        while index < lines.count {
            let candidate = lines[index].trimmingCharacters(in: .whitespaces)
            if candidate.hasPrefix(ticks), candidate.allSatisfy({ $0 == "`" }) { break }
            body.append(String(lines[index].dropFirst(min(indent, Self.indentOf(lines[index])))))
            index += 1
        }
        guard index < lines.count else {
            throw LessonError(.unterminatedFence, at: location(openIndex, indent + 1), expected: "a closing \(ticks) line",
                              found: "the end of the file", hint: "close the code block opened here with \(ticks)")
        }
        index += 1
        if let range = info.range(of: "include=\"") {
            let valueStart = range.upperBound
            guard let valueEnd = info[valueStart...].firstIndex(of: "\"") else {
                throw LessonError(.missingIncludeFile, at: location(openIndex, indent + 1), expected: "include=\"path#region\"",
                                  found: "an unclosed quote", hint: "write include=\"Sources/Stages/File.swift#region-name\"")
            }
            let column = indent + ticks.count + 1 + (trimmed.dropFirst(ticks.count).count - info.count)
                + info.distance(from: info.startIndex, to: valueStart)
            let reference = String(info[valueStart..<valueEnd])
            if let solutionRange = info.range(of: "reference=\"") {
                // An exercise block: the learner's code (lenient: the learner may have
                // deleted the region markers) with the reference that solves it.
                let solutionStart = solutionRange.upperBound
                guard let solutionEnd = info[solutionStart...].firstIndex(of: "\"") else {
                    throw LessonError(.missingIncludeFile, at: location(openIndex, indent + 1), expected: "reference=\"path#region\"",
                                      found: "an unclosed quote", hint: "write reference=\"Sources/Stages/File.swift#region-name\"")
                }
                let solution = String(info[solutionStart..<solutionEnd])
                let column2 = indent + ticks.count + 1 + (trimmed.dropFirst(ticks.count).count - info.count)
                    + info.distance(from: info.startIndex, to: solutionStart)
                let solutionText = try resolveInclude(solution, at: location(openIndex, column2))
                let text = try resolveInclude(reference, at: location(openIndex, column), lenient: true)
                exercises.append(ExerciseCode(source: reference, referenceSource: solution, referenceText: solutionText))
                blocks.append(.code(language: language, text: text, source: reference))
            } else {
                let text = try resolveInclude(reference, at: location(openIndex, column))
                blocks.append(.code(language: language, text: text, source: reference))
            }
        } else {
            blocks.append(.code(language: language, text: body.joined(separator: "\n"), source: nil))
        }
    }

    /// `lenient`: a missing region gives the whole file (the learner's exercise file, whose
    /// region markers they may have deleted, must never make the course unloadable).
    private func resolveInclude(_ reference: String, at where_: SourceLocation, lenient: Bool = false) throws(LessonError) -> String {
        let parts = reference.split(separator: "#", maxSplits: 1).map(String.init)
        let path = parts.first ?? ""
        // Confined: after symlinks, the include must be a regular file inside the course.
        guard let courseRoot = LessonParser.canonicalPath(root) else {
            throw LessonError(.missingIncludeFile, at: where_, expected: "a course directory \(root.path)",
                              found: "no such directory", hint: "pass --course DIR pointing at the course")
        }
        let (resolved, missing) = LessonParser.confined(path, root: root, within: courseRoot)
        guard let url = resolved else {
            if missing {
                throw LessonError(.missingIncludeFile, at: where_, expected: "a readable file '\(path)' (relative to \(root.path))",
                                  found: "no such file", hint: "fix the path in include=\"…\"; paths start at the repository root")
            }
            throw LessonError(.outsideCourse, at: where_, expected: "an include inside the course directory \(courseRoot)",
                              found: "'\(path)', which resolves outside it (through '..', an absolute path or a symbolic link)",
                              hint: "lessons may only include files of their own course; fix the path in include=\"…\"")
        }
        let source: String
        do {
            source = LessonText.sanitized(try LessonParser.readText(at: url, display: path))
        } catch {
            throw LessonError(error.kind == .notRegularFile ? .notRegularFile : .missingIncludeFile, at: where_,
                              expected: "a readable regular file '\(path)' (relative to \(root.path))",
                              found: error.found, hint: "fix the path in include=\"…\"; paths start at the repository root")
        }
        guard parts.count == 2 else { return source }
        guard let region = SourceRegion.extract(parts[1], from: source) else {
            if lenient { return source }
            let known = SourceRegion.names(in: source)
            throw LessonError(.missingRegion, at: where_, expected: "a region '\(parts[1])' in \(path)",
                              found: known.isEmpty ? "no regions" : "regions \(known.joined(separator: ", "))",
                              hint: "wrap the code in '// region \(parts[1])' … '// endregion' lines")
        }
        return region
    }

    private mutating func parseDisplayMath(indent: Int) throws(LessonError) {
        let openIndex = index
        var text = String(lines[index].trimmingCharacters(in: .whitespaces).dropFirst(2))
        if let end = text.range(of: "$$") {
            try checkMathDepth(String(text[..<end.lowerBound]), lineIndex: openIndex)
            blocks.append(.displayMath(String(text[..<end.lowerBound]).trimmingCharacters(in: .whitespaces)))
            index += 1
            return
        }
        index += 1
        while index < lines.count {
            let line = lines[index].trimmingCharacters(in: .whitespaces)
            index += 1
            if let end = line.range(of: "$$") {
                text += " " + line[..<end.lowerBound]
                try checkMathDepth(text, lineIndex: openIndex)
                blocks.append(.displayMath(text.trimmingCharacters(in: .whitespaces)))
                return
            }
            text += " " + line
        }
        throw LessonError(.unterminatedMath, at: location(openIndex, indent + 1), expected: "a closing '$$'",
                          found: "the end of the file", hint: "close the display maths opened here with $$")
    }

    private mutating func parseDirective(indent: Int) throws(LessonError) {
        let openIndex = index
        let words = lines[index].trimmingCharacters(in: .whitespaces).dropFirst(3).split(separator: " ").map(String.init)
        index += 1
        switch words.first {
        case "run":
            let column = indent + (lines[openIndex].dropFirst(indent).range(of: "run")
                .map { lines[openIndex].dropFirst(indent).distance(from: lines[openIndex].dropFirst(indent).startIndex, to: $0.upperBound) } ?? 3) + 2
            guard words.count == 2 else {
                throw LessonError(.unknownStep, at: location(openIndex, column), expected: "one step name after '::: run'",
                                  found: words.count < 2 ? "nothing" : "'\(words.dropFirst().joined(separator: " "))'",
                                  hint: "write '::: run STEP' with one of the stage's steps")
            }
            if let stageSteps, !stageSteps.contains(words[1]) {
                throw LessonError(.unknownStep, at: location(openIndex, column),
                                  expected: "a step of stage '\(stageID)' (\(stageSteps.joined(separator: ", ")))",
                                  found: "'\(words[1])'", hint: "fix the step name or add it to the stage's `steps`")
            }
            blocks.append(.run(step: words[1], location: location(openIndex, column)))
        case "hint":
            var body: [String] = []
            while index < lines.count {
                let line = lines[index].trimmingCharacters(in: .whitespaces)
                index += 1
                if line == ":::" {
                    hints.append(body.joined(separator: " ").trimmingCharacters(in: .whitespaces))
                    return
                }
                body.append(line)
            }
            throw LessonError(.unterminatedDirective, at: location(openIndex, indent + 1), expected: "a closing ':::' line",
                              found: "the end of the file", hint: "end the hint opened here with a line containing only :::")
        default:
            throw LessonError(.unknownDirective, at: location(openIndex, indent + 4), expected: "'::: run STEP' or '::: hint'",
                              found: "'::: \(words.joined(separator: " "))'", hint: "only run and hint directives exist")
        }
    }

    private mutating func parseTable() throws(LessonError) {
        var rows: [[String]] = []
        var alignment: [Bool]?
        while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).hasPrefix("|") {
            try checkInlineMath(lines[index], lineIndex: index)
            var trimmed = Substring(lines[index].trimmingCharacters(in: .whitespaces)).dropFirst()
            if trimmed.hasSuffix("|") { trimmed = trimmed.dropLast() }
            let cells = splitCells(trimmed)
            index += 1
            if rows.count == 1, alignment == nil, cells.allSatisfy({ $0.allSatisfy { "-:| ".contains($0) } && $0.contains("-") }) {
                alignment = cells.map { $0.hasSuffix(":") && !$0.hasPrefix(":") }
                continue
            }
            rows.append(cells)
        }
        let headers = rows.first ?? []
        let body = rows.dropFirst().map { row in
            Array((row + Array(repeating: "", count: max(0, headers.count - row.count))).prefix(max(headers.count, 1)))
        }
        blocks.append(.table(Table(headers: headers, rows: body, rightAligned: alignment ?? headers.map { _ in false })))
    }

    /// Cells split on `|` except inside `code` or $maths$.
    private func splitCells(_ row: Substring) -> [String] {
        var cells: [String] = []
        var current = ""
        var inCode = false
        var inMath = false
        for character in row {
            if character == "`" { inCode.toggle() }
            if character == "$" && !inCode { inMath.toggle() }
            if character == "|" && !inCode && !inMath {
                cells.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        cells.append(current.trimmingCharacters(in: .whitespaces))
        return cells
    }

    private mutating func parseList() throws(LessonError) {
        var items: [String] = []
        var ordered = false
        while index < lines.count {
            let line = lines[index]
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { break }
            if let marker = listMarker(trimmed) {
                if items.isEmpty { ordered = marker.ordered }
                try checkInlineMath(line, lineIndex: index)
                items.append(String(trimmed.dropFirst(marker.length)))
            } else if Self.indentOf(line) >= 2, !items.isEmpty {
                try checkInlineMath(line, lineIndex: index)
                items[items.count - 1] += " " + trimmed
            } else {
                break
            }
            index += 1
        }
        blocks.append(.list(items: items, ordered: ordered))
    }
}
