import CivicStorage
import Foundation
import XCTest

/// Grouping by a time unit (`total amount by month`, issue 12), run from the built binary on the
/// bundled database. Manchester's figures are checked against sums made from the raw file by
/// the independent Python reader (Tests/Oracle/raw_counts.py): month, calendar quarter and
/// financial year of its Invoice Payment Date, to the penny.
final class TimeGroupingTests: XCTestCase {
    static let manchester = #"spending by council "Manchester" during fy 2021/22"#

    func run(_ q: String, format: String? = nil) throws -> Civic.Result {
        _ = try BundledDatabase.open()
        return try Civic.run(["query", "--db", BundledDatabase.built.path] + (format.map { ["--format", $0] } ?? []) + [q])
    }

    /// A result as CSV rows (header first); no cell of these results is quoted.
    func csv(_ q: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String]] {
        let r = try run(q, format: "csv")
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return r.stdout.components(separatedBy: "\r\n").filter { !$0.isEmpty }.map { $0.components(separatedBy: ",") }
    }

    /// `123.45` pounds, as CSV writes money, to pence, without going through a binary fraction.
    func pence(_ pounds: String) -> Int64? {
        let negative = pounds.hasPrefix("-")
        let parts = pounds.drop { $0 == "-" }.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].count == 2, let whole = Int64(parts[0]), let p = Int64(parts[1]) else { return nil }
        return (negative ? -1 : 1) * (whole * 100 + p)
    }

    /// The oracle's `[label, rows, pence, average pence]` groups.
    func oracle(_ key: String) -> [(label: String, rows: Int64, pence: Int64, average: Int64)] {
        (Oracle.facts[key] as? [[Any]] ?? []).compactMap { g in
            guard g.count == 4, let label = g[0] as? String, let n = g[1] as? NSNumber, let p = g[2] as? NSNumber, let a = g[3] as? NSNumber
            else { return nil }
            return (label, n.int64Value, p.int64Value, a.int64Value)
        }
    }

    /// The issue's example: Manchester's monthly totals equal those computed from the raw file.
    func testManchesterMonthlyTotalsEqualTheRawFile() throws {
        let expected = oracle("manchester_by_month")
        XCTAssertEqual(expected.count, 12, "April 2021 to March 2022")
        let rows = try csv(Self.manchester + " | total amount by month")
        XCTAssertEqual(rows.first, ["month", "total"])
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, expected.map(\.label), "every month, oldest first")
        XCTAssertEqual(rows.dropFirst().map { pence($0[1]) }, expected.map(\.pence))
        XCTAssertEqual(expected.map(\.pence).reduce(0, +), Oracle.file("manchester_spend_over_500_2021-22.csv", "pence"))
    }

    func testManchesterByQuarterAndFinancialYear() throws {
        let quarters = try csv(Self.manchester + " | total amount by quarter")
        XCTAssertEqual(quarters.dropFirst().map { $0[0] }, ["2021 Q2", "2021 Q3", "2021 Q4", "2022 Q1"])
        XCTAssertEqual(quarters.dropFirst().map { $0[0] }, oracle("manchester_by_quarter").map(\.label))
        XCTAssertEqual(quarters.dropFirst().map { pence($0[1]) }, oracle("manchester_by_quarter").map(\.pence))
        // The whole file, with no period phrase: one financial year, labelled as budgets' years are.
        let years = try csv(#"spending by council "Manchester" | total amount by fy"#)
        XCTAssertEqual(years.first, ["fy", "total"])
        XCTAssertEqual(years.dropFirst().map { $0[0] }, ["2021/22"])
        XCTAssertEqual(years.dropFirst().map { pence($0[1]) }, oracle("manchester_by_fy").map(\.pence))
        let calendar = try csv(#"spending by council "Manchester" | count by year"#)
        let months = oracle("manchester_by_month")
        let inYear = { (y: String) in String(months.filter { $0.label.hasPrefix(y + "-") }.map(\.rows).reduce(0, +)) }
        XCTAssertEqual(Array(calendar.dropFirst()), [["2021", inYear("2021")], ["2022", inYear("2022")]])
        XCTAssertEqual(calendar.dropFirst().compactMap { Int64($0[1]) }.reduce(0, +), Oracle.file("manchester_spend_over_500_2021-22.csv", "rows"))
    }

    func testCountByMonthAndAverageByQuarter() throws {
        let counts = try csv(Self.manchester + " | count by month")
        XCTAssertEqual(counts.first, ["month", "count"])
        XCTAssertEqual(counts.dropFirst().map { $0[0] }, oracle("manchester_by_month").map(\.label))
        XCTAssertEqual(counts.dropFirst().map { Int64($0[1]) }, oracle("manchester_by_month").map(\.rows))
        let averages = try csv(Self.manchester + " | average amount by quarter")
        XCTAssertEqual(averages.first, ["quarter", "average"])
        XCTAssertEqual(averages.dropFirst().map { pence($0[1]) }, oracle("manchester_by_quarter").map(\.average), "to the penny, rounded half up")
    }

    /// A sort stage orders the groups by size; without one they stay in time order.
    func testASortStageStillSorts() throws {
        let rows = try csv(Self.manchester + " | total amount by month | sort total desc | top 2")
        let biggest = oracle("manchester_by_month").sorted { $0.pence > $1.pence }.prefix(2)
        XCTAssertEqual(rows.dropFirst().map { $0[0] }, biggest.map(\.label))
        let latest = try csv(Self.manchester + " | count by month | sort month desc | top 1")
        XCTAssertEqual(latest.dropFirst().map { $0[0] }, ["2022-03"])
    }

    /// A grouping of a grouping: in how many months each supplier was paid. The second stage
    /// groups the supplier column the first gave (a regression: it once grouped on a column
    /// only the payments hold, which SQLite read as the text "supplier__group").
    func testMonthsEachSupplierWasPaid() throws {
        let rows = try csv(#"spending by council "Bradford" | total amount by supplier, month | count by supplier | sort count desc, supplier | top 5"#)
        XCTAssertEqual(rows.first, ["supplier", "count"])
        let expected = try BundledDatabase.open().rows("""
            SELECT s.name, count(DISTINCT substr(p.date, 1, 7)) AS c FROM payments p JOIN suppliers s ON s.supplier_id = p.supplier_id
            WHERE p.payer_id = (SELECT institution_id FROM institutions WHERE scheme = 'ons' AND code = 'E08000032')
            GROUP BY p.supplier_id ORDER BY c DESC, s.name LIMIT 5
            """).map { [$0[0].string ?? "", $0[1].description] }
        XCTAssertEqual(expected.count, 5)
        XCTAssertEqual(Array(rows.dropFirst()), expected)
    }

    /// The chart draws one bar per month, in time order, scaled to the largest month.
    func testChartByMonthIsInTimeOrder() throws {
        let r = try run(Self.manchester + " | total amount by month | chart")
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        let expected = oracle("manchester_by_month")
        XCTAssertEqual(lines.count, expected.count + 1, r.stdout)
        XCTAssertEqual(lines.dropLast().map { String($0.prefix(7)) }, expected.map(\.label))
        XCTAssertTrue(lines.last?.hasPrefix("scale") ?? false)
        let largest = expected.max { $0.pence < $1.pence }!
        let bar = lines.first { $0.hasPrefix(largest.label) } ?? ""
        XCTAssertEqual(bar.filter { $0 == "#" }.count, 40, "the largest month draws the full width")
        XCTAssertTrue(lines[0].hasSuffix("£65,033,028.95"), lines[0])
    }

    /// Roles group by their start: councillors by the year they were elected.
    func testCouncillorsByYear() throws {
        let rows = try csv("councillors | count by year")
        XCTAssertEqual(rows.first, ["year", "count"])
        let db = try BundledDatabase.open()
        let expected = try db.rows("""
            SELECT CASE WHEN start_date LIKE '2018-%' THEN '2018' WHEN start_date LIKE '2026-%' THEN '2026' END AS y, count(*)
            FROM roles WHERE role = 'councillor' GROUP BY y ORDER BY y
            """).map { [$0[0].string ?? "", $0[1].description] }
        XCTAssertEqual(Array(rows.dropFirst()), expected)
        XCTAssertEqual(rows.last, ["2026", String(Oracle.int("birmingham_councillors"))], "Birmingham's 2026 election")
        // Another date, named with "of", beside another key.
        let byEnd = try csv("councillors | count by year of end, party | top 1")
        XCTAssertEqual(byEnd.first, ["year", "party", "count"])
        XCTAssertEqual(byEnd.dropFirst().first?.first, "", "offices with no end form one group, first")
        // Candidates group by the day of their election.
        let candidates = try csv("candidates | count by month")
        let stood = try db.rows("SELECT substr(election_date, 1, 7), count(*) FROM candidacies GROUP BY 1 ORDER BY 1")
            .map { [$0[0].string ?? "", $0[1].description] }
        XCTAssertFalse(stood.isEmpty)
        XCTAssertEqual(Array(candidates.dropFirst()), stood)
    }

    /// Rows with no date are one group with an empty label, said beneath the result.
    func testRowsWithNoDateAreOneGroup() throws {
        let db = try BundledDatabase.open()
        let undated = try db.rows("SELECT count(*) FROM institutions WHERE opened IS NULL")[0][0].int ?? -1
        XCTAssertGreaterThan(undated, 0)
        let r = try run("institutions | count by year | top 2")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("year"), r.stdout)
        let first = r.stdout.split(separator: "\n")[2]
        XCTAssertTrue(first.hasPrefix("(none)") && first.hasSuffix(Self.grouped(undated)), String(first))
        XCTAssertTrue(r.stdout.contains("\nRows with no opened date form one group, whose year is empty (shown as (none)).\n"), r.stdout)
        let rows = try csv("institutions | count by year | top 1")
        // (The group's label and count; a demo column follows, as demo schools have no date.)
        XCTAssertEqual(rows.dropFirst().first.map { Array($0.prefix(2)) }, ["", String(undated)])
    }

    static func grouped(_ n: Int64) -> String {
        let digits = String(n)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// Errors: a subject with no date, a field that is not a date, budgets' year is their field.
    func testErrors() throws {
        let noDate = try run("people | count by month")
        XCTAssertEqual(noDate.status, 65)
        XCTAssertEqual(noDate.stdout, "")
        XCTAssertTrue(noDate.stderr.contains("error: people have no date to group by month"), noDate.stderr)
        let notDate = try run("spending | total amount by month of supplier")
        XCTAssertEqual(notDate.status, 65)
        XCTAssertTrue(notDate.stderr.contains("help: try month of date"), notDate.stderr)
        let budgets = try run("budgets | total amount by fy")
        XCTAssertEqual(budgets.status, 65)
        XCTAssertTrue(budgets.stderr.contains("help: budgets have a field year: group by year"), budgets.stderr)
        let field = try csv("budgets during fy 2017/18 | total amount by year")
        XCTAssertEqual(field.first, ["year", "total"])
        XCTAssertEqual(field.dropFirst().map { $0[0] }, ["2017/18"])
        XCTAssertEqual(field.dropFirst().map { pence($0[1]) }, [Oracle.int("outturn_service_pence")])
    }
}
