import CivicStorage

/// Lists of names: what a front end offers while a query is typed (REPL completion), and the
/// kinds and roles the checker takes as subject words.
public enum NameList: Hashable, Sendable {
    /// Areas of these kinds (`ward`, `council area`, …).
    case areas(kinds: [String])
    /// Category names and their plain aliases.
    case categories
    /// Suppliers, redaction markers left out.
    case suppliers
    /// Institutions, all of them or of one kind (`school` also offers academies).
    case institutions(kind: String?)
    /// The kinds of institution loaded (`council`, `school`, …): the checker's subject words.
    case institutionKinds
    /// The roles loaded (`councillor`, `governor`, …): the checker's subject words.
    case roles
    /// The totals tables the database has (`supplier_totals`, …): a database built by an older
    /// civic has none, and the compiler then reads payments alone.
    case totalsTables
}

/// The SQL behind `NameList`, kept with the rest of the query side's SQL.
extension QueryEngine {
    /// The fields loaded layouts declare beyond the catalogue's, one per family and name (the
    /// loader keeps one type per name), with what the first file declaring it says it means.
    static func extraFields(connection: any Connection) throws -> [(family: String, name: String, type: String, about: String)] {
        var out: [(String, String, String, String)] = []
        let sql = """
            SELECT family, name, min(type), (SELECT e.about FROM extra_fields e WHERE e.family = f.family AND e.name = f.name ORDER BY e.source_id LIMIT 1)
            FROM extra_fields f GROUP BY family, name ORDER BY family, name
            """
        try connection.each(sql, []) { r in
            if let f = r.text(0), let n = r.text(1), let t = r.text(2) { out.append((f, n, t, r.text(3) ?? "")) }
        }
        return out
    }

    /// The distinct names of a list, in name order.
    static func names(_ list: NameList, connection: any Connection) throws -> [String] {
        let sql: String
        var params: [Value] = []
        switch list {
        case .areas(let kinds):
            sql = "SELECT DISTINCT name FROM areas WHERE kind IN (" + kinds.map { _ in "?" }.joined(separator: ", ") + ") ORDER BY name"
            params = kinds.map { .text($0) }
        case .categories:
            sql = "SELECT alias FROM category_aliases UNION SELECT name FROM categories ORDER BY 1"
        case .suppliers:
            sql = "SELECT name FROM suppliers WHERE redacted = 0 ORDER BY name"
        case .institutions(nil):
            sql = "SELECT DISTINCT name FROM institutions ORDER BY name"
        case .institutionKinds:
            sql = "SELECT DISTINCT kind FROM institutions ORDER BY kind"
        case .roles:
            sql = "SELECT DISTINCT role FROM roles ORDER BY role"
        case .totalsTables:
            let q = connection.dialect.existingTables(Schema.totals)
            sql = q.text
            params = q.params
        case .institutions(let kind?):
            sql = "SELECT DISTINCT name FROM institutions WHERE kind = ? OR (? = 'school' AND kind = 'academy') ORDER BY name"
            params = [.text(kind), .text(kind)]
        }
        var out: [String] = []
        try connection.each(sql, params) { if let t = $0.text(0) { out.append(t) } }
        return out
    }
}
