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
        XCTAssertNil(Format.from(fileName: "x.xlsx"))
    }

    func testChartDrawsBarsWithLabelsValuesAndScale() {
        let columns = [ColumnInfo(name: "kind", type: .text), ColumnInfo(name: "total", type: .money)]
        let rows: [[Value]] = [[.text("council"), .integer(400_00)], [.text("police"), .integer(100_00)]]
        XCTAssertEqual(Chart.render(columns: columns, rows: rows, width: 8, unicode: false), """
            council  ######## £400.00
            police   ## £100.00
            scale    ######## = £400.00

            """)
    }
}
