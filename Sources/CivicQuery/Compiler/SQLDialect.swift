import CivicStorage

/// What differs between SQL engines, for the compiler: everything else it writes is standard
/// SQL that SQLite and PostgreSQL both read. The compiler builds its text with `?` for each
/// bound value and calls `render` once at the end.
protocol SQLDialect: Sendable {
    /// The name shown by `--explain` and in test golden files.
    var name: String { get }
    /// The text of the `n`th parameter (from 1): `?` or `$n`.
    func placeholder(_ n: Int) -> String
    /// The SQL type of 64-bit integers, for casts.
    var integerType: String { get }
    /// `expr` as text.
    func text(_ expr: String) -> String
    /// Whether `needle` occurs in `haystack` (both text; case as given).
    func contains(_ haystack: String, _ needle: String) -> String
    /// The distinct non-null values of `expr` (integers) as one comma-separated text.
    func distinctList(_ expr: String) -> String
    /// The values of `expr` joined by `separator`, in the order of `orderBy`; nil when the
    /// engine cannot order an aggregate's input, and the compiler orders the rows it reads.
    func orderedList(_ expr: String, separator: String, orderBy: [String]) -> String?
    /// The values of `expr` joined by `separator` in the order rows arrive.
    func list(_ expr: String, separator: String) -> String
    /// `expr` as a term no index answers: a hint, where the engine takes one, not to reach for
    /// an index that would cost more than it saves (a grouped pass over a whole table reads it
    /// once and sorts rather than walking an index row by row; `ward_id IS NULL` holds for
    /// nearly every office).
    func unindexed(_ expr: String) -> String
    /// An ORDER BY term. civic sorts empty values first going up and last going down, as
    /// SQLite does by default, on every engine.
    func orderTerm(_ expr: String, descending: Bool) -> String
    /// A recursive common table expression for a `WITH RECURSIVE` list: `name(id)` holding
    /// the areas `seeds` selects and every area inside them at any depth (children by
    /// `parent_id`, members by `area_links`). With `carrying`, `name(k, id)`: each seed row is
    /// `(k, area)` and every area inside keeps its seed's `k`.
    func areasWithin(_ name: String, carrying: Bool, seeds: SQL) -> SQL
    /// A recursive common table expression `name(id, rank)` for a `WITH RECURSIVE` list: the
    /// area `seed` (rank 0) and every area it lies in, going up by `parent_id` and by
    /// `area_links` (from member to container), at most `maxSteps` steps. An area's rank is its
    /// steps times 100 plus how many of them were links, so that nearer comes first and, as
    /// near, a parent before a linked container; an area reached several ways has several.
    func areasAbove(_ name: String, seed: String, maxSteps: Int) -> String
    /// `numerator` divided by `denominator`, rounded half away from zero to a whole number (a
    /// 64-bit integer); empty when the denominator is empty or 0.
    func roundedRatio(_ numerator: String, _ denominator: String) -> String
    /// The member `name` of the JSON object in `column`, as a value of `type` (null when the
    /// row has none). `name` is a layout's field name, checked to be letters, digits and `_`.
    func jsonField(_ column: String, _ name: String, type: FieldType) -> String
    /// The calendar year of an ISO date text (`2021-06-30`), as text: `2021`.
    func year(of date: String) -> String
    /// Its calendar month, as text: `2021-06`.
    func month(of date: String) -> String
    /// Its calendar quarter, as text: `2021 Q2`.
    func quarter(of date: String) -> String
    /// The first calendar year of the UK financial year (1 April to 31 March) it falls in, as
    /// an integer: 2021 for 2021-04-01 and for 2022-03-31. The compiler writes the label
    /// (`2021/22`) as it does budgets' years.
    func financialYearStart(of date: String) -> String
    /// Whether `expr` (a normalised name) holds `words` in this order, as one pattern over the
    /// text (a superset of whole-word matches: the resolver checks words).
    func holdsWords(_ expr: String, _ words: [String]) -> SQL
    /// The names among `names` of the tables the database has, in name order.
    func existingTables(_ names: [String]) -> SQL
    /// An aggregate: 1 when `condition` holds for any row of the group, else 0.
    func anyTrue(_ condition: String) -> String
    /// A bound text value (`?`) that compares, and is lower-cased, as civic's text columns are:
    /// byte by byte, only ASCII letters changing case.
    var boundText: String { get }
}

extension Connection {
    /// The dialect of the engine behind this connection.
    var dialect: any SQLDialect {
        switch engine {
        case .sqlite: return SQLiteDialect()
        case .postgresql: return PostgresDialect()
        }
    }
}

extension SQLDialect {
    /// A string constant from the catalogue (never user text, which is always bound).
    func literal(_ s: String) -> String { "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'" }

    /// The final text: each `?` outside quotes becomes this dialect's placeholder.
    func render(_ text: String) -> String { SQLParameters.number(text, placeholder) }
}

/// SQLite, civic's own engine.
struct SQLiteDialect: SQLDialect {
    init() {}
    var name: String { "sqlite" }
    func placeholder(_ n: Int) -> String { "?" }
    var integerType: String { "INTEGER" }
    func text(_ expr: String) -> String { "CAST(\(expr) AS TEXT)" }
    func contains(_ haystack: String, _ needle: String) -> String { "instr(\(haystack), \(needle)) > 0" }
    func distinctList(_ expr: String) -> String { "group_concat(DISTINCT \(expr))" }
    // SQLite 3.40 takes no ORDER BY inside an aggregate: the compiler orders the input instead.
    func orderedList(_ expr: String, separator: String, orderBy: [String]) -> String? { nil }
    func list(_ expr: String, separator: String) -> String { "group_concat(\(expr), \(literal(separator)))" }
    func orderTerm(_ expr: String, descending: Bool) -> String { descending ? expr + " DESC" : expr }
    // A unary + makes the term an expression no index holds, so SQLite reads the table in
    // order and sorts the groups: for a pass over every payment, about three times faster than
    // walking the payer index and fetching each row from wherever it lies (7.7 s against 22 s
    // for spent in every ward at 5M payments, reading the rows). Where the pass reads only some
    // keys, the index still finds them.
    func unindexed(_ expr: String) -> String { "+" + expr }
    // JSON numbers come back as numbers, strings as text: the type needs no cast.
    func jsonField(_ column: String, _ name: String, type: FieldType) -> String { "json_extract(\(column), \(literal("$." + name)))" }

    func areasWithin(_ name: String, carrying: Bool, seeds: SQL) -> SQL {
        // Two recursive terms, each joined through its own index (areas_parent, area_links_container).
        let k = carrying ? "w.k, " : ""
        return "\(name)(\(carrying ? "k, " : "")id) AS (" + seeds
            + " UNION SELECT \(k)a.area_id FROM areas a JOIN \(name) w ON a.parent_id = w.id"
            + " UNION SELECT \(k)l.area_id FROM area_links l JOIN \(name) w ON l.container_id = w.id)"
    }

    func areasAbove(_ name: String, seed: String, maxSteps: Int) -> String {
        // Two recursive terms, each through its own key (areas' primary key, area_links').
        "\(name)(id, rank) AS (SELECT \(seed), 0"
            + " UNION SELECT a.parent_id, u.rank + 100 FROM areas a JOIN \(name) u ON a.area_id = u.id WHERE a.parent_id IS NOT NULL AND u.rank < \(maxSteps * 100 - 100)"
            + " UNION SELECT l.container_id, u.rank + 101 FROM area_links l JOIN \(name) u ON l.area_id = u.id WHERE u.rank < \(maxSteps * 100 - 100))"
    }
    // SQLite's round() of a REAL rounds half away from zero; dividing by NULL gives NULL.
    func roundedRatio(_ numerator: String, _ denominator: String) -> String {
        "CAST(round(CAST(\(numerator) AS REAL) / nullif(\(denominator), 0)) AS INTEGER)"
    }

    // Dates are ISO text: the parts are read by position, without parsing the date.
    func year(of date: String) -> String { "substr(\(date), 1, 4)" }
    func month(of date: String) -> String { "substr(\(date), 1, 7)" }
    func quarter(of date: String) -> String { "substr(\(date), 1, 4) || ' Q' || ((CAST(substr(\(date), 6, 2) AS INTEGER) + 2) / 3)" }
    func financialYearStart(of date: String) -> String {
        "(CAST(substr(\(date), 1, 4) AS INTEGER) - CASE WHEN substr(\(date), 6, 2) >= '04' THEN 0 ELSE 1 END)"
    }
    func anyTrue(_ condition: String) -> String { "max(\(condition))" }
    var boundText: String { "?" }
    func holdsWords(_ expr: String, _ words: [String]) -> SQL {
        SQL("\(expr) GLOB ?", [.text("*" + words.joined(separator: "*") + "*")])
    }
    func existingTables(_ names: [String]) -> SQL {
        SQL("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN (" + names.map { _ in "?" }.joined(separator: ", ") + ") ORDER BY name",
            names.map { .text($0) })
    }
}

/// PostgreSQL, for a shared server database. Where the two engines read the same SQL, this
/// writes what SQLite's dialect writes (dates are ISO text on both, read by position); the
/// differences are the placeholders, the text functions, NULL ordering, JSON, and the area
/// recursion, which PostgreSQL takes with one recursive term only: its two steps (children by
/// `parent_id`, members by `area_links`) are one LATERAL subquery, each through its index.
struct PostgresDialect: SQLDialect {
    init() {}
    var name: String { "postgresql" }
    func placeholder(_ n: Int) -> String { "$\(n)" }
    var integerType: String { "BIGINT" }
    func text(_ expr: String) -> String { "CAST(\(expr) AS TEXT)" }
    func contains(_ haystack: String, _ needle: String) -> String { "strpos(\(haystack), \(needle)) > 0" }
    func distinctList(_ expr: String) -> String { "string_agg(DISTINCT CAST(\(expr) AS TEXT), ',')" }
    func orderedList(_ expr: String, separator: String, orderBy: [String]) -> String? {
        "string_agg(\(expr), \(literal(separator)) ORDER BY \(orderBy.joined(separator: ", ")))"
    }
    func list(_ expr: String, separator: String) -> String { "string_agg(\(expr), \(literal(separator)))" }
    // PostgreSQL's planner takes no hints; it chooses between the index and a pass itself.
    func unindexed(_ expr: String) -> String { expr }
    // `extra` is JSON text: `->>` gives a member as text, cast to the field's type. A JSON
    // number comes back as SQLite's json_extract gives it: whole numbers as integers.
    func jsonField(_ column: String, _ name: String, type: FieldType) -> String {
        let text = "(CAST(\(column) AS jsonb) ->> \(literal(name)))"
        switch type {
        case .text, .date: return text
        case .money, .count: return "CAST(\(text) AS BIGINT)"
        case .number: return "CAST(\(text) AS NUMERIC)"
        }
    }
    // SQLite's order: empty values first going up, last going down.
    func orderTerm(_ expr: String, descending: Bool) -> String { descending ? "\(expr) DESC NULLS LAST" : "\(expr) ASC NULLS FIRST" }
    func areasWithin(_ name: String, carrying: Bool, seeds: SQL) -> SQL {
        // The seeds may be bound values, of the server's default collation: made "C", the
        // collation of the area keys they join, as one recursive query needs.
        let k = carrying ? "w.k, " : ""
        return "\(name)(\(carrying ? "k, " : "")id) AS (SELECT \(carrying ? "x.k, " : "")x.id COLLATE \"C\" FROM (" + seeds
            + ") AS x(\(carrying ? "k, " : "")id) UNION SELECT \(k)e.area_id FROM \(name) w CROSS JOIN LATERAL"
            + " (SELECT a.area_id FROM areas a WHERE a.parent_id = w.id UNION ALL SELECT l.area_id FROM area_links l WHERE l.container_id = w.id) AS e)"
    }
    func areasAbove(_ name: String, seed: String, maxSteps: Int) -> String {
        // One recursive term: both steps up in one LATERAL subquery, each through its key.
        "\(name)(id, rank) AS (SELECT \(seed), 0 UNION SELECT e.id, u.rank + e.step FROM \(name) u CROSS JOIN LATERAL"
            + " (SELECT a.parent_id AS id, 100 AS step FROM areas a WHERE a.area_id = u.id AND a.parent_id IS NOT NULL"
            + " UNION ALL SELECT l.container_id, 101 FROM area_links l WHERE l.area_id = u.id) AS e WHERE u.rank < \(maxSteps * 100 - 100))"
    }
    // Exact: NUMERIC division, whose round() goes half away from zero as SQLite's does.
    func roundedRatio(_ numerator: String, _ denominator: String) -> String {
        "CAST(round(CAST(\(numerator) AS NUMERIC) / nullif(\(denominator), 0)) AS BIGINT)"
    }
    func year(of date: String) -> String { SQLiteDialect().year(of: date) }
    func month(of date: String) -> String { SQLiteDialect().month(of: date) }
    func quarter(of date: String) -> String {
        "substr(\(date), 1, 4) || ' Q' || CAST((CAST(substr(\(date), 6, 2) AS INTEGER) + 2) / 3 AS TEXT)"
    }
    func financialYearStart(of date: String) -> String { SQLiteDialect().financialYearStart(of: date) }
    func anyTrue(_ condition: String) -> String { "CAST(bool_or(\(condition)) AS INTEGER)" }
    // A bound value takes the database's default collation, under which lower() changes
    // letters beyond ASCII too (É → é): given the columns' "C", it matches as on SQLite.
    var boundText: String { "CAST(? AS TEXT) COLLATE \"C\"" }
    func holdsWords(_ expr: String, _ words: [String]) -> SQL {
        let escaped = words.map { w in w.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") }
        return SQL("\(expr) LIKE ?", [.text("%" + escaped.joined(separator: "%") + "%")])
    }
    func existingTables(_ names: [String]) -> SQL {
        SQL("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ("
            + names.map { _ in "?" }.joined(separator: ", ") + ") ORDER BY table_name", names.map { .text($0) })
    }
}
