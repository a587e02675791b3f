import Foundation

/// A line chart rendered as a self-contained SVG string: one line per
/// series (the mean over seeds) with a shaded band (mean ± std), axes with
/// ticks, axis labels with units, a title and a legend.
public struct SVGChart {
    public struct Series {
        public let name: String
        /// (x, mean, std) points, x ascending.
        public let points: [(x: Double, mean: Double, std: Double)]

        public init(name: String, points: [(x: Double, mean: Double, std: Double)]) {
            self.name = name
            self.points = points
        }
    }

    public let title: String
    public let xLabel: String
    public let yLabel: String
    public let series: [Series]
    public var width = 640.0
    public var height = 340.0
    /// Shown after the title when no series has a point.
    public var emptyMessage = "no data"

    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"]

    /// The colour of series `i`: the ten above, then hues a golden angle apart, so that
    /// every configuration of a comparison has a colour of its own.
    static func color(_ i: Int) -> String {
        i < colors.count ? colors[i] : "hsl(\(Int((Double(i) * 137.508).truncatingRemainder(dividingBy: 360))), 65%, 42%)"
    }

    public var svg: String {
        // The legend's column widens the chart for long names (about 7 px a character at 12 px).
        let legend = 46 + 7 * Double(series.map(\.name.count).max() ?? 0)
        let legendColumn = 150.0  // of `width`; a wider legend widens the chart, not the plot
        let (left, right, top, bottom) = (95.0, max(legendColumn, legend), 36.0, 50.0)
        let plotW = width - left - legendColumn, plotH = height - top - bottom
        let chartWidth = left + plotW + right
        let all = series.flatMap(\.points)
        guard !all.isEmpty else {
            return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(chartWidth))\" height=\"64\"><text font-family=\"sans-serif\" font-size=\"14\">"
                + "<tspan x=\"10\" y=\"24\" font-weight=\"bold\">\(escape(title))</tspan><tspan x=\"10\" y=\"46\" font-size=\"12\">\(escape(emptyMessage))</tspan></text></svg>"
        }
        let xMin = all.map(\.x).min() ?? 0, xMax = max(all.map(\.x).max() ?? 1, xMin + 1e-9)
        // Series whose means are never negative (divergences, norms) keep a floor
        // of 0: their bands are cut there instead of dipping below it.
        let nonNegative = all.allSatisfy { $0.mean >= 0 }
        var yMin = all.map { nonNegative ? max(0, $0.mean - $0.std) : $0.mean - $0.std }.min() ?? 0
        var yMax = all.map { $0.mean + $0.std }.max() ?? 1
        if yMax - yMin < 1e-9 { yMin -= 0.5; yMax += 0.5 }
        // The y axis runs between round ticks around the data (not below 0 for data that never is).
        let yStep = Self.tickStep(yMax - yMin)
        yMin = (yMin / yStep).rounded(.down) * yStep
        yMax = (yMax / yStep).rounded(.up) * yStep
        if nonNegative { yMin = max(yMin, 0) }
        let xStep = Self.tickStep(xMax - xMin)
        func px(_ x: Double) -> Double { left + (x - xMin) / (xMax - xMin) * plotW }
        func py(_ y: Double) -> Double { top + (1 - (y - yMin) / (yMax - yMin)) * plotH }
        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(chartWidth))\" height=\"\(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        s += "<text x=\"\(Int(chartWidth / 2))\" y=\"20\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">\(escape(title))</text>\n"
        s += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotW)\" height=\"\(plotH)\" fill=\"none\" stroke=\"#999\"/>\n"
        for fx in Self.ticks(from: xMin, to: xMax, step: xStep) {
            s += "<line x1=\"\(px(fx))\" y1=\"\(top + plotH)\" x2=\"\(px(fx))\" y2=\"\(top + plotH + 5)\" stroke=\"#666\"/>"
            s += "<text x=\"\(px(fx))\" y=\"\(top + plotH + 18)\" text-anchor=\"middle\">\(format(fx, step: xStep))</text>\n"
        }
        for fy in Self.ticks(from: yMin, to: yMax, step: yStep) {
            s += "<line x1=\"\(left - 5)\" y1=\"\(py(fy))\" x2=\"\(left + plotW)\" y2=\"\(py(fy))\" stroke=\"#eee\"/>"
            s += "<text x=\"\(left - 8)\" y=\"\(py(fy) + 4)\" text-anchor=\"end\">\(format(fy, step: yStep))</text>\n"
        }
        s += "<text x=\"\(left + plotW / 2)\" y=\"\(height - 10)\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        s += "<text transform=\"translate(16,\(top + plotH / 2)) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
        for (i, line) in series.enumerated() where !line.points.isEmpty {
            let color = Self.color(i)
            let upper = line.points.map { "\(px($0.x)),\(py($0.mean + $0.std))" }
            let lower = line.points.reversed().map { "\(px($0.x)),\(py(max(yMin, $0.mean - $0.std)))" }
            s += "<polygon points=\"\((upper + lower).joined(separator: " "))\" fill=\"\(color)\" fill-opacity=\"0.15\" stroke=\"none\"/>\n"
            s += "<polyline points=\"\(line.points.map { "\(px($0.x)),\(py($0.mean))" }.joined(separator: " "))\" fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            let ly = top + 10 + Double(i) * 20
            s += "<line x1=\"\(left + plotW + 12)\" y1=\"\(ly)\" x2=\"\(left + plotW + 32)\" y2=\"\(ly)\" stroke=\"\(color)\" stroke-width=\"3\"/>"
            s += "<text x=\"\(left + plotW + 38)\" y=\"\(ly + 4)\">\(escape(line.name))</text>\n"
        }
        return s + "</svg>"
    }

    /// A round distance between ticks for an axis spanning `range`: 1, 2 or 5
    /// times a power of ten, giving 3 to 6 ticks.
    static func tickStep(_ range: Double) -> Double {
        guard range > 0, range.isFinite else { return 1 }
        let raw = range / 4
        let power = Foundation.pow(10, (Foundation.log10(raw)).rounded(.down))
        let fraction = raw / power
        return power * (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10)
    }

    /// The multiples of `step` in `[lower, upper]` (with a little slack for roundoff).
    static func ticks(from lower: Double, to upper: Double, step: Double) -> [Double] {
        let slack = step * 1e-9
        var tick = (lower / step).rounded(.up) * step, result: [Double] = []
        while tick <= upper + slack, result.count < 50 {
            result.append(abs(tick) < slack ? 0 : tick)
            tick += step
        }
        return result
    }

    /// A tick label with just enough decimals to tell ticks `step` apart.
    private func format(_ v: Double, step: Double) -> String {
        let decimals = step > 0 ? max(0, min(8, Int((-Foundation.log10(step) - 1e-6).rounded(.up)))) : 2
        return String(format: "%.\(decimals)f", v)
    }
}

/// Escapes text for HTML and SVG.
func escape(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}
