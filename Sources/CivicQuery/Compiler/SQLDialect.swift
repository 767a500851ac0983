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
}

extension SQLDialect {
    /// A string constant from the catalogue (never user text, which is always bound).
    func literal(_ s: String) -> String { "'" + s.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'" }

    /// The final text: each `?` outside quotes becomes this dialect's placeholder.
    func render(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var quote: Character? = nil
        var n = 0
        for ch in text {
            if let q = quote {
                if ch == q { quote = nil }
                out.append(ch)
            } else if ch == "'" || ch == "\"" {
                quote = ch
                out.append(ch)
            } else if ch == "?" {
                n += 1
                out += placeholder(n)
            } else {
                out.append(ch)
            }
        }
        return out
    }
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

    // Dates are ISO text: the parts are read by position, without parsing the date.
    func year(of date: String) -> String { "substr(\(date), 1, 4)" }
    func month(of date: String) -> String { "substr(\(date), 1, 7)" }
    func quarter(of date: String) -> String { "substr(\(date), 1, 4) || ' Q' || ((CAST(substr(\(date), 6, 2) AS INTEGER) + 2) / 3)" }
    func financialYearStart(of date: String) -> String {
        "(CAST(substr(\(date), 1, 4) AS INTEGER) - CASE WHEN substr(\(date), 6, 2) >= '04' THEN 0 ELSE 1 END)"
    }
}
