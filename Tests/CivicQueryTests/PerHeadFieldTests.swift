@testable import CivicQuery
import CivicStorage
import Foundation
import XCTest

/// `per head`, a council area's population from its wards, `within` and the offices' keys,
/// against figures worked out apart from the code under test: populations read from the census
/// file itself (its column 4, "all usual residents"), money summed by hand-written SQL, the
/// division and rounding done here in whole numbers.
final class PerHeadFieldTests: XCTestCase {
    static let census = Paths.root.appendingPathComponent("Datasets/census2021_ts021_ethnic_group_birmingham_wards.csv")
    static let birmingham = "E08000025"

    /// The census file's "all usual residents" (column 4), by ward code (column 3).
    static func residents() throws -> [String: Int64] {
        let text = try String(contentsOf: census, encoding: .utf8)
        var out: [String: Int64] = [:]
        for line in text.split(whereSeparator: \.isNewline).dropFirst() {
            let cells = Self.cells(String(line))
            guard cells.count > 3, let n = Int64(cells[3]) else { continue }
            out[cells[2]] = n
        }
        return out
    }

    /// The fields of one CSV line (quotes as RFC 4180 has them).
    static func cells(_ line: String) -> [String] {
        var out: [String] = [], cell = "", quoted = false
        var chars = line.makeIterator()
        while let c = chars.next() {
            if c == "\"" { quoted.toggle(); continue }
            if c == "," && !quoted { out.append(cell); cell = ""; continue }
            cell.append(c)
        }
        out.append(cell)
        return out
    }

    /// `pence / people` rounded to the nearest penny, half away from zero (both positive here).
    static func perHead(_ pence: Int64, _ people: Int64) -> Int64 {
        precondition(pence >= 0 && people > 0)
        return (2 * pence + people) / (2 * people)
    }

    struct Result {
        var columns: [String]
        var rows: [[Value]]
        var notes: [String]

        func column(_ name: String) -> [Value] {
            let i = columns.firstIndex(of: name)!
            return rows.map { $0[i] }
        }

        /// The value of `field` in the row whose `key` column is `value`.
        func value(_ field: String, where key: String, is value: String) -> Value? {
            let k = columns.firstIndex(of: key)!, f = columns.firstIndex(of: field)!
            return rows.first { $0[k].string == value }?[f]
        }
    }

    func run(_ q: String, _ db: any Connection) throws -> Result {
        let engine = QueryEngine(connection: db)
        let p = try engine.prepare(q)
        var rows: [[Value]] = []
        let summary = try engine.run(p) { values, _ in rows.append(values) }
        return Result(columns: p.columns.map(\.name), rows: rows, notes: summary.notes)
    }

    /// What payers placed in the ward paid, by hand (a ward holds no smaller area).
    func spentInWard(_ code: String, _ db: Database) throws -> Int64 {
        try db.scalar("SELECT coalesce(sum(p.amount_pence), 0) FROM payments p JOIN institutions i ON i.institution_id = p.payer_id WHERE i.area_id = ?",
                      [.text(code)]).int!
    }

    // MARK: a council area's population

    func testBirminghamCouncilAreaIsTheTotalOfTheCensusFile() throws {
        let db = try TestDatabase.open()
        let residents = try Self.residents()
        XCTAssertEqual(residents.count, 69)
        let total = residents.values.reduce(0, +)
        XCTAssertEqual(total, 1_144_876)
        // Loaded without a figure of its own, so the figure is its wards'.
        XCTAssertEqual(try db.scalar("SELECT population FROM areas WHERE area_id = ?", [.text(Self.birmingham)]), .null)
        let r = try run(#"council areas where code = "E08000025" | show name, population"#, db)
        XCTAssertEqual(r.column("population"), [.integer(total)])
    }

    func testNoSumWithoutEveryWardAndNeverForAConstituency() throws {
        let db = try TestDatabase.open()
        // Manchester's wards have no population loaded: no figure, not 0.
        XCTAssertEqual(try db.scalar("SELECT count(population) FROM areas WHERE parent_id = 'E08000003' AND kind = 'ward'").int, 0)
        XCTAssertEqual(try run(#"council areas where code = "E08000003" | show name, population"#, db).column("population"), [.null])
        // Every ward of Birmingham, Hodge Hill has a population, but wards overlap constituencies.
        let wards = try run(#"wards in constituency "Hodge Hill" | show name, population"#, db)
        XCTAssertEqual(wards.rows.count, 9)
        XCTAssertFalse(wards.column("population").contains(.null))
        XCTAssertEqual(try run(#"constituency "Hodge Hill" | show population, spent per head"#, db).rows, [[.null, .null]])
    }

    func testOneWardWithoutAPopulationLeavesTheCouncilAreaWithout() throws {
        let path = NSTemporaryDirectory() + "civic-per-head-\(getpid()).sqlite"
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.copyItem(atPath: TestDatabase.path, toPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            let db = try Database(path: path)
            try db.execute("UPDATE areas SET population = NULL WHERE area_id = 'E05011131'")
        }
        let db = try Database(path: path, readOnly: true)
        let r = try run(#"council "Birmingham" | show name, budget per head"#, db)
        XCTAssertEqual(r.column("budget per head"), [.null], "68 of 69 wards is no total")
        XCTAssertEqual(try run(#"council areas where code = "E08000025" | show population"#, db).column("population"), [.null])
    }

    // MARK: per head

    func testWardsPerHeadFromTheCensusFile() throws {
        let db = try TestDatabase.open()
        let residents = try Self.residents()
        let r = try run(#"wards in council "Birmingham" | show name, code, population, spent, spent per head | sort spent per head desc"#, db)
        XCTAssertEqual(r.rows.count, 69)
        for code in ["E05011118", "E05011119", "E05011120", "E05011131", "E05011150"] {
            let people = try XCTUnwrap(residents[code], code)
            let spent = try spentInWard(code, db)
            XCTAssertEqual(r.value("population", where: "code", is: code), .integer(people), code)
            XCTAssertEqual(r.value("spent", where: "code", is: code), .integer(spent), code)
            XCTAssertEqual(r.value("spent per head", where: "code", is: code), .integer(Self.perHead(spent, people)), code)
        }
        // Sorted by the figure, highest first.
        let figures = r.column("spent per head").map { $0.int! }
        XCTAssertEqual(figures, figures.sorted(by: >))
        XCTAssertEqual(r.notes.filter { $0.hasPrefix("per head:") }.count, 1)
        let note = try XCTUnwrap(r.notes.first { $0.hasPrefix("per head:") })
        XCTAssertTrue(note.contains("census2021_ts021_ethnic_group_birmingham_wards.csv"), note)
        XCTAssertTrue(note.contains("2021-03-21"), note)
        XCTAssertFalse(note.contains("no population"), note)
        XCTAssertFalse(note.contains("sum of"), "no row is a council area: \(note)")
    }

    func testBirminghamCouncilPerHead() throws {
        let db = try TestDatabase.open()
        let people = try Self.residents().values.reduce(0, +)
        let council = "(SELECT institution_id FROM institutions WHERE kind = 'council' AND area_id = 'E08000025')"
        let budget = try db.scalar("SELECT sum(amount_pence) FROM budgets WHERE institution_id = \(council)").int!
        let spent = try db.scalar("SELECT coalesce(sum(amount_pence), 0) FROM payments WHERE payer_id = \(council)").int!
        XCTAssertGreaterThan(budget, 0)
        let r = try run(#"council "Birmingham" | show name, budget, budget per head, spent, spent per head"#, db)
        XCTAssertEqual(r.rows.count, 1)
        XCTAssertEqual(r.column("budget"), [.integer(budget)])
        XCTAssertEqual(r.column("budget per head"), [.integer(Self.perHead(budget, people))])
        XCTAssertEqual(r.column("spent per head"), [.integer(Self.perHead(spent, people))])
        // £1,743,931,000 over 1,144,876 people.
        XCTAssertEqual(Self.perHead(174_393_100_000, 1_144_876), 152_325)
        let note = try XCTUnwrap(r.notes.first { $0.hasPrefix("per head:") })
        XCTAssertTrue(note.contains("Birmingham's is the sum of its 69 wards'"), note)
        XCTAssertTrue(note.contains("census2021_ts021_ethnic_group_birmingham_wards.csv"), note)
    }

    func testManchesterHasNoFigureAndTheNoteSaysWhy() throws {
        let db = try TestDatabase.open()
        let r = try run(#"council "Manchester" | show name, budget, budget per head"#, db)
        XCTAssertEqual(r.rows.count, 1)
        XCTAssertNotEqual(r.column("budget"), [.integer(0)])
        XCTAssertEqual(r.column("budget per head"), [.null], "a missing population is never 0")
        let note = try XCTUnwrap(r.notes.first { $0.hasPrefix("per head:") })
        XCTAssertTrue(note.contains("this row has no population"), note)
        XCTAssertFalse(note.contains("census2021"), "no population of this row comes from the census file: \(note)")
    }

    func testOnlyCouncilsStandForTheirAreasPeople() throws {
        let db = try TestDatabase.open()
        // A school in a ward with a population has no figure per head.
        let r = try run(#"schools in ward "Hodge Hill" | show name, spent, spent per head"#, db)
        XCTAssertFalse(r.rows.isEmpty)
        XCTAssertEqual(Set(r.column("spent per head")), [.null])
    }

    func testMissingFiguresSortLastAndAreCounted() throws {
        let db = try TestDatabase.open()
        let all = try db.scalar("SELECT count(*) FROM areas WHERE kind = 'council area'").int!
        let r = try run("council areas | show name, population, budget per head | sort budget per head desc", db)
        XCTAssertEqual(Int64(r.rows.count), all)
        let figures = r.column("budget per head")
        XCTAssertEqual(r.rows.first?.first?.string, "Birmingham")
        XCTAssertNotEqual(figures.first, .null)
        // Every figure comes before every empty one.
        let firstEmpty = try XCTUnwrap(figures.firstIndex(of: .null))
        XCTAssertTrue(figures[firstEmpty...].allSatisfy { $0 == .null })
        let known = figures.filter { $0 != .null }.count
        let note = try XCTUnwrap(r.notes.first { $0.hasPrefix("per head:") })
        XCTAssertTrue(note.contains("\(Coverage.number(all - Int64(known))) of \(Coverage.number(all)) rows have no population loaded"), note)
        // With top 5, the note counts the rows shown.
        let top = try run("council areas | show name, population, budget per head | sort budget per head desc | top 5", db)
        XCTAssertEqual(top.rows.count, 5)
        XCTAssertEqual(top.rows.first?.first?.string, "Birmingham")
        XCTAssertTrue(top.notes.contains { $0.contains("4 of 5 rows have no population loaded") }, "\(top.notes)")
    }

    func testPerHeadInWhereLeavesOutUnknownFigures() throws {
        let db = try TestDatabase.open()
        let residents = try Self.residents()
        var over = 0
        for (code, people) in residents where Self.perHead(try spentInWard(code, db), people) > 10_000 { over += 1 }
        let r = try run("wards where spent per head > £100 | count", db)
        XCTAssertEqual(r.column("count"), [.integer(Int64(over))])
        XCTAssertGreaterThan(over, 0)
    }

    // MARK: within

    func testWithinListsTheAreasAWardLiesInNearestFirst() throws {
        let db = try TestDatabase.open()
        // From the ONS lookups: E05011131 → Birmingham (E08000025) and Birmingham, Hodge Hill
        // (E14000563); Birmingham → the West Midlands region (E12000005), county (E11000005),
        // police force and fire and rescue areas, and its community safety partnership; the
        // region → England. One step away first, a parent before a linked container, then by
        // kind and name.
        let expected = "Birmingham (council area); Birmingham, Hodge Hill (constituency); West Midlands (region); "
            + "Birmingham (community safety partnership); West Midlands (county); West Midlands (fire and rescue area); "
            + "West Midlands (police force area); England (country)"
        let r = try run(#"ward "Bromford & Hodge Hill" | show name, within"#, db)
        XCTAssertEqual(r.column("within"), [.text(expected)])
        // A constituency lies in nothing loaded.
        XCTAssertEqual(try run(#"constituency "Hodge Hill" | show within"#, db).column("within"), [.null])
    }

    // MARK: keys

    func testOfficesCarryTheirKeys() throws {
        let db = try TestDatabase.open()
        let r = try run(#"councillors in ward "Hodge Hill" | show name, person_id, institution_id"#, db)
        let hand = try db.rows("SELECT p.name, r.person_id, r.institution_id FROM roles r JOIN people p ON p.person_id = r.person_id WHERE r.role = 'councillor' AND r.ward_id = 'E05011131'")
        XCTAssertEqual(Set(r.rows.map { [$0[1], $0[2]] }), Set(hand.map { [$0[1], $0[2]] }))
        XCTAssertEqual(r.rows.count, hand.count)
        // Not shown unless asked for.
        for q in ["roles", "councillors", "people", "institutions"] {
            let columns = try QueryEngine(connection: db).prepare(q).columns.map(\.name)
            XCTAssertFalse(columns.contains("person_id") || columns.contains("institution_id"), q)
        }
        let body = try run(#"council "Birmingham" | show name, institution_id"#, db)
        XCTAssertEqual(body.column("institution_id").first?.int, try db.scalar("SELECT institution_id FROM institutions WHERE kind = 'council' AND area_id = 'E08000025'").int)
        let person = try run(#"people named "Majid Mahmood" | show name, person_id"#, db)
        XCTAssertEqual(person.column("person_id").first?.int, try db.scalar("SELECT person_id FROM people WHERE name = 'Majid Mahmood'").int)
    }
}
