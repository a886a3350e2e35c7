/// Greyscale images in the terminal, side by side with captions: half blocks (`▀`, top
/// pixel as foreground and bottom as background, 24-level grey) in colour mode, an ASCII
/// ramp (one character per pixel column and two pixel rows) in plain mode.
public enum ImageRenderer {
    public static let ramp: [Character] = Array(" .:-=+*#%@")

    public static func render(_ grid: ImageGrid, style: TerminalStyle) -> [String] {
        var lines: [String] = []
        if let title = grid.title { lines.append(style.bold(InlineText.render(title, style: style))) }
        let gap = 2
        let perRow = max(1, (style.width + gap) / (grid.width + gap))
        let cellRows = (grid.height + 1) / 2
        for start in stride(from: 0, to: grid.pixels.count, by: perRow) {
            let images = Array(start..<min(start + perRow, grid.pixels.count))
            for cellRow in 0..<cellRows {
                let parts = images.map { index in
                    row(of: grid.pixels[index], width: grid.width, height: grid.height, cellRow: cellRow, style: style)
                }
                lines.append(parts.joined(separator: String(repeating: " ", count: gap)))
            }
            let captions = images.map { index -> String in
                let caption = String(grid.captions[index].prefix(grid.width))
                return TerminalStyle.pad(caption, to: grid.width)
            }
            lines.append(captions.joined(separator: String(repeating: " ", count: gap)).replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression))
        }
        return lines
    }

    static func row(of pixels: [UInt8], width: Int, height: Int, cellRow: Int, style: TerminalStyle) -> String {
        var text = ""
        for x in 0..<width {
            let top = pixels[(2 * cellRow) * width + x]
            let bottom = 2 * cellRow + 1 < height ? pixels[(2 * cellRow + 1) * width + x] : 0
            if style.color {
                text += "\u{1B}[38;5;\(grey(top));48;5;\(grey(bottom))m▀"
            } else {
                let mean = (Int(top) + Int(bottom)) / 2
                text.append(ramp[mean * ramp.count / 256])
            }
        }
        return style.color ? text + "\u{1B}[0m" : text
    }

    /// xterm-256 grey: 16 (black), 232…255 (greys), 231 (white).
    static func grey(_ value: UInt8) -> Int {
        if value < 4 { return 16 }
        if value > 250 { return 231 }
        return 232 + min(23, Int(value) * 24 / 256)
    }
}
