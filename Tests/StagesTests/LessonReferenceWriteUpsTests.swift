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

struct LessonTenNumbersTests {
    /// Percentages lesson 10's prose may state that are not ours to measure: chance (10%),
    /// convolutional networks on Fashion-MNIST (92%) and an MLP on digits (98%).
    static let literatureFigures: Set<String> = ["10%", "92%", "98%"]

    @Test("every percentage in lesson 10's prose is a gate the stage uses, a write-up's reported figure or a stated literature figure — never a result of ours pasted in")
    func percentagesComeFromTheStage() throws {
        let lesson = try #require(try LessonReferencesTests.course().lessons.first { $0.stage == "fullTraining" })
        var texts: [String] = lesson.hints
        for block in lesson.blocks {
            switch block {
            case .paragraph(let text): texts.append(text)
            case .list(let items, _): texts += items
            default: break
            }
        }
        let stage = FullTrainingStage()
        var allowed = Self.literatureFigures
        allowed.insert(String(format: "%g%%", 100 * FullTrainingStage.fullAccuracyGate))
        allowed.insert(String(format: "%g%%", 100 * FullTrainingStage.quickAccuracyGate))
        for reference in ReferenceArchitecture.all { allowed.insert(reference.reported.replacingOccurrences(of: ">", with: "")) }
        let regex = try NSRegularExpression(pattern: #"\d+(?:\.\d+)?%"#)
        var found = 0
        for text in texts {
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                let figure = String(text[Range(match.range, in: text)!])
                found += 1
                #expect(allowed.contains(figure), "lesson 10 quotes \(figure), which the stage does not produce: \(text.prefix(80))…")
            }
        }
        #expect(found >= 6)
        // The quick run's size, as the prose describes it.
        let prose = texts.joined(separator: " ")
        #expect(prose.contains("first \(stage.quickTrainingCount.formatted()) images for \(stage.quickEpochs) epochs"))
    }
}
