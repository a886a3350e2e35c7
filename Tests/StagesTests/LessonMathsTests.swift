// Every formula in every lesson (display and inline, in prose, lists, tables, headings, hints
// and summaries) converts to MathML for the HTML export: an unknown command fails here, not
// on the learner's page.
import Foundation
import LessonEngine
import Testing
@testable import Stages

struct LessonMathsTests {
    /// The `$$…$$` and `$…$` formulas in inline text (`\$` is a literal dollar; code spans skipped).
    static func formulas(in text: String) -> [(latex: String, display: Bool)] {
        var found: [(String, Bool)] = []
        var rest = Substring(text)
        while let character = rest.first {
            if character == "\\", rest.dropFirst().first == "$" { rest = rest.dropFirst(2); continue }
            if character == "`", let end = rest.dropFirst().firstIndex(of: "`") { rest = rest[rest.index(after: end)...]; continue }
            if rest.hasPrefix("$$"), let end = rest.dropFirst(2).range(of: "$$") {
                found.append((String(rest[rest.index(rest.startIndex, offsetBy: 2)..<end.lowerBound]), true))
                rest = rest[end.upperBound...]
                continue
            }
            if character == "$", let end = rest.dropFirst().firstIndex(of: "$") {
                found.append((String(rest[rest.index(after: rest.startIndex)..<end]), false))
                rest = rest[rest.index(after: end)...]
                continue
            }
            rest = rest.dropFirst()
        }
        return found
    }

    static func formulas(in lesson: Lesson) -> [(latex: String, display: Bool)] {
        var texts = lesson.hints + [lesson.summary ?? "", lesson.title]
        var found: [(String, Bool)] = []
        for block in lesson.blocks {
            switch block {
            case .heading(_, let text), .paragraph(let text): texts.append(text)
            case .list(let items, _): texts += items
            case .table(let table): texts += table.headers + table.rows.flatMap { $0 } + [table.title ?? ""]
            case .displayMath(let latex): found.append((latex, true))
            case .code, .run: break
            }
        }
        return found + texts.flatMap { formulas(in: $0) }
    }

    @Test("every display and inline formula of every lesson converts to MathML")
    func everyFormulaConverts() throws {
        var count = 0
        for lesson in try LessonReferencesTests.course().lessons {
            for (latex, display) in Self.formulas(in: lesson) {
                count += 1
                do {
                    let mathML = try MathML.convert(latex, display: display)
                    #expect(mathML.hasPrefix("<math"))
                } catch {
                    Issue.record("\(lesson.file): \(error) in $\(latex)$")
                }
            }
        }
        // The course has well over a hundred formulas; a scanner that finds none proves nothing.
        #expect(count > 150, "found only \(count) formulas")
    }
}
