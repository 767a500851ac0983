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

    /// The colours the SVG charts draw in: a bar, a negative one, and the subject's own.
    static let barColour = "#4672b4", negativeColour = "#b44", highlightColour = "#c0266d"

    /// The chart as an inline SVG for a web page: one bar per row, its label on the left and
    /// its value on the right; everything from the data is escaped. `highlight` is a row drawn
    /// in another colour with its label in bold (the subject among its neighbours); `title`
    /// names the chart for a screen reader (`aria-label` and `<title>`); `fitLabels` measures
    /// each label by its letters (`textWidth`), so a label in capitals is not cut off on the
    /// left, and shortens any wider than 300 pixels. Without these the SVG is as `| chart` has
    /// always written it.
    static func svg(columns: [ColumnInfo], rows: [[Value]], barWidth: Int = 400, highlight: Int? = nil, title: String? = nil,
                    fitLabels: Bool = false) -> String? {
        guard let (labels, values, type) = series(columns: columns, rows: rows, forTerminal: false), !values.isEmpty else { return nil }
        let maxValue = values.map { abs($0) }.max() ?? 0
        var shownLabels = labels.map { $0.count > 40 ? String($0.prefix(39)) + "…" : $0 }
        var labelWidth = min(40, labels.map(\.count).max() ?? 0) * 7 + 10
        if fitLabels {
            shownLabels = shownLabels.map { label in
                var l = label
                while textWidth(l) > 300, l.count > 2 { l = String(l.dropLast(l.hasSuffix("…") ? 2 : 1)) + "…" }
                return l
            }
            // A bold label (the subject's) is a little wider.
            labelWidth = Int((shownLabels.map { textWidth($0) }.max() ?? 0) * 1.08) + 12
        }
        let rowHeight = 22
        let valueWidth = 160
        let width = labelWidth + barWidth + valueWidth
        let height = rowHeight * values.count + 4
        let named = title.map { " aria-label=\"\(HTMLWriter.escape($0))\"" } ?? ""
        var s = ["<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\"\(named) font-family=\"sans-serif\" font-size=\"12\">"]
        if let title { s.append("<title>\(HTMLWriter.escape(title))</title>") }
        for (i, (shown, v)) in zip(shownLabels, values).enumerated() {
            let y = i * rowHeight + 2
            var w = maxValue > 0 ? abs(v) / maxValue * Double(barWidth) : 0
            if v != 0 { w = max(w, 1) }
            let text = valueText(v, type)
            let mine = i == highlight
            let fill = mine ? highlightColour : v < 0 ? negativeColour : barColour
            s.append("<g\(mine ? " class=\"subject\"" : "")><title>\(HTMLWriter.escape(fitLabels ? labels[i] : shown)): \(HTMLWriter.escape(text))</title>"
                     + "<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\"\(mine ? " font-weight=\"bold\"" : "")>\(HTMLWriter.escape(shown))</text>"
                     + "<rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(String(format2(w)))\" height=\"\(rowHeight - 6)\" fill=\"\(fill)\"/>"
                     + "<text x=\"\(labelWidth + Int(w.rounded(.up)) + 6)\" y=\"\(y + 15)\"\(mine ? " font-weight=\"bold\"" : "")>\(HTMLWriter.escape(text))</text></g>")
        }
        s.append("</svg>")
        return s.joined(separator: "\n")
    }

    /// A column chart of periods as an inline SVG: one column per row, oldest first (rows are
    /// put in order of their label, so ISO months and years read left to right, rows with no
    /// period last), a zero line with negative columns below it, the largest and smallest values
    /// on the left and a few of the periods beneath. Each column's `<title>` gives its period and
    /// value; everything from the data is escaped.
    static func columnsSVG(columns: [ColumnInfo], rows: [[Value]], title: String, plotWidth: Int = 720, plotHeight: Int = 200) -> String? {
        guard let (labels, values, type) = series(columns: columns, rows: rows, forTerminal: false), !values.isEmpty else { return nil }
        let order = labels.indices.sorted { a, b in
            let (x, y) = (labels[a], labels[b])
            if (x == "(none)") != (y == "(none)") { return y == "(none)" }
            return x == y ? a < b : x < y
        }
        let high = values.max().map { max($0, 0) } ?? 0, low = values.min().map { min($0, 0) } ?? 0
        let range = high - low > 0 ? high - low : 1
        let left = Int(([high, low].map { textWidth(valueText($0, type), size: 11) }.max() ?? 0).rounded(.up)) + 14
        let top0 = 10, bottom = 34
        let width = left + plotWidth + 10, height = top0 + plotHeight + bottom
        func y(_ v: Double) -> Double { Double(top0) + (high - v) / range * Double(plotHeight) }
        let slot = Double(plotWidth) / Double(values.count)
        // A column is at most 48 pixels wide, so a few periods do not fill the width as blocks.
        let bar = min(48, max(1, slot * 0.8))
        var s = ["<svg class=\"chart columns\" xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" role=\"img\" aria-label=\"\(HTMLWriter.escape(title))\" font-family=\"sans-serif\" font-size=\"11\">",
                 "<title>\(HTMLWriter.escape(title))</title>"]
        // The scale: the largest value, zero and (when there is one) the most negative.
        let zero = y(0)
        var marks: [(Double, String)] = [(zero, valueText(0, type))]
        if high > 0 { marks.append((y(high), valueText(high, type))) }
        if low < 0 { marks.append((y(low), valueText(low, type))) }
        for (at, text) in marks {
            s.append("<line x1=\"\(left - 4)\" y1=\"\(format2(at))\" x2=\"\(left + plotWidth)\" y2=\"\(format2(at))\" stroke=\"\(at == zero ? "#555" : "#ccc")\" stroke-width=\"1\"/>"
                     + "<text x=\"\(left - 6)\" y=\"\(format2(at + 4))\" text-anchor=\"end\">\(HTMLWriter.escape(text))</text>")
        }
        // A label under at most about seven columns, evenly spaced, and the last.
        let step = max(1, Int((Double(values.count) / 7).rounded(.up)))
        for (slotIndex, i) in order.enumerated() {
            let v = values[i]
            let x = Double(left) + Double(slotIndex) * slot + (slot - bar) / 2
            let y0 = min(zero, y(v)), h = max(abs(y(v) - zero), v == 0 ? 0 : 1)
            s.append("<g><title>\(HTMLWriter.escape(labels[i])): \(HTMLWriter.escape(valueText(v, type)))</title>"
                     + "<rect x=\"\(format2(x))\" y=\"\(format2(y0))\" width=\"\(format2(bar))\" height=\"\(format2(h))\" fill=\"\(v < 0 ? negativeColour : barColour)\"/></g>")
            let last = slotIndex == order.count - 1
            if slotIndex % step == 0 || (last && Double(slotIndex % step) * slot >= 60) {
                let cx = Double(left) + (Double(slotIndex) + 0.5) * slot
                s.append("<text x=\"\(format2(cx))\" y=\"\(top0 + plotHeight + 16)\" text-anchor=\"middle\">\(HTMLWriter.escape(labels[i]))</text>")
            }
        }
        s.append("</svg>")
        return s.joined(separator: "\n")
    }

    /// About how wide `s` is in pixels, in a sans-serif font of `size` pixels (DejaVu Sans, the
    /// widest of the common ones): capitals and digits wider than small letters, spaces and
    /// punctuation narrower. An estimate that errs wide, for laying out an SVG's labels.
    static func textWidth(_ s: String, size: Double = 12) -> Double {
        var em = 0.0
        for c in s {
            switch c {
            case "M", "W", "m", "w", "@", "%", "—", "…": em += 0.9
            case "i", "j", "l", "I", "!", "|", "'", ".", ",", ":", ";", " ", "(", ")", "[", "]", "·": em += 0.34
            case "f", "r", "t", "/", "-": em += 0.45
            case _ where c.isUppercase: em += 0.74
            case _ where c.isNumber: em += 0.64
            default: em += 0.6
            }
        }
        return em * size
    }

    /// A width with at most two decimals, as SVG reads it.
    static func format2(_ d: Double) -> String {
        let r = (d * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }
}
