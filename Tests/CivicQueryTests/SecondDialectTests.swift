@testable import CivicQuery
import CivicStorage
import Foundation
import XCTest

/// A dialect deliberately unlike SQLite's, in the manner of PostgreSQL: `$n` placeholders,
/// `string_agg`, `strpos`, explicit NULL ordering, and the area recursion with a single
/// recursive term. It lives only here. That the compiler can write every corpus query in it,
/// with no SQLite form left over, shows the dialect is the only place engine-specific SQL is
/// chosen.
struct PostgresLikeDialect: SQLDialect {
    var name: String { "postgres-like (tests only)" }
    func placeholder(_ n: Int) -> String { "$\(n)" }
    var integerType: String { "BIGINT" }
    func text(_ expr: String) -> String { "CAST(\(expr) AS TEXT)" }
    func contains(_ haystack: String, _ needle: String) -> String { "strpos(\(haystack), \(needle)) > 0" }
    func distinctList(_ expr: String) -> String { "string_agg(DISTINCT CAST(\(expr) AS TEXT), ',')" }
    func orderedList(_ expr: String, separator: String, orderBy: [String]) -> String? {
        "string_agg(\(expr), \(literal(separator)) ORDER BY \(orderBy.joined(separator: ", ")))"
    }
    func list(_ expr: String, separator: String) -> String { "string_agg(\(expr), \(literal(separator)))" }
    func unindexed(_ expr: String) -> String { expr }
    func jsonField(_ column: String, _ name: String, type: FieldType) -> String {
        let text = "(\(column)::jsonb ->> \(literal(name)))"
        switch type {
        case .text, .date: return text
        case .money, .count: return "CAST(\(text) AS BIGINT)"
        case .number: return "CAST(\(text) AS NUMERIC)"
        }
    }
    func orderTerm(_ expr: String, descending: Bool) -> String { descending ? "\(expr) DESC NULLS LAST" : "\(expr) ASC NULLS FIRST" }
    func areasWithin(_ name: String, carrying: Bool, seeds: SQL) -> SQL {
        let k = carrying ? "w.k, " : ""
        return "\(name)(\(carrying ? "k, " : "")id) AS (" + seeds
            + " UNION SELECT \(k)e.area_id FROM (SELECT area_id, parent_id AS container FROM areas UNION ALL SELECT area_id, container_id FROM area_links) AS e"
            + " JOIN \(name) w ON e.container = w.id)"
    }
    func year(of date: String) -> String { "to_char(CAST(\(date) AS DATE), 'YYYY')" }
    func month(of date: String) -> String { "to_char(CAST(\(date) AS DATE), 'YYYY-MM')" }
    func quarter(of date: String) -> String { "to_char(CAST(\(date) AS DATE), 'YYYY \"Q\"Q')" }
    func financialYearStart(of date: String) -> String {
        "CAST(extract(year FROM CAST(\(date) AS DATE) - INTERVAL '3 months') AS BIGINT)"
    }
}

final class SecondDialectTests: XCTestCase {
    /// Every corpus query in the second dialect, against its own golden file (`.alt.sql`).
    func testEveryCorpusQueryCompilesInASecondDialect() throws {
        let db = try TestDatabase.open()
        let sqliteOnly = try NSRegularExpression(pattern: #"\?|\bgroup_concat\b|\binstr\b|WHERE 1\b"#)
        for (name, text) in try GoldenTests.corpus() {
            let checker = try Checker(connection: db)
            let checked = try checker.check(try Parser.parse(text, subjects: checker.knownSubjects))
            let c = try SQLCompiler.compile(checked, dialect: PostgresLikeDialect())
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
        let b = try SQLCompiler.compile(checked, dialect: PostgresLikeDialect())
        XCTAssertEqual(a.parameters, b.parameters)
        XCTAssertNotEqual(a.sql, b.sql)
        XCTAssertTrue(b.sql.contains("strpos(") && b.sql.contains("string_agg(") && b.sql.contains("NULLS LAST"), b.sql)
        XCTAssertEqual(try SQLCompiler.compile(checked, dialect: SQLiteDialect()).sql, a.sql)
    }
}
