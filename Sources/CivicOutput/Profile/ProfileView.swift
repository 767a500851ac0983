import CivicProfile
import CivicQuery
import CivicStorage

/// What every format shows of a profile's block: its columns with the per-head column the
/// profile adds, and the rows a page shows (the first `shown`, and the subject's own row
/// when it falls after them).
struct ProfileTable {
    var columns: [ColumnInfo]
    var rows: [[Value]]
    var origins: [RowOrigin]
    /// The index in `rows` of the subject's own row, if shown.
    var highlight: Int?
    /// The rows the query gave, and how many of them are not shown.
    var total: Int
    var left: Int

    /// `all`: every row (JSON); otherwise the rows a page shows.
    init(_ b: ProfileBlock, all: Bool = false) {
        columns = b.columns
        var indices = Array(b.rows.indices)
        if !all, let shown = b.shown, b.rows.count > shown {
            indices = Array(indices.prefix(shown))
            if let h = b.highlight, h >= shown { indices.append(h) }
        }
        rows = indices.map { b.rows[$0] }
        origins = indices.map { b.origins[$0] }
        highlight = b.highlight.flatMap { indices.firstIndex(of: $0) }
        total = b.rows.count
        left = b.rows.count - indices.count
        if let p = b.perHead, let c = b.column(p.column) {
            columns.append(ColumnInfo(name: p.column + " per head", type: .money))
            rows = rows.map { row in row + [Self.divide(row[c], by: p.population)] }
        }
    }

    /// Pence divided by a population, to the nearest penny; nothing when there is no amount.
    static func divide(_ v: Value, by population: Int64) -> Value {
        guard population > 0 else { return .null }
        switch v {
        case .integer(let pence): return .integer(Int64((Double(pence) / Double(population)).rounded()))
        case .real(let pence): return .integer(Int64((pence / Double(population)).rounded()))
        default: return .null
        }
    }

    /// The footer beneath the rows shown: how many, and which drew on demo data (`marker`
    /// says how the table marks them).
    func footer(marker: String = "marked *") -> Footer {
        var f = Footer(rows: rows.count, syntheticRows: origins.filter { $0 != .real }.count)
        f.mixedRows = origins.filter { $0 == .mixed }.count
        f.marker = marker
        return f
    }

    /// "Bromford & Hodge Hill is row 30 of 69, shown last": where the subject's own row stands
    /// among all the query's rows (not among those shown), or nil when it has none.
    func subjectNote(_ b: ProfileBlock) -> String? {
        guard let shownAt = highlight, let row = b.highlight else { return nil }
        let name = columns.firstIndex(where: { $0.name == "name" }).map { Cell.text(rows[shownAt][$0], .text) } ?? "the subject"
        return "\(name) is row \(row + 1) of \(Cell.grouped(total))" + (left > 0 && shownAt == rows.count - 1 ? ", shown last" : "")
    }

    /// "first 40 of 81 rows shown; `civic query '…'` lists them all", or nil when all are shown.
    func leftOut(_ b: ProfileBlock) -> String? {
        guard left > 0 else { return nil }
        return "\(rows.count) of \(Cell.grouped(total)) rows shown; query \(b.number) lists them all."
    }
}

extension ProfileFact {
    /// The fact's value as a page shows it.
    var shown: String {
        value == .null ? "not known" : Cell.text(value, type)
    }

    /// Its value for JSON.
    var json: String { JSONWriter.value(value, type) }
}

/// A profile in each format civic writes: for a terminal, in Markdown, as one JSON document
/// (see docs/PROFILE.md), and as one self-contained HTML page (`ProfileHTML`).
public enum ProfileWriter {
    /// Sections with headings, facts, then each query's table, fitted to `width`.
    public static func text(_ p: Profile, width: Int? = nil, decorate: Bool = false, terminal: Bool = false) -> String {
        var out = ""
        let write: Sink = { out += $0 }
        let bold: (String) -> String = { decorate ? "\u{1B}[1m\($0)\u{1B}[0m" : $0 }
        let safe: (String) -> String = { terminal ? Cell.safeForTerminal($0) : $0 }
        let rule = String(repeating: "═", count: min(width ?? 78, 78))
        // A note said under one query is not said again under the next (COVERAGE lists them all).
        var seen: Set<String> = []
        write(bold(safe(p.title)) + (p.code.map { "  " + safe($0) } ?? "") + "\n" + rule + "\n")
        for s in p.sections {
            write("\n" + bold(s.title.uppercased()) + "\n")
            if !s.facts.isEmpty {
                let w = s.facts.map(\.label.count).max() ?? 0
                for f in s.facts {
                    write("  " + f.label + String(repeating: " ", count: w - f.label.count) + "  " + safe(f.shown) + "   (query \(f.block)\(f.how.map { "; " + safe($0) } ?? ""))\n")
                }
            }
            for b in s.blocks {
                write("\n" + bold("\(b.number). \(b.title)") + "\n")
                write("   " + safe(b.query) + "\n")
                let t = ProfileTable(b)
                if t.total == 0 {
                    write("   " + safe(b.empty.isEmpty ? "(no rows)" : b.empty) + "\n")
                } else {
                    var tw = TableWriter(limit: 10_000, decorate: decorate, width: width, out: write)
                    tw.begin(columns: t.columns)
                    for (row, origin) in zip(t.rows, t.origins) { tw.row(row, synthetic: origin != .real) }
                    tw.end(footer: t.footer())
                    if let l = t.leftOut(b) { write(l + "\n") }
                    if let note = t.subjectNote(b) { write(safe(note) + ".\n") }
                }
                if let ph = b.perHead { write(safe(ph.note) + "\n") }
                for n in b.notes where seen.insert(n).inserted { write(safe(n) + "\n") }
            }
        }
        write("\n" + bold("COVERAGE") + "\n")
        if p.notes.isEmpty { write("  Nothing the queries know of is left out.\n") }
        for n in p.notes { write("  - " + safe(n) + "\n") }
        write("\n" + bold("SOURCES") + "\n")
        for s in p.sources {
            write("  - " + safe(Citation.plainLine(s)) + "\n")
        }
        if p.sources.contains(where: \.synthetic) { write("  " + Citation.syntheticWarning + "\n") }
        write("\nEvery figure above is the answer to the numbered civic query beside it: `civic query '<query>'` runs it again; `civic profile --explain` shows the SQL.\n")
        return out
    }

    /// The profile as Markdown, ready for a story.
    public static func markdown(_ p: Profile) -> String {
        let e = MarkdownWriter.escape
        var lines = ["# \(e(p.title))"]
        var seen: Set<String> = []
        if let code = p.code { lines += ["", "Code: `\(code)`"] }
        for s in p.sections {
            lines += ["", "## \(e(s.title))"]
            if !s.facts.isEmpty {
                lines.append("")
                for f in s.facts { lines.append("- **\(e(f.label))**: \(e(f.shown)) (query \(f.block)\(f.how.map { "; " + e($0) } ?? ""))") }
            }
            for b in s.blocks {
                lines += ["", "### \(b.number). \(e(b.title))", "", "`\(b.query.replacingAll("`", with: "'"))`", ""]
                let t = ProfileTable(b)
                if t.total == 0 {
                    lines.append(e(b.empty.isEmpty ? "(no rows)" : b.empty))
                } else {
                    var text = ""
                    var mw = MarkdownWriter(out: { text += $0 })
                    mw.begin(columns: t.columns)
                    for (i, (row, origin)) in zip(t.rows, t.origins).enumerated() {
                        var r = row
                        if i == t.highlight, let c = t.columns.firstIndex(where: { $0.name == "name" }), case .text(let s) = r[c] { r[c] = .text("▶ " + s) }
                        mw.row(r, synthetic: origin != .real)
                    }
                    mw.end(footer: t.footer(marker: "in this table"))
                    lines.append(text.trimmingCharacters(in: .newlines))
                    if let l = t.leftOut(b) { lines += ["", e(l)] }
                }
                if let ph = b.perHead { lines += ["", e(ph.note)] }
                for n in b.notes where seen.insert(n).inserted { lines += ["", e(n)] }
            }
        }
        lines += ["", "## Coverage", ""]
        if p.notes.isEmpty { lines.append("Nothing the queries know of is left out.") }
        for n in p.notes { lines.append("- " + e(n)) }
        lines += ["", "## Sources", ""]
        for s in p.sources {
            lines.append("- " + MarkdownWriter.sourceLine(s))
        }
        if p.sources.contains(where: \.synthetic) { lines += ["", "**\(e(Citation.syntheticWarning))**"] }
        lines += ["", "Every figure is the answer to the numbered civic query beside it; `civic query '<query>'` runs it again."]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Each query of a profile or a network, its SQL and parameters, in order: `--explain`.
    public static func explain(_ blocks: [ProfileBlock]) -> String {
        blocks.map { b in
            (["-- \(b.number). \(b.title)", "-- civic: \(b.query)", b.sql, "", "parameters:"]
             + QueryRunner.parameterLines(b.parameters).map { "  " + $0 }).joined(separator: "\n")
        }.joined(separator: "\n\n") + "\n"
    }

    /// The profile as one JSON document (docs/PROFILE.md): every query with its text, SQL,
    /// parameters, every row, notes and the files it drew on; the facts with the query each
    /// is read from; the coverage notes and the sources in full.
    public static func json(_ p: Profile) -> String {
        let s = JSONWriter.string
        var o: [String] = []
        var subject = ["\"kind\": \(s(p.subject.kindWords))", "\"asked\": \(s(p.subject.name))", "\"title\": \(s(p.title))"]
        subject.append("\"code\": " + (p.code.map(s) ?? "null"))
        o.append("\"subject\": {" + subject.joined(separator: ", ") + "}")
        var sections: [String] = []
        for sec in p.sections {
            let facts = sec.facts.map { f in
                "{\"label\": \(s(f.label)), \"value\": \(f.json), \"type\": \(s(f.type.rawValue)), \"query\": \(f.block)" + (f.how.map { ", \"how\": \(s($0))" } ?? "") + "}"
            }
            var blocks: [String] = []
            for b in sec.blocks {
                let t = ProfileTable(b, all: true)
                var f = ["\"number\": \(b.number)", "\"id\": \(s(b.id))", "\"title\": \(s(b.title))", "\"query\": \(s(b.query))", "\"sql\": \(s(b.sql))"]
                f.append("\"parameters\": [" + b.parameters.map { v in
                    switch v { case .text(let x): return s(x); case .null: return "null"; default: return v.description }
                }.joined(separator: ", ") + "]")
                f.append("\"columns\": [" + t.columns.map { "{\"name\": \(s($0.name)), \"type\": \(s($0.type.rawValue))}" }.joined(separator: ", ") + "]")
                let rows = zip(t.rows, t.origins).map { row, origin -> String in
                    var cells = zip(row, t.columns).map { v, c in "\(s(c.name)): \(JSONWriter.value(v, c.type))" }
                    if origin != .real { cells.append("\"demo\": \(s(origin == .mixed ? "mixed" : "synthetic"))") }
                    return "{" + cells.joined(separator: ", ") + "}"
                }
                f.append("\"rows\": [" + (rows.isEmpty ? "" : "\n      " + rows.joined(separator: ",\n      ")) + "]")
                f.append("\"row_count\": \(b.rows.count)")
                f.append("\"synthetic_rows\": \(b.syntheticRows)")
                f.append("\"shown\": " + (b.shown.map(String.init) ?? "null"))
                f.append("\"chart\": " + (b.chart.map { s($0.rawValue) } ?? "null"))
                f.append("\"chart_value\": " + (b.chartValue.map(s) ?? "null"))
                f.append("\"subject_row\": " + (b.highlight.map(String.init) ?? "null"))
                if let ph = b.perHead {
                    f.append("\"per_head\": {\"column\": \(s(ph.column)), \"population\": \(ph.population), \"population_query\": \(ph.from), \"note\": \(s(ph.note))}")
                }
                f.append("\"empty\": \(s(b.empty))")
                f.append("\"notes\": [" + b.notes.map(s).joined(separator: ", ") + "]")
                f.append("\"sources\": [" + b.sources.map { s($0.file) }.joined(separator: ", ") + "]")
                blocks.append("{" + f.joined(separator: ",\n     ") + "}")
            }
            sections.append("{\"id\": \(s(sec.id)), \"title\": \(s(sec.title)),\n   \"facts\": [" + facts.joined(separator: ",\n     ")
                            + "],\n   \"queries\": [" + blocks.joined(separator: ",\n    ") + "]}")
        }
        o.append("\"sections\": [\n  " + sections.joined(separator: ",\n  ") + "]")
        o.append("\"synthetic_rows\": \(p.syntheticRows)")
        o.append("\"notes\": [" + p.notes.map(s).joined(separator: ", ") + "]")
        o.append("\"sources\": [" + p.sources.map(JSONWriter.source).joined(separator: ",\n  ") + "]")
        return "{" + o.joined(separator: ",\n ") + "}\n"
    }
}
