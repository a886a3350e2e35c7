/// A small command-line parser: `--flag`, `--option value`, `--option=value`, `-h`, and
/// positional arguments. Options are declared per command; anything else is a usage error.
struct OptionSpec {
    var name: String
    /// The value's placeholder (`<n>`), or nil for a flag.
    var valueName: String?
    var help: String
    /// A one-letter alias (`h` for `-h`).
    var short: Character?

    static func flag(_ name: String, _ help: String, short: Character? = nil) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, short: short)
    }

    static func value(_ name: String, _ valueName: String, _ help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, short: nil)
    }
}

/// The result of parsing one command's arguments.
struct ParsedArguments {
    var flags: Set<String> = []
    var values: [String: String] = [:]
    var positionals: [String] = []

    func has(_ flag: String) -> Bool { flags.contains(flag) }
    func value(_ name: String) -> String? { values[name] }
}

/// A mistake on the command line: exit status 2, `error: …` and a hint on stderr.
struct UsageError: Error, CustomStringConvertible {
    var message: String
    var hint: String
    var description: String { "error: \(message)\nhint: \(hint)" }
}

enum Arguments {
    /// Where the subcommand is in `backprop [global options] COMMAND …`: the index of the
    /// first argument after leading global options (and their values), if it is not an
    /// option itself. `backprop --course DIR list` → 2. Nil when there is none.
    static func commandIndex(in arguments: [String], globalOptions: [OptionSpec]) -> Int? {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument != "--" else {
                return argument.hasPrefix("-") && argument != "-" ? nil : index
            }
            let name = argument.dropFirst(2).prefix { $0 != "=" }
            guard let spec = globalOptions.first(where: { $0.name == name }) else { return nil }
            index += spec.valueName != nil && !argument.contains("=") ? 2 : 1
        }
        return nil
    }

    /// The candidate closest to `word` by edit distance (insertions, deletions, substitutions
    /// and swaps of neighbours), if it is close enough to be a typo: at most 1 edit for short
    /// words, 2 for words of 5+ letters. Used for "did you mean" hints.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let limit = word.count >= 5 ? 2 : 1
        let scored = candidates.map { (candidate: $0, distance: editDistance(word.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.distance < $1.distance }), best.distance <= limit else { return nil }
        return best.candidate
    }

    /// Optimal-string-alignment distance between `a` and `b`.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var table = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }

    /// Parse `arguments` (after the subcommand) against `options`. `--` ends options.
    static func parse(_ arguments: [String], options: [OptionSpec], command: String) throws(UsageError) -> ParsedArguments {
        var result = ParsedArguments()
        var index = 0
        var optionsEnded = false
        let helpHint = "run `backprop \(command) --help` to see its options"
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || argument == "-" || !argument.hasPrefix("-") || Double(argument) != nil {
                result.positionals.append(argument)
                continue
            }
            if argument == "--" { optionsEnded = true; continue }
            var name: String
            var inlineValue: String?
            if argument.hasPrefix("--") {
                name = String(argument.dropFirst(2))
                if let equals = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: equals)...])
                    name = String(name[..<equals])
                }
            } else {
                let letter = argument.dropFirst()
                guard letter.count == 1, let spec = options.first(where: { $0.short == letter.first }) else {
                    throw UsageError(message: "unknown option '\(argument)' for `backprop \(command)`", hint: helpHint)
                }
                name = spec.name
            }
            guard let spec = options.first(where: { $0.name == name }) else {
                let guess = closest(to: name, among: options.map(\.name)).map { "did you mean --\($0)? " } ?? ""
                throw UsageError(message: "unknown option '--\(name)' for `backprop \(command)`", hint: guess + helpHint)
            }
            if spec.valueName == nil {
                if inlineValue != nil {
                    throw UsageError(message: "option '--\(name)' takes no value", hint: "write just --\(name)")
                }
                result.flags.insert(name)
            } else if let inlineValue {
                result.values[name] = inlineValue
            } else if index < arguments.count {
                result.values[name] = arguments[index]
                index += 1
            } else {
                throw UsageError(message: "option '--\(name)' needs a value \(spec.valueName ?? "")",
                                 hint: "write --\(name) \(spec.valueName ?? "VALUE") or --\(name)=\(spec.valueName ?? "VALUE")")
            }
        }
        return result
    }
}
