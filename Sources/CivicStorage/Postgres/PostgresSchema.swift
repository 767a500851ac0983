import Foundation

/// civic's schema on PostgreSQL, generated from the one declaration (`Schema.ddl`, SQLite's)
/// by a few rewrites, each a documented difference (`docs/SCHEMA.md`, "On PostgreSQL"):
///
/// - **Types.** `INTEGER` is `BIGINT` (SQLite's integers are 64-bit); `TEXT` is
///   `TEXT COLLATE "C"`, so that text sorts and compares byte by byte, as in SQLite, whatever
///   the server's locale.
/// - **Keys.** Ids are the ones the load gave (no sequences). Foreign keys are the same, added
///   once the rows are in (`foreignKeys`), and checked then by the server.
/// - **SQLite's own words** go: `PRAGMA user_version` (the version is `meta.schema_version`),
///   `WITHOUT ROWID`; `group_concat` is `string_agg`.
/// - **Where.** Everything lives in the schema `civic` of the server's database.
public enum PostgresSchema {
    /// The schema civic's tables and views live in.
    public static let name = "civic"

    /// A string constant.
    static func literal(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "''") + "'" }

    /// One statement of the declaration, sorted by what it makes.
    struct Statement {
        enum Kind { case table, index, view }
        var kind: Kind
        var name: String
        var sql: String
    }

    /// The statements of `Schema.ddl`, as SQLite's text, with their comments.
    static var declared: [Statement] {
        var out: [Statement] = []
        for raw in Schema.ddl.components(separatedBy: ";\n") {
            let text = raw.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
                .joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
            let words = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "(" }).map(String.init)
            guard words.count >= 3, words[0] == "CREATE" else { continue }
            let sql = text.hasSuffix(";") ? String(text.dropLast()) : text
            switch words[1] {
            case "TABLE": out.append(Statement(kind: .table, name: words[2], sql: sql))
            case "INDEX", "UNIQUE": out.append(Statement(kind: .index, name: words[1] == "UNIQUE" ? words[3] : words[2], sql: sql))
            case "VIEW": out.append(Statement(kind: .view, name: words[2], sql: sql))
            default: continue
            }
        }
        return out
    }

    /// A foreign key, added once the rows are in.
    public struct ForeignKey: Equatable, Sendable {
        public var table: String
        public var column: String
        public var parent: String
        public var parentColumn: String
        public var deferred: Bool

        public var sql: String {
            "ALTER TABLE \(table) ADD FOREIGN KEY (\(column)) REFERENCES \(parent)(\(parentColumn))"
                + (deferred ? " DEFERRABLE INITIALLY DEFERRED" : "")
        }
    }

    /// `CREATE TABLE` for each table, in PostgreSQL's types, without its foreign keys.
    public static var tables: [(name: String, sql: String)] {
        declared.filter { $0.kind == .table }.map { ($0.name, table($0.sql).sql) }
    }

    /// Every foreign key the declaration gives.
    public static var foreignKeys: [ForeignKey] {
        declared.filter { $0.kind == .table }.flatMap { table($0.sql).keys }
    }

    /// The secondary indexes, as declared.
    public static var indexes: [(name: String, table: String, sql: String)] {
        declared.filter { $0.kind == .index }.map { s in
            let table = s.sql.components(separatedBy: " ON ")[1].split(separator: "(")[0].trimmingCharacters(in: .whitespaces)
            return (s.name, table, s.sql)
        }
    }

    /// The friendly views, in PostgreSQL's words.
    public static var views: [(name: String, sql: String)] {
        declared.filter { $0.kind == .view }.map { ($0.name, $0.sql.replacingOccurrences(of: "group_concat(", with: "string_agg(")) }
    }

    /// The whole schema as one script: tables, indexes, foreign keys, views. For reading and for
    /// the test that keeps it true to `docs/SCHEMA.md`; a load runs the parts in its own order.
    public static var ddl: String {
        (tables.map(\.sql) + indexes.map(\.sql) + foreignKeys.map(\.sql) + views.map(\.sql)).map { $0 + ";\n" }.joined(separator: "\n")
    }

    /// One table's SQLite text as PostgreSQL's, and the foreign keys its columns declare.
    static func table(_ sqlite: String) -> (sql: String, keys: [ForeignKey]) {
        let name = sqlite.split(separator: " ")[2].split(separator: "\n")[0].trimmingCharacters(in: .whitespaces)
        var keys: [ForeignKey] = []
        var lines: [String] = []
        let reference = try! NSRegularExpression(pattern: #"\s+REFERENCES\s+(\w+)\((\w+)\)(\s+DEFERRABLE INITIALLY DEFERRED)?"#)
        for var line in sqlite.components(separatedBy: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if let m = reference.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)) {
                let ns = line as NSString
                let column = trimmed.split(separator: " ")[0]
                keys.append(ForeignKey(table: name, column: String(column), parent: ns.substring(with: m.range(at: 1)),
                                       parentColumn: ns.substring(with: m.range(at: 2)), deferred: m.range(at: 3).location != NSNotFound))
                line = ns.replacingCharacters(in: m.range, with: "")
            }
            if trimmed.hasPrefix("CREATE TABLE") || trimmed.hasPrefix("PRIMARY KEY") || trimmed.hasPrefix("UNIQUE") || trimmed.hasPrefix(")") {
                lines.append(line.replacingOccurrences(of: " WITHOUT ROWID", with: ""))
                continue
            }
            // A column: its type is the word after its name.
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count >= 2 {
                let indent = String(line.prefix(while: { $0 == " " }))
                var rest = Array(parts.dropFirst())
                switch rest[0].replacingOccurrences(of: ",", with: "") {
                case "INTEGER": rest[0] = rest[0].replacingOccurrences(of: "INTEGER", with: "BIGINT")[...]
                case "TEXT": rest[0] = rest[0].replacingOccurrences(of: "TEXT", with: "TEXT COLLATE \"C\"")[...]
                case "": break
                default:
                    // A column with no type (`key NOT NULL`): SQLite takes any value; here text.
                    if rest[0] == "NOT" { rest.insert("TEXT COLLATE \"C\"", at: 0) }
                }
                line = indent + ([String(parts[0])] + rest.map(String.init)).joined(separator: " ")
            }
            lines.append(line)
        }
        // A trailing comma left where the last column lost its REFERENCES is still a comma.
        return (lines.joined(separator: "\n"), keys)
    }
}
