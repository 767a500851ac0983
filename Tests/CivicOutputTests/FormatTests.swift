@testable import CivicOutput
import CivicQuery
import CivicStorage
import XCTest

/// The writers on hand-made rows: exact output for each format, escaping and guards.
final class FormatTests: XCTestCase {
    let columns = [ColumnInfo(name: "name", type: .text), ColumnInfo(name: "paid", type: .money), ColumnInfo(name: "payments", type: .count)]
    let rows: [[Value]] = [[.text("Acme, \"Ltd\""), .integer(123_456), .integer(1_200)],
                           [.text("=SUM(A1)"), .integer(-5_000), .integer(3)]]

    func render(_ make: (@escaping Sink) -> any ResultWriter, footer: Footer? = nil) -> String {
        var out = ""
        var w = make { out += $0 }
        w.begin(columns: columns)
        for r in rows { w.row(r, synthetic: false) }
        w.end(footer: footer ?? Footer(rows: rows.count, syntheticRows: 0))
        return out
    }

    func testCSVIsRFC4180WithPoundsAndAFormulaGuard() {
        XCTAssertEqual(render { CSVWriter(out: $0) },
                       "name,paid,payments\r\n\"Acme, \"\"Ltd\"\"\",1234.56,1200\r\n'=SUM(A1),-50.00,3\r\n")
    }

    func testTSV() {
        XCTAssertEqual(render { CSVWriter(separator: "\t", out: $0) },
                       "name\tpaid\tpayments\r\nAcme, \"Ltd\"\t1234.56\t1200\r\n'=SUM(A1)\t-50.00\t3\r\n")
    }

    func testJSONAndJSONLines() {
        XCTAssertEqual(render { JSONWriter(out: $0) }, """
            {"columns": [{"name": "name", "type": "text"}, {"name": "paid", "type": "money"}, {"name": "payments", "type": "count"}],
             "rows": [
              {"name": "Acme, \\"Ltd\\"", "paid": 1234.56, "payments": 1200},
              {"name": "=SUM(A1)", "paid": -50.00, "payments": 3}
             ],
             "meta": {"rows": 2, "synthetic_rows": 0, "mixed_rows": 0, "synthetic": false}}

            """)
        XCTAssertEqual(render { JSONLinesWriter(out: $0) }, """
            {"name": "Acme, \\"Ltd\\"", "paid": 1234.56, "payments": 1200}
            {"name": "=SUM(A1)", "paid": -50.00, "payments": 3}

            """)
    }

    func testTableAlignsAndFormatsMoney() {
        XCTAssertEqual(render { TableWriter(out: $0) }, """
            name              paid  payments
            -----------  ---------  --------
            Acme, "Ltd"  £1,234.56     1,200
            =SUM(A1)       -£50.00         3

            2 rows

            """)
    }

    func testBox() {
        XCTAssertEqual(render { TableWriter(box: true, out: $0) }, """
            ┌─────────────┬───────────┬──────────┐
            │ name        │ paid      │ payments │
            ├─────────────┼───────────┼──────────┤
            │ Acme, "Ltd" │ £1,234.56 │    1,200 │
            │ =SUM(A1)    │   -£50.00 │        3 │
            └─────────────┴───────────┴──────────┘

            2 rows

            """)
    }

    func testMarkdownEscapesAndCites() {
        let citation = Citation(query: "suppliers | top 2", sources: [
            .init(file: "x.csv", title: "Payments", publisher: "A Council", licence: "OGL v3", periodStart: "2019-01-01", periodEnd: "2019-12-31", url: nil, synthetic: false),
        ])
        XCTAssertEqual(render({ MarkdownWriter(out: $0) }, footer: Footer(rows: 2, syntheticRows: 0, citation: citation)), """
            | name | paid | payments |
            |---|---:|---:|
            | Acme, "Ltd" | £1,234.56 | 1,200 |
            | =SUM(A1) | -£50.00 | 3 |

            2 rows.

            **Query:** `suppliers | top 2`

            **Sources:**

            - A Council, *Payments*, 2019-01-01 to 2019-12-31. Licence: OGL v3. File: `x.csv`

            """)
        XCTAssertEqual(MarkdownWriter.escapeForTest("a|b\nc*d"), "a\\|b<br>c\\*d")
    }

    func testHTMLEscapesEverythingFromTheData() {
        XCTAssertEqual(HTMLWriter.escape("<script>alert('x') & \"y\"</script>"),
                       "&lt;script&gt;alert(&#39;x&#39;) &amp; &quot;y&quot;&lt;/script&gt;")
        var out = ""
        var w = HTMLWriter(title: "q") { out += $0 }
        w.begin(columns: [ColumnInfo(name: "name", type: .text)])
        w.row([.text("<b>bold</b>")], synthetic: true)
        w.end(footer: Footer(rows: 1, syntheticRows: 1))
        XCTAssertTrue(out.contains("<td>&lt;b&gt;bold&lt;/b&gt;</td>"))
        XCTAssertFalse(out.contains("<b>bold"))
        XCTAssertTrue(out.contains("synthetic demo layer"))
    }

    func testControlCharactersNeverReachTheTerminal() {
        XCTAssertEqual(Cell.safeForTerminal("red\u{1B}[31m\tbell\u{07}\n"), "red\\u{1b}[31m\\tbell\\u{7}\\n")
        var out = ""
        var w = TableWriter { out += $0 }
        w.begin(columns: [ColumnInfo(name: "name", type: .text)])
        w.row([.text("evil\u{1B}]0;title\u{07}")], synthetic: false)
        w.end(footer: Footer(rows: 1, syntheticRows: 0))
        XCTAssertFalse(out.contains("\u{1B}"))
    }

    func testSyntheticRowsAreMarkedAndWarned() {
        var out = ""
        var w = TableWriter { out += $0 }
        w.begin(columns: [ColumnInfo(name: "name", type: .text)])
        w.row([.text("real")], synthetic: false)
        w.row([.text("made up")], synthetic: true)
        w.end(footer: Footer(rows: 2, syntheticRows: 1))
        XCTAssertTrue(out.contains("made up  *"))
        XCTAssertTrue(out.contains("Rows marked * (1 of 2) draw on the synthetic demo layer"))
    }

    func testTableCapsWhatItShows() {
        var out = ""
        var w = TableWriter(limit: 2) { out += $0 }
        w.begin(columns: [ColumnInfo(name: "n", type: .count)])
        for i in 0..<5 { w.row([.integer(Int64(i))], synthetic: false) }
        w.end(footer: Footer(rows: 5, syntheticRows: 0))
        XCTAssertTrue(out.contains("showing the first 2; use --format csv or json for all 5"), out)
    }

    func testFormatFromFileName() {
        XCTAssertEqual(Format.from(fileName: "story.md"), .markdown)
        XCTAssertEqual(Format.from(fileName: "out.CSV"), .csv)
        XCTAssertEqual(Format.from(fileName: "x.html"), .html)
        XCTAssertEqual(Format.from(fileName: "x.jsonl"), .jsonl)
        XCTAssertEqual(Format.from(fileName: "x.xlsx"), .xlsx)
        XCTAssertNil(Format.from(fileName: "x.ods"))
    }

    func testChartDrawsBarsWithLabelsValuesAndScale() {
        let columns = [ColumnInfo(name: "kind", type: .text), ColumnInfo(name: "total", type: .money)]
        let rows: [[Value]] = [[.text("council"), .integer(400_00)], [.text("police"), .integer(100_00)]]
        XCTAssertEqual(Chart.render(columns: columns, rows: rows, width: 8, unicode: false), """
            council  ######## £400.00
            police   ##       £100.00
            scale    ######## = £400.00

            """)
    }

    /// Eighths of a block: £52m and £866m beside £74bn differ (a fortieth of the largest bar is
    /// one block, so both were one block before), and every value stands beside its bar.
    func testChartBarsAreDrawnInEighthsOfABlock() {
        let columns = [ColumnInfo(name: "kind", type: .text), ColumnInfo(name: "total", type: .money)]
        // The 2017/18 budget totals by kind of authority (README), in pence.
        let rows: [[Value]] = [[.text("combined authority"), .integer(86_635_300_000)], [.text("council"), .integer(7_413_249_901_095)],
                               [.text("national park authority"), .integer(5_287_840_000)], [.text("zero"), .integer(0)]]
        let chart = Chart.render(columns: columns, rows: rows, width: 40, unicode: true)
        let bars = chart.split(separator: "\n").map { line in String(line.filter { Chart.eighths.contains($0) }) }
        // 866,353,000 / 74,132,499,010.95 × 320 eighths = 3.74 → 4 eighths; 52,878,400 → 0.23 → the smallest mark.
        XCTAssertEqual(bars[0], "▌")
        XCTAssertEqual(bars[1], String(repeating: "█", count: 40))
        XCTAssertEqual(bars[2], "▏")
        XCTAssertEqual(bars[3], "", "a zero has no bar")
        XCTAssertTrue(chart.contains("£866,353,000.00"))
        XCTAssertTrue(chart.contains("£52,878,400.00"))
        // The values line up after bars padded to one width.
        let lines = chart.split(separator: "\n").prefix(4)
        XCTAssertEqual(Set(lines.map { $0.count }).count, 1, chart)
        XCTAssertEqual(Chart.bar(1.5 / 320, width: 40, unicode: true, nonZero: true), "▎")
        XCTAssertEqual(Chart.bar(9.0 / 320, width: 40, unicode: true, nonZero: true), "█▏")
    }

    func testChartAsSVGEscapesLabelsAndScalesBars() throws {
        let columns = [ColumnInfo(name: "kind", type: .text), ColumnInfo(name: "total", type: .money)]
        let rows: [[Value]] = [[.text("<a&b>"), .integer(400_00)], [.text("police"), .integer(100_00)]]
        let svg = try XCTUnwrap(Chart.svg(columns: columns, rows: rows, barWidth: 400))
        XCTAssertTrue(svg.hasPrefix("<svg "))
        XCTAssertTrue(svg.contains("&lt;a&amp;b&gt;"))
        XCTAssertFalse(svg.contains("<a&b>"))
        XCTAssertTrue(svg.contains("width=\"400\" height"), svg)
        XCTAssertTrue(svg.contains("width=\"100\" height"), svg)
        XCTAssertTrue(svg.contains(">£100.00</text>"))
    }

    /// The demo column: a value per row, present only when some row drew on demo data, and the
    /// Markdown and HTML tables keep one cell per header.
    func testTheDemoColumnSaysWhichRowsDrawOnDemoData() {
        func render(_ origins: [RowOrigin], _ make: (@escaping Sink) -> any ResultWriter) -> String {
            var out = ""
            var gate = DemoColumn(writer: make { out += $0 }, columns: [ColumnInfo(name: "name", type: .text)], demoLoaded: { true })
            for (i, o) in origins.enumerated() { gate.row([.text("r\(i)")], o) }
            gate.end(footer: Footer(rows: origins.count, syntheticRows: origins.filter { $0 != .real }.count))
            return out
        }
        XCTAssertEqual(render([.real, .synthetic, .mixed], { CSVWriter(out: $0) }), "name,demo\r\nr0,\r\nr1,synthetic\r\nr2,mixed\r\n")
        XCTAssertEqual(render([.real, .real], { CSVWriter(out: $0) }), "name\r\nr0\r\nr1\r\n")
        XCTAssertEqual(render([.synthetic, .synthetic], { CSVWriter(out: $0) }), "name,demo\r\nr0,synthetic\r\nr1,synthetic\r\n")
        let md = render([.real, .synthetic], { MarkdownWriter(out: $0) })
        XCTAssertTrue(md.hasPrefix("| name | demo |\n|---|---|\n| r0 |  |\n| r1 | synthetic |\n"), md)
        XCTAssertTrue(md.contains("Rows marked in the demo column (1 of 2) draw on the synthetic demo layer"), md)
        let html = render([.real, .mixed], { HTMLWriter(title: "t", out: $0) })
        XCTAssertTrue(html.contains("<tr><td>r0</td><td></td></tr>"), html)
        XCTAssertTrue(html.contains("<tr class=\"synthetic\"><td>r1</td><td>mixed</td></tr>"), html)
        XCTAssertTrue(html.contains("<th>name</th><th>demo</th>"))
        let jsonl = render([.real, .synthetic], { JSONLinesWriter(out: $0) })
        XCTAssertEqual(jsonl, "{\"name\": \"r0\", \"demo\": null}\n{\"name\": \"r1\", \"demo\": \"synthetic\"}\n")
    }

    /// Rows held past the limit with no demo row yet: the column is there when the database
    /// holds demo data (a later row may need it), and not when it holds none.
    func testALongResultDecidesTheDemoColumnByWhatIsLoaded() {
        for loaded in [true, false] {
            var out = ""
            var gate = DemoColumn(writer: CSVWriter { out += $0 }, columns: [ColumnInfo(name: "n", type: .count)], demoLoaded: { loaded })
            for i in 0..<(DemoColumn.holdLimit + 5) { gate.row([.integer(Int64(i))], .real) }
            XCTAssertEqual(gate.end(footer: Footer(rows: DemoColumn.holdLimit + 5, syntheticRows: 0)), loaded)
            XCTAssertTrue(out.hasPrefix(loaded ? "n,demo\r\n0,\r\n" : "n\r\n0\r\n"))
        }
    }

    func testWorkbookCellsAreTyped() {
        XCTAssertEqual(XLSXWriter.columnName(0), "A")
        XCTAssertEqual(XLSXWriter.columnName(25), "Z")
        XCTAssertEqual(XLSXWriter.columnName(26), "AA")
        XCTAssertEqual(XLSXWriter.columnName(701), "ZZ")
        XCTAssertEqual(XLSXWriter.columnName(702), "AAA")
        // Independent: 1900-03-01 is serial 61 and 2024-03-31 is 45382 in every spreadsheet.
        XCTAssertEqual(XLSXWriter.serialDay("1900-03-01"), 61)
        XCTAssertEqual(XLSXWriter.serialDay("2024-03-31"), 45382)
        XCTAssertNil(XLSXWriter.serialDay("2024-03"))
        XCTAssertEqual(XLSXWriter.cell(.integer(123_456), .money, "B2"), "<c r=\"B2\" s=\"1\"><v>1234.56</v></c>")
        XCTAssertEqual(XLSXWriter.cell(.text("2024-03-31"), .date, "C2"), "<c r=\"C2\" s=\"2\"><v>45382</v></c>")
        XCTAssertEqual(XLSXWriter.cell(.text("01617404834"), .text, "D2"),
                       "<c r=\"D2\" t=\"inlineStr\"><is><t xml:space=\"preserve\">01617404834</t></is></c>")
        XCTAssertEqual(XLSXWriter.cell(.null, .text, "E2"), "")
        XCTAssertEqual(XLSXWriter.xml("a<b>&\"\u{1}"), "a&lt;b&gt;&amp;&quot;_x0001_")
    }
}
