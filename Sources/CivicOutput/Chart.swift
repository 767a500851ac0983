import CivicQuery
import CivicStorage

/// A horizontal bar chart of a result's last numeric column, labelled by its other columns,
/// with each bar's value beside it and a scale. On a terminal the bars are drawn in eighths of a
/// block (▏▎▍▌▋▊▉█), so a bar a fortieth of the largest still differs from one a fiftieth; piped,
/// in `#`, a whole character each. A bar that is not zero is never drawn shorter than the
/// smallest mark. The HTML format draws the same chart as an inline SVG (`svg`).
enum Chart {
    /// The eighths of a block, from one eighth to a whole block.
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// The labels, values and value type of a result, or nil when it has no numeric column.
    static func series(columns: [ColumnInfo], rows: [[Value]], forTerminal: Bool = true) -> (labels: [String], values: [Double], type: FieldType)? {
        guard let valueIndex = columns.lastIndex(where: { $0.type.isNumber }) else { return nil }
        let labels = rows.map { row in
            row.enumerated().filter { $0.offset != valueIndex && !columns[$0.offset].type.isNumber }
                // An empty key is labelled as tables label it (rows with no date, no category).
                .map { $0.element == .null ? "(none)" : forTerminal ? Cell.safeForTerminal(Cell.text($0.element, columns[$0.offset].type)) : Cell.text($0.element, columns[$0.offset].type) }
                .joined(separator: " · ")
        }
        let values: [Double] = rows.map { row in
            switch row[valueIndex] {
            case .integer(let i): return Double(i)
            case .real(let d): return d
            default: return 0
            }
        }
        return (labels, values, columns[valueIndex].type)
    }

    static func valueText(_ v: Double, _ type: FieldType) -> String {
        Cell.text(type == .money || type == .count ? .integer(Int64(v)) : .real(v), type)
    }

    /// A bar of `fraction` (0…1) of `width` characters.
    static func bar(_ fraction: Double, width: Int, unicode: Bool, nonZero: Bool) -> String {
        if !unicode {
            let n = Int((fraction * Double(width)).rounded())
            return String(repeating: "#", count: max(n, nonZero ? 1 : 0))
        }
        var n = Int((fraction * Double(width * 8)).rounded())
        if nonZero { n = max(n, 1) }
        return String(repeating: "█", count: n / 8) + (n % 8 == 0 ? "" : String(eighths[n % 8 - 1]))
    }

    static func render(columns: [ColumnInfo], rows: [[Value]], width: Int = 40, unicode: Bool = true) -> String {
        guard let (labels, values, type) = series(columns: columns, rows: rows) else { return "(nothing to chart)\n" }
        guard !values.isEmpty else { return "(no rows)\n" }
        let maxValue = values.map { abs($0) }.max() ?? 0
        let labelWidth = min(40, labels.map(\.count).max() ?? 0)
        let texts = values.map { valueText($0, type) }
        let valueWidth = texts.map(\.count).max() ?? 0
        var lines: [String] = []
        for ((label, v), text) in zip(zip(labels, values), texts) {
            let shown = label.count > labelWidth ? String(label.prefix(labelWidth - 1)) + "…" : label
            let pad = String(repeating: " ", count: labelWidth - shown.count)
            let b = (v < 0 ? "-" : "") + bar(maxValue > 0 ? abs(v) / maxValue : 0, width: width, unicode: unicode, nonZero: v != 0)
            // Bars padded to one width, so the values beside them line up on the right.
            let barPad = String(repeating: " ", count: max(0, width - b.count))
            let valuePad = String(repeating: " ", count: valueWidth - text.count)
            lines.append("\(shown)\(pad)  \(b)\(barPad) \(valuePad)\(text)")
        }
        let scale = "scale".count <= labelWidth ? "scale" + String(repeating: " ", count: labelWidth - 5) : "scale"
        lines.append("\(scale)  \(String(repeating: unicode ? "█" : "#", count: width)) = \(valueText(maxValue, type))")
        return lines.joined(separator: "\n") + "\n"
    }

    /// The chart as an inline SVG for a web page: one bar per row, its label on the left and
    /// its value on the right; everything from the data is escaped.
    static func svg(columns: [ColumnInfo], rows: [[Value]], barWidth: Int = 400) -> String? {
        guard let (labels, values, type) = series(columns: columns, rows: rows, forTerminal: false), !values.isEmpty else { return nil }
        let maxValue = values.map { abs($0) }.max() ?? 0
        let labelWidth = min(40, labels.map(\.count).max() ?? 0) * 7 + 10
        let rowHeight = 22
        let valueWidth = 160
        let width = labelWidth + barWidth + valueWidth
        let height = rowHeight * values.count + 4
        var s = ["<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">"]
        for (i, (label, v)) in zip(labels, values).enumerated() {
            let y = i * rowHeight + 2
            var w = maxValue > 0 ? abs(v) / maxValue * Double(barWidth) : 0
            if v != 0 { w = max(w, 1) }
            let shown = label.count > 40 ? String(label.prefix(39)) + "…" : label
            let text = valueText(v, type)
            s.append("<g><title>\(HTMLWriter.escape(shown)): \(HTMLWriter.escape(text))</title>"
                     + "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\">\(HTMLWriter.escape(shown))</text>"
                     + "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(String(format2(w)))\" height=\"\(rowHeight - 6)\" fill=\"\(v < 0 ? "#b44" : "#4672b4")\"/>"
                     + "<text x=\"\(labelWidth + Int(w.rounded(.up)) + 6)\" y=\"\(y + 15)\">\(HTMLWriter.escape(text))</text></g>")
        }
        s.append("</svg>")
        return s.joined(separator: "\n")
    }

    /// A width with at most two decimals, as SVG reads it.
    static func format2(_ d: Double) -> String {
        let r = (d * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
