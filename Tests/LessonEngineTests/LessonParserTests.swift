import Foundation
import Testing
@testable import LessonEngine

@Suite("Lesson parser")
struct LessonParserTests {
    let root = temporaryDirectory()
    var parser: LessonParser { LessonParser(root: root, registry: fakeRegistry) }

    func parseError(_ text: String) -> LessonError? {
        do {
            _ = try parser.parse(text, file: "lessons/01-x.md", number: 1)
            return nil
        } catch {
            return error
        }
    }

    @Test("a well-formed lesson gives its blocks in order")
    func wellFormed() throws {
        write("import X\n    // region demo\n    let a = 1\n      let b = 2\n    // endregion\n", to: root.appendingPathComponent("Sources/Demo.swift"))
        let text = lessonText(extra: "requires: [zero]\nsummary: Short.\nhints:\n  - first\n  - second\n", body: """
        # Title

        Some *prose* with $x_i$
        continued here.

        - item one
          more of one
        - item two

        | a | b |
        |---|--:|
        | 1 | 2 |

        $$
        z = Wx + b
        $$

        ```swift include="Sources/Demo.swift#demo"
        ```

        ::: run good

        ::: hint
        third
        :::
        """)
        let lesson = try parser.parse(text, file: "lessons/01-x.md", number: 1)
        #expect(lesson.id == "one" && lesson.stage == "fake" && lesson.requires == ["zero"] && lesson.summary == "Short.")
        #expect(lesson.hints == ["first", "second", "third"])
        #expect(lesson.steps == ["good"])
        #expect(lesson.blocks[0] == .heading(level: 1, text: "Title"))
        #expect(lesson.blocks[1] == .paragraph("Some *prose* with $x_i$ continued here."))
        #expect(lesson.blocks[2] == .list(items: ["item one more of one", "item two"], ordered: false))
        #expect(lesson.blocks[3] == .table(Table(headers: ["a", "b"], rows: [["1", "2"]], rightAligned: [false, true])))
        #expect(lesson.blocks[4] == .displayMath("z = Wx + b"))
        #expect(lesson.blocks[5] == .code(language: "swift", text: "let a = 1\n  let b = 2", source: "Sources/Demo.swift#demo"))
    }

    @Test("missing front matter is reported at 1:1")
    func missingFrontMatter() {
        let error = parseError("# Hello\n")
        #expect(error?.kind == .frontMatter)
        #expect(error?.location == SourceLocation(file: "lessons/01-x.md", line: 1, column: 1))
    }

    @Test("unterminated front matter")
    func unterminatedFrontMatter() {
        let error = parseError("---\nid: a\ntitle: b\n")
        #expect(error?.kind == .unterminatedFrontMatter)
        #expect(error?.location.line == 1)
        #expect(error?.description.hasPrefix("lessons/01-x.md:1:1: error: expected a closing '---' line, found the end of the file") == true)
    }

    @Test("a missing stage field")
    func missingField() {
        let error = parseError("---\nid: a\ntitle: b\n---\n")
        #expect(error?.kind == .missingField)
        #expect(error?.location.line == 4)
    }

    @Test("unknown stage points at the value")
    func unknownStage() {
        let error = parseError(lessonText(stage: "nope", body: "text\n"))
        #expect(error?.kind == .unknownStage)
        #expect(error?.location.line == 4)
        #expect(error?.location.column == 8)   // "stage: nope": value starts at column 8
        #expect(error?.found == "'nope'")
    }

    @Test("unknown step points at the step name")
    func unknownStep() {
        let error = parseError(lessonText(body: "intro\n\n::: run nosuch\n"))
        #expect(error?.kind == .unknownStep)
        #expect(error?.location.line == 8)
        #expect(error?.location.column == 9)
    }

    @Test("missing include file and missing region")
    func includes() {
        write("// region here\nx\n// endregion\n", to: root.appendingPathComponent("Sources/A.swift"))
        let missingFile = parseError(lessonText(body: "```swift include=\"Sources/Nope.swift#here\"\n```\n"))
        #expect(missingFile?.kind == .missingIncludeFile)
        #expect(missingFile?.location.line == 6)
        #expect(missingFile?.location.column == 19)   // first character of the path
        let missingRegion = parseError(lessonText(body: "\n```swift include=\"Sources/A.swift#there\"\n```\n"))
        #expect(missingRegion?.kind == .missingRegion)
        #expect(missingRegion?.location.line == 7)
        #expect(missingRegion?.found == "regions here")
    }

    @Test("an exercise block shows the learner's code and keeps the reference apart")
    func exerciseBlock() throws {
        write("// region mine\nreturn 0 // TODO\n// endregion\n", to: root.appendingPathComponent("Sources/Exercises/E.swift"))
        write("// region ref\nreturn 42\n// endregion\n", to: root.appendingPathComponent("Sources/R.swift"))
        let block = "```swift include=\"Sources/Exercises/E.swift#mine\" reference=\"Sources/R.swift#ref\"\n```\n"
        let lesson = try parser.parse(lessonText(body: block), file: "lessons/01-x.md", number: 1)
        #expect(lesson.blocks == [.code(language: "swift", text: "return 0 // TODO", source: "Sources/Exercises/E.swift#mine")])
        #expect(lesson.exercises == [ExerciseCode(source: "Sources/Exercises/E.swift#mine", referenceSource: "Sources/R.swift#ref", referenceText: "return 42")])
        #expect(lesson.withReferenceCode.blocks == [.code(language: "swift", text: "return 42", source: "Sources/R.swift#ref")])
        // The learner deleted the region markers: the whole file is shown, never an error.
        write("return 7\n", to: root.appendingPathComponent("Sources/Exercises/E.swift"))
        let edited = try parser.parse(lessonText(body: block), file: "lessons/01-x.md", number: 1)
        #expect(edited.blocks == [.code(language: "swift", text: "return 7\n", source: "Sources/Exercises/E.swift#mine")])
        // A missing reference region is the lesson author's error, reported as usual.
        let broken = parseError(lessonText(body: "```swift include=\"Sources/Exercises/E.swift#mine\" reference=\"Sources/R.swift#nope\"\n```\n"))
        #expect(broken?.kind == .missingRegion)
    }

    @Test("unterminated fence, display maths, inline maths and hint")
    func unterminated() {
        let fence = parseError(lessonText(body: "a\n\n```swift\nlet x = 1\n"))
        #expect(fence?.kind == .unterminatedFence)
        #expect(fence?.location.line == 8)
        let display = parseError(lessonText(body: "$$\nx\n"))
        #expect(display?.kind == .unterminatedMath)
        #expect(display?.location.line == 6)
        let inline = parseError(lessonText(body: "cost is $x + y and `$` in code\n"))
        #expect(inline?.kind == .unterminatedMath)
        #expect(inline?.location == SourceLocation(file: "lessons/01-x.md", line: 6, column: 9))
        let hint = parseError(lessonText(body: "::: hint\nsomething\n"))
        #expect(hint?.kind == .unterminatedDirective)
        #expect(hint?.location.line == 6)
    }

    @Test("unknown directive and unknown front-matter key")
    func unknownThings() {
        #expect(parseError(lessonText(body: "::: frobnicate\n"))?.kind == .unknownDirective)
        let key = parseError(lessonText(extra: "colour: red\n", body: ""))
        #expect(key?.kind == .frontMatter)
        #expect(key?.location.line == 5)
    }

    @Test("escaped dollars are not maths")
    func escapedDollar() throws {
        let lesson = try parser.parse(lessonText(body: "costs \\$5\n"), file: "f", number: 1)
        #expect(lesson.blocks == [.paragraph("costs \\$5")])
    }

    @Test("lesson numbers come from NN-slug.md names")
    func lessonNumbers() {
        #expect(LessonParser.lessonNumber(fileName: "03-softmax.md") == 3)
        #expect(LessonParser.lessonNumber(fileName: "README.md") == nil)
        #expect(LessonParser.lessonNumber(fileName: "03-softmax.txt") == nil)
    }
}

@Suite("Source regions")
struct SourceRegionTests {
    @Test("extracts, dedents, drops nested markers")
    func extract() {
        let source = """
        func a() {
            // region outer
            let x = 1
            // region inner
            if x > 0 {
                print(x)
            }
            // endregion
            // endregion
        }
        """
        #expect(SourceRegion.extract("outer", from: source) == "let x = 1\nif x > 0 {\n    print(x)\n}")
        #expect(SourceRegion.extract("inner", from: source) == "if x > 0 {\n    print(x)\n}")
        #expect(SourceRegion.extract("missing", from: source) == nil)
        #expect(SourceRegion.names(in: source) == ["outer", "inner"])
    }

    @Test("an unclosed region is not a region")
    func unclosed() {
        #expect(SourceRegion.extract("a", from: "// region a\nx\n") == nil)
    }
}

@Suite("Lesson catalogue")
struct LessonCatalogueTests {
    @Test("duplicate ids and unknown requires are reported with their lines")
    func catalogueErrors() {
        let root = temporaryDirectory()
        write(lessonText(id: "a", body: "x\n"), to: root.appendingPathComponent("lessons/01-a.md"))
        write(lessonText(id: "a", body: "x\n"), to: root.appendingPathComponent("lessons/02-b.md"))
        write(lessonText(id: "c", extra: "requires: [zzz]\n", body: "x\n"), to: root.appendingPathComponent("lessons/03-c.md"))
        write("not a lesson", to: root.appendingPathComponent("lessons/README.md"))
        do {
            _ = try LessonCatalogue.load(root: root, registry: fakeRegistry)
            Issue.record("expected errors")
        } catch {
            let kinds = error.problems.map(\.kind)
            #expect(kinds == [.duplicateID, .unknownRequirement])
            #expect(error.problems[0].location == SourceLocation(file: "lessons/02-b.md", line: 2, column: 5))
            #expect(error.problems[1].location == SourceLocation(file: "lessons/03-c.md", line: 5, column: 11))
        }
    }

    @Test("lessons load in numeric order and are found by number or id")
    func order() throws {
        let root = temporaryDirectory()
        write(lessonText(id: "ten", body: "x\n"), to: root.appendingPathComponent("lessons/10-ten.md"))
        write(lessonText(id: "two", body: "x\n"), to: root.appendingPathComponent("lessons/02-two.md"))
        let catalogue = try LessonCatalogue.load(root: root, registry: fakeRegistry)
        #expect(catalogue.lessons.map(\.number) == [2, 10])
        #expect(catalogue.lesson(named: "10")?.id == "ten")
        #expect(catalogue.lesson(named: "two")?.number == 2)
    }
}
