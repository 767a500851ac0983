@testable import CivicQuery
import CivicStorage
import XCTest

/// The load keeps totals of payments (docs/SCHEMA.md); the compiler reads them instead of the
/// payments wherever a query's phrases allow. Each answer from totals must be the answer from
/// the payments themselves, row for row and source for source; and where the phrases do not
/// allow it, the compiler must not choose them.
final class TotalsTests: XCTestCase {
    func compile(_ q: String, _ db: Database, totals: Bool) throws -> CompiledQuery {
        let checker = try Checker(connection: db)
        return try SQLCompiler.compile(try checker.check(try Parser.parse(q, subjects: checker.knownSubjects)), totals: totals)
    }

    /// Rows as visible values and the set of source ids each drew on.
    func run(_ c: CompiledQuery, _ db: Database) throws -> [[String]] {
        try db.rows(c.sql, c.parameters).map { row in
            let sources = Set((row.last?.string ?? row.last?.description ?? "").split(separator: ",").map(String.init)).sorted()
            return row.dropLast().map(\.description) + [sources.joined(separator: ",")]
        }
    }

    func testEveryTotalsTableGivesTheAnswerOfThePayments() throws {
        let db = try TestDatabase.open()
        let chosen: [(String, String)] = [
            ("suppliers | sort paid desc | top 20", "supplier_totals"),
            ("suppliers named \"capita\"", "supplier_totals"),
            ("suppliers | show name, payments | sort payments desc, name | top 50", "supplier_totals"),
            ("institutions | show name, spent, payments | sort spent desc | top 20", "payer_totals"),
            ("council \"Birmingham\" | show name, spent, payments", "payer_totals"),
            ("wards | show name, spent | sort spent desc | top 20", "payer_totals"),
            ("wards in council \"Birmingham\" | show name, spent | sort spent desc", "payer_totals"),
            ("areas | show name, kind, spent | sort spent desc | top 30", "payer_totals"),
            ("categories | show code, name, spent, payments", "payer_month_totals"),
            ("institutions spending on \"youth services\" during fy 2023/24 | sort spent desc", "payer_month_totals"),
            ("institutions during 2019 | show name, spent | sort spent desc | top 10", "payer_month_totals"),
            ("wards in council \"Birmingham\" during 2023-06 | show name, spent | sort spent desc", "payer_month_totals"),
            ("categories during 2023-04..2023-09 | show name, spent, payments | sort spent desc", "payer_month_totals"),
            ("categories in council \"Birmingham\" | show name, spent", "payer_month_totals"),
            ("areas spending on \"education\" | show name, spent | sort spent desc | top 10", "payer_month_totals"),
            // A time grouping of the subject's rows over a derived field the totals answer.
            ("institutions spending on \"youth services\" during fy 2023/24 | total spent by year", "payer_month_totals"),
        ]
        for (q, table) in chosen {
            let fromTotals = try compile(q, db, totals: true)
            let fromRows = try compile(q, db, totals: false)
            XCTAssertTrue(fromTotals.sql.contains("FROM \(table) "), "\(q) should read \(table):\n\(fromTotals.sql)")
            XCTAssertFalse(fromRows.sql.contains("_totals"), q)
            let a = try run(fromTotals, db), b = try run(fromRows, db)
            XCTAssertFalse(b.isEmpty, "\(q) finds nothing, so proves nothing")
            XCTAssertEqual(a, b, q)
        }
    }

    func testTotalsAreNotChosenWhereThePhrasesDoNotAllow() throws {
        let db = try TestDatabase.open()
        for q in [
            "suppliers | show name, payers",                                   // distinct payers do not add up
            "suppliers paid by council \"Birmingham\" | sort paid desc",         // supplier totals hold no payer
            "suppliers spending on \"youth services\"",                          // nor a category
            "suppliers during 2023 | sort paid desc | top 5",                    // nor a month
            "institutions during 2023-06-15 | show name, spent",                 // not whole months
            "institutions during 2023-06-02..2023-06-30 | show name, spent",
            "spending during 2023 | total amount by category",                   // the rows themselves
            // By month of the date as published: the totals' months are those the payment is
            // known to be paid in, which for an invoice date (Lambeth) is a later month.
            "spending by council \"Manchester\" during fy 2021/22 | total amount by month",
            "spending by council \"Lambeth\" during 2012-06 | count by month",
        ] {
            XCTAssertEqual(try compile(q, db, totals: true).sql, try compile(q, db, totals: false).sql, q)
        }
    }
}
