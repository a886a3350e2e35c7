import Foundation

// Codable mirrors of `OutputBlock` for recordings. (The output types stay free of Codable;
// synthesised conformances cannot be added from another file, and the JSON shape here is
// the recording's own contract.)

/// An `OutputBlock` as stored in a recording.
public enum RecordedOutput: Sendable, Equatable, Codable {
    case text(String)
    case table(RecordedTable)
    case chart(RecordedChart)
    case images(RecordedImages)
    case heatmap(RecordedHeatmap)
    case check(RecordedCheck)

    public init(_ block: OutputBlock) {
        switch block {
        case .text(let text): self = .text(text)
        case .table(let table): self = .table(RecordedTable(table))
        case .chart(let chart): self = .chart(RecordedChart(chart))
        case .images(let grid): self = .images(RecordedImages(grid))
        case .heatmap(let heatmap): self = .heatmap(RecordedHeatmap(heatmap))
        case .check(let check): self = .check(RecordedCheck(check))
        }
    }

    public var outputBlock: OutputBlock {
        switch self {
        case .text(let text): .text(text)
        case .table(let table): .table(table.table)
        case .chart(let chart): .chart(chart.chart)
        case .images(let images): .images(images.grid)
        case .heatmap(let heatmap): .heatmap(heatmap.heatmap)
        case .check(let check): .check(check.check)
        }
    }
}

public struct RecordedTable: Sendable, Equatable, Codable {
    var title: String?
    var headers: [String]
    var rows: [[String]]
    var rightAligned: [Bool]?
    init(_ table: Table) { (title, headers, rows, rightAligned) = (table.title, table.headers, table.rows, table.rightAligned) }
    var table: Table { Table(title: title, headers: headers, rows: rows, rightAligned: rightAligned) }
}

public struct RecordedChart: Sendable, Equatable, Codable {
    struct Series: Sendable, Equatable, Codable {
        var name: String
        var x: [Double]
        var y: [Double]
    }
    var title, xLabel, yLabel, xScale, yScale: String
    var series: [Series]
    init(_ chart: Chart) {
        (title, xLabel, yLabel) = (chart.title, chart.xLabel, chart.yLabel)
        (xScale, yScale) = (chart.xScale.rawValue, chart.yScale.rawValue)
        series = chart.series.map { Series(name: $0.name, x: $0.points.map(\.x), y: $0.points.map(\.y)) }
    }
    var chart: Chart {
        Chart(title: title, xLabel: xLabel, yLabel: yLabel, xScale: Chart.Scale(rawValue: xScale) ?? .linear,
              yScale: Chart.Scale(rawValue: yScale) ?? .linear,
              series: series.map { Chart.Series(name: $0.name, points: zip($0.x, $0.y).map { Chart.Point(x: $0, y: $1) }) })
    }
}

/// Pixels as base64 (a 28×28 image is ~1 KB instead of ~3 KB of JSON numbers).
public struct RecordedImages: Sendable, Equatable, Codable {
    var title: String?
    var width: Int
    var height: Int
    var pixels: [String]
    var captions: [String]
    init(_ grid: ImageGrid) {
        (title, width, height, captions) = (grid.title, grid.width, grid.height, grid.captions)
        pixels = grid.pixels.map { Data($0).base64EncodedString() }
    }
    var grid: ImageGrid {
        let size = width * height
        let decoded = pixels.map { text -> [UInt8] in
            let bytes = [UInt8](Data(base64Encoded: text) ?? Data())
            return bytes.count == size ? bytes : [UInt8](repeating: 0, count: size)
        }
        let names = captions.count == decoded.count ? captions : decoded.indices.map { captions.indices.contains($0) ? captions[$0] : "" }
        return ImageGrid(title: title, width: width, height: height, pixels: decoded, captions: names)
    }
}

public struct RecordedHeatmap: Sendable, Equatable, Codable {
    var title: String
    var rowLabels: [String]
    var columnLabels: [String]
    var values: [[Double]]
    /// `integer`, `decimal` or `percent`, with `places`.
    var format: String
    var places: Int
    var rowTitle: String
    var columnTitle: String
    init(_ heatmap: Heatmap) {
        (title, rowLabels, columnLabels, values) = (heatmap.title, heatmap.rowLabels, heatmap.columnLabels, heatmap.values)
        (rowTitle, columnTitle) = (heatmap.rowTitle, heatmap.columnTitle)
        switch heatmap.valueFormat {
        case .integer: (format, places) = ("integer", 0)
        case .decimal(let count): (format, places) = ("decimal", count)
        case .percent(let count): (format, places) = ("percent", count)
        }
    }
    var heatmap: Heatmap {
        let valueFormat: Heatmap.ValueFormat = format == "decimal" ? .decimal(places: places)
            : format == "percent" ? .percent(places: places) : .integer
        // A damaged recording must not trip Heatmap's preconditions: pad or cut to the labels.
        let fitted = rowLabels.indices.map { row -> [Double] in
            let values = row < self.values.count ? self.values[row] : []
            return columnLabels.indices.map { $0 < values.count ? values[$0] : .nan }
        }
        return Heatmap(title: title, rowLabels: rowLabels, columnLabels: columnLabels, values: fitted,
                       valueFormat: valueFormat, rowTitle: rowTitle, columnTitle: columnTitle)
    }
}

public struct RecordedCheck: Sendable, Equatable, Codable {
    var name: String
    var value: Double
    var threshold: Double
    var comparison: String
    var passed: Bool
    var detail: String
    init(_ check: Check) {
        (name, value, threshold, passed, detail) = (check.name, check.value, check.threshold, check.passed, check.detail)
        comparison = check.comparison.rawValue
    }
    var check: Check {
        var check = Check(name: name, value: value, threshold: threshold,
                          comparison: Check.Comparison(rawValue: comparison) ?? .equal, detail: detail)
        check.passed = passed
        return check
    }
}
