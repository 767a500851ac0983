import CivicStorage
import Foundation
import XCTest

/// `per head` through the built binary: the figures, the "(none)" of a missing population, its
/// place in a sort, the note beneath the result, `within`, and the errors with their caret and
/// exit code. Populations come from the census file itself (column 4, all usual residents),
/// money from SQL written by hand on the bundled database.
final class PerHeadTests: XCTestCase {
    var db: String { BundledDatabase.built.path }

    func query(_ args: String..., file: StaticString = #filePath, line: UInt = #line) throws -> Civic.Result {
        _ = try BundledDatabase.open()
        return try Civic.run(["query", "--db", db] + args)
    }

    /// The census file's all usual residents by ward name, and their total.
    func residents() throws -> [String: Int64] {
        let text = try String(contentsOf: Civic.datasets.appendingPathComponent("census2021_ts021_ethnic_group_birmingham_wards.csv"), encoding: .utf8)
        var out: [String: Int64] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            // No ward's name holds a comma or a quote in this file.
            guard cells.count > 3, let n = Int64(cells[3]) else { continue }
            out[cells[1]] = n
        }
        return out
    }

    /// Pounds and pence, as CSV output writes money: 1523.25.
    func pounds(_ pence: Int64) -> String { "\(pence / 100)." + String(format: "%02lld", pence % 100) }

    /// `pence / people`, to the nearest penny.
    func perHead(_ pence: Int64, _ people: Int64) -> Int64 { (2 * pence + people) / (2 * people) }

    func testBirminghamWardsPerHead() throws {
        let census = try residents()
        XCTAssertEqual(census.count, 69)
        let r = try query("--format", "csv", #"wards in council "Birmingham" | show name, population, spent, spent per head | sort spent per head desc"#)
        XCTAssertEqual(r.status, 0, r.stderr)
        // CSV lines end in CRLF; a last column says which rows draw on the demo layer.
        let lines = r.stdout.split(whereSeparator: \.isNewline).map(String.init)
        XCTAssertEqual(lines.first, "name,population,spent,spent per head,demo")
        XCTAssertEqual(lines.count, 70)
        let byName = Dictionary(lines.dropFirst().map { l -> (String, [String]) in
            let cells = l.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return (cells[0], Array(cells[1...3]))
        }, uniquingKeysWith: { a, _ in a })
        let database = try BundledDatabase.open()
        for ward in ["Acocks Green", "Allens Cross", "Bromford & Hodge Hill", "Holyhead", "Oscott"] {
            let people = try XCTUnwrap(census[ward], ward)
            let spent = try database.scalar("""
                SELECT coalesce(sum(p.amount_pence), 0) FROM payments p JOIN institutions i ON i.institution_id = p.payer_id
                JOIN areas a ON a.area_id = i.area_id WHERE a.kind = 'ward' AND a.name = ? AND a.parent_id = 'E08000025'
                """, [.text(ward)]).int!
            XCTAssertEqual(byName[ward], ["\(people)", pounds(spent), pounds(perHead(spent, people))], ward)
        }
        // Highest first.
        let figures = lines.dropFirst().compactMap { Double($0.split(separator: ",")[3]) }
        XCTAssertEqual(figures.count, 69)
        XCTAssertEqual(figures, figures.sorted(by: >))
    }

    func testBirminghamCouncilWithItsNote() throws {
        let people = try residents().values.reduce(0, +)
        XCTAssertEqual(people, 1_144_876)
        let budget = try BundledDatabase.open().scalar("""
            SELECT sum(b.amount_pence) FROM budgets b JOIN institutions i ON i.institution_id = b.institution_id
            WHERE i.kind = 'council' AND i.area_id = 'E08000025'
            """).int!
        let r = try query(#"council "Birmingham" | show name, budget, budget per head"#)
        XCTAssertEqual(r.status, 0, r.stderr)
        let row = try XCTUnwrap(r.stdout.split(whereSeparator: \.isNewline).first { $0.hasPrefix("Birmingham") })
        let p = perHead(budget, people)
        XCTAssertTrue(row.hasSuffix("£\(Self.grouped(p / 100)).\(String(format: "%02lld", p % 100))"), String(row))
        XCTAssertTrue(r.stdout.contains("per head: the population as at 2021-03-21, from census2021_ts021_ethnic_group_birmingham_wards.csv"), r.stdout)
        XCTAssertTrue(r.stdout.contains("Birmingham's is the sum of its 69 wards'"), r.stdout)
    }

    static func grouped(_ n: Int64) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }

    func testManchesterShowsNoneAndSaysWhy() throws {
        let r = try query(#"council "Manchester" | show name, budget per head"#)
        XCTAssertEqual(r.status, 0, r.stderr)
        let row = try XCTUnwrap(r.stdout.split(whereSeparator: \.isNewline).first { $0.hasPrefix("Manchester") })
        XCTAssertTrue(row.hasSuffix("(none)"), String(row))
        XCTAssertFalse(row.contains("£0.00"))
        XCTAssertTrue(r.stdout.contains("per head: this row has no population (only a council has one, its area's, where loaded), so it shows no per-head figure."), r.stdout)
        let json = try query("--format", "json", #"council "Manchester" | show name, budget per head"#)
        XCTAssertTrue(json.stdout.contains(#""budget per head": null"#), json.stdout)
    }

    func testMissingFiguresSortLast() throws {
        let r = try query("--format", "csv", "council areas | show name, population, budget per head | sort budget per head desc | top 5")
        XCTAssertEqual(r.status, 0, r.stderr)
        let lines = r.stdout.split(whereSeparator: \.isNewline).map(String.init)
        XCTAssertEqual(lines.count, 6)
        XCTAssertTrue(lines[1].hasPrefix("Birmingham,1144876,"), lines[1])
        for l in lines[2...] { XCTAssertTrue(l.hasSuffix(",,"), "no population, no figure: \(l)") }
        let table = try query("council areas | show name, population, budget per head | sort budget per head desc | top 5")
        XCTAssertTrue(table.stdout.contains("4 of 5 rows have no population loaded and show no per-head figure"), table.stdout)
    }

    func testWithin() throws {
        let r = try query("--format", "csv", #"ward "Bromford & Hodge Hill" | show name, within"#)
        XCTAssertEqual(r.status, 0, r.stderr)
        // One field holding commas, so quoted whole.
        let within = "Birmingham (council area); Birmingham, Hodge Hill (constituency); West Midlands (region); "
            + "Birmingham (community safety partnership); West Midlands (county); West Midlands (fire and rescue area); "
            + "West Midlands (police force area); England (country)"
        XCTAssertEqual(r.stdout, "name,within\r\nBromford & Hodge Hill,\"\(within)\"\r\n")
    }

    func testMisuseIsAnErrorWithACaret() throws {
        let r = try query(#"wards | show name, name per head"#)
        XCTAssertEqual(r.status, 65)
        XCTAssertEqual(r.stdout, "")
        XCTAssertEqual(r.stderr, """
            error: per head divides money, but name is text
              |
            1 | wards | show name, name per head
              |                    ^^^^^^^^^^^^^
              = expected a money field before per head
              = help: try one of: spent per head, budget per head

            """)
        let spending = try query(#"spending | show amount per head"#)
        XCTAssertEqual(spending.status, 65)
        XCTAssertTrue(spending.stderr.contains("a payment has no population to divide amount by"), spending.stderr)
        XCTAssertFalse(spending.stderr.contains("SELECT"), "no SQL in errors")
    }
}
