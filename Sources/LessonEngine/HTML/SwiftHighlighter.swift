// HTML export: a small Swift syntax highlighter for lesson code blocks. It wraps tokens in
// `<span class="…">` and escapes everything; it never drops or reorders a character
// (stripping the tags and unescaping gives the input back exactly).
//
// Classes (prefixed `hl-` so they never clash with page classes such as a table's `num`):
// hl-kw (keyword), hl-type (capitalised identifier), hl-num, hl-str (string literal),
// hl-interp (`\(` and `)` around an interpolation), hl-com (comment), hl-doc (`///` and
// `/** */` doc comment), hl-attr (`@attribute`, `#directive`).

/// Highlights Swift source as HTML spans.
public enum SwiftHighlighter {
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "as", "Any", "await", "false", "is", "nil", "self", "Self",
        "super", "throws", "true", "try", "async", "some", "any", "mutating", "nonmutating", "override",
        "final", "lazy", "weak", "unowned", "convenience", "required", "indirect", "consuming", "borrowing",
    ]

    /// `source` as HTML (no surrounding `<pre>`; see `codeBlock`).
    public static func highlight(_ source: String) -> String {
        var scanner = Scanner(characters: Array(source))
        return scanner.run()
    }

    /// A complete `<pre class="code"><code class="language-swift">…</code></pre>` block.
    public static func codeBlock(_ source: String) -> String {
        "<pre class=\"code\"><code class=\"language-swift\">\(highlight(source))</code></pre>"
    }

    private struct Scanner {
        let characters: [Character]
        var position = 0
        var output = ""

        init(characters: [Character]) { self.characters = characters }

        func peek(_ offset: Int = 0) -> Character? {
            position + offset < characters.count ? characters[position + offset] : nil
        }

        func text(_ range: Range<Int>) -> String { String(characters[range]) }

        mutating func emit(_ range: Range<Int>, as cssClass: String? = nil) {
            guard !range.isEmpty else { return }
            let escaped = HTMLEscaping.text(text(range))
            output += cssClass.map { "<span class=\"\($0)\">\(escaped)</span>" } ?? escaped
        }

        mutating func run() -> String {
            while let character = peek() {
                let start = position
                if character == "/" && peek(1) == "/" {
                    while let next = peek(), next != "\n", next != "\r\n" { position += 1 }
                    let isDoc = position - start >= 3 && characters[start + 2] == "/"
                    emit(start..<position, as: isDoc ? "hl-doc" : "hl-com")
                } else if character == "/" && peek(1) == "*" {
                    scanBlockComment()
                    let isDoc = start + 2 < position && characters[start + 2] == "*" && position - start > 4
                    emit(start..<position, as: isDoc ? "hl-doc" : "hl-com")
                } else if character == "\"" || (character == "#" && startsRawString()) {
                    scanString()
                } else if character.isNumber && character.isASCII {
                    scanNumber()
                    emit(start..<position, as: "hl-num")
                } else if character == "@" || character == "#" {
                    position += 1
                    while let next = peek(), isIdentifierCharacter(next) { position += 1 }
                    emit(start..<position, as: position - start > 1 ? "hl-attr" : nil)
                } else if isIdentifierStart(character) {
                    while let next = peek(), isIdentifierCharacter(next) { position += 1 }
                    let word = text(start..<position)
                    let cssClass = keywords.contains(word) ? "hl-kw" : (word.first?.isUppercase == true ? "hl-type" : nil)
                    emit(start..<position, as: cssClass)
                } else if character == "`" {
                    // A back-quoted identifier: keep it plain.
                    position += 1
                    while let next = peek(), next != "`", next != "\n" { position += 1 }
                    if peek() == "`" { position += 1 }
                    emit(start..<position)
                } else {
                    position += 1
                    emit(start..<position)
                }
            }
            return output
        }

        /// Whether the `#`s at the current position are followed by a quote (`#"…"#`).
        func startsRawString() -> Bool {
            var offset = 0
            while peek(offset) == "#" { offset += 1 }
            return peek(offset) == "\""
        }

        /// `/* … */`, nested as Swift allows; runs to the end if unterminated.
        mutating func scanBlockComment() {
            var depth = 0
            repeat {
                if peek() == "/" && peek(1) == "*" { depth += 1; position += 2 }
                else if peek() == "*" && peek(1) == "/" { depth -= 1; position += 2 }
                else { position += 1 }
            } while depth > 0 && position < characters.count
        }

        /// A string literal (`"…"`, `"""…"""`, raw `#"…"#`) with `\(…)` interpolations shown
        /// as `interp` spans whose contents are highlighted as code.
        mutating func scanString() {
            var hashes = 0
            while peek(hashes) == "#" { hashes += 1 }
            let multiline = peek(hashes) == "\"" && peek(hashes + 1) == "\"" && peek(hashes + 2) == "\""
            let quoteCount = multiline ? 3 : 1
            let delimiter = String(repeating: "#", count: hashes)
            var segmentStart = position
            position = min(characters.count, position + hashes + quoteCount)
            let escapeMarker = "\\" + delimiter
            while position < characters.count {
                let character = characters[position]
                if !multiline && (character == "\n" || character == "\r\n") { break }
                if character == "\\" && text(position..<min(characters.count, position + 1 + hashes)) == escapeMarker {
                    let afterEscape = position + 1 + hashes
                    if afterEscape < characters.count && characters[afterEscape] == "(" {
                        emit(segmentStart..<position, as: "hl-str")
                        let interpolationStart = position
                        position = afterEscape + 1
                        emit(interpolationStart..<position, as: "hl-interp")
                        scanInterpolation()
                        segmentStart = position
                        continue
                    }
                    position = min(characters.count, afterEscape + 1)
                    continue
                }
                if character == "\"" {
                    let closing = String(repeating: "\"", count: quoteCount) + delimiter
                    if text(position..<min(characters.count, position + closing.count)) == closing {
                        position += closing.count
                        break
                    }
                }
                position += 1
            }
            emit(segmentStart..<position, as: "hl-str")
        }

        /// The code inside `\( … )` up to its balancing `)`, highlighted recursively.
        mutating func scanInterpolation() {
            var depth = 1
            var end = position
            var inString = false
            while end < characters.count {
                let character = characters[end]
                if character == "\n" && !inString { break }
                if inString {
                    if character == "\\" { end += 1 } else if character == "\"" { inString = false }
                } else if character == "\"" { inString = true }
                else if character == "(" { depth += 1 }
                else if character == ")" { depth -= 1; if depth == 0 { break } }
                end += 1
            }
            end = min(end, characters.count)
            var inner = Scanner(characters: Array(characters[position..<end]))
            output += inner.run()
            position = end
            if position < characters.count && characters[position] == ")" {
                emit(position..<position + 1, as: "hl-interp")
                position += 1
            }
        }

        mutating func scanNumber() {
            if peek() == "0", let base = peek(1), "xob".contains(base) {
                position += 2
                while let next = peek(), next.isHexDigit || next == "_" || next == "." || next == "p" { position += 1 }
                return
            }
            while let next = peek(), (next.isNumber && next.isASCII) || next == "_" { position += 1 }
            if peek() == ".", let digit = peek(1), digit.isNumber && digit.isASCII {
                position += 1
                while let next = peek(), (next.isNumber && next.isASCII) || next == "_" { position += 1 }
            }
            if let e = peek(), e == "e" || e == "E" {
                let signOffset = (peek(1) == "-" || peek(1) == "+") ? 2 : 1
                if let digit = peek(signOffset), digit.isNumber && digit.isASCII {
                    position += signOffset
                    while let next = peek(), next.isNumber && next.isASCII { position += 1 }
                }
            }
        }

        func isIdentifierStart(_ character: Character) -> Bool {
            character == "_" || character.isLetter
        }

        func isIdentifierCharacter(_ character: Character) -> Bool {
            character == "_" || character.isLetter || character.isNumber
        }
    }
}
