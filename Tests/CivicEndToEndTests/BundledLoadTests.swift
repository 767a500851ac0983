import CivicStorage
import Foundation
import XCTest

/// `civic load` of the bundled Datasets/, checked against counts and sums made from the raw
/// files by an independent reader (Tests/Oracle/raw_counts.py), never against civic's output.
final class BundledLoadTests: XCTestCase {
    func loaded(_ file: String, _ db: Database) throws -> Int64 {
        try db.scalar("SELECT rows_loaded FROM sources WHERE file = ?", [.text(file)]).int ?? -1
    }

    func testLoadSucceedsAndSummarisesEverySource() throws {
        let db = try BundledDatabase.open()
        let out = BundledDatabase.built.loadOutput
        let files = try db.rows("SELECT file FROM sources").compactMap { $0[0].string }
        // One source per layout in Datasets/ and Datasets/demo/.
        let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Datasets")
        let layouts = try [datasets, datasets.appendingPathComponent("demo")].flatMap {
            try FileManager.default.contentsOfDirectory(atPath: $0.path).filter { $0.hasSuffix(".layout.json") }
        }
        XCTAssertEqual(files.count, layouts.count)
        XCTAssertEqual(files.count, 28)
        for f in files { XCTAssertTrue(out.contains(f), "summary names \(f)") }
        // Lambeth's summary line: read 3,155, loaded 3,155, repaired 639.
        let lambeth = out.split(separator: "\n").first { $0.contains("lambeth_payments_over_500_2012-06.csv") } ?? ""
        XCTAssertEqual(lambeth.split(separator: " ").suffix(5).map(String.init), ["3,155", "3,155", "639", "0", "0"])
    }

    func testSpendingRowCountsAndSumsMatchTheRawFiles() throws {
        let db = try BundledDatabase.open()
        for file in ["manchester_spend_over_500_2021-22.csv", "bradford_spend_over_500_2019.csv",
                     "lambeth_payments_over_500_2012-06.csv", "sutton_coldfield_town_council_expenditure_2016-17.csv"] {
            let row = try db.rows("""
                SELECT count(*), sum(amount_pence), max(s.rows_loaded) FROM payments p JOIN sources s USING(source_id) WHERE s.file = ?
                """, [.text(file)])[0]
            XCTAssertEqual(row[0].int, Oracle.file(file, "rows"), "\(file) rows")
            XCTAssertEqual(row[1].int, Oracle.file(file, "pence"), "\(file) sum to the penny")
            XCTAssertEqual(row[2].int, Oracle.file(file, "rows"), "\(file) rows_loaded")
        }
        // The figures the issue names, which the raw counts must agree with.
        XCTAssertEqual(Oracle.file("manchester_spend_over_500_2021-22.csv", "rows"), 39_188)
        XCTAssertEqual(Oracle.file("bradford_spend_over_500_2019.csv", "rows"), 121_109)
        XCTAssertEqual(Oracle.file("lambeth_payments_over_500_2012-06.csv", "rows"), 3_155)
        XCTAssertEqual(Oracle.file("lambeth_payments_over_500_2012-06.csv", "stated_total_pence"), 4_029_233_484)
        XCTAssertEqual(Oracle.file("lambeth_payments_over_500_2012-06.csv", "pence"), 4_029_233_484)
    }

    func testLambethRepairsAreCountedAndKept() throws {
        let db = try BundledDatabase.open()
        let fused = Oracle.file("lambeth_payments_over_500_2012-06.csv", "fused_rows")
        XCTAssertEqual(fused, 639)
        XCTAssertEqual(try db.scalar("SELECT rows_repaired FROM sources WHERE file = 'lambeth_payments_over_500_2012-06.csv'").int, fused)
        XCTAssertEqual(try db.scalar("""
            SELECT count(*) FROM payments JOIN sources USING(source_id)
            WHERE file = 'lambeth_payments_over_500_2012-06.csv' AND repaired = 1
            """).int, fused)
        // The three-way fusion: "Inter High Education/Academy2129/05/2012740".
        let row = try db.rows("""
            SELECT s.name, p.date, p.amount_pence, p.source_line FROM payments p JOIN suppliers s USING(supplier_id)
            WHERE s.name LIKE 'Inter High Education/Academy%'
            """)
        XCTAssertEqual(row, [[.text("Inter High Education/Academy21"), .text("2012-05-29"), .integer(74_000), .integer(1382)]])
    }

    func testAreasMatchTheONSLookups() throws {
        let db = try BundledDatabase.open()
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM areas WHERE kind = 'ward'").int, Oracle.int("distinct_ward_codes"))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM areas WHERE kind = 'constituency'").int, Oracle.int("distinct_constituency_codes"))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM areas WHERE kind = 'council area'").int, Oracle.int("distinct_lad_codes"))
        XCTAssertEqual(try db.scalar("""
            SELECT count(*) FROM area_links l JOIN areas a ON a.area_id = l.area_id JOIN areas c ON c.area_id = l.container_id
            WHERE a.kind = 'ward' AND c.kind = 'constituency'
            """).int, Oracle.int("ward_constituency_pairs"))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM areas WHERE kind = 'ward' AND parent_id = 'E08000025'").int, Oracle.int("birmingham_wards"))
        let hodgeHill = try db.rows("""
            SELECT w.name FROM area_links l JOIN areas w ON w.area_id = l.area_id
            WHERE l.container_id = 'E14000563' AND w.kind = 'ward' ORDER BY w.name
            """).compactMap { $0[0].string }
        XCTAssertEqual(hodgeHill, Oracle.strings("hodge_hill_constituency_wards"))
        let pop = try db.rows("SELECT count(*), sum(population) FROM areas WHERE population IS NOT NULL")[0]
        XCTAssertEqual(pop[0].int, Oracle.int("census_wards"))
        XCTAssertEqual(pop[1].int, Oracle.int("census_population"))
        // Every council area in England reaches a country through its parents.
        XCTAssertEqual(try db.scalar("""
            SELECT count(*) FROM areas a LEFT JOIN areas p ON p.area_id = a.parent_id
            WHERE a.kind = 'council area' AND a.area_id LIKE 'E%' AND (p.kind IS NULL OR p.kind != 'region')
            """).int, 0)
    }

    func testInstitutionsAndPeopleMatchTheRawFiles() throws {
        let db = try BundledDatabase.open()
        func count(_ file: String, _ table: String) throws -> Int64? {
            try db.scalar("SELECT count(*) FROM \(table) JOIN sources USING(source_id) WHERE file = ?", [.text(file)]).int
        }
        XCTAssertEqual(try count("mhclg_revenue_outturn_summary_RS_2017-18_by_LA.csv", "institutions"), Oracle.int("mhclg_authorities"))
        XCTAssertEqual(Oracle.int("mhclg_authorities"), 445)
        XCTAssertEqual(try count("nhs_ods_etr_trusts_england.csv", "institutions"), Oracle.int("nhs_trusts"))
        XCTAssertEqual(try count("hmcts_courts_2013_england_wales.csv", "institutions"), Oracle.int("courts"))
        XCTAssertEqual(try count("lambeth_schools.csv", "institutions"), Oracle.int("lambeth_schools"))
        XCTAssertEqual(try count("trafford_charities_register_2023-04.csv", "institutions"), Oracle.int("trafford_charities"))
        XCTAssertEqual(try db.scalar("""
            SELECT count(*) FROM institutions JOIN sources USING(source_id)
            WHERE file = 'trafford_schools_gias_2024-09.csv' AND scheme = 'urn'
            """).int, Oracle.int("trafford_schools"))
        XCTAssertEqual(try count("mhclg_RS_line_codes_2017-18.csv", "categories"), Oracle.int("line_codes"))
        // Birmingham's councillors: 89 in 62 wards, two of them for Bromford & Hodge Hill.
        XCTAssertEqual(try count("birmingham_councillors_elected_2026.csv", "roles"), Oracle.int("birmingham_councillors"))
        XCTAssertEqual(Oracle.int("birmingham_councillors"), 89)
        XCTAssertEqual(try db.scalar("""
            SELECT count(DISTINCT ward_id) FROM roles JOIN sources USING(source_id) WHERE file = 'birmingham_councillors_elected_2026.csv'
            """).int, Oracle.int("birmingham_councillor_wards"))
        let hh = try db.rows("""
            SELECT p.name FROM roles r JOIN people p USING(person_id) JOIN areas w ON w.area_id = r.ward_id
            WHERE w.name = 'Bromford & Hodge Hill' AND r.role = 'councillor' ORDER BY p.name
            """).compactMap { $0[0].string }
        XCTAssertEqual(hh, Oracle.strings("hodge_hill_ward_councillors"))
    }

    func testBudgetsMatchTheOutturnFile() throws {
        let db = try BundledDatabase.open()
        let row = try db.rows("SELECT count(*), sum(amount_pence) FROM budgets")[0]
        XCTAssertEqual(row[0].int, Oracle.int("outturn_service_cells"))
        XCTAssertEqual(row[1].int, Oracle.int("outturn_service_pence"))
    }

    func testIntegrityAndForeignKeysAreClean() throws {
        let db = try BundledDatabase.open()
        XCTAssertEqual(try db.integrityCheck(), ["ok"])
        XCTAssertEqual(try db.foreignKeyCheck(), [])
        // The totals the load keeps add up to the payments, counted again here in SQL.
        XCTAssertEqual(try db.totalsMismatches(), [])
        XCTAssertGreaterThan(try db.scalar("SELECT count(*) FROM payer_month_totals").int ?? 0, 0)
    }

    func testEveryRowKnowsItsSourceAndSyntheticRowsAreLabelled() throws {
        let db = try BundledDatabase.open()
        for table in ["areas", "area_links", "categories", "category_aliases", "institutions", "people", "roles", "suppliers", "payments", "budgets"] {
            XCTAssertEqual(try db.scalar("SELECT count(*) FROM \(table) WHERE source_id IS NULL OR source_line IS NULL OR source_line < 0").int, 0, table)
        }
        // The demo layer is exactly the three files in Datasets/demo, each flagged synthetic.
        let synthetic = try db.rows("SELECT file FROM sources WHERE synthetic = 1 ORDER BY file").compactMap { $0[0].string }
        XCTAssertEqual(synthetic, ["demo_institutions.csv", "demo_payments.csv", "demo_roles.csv"])
        let demoRows = try String(contentsOf: Civic.datasets.appendingPathComponent("demo/demo_payments.csv"), encoding: .utf8)
            .split(separator: "\n").count - 1
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM payments_view WHERE synthetic = 1").int, Int64(demoRows))
        // No real row was edited by the demo layer: real payers' real payments come only from real sources.
        XCTAssertEqual(try db.scalar("""
            SELECT count(*) FROM payments p JOIN sources s USING(source_id) JOIN institutions i ON i.institution_id = p.payer_id
            JOIN sources si ON si.source_id = i.source_id WHERE s.synthetic = 0 AND si.synthetic = 1
            """).int, 0, "a real payment never names a synthetic payer")
    }

    func testTheDemoLayerIsTheGeneratorsOutputAndNamesNoRealPerson() throws {
        // The committed demo files are exactly what the fixed-seed generator writes.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Civic.datasets.appendingPathComponent("demo/generate.py").path, "--check"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let said = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, said)
        // Synthetic people never carry a real person's name: not a loaded one, and not one of the
        // 615 candidates of the raw Democracy Club file.
        let db = try BundledDatabase.open()
        let synthetic = Set(try db.rows("SELECT p.name_norm FROM people p JOIN sources s USING(source_id) WHERE s.synthetic = 1").compactMap { $0[0].string })
        XCTAssertGreaterThan(synthetic.count, 1000)
        let real = try db.rows("SELECT p.name_norm FROM people p JOIN sources s USING(source_id) WHERE s.synthetic = 0").compactMap { $0[0].string }
        XCTAssertGreaterThan(real.count, 80)
        XCTAssertEqual(synthetic.intersection(real), [])
        let candidates = try String(contentsOf: Civic.packageRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/data/birmingham_2026_candidates_democracyclub.csv"), encoding: .utf8)
        let lines = candidates.split(whereSeparator: \.isNewline)  // CRLF is one Character in Swift
        let header = lines.first.map { $0.split(separator: ",").map(String.init) } ?? []
        if let nameColumn = header.firstIndex(of: "name") {
            // Names hold no commas in this file; a light split is enough for the one column.
            let names = lines.dropFirst().compactMap { line -> String? in
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                return nameColumn < f.count ? NameKey.normalise(String(f[nameColumn])) : nil
            }
            XCTAssertGreaterThan(names.count, 600)
            XCTAssertEqual(synthetic.intersection(names), [], "a demo person shares a real candidate's name")
        }
    }

    func testFriendlyViewsWorkInTheSqliteShell() throws {
        let db = try BundledDatabase.open()
        let expected = try db.scalar("SELECT count(*) FROM payments").int!
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sqlite3", "-readonly", BundledDatabase.built.path, """
            SELECT count(*) FROM payments_view;
            SELECT payer, supplier, printf('%.2f', amount_pounds), source_file FROM payments_view WHERE source_file LIKE 'lambeth%' AND source_line = 11;
            SELECT count(*) FROM wards_view WHERE council_area = 'Birmingham';
            SELECT count(*) FROM roles_view; SELECT count(*) FROM budgets_view; SELECT count(*) FROM institutions_view; SELECT count(*) FROM sources_view;
            """]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let lines = text.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, String(expected))
        XCTAssertEqual(lines[1], "Lambeth|170 Community Project|1534.24|lambeth_payments_over_500_2012-06.csv", "line 11 of the raw file")
        XCTAssertEqual(lines[2], String(Oracle.int("birmingham_wards")))
        for n in lines[3...] { XCTAssertGreaterThan(Int(n) ?? 0, 0) }
    }
}

/// The names' normal form, written out here rather than taken from civic: lower case, "&" as
/// "and", apostrophes and full stops dropped, other punctuation a space.
enum NameKey {
    static func normalise(_ s: String) -> String {
        var words: [String] = []
        var word = ""
        for ch in s.lowercased() {
            if ch == "&" { if !word.isEmpty { words.append(word); word = "" }; words.append("and") }
            else if ch.isLetter || ch.isNumber { word.append(ch) }
            else if ch == "'" || ch == "’" || ch == "." { continue }
            else if !word.isEmpty { words.append(word); word = "" }
        }
        if !word.isEmpty { words.append(word) }
        return words.joined(separator: " ")
    }
}
