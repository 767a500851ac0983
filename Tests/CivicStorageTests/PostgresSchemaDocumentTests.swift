import CivicStorage
import Foundation
import XCTest

/// docs/SCHEMA.md is the contract for the PostgreSQL schema too ("On PostgreSQL"): the DDL that
/// `PostgresSchema` generates from `Schema.ddl` must make the documented tables, views and
/// columns, in the documented types as mapped there, keep every foreign key and index of
/// SQLite's schema, and say none of SQLite's own words. What is expected comes from the document
/// and from SQLite's own catalogue, never from the PostgreSQL generator.
///
/// With `CIVIC_TEST_POSTGRES` set to a libpq connection string (`Scripts/pg-server.sh start`
/// prints one), the DDL is also run on a new database of that server and its catalogue read
/// back; without it that part does nothing, unless `CIVIC_TEST_REQUIRE_POSTGRES=1`, when it fails.
final class PostgresSchemaDocumentTests: XCTestCase {
    /// A documented column: its name and its type as the document gives it (SQLite's).
    struct Column: Equatable, CustomStringConvertible {
        var name: String
        var type: String
        var description: String { "\(name) \(type)" }
    }

    /// The documented tables and views, each with its columns in order (`### name` headings under
    /// "## Tables" and "## Views", as `SchemaDocumentTests` reads them, with the type column too).
    func documented() throws -> (tables: [String: [Column]], views: [String: [Column]]) {
        let text = try String(contentsOf: SchemaDocumentTests.document, encoding: .utf8)
        var tables: [String: [Column]] = [:]
        var views: [String: [Column]] = [:]
        var section = ""
        var current: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("## ") { section = String(line.dropFirst(3)); current = nil; continue }
            guard section == "Tables" || section == "Views" else { continue }
            if line.hasPrefix("### ") {
                let name = String(line.dropFirst(4)).trimmingCharacters(in: .whitespaces)
                current = name
                if section == "Tables" { tables[name] = [] } else { views[name] = [] }
            } else if let c = current, line.hasPrefix("| "), !line.hasPrefix("| column"), !line.hasPrefix("|---") {
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                let column = Column(name: cells[0], type: cells.count > 1 ? cells[1] : "")
                if section == "Tables" { tables[c]!.append(column) } else { views[c]!.append(column) }
            }
        }
        return (tables, views)
    }

    /// A documented type as the PostgreSQL DDL writes it in a table ("On PostgreSQL").
    static let ddlType = ["INTEGER": "BIGINT", "TEXT": "TEXT COLLATE \"C\""]
    /// A documented type as PostgreSQL's catalogue names it (`information_schema.columns`):
    /// views' pounds are `numeric` there, SQLite's `REAL`.
    static let catalogueType = ["INTEGER": "bigint", "TEXT": "text", "REAL": "numeric"]

    /// The columns a `CREATE TABLE` statement declares, with the type text after each name
    /// (up to a constraint word), in order; table constraints left out.
    static func columns(ofCreateTable sql: String) -> [(name: String, type: String)] {
        var out: [(String, String)] = []
        for raw in sql.split(separator: "\n").dropFirst() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix(")"), !line.hasPrefix("PRIMARY KEY"), !line.hasPrefix("UNIQUE") else { continue }
            let words = line.split(separator: " ", omittingEmptySubsequences: true).map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
            let stops: Set<String> = ["PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "REFERENCES"]
            let type = words.dropFirst().prefix(while: { !stops.contains($0) && !$0.hasPrefix("CHECK") }).joined(separator: " ")
            out.append((words[0], type))
        }
        return out
    }

    /// SQLite's schema, made by `Schema.create`, for its catalogue.
    func sqlite() throws -> Database {
        let db = try Database(path: ":memory:")
        try Schema.create(on: db)
        return db
    }

    func testEveryTableAndViewIsDocumented() throws {
        let doc = try documented()
        XCTAssertEqual(Set(PostgresSchema.tables.map(\.name)), Set(doc.tables.keys), "PostgreSQL's tables vs docs/SCHEMA.md's")
        XCTAssertEqual(Set(PostgresSchema.views.map(\.name)), Set(doc.views.keys), "PostgreSQL's views vs docs/SCHEMA.md's")
        for t in PostgresSchema.tables { XCTAssertTrue(t.sql.hasPrefix("CREATE TABLE \(t.name) ("), t.sql) }
        for v in PostgresSchema.views { XCTAssertTrue(v.sql.hasPrefix("CREATE VIEW \(v.name) AS"), v.sql) }
    }

    /// Each table's columns in PostgreSQL's DDL are the documented ones, in order, each in the
    /// documented type as mapped: INTEGER → BIGINT, TEXT → TEXT COLLATE "C".
    func testTableColumnsAreTheDocumentedOnes() throws {
        let doc = try documented()
        for t in PostgresSchema.tables {
            guard let expected = doc.tables[t.name] else { continue }  // reported by the test above
            let got = Self.columns(ofCreateTable: t.sql)
            XCTAssertEqual(got.map(\.name), expected.map(\.name), "columns of \(t.name)")
            for (g, e) in zip(got, expected) where g.name == e.name {
                XCTAssertEqual(g.type, Self.ddlType[e.type], "type of \(t.name).\(g.name), documented \(e.type)")
            }
        }
    }

    func testNoSQLiteOnlyWords() throws {
        let ddl = PostgresSchema.ddl
        let words = [#"\bPRAGMA\b"#, #"\bWITHOUT\s+ROWID\b"#, #"\bgroup_concat\s*\("#, #"\bINTEGER\b"#, #"\bAUTOINCREMENT\b"#,
                     #"\bjson_extract\s*\("#, #"\binstr\s*\("#, #"\bGLOB\b"#, #"\bsqlite_"#]
        for pattern in words {
            let re = try NSRegularExpression(pattern: pattern, options: [.caseInsensitive])
            let hits = re.matches(in: ddl, range: NSRange(ddl.startIndex..., in: ddl)).map { (ddl as NSString).substring(with: $0.range) }
            XCTAssertEqual(hits, [], "SQLite's own word \(pattern) in PostgresSchema.ddl")
        }
        // What takes their place.
        XCTAssertTrue(ddl.contains("BIGINT"))
        XCTAssertTrue(ddl.contains("string_agg("), "wards_view's constituencies")
    }

    /// Every foreign key of SQLite's schema, from its catalogue, and no other.
    func testForeignKeysAreSQLites() throws {
        let db = try sqlite()
        struct Key: Hashable { var table, column, parent, parentColumn: String; var deferred: Bool }
        var expected: Set<Key> = []
        for table in Schema.tables {
            let sql = try db.rows("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", [.text(table)])[0][0].string!
            for row in try db.rows(#"SELECT "from", "table", "to" FROM pragma_foreign_key_list(?)"#, [.text(table)]) {
                let column = row[0].string!
                // pragma_foreign_key_list does not say whether a key is deferred: the column's
                // line in the table's stored SQL does.
                let line = sql.split(separator: "\n").first { $0.trimmingCharacters(in: .whitespaces).hasPrefix(column + " ") } ?? ""
                expected.insert(Key(table: table, column: column, parent: row[1].string!, parentColumn: row[2].string!,
                                    deferred: line.contains("DEFERRABLE INITIALLY DEFERRED")))
            }
        }
        XCTAssertGreaterThan(expected.count, 40, "SQLite's schema has its foreign keys")
        let got = PostgresSchema.foreignKeys.map { Key(table: $0.table, column: $0.column, parent: $0.parent, parentColumn: $0.parentColumn, deferred: $0.deferred) }
        XCTAssertEqual(got.count, Set(got).count, "each foreign key once")
        XCTAssertEqual(Set(got).subtracting(expected), [], "foreign keys PostgreSQL has and SQLite has not")
        XCTAssertEqual(expected.subtracting(got), [], "foreign keys SQLite has and PostgreSQL has not")
        // Each is added by statement, and no table's own DDL still declares one.
        let ddl = PostgresSchema.ddl
        for k in PostgresSchema.foreignKeys {
            XCTAssertTrue(ddl.contains("ALTER TABLE \(k.table) ADD FOREIGN KEY (\(k.column)) REFERENCES \(k.parent)(\(k.parentColumn))"), k.sql)
        }
        for t in PostgresSchema.tables { XCTAssertFalse(t.sql.contains("REFERENCES"), "\(t.name) declares a key before its rows are in") }
    }

    /// Every index of SQLite's schema (its own, not those it makes for keys), on the same
    /// table and columns in the same order, and no other.
    func testIndexesAreSQLites() throws {
        let db = try sqlite()
        var expected: [String: String] = [:]
        for row in try db.rows("SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL") {
            let name = row[0].string!
            let columns = try db.rows("SELECT name FROM pragma_index_info(?) ORDER BY seqno", [.text(name)]).map { $0[0].string! }
            expected[name] = row[1].string! + "(" + columns.joined(separator: ", ") + ")"
        }
        XCTAssertGreaterThan(expected.count, 20, "SQLite's schema has its indexes")
        var got: [String: String] = [:]
        for i in PostgresSchema.indexes {
            let on = i.sql.components(separatedBy: " ON ")
            XCTAssertEqual(on.count, 2, i.sql)
            XCTAssertNil(got[i.name], "index \(i.name) twice")
            got[i.name] = on.last!.replacingOccurrences(of: " (", with: "(").trimmingCharacters(in: .whitespaces)
        }
        XCTAssertEqual(got, expected, "PostgreSQL's indexes vs SQLite's")
    }

    // MARK: on a server

    /// The DDL run on a new database of the server in `CIVIC_TEST_POSTGRES`: every documented
    /// table and view is there in the schema `civic`, with the documented columns in order and
    /// the documented types as PostgreSQL names them; the tables' text is of collation "C".
    func testDDLOnAServer() throws {
        let env = ProcessInfo.processInfo.environment
        guard let conninfo = env["CIVIC_TEST_POSTGRES"], !conninfo.isEmpty else {
            if env["CIVIC_TEST_REQUIRE_POSTGRES"] == "1" {
                XCTFail("CIVIC_TEST_REQUIRE_POSTGRES=1 but CIVIC_TEST_POSTGRES holds no connection string")
            }
            return
        }
        let admin = try PostgresConnection(conninfo: conninfo, readOnly: false)
        let name = "civic_schema_doc_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"
        try admin.execute("CREATE DATABASE \(name)")
        defer { try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
        try checkDDL(on: Self.conninfo(conninfo, database: name))
    }

    /// `conninfo` pointing at `database` instead: a URI takes `dbname` as a parameter, key=value
    /// pairs take one more pair (the later wins).
    static func conninfo(_ conninfo: String, database: String) -> String {
        let lower = conninfo.lowercased()
        if lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") {
            return conninfo + (conninfo.contains("?") ? "&" : "?") + "dbname=" + database
        }
        return conninfo + " dbname=" + database
    }

    func checkDDL(on conninfo: String) throws {
        let server = try PostgresConnection(conninfo: conninfo, readOnly: false)
        try server.execute("CREATE SCHEMA \(PostgresSchema.name); SET search_path = \(PostgresSchema.name)")
        try server.execute(PostgresSchema.ddl)
        let doc = try documented()
        var actual: [String: [Column]] = [:]
        var collations: [String: Set<String>] = [:]
        for row in try server.rows("""
            SELECT c.table_name, c.column_name, c.data_type, coalesce(c.collation_name, ''), t.table_type
              FROM information_schema.columns c
              JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
             WHERE c.table_schema = ?
             ORDER BY c.table_name, c.ordinal_position
            """, [.text(PostgresSchema.name)]) {
            let table = row[0].string!
            actual[table, default: []].append(Column(name: row[1].string!, type: row[2].string!))
            if row[4].string == "BASE TABLE" && row[2].string == "text" { collations[table, default: []].insert(row[3].string!) }
        }
        let objects = doc.tables.merging(doc.views) { a, _ in a }
        XCTAssertEqual(Set(actual.keys), Set(objects.keys), "tables and views on the server vs docs/SCHEMA.md")
        for (name, columns) in objects {
            let expected = columns.map { Column(name: $0.name, type: Self.catalogueType[$0.type] ?? "documented as \($0.type)") }
            XCTAssertEqual(actual[name], expected, "columns of \(name) on the server, with docs/SCHEMA.md's types mapped")
        }
        for (table, names) in collations { XCTAssertEqual(names, ["C"], "collation of \(table)'s text") }
        XCTAssertEqual(Set(collations.keys), Set(doc.tables.filter { $0.value.contains { $0.type == "TEXT" } }.keys), "tables with text")
        // The indexes and foreign keys are the server's, in the schema civic.
        let indexes = try server.rows("SELECT indexname FROM pg_indexes WHERE schemaname = ?", [.text(PostgresSchema.name)]).compactMap { $0[0].string }
        XCTAssertTrue(Set(PostgresSchema.indexes.map(\.name)).isSubset(of: Set(indexes)))
        let keys = try server.scalar("SELECT count(*) FROM information_schema.table_constraints WHERE table_schema = ? AND constraint_type = 'FOREIGN KEY'",
                                     [.text(PostgresSchema.name)]).int
        XCTAssertEqual(keys, Int64(PostgresSchema.foreignKeys.count))
    }
}
