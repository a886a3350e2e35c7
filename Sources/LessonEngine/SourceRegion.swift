import Foundation

/// Code regions in Swift sources: the lines between `// region NAME` and `// endregion`.
/// Lessons include them with ```` ```swift include="Sources/Stages/X.swift#NAME" ````, so
/// the code a lesson shows is the code that runs.
public enum SourceRegion {
    /// The lines of region `name` in `source`, without the marker lines, nested region
    /// markers dropped, dedented by their common leading whitespace; nil if there is no such
    /// region (or it is never closed).
    public static func extract(_ name: String, from source: String) -> String? {
        var inside = false
        var depth = 0
        var lines: [Substring] = []
        // "\r\n" is one Character in Swift, so split on it as well as on "\n" (CRLF sources).
        for line in source.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if !inside {
                if trimmed == "// region \(name)" { inside = true }
                continue
            }
            if trimmed.hasPrefix("// region ") { depth += 1; continue }
            if trimmed == "// endregion" || trimmed.hasPrefix("// endregion ") {
                if depth == 0 { return dedent(lines) }
                depth -= 1
                continue
            }
            lines.append(line)
        }
        return nil
    }

    /// The names of every region in `source`, in order.
    public static func names(in source: String) -> [String] {
        source.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }).compactMap { line in
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            return trimmed.hasPrefix("// region ") ? String(trimmed.dropFirst("// region ".count)) : nil
        }
    }

    static func dedent(_ lines: [Substring]) -> String {
        let indents = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            .map { $0.prefix { $0 == " " || $0 == "\t" }.count }
        let common = indents.min() ?? 0
        return lines.map { line in
            line.trimmingCharacters(in: .whitespaces).isEmpty ? "" : String(line.dropFirst(common))
        }.joined(separator: "\n")
    }
}
