import Foundation
import Testing
@testable import LessonEngine

/// A sample lesson page using every builder. Always checked for well-formedness; written to
/// the path in `BACKPROP_HTML_SAMPLE` (if set) so a person can look at it in a browser.
@Suite("HTML sample page")
struct HTMLSamplePageTests {
    static func samplePage() -> String {
        // Central-difference error of d/dx sin at x = 1 vs step h: truncation h²/6·|cos‴| falls,
        // rounding ε/h rises — the V on log-log axes.
        let steps = (0...24).map { pow(10, -Double($0) / 2) }
        let errors = steps.map { h in abs((sin(1 + h) - sin(1 - h)) / (2 * h) - cos(1)) }
        let forward = steps.map { h in abs((sin(1 + h) - sin(1)) / h - cos(1)) }
        let vChart = Chart(title: "Finite-difference error vs step size", xLabel: "step size h",
                           yLabel: "absolute error", xScale: .log, yScale: .log, series: [
                               Chart.Series(name: "central difference", x: steps, y: errors),
                               Chart.Series(name: "forward difference", x: steps, y: forward),
                           ])
        let epochs = (0..<200).map(Double.init)
        let loss = Chart(title: "Training loss", xLabel: "step", yLabel: "cross-entropy loss", series: [
            Chart.Series(name: "train", x: epochs, y: epochs.map { 2.3 * exp(-$0 / 40) + 0.3 + 0.05 * sin($0) }),
            Chart.Series(name: "validation", x: stride(from: 0.0, to: 200, by: 20).map { $0 },
                         y: stride(from: 0.0, to: 200, by: 20).map { 2.3 * exp(-$0 / 45) + 0.38 }),
        ])
        let rates = [0.01, 0.1, 0.5, 5.0]
        let sweep = Chart(title: "Loss by learning rate", xLabel: "epoch", yLabel: "loss", series: rates.map { rate in
            Chart.Series(name: "learning rate \(rate)", x: (0..<10).map(Double.init),
                         y: (0..<10).map { rate > 1 ? .nan : 2.3 * exp(-Double($0) * rate * 2) + 0.2 })
        })
        let classes = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"]
        var confusion = [[Double]](repeating: [Double](repeating: 0, count: 10), count: 10)
        for row in 0..<10 {
            for column in 0..<10 {
                let offDiagonal = Double((row * 7 + column * 3) % 40)
                confusion[row][column] = row == column ? Double(700 + 25 * row) : offDiagonal
            }
        }
        let heatmap = Heatmap(title: "Confusion matrix (test set)", rowLabels: classes, columnLabels: classes,
                              values: confusion, rowTitle: "true class", columnTitle: "predicted class")
        var images: [[UInt8]] = []
        for item in 0..<6 {
            var image = [UInt8](repeating: 0, count: 28 * 28)
            for index in image.indices {
                let x = Double(index % 28) - 13.5
                let y = Double(index / 28) - 13.5
                let radius = (x * x + y * y).squareRoot()
                let ring: Double = abs(radius - Double(4 + item * 2)) * 60
                image[index] = UInt8(min(255, max(0, 255 - ring)))
            }
            images.append(image)
        }
        let grid = ImageGrid(title: "Some test images & their predictions", width: 28, height: 28, pixels: images,
                             captions: ["Bag ✓", "Coat → Shirt ✗", "<Sandal>", "Dress ✓", "Trouser ✓", "Bag & Coat"])
        let table = Table(title: "Accuracy by model", headers: ["model", "hidden units", "test accuracy"],
                          rows: [["logistic <baseline>", "0", "84.1%"], ["MLP & ReLU", "128", "88.7%"], ["MLP", "256", "89.2%"]])
        let code = """
        /// Mean cross-entropy of softmax(logits) against labels (see lesson 5).
        func crossEntropy(_ logits: Matrix<Float>, labels: [Int]) -> Float {
            precondition(logits.rows == labels.count, "logits \\(logits.rows) rows vs \\(labels.count) labels")
            var total: Float = 0 // accumulate in Float; fine for N < 1e6
            for (row, label) in labels.enumerated() where label >= 0 && label < logits.columns {
                total -= log(softmax(logits.row(row))[label] + 1e-12)
            }
            return total / Float(labels.count)
        }
        """
        let fallback: (String) -> String = { latex in
            latex.replacingOccurrences(of: "\\partial", with: "∂").replacingOccurrences(of: "\\frac", with: "")
        }
        var body = "<p>The gradient check compares " + MathHTML.inline("\\partial L / \\partial W", fallback: fallback)
        body += " with a finite difference. Errors fall like " + MathHTML.inline("h^2", fallback: { _ in "h²" })
        body += " until rounding (about " + MathHTML.inline("\\epsilon / h", fallback: { _ in "ε/h" }) + ") takes over &amp; the curve turns up.</p>\n"
        body += MathHTML.display("\\frac{f(x+h) - f(x-h)}{2h}", fallback: { _ in "(f(x + h) − f(x − h)) / 2h" }) + "\n"
        body += SwiftHighlighter.codeBlock(code) + "\n"
        let blocks: [OutputBlock] = [
            .text("Running `gradient-check` with $h = 10^{-4}$ & friends:"),
            .chart(vChart), .chart(loss), .chart(sweep), .images(grid), .table(table),
            .check(Check(name: "max relative error", value: 3.2e-8, threshold: 1e-6, comparison: .lessOrEqual,
                         detail: "worst entry W1[12, 3]")),
            .check(Check(name: "test accuracy", value: 0.84, threshold: 0.85, comparison: .greaterOrEqual,
                         detail: "train longer (--epochs 10) or check the learning rate")),
        ]
        for block in blocks { body += HTMLBlocks.render(block, mathFallback: { $0 }) + "\n" }
        body += "<figure class=\"bp-figure\">" + SVGHeatmap.render(heatmap) + "</figure>\n"
        return HTMLPage.render(title: "Lesson 3 — Gradient checking", body: body,
                               navigation: .init(previous: .init(title: "2. The chain rule", href: "02.html"),
                                                 index: .init(title: "Contents", href: "index.html"),
                                                 next: .init(title: "4. Softmax & cross-entropy", href: "04.html")))
    }

    @Test("the sample page is well-formed and can be written for a visual check")
    func sample() throws {
        let page = Self.samplePage()
        let parsed = parseXML(page)
        #expect(parsed.error == nil, "sample page not well-formed: \(parsed.error ?? "")")
        #expect(parsed.elements?.filter { $0.name == "svg" }.count == 4 + 6)
        if let path = ProcessInfo.processInfo.environment["BACKPROP_HTML_SAMPLE"] {
            try page.write(toFile: path, atomically: true, encoding: .utf8)
        }
    }
}
