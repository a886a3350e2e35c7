// Usage errors a learner makes by typing: did-you-mean hints and plural agreement. (Wrapping
// of messages on a terminal is tested in LessonEngineTests/MessageWrapTests.)
import Foundation
import Testing

@Suite("CLI usage hints")
struct UsageHintsCLITests {
    @Test("a misspelt command or option gets a did-you-mean; a wild one does not")
    func didYouMean() throws {
        let command = try backprop(["lisst"])
        #expect(command.status == 2 && command.stderr.contains("did you mean `backprop list`?"))
        let option = try backprop(["run", "--mnie"])
        #expect(option.status == 2 && option.stderr.contains("did you mean --mine?"))
        let wild = try backprop(["frobnicate"])
        #expect(wild.status == 2 && !wild.stderr.contains("did you mean"))
    }

    @Test("argument counts agree in number")
    func plurals() throws {
        let output = try backprop(["show"])
        #expect(output.status == 2 && output.stderr.hasPrefix("error: `backprop show` takes 1 argument, got 0"))
        #expect(!output.stderr.contains("(s)"))
    }
}
