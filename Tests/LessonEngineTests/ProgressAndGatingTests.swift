import Foundation
import Testing
@testable import LessonEngine

@Suite("Progress store and gating")
struct ProgressAndGatingTests {
    @Test("save then load round-trips, and leaves no temp file behind")
    func roundTrip() throws {
        let directory = temporaryDirectory()
        let store = ProgressStore(url: directory.appendingPathComponent("state/progress.json"))
        let when = Date(timeIntervalSince1970: 1_700_000_000)
        let state = ProgressState(records: ["a": LessonRecord(status: .passed, lastRun: when, hintsShown: 2)])
        try store.save(state)
        #expect(try store.load().state == state)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.appendingPathComponent("state").path) == ["progress.json"])
        #expect(try store.reset() == store.url.path)
        #expect(try store.reset() == nil)
        #expect(try store.load().state == ProgressState())
    }

    @Test("a corrupt file is moved aside with a notice, never lost")
    func corrupt() throws {
        let directory = temporaryDirectory()
        let url = directory.appendingPathComponent("progress.json")
        write("{ this is not json", to: url)
        let (state, notice) = try ProgressStore(url: url).load(now: Date(timeIntervalSince1970: 0))
        #expect(state == ProgressState())
        #expect(notice?.contains("backprop reset") == true)
        let aside = directory.appendingPathComponent("progress.json.corrupt-1970-01-01T00-00-00Z")
        #expect(try String(contentsOf: aside, encoding: .utf8) == "{ this is not json")
        #expect(!FileManager.default.fileExists(atPath: url.path))
    }

    @Test("state location: XDG_STATE_HOME when set, else .backprop in the course")
    func location() {
        let course = URL(fileURLWithPath: "/tmp/course")
        #expect(ProgressStore(course: course, environment: [:]).url.path == "/tmp/course/.backprop/progress.json")
        let xdg = ProgressStore(course: course, environment: ["XDG_STATE_HOME": "/tmp/xdg"]).url.path
        #expect(xdg.hasPrefix("/tmp/xdg/backprop/") && xdg.hasSuffix("/progress.json"))
        #expect(ProgressStore.fnv1a("a") == 0xaf63dc4c8601ec8c)   // published FNV-1a 64 test vector
    }

    func catalogue() -> LessonCatalogue {
        func lesson(_ number: Int, _ id: String, requires: [String] = []) -> Lesson {
            Lesson(number: number, id: id, title: id, stage: "fake", requires: requires, summary: nil, hints: [], blocks: [],
                   file: "f", idLocation: SourceLocation(file: "f", line: 1), requiresLocation: nil)
        }
        return LessonCatalogue(root: URL(fileURLWithPath: "/"), lessons: [lesson(1, "a"), lesson(2, "b"), lesson(3, "c", requires: ["b"])])
    }

    @Test("a lesson is locked until its predecessors pass")
    func gating() {
        let course = catalogue()
        var progress = ProgressState()
        #expect(course.lessons.map { Gating.status(of: $0, in: course, progress: progress) } == [.notRun, .locked, .locked])
        progress.records["a"] = LessonRecord(status: .failed, lastRun: Date())
        #expect(course.lessons.map { Gating.status(of: $0, in: course, progress: progress) } == [.failed, .locked, .locked])
        progress.records["a"] = LessonRecord(status: .passed, lastRun: Date())
        #expect(course.lessons.map { Gating.status(of: $0, in: course, progress: progress) } == [.passed, .notRun, .locked])
        #expect(Gating.blockers(of: course.lessons[2], in: course, progress: progress).map(\.id) == ["b"])
        #expect(Gating.next(in: course, progress: progress)?.id == "b")
        progress.records["b"] = LessonRecord(status: .passed, lastRun: Date())
        progress.records["c"] = LessonRecord(status: .passed, lastRun: Date())
        #expect(Gating.next(in: course, progress: progress) == nil)
    }
}

@Suite("Running lessons")
struct RunnerTests {
    func lesson(steps: [String]) -> Lesson {
        Lesson(number: 1, id: "one", title: "One", stage: "fake", requires: [], summary: nil, hints: [],
               blocks: [.paragraph("hello")] + steps.map { .run(step: $0, location: SourceLocation(file: "f", line: 1)) },
               file: "f", idLocation: SourceLocation(file: "f", line: 1), requiresLocation: nil)
    }

    func run(_ steps: [String]) -> LessonResult {
        LessonRunner(registry: fakeRegistry).run(lesson(steps: steps), options: RunOptions(), presenter: SilentPresenter())
    }

    @Test("the verdict is the conjunction of the checks")
    func conjunction() {
        #expect(run(["good"]).passed)
        #expect(!run(["good", "bad"]).passed)
        #expect(run(["good", "bad"]).checks.map(\.passed) == [true, false])
    }

    @Test("a step that throws is a failed check showing the error, and later steps still run")
    func throwing() {
        let result = run(["boom", "good"])
        #expect(!result.passed)
        #expect(result.checks.count == 2)
        #expect(result.checks[0].name == "step boom ran" && !result.checks[0].passed)
        #expect(result.checks[0].detail.contains("the fake stage exploded"))
        #expect(result.checks[1].passed)
    }

    @Test("a lesson with no checks passes when its steps run")
    func noChecks() {
        let result = run(["quiet"])
        #expect(result.checks.isEmpty && result.passed)
        #expect(result.outputs == [.text("just words")])
    }

    @Test("the terminal presenter renders in order and plain output has no escapes")
    func presenterOrder() {
        var output = ""
        let presenter = TerminalPresenter(style: plain, interactive: false) { output += $0 }
        let result = LessonRunner(registry: fakeRegistry).run(lesson(steps: ["quiet", "good"]), options: RunOptions(), presenter: presenter)
        presenter.say(presenter.verdict(result, lesson: lesson(steps: [])))
        #expect(output.range(of: "hello")!.lowerBound < output.range(of: "just words")!.lowerBound)
        #expect(output.contains("PASS good"))
        #expect(output.contains("Lesson 1 passed."))
        #expect(!output.contains("\u{1B}"))
    }
}
