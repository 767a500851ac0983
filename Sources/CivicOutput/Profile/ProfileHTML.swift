import CivicProfile
import CivicQuery
import CivicStorage

/// A profile as one self-contained HTML page: no script, no font or image from the network,
/// its charts inline SVG; a reporter can open, print or attach it. It holds what the text and
/// Markdown writers hold (facts, each query's table, its notes once each, the coverage notes
/// and every source), with each query's text, SQL and parameters folded under its table, and
/// the same output for the same profile every time (no date, no clock).
public enum ProfileHTML {
    /// The page's style: readable on a phone (tables scroll sideways, charts shrink to the
    /// width), and printed without the contents, with headings kept with what follows them and
    /// a chart never split across pages.
    static let style = """
        :root{--ink:#1d1d1f;--muted:#5a5a60;--rule:#d8d8dc;--bar:\(Chart.barColour);--subject:\(Chart.highlightColour);--demo:#8a4b00;--demo-bg:#fff3dc}
        *{box-sizing:border-box}
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--ink);line-height:1.45;margin:0 auto;max-width:62rem;padding:1rem 1.25rem 3rem}
        h1{font-size:1.9rem;margin:.5rem 0 .25rem}h2{font-size:1.4rem;margin:2.2rem 0 .6rem;padding-bottom:.2rem;border-bottom:2px solid var(--ink)}
        h3{font-size:1.08rem;margin:1.6rem 0 .4rem}
        .lede{color:var(--muted);margin:.2rem 0}code,pre{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:.86em}
        .warning{border-left:4px solid var(--demo);background:var(--demo-bg);color:var(--demo);font-weight:600;padding:.5rem .75rem}
        nav.toc{background:#f5f5f7;border-radius:6px;padding:.5rem 1rem;margin:1rem 0}nav.toc h2{font-size:1rem;border:0;margin:.3rem 0;padding:0}
        nav.toc ol{margin:.2rem 0;padding-left:1.4rem}nav.toc ul{list-style:none;margin:.1rem 0 .3rem;padding-left:.6rem;columns:2;column-gap:2rem;font-size:.9em}
        a{color:#1f5fa8}
        dl.facts{display:grid;grid-template-columns:repeat(auto-fill,minmax(15rem,1fr));gap:.6rem;margin:.5rem 0 1rem;padding:0}
        .fact{background:#f5f5f7;border-radius:6px;padding:.5rem .75rem;break-inside:avoid}.fact dt{font-size:.85em;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
        .fact dd{margin:0}.fact .value{display:block;font-size:1.2em;font-weight:700;font-variant-numeric:tabular-nums}.fact .ref,.fact .how{color:var(--muted);font-size:.85em}
        .query{font-size:.88em;color:var(--muted);margin:.1rem 0 .5rem;overflow-wrap:anywhere}
        figure.chart{margin:.5rem 0 .75rem;break-inside:avoid;page-break-inside:avoid}figure.chart svg{max-width:100%;height:auto;display:block}
        figcaption{font-size:.85em;color:var(--muted)}
        .table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch}
        table{border-collapse:collapse;font-size:.92em;margin:.25rem 0}th,td{padding:.25rem .6rem;border-bottom:1px solid var(--rule);text-align:left;vertical-align:top}
        th{background:#f0f0f3;font-weight:600}td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}td.d{white-space:nowrap}td:first-child{min-width:8rem}
        tr.synthetic td,tr.mixed td{color:var(--demo);background:var(--demo-bg)}
        table tr.subject td{background:#fbe1ec;font-weight:600}table tr.subject td:first-child{box-shadow:inset 4px 0 0 var(--subject)}
        .demo-mark{display:inline-block;font-size:.72em;font-weight:700;letter-spacing:.03em;text-transform:uppercase;color:#fff;background:var(--demo);border-radius:3px;padding:0 .3em;vertical-align:.1em}th.demo,td.demo{text-align:center}
        .subject-note::before{content:"";display:inline-block;width:.8em;height:.8em;background:var(--subject);border-radius:2px;margin-right:.4em;vertical-align:-.05em}
        .cut,.empty,.perhead,.note,.demo-note,.subject-note{margin:.3rem 0;font-size:.92em}.empty{font-style:italic;color:var(--muted)}.note{color:var(--muted)}.demo-note{color:var(--demo)}
        details{margin:.4rem 0 1rem;font-size:.9em}summary{cursor:pointer;color:var(--muted)}details pre{background:#f5f5f7;padding:.5rem;overflow-x:auto;white-space:pre-wrap;overflow-wrap:anywhere}
        ul.sources li,ul.coverage li{margin:.3rem 0}.synthetic-source{color:var(--demo)}
        footer{margin-top:2.5rem;padding-top:.6rem;border-top:1px solid var(--rule);color:var(--muted);font-size:.9em}
        @media (max-width:40rem){body{padding:.75rem}h1{font-size:1.5rem}dl.facts{grid-template-columns:1fr}nav.toc ul{columns:1}}
        @media print{nav.toc,details{display:none}body{max-width:none;padding:0;font-size:10pt}a{color:inherit;text-decoration:none}
        h2,h3,.query{break-after:avoid;page-break-after:avoid}tr,dl.facts{break-inside:avoid;page-break-inside:avoid}
        thead{display:table-header-group}.table-wrap{overflow:visible}
        tr.subject td,tr.synthetic td,tr.mixed td,.demo-mark,.subject-note::before,.warning,th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
        """

    public static func page(_ p: Profile) -> String {
        let e = HTMLWriter.escape
        var h = ["<!doctype html>",
                 "<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
                 "<title>\(e(p.title)) — civic profile</title>",
                 "<style>\n\(style)\n</style>",
                 "</head><body>",
                 "<header>",
                 "<h1>\(e(p.title))</h1>"]
        if let code = p.code { h.append("<p class=\"lede\">Code: <code>\(e(code))</code></p>") }
        h.append("<p class=\"lede\">A profile of the \(e(p.subject.kindWords)) from \(p.blocks.count) numbered civic queries: "
                 + "each figure is the answer to the query beside it.</p>")
        if p.syntheticRows > 0 {
            h.append("<p class=\"warning\">\(e(Citation.syntheticWarning)) \(Cell.grouped(p.syntheticRows)) of the rows the profile's queries "
                     + "returned draw on it; those on this page are marked in each table's <span class=\"demo-mark\">demo</span> column.</p>")
        }
        h.append("</header>")
        h += contents(p)
        h.append("<main>")
        var seen: Set<String> = []
        for s in p.sections {
            h.append("<section class=\"part\" id=\"\(e(s.id))\">")
            h.append("<h2>\(e(s.title))</h2>")
            if !s.facts.isEmpty {
                h.append("<dl class=\"facts\">")
                for f in s.facts { h.append(fact(f)) }
                h.append("</dl>")
            }
            for b in s.blocks { h += block(b, seen: &seen) }
            h.append("</section>")
        }
        h += coverage(p)
        h += sources(p)
        h.append("</main>")
        h.append("<footer><p>Every figure on this page is the answer to the numbered civic query beside it: "
                 + "<code>civic query '&lt;query&gt;'</code> runs it again, and <code>civic profile --explain</code> shows each query's SQL.</p></footer>")
        h.append("</body></html>")
        return h.joined(separator: "\n") + "\n"
    }

    /// The contents: each section with its queries, then the coverage notes and the sources.
    static func contents(_ p: Profile) -> [String] {
        let e = HTMLWriter.escape
        var h = ["<nav class=\"toc\" aria-label=\"Contents\"><h2>Contents</h2><ol>"]
        for s in p.sections {
            let queries = s.blocks.map { "<li><a href=\"#q\($0.number)\">\($0.number). \(e($0.title))</a></li>" }.joined()
            h.append("<li><a href=\"#\(e(s.id))\">\(e(s.title))</a>" + (queries.isEmpty ? "" : "<ul>\(queries)</ul>") + "</li>")
        }
        h.append("<li><a href=\"#coverage\">Coverage</a></li><li><a href=\"#sources\">Sources</a></li>")
        h.append("</ol></nav>")
        return h
    }

    /// A headline figure: its label, value, the query it is read from, and how.
    static func fact(_ f: ProfileFact) -> String {
        let e = HTMLWriter.escape
        return "<div class=\"fact\"><dt>\(e(f.label))</dt><dd><span class=\"value\">\(e(f.shown))</span> "
            + "<a class=\"ref\" href=\"#q\(f.block)\">query \(f.block)</a>"
            + (f.how.map { " <span class=\"how\">(\(e($0)))</span>" } ?? "") + "</dd></div>"
    }

    /// One query: its heading and text, its chart and table (the rows the page shows), what
    /// was left out, the per-head note, its notes not said before, and its SQL folded away.
    static func block(_ b: ProfileBlock, seen: inout Set<String>) -> [String] {
        let e = HTMLWriter.escape
        let t = ProfileTable(b)
        var h = ["<section class=\"block\" id=\"q\(b.number)\">",
                 "<h3>\(b.number). \(e(b.title))</h3>",
                 "<p class=\"query\"><code>\(e(b.query))</code></p>"]
        if t.total == 0 {
            h.append("<p class=\"empty\">\(e(b.empty.isEmpty ? "(no rows)" : b.empty))</p>")
        } else {
            let svg = chart(b, t)
            if let svg { h.append(svg) }
            h += table(t)
            if let l = t.leftOut(b) { h.append("<p class=\"cut\">\(e(l))</p>") }
            if let note = t.subjectNote(b) {
                h.append("<p class=\"subject-note\">\(e(note))"
                         + (svg != nil && b.chart == .bars ? ", picked out in the chart and the table." : ", picked out in the table.") + "</p>")
            }
        }
        if let ph = b.perHead { h.append("<p class=\"perhead\">\(e(ph.note))</p>") }
        for n in b.notes where seen.insert(n).inserted { h.append("<p class=\"note\">\(e(n))</p>") }
        h += query(b)
        h.append("</section>")
        return h
    }

    /// The numeric column a block's bars draw: the one the builder names (the column its query
    /// sorts by, so the bars fall in the table's order: `councils … | show name, spent, payments
    /// | sort spent desc` draws spent, not payments); else the last numeric column, as `| chart`
    /// draws.
    static func chartColumn(_ b: ProfileBlock) -> Int? {
        let numeric = b.columns.indices.filter { b.columns[$0].type.isNumber }
        if let name = b.chartValue, let c = b.column(name), numeric.contains(c) { return c }
        return numeric.last
    }

    /// The block's chart of the rows the page shows (the table's, without the per-head column
    /// the profile adds): its text columns label each bar, `chartColumn` gives its value. Nil
    /// when it has none.
    static func chart(_ b: ProfileBlock, _ t: ProfileTable) -> String? {
        guard let kind = b.chart, !t.rows.isEmpty, let value = chartColumn(b) else { return nil }
        let keep = b.columns.indices.filter { !b.columns[$0].type.isNumber || $0 == value }
        let columns = keep.map { t.columns[$0] }
        let rows = t.rows.map { row in keep.map { row[$0] } }
        let title = "\(b.number). \(b.title): " + (kind == .bars ? "a bar chart of \(b.columns[value].name)" : "a column chart of \(b.columns[value].name) by period, oldest first")
        let svg: String?
        switch kind {
        case .bars: svg = Chart.svg(columns: columns, rows: rows, highlight: t.highlight, title: title, fitLabels: true)
        case .columns: svg = Chart.columnsSVG(columns: columns, rows: rows, title: title)
        }
        guard let svg else { return nil }
        let demo = t.origins.filter { $0 != .real }.count
        let unit = kind == .bars ? "bar" : "column"
        var caption = "Each \(unit) is a row of the table below, its \(b.columns[value].name)\(kind == .columns ? ", oldest first" : "")."
        if demo > 0 {
            caption += demo == t.rows.count ? " Every \(unit) draws on synthetic demo data." : " \(demo) of the \(t.rows.count) \(unit)s draw on synthetic demo data (marked in the table's demo column)."
        }
        return "<figure class=\"chart\">\n\(svg)\n<figcaption>\(HTMLWriter.escape(caption))</figcaption></figure>"
    }

    /// The table: numbers on the right, money in pounds, the subject's row marked (a class,
    /// for the eye, and `aria-current`), and, as civic's other tables do, a last column `demo`
    /// saying which rows draw on demo data (`synthetic`, or `mixed` with real data) rather than a
    /// marker inside a data cell, so the table copies out with one cell per header; the demo
    /// warning beneath.
    static func table(_ t: ProfileTable) -> [String] {
        let e = HTMLWriter.escape
        let demo = t.origins.contains { $0 != .real }
        var header = t.columns.map { "<th\($0.type.isNumber ? " class=\"n\"" : "") scope=\"col\">\(e($0.name))</th>" }
        if demo { header.append("<th class=\"demo\" scope=\"col\">\(DemoColumn.name)</th>") }
        var h = ["<div class=\"table-wrap\"><table>", "<thead><tr>" + header.joined() + "</tr></thead>", "<tbody>"]
        for (i, (row, origin)) in zip(t.rows, t.origins).enumerated() {
            var classes: [String] = []
            if i == t.highlight { classes.append("subject") }
            switch origin {
            case .real: break
            case .synthetic: classes.append("synthetic")
            case .mixed: classes.append("mixed")
            }
            var cells = zip(row, t.columns).map { v, c in
                "<td\(c.type.isNumber ? " class=\"n\"" : c.type == .date ? " class=\"d\"" : "")>\(e(Cell.text(v, c.type)))</td>"
            }
            if demo {
                switch origin {
                case .real: cells.append("<td class=\"demo\"></td>")
                case .synthetic: cells.append("<td class=\"demo\"><span class=\"demo-mark\">synthetic</span></td>")
                case .mixed: cells.append("<td class=\"demo\"><span class=\"demo-mark\" title=\"real data mixed with demo data\">mixed</span></td>")
                }
            }
            let attributes = (classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\"") + (i == t.highlight ? " aria-current=\"true\"" : "")
            h.append("<tr\(attributes)>" + cells.joined() + "</tr>")
        }
        h.append("</tbody></table></div>")
        if let w = t.footer(marker: "marked in the \(DemoColumn.name) column").syntheticWarning { h.append("<p class=\"demo-note\">\(e(w))</p>") }
        return h
    }

    /// The query as a command line, its SQL and the parameters bound to it, folded away.
    static func query(_ b: ProfileBlock) -> [String] {
        let e = HTMLWriter.escape
        let command = "civic query '" + b.query.replacingAll("'", with: "'\\''") + "'"
        let params = QueryRunner.parameterLines(b.parameters)
        return ["<details><summary>Query \(b.number): the civic query, its SQL and parameters</summary>",
                "<pre class=\"command\"><code>\(e(command))</code></pre>",
                "<pre class=\"sql\"><code>\(e(b.sql))</code></pre>",
                "<p>Parameters:</p><pre class=\"parameters\"><code>\(e(params.joined(separator: "\n")))</code></pre>",
                "</details>"]
    }

    /// What the profile may leave out, from every query, once each.
    static func coverage(_ p: Profile) -> [String] {
        let e = HTMLWriter.escape
        var h = ["<section class=\"part\" id=\"coverage\"><h2>Coverage</h2>"]
        if p.notes.isEmpty {
            h.append("<p>Nothing the queries know of is left out.</p>")
        } else {
            h.append("<ul class=\"coverage\">")
            for n in p.notes { h.append("<li>\(e(n))</li>") }
            h.append("</ul>")
        }
        h.append("</section>")
        return h
    }

    /// Every source the queries drew on; the synthetic ones flagged, with the warning. A
    /// source's address is text, not a link: the page refers to nothing on the network.
    static func sources(_ p: Profile) -> [String] {
        let e = HTMLWriter.escape
        var h = ["<section class=\"part\" id=\"sources\"><h2>Sources</h2>"]
        if p.sources.isEmpty { h.append("<p>No source: no query returned a row.</p>") }
        if p.sources.contains(where: \.synthetic) { h.append("<p class=\"warning\">\(e(Citation.syntheticWarning))</p>") }
        if !p.sources.isEmpty {
            h.append("<ul class=\"sources\">")
            for s in p.sources {
                var li = "\(e(s.publisher)), <cite>\(e(s.title))</cite>, \(e(s.period)). Licence: \(e(s.licence))."
                if let r = s.retrieved { li += " Retrieved \(e(r))." }
                if let u = s.url { li += " Found at <code class=\"url\">\(e(u))</code>." }
                li += " File: <code>\(e(s.file))</code>"
                if s.synthetic { li += " <span class=\"demo-mark\">demo</span> <strong>synthetic demo data</strong>" }
                h.append("<li\(s.synthetic ? " class=\"synthetic-source\"" : "")>\(li)</li>")
            }
            h.append("</ul>")
        }
        h.append("</section>")
        return h
    }
}
