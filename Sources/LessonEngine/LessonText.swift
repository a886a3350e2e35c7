/// The one sanitiser every byte of lesson text goes through before a renderer sees it
/// (terminal or HTML): control characters become visible escapes, so a lesson file can
/// never put a raw ESC (screen clear, title change, blinking) on the learner's terminal.
/// Only our own styling (`TerminalStyle`) emits ESC.
///
/// - C0 controls and DEL → caret notation: ESC → `^[`, BEL → `^G`, CR → `^M`, DEL → `^?`
///   (tab and newline are kept; CRLF line ends become LF first).
/// - C1 controls (U+0080…U+009F, e.g. the 8-bit CSI U+009B) and the bidirectional
///   overrides/isolates (U+202A…U+202E, U+2066…U+2069) → `<U+009B>`.
public enum LessonText {
    public static func sanitized(_ text: String) -> String {
        // Fast path: most lessons hold none of these; one pass over the UTF-8 bytes.
        if !text.utf8.contains(where: { $0 < 0x20 && $0 != 0x0A && $0 != 0x09 || $0 == 0x7F || $0 == 0xC2 || $0 == 0xE2 }) {
            return text
        }
        var output = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            switch scalar.value {
            case 0x0A, 0x09:
                output.append(scalar)
            case 0x0D where pending == "\n":
                continue  // CRLF → LF
            case 0x00..<0x20:
                output.append(contentsOf: "^".unicodeScalars)
                output.append(Unicode.Scalar(UInt8(scalar.value + 0x40)))
            case 0x7F:
                output.append(contentsOf: "^?".unicodeScalars)
            case 0x80...0x9F, 0x202A...0x202E, 0x2066...0x2069:
                let hex = String(scalar.value, radix: 16, uppercase: true)
                output.append(contentsOf: "<U+\(String(repeating: "0", count: max(0, 4 - hex.count)) + hex)>".unicodeScalars)
            default:
                output.append(scalar)
            }
        }
        return String(output)
    }

    /// Whether `id` is a slug: one or more of `a-z`, `0-9` and `-`. Lesson ids name files
    /// (recordings, pages), so nothing else may reach a path.
    public static func isSlug(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
    }
}
