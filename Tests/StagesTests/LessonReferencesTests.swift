// The catalogue check (in the spirit of rustlings' `dev check`), for every lesson of the real
// course, through the engine's own parser: the course loads (so every stage id, `::: run` step
// and `include=` region resolves, and every fence and `::: hint` is closed), each lesson has a
// summary, shows code and runs steps, and every step of its stage is run somewhere in it.
import Foundation
import LessonEngine
import Testing
@testable import Stages

struct LessonReferencesTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func course() throws -> LessonCatalogue {
        try LessonCatalogue.load(root: packageRoot, registry: Course.stages)
    }

    @Test("the real course loads with no errors and no catalogue warnings, lessons numbered 1…N")
    func courseLoads() throws {
        let course = try Self.course()
        #expect(course.lessons.count >= 11)
        #expect(course.lessons.map(\.number) == Array(1...course.lessons.count))
        #expect(course.warnings(registry: Course.stages).isEmpty)
    }

    @Test("every lesson has a summary, shows code from an include, and runs steps")
    func lessonsAreComplete() throws {
        for lesson in try Self.course().lessons {
            #expect(lesson.summary?.isEmpty == false, "\(lesson.file): front matter lacks summary")
            let includes = lesson.blocks.filter { if case .code(_, _, let source?) = $0 { !source.isEmpty } else { false } }
            #expect(!includes.isEmpty, "\(lesson.file) shows no code")
            #expect(!lesson.steps.isEmpty, "\(lesson.file) runs no step")
        }
    }

    @Test("every step of a lesson's stage is run somewhere in the lesson")
    func everyStageStepIsRun() throws {
        for lesson in try Self.course().lessons {
            let stage = try #require(Course.stages.makeStage(id: lesson.stage), "\(lesson.file): stage \(lesson.stage) is not registered")
            for step in stage.steps {
                #expect(lesson.steps.contains(step), "\(lesson.file): stage step \(step) is never run")
            }
        }
    }
}
