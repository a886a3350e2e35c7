// Adversarial cases from issue 15, run against the built binary in temporary directories:
// each asserts the exit status, the message, and that nothing outside the temp dir changed.
import Foundation
import NeuralNet
import Testing

/// A lesson with a real stage (`forwardPass`) and no `::: run`: running it passes at once.
func plainLesson(id: String, title: String = "T", hints: Int = 0, body: String = "Body.\n") -> String {
    let hintList = hints == 0 ? "" : "hints: [" + (1...hints).map { "h\($0)" }.joined(separator: ", ") + "]\n"
    return "---\nid: \(id)\ntitle: \(title)\nstage: forwardPass\n\(hintList)---\n\n\(body)"
}

/// The single progress.json under an XDG_STATE_HOME, decoded loosely.
func progressRecords(in state: URL) throws -> [String: [String: Any]] {
    let base = state.appendingPathComponent("backprop")
    let hash = try #require(try FileManager.default.contentsOfDirectory(atPath: base.path).first)
    let data = try Data(contentsOf: base.appendingPathComponent(hash).appendingPathComponent("progress.json"))
    let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return try #require(json["records"] as? [String: [String: Any]])
}

@Suite(.serialized) struct AdversarialCLITests {
    @Test("a lesson id of ../../victim is refused before run can write outside the course")
    func pathLikeID() throws {
        let outside = temporaryDirectory()
        let course = temporaryCourse(["01-a.md": plainLesson(id: "../../../../\(outside.path.dropFirst())/victim")])
        let state = temporaryDirectory()
        for command in [["run", "1"], ["check"]] {
            let result = try backprop(command + ["--course", course.path], state: state)
            #expect(result.status == 3)
            #expect(result.stderr.contains("expected a lesson id made of a-z, 0-9 and -"))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: outside.path).isEmpty)
    }

    @Test("ESC sequences in a lesson never reach stdout raw, with NO_COLOR or piped")
    func noRawEscapes() throws {
        let course = temporaryCourse(["01-a.md": plainLesson(id: "a", title: "T\u{1B}]0;pwned\u{07}", body: "Body \u{1B}[2J\u{1B}[5mblink\n")])
        for environment in [["NO_COLOR": "1"], [:]] {
            let result = try backprop(["show", "1", "--course", course.path], environment: environment)
            #expect(result.status == 0)
            #expect(!result.stdout.contains("\u{1B}"))
            #expect(result.stdout.contains("^[[2J"))
        }
    }

    @Test("a lesson file that is a FIFO and an include that is a FIFO fail fast with 'not a regular file'")
    func fifos() throws {
        let course = temporaryCourse([:])
        try FileManager.default.createDirectory(at: course.appendingPathComponent("lessons"), withIntermediateDirectories: true)
        #expect(mkfifo(course.appendingPathComponent("lessons/01-a.md").path, 0o600) == 0)
        let lesson = try backprop(["show", "1", "--course", course.path])
        #expect(lesson.status == 3)
        #expect(lesson.stderr.contains("not a regular file"))
        let other = temporaryCourse(["01-a.md": plainLesson(id: "a", body: "```swift include=\"pipe.swift\"\n```\n")])
        #expect(mkfifo(other.appendingPathComponent("pipe.swift").path, 0o600) == 0)
        let include = try backprop(["show", "1", "--course", other.path])
        #expect(include.status == 3)
        #expect(include.stderr.contains("not a regular file"))
    }

    @Test("an include of /etc/passwd through ../ or a symlink prints nothing of it")
    func includeEscapes() throws {
        let secret = temporaryDirectory().appendingPathComponent("secret.txt")
        try "TOP SECRET\n".write(to: secret, atomically: true, encoding: .utf8)
        let course = temporaryCourse(["01-a.md": plainLesson(id: "a", body: "```swift include=\"link.swift\"\n```\n")])
        try FileManager.default.createSymbolicLink(atPath: course.appendingPathComponent("link.swift").path, withDestinationPath: secret.path)
        for command in [["show", "1"], ["run", "1"]] {
            let result = try backprop(command + ["--course", course.path])
            #expect(result.status == 3)
            #expect(!(result.stdout + result.stderr).contains("TOP SECRET"))
            #expect(result.stderr.contains("resolves outside it"))
        }
        let site = temporaryDirectory().appendingPathComponent("site")
        let export = try backprop(["export", "--html", site.path, "--course", course.path])
        #expect(export.status == 3)
    }

    @Test("100 concurrent pairs of processes lose no record and no hint count")
    func concurrentProgress() throws {
        let course = temporaryCourse(["01-a.md": plainLesson(id: "a", hints: 150), "02-b.md": plainLesson(id: "b", hints: 150)])
        let state = temporaryDirectory()
        let pairs = 100
        for wave in stride(from: 0, to: pairs, by: 10) {
            var processes: [Process] = []
            for _ in wave..<min(wave + 10, pairs) {
                processes.append(try startBackprop(["hint", "1", "--course", course.path], state: state))
                processes.append(try startBackprop(["hint", "2", "--course", course.path], state: state))
            }
            for process in processes { process.waitUntilExit(); #expect(process.terminationStatus == 0) }
        }
        let records = try progressRecords(in: state)
        #expect(records["a"]?["hintsShown"] as? Int == pairs)
        #expect(records["b"]?["hintsShown"] as? Int == pairs)
        // Different lessons run at once: both records kept (was: last writer wins).
        for _ in 0..<10 {
            let runState = temporaryDirectory()
            let first = try startBackprop(["run", "1", "--course", course.path], state: runState)
            let second = try startBackprop(["run", "2", "--force", "--course", course.path], state: runState)
            first.waitUntilExit()
            second.waitUntilExit()
            #expect(try progressRecords(in: runState).keys.sorted() == ["a", "b"])
        }
    }

    @Test("hintsShown of Int.max, Int.min or -1 is moved aside as corrupt, not a crash", arguments: ["9223372036854775807", "-9223372036854775808", "-1"])
    func corruptHintCount(value: String) throws {
        let course = temporaryCourse(["01-a.md": plainLesson(id: "a", hints: 2)])
        let state = temporaryDirectory()
        #expect(try backprop(["hint", "1", "--course", course.path], state: state).status == 0)
        let base = state.appendingPathComponent("backprop")
        let directory = base.appendingPathComponent(try #require(try FileManager.default.contentsOfDirectory(atPath: base.path).first))
        let file = directory.appendingPathComponent("progress.json")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "\"hintsShown\" : 1", with: "\"hintsShown\" : \(value)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = try backprop(["hint", "1", "--course", course.path], state: state)
        #expect(result.status == 0)
        #expect(result.stderr.contains("moved it aside"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).contains { $0.hasPrefix("progress.json.corrupt-") })
    }

    @Test("reset leaves a directory at the state path, and the user's file in it, alone")
    func resetKeepsUserFiles() throws {
        let course = temporaryCourse(["01-a.md": plainLesson(id: "a")])
        let state = temporaryDirectory()
        #expect(try backprop(["run", "1", "--course", course.path], state: state).status == 0)
        let base = state.appendingPathComponent("backprop")
        let file = base.appendingPathComponent(try #require(try FileManager.default.contentsOfDirectory(atPath: base.path).first))
            .appendingPathComponent("progress.json")
        try FileManager.default.removeItem(at: file)
        try FileManager.default.createDirectory(at: file, withIntermediateDirectories: true)
        try "mine".write(to: file.appendingPathComponent("user.txt"), atomically: true, encoding: .utf8)
        let result = try backprop(["reset", "--course", course.path], state: state)
        #expect(result.status == 3)
        #expect(result.stderr.contains("is a directory, not a regular file; backprop leaves it alone"))
        #expect(try String(contentsOf: file.appendingPathComponent("user.txt"), encoding: .utf8) == "mine")
    }

    @Test("range arguments are bounded", arguments: [
        (["export", "--html", "/nonexistent-site", "--lessons", "1-99999999999"], "--lessons names no lesson 99999999999"),
        (["train", "--arch", "784-99999999999-10"], "at most 65536"),
        (["watch", "1", "--interval", "abc"], "--interval must be a number of seconds from 0.05 to 3600"),
        (["watch", "1", "--interval", "-1"], "--interval must be"),
        (["watch", "1", "--interval", "nan"], "--interval must be"),
        (["watch", "1", "--interval", "1e300"], "--interval must be"),
    ])
    func boundedArguments(arguments: [String], message: String) throws {
        let result = try backprop(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(message))
    }

    /// A tiny valid weights file in a fresh directory.
    func weightsFile(poison: Float? = nil) throws -> URL {
        var generator = Xoshiro256StarStar(seed: 1)
        let network = Network<Float>(architecture: try Architecture(parsing: "784-4-10"), using: &generator)
        if let poison { network.denseLayers[0].weight.elements[7] = poison }
        let url = temporaryDirectory().appendingPathComponent("w.safetensors")
        try network.saveWeights(to: url)
        return url
    }

    @Test("gradients --weights W --save W (or a symlink to W) is refused and W is unchanged")
    func outputEqualsInput() throws {
        let weights = try weightsFile()
        let before = try Data(contentsOf: weights)
        let link = weights.deletingLastPathComponent().appendingPathComponent("link.safetensors")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: weights.path)
        for save in [weights, link] {
            let result = try backprop(["gradients", "--weights", weights.path, "--save", save.path])
            #expect(result.status == 2)
            #expect(result.stderr.contains("is the same file as --weights"))
        }
        #expect(try Data(contentsOf: weights) == before)
    }

    @Test("train --save onto a device, a directory or a missing directory is refused before training")
    func badSaveTargets() throws {
        let directory = temporaryDirectory()
        for (save, message) in [("/dev/null", "it is a device, not a regular file"), (directory.path, "it is a directory"),
                                (directory.appendingPathComponent("missing/m.safetensors").path, "does not exist")] {
            let result = try backprop(["train", "--epochs", "1", "--save", save, "--data", "/nonexistent-data"])
            #expect(result.status == 2)
            #expect(result.stderr.contains(message))
        }
        var info = stat()
        #expect(stat("/dev/null", &info) == 0 && (info.st_mode & S_IFMT) == S_IFCHR)
    }

    @Test("NaN or Inf in loaded weights names the tensor and index, exit 3", arguments: [Float.nan, .infinity])
    func nonFiniteWeights(value: Float) throws {
        let weights = try weightsFile(poison: value)
        let result = try backprop(["evaluate", "--weights", weights.path, "--data", "/nonexistent-data"])
        #expect(result.status == 3)
        #expect(result.stderr.contains("tensor 'layer1.weight' holds \(value) at index 7"))
    }

    @Test("a weights path that is a directory or FIFO says so in plain words")
    func weightsSpecialFiles() throws {
        let directory = temporaryDirectory()
        let fifo = directory.appendingPathComponent("fifo")
        #expect(mkfifo(fifo.path, 0o600) == 0)
        for (path, reason) in [(directory.path, "it is a directory"), (fifo.path, "not a regular file"), ("/dev/zero", "not a regular file")] {
            let result = try backprop(["evaluate", "--weights", path])
            #expect(result.status == 3)
            #expect(result.stderr.contains(reason))
            #expect(!result.stderr.contains("NSCocoaErrorDomain"))
        }
    }
}
