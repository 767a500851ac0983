@testable import CivicQuery
import CivicStorage
import XCTest

/// The compiled SQL reaches payments through the indexes the language's joins need: SQLite's
/// own EXPLAIN QUERY PLAN for each query must not scan the payments table (aliased p inside
/// derived fields, s when spending is the subject) where a payer, category or period narrows it.
/// This checks behaviour, not speed: a plan that scans 5 million payments is a bug at any speed.
final class QueryPlanTests: XCTestCase {
    func plan(_ query: String, _ db: Database) throws -> [String] {
        let c = try QueryEngine.compile(query, db: db)
        return try db.rows("EXPLAIN QUERY PLAN " + c.sql, c.parameters).compactMap { $0.last?.string }
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
}
