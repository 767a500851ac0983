import CivicQuery
import CivicStorage

/// Markdown: a pipe table ready for a story, with the footer and the citation beneath.
/// Pipes, backslashes and line breaks in the data are escaped; money shows as £1,234.56.
struct MarkdownWriter: ResultWriter {
    let out: Sink
    var columns: [ColumnInfo] = []
    var count = 0

    init(out: @escaping Sink) { self.out = out }

    /// The escaping applied to every cell (for tests).
    static func escapeForTest(_ s: String) -> String { escape(s) }

    /// One source as a citation's list item: publisher, *title*, period, licence, file.
    static func sourceLine(_ s: SourceRecord) -> String {
        "\(escape(s.publisher)), *\(escape(s.title))*, \(escape(s.period)). Licence: \(escape(s.licence)).\(escape(s.whereAndWhen)) File: `\(s.file)`\(s.synthetic ? " **(synthetic demo data)**" : "")"
    }

    static func escape(_ s: String) -> String {
        // Most cells hold none of the characters Markdown gives a meaning: pass them through.
        guard s.utf8.contains(where: { b in
            b == 0x7C || b == 0x5C || b == 0x0A || b == 0x0D || b == 0x3C || b == 0x3E || b == 0x2A || b == 0x5F || b == 0x60 || b == 0x5B || b == 0x5D
        }) else { return s }
        var o = ""
        for c in s {
            switch c {
            case "|": o += "\\|"
            case "\\": o += "\\\\"
            case "\n", "\r": o += "<br>"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "*", "_", "`", "[", "]": o += "\\" + String(c)
            default: o.append(c)
            }
        }
        return o
    }

    mutating func begin(columns: [ColumnInfo]) {
        self.columns = columns
        out("| " + columns.map { Self.escape($0.name) }.joined(separator: " | ") + " |\n")
        out("|" + columns.map { $0.type.isNumber ? "---:" : "---" }.joined(separator: "|") + "|\n")
    }

    mutating func row(_ values: [Value], synthetic: Bool) {
        count += 1
        let cells = zip(values, columns).map { v, c in Self.escape(Cell.text(v, c.type)) }
        out("| " + cells.joined(separator: " | ") + " |\n")
    }

    mutating func end(footer: Footer) {
        var lines = ["", footer.rows == 1 ? "1 row." : "\(Cell.grouped(footer.rows)) rows."]
        if let w = footer.syntheticWarning { lines.append(""); lines.append("**\(Self.escape(w))**") }
        for n in footer.notes { lines.append(""); lines.append(Self.escape(n)) }
        if let c = footer.citation {
            lines.append("")
            lines.append("**Query:** `\(c.query.replacingAll("`", with: "'"))`")
            lines.append("")
            lines.append("**Sources:**")
            lines.append("")
            for s in c.sources {
                lines.append("- " + Self.sourceLine(s))
            }
            if c.sources.isEmpty { lines.append("- (no rows, so no sources)") }
            if c.anySynthetic { lines.append(""); lines.append("**\(Self.escape(Citation.syntheticWarning))**") }
        }
        out(lines.joined(separator: "\n") + "\n")
    }
}

/// HTML: a small standalone page with the table, the footer and the citation; everything from
/// the data is escaped.
struct HTMLWriter: ResultWriter {
    let out: Sink
    let title: String
    /// A chart's inline SVG, drawn above the table (`| chart`).
    let chart: String?
    var columns: [ColumnInfo] = []

    init(title: String, chart: String? = nil, out: @escaping Sink) {
        self.out = out
        self.title = title
        self.chart = chart
    }

    static func escape(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return s }
        var o = ""
        for c in s {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&#39;"
            default: o.append(c)
            }
        }
        return o
    }

    mutating func begin(columns: [ColumnInfo]) {
        self.columns = columns
        out("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>\(Self.escape(title))</title>
            <style>body{font-family:sans-serif}table{border-collapse:collapse}th,td{padding:.2em .6em;border-bottom:1px solid #ccc}td.n{text-align:right}.warning{color:#a00;font-weight:bold}</style>
            </head><body>
            \(chart.map { $0 + "\n" } ?? "")<table>
            <thead><tr>\(columns.map { "<th>\(Self.escape($0.name))</th>" }.joined())</tr></thead>
            <tbody>

            """)
    }

    mutating func row(_ values: [Value], synthetic: Bool) {
        let cells = zip(values, columns).map { v, c in
            "<td\(c.type.isNumber ? " class=\"n\"" : "")>\(Self.escape(Cell.text(v, c.type)))</td>"
        }
        out("<tr\(synthetic ? " class=\"synthetic\"" : "")>" + cells.joined() + "</tr>\n")
    }

    mutating func end(footer: Footer) {
        var h = ["</tbody></table>", "<p>\(footer.rows == 1 ? "1 row" : "\(Cell.grouped(footer.rows)) rows").</p>"]
        if let w = footer.syntheticWarning { h.append("<p class=\"warning\">\(Self.escape(w))</p>") }
        for n in footer.notes { h.append("<p>\(Self.escape(n))</p>") }
        if let c = footer.citation {
            h.append("<section class=\"sources\"><p><strong>Query:</strong> <code>\(Self.escape(c.query))</code></p><p><strong>Sources:</strong></p><ul>")
            for s in c.sources {
                h.append("<li>\(Self.escape(s.publisher)), <em>\(Self.escape(s.title))</em>, \(Self.escape(s.period)). Licence: \(Self.escape(s.licence)).\(Self.escape(s.whereAndWhen)) File: <code>\(Self.escape(s.file))</code>\(s.synthetic ? " <strong>(synthetic demo data)</strong>" : "")</li>")
            }
            if c.sources.isEmpty { h.append("<li>(no rows, so no sources)</li>") }
            h.append("</ul>")
            if c.anySynthetic { h.append("<p class=\"warning\">\(Self.escape(Citation.syntheticWarning))</p>") }
            h.append("</section>")
        }
        h.append("</body></html>")
        out(h.joined(separator: "\n") + "\n")
    }
}

/// JSON Lines: one object per row, streamed; with a citation, a last line `{"meta": {…}}`. In a
/// script, every line starts with the query's number: `{"query": 2, …}`.
struct JSONLinesWriter: ResultWriter {
    let out: Sink
    let queryNumber: Int?
    var columns: [ColumnInfo] = []

    init(queryNumber: Int? = nil, out: @escaping Sink) {
        self.out = out
        self.queryNumber = queryNumber
    }

    var prefix: String { queryNumber.map { "\"query\": \($0), " } ?? "" }

    mutating func begin(columns: [ColumnInfo]) { self.columns = columns }

    mutating func row(_ values: [Value], synthetic: Bool) {
        let fields = zip(values, columns).map { v, c in "\(JSONWriter.string(c.name)): \(JSONWriter.value(v, c.type))" }
        out("{" + prefix + fields.joined(separator: ", ") + "}\n")
    }

    mutating func end(footer: Footer) {
        guard let c = footer.citation else { return }
        var m = ["\"rows\": \(footer.rows)", "\"synthetic_rows\": \(footer.syntheticRows)", "\"mixed_rows\": \(footer.mixedRows)", "\"query\": \(JSONWriter.string(c.query))",
                 "\"sources\": [" + c.sources.map(JSONWriter.source).joined(separator: ", ") + "]"]
        if !footer.notes.isEmpty { m.append("\"notes\": [" + footer.notes.map(JSONWriter.string).joined(separator: ", ") + "]") }
        out("{" + prefix + "\"meta\": {" + m.joined(separator: ", ") + "}}\n")
    }
}

extension String {
    func replacingAll(_ a: Character, with b: String) -> String { map { $0 == a ? b : String($0) }.joined() }
}
