// Test support for the HTML export: a small temporary course with a stage that emits every
// kind of output (with markup characters in every string), and helpers that read the
// written site back independently of the code that wrote it.
import Foundation
@testable import LessonEngine

/// A stage emitting text, table, chart, heatmap, images and checks; `throws` throws.
final class ExportFixtureStage: Stage {
    struct Failure: Error, CustomStringConvertible { var description: String { "the <fixture> stage failed & stopped" } }
    var steps: [String] { ["outputs", "passing", "failing", "throws", "trap"] }
    func run(step: String, context: StageContext) throws {
        switch step {
        case "outputs":
            context.text("Stage says <script>alert('x')</script> & `a < b` and $x_1$.")
            context.table(Table(title: "Scores <b>&</b>", headers: ["name", "value"],
                                rows: [["<script>evil()</script>", "1.5"], ["Tom & Jerry", "2"]]))
            context.chart(Chart(title: "Loss <curve>", xLabel: "step & epoch", yLabel: "loss", series: [
                Chart.Series(name: "train <loss>", x: [0, 1, 2, 3], y: [2.0, 1.0, 0.6, 0.4]),
                Chart.Series(name: "val & test", x: [0, 1, 2, 3], y: [2.1, 1.3, 0.9, 0.8]),
            ]))
            context.chart(Chart(title: "Error vs h", xLabel: "h", yLabel: "error", xScale: .log, yScale: .log, series: [
                Chart.Series(name: "central", x: [1e-1, 1e-3, 1e-5], y: [1e-3, 1e-7, 1e-10]),
            ]))
            context.emit(.heatmap(Heatmap(title: "Confusion", rowLabels: ["cat", "dog"], columnLabels: ["cat", "dog"],
                                          values: [[5, 1], [2, 7]])))
            context.images(ImageGrid(title: "Digits", width: 2, height: 2, pixels: [[0, 255, 128, 0], [9, 9, 9, 9]],
                                     captions: ["zero <0>", "one & only"]))
        case "passing":
            context.check(Check(name: "error small", value: 1e-9, threshold: 1e-7, comparison: .lessOrEqual))
        case "failing":
            context.check(Check(name: "accuracy <high>", value: 0.5, threshold: 0.9, comparison: .greaterOrEqual,
                                detail: "worst: W[0,1] & b[2]"))
        case "throws":
            throw Failure()
        default:
            throw TrapError()
        }
    }
}

/// Thrown by a stage that must not run (used to prove `--reuse` did not run it).
struct TrapError: Error, CustomStringConvertible { var description: String { "TRAP: the stage ran" } }

/// The same steps, each throwing: a stage that must never be asked to run.
final class TrapStage: Stage {
    var steps: [String] { ExportFixtureStage().steps }
    func run(step: String, context: StageContext) throws { throw TrapError() }
}

let exportRegistry = StageRegistry(["fixture": { ExportFixtureStage() }])
let trapRegistry = StageRegistry(["fixture": { TrapStage() }])

/// Three lessons: 1 shows every output kind, 2 fails (failing check and a throw), 3 passes.
func exportCourse() -> URL {
    let root = temporaryDirectory()
    write("""
    ---
    id: outputs
    title: Every <output> & kind
    stage: fixture
    summary: Prose with <script>alert(1)</script> & an ampersand.
    hints:
      - Try <harder> & longer.
    ---
    # Heading & <tag>

    Before the run: <script>alert(1)</script> & **bold** *it* $\\frac{a}{b} < c$ [site](https://example.com/?a=1&b=2) [jump](#heading-tag).

    ```swift
    let s = "<script>" && x < y // <b>
    ```

    | col <a> | col & b |
    |---|---|
    | <i>x</i> | 1 & 2 |

    $$ a < b \\& c $$

    ::: run outputs

    After the run.

    ::: run passing
    """, to: root.appendingPathComponent("lessons/01-outputs.md"))
    write("""
    ---
    id: broken
    title: A failing lesson
    stage: fixture
    ---
    ## Fails

    Text before.

    ::: run failing
    ::: run throws

    Text after.
    """, to: root.appendingPathComponent("lessons/02-broken.md"))
    write("""
    ---
    id: last
    title: The last one
    stage: fixture
    ---
    Just a passing check.

    ::: run passing
    """, to: root.appendingPathComponent("lessons/03-last.md"))
    return root
}

/// Every `.html` file in `directory`, name → text.
func sitePages(_ directory: URL) -> [String: String] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    var pages: [String: String] = [:]
    for name in names where name.hasSuffix(".html") {
        pages[name] = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }
    return pages
}

/// The `<svg …>…</svg>` substrings whose opening tag has `class="CLASS"`.
func svgElements(in html: String, class cssClass: String) -> [String] {
    var result: [String] = []
    var rest = html[...]
    while let start = rest.range(of: "<svg ") {
        guard let end = rest[start.lowerBound...].range(of: "</svg>") else { break }
        let svg = String(rest[start.lowerBound..<end.upperBound])
        let openTag = svg.prefix { $0 != ">" }
        if openTag.contains("class=\"\(cssClass)\"") { result.append(svg) }
        rest = rest[end.upperBound...]
    }
    return result
}
