import Foundation
import Testing
@testable import LessonEngine

@Suite("HTML export: output recordings")
struct HTMLExportRecordingTests {
    @Test("every kind of output survives a save and load unchanged (NaN and ∞ included)")
    func roundTrip() throws {
        let blocks: [OutputBlock] = [
            .text("words & <tags>"),
            .table(Table(title: nil, headers: ["a"], rows: [["1"]], rightAligned: [true])),
            .chart(Chart(title: "c", xLabel: "x", yLabel: "y", xScale: .log, series: [
                Chart.Series(name: "s", x: [1, 10, 100], y: [3, .infinity, -2.5]),
            ])),
            .images(ImageGrid(title: "g", width: 2, height: 1, pixels: [[0, 255], [7, 200]], captions: ["p", "q"])),
            .heatmap(Heatmap(title: "h", rowLabels: ["r"], columnLabels: ["c1", "c2"], values: [[1, 2]],
                             valueFormat: .percent(places: 1), rowTitle: "true", columnTitle: "predicted")),
            .check(Check(name: "ok", value: 1e-9, threshold: 1e-7, comparison: .lessOrEqual, detail: "d")),
            .check(Check(name: "no", holds: false)),
        ]
        let lesson = try #require(try LessonCatalogue.load(root: exportCourse(), registry: exportRegistry).lesson(named: "3"))
        let placed = blocks.enumerated().map { OutputRecording.Placed(anchor: $0.offset - 1, block: RecordedOutput($0.element)) }
        let recording = OutputRecording(lesson: lesson, options: RunOptions(quick: true, seed: 7),
                                        recorded: Date(timeIntervalSince1970: 1_700_000_000), outputs: placed)
        let store = OutputRecordingStore(directory: temporaryDirectory().appendingPathComponent("deep/outputs"))
        try store.save(recording)
        let loaded = try #require(store.load(lessonID: lesson.id))
        #expect(loaded == recording)
        #expect(loaded.blocks == blocks)
        #expect(loaded.quick && loaded.seed == 7 && !loaded.passed)
        #expect(loaded.fits(lesson))

        let withNaN = OutputRecording(lesson: lesson, options: RunOptions(), outputs: [
            .init(anchor: 0, block: RecordedOutput(.chart(Chart(title: "n", xLabel: "x", yLabel: "y",
                                                                  series: [Chart.Series(name: "s", x: [1], y: [.nan])])))),
        ])
        try store.save(withNaN)
        guard case .chart(let chart) = try #require(store.load(lessonID: lesson.id)).blocks.first else {
            Issue.record("not a chart")
            return
        }
        #expect(chart.series[0].points[0].y.isNaN)
    }

    @Test("a missing or corrupt recording reads as none")
    func corrupt() throws {
        let store = OutputRecordingStore(directory: temporaryDirectory())
        #expect(store.load(lessonID: "nothing") == nil)
        write("{ not json", to: store.url(for: "bad"))
        #expect(store.load(lessonID: "bad") == nil)
    }

    @Test("replay puts each output after the lesson block it followed, for consecutive runs too")
    func replayPlacement() throws {
        let catalogue = try LessonCatalogue.load(root: exportCourse(), registry: exportRegistry)
        let lesson = try #require(catalogue.lesson(named: "2"))
        // Record a real run, then replay it into a presenter that logs the order of events.
        final class Log: LessonPresenter {
            var events: [String] = []
            func present(_ block: LessonBlock, of lesson: Lesson) {
                if case .paragraph(let text) = block { events.append("p:" + text) }
            }
            func present(_ output: OutputBlock) {
                if case .check(let check) = output { events.append("check:" + check.name) }
            }
            func progress(label: String, total: Int) -> any ProgressReporter { SilentProgress() }
        }
        let live = Log()
        let recorder = RecordingPresenter(wrapping: live, lesson: lesson)
        _ = LessonRunner(registry: exportRegistry).run(lesson, options: RunOptions(), presenter: recorder)
        let replayed = Log()
        recorder.recording(options: RunOptions()).replay(lesson, into: replayed)
        #expect(live.events == ["p:Text before.", "check:accuracy <high>", "check:step throws ran", "p:Text after."])
        #expect(replayed.events == live.events)
    }
}
