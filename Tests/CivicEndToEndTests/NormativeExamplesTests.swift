import CivicStorage
import Foundation
import XCTest

/// The 14 normative examples of LANGUAGE.md, run from the built binary. Each result is checked
/// against a hand-written SQL query on the same database, or against counts made from the raw
/// files (Tests/Oracle) — never against civic's own output.
final class NormativeExamplesTests: XCTestCase {
    struct JSONResult {
        var columns: [String]
        var rows: [[String: Any]]
        var meta: [String: Any]

        func strings(_ c: String) -> [String] { rows.map { ($0[c] as? String) ?? "" } }
        /// Money columns are pounds with two decimals: back to pence.
        func pence(_ c: String) -> [Int64] {
            rows.map { row in (row[c] as? NSNumber).map { Int64(($0.doubleValue * 100).rounded()) } ?? Int64.min }
        }
        func ints(_ c: String) -> [Int64] { rows.map { ($0[c] as? NSNumber)?.int64Value ?? -1 } }
        var synthetic: Bool { meta["synthetic"] as? Bool ?? false }
    }

    func query(_ q: String, file: StaticString = #filePath, line: UInt = #line) throws -> JSONResult {
        _ = try BundledDatabase.open()
        let r = try Civic.run(["query", "--db", BundledDatabase.built.path, "--format", "json", q])
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
        let cols = (obj["columns"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        return JSONResult(columns: cols, rows: obj["rows"] as? [[String: Any]] ?? [], meta: obj["meta"] as? [String: Any] ?? [:])
    }

    func sql(_ s: String, _ params: [Value] = []) throws -> [[Value]] { try BundledDatabase.open().rows(s, params) }

    func testExample01YouthServicesInHodgeHill() throws {
        let r = try query(#"institutions in ward "Hodge Hill" spending on "youth services""#)
        let expected = try sql("""
            SELECT i.name, sum(p.amount_pence) FROM institutions i JOIN payments p ON p.payer_id = i.institution_id
            WHERE i.area_id = 'E05011131' AND p.category_id IN (SELECT category_id FROM categories WHERE category_id = 327 OR parent_id = 327)
            GROUP BY i.institution_id ORDER BY i.name
            """)
        XCTAssertFalse(expected.isEmpty)
        XCTAssertEqual(r.strings("name"), expected.map { $0[0].string ?? "" })
        XCTAssertEqual(r.pence("spent"), expected.map { $0[1].int ?? 0 })
        XCTAssertTrue(r.synthetic, "demo rows are labelled")
    }

    func testExample02CouncillorsInHodgeHill() throws {
        let r = try query(#"councillors in ward "Hodge Hill""#)
        XCTAssertEqual(r.strings("name"), Oracle.strings("hodge_hill_ward_councillors"))
        XCTAssertEqual(r.strings("name"), ["Diane Donaldson", "Majid Mahmood"])
        XCTAssertEqual(r.columns, ["name", "party", "ward", "institution"])
        XCTAssertEqual(Set(r.strings("party")), ["Labour Party"])
        XCTAssertFalse(r.synthetic)
    }

    func testExample03GovernorsOfSchools() throws {
        let r = try query(#"governors of schools in ward "Hodge Hill""#)
        let expected = try sql("""
            SELECT p.name, i.name FROM roles r JOIN people p USING(person_id) JOIN institutions i USING(institution_id)
            WHERE r.role = 'governor' AND i.kind IN ('school', 'academy') AND i.area_id = 'E05011131' ORDER BY p.name, r.role_id
            """)
        XCTAssertGreaterThan(expected.count, 0)
        XCTAssertEqual(r.strings("name"), expected.map { $0[0].string ?? "" })
        XCTAssertEqual(r.strings("institution"), expected.map { $0[1].string ?? "" })
        XCTAssertTrue(r.synthetic)
    }

    func testExample04ManchesterTopCategories() throws {
        let r = try query(#"spending by council "Manchester" during fy 2021/22 | total amount by category | sort total desc | top 10"#)
        let expected = try sql("""
            SELECT c.name, sum(p.amount_pence) AS t FROM payments p LEFT JOIN categories c ON c.category_id = p.category_id
            WHERE p.payer_id = (SELECT institution_id FROM institutions WHERE scheme = 'ons' AND code = 'E08000003')
              AND p.paid_from >= '2021-04-01' AND p.paid_to <= '2022-03-31'
            GROUP BY c.name ORDER BY t DESC LIMIT 10
            """)
        XCTAssertEqual(r.pence("total"), expected.map { $0[1].int ?? 0 })
        XCTAssertEqual(r.rows.map { $0["category"] as? String }, expected.map { $0[0].string })
    }

    func testManchesterFinancialYearTotal() throws {
        let r = try query(#"spending by council "Manchester" during fy 2021/22 | total amount"#)
        XCTAssertEqual(r.pence("total"), [Oracle.file("manchester_spend_over_500_2021-22.csv", "pence")])
        XCTAssertEqual(r.pence("total"), [83_747_243_569])
    }

    func testExample05BirminghamYouthSuppliers() throws {
        let r = try query(#"suppliers paid by council "Birmingham" spending on "youth services" | sort paid desc | top 10"#)
        let expected = try sql("""
            SELECT s.name, sum(p.amount_pence) AS t FROM payments p JOIN suppliers s USING(supplier_id)
            WHERE s.redacted = 0 AND p.category_id = 327
              AND p.payer_id = (SELECT institution_id FROM institutions WHERE scheme = 'ons' AND code = 'E08000025')
            GROUP BY s.supplier_id ORDER BY t DESC LIMIT 10
            """)
        XCTAssertEqual(r.rows.count, 10)
        XCTAssertEqual(r.strings("name"), expected.map { $0[0].string ?? "" })
        XCTAssertEqual(r.pence("paid"), expected.map { $0[1].int ?? 0 })
        XCTAssertTrue(r.synthetic)
    }

    func testExample06PeopleWithSeveralRoles() throws {
        let r = try query("people where roles >= 2 | sort roles desc")
        let expected = try sql("SELECT person_id, count(*) AS n FROM roles GROUP BY person_id HAVING n >= 2 ORDER BY n DESC")
        XCTAssertEqual(r.rows.count, expected.count)
        XCTAssertEqual(r.ints("roles"), expected.map { $0[1].int ?? 0 })
    }

    func testExample07BigPayments2019() throws {
        let r = try query("spending over £100k during 2019 | sort amount desc | top 20")
        let expected = try sql("""
            SELECT amount_pence FROM payments WHERE amount_pence > 10000000 AND paid_from >= '2019-01-01' AND paid_to <= '2019-12-31'
            ORDER BY amount_pence DESC LIMIT 20
            """)
        XCTAssertEqual(r.pence("amount"), expected.map { $0[0].int ?? 0 })
        XCTAssertEqual(r.rows.count, 20)
    }

    func testExample08BirminghamWards() throws {
        let r = try query(#"wards in council "Birmingham" | show name, population, councillors | sort population desc"#)
        XCTAssertEqual(r.columns, ["name", "population", "councillors"])
        XCTAssertEqual(Int64(r.rows.count), Oracle.int("birmingham_wards"))
        XCTAssertEqual(r.rows.count, 69)
        XCTAssertEqual(r.ints("population").reduce(0, +), Oracle.int("census_population"))
        XCTAssertEqual(r.ints("population").reduce(0, +), 1_144_876)
        XCTAssertEqual(r.ints("population"), r.ints("population").sorted(by: >))
        XCTAssertEqual(r.ints("councillors").reduce(0, +), Oracle.int("birmingham_councillors"))
        XCTAssertEqual(r.ints("councillors").filter { $0 == 0 }.count, 7, "the 7 wards without results")
    }

    func testExample09OutturnByKindChart() throws {
        let r = try query("budgets during fy 2017/18 | total amount by kind | chart")
        let expected = try sql("""
            SELECT i.kind, sum(b.amount_pence) FROM budgets b JOIN institutions i USING(institution_id) WHERE b.fy_start = 2017 GROUP BY i.kind ORDER BY i.kind
            """)
        XCTAssertEqual(r.strings("kind"), expected.map { $0[0].string ?? "" })
        XCTAssertEqual(r.pence("total"), expected.map { $0[1].int ?? 0 })
        XCTAssertEqual(r.pence("total").reduce(0, +), Oracle.int("outturn_service_pence"))
        // The chart itself, piped: plain # bars, a label per kind and a scale.
        let chart = try Civic.run(["query", "--db", BundledDatabase.built.path, "budgets during fy 2017/18 | total amount by kind | chart"])
        XCTAssertEqual(chart.status, 0)
        let lines = chart.stdout.split(separator: "\n")
        XCTAssertEqual(lines.count, expected.count + 1)
        XCTAssertTrue(lines.last?.hasPrefix("scale") ?? false)
        let council = lines.first { $0.hasPrefix("council ") } ?? ""
        XCTAssertEqual(council.filter { $0 == "#" }.count, 40, "the largest value draws the full width")
        XCTAssertFalse(chart.stdout.contains("█"), "plain text when piped")
    }

    func testExample10AcademiesCount() throws {
        let r = try query(#"institutions named "academy" | count"#)
        let expected = try sql("SELECT count(*) FROM institutions WHERE name_norm LIKE '%academy%'")
        XCTAssertEqual(r.ints("count"), [expected[0][0].int ?? -1])
    }

    func testExample11HodgeHillConstituencyWards() throws {
        let r = try query(#"wards in constituency "Hodge Hill""#)
        XCTAssertEqual(r.strings("name"), Oracle.strings("hodge_hill_constituency_wards"))
        XCTAssertEqual(r.rows.count, 9)
    }

    func testExample12AmbiguousNameIsAnError() throws {
        let r = try Civic.run(["query", "--db", try { _ = try BundledDatabase.open(); return BundledDatabase.built.path }(),
                               #"institutions in "Hodge Hill""#])
        XCTAssertEqual(r.status, 65)
        XCTAssertEqual(r.stdout, "")
        XCTAssertTrue(r.stderr.contains("Bromford & Hodge Hill (E05011131"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Birmingham, Hodge Hill (E14000563)"), r.stderr)
        XCTAssertTrue(r.stderr.contains("^^^^"), "a caret under the name")
    }

    func testExample13BradfordYouthSuppliers() throws {
        let r = try query(#"suppliers paid by council "Bradford" spending on "youth services" during 2019 | sort paid desc | top 10"#)
        let expected = try sql("""
            SELECT s.name, sum(p.amount_pence) AS t FROM payments p JOIN suppliers s USING(supplier_id)
            WHERE s.redacted = 0 AND p.category_id = 327 AND p.paid_from >= '2019-01-01' AND p.paid_to <= '2019-12-31'
              AND p.payer_id = (SELECT institution_id FROM institutions WHERE scheme = 'ons' AND code = 'E08000032')
            GROUP BY s.supplier_id ORDER BY t DESC, s.name LIMIT 10
            """)
        XCTAssertEqual(r.pence("paid"), expected.map { $0[1].int ?? 0 })
        XCTAssertFalse(r.synthetic, "Bradford's payments are real")
        // Independent check of what the mapping covers: every Youth Service Commissioning row.
        let count = try sql("SELECT count(*) FROM payments JOIN sources USING(source_id) WHERE file LIKE 'bradford%' AND category_id = 327")
        XCTAssertEqual(count[0][0].int, Oracle.file("bradford_spend_over_500_2019.csv", "youth_service_commissioning_rows"))
    }

    func testExample14LambethJuneCount() throws {
        let r = try query(#"spending by council "Lambeth" during 2012-06 | count"#)
        XCTAssertEqual(r.ints("count"), [Oracle.file("lambeth_payments_over_500_2012-06.csv", "rows")])
        XCTAssertEqual(r.ints("count"), [3_155])
    }

    func testExplainPrintsSQLAndParameters() throws {
        _ = try BundledDatabase.open()
        let r = try Civic.run(["query", "--db", BundledDatabase.built.path, "--explain", #"councillors in ward "Hodge Hill""#])
        XCTAssertEqual(r.status, 0)
        XCTAssertTrue(r.stdout.contains("SELECT"))
        XCTAssertTrue(r.stdout.contains(#"?1 = "E05011131""#), r.stdout)
        XCTAssertFalse(r.stdout.contains("Hodge Hill\""), "the typed name never reaches SQL")
        let v = try Civic.run(["query", "--db", BundledDatabase.built.path, "--verbose", #"councillors in ward "Hodge Hill""#])
        XCTAssertTrue(v.stderr.contains(#"ward "Hodge Hill" → Bromford & Hodge Hill (E05011131)"#), v.stderr)
    }

    func testExitCodes() throws {
        _ = try BundledDatabase.open()
        let db = BundledDatabase.built.path
        XCTAssertEqual(try Civic.run(["query", "--db", db]).status, 64, "missing query")
        XCTAssertEqual(try Civic.run(["query", "--db", db, "--format", "yaml", "wards"]).status, 64, "bad format")
        XCTAssertEqual(try Civic.run(["query", "--db", db, "councilors"]).status, 65)
        let empty = try Civic.run(["query", "--db", db, #"spending by council "Lambeth" during 2030"#])
        XCTAssertEqual(empty.status, 0, "no rows is not an error")
        XCTAssertTrue(empty.stdout.contains("(no rows)"))
    }

    func testCSVOutputParsesBackToTheRows() throws {
        _ = try BundledDatabase.open()
        let r = try Civic.run(["query", "--db", BundledDatabase.built.path, "--format", "csv",
                               #"spending by town council "Sutton Coldfield" | show date, supplier, expense, amount"#])
        XCTAssertEqual(r.status, 0, r.stderr)
        let expected = try sql("""
            SELECT p.date, s.name, p.expense, printf('%.2f', p.amount_pence / 100.0) FROM payments p JOIN suppliers s USING(supplier_id)
            JOIN sources src ON src.source_id = p.source_id WHERE src.file LIKE 'sutton%' ORDER BY p.date, p.payment_id
            """).map { $0.map { $0.string ?? "" } }
        // Parse the CSV with an independent reader: Python's csv module.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import csv,sys,json; print(json.dumps(list(csv.reader(sys.stdin))))"]
        let inPipe = Pipe(), outPipe = Pipe()
        p.standardInput = inPipe
        p.standardOutput = outPipe
        try p.run()
        inPipe.fileHandleForWriting.write(Data(r.stdout.utf8))
        try inPipe.fileHandleForWriting.close()
        let parsed = try JSONSerialization.jsonObject(with: outPipe.fileHandleForReading.readDataToEndOfFile()) as? [[String]] ?? []
        p.waitUntilExit()
        XCTAssertEqual(parsed.first, ["date", "supplier", "expense", "amount"])
        XCTAssertEqual(Array(parsed.dropFirst()), expected)
    }

    func testAKindAndANameListThatOneThing() throws {
        let school = try query(#"school "Hodge Hill School" | show name, kind, area, spent"#)
        let expected = try sql("""
            SELECT i.name, i.kind, a.name, (SELECT sum(amount_pence) FROM payments p WHERE p.payer_id = i.institution_id)
            FROM institutions i JOIN areas a ON a.area_id = i.area_id WHERE i.name = 'Hodge Hill School' AND i.kind IN ('school', 'academy')
            """)
        XCTAssertEqual(expected.count, 1)
        XCTAssertEqual(school.strings("name"), [expected[0][0].string ?? ""])
        XCTAssertEqual(school.strings("area"), [expected[0][2].string ?? ""])
        XCTAssertEqual(school.pence("spent"), [expected[0][3].int ?? 0])
        XCTAssertTrue(school.synthetic)

        let ward = try query(#"ward "Bromford & Hodge Hill" | show name, population, councillors"#)
        XCTAssertEqual(ward.strings("name"), ["Bromford & Hodge Hill"])
        XCTAssertEqual(ward.ints("population"), [Oracle.int("bromford_hodge_hill_population")])
        XCTAssertEqual(ward.ints("councillors"), [Int64(Oracle.strings("hodge_hill_ward_councillors").count)])
        XCTAssertFalse(ward.synthetic)

        let plural = try Civic.run(["query", "--db", BundledDatabase.built.path, #"wards "Aston""#])
        XCTAssertEqual(plural.status, 65)
        XCTAssertTrue(plural.stderr.contains(#"to pick one, write ward "Aston"; to search, wards named "Aston""#), plural.stderr)
    }

    func testARowMixingRealAndDemoDataSaysSo() throws {
        // Birmingham's budget lines are real (MHCLG); its payments are all demo rows.
        let real = try sql("SELECT count(*) FROM budgets b JOIN sources s USING(source_id) WHERE s.synthetic = 0 AND b.institution_id = (SELECT institution_id FROM institutions WHERE code = 'E08000025')")
        let demo = try sql("SELECT count(*) FROM payments p JOIN sources s USING(source_id) WHERE s.synthetic = 1 AND p.payer_id = (SELECT institution_id FROM institutions WHERE code = 'E08000025')")
        XCTAssertGreaterThan(real[0][0].int ?? 0, 0)
        XCTAssertGreaterThan(demo[0][0].int ?? 0, 0)
        let q = #"council "Birmingham" | show name, budget, spent"#
        let r = try query(q)
        XCTAssertEqual(r.meta["mixed_rows"] as? Int, 1)
        XCTAssertEqual(r.meta["synthetic_rows"] as? Int, 1)
        let table = try Civic.run(["query", "--db", BundledDatabase.built.path, q])
        XCTAssertTrue(table.stdout.contains("This row draws on the synthetic demo layer (generated for demonstration, not real data); it mixes real data with demo data"), table.stdout)
        // Budgets alone are real and say nothing.
        let budgetOnly = try Civic.run(["query", "--db", BundledDatabase.built.path, #"council "Birmingham" | show name, budget"#])
        XCTAssertFalse(budgetOnly.stdout.contains("synthetic"), budgetOnly.stdout)
    }

    func testAnotherAreaTellsApartAWardNameSeveralCouncilsShare() throws {
        // Independent: the wards named Aston in the raw ONS lookup, and Birmingham's.
        let astons = try sql("SELECT area_id FROM areas WHERE kind = 'ward' AND name = 'Aston' ORDER BY area_id").compactMap { $0[0].string }
        XCTAssertGreaterThan(astons.count, 1)
        let alone = try Civic.run(["query", "--db", BundledDatabase.built.path, #"councillors in ward "Aston""#])
        XCTAssertEqual(alone.status, 65)
        XCTAssertTrue(alone.stderr.contains(#"in ward "Aston" in council "Birmingham""#), alone.stderr)
        for q in [#"councillors in ward "Aston" in council "Birmingham""#, #"councillors in council "Birmingham" in ward "Aston""#] {
            let r = try query(q)
            let expected = try sql("""
                SELECT p.name FROM roles r JOIN people p USING(person_id) WHERE r.role = 'councillor' AND r.ward_id =
                  (SELECT area_id FROM areas WHERE kind = 'ward' AND name = 'Aston' AND parent_id = 'E08000025') ORDER BY p.name
                """).compactMap { $0[0].string }
            XCTAssertEqual(expected.count, 2)
            XCTAssertEqual(r.strings("name"), expected, q)
        }
        let verbose = try Civic.run(["query", "--db", BundledDatabase.built.path, "--verbose", #"councillors in ward "Aston" in council "Birmingham""#])
        XCTAssertTrue(verbose.stderr.contains(#"ward "Aston" → Aston (E05011121), the one in Birmingham"#), verbose.stderr)
    }
}
