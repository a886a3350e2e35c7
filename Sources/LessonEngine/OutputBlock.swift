// LessonEngine owns lessons (markdown), stages (runnable code behind a lesson), running,
// gating, progress and rendering. It knows nothing about neural networks: a stage hands it
// output blocks and check results; the engine renders, records and gates.

/// One piece of a stage step's output, rendered by the terminal or HTML renderer.
public enum OutputBlock: Sendable, Equatable {
    /// Plain prose (may contain `inline code` and $maths$, rendered like lesson text).
    case text(String)
    /// A table of already-formatted cells.
    case table(Table)
    /// A line chart of one or more series.
    case chart(Chart)
    /// A grid of small greyscale images with captions (e.g. 28×28 Fashion-MNIST items).
    case images(ImageGrid)
    /// A matrix of numbers shaded by value, e.g. a confusion matrix.
    case heatmap(Heatmap)
    /// A verdict: the lesson passes only if every check passes.
    case check(Check)
}

/// A table: header cells and rows of cells (all strings, formatted by the stage).
public struct Table: Sendable, Equatable {
    public var title: String?
    public var headers: [String]
    public var rows: [[String]]
    /// Per column: right-align (numbers) or left-align (text). Defaults to numbers right.
    public var rightAligned: [Bool]?

    public init(title: String? = nil, headers: [String], rows: [[String]], rightAligned: [Bool]? = nil) {
        self.title = title
        self.headers = headers
        self.rows = rows
        self.rightAligned = rightAligned
    }
}

/// A line chart. Points with non-finite coordinates (or ≤ 0 on a log axis) are skipped.
public struct Chart: Sendable, Equatable {
    public enum Scale: String, Sendable, Equatable { case linear, log }

    public struct Series: Sendable, Equatable {
        public var name: String
        public var points: [Point]
        public init(name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
        public init(name: String, x: [Double], y: [Double]) {
            precondition(x.count == y.count, "Chart.Series \(name): \(x.count) x values but \(y.count) y values")
            self.init(name: name, points: zip(x, y).map { Point(x: $0, y: $1) })
        }
    }

    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var xScale: Scale
    public var yScale: Scale
    public var series: [Series]

    public init(title: String, xLabel: String, yLabel: String,
                xScale: Scale = .linear, yScale: Scale = .linear, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.xScale = xScale
        self.yScale = yScale
        self.series = series
    }
}

/// Greyscale images, each `width×height` bytes row-major (0 = black, 255 = white), with a
/// caption under each.
public struct ImageGrid: Sendable, Equatable {
    public var title: String?
    public var width: Int
    public var height: Int
    public var pixels: [[UInt8]]
    public var captions: [String]

    public init(title: String? = nil, width: Int, height: Int, pixels: [[UInt8]], captions: [String]) {
        precondition(pixels.allSatisfy { $0.count == width * height },
                     "ImageGrid: every image must have \(width)×\(height) = \(width * height) pixels")
        precondition(captions.count == pixels.count, "ImageGrid: \(pixels.count) images but \(captions.count) captions")
        self.title = title
        self.width = width
        self.height = height
        self.pixels = pixels
        self.captions = captions
    }
}

/// A numerical claim and whether it held: `value comparison threshold`.
public struct Check: Sendable, Equatable {
    public enum Comparison: String, Sendable, Equatable {
        case lessOrEqual = "≤"
        case greaterOrEqual = "≥"
        case equal = "="
    }

    public var name: String
    public var value: Double
    public var threshold: Double
    public var comparison: Comparison
    public var passed: Bool
    /// What was measured and, on failure, where to look (worst entries, a hint).
    public var detail: String

    /// A check whose verdict is computed from the comparison.
    public init(name: String, value: Double, threshold: Double, comparison: Comparison, detail: String = "") {
        self.name = name
        self.value = value
        self.threshold = threshold
        self.comparison = comparison
        self.detail = detail
        switch comparison {
        case .lessOrEqual: passed = value <= threshold
        case .greaterOrEqual: passed = value >= threshold
        case .equal: passed = value == threshold
        }
    }

    /// A yes/no check (value 1 = true, threshold 1).
    public init(name: String, holds: Bool, detail: String = "") {
        self.init(name: name, value: holds ? 1 : 0, threshold: 1, comparison: .equal, detail: detail)
    }
}
