@testable import CivicQuery
import CivicStorage
import Foundation
import XCTest

/// PostgreSQL's dialect (`PostgresDialect`), deliberately unlike SQLite's: `$n` placeholders,
/// `string_agg`, `strpos`, explicit NULL ordering, and the area recursion with a single
/// recursive term. That the compiler writes every corpus query in it, with no SQLite form left
/// over, shows the dialect is the only place engine-specific SQL is chosen; the end-to-end
/// tests (PostgresTests) run the same queries on a server and compare the results.
final class SecondDialectTests: XCTestCase {
    /// Every corpus query in the second dialect, against its own golden file (`.alt.sql`).
    func testEveryCorpusQueryCompilesInASecondDialect() throws {
        let db = try TestDatabase.open()
        let sqliteOnly = try NSRegularExpression(pattern: #"\?|\bgroup_concat\b|\binstr\b|WHERE 1\b"#)
        for (name, text) in try GoldenTests.corpus() {
            let checker = try Checker(connection: db)
            let checked = try checker.check(try Parser.parse(text, subjects: checker.knownSubjects))
            let c = try SQLCompiler.compile(checked, dialect: PostgresDialect())
            // Outside string constants, nothing of SQLite's own is left.
            let bare = c.sql.replacingOccurrences(of: #"'[^']*'"#, with: "''", options: .regularExpression)
            XCTAssertNil(sqliteOnly.firstMatch(in: bare, range: NSRange(bare.startIndex..., in: bare)), "\(name): \(c.sql)")
            // As many placeholders as values, numbered in order.
            let numbered = try NSRegularExpression(pattern: #"\$(\d+)"#).matches(in: bare, range: NSRange(bare.startIndex..., in: bare))
                .map { Int((bare as NSString).substring(with: $0.range(at: 1)))! }
            XCTAssertEqual(numbered, Array(stride(from: 1, through: c.parameters.count, by: 1)), name)
            var out = c.sql + "\n-- parameters\n"
            for (i, p) in c.parameters.enumerated() { out += "-- $\(i + 1) = \(p)\n" }
            Golden.check(out, against: Paths.queries.appendingPathComponent(name + ".alt.sql"))
        }
    }

    /// The same plan compiles to different text in the two dialects, and to the same text
    /// again in the same one.
    func testTheDialectIsTheOnlyDifference() throws {
        let db = try TestDatabase.open()
        let checker = try Checker(connection: db)
        let q = #"people in ward "Hodge Hill" named "a" | show name, offices | sort name desc"#
        let checked = try checker.check(try Parser.parse(q, subjects: checker.knownSubjects))
        let a = try SQLCompiler.compile(checked, dialect: SQLiteDialect())
        let b = try SQLCompiler.compile(checked, dialect: PostgresDialect())
        XCTAssertEqual(a.parameters, b.parameters)
        XCTAssertNotEqual(a.sql, b.sql)
        XCTAssertTrue(b.sql.contains("strpos(") && b.sql.contains("string_agg(") && b.sql.contains("NULLS LAST"), b.sql)
        XCTAssertEqual(try SQLCompiler.compile(checked, dialect: SQLiteDialect()).sql, a.sql)
    }
}
