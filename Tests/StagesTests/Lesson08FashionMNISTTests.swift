// Lesson 8's stage on the real Fashion-MNIST files (when installed), and its error when they
// are missing. The truths checked are the data set's published facts, not the stage's output.
import Foundation
import LessonEngine
import Testing
@testable import Stages

enum RealData {
    static let directory = "/usr/share/datasets/fashion-mnist"
    static var isInstalled: Bool {
        FileManager.default.fileExists(atPath: directory + "/train-images-idx3-ubyte.gz")
            && FileManager.default.fileExists(atPath: directory + "/t10k-labels-idx1-ubyte.gz")
    }
    static let missingDirectory = "/nonexistent/backprop-tests/fashion-mnist"

    /// Runs every step of `stageID` in order; returns what they emitted.
    static func runAllSteps(_ stageID: String, options: RunOptions) throws -> CollectingSink {
        let sink = CollectingSink()
        let stage = try #require(Course.stages.makeStage(id: stageID))
        let context = StageContext(lessonID: stageID, options: options, sink: sink)
        for step in stage.steps { try stage.run(step: step, context: context) }
        return sink
    }
}

@Suite("Lesson 8: Fashion-MNIST")
struct Lesson08FashionMNISTTests {
    @Test(.enabled(if: RealData.isInstalled, "needs /usr/share/datasets/fashion-mnist"))
    func everyCheckPassesOnTheRealData() throws {
        let sink = try RealData.runAllSteps("fashionMNIST", options: RunOptions(dataDirectory: RealData.directory))
        #expect(sink.checks.count >= 10)
        for check in sink.checks { #expect(check.passed, "\(check.name): \(check.value) \(check.detail)") }
        // The header as published: 00 00 08 03, then 60000 = 0x0000ea60, 28 = 0x1c twice.
        let header = try #require(sink.tables.first)
        #expect(header.rows.map { $0[1] }.prefix(6) == ["00 00", "08", "03", "00 00 ea 60", "00 00 00 1c", "00 00 00 1c"])
        // Two images of each of the 10 classes, 28×28.
        let grid = try #require(sink.grids.first)
        #expect(grid.pixels.count == 20 && grid.width == 28 && grid.height == 28)
        #expect(grid.captions.first?.hasPrefix("T-shirt/top") == true)
        // Class counts: 6,000 and 1,000 per class, 60,000 and 10,000 in total.
        let counts = try #require(sink.tables.first { $0.title == "Images per class" })
        #expect(counts.rows.count == 11)
        #expect(counts.rows.prefix(10).allSatisfy { $0[2] == "6,000" && $0[3] == "1,000" })
        #expect(counts.rows.last?[2] == "60,000" && counts.rows.last?[3] == "10,000")
    }

    @Test func missingDataNamesBothRemedies() throws {
        let stage = try #require(Course.stages.makeStage(id: "fashionMNIST"))
        let context = StageContext(lessonID: "fashion-mnist", options: RunOptions(dataDirectory: RealData.missingDirectory),
                                   sink: CollectingSink())
        for step in stage.steps {
            let error = #expect(throws: (any Error).self) { try stage.run(step: step, context: context) }
            let text = error.map { String(describing: $0) } ?? ""
            #expect(text.contains(RealData.missingDirectory), "\(step): \(text)")
            #expect(text.contains("--data"), "\(step): \(text)")
            #expect(text.contains("dataset-fashion-mnist"), "\(step): \(text)")
        }
    }

    @Test func thousandsSeparatorGroupsDigits() {
        #expect(thousandsSeparated(0) == "0")
        #expect(thousandsSeparated(999) == "999")
        #expect(thousandsSeparated(1_000) == "1,000")
        #expect(thousandsSeparated(47_040_016) == "47,040,016")
        #expect(thousandsSeparated(-60_000) == "-60,000")
    }
}
