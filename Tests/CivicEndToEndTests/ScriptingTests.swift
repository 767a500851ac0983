import CivicStorage
import Foundation
import XCTest

/// The ways in for scripts — an argument, standard input, a file — and every format, checked
/// against exact expected output for fixed queries. The figures (ward populations, the number of
/// regions) come from the raw files; the layout is each format's specification.
final class ScriptingTests: XCTestCase {
    static let query = #"wards in constituency "Hodge Hill" | show name, population | sort population desc | top 3"#

    var db: String { _ = try? BundledDatabase.open(); return BundledDatabase.built.path }

    /// The three most populous wards of the constituency, from the raw ONS lookup and census
    /// file (Tests/Oracle reads them, not civic).
    static var top3: [(String, Int)] { Array(Oracle.pairs("hodge_hill_wards_by_population").prefix(3)) }
    static var expectedCSV: String { "name,population\r\n" + top3.map { "\($0.0),\($0.1)\r\n" }.joined() }
    /// The regions of the ONS lookup, counted from the raw file.
    static var regions: String { String(Oracle.int("regions")) }

    /// The exact layouts below are each format's specification, written out for these rows;
    /// this ties them to the raw data, so a change in the data fails here and says why.
    func testTheFixedRowsAreTheRawFilesRows() {
        XCTAssertEqual(Self.top3.map(\.0), ["Alum Rock", "Glebe Farm & Tile Cross", "Bromford & Hodge Hill"])
        XCTAssertEqual(Self.top3.map(\.1), [28018, 24529, 22383])
        XCTAssertEqual(Self.regions, "9")
    }

    func testTheThreeWaysInGiveTheSameResult() throws {
        let arg = try Civic.run(["query", "--db", db, "--format", "csv", Self.query])
        XCTAssertEqual(arg.status, 0, arg.stderr)
        XCTAssertEqual(arg.stdout, Self.expectedCSV)

        let dash = try Civic.run(["query", "--db", db, "--format", "csv", "-"], input: Self.query)
        XCTAssertEqual(dash.stdout, Self.expectedCSV)

        let piped = try Civic.run(["query", "--db", db, "--format", "csv"], input: Self.query + "\n")
        XCTAssertEqual(piped.stdout, Self.expectedCSV)

        let bare = try Civic.run(["--db", db], input: "regions | count\n", environment: ["CIVIC_DB": db])
        XCTAssertEqual(bare.status, 0, bare.stderr)
        XCTAssertTrue(bare.stdout.contains("    " + Self.regions), "civic with piped input runs the queries: \(bare.stdout)")

        let dir = try Civic.temporaryDirectory(self)
        let file = dir.appendingPathComponent("queries.civic")
        try """
            -- two queries, separated by a semicolon
            \(Self.query);
            regions | count;
            """.write(to: file, atomically: true, encoding: .utf8)
        // Two result tables never run into one CSV stream: a file each, in a folder.
        let f = try Civic.run(["query", "--db", db, "--format", "csv", "-f", file.path, "-o", dir.path + "/"])
        XCTAssertEqual(f.status, 0, f.stderr)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("1.csv"), encoding: .utf8), Self.expectedCSV)
        XCTAssertEqual(try String(contentsOf: dir.appendingPathComponent("2.csv"), encoding: .utf8), "count\r\n\(Self.regions)\r\n")
    }

    /// A number beyond 64 bits in a query is an error at its place, not a crash (issue 11).
    func testNumbersTooLargeToCountAreErrorsNotCrashes() throws {
        for q in ["regions where population > 9223372036854775807", "regions where population > 99999999999999999999999",
                  "spending where amount > 99999999999999999999"] {
            let r = try Civic.run(["query", q])
            XCTAssertEqual(r.status, 65, "\(q): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("is too large for civic to compare"), r.stderr)
            XCTAssertTrue(r.stderr.contains("^"), r.stderr)
        }
    }

    func testAFailingQueryInAScriptIsReportedAndTheRestRun() throws {
        let r = try Civic.run(["query", "--db", db, "--format", "jsonl", "-"], input: "regions | count; councilors; regions | count")
        XCTAssertEqual(r.status, 65)
        XCTAssertEqual(r.stdout, "{\"query\": 1, \"count\": \(Self.regions)}\n{\"query\": 3, \"count\": \(Self.regions)}\n")
        XCTAssertTrue(r.stderr.contains(#"unknown subject "councilors""#))
    }

    func testEveryFormat() throws {
        func run(_ format: String) throws -> String {
            let r = try Civic.run(["query", "--db", db, "--format", format, Self.query])
            XCTAssertEqual(r.status, 0, r.stderr)
            return r.stdout
        }
        XCTAssertEqual(try run("table"), """
            name                     population
            -----------------------  ----------
            Alum Rock                    28,018
            Glebe Farm & Tile Cross      24,529
            Bromford & Hodge Hill        22,383

            3 rows

            """)
        XCTAssertEqual(try run("box"), """
            ┌─────────────────────────┬────────────┐
            │ name                    │ population │
            ├─────────────────────────┼────────────┤
            │ Alum Rock               │     28,018 │
            │ Glebe Farm & Tile Cross │     24,529 │
            │ Bromford & Hodge Hill   │     22,383 │
            └─────────────────────────┴────────────┘

            3 rows

            """)
        XCTAssertEqual(try run("tsv"), "name\tpopulation\r\nAlum Rock\t28018\r\nGlebe Farm & Tile Cross\t24529\r\nBromford & Hodge Hill\t22383\r\n")
        XCTAssertEqual(try run("jsonl"), """
            {"name": "Alum Rock", "population": 28018}
            {"name": "Glebe Farm & Tile Cross", "population": 24529}
            {"name": "Bromford & Hodge Hill", "population": 22383}

            """)
        let json = try JSONSerialization.jsonObject(with: Data(try run("json").utf8)) as? [String: Any]
        let rows = json?["rows"] as? [[String: Any]] ?? []
        XCTAssertEqual(rows.map { $0["name"] as? String }, ["Alum Rock", "Glebe Farm & Tile Cross", "Bromford & Hodge Hill"])
        XCTAssertEqual(rows.map { ($0["population"] as? NSNumber)?.intValue }, Self.top3.map(\.1))
        let meta = json?["meta"] as? [String: Any] ?? [:]
        XCTAssertEqual(meta["synthetic"] as? Bool, false)
        XCTAssertEqual((meta["sources"] as? [[String: Any]])?.compactMap { $0["file"] as? String }.sorted(),
                       ["census2021_ts021_ethnic_group_birmingham_wards.csv", "ons_ward_to_lad_county_region_country_dec2019_uk.csv"],
                       "the ward rows and their populations")
        let md = try run("markdown")
        XCTAssertTrue(md.hasPrefix("""
            | name | population |
            |---|---:|
            | Alum Rock | 28,018 |
            | Glebe Farm & Tile Cross | 24,529 |
            | Bromford & Hodge Hill | 22,383 |

            3 rows.

            **Query:** `\(Self.query)`
            """), md)
        XCTAssertTrue(md.contains("- Office for National Statistics (Census 2021, via Nomis), *Census 2021 TS021"), "Markdown always cites")
        let html = try run("html")
        XCTAssertTrue(html.hasPrefix("<!doctype html>"))
        XCTAssertTrue(html.contains("<tr><td>Glebe Farm &amp; Tile Cross</td><td class=\"n\">24,529</td></tr>"), html)
        XCTAssertTrue(html.contains("<section class=\"sources\">"), "HTML always cites")
    }

    func testOutputFileTakesItsFormatFromTheExtension() throws {
        let dir = try Civic.temporaryDirectory(self)
        let md = dir.appendingPathComponent("story.md")
        let r = try Civic.run(["query", "--db", db, "-o", md.path, #"institutions in ward "Hodge Hill" spending on "youth services""#])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "")
        let text = try String(contentsOf: md, encoding: .utf8)
        XCTAssertTrue(text.hasPrefix("| name | kind | area | spent |"))
        XCTAssertTrue(text.contains("(synthetic demo data)"))
        XCTAssertTrue(text.contains("must not be reported as fact"))
        let bad = try Civic.run(["query", "--db", db, "-o", dir.appendingPathComponent("x.ods").path, "regions"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains(".xlsx"), bad.stderr)
    }

    func testCiteNamesTheSourcesAndWarnsOfSyntheticRows() throws {
        let real = try Civic.run(["query", "--db", db, "--cite", #"spending by council "Lambeth" during 2012-06 | count"#])
        XCTAssertTrue(real.stdout.contains("Sources:"))
        XCTAssertTrue(real.stdout.contains("London Borough of Lambeth (via the lambethdatastore mirror), \"Lambeth Invoices Over Specified Nett Amount"), real.stdout)
        XCTAssertTrue(real.stdout.contains("Licence: OGL. File: lambeth_payments_over_500_2012-06.csv"))
        XCTAssertFalse(real.stdout.contains("synthetic"))
        let demo = try Civic.run(["query", "--db", db, "--cite", #"suppliers paid by council "Birmingham" spending on "youth services" | top 3"#])
        XCTAssertTrue(demo.stdout.contains("demo_payments.csv [SYNTHETIC]"), demo.stdout)
        XCTAssertTrue(demo.stdout.contains("It is not real data and must not be reported as fact."))
        // CSV stays clean: the citation goes to stderr.
        let csv = try Civic.run(["query", "--db", db, "--cite", "--format", "csv", "regions | count"])
        XCTAssertEqual(csv.stdout, "count\r\n\(Self.regions)\r\n")
        XCTAssertTrue(csv.stderr.contains("Sources:"))
    }

    func testCoverageNotesSayWhatIsNotLoaded() throws {
        let none = try Civic.run(["query", "--db", db, #"spending by council "Trafford" | count"#])
        XCTAssertEqual(none.status, 0)
        XCTAssertTrue(none.stdout.contains("No payments are loaded for Trafford"), none.stdout)
        let month = try Civic.run(["query", "--db", db, #"spending by council "Lambeth" during 2012-07 | count"#])
        XCTAssertTrue(month.stdout.contains("No payments by Lambeth are loaded for 2012-07-01 to 2012-07-31: its loaded spending files cover 2012-06-01 to 2012-06-30."), month.stdout)
        let wards = try Civic.run(["query", "--db", db, #"councillors in council "Birmingham" | count"#])
        // Independent: 69 wards, of which the raw councillors file covers 62.
        let missing = Oracle.int("birmingham_wards") - Oracle.int("birmingham_councillor_wards")
        XCTAssertTrue(wards.stdout.contains("\(missing) of Birmingham's \(Oracle.int("birmingham_wards")) wards have no councillor results loaded"), wards.stdout)
        // Unmapped categories are named for what they are, and only where there are some.
        let unmapped = "Rows with no category are payments whose publisher's own labels (service, expense) civic does not map"
        let nulls = try BundledDatabase.open().rows("""
            SELECT i.code, count(*) FILTER (WHERE p.category_id IS NULL) FROM payments p JOIN institutions i ON i.institution_id = p.payer_id
            WHERE i.code IN ('E08000003', 'E08000025') GROUP BY i.code ORDER BY i.code
            """).map { $0[1].int ?? -1 }
        XCTAssertEqual(nulls.count, 2)
        let manchester = try Civic.run(["query", "--db", db, #"spending by council "Manchester" | total amount by category"#])
        XCTAssertEqual(manchester.stdout.contains(unmapped), nulls[0] > 0, manchester.stdout)
        let birmingham = try Civic.run(["query", "--db", db, #"spending by council "Birmingham" | total amount by category"#])
        XCTAssertEqual(birmingham.stdout.contains(unmapped), nulls[1] > 0, birmingham.stdout)
        let empty = try Civic.run(["query", "--db", db, "spending during 1990 | count"])
        XCTAssertTrue(empty.stdout.contains("No payments are loaded in 1990-01-01 to 1990-12-31. Loaded spending files: Bradford 2019-01-01 to 2019-12-31; "), empty.stdout)
        // Coverage comes from the sources' declared periods, not from the first and last payment:
        // Bradford's file covers all of 2019 although its first payment is on 3 January.
        let year = try Civic.run(["query", "--db", db, #"spending by council "Bradford" during 2019 | count"#])
        XCTAssertFalse(year.stdout.contains("partial"), year.stdout)
        let partial = try Civic.run(["query", "--db", db, #"spending by council "Manchester" during 2021 | count"#])
        XCTAssertTrue(partial.stdout.contains("Payments by Manchester are loaded only for 2021-04-01 to 2021-12-31 of the period asked (2021-01-01 to 2021-12-31), so the result may be partial."), partial.stdout)
    }

    func testSourcesListEveryBundledFileInAnyFormat() throws {
        // Independent: one source per layout under Datasets/ (the demo layer's are synthetic).
        let layouts = (FileManager.default.enumerator(atPath: Civic.datasets.path)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".layout.json") }
        let synthetic = layouts.filter { $0.hasPrefix("demo/") }
        let r = try Civic.run(["sources", "--db", db, "--format", "csv"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\r\n").map(String.init)
        XCTAssertEqual(lines.first, "file,kind,publisher,licence,from,to,origin,rows")
        XCTAssertEqual(lines.count - 1, layouts.count)
        XCTAssertEqual(lines.filter { $0.contains(",synthetic,") }.count, synthetic.count)
        XCTAssertTrue(lines.contains { $0.hasPrefix("lambeth_payments_over_500_2012-06.csv,payments,") && $0.hasSuffix(",2012-06-01,2012-06-30,real,3155") },
                      r.stdout)
        let json = try JSONSerialization.jsonObject(with: Data(try Civic.run(["sources", "--db", db, "--format", "json"]).stdout.utf8)) as? [String: Any]
        XCTAssertEqual((json?["rows"] as? [Any])?.count, layouts.count)
    }

    func testNoDecorationWhenPipedOrNoColor() throws {
        for env in [[:], ["NO_COLOR": "1"]] {
            let r = try Civic.run(["query", "--db", db, "regions | top 2"], environment: env)
            XCTAssertFalse(r.stdout.contains("\u{1B}"), "no escape codes when piped")
        }
    }

    func testLargeResultsStreamInFullAndTablesSayTheyAreCapped() throws {
        let count = try BundledDatabase.open().scalar("SELECT count(*) FROM payments").int ?? -1
        let csv = try Civic.run(["query", "--db", db, "--format", "csv", "spending | show date, amount"])
        XCTAssertEqual(csv.status, 0)
        XCTAssertEqual(Int64(csv.stdout.split(separator: "\r\n").count), count + 1, "every row, plus the header")
        let table = try Civic.run(["query", "--db", db, "spending | show date, amount"])
        XCTAssertTrue(table.stdout.contains("showing the first 10,000; use --format csv or json for all"), String(table.stdout.suffix(300)))
    }
}
