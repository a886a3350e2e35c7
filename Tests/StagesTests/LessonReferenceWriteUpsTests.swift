// Lesson 10's prose names the public write-ups it compares with; the figures it quotes for
// them are the ones the `references` step prints (ReferenceArchitecture.all), on the dataset
// the step says, so prose and table cannot drift apart.
import Foundation
import LessonEngine
import Testing
@testable import Stages

struct LessonReferenceWriteUpsTests {
    @Test("lesson 10 names every reference write-up with its architecture, figure and dataset, as the run's table does")
    func writeUpsNamed() throws {
        let lesson = try #require(try LessonReferencesTests.course().lessons.first { $0.stage == "fullTraining" })
        let items = lesson.blocks.flatMap { block -> [String] in
            if case .list(let items, false) = block { return items }
            return []
        }
        #expect(ReferenceArchitecture.all.count == 4)
        for reference in ReferenceArchitecture.all {
            let item = try #require(items.first { $0.contains("`\(reference.writeUp)`") }, "lesson 10 does not name \(reference.writeUp)")
            #expect(item.contains(reference.layers), "\(reference.writeUp): \(item)")
            #expect(item.contains(reference.reported), "\(reference.writeUp): \(item)")
            #expect(item.contains(reference.data == "digits" ? "*digit* MNIST" : "Fashion-MNIST"), "\(reference.writeUp): \(item)")
            #expect(reference.reported.contains("%"), "\(reference.writeUp) reports \(reference.reported)")
        }
        // No note to ourselves in the learner's text.
        let prose = lesson.blocks.compactMap { if case .paragraph(let text) = $0 { text } else { nil } }.joined(separator: " ")
        #expect(!prose.contains("set out to beat"))
    }
}
