import CivicQuery
import CivicStorage

/// Output formats of a result.
public enum Format: String, CaseIterable, Sendable {
    case table, box, csv, tsv, json, jsonl, markdown, html, xlsx

    /// The format a file name's extension asks for (`story.md` → markdown), if any.
    public static func from(fileName: String) -> Format? {
        let ext = fileName.split(separator: ".").last.map { $0.lowercased() } ?? ""
        switch ext {
        case "csv": return .csv
        case "tsv", "tab": return .tsv
        case "json": return .json
        case "jsonl", "ndjson": return .jsonl
        case "md", "markdown": return .markdown
        case "html", "htm": return .html
        case "xlsx": return .xlsx
        case "txt": return .table
        default: return nil
        }
    }

    /// The extension of a file of this format (`1.csv` in a folder of results).
    public var fileExtension: String {
        switch self {
        case .table, .box: return "txt"
        case .markdown: return "md"
        default: return rawValue
        }
    }

    /// Formats whose output is read by people and so always carries the citation.
    var alwaysCites: Bool { self == .markdown || self == .html || self == .xlsx }
}

/// Receives a result as it is read: the columns, each row, then the end. Formats that can
/// stream (CSV, JSON) write each row at once; the table collects them to align the columns.
protocol ResultWriter {
    mutating func begin(columns: [ColumnInfo])
    mutating func row(_ values: [Value], synthetic: Bool)
    mutating func end(footer: Footer)
}

/// What a person should read beneath a result.
struct Footer: Sendable {
    var rows: Int
    var syntheticRows: Int
    /// Of the synthetic rows, those that also drew on real data.
    var mixedRows = 0
    var notes: [String]
    var citation: Citation?
    /// How the rows that drew on demo data are picked out: `*` in a table, a column elsewhere.
    var marker = "marked *"

    init(rows: Int, syntheticRows: Int, notes: [String] = [], citation: Citation? = nil) {
        self.rows = rows
        self.syntheticRows = syntheticRows
        self.notes = notes
        self.citation = citation
    }

    /// The plain warning that a result drew on synthetic rows, or nil.
    var syntheticWarning: String? {
        guard syntheticRows > 0 else { return nil }
        let demo = "the synthetic demo layer (generated for demonstration, not real data)"
        // A row that draws on both (a real budget beside demo spending, a count of real and demo
        // schools) is not a real figure either: say so rather than call it all synthetic.
        let mixed = mixedRows == 0 ? "" : mixedRows == syntheticRows
            ? (syntheticRows == 1 ? "; it mixes real data with demo data" : "; each mixes real data with demo data")
            : "; \(mixedRows) of them mix real data with demo data"
        let cite = mixedRows > 0 ? ", and --cite lists which sources" : ""
        if syntheticRows < rows {
            return "Rows \(marker) (\(syntheticRows) of \(rows)) draw on \(demo)\(mixed)\(cite)."
        }
        return (rows == 1 ? "This row draws" : "All \(rows) rows draw") + " on \(demo)\(mixed)\(cite)."
    }
}

/// Writes text somewhere: stdout, a file, a string (tests).
public typealias Sink = (String) -> Void

/// RFC 4180 CSV: money as pounds with two decimals, ISO dates, a header row. A cell starting
/// `=`, `+`, `-` or `@` is prefixed with `'` so no spreadsheet runs it as a formula.
struct CSVWriter: ResultWriter {
    let out: Sink
    let separator: String
    var columns: [ColumnInfo] = []

    init(separator: String = ",", out: @escaping Sink) {
        self.out = out
        self.separator = separator
    }

    /// One cell. Works on the UTF-8 bytes: the characters that matter here are all ASCII.
    func field(_ s: String, numeric: Bool) -> String {
        var s = s
        if !numeric, let f = s.utf8.first, f == UInt8(ascii: "=") || f == UInt8(ascii: "+") || f == UInt8(ascii: "-") || f == UInt8(ascii: "@") {
            s = "'" + s
        }
        if separator == "\t" {
            // TSV has no quoting: a tab or line break inside a cell becomes a space.
            guard s.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return s }
            var out: [UInt8] = []
            var previous: UInt8 = 0
            for b in s.utf8 {
                if b == 0x0A && previous == 0x0D { previous = b; continue }  // CRLF is one break
                out.append(b == 0x09 || b == 0x0A || b == 0x0D ? 0x20 : b)
                previous = b
            }
            return String(decoding: out, as: UTF8.self)
        }
        guard s.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else { return s }
        var quoted: [UInt8] = [0x22]
        quoted.reserveCapacity(s.utf8.count + 8)
        for b in s.utf8 {
            if b == 0x22 { quoted.append(0x22) }
            quoted.append(b)
        }
        quoted.append(0x22)
        return String(decoding: quoted, as: UTF8.self)
    }

    mutating func begin(columns: [ColumnInfo]) {
        self.columns = columns
        out(columns.map { field($0.name, numeric: false) }.joined(separator: separator) + "\r\n")
    }

    mutating func row(_ values: [Value], synthetic: Bool) {
        let cells = zip(values, columns).map { v, c in field(Cell.plain(v, c.type), numeric: c.type.isNumber) }
        out(cells.joined(separator: separator) + "\r\n")
    }

    mutating func end(footer: Footer) {}
}

/// JSON: `{"columns": [...], "rows": [{…}], "meta": {…}}`, rows streamed one per line.
/// In a script's one document (`{"results": [...]}`), each result starts with its number:
/// `{"query": 2, "columns": …}`.
struct JSONWriter: ResultWriter {
    let out: Sink
    let meta: [String: String]
    let queryNumber: Int?
    var columns: [ColumnInfo] = []
    var count = 0

    init(meta: [String: String] = [:], queryNumber: Int? = nil, out: @escaping Sink) {
        self.out = out
        self.meta = meta
        self.queryNumber = queryNumber
    }

    /// A JSON string (one escaper for every JSON civic writes: `JSONText.quoted`).
    static func string(_ s: String) -> String { JSONText.quoted(s) }

    static func value(_ v: Value, _ type: FieldType) -> String {
        switch v {
        case .null: return "null"
        case .integer(let i): return type == .money ? Cell.pounds(i) : String(i)
        case .real(let d):
            if type == .money { return Cell.pounds(Int64(d.rounded())) }
            return d.isFinite ? String(d) : "null"
        case .text(let s): return string(s)
        case .blob: return string(v.description)
        }
    }

    static func source(_ s: Citation.Source) -> String {
        var f = ["\"file\": \(string(s.file))", "\"title\": \(string(s.title))", "\"publisher\": \(string(s.publisher))",
                 "\"licence\": \(string(s.licence))", "\"synthetic\": \(s.synthetic)"]
        if let p = s.periodStart { f.append("\"period_start\": \(string(p))") }
        if let p = s.periodEnd { f.append("\"period_end\": \(string(p))") }
        if let u = s.url { f.append("\"url\": \(string(u))") }
        if let r = s.retrieved { f.append("\"retrieved\": \(string(r))") }
        return "{" + f.joined(separator: ", ") + "}"
    }

    mutating func begin(columns: [ColumnInfo]) {
        self.columns = columns
        let cols = columns.map { "{\"name\": \(Self.string($0.name)), \"type\": \(Self.string($0.type.rawValue))}" }
        out("{" + (queryNumber.map { "\"query\": \($0), " } ?? "") + "\"columns\": [" + cols.joined(separator: ", ") + "],\n \"rows\": [")
    }

    mutating func row(_ values: [Value], synthetic: Bool) {
        let fields = zip(values, columns).map { v, c in "\(Self.string(c.name)): \(Self.value(v, c.type))" }
        out((count == 0 ? "\n  {" : ",\n  {") + fields.joined(separator: ", ") + "}")
        count += 1
    }

    mutating func end(footer: Footer) {
        var m = meta.sorted { $0.key < $1.key }.map { "\(Self.string($0.key)): \(Self.string($0.value))" }
        m.append("\"rows\": \(footer.rows)")
        m.append("\"synthetic_rows\": \(footer.syntheticRows)")
        m.append("\"mixed_rows\": \(footer.mixedRows)")
        m.append("\"synthetic\": \(footer.syntheticRows > 0)")
        if let w = footer.syntheticWarning { m.append("\"warning\": \(Self.string(w))") }
        if !footer.notes.isEmpty { m.append("\"notes\": [" + footer.notes.map(Self.string).joined(separator: ", ") + "]") }
        if let c = footer.citation {
            m.append("\"query\": \(Self.string(c.query))")
            m.append("\"sources\": [" + c.sources.map(Self.source).joined(separator: ", ") + "]")
        }
        out((count == 0 ? "" : "\n ") + "],\n \"meta\": {" + m.joined(separator: ", ") + "}}\n")
    }
}

/// An aligned text table: names left, numbers and money right, a footer beneath. `box` draws
/// it with box-drawing lines; `decorate` (a terminal without NO_COLOR) makes the header bold.
/// Both cap what they show at `limit` rows and say so. Widths are display columns (a CJK
/// character takes two, a combining mark none); given a `width` (a terminal's), text columns
/// are cut with `…` to fit it (see `fit`).
struct TableWriter: ResultWriter {
    let out: Sink
    var columns: [ColumnInfo] = []
    var rows: [[String]] = []
    var marks: [Bool] = []
    let limit: Int
    let box: Bool
    let decorate: Bool
    let width: Int?
    var seen = 0

    init(limit: Int = 10_000, box: Bool = false, decorate: Bool = false, width: Int? = nil, out: @escaping Sink) {
        self.out = out
        self.limit = limit
        self.box = box
        self.decorate = decorate
        self.width = width
    }

    /// The narrowest a text column is cut to when a table does not fit the terminal.
    static let minimumCut = 12

    /// Column widths that fit `available` screen columns, `overhead` of which go to separators
    /// and marks. Only text columns are cut: money, counts, numbers and dates never are. The
    /// widest text columns are cut first, all to one cap, never below `minimumCut` (or their own
    /// width); what the cap leaves over goes back to the columns it cut. A table that does not
    /// fit even so keeps those widths and runs off the right (a pager's `-S` scrolls it).
    static func fit(_ widths: [Int], cuttable: [Bool], overhead: Int, available: Int) -> [Int] {
        let total = widths.reduce(overhead, +)
        guard total > available else { return widths }
        let fixed = zip(widths, cuttable).filter { !$0.1 }.map(\.0).reduce(overhead, +)
        let budget = available - fixed
        let texts = widths.indices.filter { cuttable[$0] }
        guard let widest = texts.map({ widths[$0] }).max(), widest > minimumCut else { return widths }
        func used(_ cap: Int) -> Int { texts.map { min(widths[$0], cap) }.reduce(0, +) }
        // The largest cap that fits; the minimum when none does.
        var lo = minimumCut, hi = widest
        if used(lo) > budget { hi = lo }
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if used(mid) <= budget { lo = mid } else { hi = mid - 1 }
        }
        var result = widths
        for i in texts { result[i] = min(widths[i], lo) }
        var slack = budget - used(lo)
        for i in texts where slack > 0 && widths[i] > result[i] {
            result[i] += 1
            slack -= 1
        }
        return result
    }

    mutating func begin(columns: [ColumnInfo]) { self.columns = columns }

    mutating func row(_ values: [Value], synthetic: Bool) {
        seen += 1
        guard rows.count < limit else { return }
        rows.append(zip(values, columns).map { v, c in v == .null ? "(none)" : Cell.safeForTerminal(Cell.text(v, c.type)) })
        marks.append(synthetic)
    }

    mutating func end(footer: Footer) {
        var lines: [String] = []
        if columns.isEmpty || rows.isEmpty {
            lines.append("(no rows)")
        } else {
            var widths = columns.map { DisplayWidth.of($0.name) }
            for r in rows { for (i, c) in r.enumerated() { widths[i] = max(widths[i], DisplayWidth.of(c)) } }
            // Mark synthetic rows only when the result mixes real and synthetic ones.
            let anySynthetic = marks.contains(true) && marks.contains(false)
            var names = columns.map(\.name)
            var rows = self.rows
            if let width {
                let overhead = box ? 3 * columns.count + 1 : 2 * (columns.count - 1)
                let fitted = Self.fit(widths, cuttable: columns.map { $0.type == .text }, overhead: overhead + (anySynthetic ? (box ? 2 : 3) : 0),
                                      available: width)
                for i in widths.indices where fitted[i] < widths[i] {
                    names[i] = DisplayWidth.truncate(names[i], to: fitted[i])
                    for r in rows.indices { rows[r][i] = DisplayWidth.truncate(rows[r][i], to: fitted[i]) }
                }
                widths = fitted
            }
            func line(_ cells: [String], _ mark: String) -> String {
                let body = cells.enumerated().map { i, c in
                    let pad = DisplayWidth.padding(c, to: widths[i])
                    return columns[i].type.isNumber ? pad + c : c + pad
                }.joined(separator: "  ")
                return (body + mark).trimmingTrailingSpaces()
            }
            if box {
                func rule(_ l: String, _ m: String, _ r: String) -> String {
                    l + widths.map { String(repeating: "─", count: $0 + 2) }.joined(separator: m) + r
                }
                func boxed(_ cells: [String], header: Bool = false) -> String {
                    "│ " + cells.enumerated().map { i, c in
                        let pad = DisplayWidth.padding(c, to: widths[i])
                        let cell = !header && columns[i].type.isNumber ? pad + c : c + pad
                        return header && decorate ? "\u{1B}[1m" + cell + "\u{1B}[0m" : cell
                    }.joined(separator: " │ ") + " │"
                }
                lines.append(rule("┌", "┬", "┐"))
                lines.append(boxed(names, header: true))
                lines.append(rule("├", "┼", "┤"))
                for (r, m) in zip(rows, marks) { lines.append(boxed(r) + (anySynthetic && m ? " *" : "")) }
                lines.append(rule("└", "┴", "┘"))
            } else {
                let top = line(names, "")
                lines.append(decorate ? "\u{1B}[1m" + top + "\u{1B}[0m" : top)
                lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
                for (r, m) in zip(rows, marks) { lines.append(line(r, anySynthetic && m ? "  *" : "")) }
            }
            lines.append("")
            lines.append(footer.rows == 1 ? "1 row" : "\(Cell.grouped(footer.rows)) rows")
            if seen > rows.count { lines.append("showing the first \(Cell.grouped(rows.count)); use --format csv or json for all \(Cell.grouped(seen))") }
        }
        if let w = footer.syntheticWarning { lines.append(w) }
        lines += footer.notes
        if let c = footer.citation { lines.append(""); lines += c.plainLines }
        out(lines.joined(separator: "\n") + "\n")
    }
}

extension FieldType {
    /// Right-aligned and unquoted: money, counts and numbers.
    var isNumber: Bool { self == .money || self == .count || self == .number }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}
