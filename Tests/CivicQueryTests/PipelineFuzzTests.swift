import CivicDiagnostics
@testable import CivicQuery
import CivicStorage
import XCTest

/// Queries put together at random from the language's own pieces, through the whole pipeline
/// on the bundled data: each must either fail with a diagnostic (never a trap, never SQL in it)
/// or compile to SQL that SQLite runs. An SQL error here is a compiler bug.
final class PipelineFuzzTests: XCTestCase {
    struct Rng {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E3779B97F4A7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
            z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
        mutating func pick<T>(_ a: [T]) -> T { a[next(a.count)] }
    }

    static let subjects = ["institutions", "councils", "schools", "youth centres", "people", "councillors", "governors", "roles",
                           "spending", "budgets", "wards", "constituencies", "areas", "regions", "suppliers", "categories",
                           #"council "Birmingham""#, #"ward "Aston""#, #"school "Hodge Hill School""#]
    static let phrases = [#"in ward "Hodge Hill""#, #"in council "Birmingham""#, #"in "Hodge Hill""#, #"in constituency "Hodge Hill""#,
                          #"spending on "youth services""#, #"spending on "adult social care""#, #"of council "Birmingham""#,
                          #"of schools in ward "Aston""#, #"by council "Bradford""#, #"paid by council "Manchester""#,
                          #"by (schools in ward "Bordesley Green")"#, #"named "academy""#, #"named "x""#, "during 2019", "during 2012-06",
                          "during fy 2021/22", "during 2023-04..2023-09", "during 2024-03-31", "over £100k", "under £1m",
                          "where amount > £500", "where name ~ \"hill\"", "where population > 20000", "where roles >= 2",
                          "where kind in (\"school\", \"academy\")", "where not (name ~ \"primary\")", "where date = 2019",
                          "where spent > £0 or budget > £0", "where councillors = 0"]
    static let fields = ["name", "amount", "paid", "spent", "budget", "population", "councillors", "roles", "kind", "date", "payer",
                         "supplier", "category", "party", "ward", "institution", "code", "year", "payments", "count", "total", "average"]

    static func stage(_ r: inout Rng) -> String {
        let f = { (r: inout Rng) in Self.fields[r.next(Self.fields.count)] }
        let unit = { (r: inout Rng) in ["month", "quarter", "fy", "year"][r.next(4)] }
        switch r.next(11) {
        case 0: return "where \(f(&r)) > 0"
        case 1: return "show \(f(&r)), \(f(&r))"
        case 2: return "sort \(f(&r)) desc"
        case 3: return "top \(1 + r.next(20))"
        case 4: return "total \(f(&r)) by \(f(&r))"
        case 5: return "count by \(f(&r))"
        case 6: return "average \(f(&r))"
        case 7: return "chart"
        case 8: return "total \(f(&r)) by \(unit(&r))"
        case 9: return "count by \(unit(&r)) of \(f(&r)), \(f(&r))"
        default: return "count"
        }
    }

    func testRandomQueriesFailCleanlyOrRun() throws {
        let db = try TestDatabase.open()
        var r = Rng(state: 20261201)
        var ran = 0, rejected = 0
        for _ in 0..<800 {
            var q = r.pick(Self.subjects)
            for _ in 0..<r.next(3) { q += " " + r.pick(Self.phrases) }
            for _ in 0..<r.next(4) { q += " | " + Self.stage(&r) }
            do {
                let c = try QueryEngine(connection: db).prepare(q)
                // Every one is prepared (SQLite checks the whole statement then); the first 150
                // also run, a few rows each, so the suite stays quick.
                let stmt = try db.prepare(c.sql)
                try stmt.bind(c.parameters)
                if ran < 150 {
                    var n = 0
                    while try stmt.step(), n < 5 { n += 1 }
                }
                ran += 1
            } catch let d as Diagnostic {
                rejected += 1
                XCTAssertNotEqual(d.id, .bug, "\(q): \(d.message)")
                XCTAssertFalse(d.message.contains("SELECT"), q)
            } catch let ds as Diagnostics {
                rejected += 1
                XCTAssertFalse(ds.items.contains { $0.id == .bug }, q)
            } catch {
                XCTFail("\(q): \(error)")
            }
        }
        XCTAssertGreaterThan(ran, 100, "enough of them are valid to run")
        XCTAssertGreaterThan(rejected, 100, "enough of them are wrong to check the errors")
    }
}
