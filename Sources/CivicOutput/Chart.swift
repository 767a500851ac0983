import CivicQuery
import CivicStorage

/// A horizontal bar chart of a result's last numeric column, labelled by its other columns,
/// with values and a scale. Block characters on a terminal, `#` when piped.
enum Chart {
    static func render(columns: [ColumnInfo], rows: [[Value]], width: Int = 40, unicode: Bool = true) -> String {
        guard let valueIndex = columns.lastIndex(where: { $0.type.isNumber }) else { return "(nothing to chart)\n" }
        let type = columns[valueIndex].type
        let labels = rows.map { row in
            row.enumerated().filter { $0.offset != valueIndex && !columns[$0.offset].type.isNumber }
                // An empty key is labelled as tables label it (rows with no date, no category).
                .map { $0.element == .null ? "(none)" : Cell.safeForTerminal(Cell.text($0.element, columns[$0.offset].type)) }
                .joined(separator: " · ")
        }
        let values: [Double] = rows.map { row in
            switch row[valueIndex] {
            case .integer(let i): return Double(i)
            case .real(let d): return d
            default: return 0
            }
        }
        guard !values.isEmpty else { return "(no rows)\n" }
        let maxValue = values.map { abs($0) }.max() ?? 0
        let labelWidth = min(40, labels.map(\.count).max() ?? 0)
        let block = unicode ? "█" : "#"
        var lines: [String] = []
        for (label, v) in zip(labels, values) {
            let n = maxValue > 0 ? Int((abs(v) / maxValue * Double(width)).rounded()) : 0
            let shown = label.count > labelWidth ? String(label.prefix(labelWidth - 1)) + "…" : label
            let pad = String(repeating: " ", count: labelWidth - shown.count)
            let valueText = Cell.text(type == .money || type == .count ? .integer(Int64(v)) : .real(v), type)
            lines.append("\(shown)\(pad)  \(v < 0 ? "-" : "")\(String(repeating: block, count: max(n, v != 0 ? 1 : 0))) \(valueText)")
        }
        let scaleValue = Cell.text(type == .money || type == .count ? .integer(Int64(maxValue)) : .real(maxValue), type)
        let scale = "scale".count <= labelWidth ? "scale" + String(repeating: " ", count: labelWidth - 5) : "scale"
        lines.append("\(scale)  \(String(repeating: block, count: width)) = \(scaleValue)")
        return lines.joined(separator: "\n") + "\n"
    }
}
