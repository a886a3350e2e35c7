// Prose that points at a derivation step ("step 5", "steps 3 and 4") must point at a number
// the lesson's page shows: ordered lists carry their numbering through a section (terminal
// and HTML alike), so the shown numbers are computed the same way here. References to
// another lesson's steps ("lesson 2, step 1", "step 5 of lesson 2") are not this page's.
import Foundation
import LessonEngine
import Testing
@testable import Stages

struct LessonStepReferencesTests {
    /// The item numbers a lesson shows: lists continue from the previous one until a heading.
    static func shownSteps(_ lesson: Lesson) -> Set<Int> {
        var shown: Set<Int> = []
        var count = 0
        for block in lesson.blocks {
            switch block {
            case .heading: count = 0
            case .list(let items, true):
                for _ in items { count += 1; shown.insert(count) }
            default: break
            }
        }
        return shown
    }

    /// Step numbers the lesson's own prose refers to.
    static func referencedSteps(_ text: String) -> [Int] {
        let pattern = #"(?<!lesson \d, )(?<!lesson \d\d, )(?<!lesson \d's )(?<!lesson \d\d's )(?<!lesson \d )(?<!lesson \d\d )\b[Ss]teps? (\d+)(?:(?:-|–| and | to )(\d+))?(?! of lesson)"#
        let regex = try! NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
        var steps: [Int] = []
        for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let numbers = (1..<match.numberOfRanges).compactMap { Range(match.range(at: $0), in: text).flatMap { Int(text[$0]) } }
            if numbers.count == 2 { steps += Array(numbers[0]...max(numbers[0], numbers[1])) } else { steps += numbers }
        }
        return steps
    }

    @Test("the reference scanner skips other lessons' steps and expands ranges")
    func scanner() {
        #expect(Self.referencedSteps("as in steps 3 and 4, then step 6; lesson 2, step 1; lesson 2's step 5; step 5 of lesson 2; lesson 4 step 6; steps 2-3") == [3, 4, 6, 2, 3])
    }

    @Test("no lesson refers to a step number its page does not show")
    func stepsExist() throws {
        for lesson in try LessonReferencesTests.course().lessons {
            let shown = Self.shownSteps(lesson)
            var prose: [String] = []
            for block in lesson.blocks {
                switch block {
                case .paragraph(let text), .heading(_, let text): prose.append(text)
                case .list(let items, _): prose += items
                default: break
                }
            }
            for text in prose {
                for step in Self.referencedSteps(text) {
                    #expect(shown.contains(step), "\(lesson.file) refers to step \(step), but its page numbers \(shown.sorted())")
                }
            }
        }
    }
}
