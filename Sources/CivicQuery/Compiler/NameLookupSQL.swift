import CivicStorage

/// What the checker asks of the database to resolve a quoted name: the candidates it could
/// mean. The checker holds no SQL; this is the seam a second engine implements.
protocol NameLookup {
    /// Institutions of these kinds (every kind when nil) that may match: code `scheme:code`,
    /// parent its area's name.
    func institutions(kinds: [String]?, matching: NameMatch) throws -> [NameResolver.Candidate]
    /// Areas of these kinds (every kind when nil) that may match, only those inside `within`
    /// when it is not empty; parent the name of the area's parent.
    func areas(kinds: [String]?, within: [String], matching: NameMatch) throws -> [NameResolver.Candidate]
    /// Categories of the taxonomy: code the category id.
    func categories() throws -> [NameResolver.Candidate]
    /// Plain names for categories: the alias, its category's id and name.
    func categoryAliases() throws -> [(id: Int64, alias: String, category: String)]
}

/// Which candidates the resolver wants, stage by stage (see `NameResolver.resolve`).
enum NameMatch: Sendable {
    /// Those whose code is `code` or whose normal form is `norm`.
    case codeOrName(code: String, norm: String)
    /// Those whose name holds these words in this order (at least those).
    case words([String])
    /// Every one (to suggest the nearest names when nothing matched).
    case all
}

/// `NameLookup` on civic's SQLite database.
struct SQLNameLookup: NameLookup {
    let connection: any Connection

    private func candidates(_ sql: SQL, _ make: (any ResultRow) -> NameResolver.Candidate) throws -> [NameResolver.Candidate] {
        var out: [NameResolver.Candidate] = []
        try connection.each(sql.text, sql.params) { out.append(make($0)) }
        return out
    }

    private static func kindList(_ column: String, _ kinds: [String]) -> SQL {
        "\(column) IN (" + SQL.joined(kinds.map { .value(.text($0)) }, ", ") + ")"
    }

    /// The ways a code may be typed: as given, in upper and in lower case (codes are stored as
    /// published, mostly upper case: E08000025).
    private static func spellings(_ s: String) -> SQL {
        "(" + SQL.joined(Array(Set([s, s.uppercased(), s.lowercased()])).sorted().map { SQL.value(.text($0)) }, ", ") + ")"
    }

    /// The condition picking the candidates a match may mean, through the indexes where it can:
    /// a code by the key, a whole name by `name_norm`'s index; names holding words in order by
    /// one pattern over the names (a superset: the resolver checks whole words).
    private func matching(_ m: NameMatch, code: SQL?, norm: String) -> SQL? {
        switch m {
        case .all: return nil
        case .codeOrName(_, let n):
            return code.map { "(" + $0 + " OR \(norm) = " + SQL.value(.text(n)) + ")" } ?? SQL("\(norm) = ?", [.text(n)])
        case .words(let words):
            return connection.dialect.holdsWords(norm, words)
        }
    }

    func institutions(kinds: [String]?, matching m: NameMatch) throws -> [NameResolver.Candidate] {
        var sql = SQL("SELECT institution_id, name, scheme || ':' || code, kind, (SELECT a.name FROM areas a WHERE a.area_id = institutions.area_id), name_norm FROM institutions")
        var conditions: [SQL] = []
        if let kinds { conditions.append(Self.kindList("kind", kinds)) }
        var code: SQL?
        if case .codeOrName(let typed, _) = m, let colon = typed.firstIndex(of: ":") {
            // scheme:code through the (scheme, code) key.
            let scheme = String(typed[..<colon]).lowercased(), rest = String(typed[typed.index(after: colon)...])
            code = SQL("(scheme = ? AND code IN ", [.text(scheme)]) + Self.spellings(rest) + ")"
        }
        if let c = matching(m, code: code, norm: "name_norm") { conditions.append(c) }
        if !conditions.isEmpty { sql += " WHERE " + SQL.joined(conditions, " AND ") }
        return try candidates(sql) {
            NameResolver.Candidate(id: $0.value(0), name: $0.text(1) ?? "", code: $0.text(2) ?? "", kind: $0.text(3) ?? "", parent: $0.text(4), norm: $0.text(5))
        }
    }

    func areas(kinds: [String]?, within: [String], matching m: NameMatch) throws -> [NameResolver.Candidate] {
        var sql = SQL("SELECT a.area_id, a.name, a.kind, p.name, a.name_norm FROM areas a LEFT JOIN areas p ON p.area_id = a.parent_id")
        var conditions: [SQL] = []
        if let kinds { conditions.append(Self.kindList("a.kind", kinds)) }
        var code: SQL?
        if case .codeOrName(let typed, _) = m { code = "a.area_id IN " + Self.spellings(typed) }
        if let c = matching(m, code: code, norm: "a.name_norm") { conditions.append(c) }
        if !within.isEmpty {
            conditions.append("a.area_id IN " + AreaSQL.inside(dialect: connection.dialect, seeds: SQL.joined(within.map { "SELECT " + SQL.value(.text($0)) }, " UNION ")))
        }
        if !conditions.isEmpty { sql += " WHERE " + SQL.joined(conditions, " AND ") }
        return try candidates(sql) {
            NameResolver.Candidate(id: $0.value(0), name: $0.text(1) ?? "", code: $0.text(0) ?? "", kind: $0.text(2) ?? "", parent: $0.text(3), norm: $0.text(4))
        }
    }

    func categories() throws -> [NameResolver.Candidate] {
        try candidates("SELECT category_id, name, name_norm FROM categories") {
            NameResolver.Candidate(id: $0.value(0), name: $0.text(1) ?? "", code: String($0.int(0)), kind: "category", parent: nil, norm: $0.text(2))
        }
    }

    func categoryAliases() throws -> [(id: Int64, alias: String, category: String)] {
        var out: [(id: Int64, alias: String, category: String)] = []
        try connection.each("SELECT a.category_id, a.alias, c.name FROM category_aliases a JOIN categories c USING(category_id)") {
            out.append(($0.int(0), $0.text(1) ?? "", $0.text(2) ?? ""))
        }
        return out
    }
}
