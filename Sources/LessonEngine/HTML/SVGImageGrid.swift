// HTML export: greyscale images as small inline SVGs — one `<path>` per grey level, one
// `h…v…` rectangle per horizontal run of equal pixels — in a figure grid with a caption
// under each image. Readable without JavaScript, canvas or PNG encoding.
import Foundation

/// Renders `ImageGrid`s as HTML figures holding SVG images.
public enum SVGImageGrid {
    /// One image (`width×height` bytes, row-major, 0 = black) as an `<svg>` drawn at `scale`
    /// CSS pixels per image pixel. The most common grey fills the background; every other
    /// pixel run is a rectangle in the path of its grey level.
    public static func renderImage(pixels: [UInt8], width: Int, height: Int, scale: Double = 3, label: String = "") -> String {
        precondition(pixels.count == width * height, "SVGImageGrid: \(pixels.count) pixels for a \(width)×\(height) image")
        var counts = [Int](repeating: 0, count: 256)
        for pixel in pixels { counts[Int(pixel)] += 1 }
        let background = counts.indices.max { counts[$0] < counts[$1] } ?? 0
        var runsByLevel: [Int: String] = [:]
        for row in 0..<height {
            var column = 0
            while column < width {
                let level = pixels[row * width + column]
                var end = column + 1
                while end < width && pixels[row * width + end] == level { end += 1 }
                if Int(level) != background {
                    runsByLevel[Int(level), default: ""] += "M\(column) \(row)h\(end - column)v1h-\(end - column)z"
                }
                column = end
            }
        }
        let f = SVGNumber.format
        var svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"bp-image\" viewBox=\"0 0 \(width) \(height)\" width=\"\(f(Double(width) * scale))\" height=\"\(f(Double(height) * scale))\" shape-rendering=\"crispEdges\" role=\"img\" aria-label=\"\(HTMLEscaping.attribute(label))\">"
        svg += "<rect width=\"\(width)\" height=\"\(height)\" fill=\"\(grey(background))\"/>"
        for level in runsByLevel.keys.sorted() {
            svg += "<path fill=\"\(grey(level))\" d=\"\(runsByLevel[level] ?? "")\"/>"
        }
        svg += "</svg>"
        return svg
    }

    /// The grid as a `<figure class="bp-images">` with one captioned `<figure>` per image.
    public static func render(_ grid: ImageGrid, scale: Double = 3) -> String {
        var html = "<figure class=\"bp-images\">\n"
        if let title = grid.title { html += "<figcaption class=\"grid-title\">\(HTMLEscaping.text(title))</figcaption>\n" }
        html += "<div class=\"image-row\">\n"
        for (pixels, caption) in zip(grid.pixels, grid.captions) {
            html += "<figure class=\"bp-image-item\">"
            html += renderImage(pixels: pixels, width: grid.width, height: grid.height, scale: scale, label: caption)
            html += "<figcaption>\(HTMLEscaping.text(caption))</figcaption></figure>\n"
        }
        html += "</div>\n</figure>"
        return html
    }

    private static func grey(_ level: Int) -> String {
        String(format: "#%02x%02x%02x", level, level, level)
    }
}
