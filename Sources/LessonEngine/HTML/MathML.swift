// HTML export: the LaTeX subset the lessons use, as MathML Core (rendered natively by current
// Chromium, Firefox and Safari), generated here so that pages need no script and no network.
//
// Supported: letters, digits, operators, `{…}` groups, `^`/`_` scripts, `'` primes, `\frac`
// (`\dfrac`, `\tfrac`), `\sqrt`, `\left…\right`, Greek letters, the operators and relations in
// `operators`, large operators (`\sum`, `\prod`), function names (`\log`, `\max`, …), font and
// text commands (`\mathrm`, `\text`, `\mathbb`, …), accents (`\hat`, …) and spacing (`\,`,
// `\quad`, …). Anything else is an error naming the command, so a lesson cannot silently show
// raw LaTeX; the input is untrusted, so nesting is bounded (`maximumDepth`).
import Foundation

/// LaTeX → MathML.
public enum MathML {
    /// Why a formula could not be converted.
    public enum ConversionError: Error, Equatable, CustomStringConvertible {
        case unknownCommand(String)
        case unbalancedBraces
        case missingArgument(String)
        case tooDeep(limit: Int)

        public var description: String {
            switch self {
            case .unknownCommand(let name): return "unknown LaTeX command \\\(name)"
            case .unbalancedBraces: return "unbalanced braces"
            case .missingArgument(let name): return "\(name) is missing its argument"
            case .tooDeep(let limit): return "formula nested more than \(limit) levels deep"
            }
        }
    }

    /// Groups, fractions and scripts nest at most this deep (lesson formulas reach about 6).
    public static let maximumDepth = 32

    /// `<math display="block|inline">…</math>` for `latex`, or the reason it cannot be converted.
    public static func convert(_ latex: String, display: Bool) throws(ConversionError) -> String {
        var parser = Parser(characters: Array(latex))
        let body = try parser.row(until: nil, depth: 0)
        let mode = display ? "block" : "inline"
        let style = display ? " displaystyle=\"true\"" : ""
        return "<math display=\"\(mode)\"\(style)>\(body)</math>"
    }

    static let identifiers: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
        "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ",
        "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
        "partial": "∂", "nabla": "∇", "infty": "∞", "top": "⊤", "intercal": "⊺", "ell": "ℓ",
    ]
    static let operators: [String: String] = [
        "cdot": "·", "times": "×", "odot": "⊙", "otimes": "⊗", "circ": "∘", "ast": "∗", "star": "⋆",
        "in": "∈", "notin": "∉", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "approx": "≈",
        "ne": "≠", "neq": "≠", "equiv": "≡", "pm": "±", "mp": "∓", "to": "→", "rightarrow": "→",
        "leftarrow": "←", "Rightarrow": "⇒", "mapsto": "↦", "forall": "∀", "exists": "∃",
        "ldots": "…", "cdots": "⋯", "dots": "…", "prime": "′", "propto": "∝", "sim": "∼",
        "ll": "≪", "gg": "≫", "mid": "∣", "lVert": "‖", "rVert": "‖", "|": "‖",
        "langle": "⟨", "rangle": "⟩", "{": "{", "}": "}", "lbrace": "{", "rbrace": "}",
    ]
    static let largeOperators: [String: String] = ["sum": "∑", "prod": "∏", "int": "∫"]
    static let functions: Set<String> = ["log", "ln", "exp", "max", "min", "arg", "sin", "cos", "tanh", "det", "lim", "argmax", "argmin"]
    /// Functions whose scripts go underneath in display style.
    static let limitFunctions: Set<String> = ["max", "min", "lim", "argmax", "argmin"]
    static let spaces: [String: String] = [",": "0.1667em", ":": "0.2222em", ";": "0.2778em", " ": "0.25em",
                                           "quad": "1em", "qquad": "2em", "!": "-0.1667em"]
    static let literals: [String: String] = ["_": "_", "%": "%", "$": "$", "#": "#", "&": "&amp;"]
    static let ignored: Set<String> = ["displaystyle", "textstyle", "big", "Big", "bigl", "bigr", "Bigl", "Bigr"]
    static let textCommands: Set<String> = ["text", "textrm", "mathrm", "operatorname"]
    static let fontCommands: [String: String] = ["mathbf": "bold", "boldsymbol": "bold-italic", "mathit": "italic", "mathsf": "sans-serif"]
    static let blackboard: [Character: String] = ["R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼"]
    static let accents: [String: String] = ["hat": "^", "bar": "¯", "tilde": "~", "vec": "→", "dot": "˙", "overline": "¯"]
    /// Characters that are operators (`<mo>`) when met outside a command.
    static let operatorCharacters: Set<Character> = ["+", "-", "=", "<", ">", "(", ")", "[", "]", ",", ";", ":", "/", "|", "!",
                                                     "×", "·", "−", "≤", "≥", "≈", "→", "∈", "⊙", "±", "∑", "…", "?"]

    static func escape(_ text: String) -> String { HTMLEscaping.text(text) }

    struct Parser {
        let characters: [Character]
        var position = 0

        init(characters: [Character]) { self.characters = characters }

        var atEnd: Bool { position >= characters.count }

        /// Elements until `terminator` (consumed) or the end, as one `<mrow>` (or a lone element).
        mutating func row(until terminator: Character?, depth: Int) throws(ConversionError) -> String {
            guard depth < MathML.maximumDepth else { throw .tooDeep(limit: MathML.maximumDepth) }
            var items: [String] = []
            while true {
                guard !atEnd else {
                    if terminator != nil { throw .unbalancedBraces }
                    break
                }
                let character = characters[position]
                if character == terminator { position += 1; break }
                if character == "}" { throw .unbalancedBraces }
                if character == "^" || character == "_" {
                    let base = items.popLast() ?? "<mrow></mrow>"
                    items.append(try scripts(base: base, depth: depth))
                    continue
                }
                if character == "'" {
                    let base = items.popLast() ?? "<mrow></mrow>"
                    var primes = ""
                    while !atEnd, characters[position] == "'" { primes += "′"; position += 1 }
                    items.append("<msup>\(base)<mo>\(primes)</mo></msup>")
                    continue
                }
                if let item = try element(depth: depth) { items.append(item) }
            }
            return items.count == 1 ? items[0] : "<mrow>\(items.joined())</mrow>"
        }

        /// `base^{…}_{…}` in either order; large operators and `\max` put their limits under
        /// and over (`movablelimits` keeps them beside the symbol in inline maths).
        mutating func scripts(base: String, depth: Int) throws(ConversionError) -> String {
            var sub: String?
            var sup: String?
            while !atEnd, characters[position] == "^" || characters[position] == "_" {
                let isSup = characters[position] == "^"
                position += 1
                let argument = try self.argument(of: isSup ? "^" : "_", depth: depth + 1)
                if isSup { sup = argument } else { sub = argument }
            }
            let limits = base.hasPrefix("<mo largeop") || base.hasPrefix("<mo movablelimits")
            switch (sub, sup) {
            case (let sub?, let sup?): return limits ? "<munderover>\(base)\(sub)\(sup)</munderover>" : "<msubsup>\(base)\(sub)\(sup)</msubsup>"
            case (let sub?, nil): return limits ? "<munder>\(base)\(sub)</munder>" : "<msub>\(base)\(sub)</msub>"
            case (nil, let sup?): return limits ? "<mover>\(base)\(sup)</mover>" : "<msup>\(base)\(sup)</msup>"
            case (nil, nil): return base
            }
        }

        /// A command's or script's argument: a group, a command, or one character.
        mutating func argument(of name: String, depth: Int) throws(ConversionError) -> String {
            skipSpaces()
            guard !atEnd else { throw .missingArgument(name) }
            if characters[position] == "{" {
                position += 1
                return try row(until: "}", depth: depth + 1)
            }
            guard let item = try element(depth: depth + 1) else { throw .missingArgument(name) }
            return item
        }

        /// The raw text of a `{…}` argument (for `\text`), or one character.
        mutating func rawArgument(of name: String) throws(ConversionError) -> String {
            skipSpaces()
            guard !atEnd else { throw .missingArgument(name) }
            guard characters[position] == "{" else {
                position += 1
                return String(characters[position - 1])
            }
            var level = 0
            var text = ""
            while !atEnd {
                let character = characters[position]
                position += 1
                if character == "{" { level += 1; if level == 1 { continue } }
                if character == "}" { level -= 1; if level == 0 { return text } }
                text.append(character)
            }
            throw .unbalancedBraces
        }

        mutating func skipSpaces() {
            while !atEnd, characters[position].isWhitespace { position += 1 }
        }

        /// One element, or nil for spaces and commands that draw nothing.
        mutating func element(depth: Int) throws(ConversionError) -> String? {
            let character = characters[position]
            position += 1
            if character.isWhitespace { return nil }
            if character == "\\" { return try command(depth: depth) }
            if character == "{" { return try row(until: "}", depth: depth + 1) }
            if character == "~" { return "<mspace width=\"0.25em\"></mspace>" }
            if character.isNumber {
                var number = String(character)
                while !atEnd, characters[position].isNumber
                    || (characters[position] == "." && position + 1 < characters.count && characters[position + 1].isNumber) {
                    number.append(characters[position])
                    position += 1
                }
                return "<mn>\(number)</mn>"
            }
            if character == "-" { return "<mo>−</mo>" }
            if MathML.operatorCharacters.contains(character) {
                // Brackets should not grow with a tall neighbour unless `\left…\right` asks.
                let fence = "()[]|".contains(character) ? " stretchy=\"false\"" : ""
                return "<mo\(fence)>\(MathML.escape(String(character)))</mo>"
            }
            return "<mi>\(MathML.escape(String(character)))</mi>"
        }

        mutating func commandName() throws(ConversionError) -> String {
            guard !atEnd else { throw .unknownCommand("") }
            if characters[position].isLetter {
                var name = ""
                while !atEnd, characters[position].isLetter {
                    name.append(characters[position])
                    position += 1
                }
                return name
            }
            position += 1
            return String(characters[position - 1])
        }

        mutating func command(depth: Int) throws(ConversionError) -> String? {
            let name = try commandName()
            switch name {
            case "frac", "dfrac", "tfrac":
                let numerator = try argument(of: "\\" + name, depth: depth + 1)
                let denominator = try argument(of: "\\" + name, depth: depth + 1)
                let fraction = "<mfrac>\(numerator)\(denominator)</mfrac>"
                if name == "dfrac" { return "<mstyle displaystyle=\"true\">\(fraction)</mstyle>" }
                if name == "tfrac" { return "<mstyle displaystyle=\"false\">\(fraction)</mstyle>" }
                return fraction
            case "sqrt":
                return "<msqrt>\(try argument(of: "\\sqrt", depth: depth + 1))</msqrt>"
            case "mathbb":
                let inner = try rawArgument(of: "\\mathbb")
                let mapped = inner.map { MathML.blackboard[$0] ?? String($0) }.joined()
                return "<mi mathvariant=\"normal\">\(MathML.escape(mapped))</mi>"
            case "left", "right":
                skipSpaces()
                let delimiter = try commandOrCharacter()
                if delimiter == "." { return nil }
                return "<mo stretchy=\"true\">\(MathML.escape(delimiter))</mo>"
            default:
                break
            }
            if MathML.textCommands.contains(name) {
                let text = try rawArgument(of: "\\" + name)
                if name == "text" || name == "textrm" { return "<mtext>\(MathML.escape(text))</mtext>" }
                return "<mi mathvariant=\"normal\">\(MathML.escape(text))</mi>"
            }
            if let variant = MathML.fontCommands[name] {
                return "<mstyle mathvariant=\"\(variant)\">\(try argument(of: "\\" + name, depth: depth + 1))</mstyle>"
            }
            if let accent = MathML.accents[name] {
                return "<mover accent=\"true\">\(try argument(of: "\\" + name, depth: depth + 1))<mo>\(accent)</mo></mover>"
            }
            if let symbol = MathML.identifiers[name] {
                return "<mi>\(symbol)</mi>"
            }
            if let symbol = MathML.operators[name] { return "<mo>\(MathML.escape(symbol))</mo>" }
            if let symbol = MathML.largeOperators[name] { return "<mo largeop=\"true\" movablelimits=\"true\">\(symbol)</mo>" }
            if MathML.functions.contains(name) {
                if MathML.limitFunctions.contains(name) { return "<mo movablelimits=\"true\" form=\"prefix\">\(name)</mo>" }
                // A thin space after the name, as TeX sets `\log p`: MathML would run them together.
                return "<mrow><mi>\(name)</mi><mspace width=\"0.1667em\"></mspace></mrow>"
            }
            if let width = MathML.spaces[name] { return "<mspace width=\"\(width)\"></mspace>" }
            if let literal = MathML.literals[name] { return "<mo>\(literal)</mo>" }
            if MathML.ignored.contains(name) { return nil }
            throw .unknownCommand(name)
        }

        /// A delimiter after `\left`/`\right`: a character or a command (`\{`, `\langle`).
        mutating func commandOrCharacter() throws(ConversionError) -> String {
            guard !atEnd else { throw .missingArgument("\\left/\\right") }
            let character = characters[position]
            position += 1
            guard character == "\\" else { return String(character) }
            let name = try commandName()
            guard let symbol = MathML.operators[name] else { throw .unknownCommand(name) }
            return symbol
        }
    }
}
