import Foundation
import Testing
@testable import backprop

/// StaleBuild judges "is this binary older than the learner's code?" by what the build did,
/// not only by dates: a file saved without a change is recompiled to the same object code and
/// SwiftPM does not relink, so the binary stays older than the file yet holds it exactly.
@Suite("stale-build detection")
struct StaleBuildTests {
    /// A course with one exercise file and a build folder laid out as SwiftPM's, dated by the
    /// offsets given (seconds after a fixed start).
    struct Layout {
        let course = temporaryDirectory()
        var exercise: URL { course.appendingPathComponent("Sources/Exercises/ReLUKinksExercise.swift") }
        var build: URL { course.appendingPathComponent(".build/release") }
        var module: URL { build.appendingPathComponent("Exercises.build") }
        let start = Date(timeIntervalSince1970: 1_800_000_000)

        init() throws {
            try FileManager.default.createDirectory(at: exercise.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.createDirectory(at: module, withIntermediateDirectories: true)
        }

        func write(_ url: URL, _ text: String = "", at offset: Double) throws {
            try Data(text.utf8).write(to: url)
            try FileManager.default.setAttributes([.modificationDate: start.addingTimeInterval(offset)], ofItemAtPath: url.path)
        }

        func stale(binaryAt offset: Double) -> [String] {
            StaleBuild.staleFiles(exercises: exercise.deletingLastPathComponent(), executableDate: start.addingTimeInterval(offset),
                                  buildDirectory: build)
        }
    }

    @Test("a file saved after the build is stale when no build has seen it since")
    func newerFileIsStale() throws {
        let layout = try Layout()
        try layout.write(layout.module.appendingPathComponent("ReLUKinksExercise.swift.o"), at: 0)
        try layout.write(layout.module.appendingPathComponent("Exercises.d"), "x.o : \(layout.exercise.path)", at: 5)
        try layout.write(layout.exercise, at: 20)
        #expect(layout.stale(binaryAt: 10) == ["Sources/Exercises/ReLUKinksExercise.swift"])
    }

    @Test("recompiled after the save with no newer object (nothing to relink): not stale, in release and debug layouts",
          arguments: ["Exercises.d", "ReLUKinksExercise.d"])
    func recompiledUnchanged(dependencyFile: String) throws {
        let layout = try Layout()
        try layout.write(layout.module.appendingPathComponent("ReLUKinksExercise.swift.o"), at: 0)
        try layout.write(layout.exercise, at: 20)
        try layout.write(layout.module.appendingPathComponent(dependencyFile), "x.o : \(layout.exercise.path)", at: 25)
        #expect(layout.stale(binaryAt: 10).isEmpty)
    }

    @Test("recompiled but an object is newer than the binary (the link did not happen): stale")
    func objectNewerThanBinary() throws {
        let layout = try Layout()
        try layout.write(layout.exercise, at: 20)
        try layout.write(layout.module.appendingPathComponent("Exercises.d"), "x.o : \(layout.exercise.path)", at: 25)
        try layout.write(layout.module.appendingPathComponent("ReLUKinksExercise.swift.o"), at: 25)
        #expect(!layout.stale(binaryAt: 10).isEmpty)
    }

    @Test("a failed compile (no object files left) or a dependency file naming other sources: stale")
    func failedOrForeignBuild() throws {
        let layout = try Layout()
        try layout.write(layout.exercise, at: 20)
        try layout.write(layout.module.appendingPathComponent("Exercises.d"), "x.o : \(layout.exercise.path)", at: 25)
        #expect(!layout.stale(binaryAt: 10).isEmpty, "no .o: the compile failed")
        try layout.write(layout.module.appendingPathComponent("ReLUKinksExercise.swift.o"), at: 0)
        try layout.write(layout.module.appendingPathComponent("Exercises.d"), "x.o : /elsewhere/Sources/Exercises/ReLUKinksExercise.swift", at: 25)
        #expect(!layout.stale(binaryAt: 10).isEmpty, "the build compiled another checkout's file")
    }
}
