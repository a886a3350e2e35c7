import Foundation
import Testing
@testable import LessonEngine

@Suite("SVG heatmaps and image grids")
struct HTMLFigureTests {
    func elements(_ xml: String) -> [ParsedElement] {
        let parsed = parseXML(xml)
        #expect(parsed.error == nil, "not well-formed: \(parsed.error ?? "")")
        return parsed.elements ?? []
    }

    /// Relative luminance of `#rrggbb`, computed here independently of `SVGHeatmap.luminance`.
    func luminance(_ hex: String) -> Double {
        let digits = Array(hex.dropFirst())
        let channels = stride(from: 0, to: 6, by: 2).map { Double(Int(String(digits[$0..<$0 + 2]), radix: 16)!) / 255 }
        let linear = channels.map { $0 <= 0.04045 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    }

    @Test("heatmap cells darken monotonically with value and their numbers keep contrast")
    func heatmapShading() {
        let values: [[Double]] = [[0, 5, 10], [15, 20, 25], [30, 40, 50]]
        let heatmap = Heatmap(title: "Confusion", rowLabels: ["a", "b", "c"], columnLabels: ["x", "y", "z"],
                              values: values, rowTitle: "true", columnTitle: "predicted")
        let parsed = elements(SVGHeatmap.render(heatmap))
        let cells = parsed.filter { $0.name == "rect" && $0.classes.contains("cell") }
        #expect(cells.count == 9)
        let byValue = cells.map { cell -> (Double, Double) in
            let row = Int(cell.attributes["data-row"]!)!, column = Int(cell.attributes["data-column"]!)!
            return (values[row][column], luminance(cell.attributes["fill"]!))
        }.sorted { $0.0 < $1.0 }
        for (lower, higher) in zip(byValue, byValue.dropFirst()) { #expect(higher.1 < lower.1) }
        // Contrast: the text colour on every cell has at least WCAG 4.5:1 contrast.
        let texts = parsed.filter { $0.classes.contains("cell-value") }
        #expect(texts.map(\.text) == ["0", "5", "10", "15", "20", "25", "30", "40", "50"])
        for (cell, text) in zip(cells, texts) {
            let a = luminance(cell.attributes["fill"]!), b = luminance(text.attributes["fill"]!)
            #expect((max(a, b) + 0.05) / (min(a, b) + 0.05) >= 4.5)
        }
        #expect(parsed.filter { $0.classes.contains("row-label") }.map(\.text) == ["a", "b", "c"])
        #expect(parsed.filter { $0.classes.contains("column-label") }.map(\.text) == ["x", "y", "z"])
        #expect(parsed.contains { $0.text == "true" } && parsed.contains { $0.text == "predicted" })
    }

    @Test("heatmap formats, NaN cells and hostile labels")
    func heatmapFormats() {
        #expect(Heatmap.ValueFormat.percent(places: 1).format(0.253) == "25.3%")
        #expect(Heatmap.ValueFormat.decimal(places: 2).format(0.5) == "0.50")
        #expect(Heatmap.ValueFormat.integer.format(.nan) == "–")
        let heatmap = Heatmap(title: "<b>&</b>", rowLabels: ["T-shirt & top"], columnLabels: ["<script>"],
                              values: [[.nan]])
        let parsed = elements(SVGHeatmap.render(heatmap))
        #expect(!parsed.contains { $0.name == "script" || $0.name == "b" })
        #expect(parsed.contains { $0.text == "T-shirt & top" } && parsed.contains { $0.text == "<script>" })
    }

    /// Decodes our image SVG back to pixels: background rect, then `Mx yhNv1h-Nz` runs per grey.
    func decode(_ svg: String, width: Int, height: Int) -> [UInt8]? {
        let parsed = elements(svg)
        guard let background = parsed.first(where: { $0.name == "rect" })?.attributes["fill"] else { return nil }
        func grey(_ hex: String) -> UInt8 { UInt8(Int(String(hex.dropFirst().prefix(2)), radix: 16)!) }
        var pixels = [UInt8](repeating: grey(background), count: width * height)
        for path in parsed where path.name == "path" {
            let level = grey(path.attributes["fill"]!)
            let commands = pathCommands(path.attributes["d"]!)
            var index = 0
            while index + 4 < commands.count {
                let x = Int(commands[index].numbers[0]), y = Int(commands[index].numbers[1])
                let run = Int(commands[index + 1].numbers[0])
                #expect(commands[index + 2].numbers == [1])
                for column in x..<x + run { pixels[y * width + column] = level }
                index += 5
            }
        }
        return pixels
    }

    @Test("an image SVG reproduces every pixel exactly")
    func imageRoundTrip() {
        var generator = HTMLTestGenerator(state: 7)
        let width = 7, height = 5
        // A gradient with long runs plus a few random pixels.
        var pixels = (0..<width * height).map { UInt8(($0 % width) < 3 ? 0 : 200) }
        for _ in 0..<8 { pixels[Int.random(in: 0..<pixels.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator) }
        let svg = SVGImageGrid.renderImage(pixels: pixels, width: width, height: height)
        #expect(decode(svg, width: width, height: height) == pixels)
        let uniform = [UInt8](repeating: 17, count: 4)
        #expect(decode(SVGImageGrid.renderImage(pixels: uniform, width: 2, height: 2), width: 2, height: 2) == uniform)
    }

    @Test("an image grid is well-formed with one escaped caption under each image")
    func imageGrid() {
        let grid = ImageGrid(title: "Samples & <friends>", width: 2, height: 2,
                             pixels: [[0, 255, 255, 0], [10, 20, 30, 40], [9, 9, 9, 9]],
                             captions: ["Bag → Bag ✓", "<script>x</script>", "a & b"])
        let parsed = elements(SVGImageGrid.render(grid))
        #expect(parsed.filter { $0.name == "svg" }.count == 3)
        #expect(parsed.filter { $0.name == "figcaption" }.map(\.text) ==
                ["Samples & <friends>", "Bag → Bag ✓", "<script>x</script>", "a & b"])
        #expect(!parsed.contains { $0.name == "script" })
    }
}
