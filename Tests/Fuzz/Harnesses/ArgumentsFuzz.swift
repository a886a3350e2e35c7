// libFuzzer harness: the CLI argument parser (Sources/backprop/Arguments.swift). The input is
// split on NUL bytes into arguments; the options mirror the real commands' kinds (flags,
// valued options, a short alias). Any input must parse or give a UsageError.

private let options: [OptionSpec] = [
    .flag("mine", "Check your code."),
    .flag("quick", "Smaller data."),
    .value("interval", "<seconds>", "How often."),
    .value("course", "<dir>", "The course directory."),
    .value("output", "<dir>", "Where to write."),
    .flag("help", "Show help information.", short: "h"),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data.assumingMemoryBound(to: UInt8.self), count: size)
    let arguments = bytes.split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    if let index = Arguments.commandIndex(in: arguments, globalOptions: Array(options.prefix(5))) {
        precondition(arguments.indices.contains(index) && !arguments[index].hasPrefix("--"), "command index \(index) is not a word")
    }
    do throws(UsageError) {
        let parsed = try Arguments.parse(arguments, options: options, command: "run")
        precondition(parsed.positionals.count <= arguments.count, "more positionals than arguments")
        precondition(parsed.flags.allSatisfy { name in options.contains { $0.name == name && $0.valueName == nil } },
                     "a flag that is not declared")
    } catch {
        precondition(error.description.hasPrefix("error: "), "usage error without the error: prefix")
    }
    return 0
}
