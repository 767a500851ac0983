import CivicStorage
import Foundation
import XCTest

/// docs/SCHEMA.md is the schema's contract: it must name every table, view and column of the
/// DDL, in order, and nothing else.
final class SchemaDocumentTests: XCTestCase {
    static let document = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/SCHEMA.md")

    /// `### name` headings under "## Tables" and "## Views", each followed by a column table.
    func documented() throws -> [String: [String]] {
        let text = try String(contentsOf: Self.document, encoding: .utf8)
        var out: [String: [String]] = [:]
        var current: String?
        var inObjects = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { inObjects = line == "## Tables" || line == "## Views"; current = nil; continue }
            guard inObjects else { continue }
            if line.hasPrefix("### ") {
                current = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)
                out[current!] = []
            } else if let c = current, line.hasPrefix("| "), !line.hasPrefix("| column"), !line.hasPrefix("|---") {
                let cell = line.split(separator: "|")[0].trimmingCharacters(in: .whitespaces)
                out[c]!.append(cell)
            }
        }
        return out
    }

    func testDocumentMatchesDDL() throws {
        let db = try Database(path: ":memory:")
        try Schema.create(on: db)
        var actual: [String: [String]] = [:]
        for row in try db.rows("SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite_%'") {
            let name = row[0].string!
            actual[name] = try db.rows("SELECT name FROM pragma_table_info(?)", [.text(name)]).map { $0[0].string! }
        }
        let doc = try documented()
        XCTAssertEqual(Set(doc.keys), Set(actual.keys), "tables and views documented vs created")
        for (name, columns) in actual {
            XCTAssertEqual(doc[name], columns, "columns of \(name) in docs/SCHEMA.md")
        }
        XCTAssertEqual(Set(Schema.tables + Schema.views), Set(actual.keys), "Schema.tables/views list every object")
    }

    func testEveryDataTableCarriesProvenance() throws {
        let db = try Database(path: ":memory:")
        try Schema.create(on: db)
        for table in Schema.tables where !["meta", "sources"].contains(table) {
            let cols = try db.rows("SELECT name FROM pragma_table_info(?)", [.text(table)]).map { $0[0].string! }
            XCTAssertTrue(cols.contains("source_id"), "\(table) lacks source_id")
            // A total adds up many lines of one file: it names the file, not a line.
            XCTAssertEqual(cols.contains("source_line"), !Schema.totals.contains(table), "\(table) and source_line")
        }
        for row in try db.rows("SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND p.name LIKE '%amount%'") {
            XCTAssertEqual(row[1].string, "amount_pence", "money column \(row[1]) of \(row[0]) must be amount_pence")
        }
    }
}
