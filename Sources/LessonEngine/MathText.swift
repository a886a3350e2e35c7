/// Turns the LaTeX used in lessons into readable Unicode for the terminal:
/// `\frac{\partial L}{\partial w}` → `∂L/∂w`, `\sum_{i=1}^{n} x_i^2` → `Σᵢ₌₁ⁿ xᵢ²`,
/// `W^\top` → `Wᵀ`, `\hat{y}` → `ŷ`. Unknown commands pass through untouched (`\foo`).
public enum MathText {
    public static func unicode(_ latex: String) -> String {
        var parser = Parser(characters: Array(latex))
        return setApartNotes(visibleProducts(parser.sequence(until: nil)))
    }

    /// Exactly three spaces before a shape note, whatever spacing the source had.
    static func setApartNotes(_ text: String) -> String {
        guard text.contains(noteMarker) else { return text }
        var output = ""
        for character in text {
            if character == noteMarker {
                while output.last == " " { output.removeLast() }
                output += "   "
            } else {
                output.append(character)
            }
        }
        return output
    }

    /// Stands for `\,` while parsing; `visibleProducts` turns it into ` · `.
    static let thinSpace: Character = "\u{1}"
    /// Stands for the gap before a shape note while parsing (`\qquad (N×K)`).
    static let noteMarker: Character = "\u{2}"

    /// `\,` between two symbols is a product the terminal must show (`δₖ · hⱼ`, `2·(o − y)`):
    /// a thin space would vanish in monospace. At either end it is dropped.
    static func visibleProducts(_ text: String) -> String {
        guard text.contains(thinSpace) else { return text }
        var output = ""
        var pendingDot = false
        for character in text {
            if character == thinSpace { pendingDot = true; continue }
            if pendingDot && character == " " { continue }
            if pendingDot {
                while output.last == " " { output.removeLast() }
                if !output.isEmpty { output += " · " }
                pendingDot = false
            }
            output.append(character)
        }
        return output
    }

    /// Deepest nesting of groups, scripts and command arguments the converter follows
    /// (`{{{…}}}`, `x^{y^{z…}}`, `\frac\frac…`). Real lessons stay under 20; the parser
    /// rejects deeper maths with file:line, and past it the converter keeps the rest of the
    /// text as written instead of recursing until the stack runs out.
    public static let nestingLimit = 64

    /// Whether `latex` nests deeper than `nestingLimit`.
    public static func isTooDeep(_ latex: String) -> Bool {
        guard latex.utf8.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "^") || $0 == UInt8(ascii: "_") }) else {
            return false
        }
        var parser = Parser(characters: Array(latex))
        _ = parser.sequence(until: nil)
        return parser.tooDeep
    }

    static let symbols: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
        "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ",
        "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ",
        "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
        "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
        "partial": "∂", "nabla": "∇", "sum": "Σ", "prod": "Π", "int": "∫", "infty": "∞",
        "cdot": "·", "times": "×", "odot": "⊙", "otimes": "⊗", "top": "ᵀ", "intercal": "ᵀ",
        "in": "∈", "notin": "∉", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "approx": "≈",
        "ne": "≠", "neq": "≠", "equiv": "≡", "pm": "±", "mp": "∓", "to": "→", "rightarrow": "→",
        "leftarrow": "←", "Rightarrow": "⇒", "mapsto": "↦", "forall": "∀", "exists": "∃",
        "ldots": "…", "cdots": "⋯", "dots": "…", "prime": "′", "circ": "∘", "propto": "∝",
        "sim": "∼", "ll": "≪", "gg": "≫", "mid": "|", "lVert": "‖", "rVert": "‖", "|": "‖",
        "log": "log", "ln": "ln", "exp": "exp", "max": "max", "min": "min", "arg": "arg",
        "sin": "sin", "cos": "cos", "tanh": "tanh", "det": "det", "lim": "lim",
        ",": String(thinSpace), ";": " ", ":": " ", " ": " ", "quad": "  ", "qquad": "    ", "!": "",
        "{": "{", "}": "}", "_": "_", "%": "%", "$": "$", "#": "#", "&": "&",
        "left": "", "right": "", "big": "", "Big": "", "bigl": "", "bigr": "", "Bigl": "", "Bigr": "",
        "displaystyle": "", "textstyle": "", "scriptstyle": "", "langle": "⟨", "rangle": "⟩",
        "ast": "*", "star": "⋆",
    ]
    static let blackboard: [Character: String] = ["R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼"]
    static let accents: [String: String] = ["hat": "\u{0302}", "bar": "\u{0304}", "tilde": "\u{0303}",
                                            "vec": "\u{20D7}", "dot": "\u{0307}", "overline": "\u{0305}"]
    static let wrappers: Set<String> = ["text", "mathrm", "mathbf", "mathit", "operatorname", "boldsymbol", "mathsf", "textrm"]

    static let superscripts: [Character: Character] = Dictionary(uniqueKeysWithValues: zip(
        "0123456789+-=()nijkTabcdefghlmoprstuvwxyzABDEGHIJKLMNOPRUVWβγδθφχ′ᵀ−*",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱʲᵏᵀᵃᵇᶜᵈᵉᶠᵍʰˡᵐᵒᵖʳˢᵗᵘᵛʷˣʸᶻᴬᴮᴰᴱᴳᴴᴵᴶᴷᴸᴹᴺᴼᴾᴿᵁⱽᵂᵝᵞᵟᶿᵠᵡ′ᵀ⁻*"))
    static let subscripts: [Character: Character] = Dictionary(uniqueKeysWithValues: zip(
        "0123456789+-=()aehijklmnoprstuvxβγρφχ−,",
        "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓᵦᵧᵨᵩᵪ₋,"))

    /// `text` in Unicode super/subscript letters if every character has one, else nil.
    static func script(_ text: String, table: [Character: Character]) -> String? {
        let compact = text.filter { $0 != " " }
        var result = ""
        for character in compact {
            guard let mapped = table[character] else { return nil }
            result.append(mapped)
        }
        return result
    }

    /// Wrap in parentheses unless `text` is a single atom (no spaces or operators).
    static func atom(_ text: String) -> String {
        let operators: Set<Character> = [" ", "+", "-", "−", "·", "×", "/", "=", "⊙", "<", ">", "≤", "≥"]
        if text.count <= 1 || !text.contains(where: { operators.contains($0) }) { return text }
        if text.first == "(" && text.last == ")" { return text }
        return "(\(text))"
    }

    /// A denominator of several factors (`NK`, `2h`) goes in parentheses, so that `2/(NK)` is not
    /// read as `(2/N)·K`; a single factor with its scripts (`pᵢ`, `∂zⱼ`, `S²`) stays bare.
    static func denominator(_ text: String) -> String {
        let wrapped = atom(text)
        if wrapped != text || text.first == "(" { return wrapped }
        let scripts = Set(superscripts.values).union(subscripts.values).union(["′", "\u{0302}", "\u{0304}", "\u{0303}"])
        var factors = 0
        var previous: Character? = nil
        for character in text where !scripts.contains(character) {
            let continuesNumber = character.isNumber && (previous?.isNumber ?? false)
            // A lowercase word (`net`) is one name; capitals (`NK`) are separate factors.
            let continuesWord = character.isLowercase && (previous?.isLowercase ?? false)
            let afterPrefix = previous == "∂" || previous == "√"
            if !continuesNumber && !continuesWord && !afterPrefix { factors += 1 }
            previous = character
        }
        return factors > 1 ? "(\(text))" : text
    }

    struct Parser {
        let characters: [Character]
        var position = 0
        var depth = 0
        var tooDeep = false

        init(characters: [Character]) { self.characters = characters }

        mutating func sequence(until terminator: Character?) -> String {
            var output = ""
            while position < characters.count {
                let character = characters[position]
                if character == terminator { position += 1; return output }
                output += element()
            }
            return output
        }

        /// One element: a command, a group, a script, or a character.
        mutating func element() -> String {
            guard depth < MathText.nestingLimit else {
                tooDeep = true
                let rest = String(characters[position...])
                position = characters.count
                return rest
            }
            depth += 1
            defer { depth -= 1 }
            let character = characters[position]
            position += 1
            switch character {
            case "\\": return command()
            case "{": return sequence(until: "}")
            case "^", "_":
                let argument = self.argument()
                let table = character == "^" ? MathText.superscripts : MathText.subscripts
                if let scripted = MathText.script(argument, table: table) { return scripted }
                return "\(character)" + (argument.count == 1 ? argument : "(\(argument))")
            case "'": return "′"
            case "-": return "−"
            case "~": return " "
            default: return String(character)
            }
        }

        /// The argument of a command or script: a group, a command, or one character.
        mutating func argument() -> String {
            while position < characters.count, characters[position] == " " { position += 1 }
            guard position < characters.count else { return "" }
            return element()
        }

        mutating func command() -> String {
            guard position < characters.count else { return "\\" }
            var name = ""
            if characters[position].isLetter {
                while position < characters.count, characters[position].isLetter {
                    name.append(characters[position])
                    position += 1
                }
            } else {
                name = String(characters[position])
                position += 1
            }
            switch name {
            case "frac", "dfrac", "tfrac":
                let numerator = argument()
                let denominator = argument()
                let fraction = MathText.atom(numerator) + "/" + MathText.denominator(denominator)
                // `\frac{1}{N}(P - T)` → `1/N (P − T)`: a space keeps the factor off the denominator.
                if position < characters.count, characters[position] == "(" || characters[position].isLetter {
                    return fraction + " "
                }
                return fraction
            case "sqrt":
                return "√" + MathText.atom(argument())
            case "mathbb":
                let inner = argument()
                if inner.count == 1, let letter = inner.first, let mapped = MathText.blackboard[letter] { return mapped }
                return inner
            default:
                break
            }
            if let accent = MathText.accents[name] {
                skipSpaces()
                guard position < characters.count else { return "\\" + name }
                return argument() + accent
            }
            if MathText.wrappers.contains(name) { return argument() }
            if name == "quad" || name == "qquad", let note = shapeNote() { return note }
            if let symbol = MathText.symbols[name] {
                // `\log x`: keep the space after word-like operators; eat it after symbols.
                if symbol.count > 1, symbol.allSatisfy(\.isLetter) {
                    return symbol
                }
                // `\partial L` → `∂L`: prefix operators bind to what follows.
                if name == "partial" || name == "nabla" { skipSpaces() }
                return symbol
            }
            // Unknown: keep the command and its braced arguments as written.
            var kept = "\\" + name
            while position < characters.count, characters[position] == "{" {
                position += 1
                kept += "{" + sequence(until: "}") + "}"
            }
            return kept
        }

        /// After `\quad`: a bracketed shape (`(N×K)`, `(N×D \cdot D×H \to N×H)`) is a note beside
        /// the formula, not a factor of it, so it is set apart as `   [N×K]`.
        mutating func shapeNote() -> String? {
            var probe = position
            while probe < characters.count, characters[probe] == " " { probe += 1 }
            guard probe < characters.count, characters[probe] == "(" else { return nil }
            var level = 0
            var end = probe
            while end < characters.count {
                if characters[end] == "(" { level += 1 }
                if characters[end] == ")" { level -= 1; if level == 0 { break } }
                end += 1
            }
            guard end < characters.count else { return nil }
            let inside = String(characters[(probe + 1)..<end])
            guard inside.contains("×") || inside.contains("\\times") else { return nil }
            var inner = Parser(characters: Array(inside))
            position = end + 1
            return String(MathText.noteMarker) + "[" + MathText.visibleProducts(inner.sequence(until: nil)) + "]"
        }

        mutating func skipSpaces() {
            while position < characters.count, characters[position] == " " { position += 1 }
        }
    }
}
