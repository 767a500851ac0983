@testable import CivicOutput
@testable import CivicProfile
import CivicQuery
import CivicStorage
import Foundation
import XCTest

/// The profile's HTML page on a profile made by hand: escaping, nothing from the network, the
/// charts (the subject's bar picked out, periods as columns), the per-head column, the demo
/// marks and the rows left out.
final class ProfileHTMLTests: XCTestCase {
    static let hostile = "<script>alert(1)</script> & Sons"

    /// A ward among 20 neighbours (the page shows 6 and the ward's own row, the 13th), its
    /// spending by month out of order with a refund, and a query with no rows.
    static func profile() -> Profile {
        let money = [ColumnInfo(name: "name", type: .text), ColumnInfo(name: "spent", type: .money)]
        var neighbourRows: [[Value]] = (0..<20).map { i in [.text("Ward \(i + 1)"), .integer(Int64(2_000_000 - i * 50_000))] }
        neighbourRows[12][0] = .text(hostile)
        var origins = [RowOrigin](repeating: .real, count: 20)
        origins[1] = .synthetic
        origins[12] = .mixed
        let source = SourceRecord(file: "payments.csv", title: "Payments <over £500>", publisher: "Council & Co", licence: "OGL v3",
                                  periodStart: "2023-04-01", periodEnd: "2024-03-31", url: "https://example.org/payments.csv",
                                  retrieved: "2024-05-01", synthetic: false)
        let demo = SourceRecord(file: "demo_payments.csv", title: "DEMO LAYER", publisher: "civic demo generator", licence: "CC0",
                                periodStart: nil, periodEnd: nil, url: nil, synthetic: true)
        var neighbours = ProfileBlock(number: 1, id: "neighbours", title: "Among its <neighbours>",
                                      query: "wards in council \"Birmingham\" | show name, spent | sort spent desc, name",
                                      sql: "SELECT name, spent FROM areas WHERE council = ? AND x < 'y'", parameters: [.text("Birmingham"), .integer(7)],
                                      columns: money, rows: neighbourRows, origins: origins,
                                      notes: ["A note said <once>.", "Another note."], sources: [source, demo],
                                      chart: .bars, shown: 6, empty: "No neighbours.", highlight: 12, perHead: nil)
        neighbours.perHead = .init(column: "spent", population: 1_000, from: 1, note: "per head: spent ÷ the ward's population, 1,000 (query 1)")
        let months: [(String, Int64)] = [("2023-06", 30_000), ("2023-04", 10_000), ("2023-05", -5_000), ("2023-07", 20_000)]
        let byMonth = ProfileBlock(number: 2, id: "spending_by_month", title: "Spending by month",
                                   query: "spending by (institutions in ward \"X\") | total amount by month", sql: "SELECT 1", parameters: [],
                                   columns: [ColumnInfo(name: "month", type: .text), ColumnInfo(name: "total", type: .money)],
                                   rows: months.map { [.text($0.0), .integer($0.1)] }, origins: Array(repeating: .real, count: 4),
                                   notes: ["A note said <once>."], sources: [source], chart: .columns, shown: nil, empty: "No spending.",
                                   highlight: nil, perHead: nil)
        let nothing = ProfileBlock(number: 3, id: "budget_by_service", title: "Budget", query: "budgets of ward \"X\"", sql: "SELECT 2",
                                   parameters: [], columns: money, rows: [], origins: [], notes: [], sources: [], chart: .bars, shown: 25,
                                   empty: "No budget lines are loaded for <X>.", highlight: nil, perHead: nil)
        let facts = [ProfileFact(label: "spent", value: .integer(1_400_000), type: .money, block: 1, how: "its row's <spent>"),
                     ProfileFact(label: "rank by spent", value: .text("13th of 20 wards"), type: .text, block: 1, how: nil)]
        return Profile(subject: ProfileSubject(kind: .area("ward"), name: hostile), title: "\(hostile) (ward)", code: "E05&<1>",
                       sections: [ProfileSection(id: "money", title: "The money", facts: facts, blocks: [neighbours, byMonth, nothing])],
                       notes: ["A note said <once>.", "Another note."], sources: [source, demo])
    }

    let page = ProfileHTML.page(ProfileHTMLTests.profile())

    /// The `<svg …>…</svg>` elements of the page, in order.
    func svgs() -> [String] {
        page.components(separatedBy: "<svg ").dropFirst().map { "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
    }

    func count(_ needle: String, in s: String) -> Int { s.components(separatedBy: needle).count - 1 }

    func testEverythingFromTheDataIsEscaped() {
        XCTAssertFalse(page.lowercased().contains("<script"), "no script, and the name's is escaped")
        XCTAssertTrue(page.contains("<title>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons (ward) — civic profile</title>"))
        XCTAssertTrue(page.contains("<h1>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons (ward)</h1>"))
        XCTAssertTrue(page.contains("<code>E05&amp;&lt;1&gt;</code>"))
        XCTAssertFalse(page.contains("<neighbours>"))
        XCTAssertTrue(page.contains("1. Among its &lt;neighbours&gt;"))
        XCTAssertTrue(page.contains("No budget lines are loaded for &lt;X&gt;."))
        XCTAssertTrue(page.contains("Council &amp; Co, <cite>Payments &lt;over £500&gt;</cite>"))
        // In the chart too: the label and its title.
        XCTAssertTrue(svgs()[0].contains(">&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons</text>"), svgs()[0])
        // Every tag the page opens is one it means to: nothing from the data became markup.
        let tags = Set(page.matches(of: /<([a-zA-Z][a-zA-Z0-9]*)/).map { String($0.output.1).lowercased() })
        let allowed: Set = ["html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "code", "span", "nav", "ol", "ul",
                            "li", "a", "main", "section", "dl", "div", "dt", "dd", "figure", "svg", "g", "text", "rect", "line", "figcaption",
                            "table", "thead", "tbody", "tr", "th", "td", "details", "summary", "pre", "cite", "strong", "footer"]
        XCTAssertEqual(tags.subtracting(allowed), [])
    }

    /// Nothing is fetched: no `src`, no stylesheet or import, and every link is to the page's
    /// own anchors (a source's address is shown as text).
    func testThePageRefersToNothingOnTheNetwork() {
        XCTAssertFalse(page.contains("src="))
        XCTAssertFalse(page.contains("@import"))
        XCTAssertFalse(page.contains("url("))
        XCTAssertFalse(page.contains("<link"))
        XCTAssertFalse(page.contains("<img"))
        let hrefs = page.matches(of: /href\s*=\s*"([^"]*)"/).map { String($0.output.1) }
        XCTAssertFalse(hrefs.isEmpty)
        for h in hrefs { XCTAssertTrue(h.hasPrefix("#"), h) }
        // Each link's anchor is on the page.
        for h in Set(hrefs) { XCTAssertTrue(page.contains("id=\"\(h.dropFirst())\""), h) }
        // http(s) appears only as the SVG namespace and as a source's address, in text.
        let rest = page.replacingOccurrences(of: "xmlns=\"http://www.w3.org/2000/svg\"", with: "")
            .replacingOccurrences(of: "<code class=\"url\">https://example.org/payments.csv</code>", with: "")
        XCTAssertFalse(rest.contains("http://"))
        XCTAssertFalse(rest.contains("https://"))
        XCTAssertFalse(page.contains("<script"))
    }

    func testTheSubjectsBarAndRowArePickedOut() throws {
        let bars = svgs()[0]
        XCTAssertTrue(bars.hasPrefix("<svg class=\"chart\""))
        XCTAssertTrue(bars.contains("role=\"img\""))
        XCTAssertTrue(bars.contains("aria-label=\"1. Among its &lt;neighbours&gt;"), bars)
        XCTAssertTrue(bars.contains("<title>1. Among its &lt;neighbours&gt;"))
        // The rows the page shows: the first six and the subject's, one bar each.
        XCTAssertEqual(count("<rect ", in: bars), 7)
        XCTAssertEqual(count("<g class=\"subject\">", in: bars), 1)
        XCTAssertEqual(count("fill=\"\(Chart.highlightColour)\"", in: bars), 1)
        XCTAssertEqual(count("fill=\"\(Chart.barColour)\"", in: bars), 6)
        let subject = try XCTUnwrap(bars.components(separatedBy: "<g class=\"subject\">").last)
        XCTAssertTrue(subject.contains("&lt;script&gt;"), "the subject's bar is its own row")
        XCTAssertTrue(page.contains("<tr class=\"subject mixed\" aria-current=\"true\"><td>&lt;script&gt;alert(1)&lt;/script&gt; &amp; Sons</td>"), page)
        XCTAssertTrue(page.contains("<td class=\"demo\"><span class=\"demo-mark\" title=\"real data mixed with demo data\">mixed</span></td></tr>"))
        XCTAssertEqual(count("aria-current", in: page), 1)
        // Its place among all the query's rows (13 of 20), not among the seven shown.
        XCTAssertTrue(page.contains("&amp; Sons is row 13 of 20, shown last, picked out in the chart and the table."), page)
    }

    func testPeriodsAreColumnsOldestFirstWithNegativesBelowZero() {
        let columns = svgs()[1]
        XCTAssertTrue(columns.hasPrefix("<svg class=\"chart columns\""), columns)
        XCTAssertTrue(columns.contains("role=\"img\" aria-label=\"2. Spending by month"))
        XCTAssertEqual(count("<rect ", in: columns), 4)
        let titles = columns.matches(of: /<g><title>([^<]*)<\/title>/).map { String($0.output.1) }
        XCTAssertEqual(titles, ["2023-04: £100.00", "2023-05: -£50.00", "2023-06: £300.00", "2023-07: £200.00"])
        XCTAssertEqual(count("fill=\"\(Chart.negativeColour)\"", in: columns), 1)
        // The refund hangs below the zero line: its column starts at zero.
        let zero = columns.firstMatch(of: /<line x1="[0-9.]+" y1="([0-9.]+)"[^>]*stroke="#555"/)?.output.1
        XCTAssertNotNil(zero)
        XCTAssertTrue(columns.contains("y=\"\(zero ?? "")\" width=") , "a negative column starts at the zero line")
        XCTAssertTrue(columns.contains(">2023-04</text>"), "periods are labelled")
        XCTAssertEqual(svgs().count, 2, "no chart for the query with no rows")
    }

    func testThePerHeadColumnTheDemoMarksAndTheRowsLeftOut() {
        XCTAssertTrue(page.contains("<th class=\"n\" scope=\"col\">spent per head</th>"))
        // 2,000,000p ÷ 1,000 people = 2,000p.
        XCTAssertTrue(page.contains("<p class=\"perhead\">per head: spent ÷ the ward&#39;s population, 1,000 (query 1)</p>"))
        // Demo rows: a class, and a last column of their own (as civic's other tables), not a
        // marker inside a data cell; the table of real months has none.
        XCTAssertTrue(page.contains("<th class=\"n\" scope=\"col\">spent per head</th><th class=\"demo\" scope=\"col\">demo</th>"))
        XCTAssertTrue(page.contains("<tr><td>Ward 1</td><td class=\"n\">£20,000.00</td><td class=\"n\">£20.00</td><td class=\"demo\"></td></tr>"))
        XCTAssertTrue(page.contains("<tr class=\"synthetic\"><td>Ward 2</td><td class=\"n\">£19,500.00</td><td class=\"n\">£19.50</td>"
                                    + "<td class=\"demo\"><span class=\"demo-mark\">synthetic</span></td></tr>"), page)
        XCTAssertEqual(count("<th class=\"demo\"", in: page), 1)
        XCTAssertTrue(page.contains("Rows marked in the demo column (2 of 7) draw on the synthetic demo layer"))
        XCTAssertTrue(page.contains("<p class=\"cut\">7 of 20 rows shown; query 1 lists them all.</p>"))
        XCTAssertTrue(page.contains("<p class=\"empty\">No budget lines are loaded for &lt;X&gt;.</p>"))
        XCTAssertFalse(page.contains("<p class=\"cut\">4 of"), "all the months are shown")
        XCTAssertTrue(page.contains("<p class=\"warning\">\(HTMLWriter.escape(Citation.syntheticWarning)) 2 of the rows the profile's queries returned draw on it"))
    }

    /// Bars draw the column the builder names (the one its query sorts by), so they fall in the
    /// table's order; without one, the last numeric column.
    func testBarsDrawTheColumnTheBuilderNames() throws {
        var p = Self.profile()
        var b = p.sections[0].blocks[0]
        b.columns = [ColumnInfo(name: "name", type: .text), ColumnInfo(name: "spent", type: .money), ColumnInfo(name: "payments", type: .count)]
        b.rows = [[.text("A"), .integer(900_00), .integer(1)], [.text("B"), .integer(100_00), .integer(50)]]
        b.origins = [.real, .real]
        b.shown = nil
        b.highlight = nil
        b.perHead = nil
        b.query = "councils where spent > £0 | show name, spent, payments | sort spent desc, name"
        b.chartValue = "spent"
        XCTAssertEqual(ProfileHTML.chartColumn(b), 1)
        p.sections[0].blocks = [b]
        let svg = try XCTUnwrap(ProfileHTML.page(p).components(separatedBy: "<svg ").dropFirst().first)
        XCTAssertTrue(svg.contains("<title>A: £900.00</title>"), svg)
        XCTAssertTrue(svg.contains("aria-label=\"1. Among its &lt;neighbours&gt;: a bar chart of spent\""), svg)
        XCTAssertFalse(svg.contains(">50</text>"))
        b.chartValue = "payments"
        XCTAssertEqual(ProfileHTML.chartColumn(b), 2)
        b.chartValue = nil
        XCTAssertEqual(ProfileHTML.chartColumn(b), 2)
        b.chartValue = "name"
        XCTAssertEqual(ProfileHTML.chartColumn(b), 2, "a text column is no chart's value")
    }

    func testFactsNotesQueriesAndSources() {
        XCTAssertTrue(page.contains("<dt>spent</dt><dd><span class=\"value\">£14,000.00</span> <a class=\"ref\" href=\"#q1\">query 1</a> "
                                    + "<span class=\"how\">(its row&#39;s &lt;spent&gt;)</span></dd>"), page)
        XCTAssertTrue(page.contains("id=\"q1\"") && page.contains("id=\"q2\"") && page.contains("id=\"q3\""))
        // A note is said once under the queries (the coverage section lists them all again).
        XCTAssertEqual(count("<p class=\"note\">A note said &lt;once&gt;.</p>", in: page), 1)
        XCTAssertTrue(page.contains("<li>A note said &lt;once&gt;.</li>"))
        // The query as a command line, its SQL and parameters.
        XCTAssertTrue(page.contains("<pre class=\"command\"><code>civic query &#39;wards in council &quot;Birmingham&quot; | show name, spent | sort spent desc, name&#39;</code></pre>"))
        XCTAssertTrue(page.contains("<pre class=\"sql\"><code>SELECT name, spent FROM areas WHERE council = ? AND x &lt; &#39;y&#39;</code></pre>"))
        XCTAssertTrue(page.contains("<code>?1 = &quot;Birmingham&quot;\n?2 = 7</code>"))
        XCTAssertTrue(page.contains("<details>"))
        // Sources: the real one in full, the demo one flagged, and the warning.
        XCTAssertTrue(page.contains("Licence: OGL v3. Retrieved 2024-05-01. Found at <code class=\"url\">https://example.org/payments.csv</code>. File: <code>payments.csv</code>"))
        XCTAssertTrue(page.contains("<li class=\"synthetic-source\">civic demo generator"))
        XCTAssertTrue(page.contains("id=\"coverage\"") && page.contains("id=\"sources\""))
        XCTAssertTrue(page.contains("Every figure on this page is the answer to the numbered civic query beside it"))
        XCTAssertTrue(page.contains("@media print"))
        XCTAssertTrue(page.contains("name=\"viewport\""))
    }

    func testAQuotedQueryIsOneShellWord() {
        var p = Self.profile()
        p.sections[0].blocks[0].query = "people named \"O'Brien\""
        XCTAssertTrue(ProfileHTML.page(p).contains("civic query &#39;people named &quot;O&#39;\\&#39;&#39;Brien&quot;&#39;"))
    }

    /// `| chart`'s SVG, without the arguments the profile adds, is as it was.
    func testTheChartWithoutTheNewArgumentsIsUnchanged() {
        let svg = Chart.svg(columns: [ColumnInfo(name: "kind", type: .text), ColumnInfo(name: "total", type: .money)],
                            rows: [[.text("a"), .integer(400_00)], [.text("b"), .integer(-100_00)]])
        XCTAssertEqual(svg, """
            <svg class="chart" xmlns="http://www.w3.org/2000/svg" width="577" height="48" viewBox="0 0 577 48" role="img" font-family="sans-serif" font-size="12">
            <g><title>a: £400.00</title><text x="11" y="17" text-anchor="end">a</text><rect x="17" y="5" width="400" height="16" fill="#4672b4"/><text x="423" y="17">£400.00</text></g>
            <g><title>b: -£100.00</title><text x="11" y="39" text-anchor="end">b</text><rect x="17" y="27" width="100" height="16" fill="#b44"/><text x="123" y="39">-£100.00</text></g>
            </svg>
            """)
    }

    func testTheSamePageEveryTime() {
        XCTAssertEqual(ProfileHTML.page(Self.profile()), page)
    }
}
