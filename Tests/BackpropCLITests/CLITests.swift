import Foundation
import Testing

@Suite("backprop command line", .serialized)
struct CLITests {
    static let commands = ["next", "tour", "list", "run", "show", "check", "hint", "watch", "reset", "help", "export", "train", "evaluate", "predict", "gradients", "solution", "bench"]

    @Test("--help on every command prints OVERVIEW, USAGE and OPTIONS and exits 0", arguments: commands)
    func help(command: String) throws {
        for flag in ["--help", "-h"] {
            let output = try backprop([command, flag])
            #expect(output.status == 0)
            #expect(output.stdout.contains("OVERVIEW:") && output.stdout.contains("USAGE: backprop \(command)"))
            #expect(output.stdout.contains("OPTIONS:"))
        }
    }

    @Test("top-level help lists the commands; help lessons prints the format")
    func topHelp() throws {
        let output = try backprop(["--help"])
        #expect(output.status == 0)
        for command in Self.commands { #expect(output.stdout.contains("  \(command) ")) }
        let format = try backprop(["help", "lessons"])
        #expect(format.status == 0 && format.stdout.contains("::: run STEP"))
        #expect(format.stdout.contains("reference=\"Sources/Stages/Y.swift#name\""))
        let swift = try backprop(["help", "swift"])
        #expect(swift.status == 0)
        for topic in ["Double.exp", "0..<n", ".map {", "multiplied(by: b, layout: .transposeA)", "inout", "READING A COMPILER ERROR"] {
            #expect(swift.stdout.contains(topic), "help swift lacks \(topic)")
        }
    }

    @Test("unknown option and unknown command exit 2 with error and hint on stderr")
    func usageErrors() throws {
        let option = try backprop(["run", "1", "--frobnicate"])
        #expect(option.status == 2)
        #expect(option.stderr.hasPrefix("error: unknown option '--frobnicate'"))
        #expect(option.stderr.contains("\nhint: "))
        #expect(option.stdout.isEmpty)
        let command = try backprop(["frobnicate"])
        #expect(command.status == 2 && command.stderr.hasPrefix("error: unknown command 'frobnicate'"))
        let missingValue = try backprop(["run", "1", "--seed"])
        #expect(missingValue.status == 2)
        let badSeed = try backprop(["run", "1", "--seed=minus"])
        #expect(badSeed.status == 2 && badSeed.stderr.contains("--seed"))
        let noLesson = try backprop(["run", "99"])
        #expect(noLesson.status == 2 && noLesson.stderr.contains("no lesson '99'"))
    }

    @Test("list, the reading tour's run 1 (kept apart from the learner's progress), next, check, reset")
    func courseFlow() throws {
        let state = temporaryDirectory()
        let before = try backprop(["list"], state: state)
        #expect(before.status == 0)
        #expect(before.stdout.contains("Neurons and the forward pass") && before.stdout.contains("not run"))
        #expect(before.stdout.contains("your code") && before.stdout.contains("to write"))
        let run = try backprop(["run", "1", "--reference"], state: state)
        #expect(run.status == 0)
        #expect(run.stdout.contains("Lesson 1 passed"))
        #expect(run.stdout.contains("PASS a² equals (1/2, 1/(1+e⁻²))"))
        #expect(run.stdout.contains("Reading tour") && run.stdout.contains("not yours"))
        #expect(run.stdout.contains("ForwardPass.swift#layer-reference"))
        // The learner's own progress is untouched by the tour; the tour's list shows the pass.
        let after = try backprop(["list"], state: state)
        #expect(!after.stdout.contains("just now") && after.stdout.contains("to write"))
        let tourList = try backprop(["list", "--reference"], state: state)
        #expect(tourList.stdout.contains("passed") && tourList.stdout.contains("just now"))
        let tourNext = try backprop(["tour", "--results"], state: state)
        #expect(tourNext.stdout.contains("Lesson 2 · The chain rule") && tourNext.stdout.contains("reading tour"))
        let check = try backprop(["check", "--quick"], state: state)
        #expect(check.status == 0 && check.stdout.contains("2/2"))
        // Catalogue hygiene: every registered stage is used, no stray files in lessons/.
        #expect(!check.stdout.contains("warning:"))
        let reset = try backprop(["reset"], state: state)
        #expect(reset.status == 0 && reset.stdout.contains("Removed the progress file"))
        let again = try backprop(["reset"], state: state)
        #expect(again.stdout.contains("Nothing to forget"))
        // `backprop` alone runs lesson 1 on the learner's code: whatever its state, it says
        // which file is theirs and, on failure, the exact command that re-runs it.
        let next = try backprop([], state: state)
        #expect(next.stdout.contains("Lesson 1 · Neurons and the forward pass"))
        #expect(next.stdout.contains("This lesson runs your code: Sources/Exercises/ForwardPassExercise.swift"))
        let footer = next.stdout.replacingOccurrences(of: "\n  ", with: " ")   // the footer wraps at 80 columns
        #expect(next.status == 0 || (next.status == 1 && footer.contains("re-run it: `swift run backprop run 1`")))
        #expect(!next.stdout.contains("`swift run\n") && !next.stdout.contains("`swift\n"))   // a command is never split
        #expect(!next.stdout.contains("Hint 1/"))   // hints only on request
    }

    @Test("plain output (NO_COLOR, a pipe) has no escape bytes")
    func plainOutput() throws {
        let output = try backprop(["run", "1", "--reference"], environment: ["NO_COLOR": "1"])
        #expect(output.status == 0)
        #expect(!output.stdout.contains("\u{1B}"))
        #expect(!output.stdout.contains("⠀") && !output.stdout.contains("│"))   // no braille or box drawing
        let forced = try backprop(["run", "1", "--reference", "--color", "always"])
        #expect(forced.stdout.contains("\u{1B}["))
    }

    @Test("show renders without running: placeholders, no verdict")
    func show() throws {
        let output = try backprop(["show", "forward-pass"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("> run forward-by-hand"))
        #expect(!output.stdout.contains("Lesson 1 passed"))
        #expect(output.stdout.contains("func forwardByLoops"))   // included source region
        // The exercise block shows the learner's file, never the reference region.
        #expect(output.stdout.contains("Sources/Exercises/ForwardPassExercise.swift#layer"))
        #expect(!output.stdout.contains("layer-reference"))
        let tour = try backprop(["show", "1", "--reference"])
        #expect(tour.stdout.contains("Sources/Stages/ForwardPass.swift#layer-reference"))
    }

    @Test("a broken lesson gives file:line:col: error and exit 3")
    func brokenLesson() throws {
        let course = temporaryCourse(["01-broken.md": "---\nid: broken\ntitle: Broken\nstage: noSuchStage\n---\nText.\n"])
        for command in [["list"], ["run", "1"], ["check"], ["show", "1"]] {
            let output = try backprop(command + ["--course", course.path])
            #expect(output.status == 3)
            #expect(output.stderr.hasPrefix("lessons/01-broken.md:4:8: error: expected a stage id"))
            #expect(output.stderr.contains("hint:"))
        }
        let fence = temporaryCourse(["01-fence.md": "---\nid: f\ntitle: F\nstage: forwardPass\n---\n\n```swift\nlet x = 1\n"])
        let output = try backprop(["list", "--course", fence.path])
        #expect(output.status == 3 && output.stderr.hasPrefix("lessons/01-fence.md:7:1: error: expected a closing ``` line"))
    }

    static let twoLessons = [
        "01-a.md": "---\nid: a\ntitle: First\nstage: forwardPass\n---\nOne.\n\n::: run activations\n",
        "02-b.md": "---\nid: b\ntitle: Second\nstage: forwardPass\nhints: [Look at the bias., Then the weights.]\n---\nTwo.\n\n::: run activations\n",
    ]

    @Test("check warns about stray files in lessons/")
    func strayFiles() throws {
        var lessons = Self.twoLessons
        lessons["notes.txt"] = "scratch"
        let course = temporaryCourse(lessons)
        let output = try backprop(["check", "--course", course.path])
        #expect(output.stdout.contains("warning: lessons/notes.txt is not a lesson file"))
    }

    @Test("a lesson is locked until its predecessor passes; --force runs it and says so")
    func gating() throws {
        let course = temporaryCourse(Self.twoLessons)
        let state = temporaryDirectory()
        let locked = try backprop(["run", "2", "--course", course.path], state: state)
        #expect(locked.status == 2)
        #expect(locked.stderr.contains("locked") && locked.stderr.contains("--force"))
        let listed = try backprop(["list", "--course", course.path], state: state)
        #expect(listed.stdout.contains("locked"))
        let forced = try backprop(["run", "2", "--force", "--course", course.path], state: state)
        #expect(forced.status == 0 && forced.stdout.contains("--force"))
        #expect(forced.stdout.contains("passed (it has no checks; its steps ran)"))
        let first = try backprop(["next", "--course", course.path], state: state)
        #expect(first.status == 0 && first.stdout.contains("Lesson 1 · First"))
        let done = try backprop(["next", "--course", course.path], state: state)
        #expect(done.stdout.contains("Every lesson has passed"))
    }

    @Test("hint shows one more hint each time")
    func hints() throws {
        let course = temporaryCourse(Self.twoLessons)
        let state = temporaryDirectory()
        let first = try backprop(["hint", "2", "--course", course.path], state: state)
        #expect(first.status == 0 && first.stdout.contains("Hint 1/2: Look at the bias.") && !first.stdout.contains("Hint 2/2"))
        let second = try backprop(["hint", "b", "--course", course.path], state: state)
        #expect(second.stdout.contains("Hint 2/2: Then the weights."))
    }

    @Test("a corrupt progress file is moved aside with a message, not a crash")
    func corruptState() throws {
        let course = temporaryCourse(Self.twoLessons)
        let state = temporaryDirectory()
        // Find where this course's progress lives by letting backprop write it once.
        _ = try backprop(["hint", "2", "--course", course.path], state: state)
        let enumerator = FileManager.default.enumerator(atPath: state.path)
        let relative = try #require((enumerator?.allObjects as? [String])?.first { $0.hasSuffix("progress.json") })
        let file = state.appendingPathComponent(relative)
        try "garbage{".write(to: file, atomically: true, encoding: .utf8)
        let output = try backprop(["list", "--course", course.path], state: state)
        #expect(output.status == 0)
        #expect(output.stderr.contains("moved it aside") && output.stderr.contains("backprop reset"))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: file.deletingLastPathComponent().path)
        #expect(siblings.contains { $0.hasPrefix("progress.json.corrupt-") })
    }
}
