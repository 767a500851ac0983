@testable import CivicQuery
import CivicStorage
import XCTest

/// The compiled SQL reaches payments through the indexes the language's joins need: SQLite's
/// own EXPLAIN QUERY PLAN for each query must not scan the payments table (aliased p inside
/// derived fields, s when spending is the subject) where a payer, category or period narrows it.
/// This checks behaviour, not speed: a plan that scans 5 million payments is a bug at any speed.
final class QueryPlanTests: XCTestCase {
    func compile(_ query: String, _ db: Database, totals: Bool = true) throws -> CompiledQuery {
        let checker = try Checker(connection: db)
        return try SQLCompiler.compile(try checker.check(try Parser.parse(query, subjects: checker.knownSubjects)), totals: totals)
    }

    func plan(_ query: String, _ db: Database, totals: Bool = true) throws -> [String] {
        let c = try compile(query, db, totals: totals)
        return try db.rows("EXPLAIN QUERY PLAN " + c.sql, c.parameters).compactMap { $0.last?.string }
    }

    /// The steps inside correlated subqueries (run once per row of an outer step) that read
    /// payments.
    func correlatedReadsOfPayments(_ query: String, _ db: Database) throws -> [String] {
        let c = try compile(query, db, totals: false)
        let rows = try db.rows("EXPLAIN QUERY PLAN " + c.sql, c.parameters)
        var parent: [Int64: Int64] = [:], detail: [Int64: String] = [:]
        for r in rows {
            guard let id = r[0].int, let up = r[1].int, let d = r.last?.string else { continue }
            parent[id] = up
            detail[id] = d
        }
        func correlated(_ id: Int64) -> Bool {
            var at = parent[id]
            while let a = at, a != 0 {
                if detail[a]?.hasPrefix("CORRELATED") == true { return true }
                at = parent[a]
            }
            return false
        }
        return detail.filter { (id, d) in (d == "SCAN p" || d.hasPrefix("SCAN p ") || d.hasPrefix("SEARCH p ")) && correlated(id) }.map(\.value)
    }

    func testNarrowedQueriesUseTheIndexes() throws {
        let db = try TestDatabase.open()
        let narrowed = [
            #"institutions in ward "Hodge Hill" spending on "youth services""#,
            #"spending by council "Manchester" during fy 2021/22 | total amount by category | sort total desc | top 10"#,
            #"suppliers paid by council "Birmingham" spending on "youth services" | sort paid desc | top 10"#,
            #"spending over £100k during 2019 | sort amount desc | top 20"#,
            #"suppliers paid by council "Bradford" spending on "youth services" during 2019 | sort paid desc | top 10"#,
            #"spending by council "Lambeth" during 2012-06 | count"#,
            #"wards in council "Birmingham" | show name, population, councillors | sort population desc"#,
            #"councillors in ward "Hodge Hill""#,
            #"governors of schools in ward "Hodge Hill""#,
            #"spending of (schools in ward "Hodge Hill") during fy 2023/24 | total amount"#,
            #"council "Birmingham" | show name, budget, spent"#,
        ]
        // The check can see a scan: listing every payment has to read them all.
        XCTAssertTrue(try plan("spending | show date, amount", db).contains { $0.hasPrefix("SCAN s") })
        for q in narrowed {
            let details = try plan(q, db)
            XCTAssertFalse(details.isEmpty, q)
            for d in details {
                // A SCAN reads the whole table or index, a SEARCH only the rows the key picks.
                let payments = d == "SCAN p" || d.hasPrefix("SCAN p ") || (q.hasPrefix("spending") && (d == "SCAN s" || d.hasPrefix("SCAN s ")))
                XCTAssertFalse(payments, "\(q): \(d)\n" + details.joined(separator: "\n"))
                XCTAssertFalse(d.hasPrefix("SCAN r") && !d.contains("INDEX"), "\(q): a full scan of roles: \(d)")
            }
        }
    }

    /// Whole-country summaries read the rows they summarise in one grouped pass, not a lookup
    /// per row and field: payments are read at one step of the plan (a scan, in full or through
    /// one index, or for categories a search by category joined to the category map), and no
    /// correlated subquery is left. That is without the totals the load keeps; with them, the
    /// same summaries read no payment at all.
    func testSummariesMakeOnePassOverPayments() throws {
        let db = try TestDatabase.open()
        for q in ["suppliers | sort paid desc | top 10",
                  "wards | show name, spent | sort spent desc | top 10",
                  "areas | show name, spent, budget, councillors, institutions | sort spent desc | top 5",
                  "institutions | show name, spent, payments | sort spent desc | top 10",
                  "categories | show name, spent, payments | sort spent desc"] {
            XCTAssertFalse(try plan(q, db).contains { $0 == "SCAN p" || $0.hasPrefix("SCAN p ") || $0.hasPrefix("SEARCH p ") }, q)
            let details = try plan(q, db, totals: false)
            let scans = details.filter { $0 == "SCAN p" || $0.hasPrefix("SCAN p ") }
            let searches = details.filter { $0.hasPrefix("SEARCH p ") }
            XCTAssertEqual(scans.count + searches.count, 1, "\(q):\n" + details.joined(separator: "\n"))
            XCTAssertEqual(try correlatedReadsOfPayments(q, db), [], "\(q):\n" + details.joined(separator: "\n"))
        }
        // People and their offices: the count is one pass over roles.
        let people = try plan("people where roles >= 2 | sort roles desc", db, totals: false)
        XCTAssertEqual(people.filter { $0.hasPrefix("SCAN r") }.count, 1, people.joined(separator: "\n"))
    }
}
