import CivicDiagnostics
import CivicStorage
#if canImport(Glibc)
import Glibc
#endif

/// A query compiled to SQL: the text (identifiers from the catalogue only), the values bound
/// to its parameters, and the result's visible columns. The last column, `_sources`, lists the
/// ids of the sources each row drew on (comma-separated), which gives citations and tells
/// whether a row drew on the synthetic demo layer.
struct CompiledQuery: Sendable {
    var sql: String
    var parameters: [Value]
    var columns: [ColumnInfo]
    var chart: Bool
    var resolutions: [String]
}

/// Plan → SQL, through a dialect. Areas, categories and nested institution sets become common
/// table expressions; the subject becomes a base SELECT of its plain fields; the derived fields
/// become one grouped pass per relation they summarise, joined to the base by key (with the
/// sources of the rows summarised in the same pass); each stage wraps the layer before.
struct SQLCompiler {
    let dialect: any SQLDialect
    private var ctes: [SQL] = []
    private var counter = 0
    /// The closure of each base's areas (`within_n(k, id)`), written once however many derived
    /// fields read it.
    private var closures: [String: String] = [:]
    /// Whether a pass over payments may read the totals the load keeps instead.
    let totals: Bool

    init(dialect: any SQLDialect, totals: Bool) {
        self.dialect = dialect
        self.totals = totals
    }

    /// Compiles a checked query. With `totals` (and a database that keeps them), derived fields
    /// over payments read the totals tables wherever the query's phrases allow; without, they
    /// always read the payments themselves (tests compare the two; `CIVIC_NO_TOTALS=1` in the
    /// environment does the same for the command, for benchmarks and for doubt).
    static func compile(_ checked: CheckedQuery, dialect: any SQLDialect = SQLiteDialect(), totals: Bool = true) throws -> CompiledQuery {
        var c = SQLCompiler(dialect: dialect, totals: totals && checked.totals && getenv("CIVIC_NO_TOTALS") == nil)
        let body = try c.layered(checked.plan, nested: false)
        let with = c.ctes.isEmpty ? SQL("") : "WITH RECURSIVE " + SQL.joined(c.ctes, ",\n  ") + "\n"
        let full = with + body
        return CompiledQuery(sql: dialect.render(full.text), parameters: full.params, columns: checked.plan.columns,
                             chart: checked.plan.chart, resolutions: checked.resolutions)
    }

    /// A question about the rows a plan picks, for the coverage notes (`CoverageFacts`): the
    /// plan's subject and phrases with only `ops` of its stages, computing only `fields` (and
    /// what those stages read), as a subquery aliased `r` that `select` and `tail` (GROUP BY,
    /// ORDER BY …) read, in the query's own SQLite text and with its values bound. With
    /// `scanning`, only the first that many rows are read.
    static func question(_ plan: Plan, keeping ops: [PlanOp], fields: [String], totals: Bool, dialect: any SQLDialect,
                         select: SQL, tail: SQL = SQL(""), scanning: Int? = nil) throws -> SQL {
        var p = plan
        p.ops = ops
        var needed: [String] = []
        for f in ops.flatMap(\.columnsRead) + fields where !needed.contains(f) { needed.append(f) }
        p.needed = needed
        p.visible = fields
        var c = SQLCompiler(dialect: dialect, totals: totals && getenv("CIVIC_NO_TOTALS") == nil)
        let body = try c.layered(p, nested: true)
        let with = c.ctes.isEmpty ? SQL("") : "WITH RECURSIVE " + SQL.joined(c.ctes, ",\n  ") + "\n"
        return with + "SELECT " + select + " FROM (" + body + (scanning.map { " LIMIT \(max(1, $0))" } ?? "") + ") AS r" + tail
    }

    mutating func name(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)_\(counter)"
    }

    // MARK: sets

    mutating func areaCTE(_ code: String) -> String {
        let n = name("area")
        ctes.append(dialect.areasWithin(n, carrying: false, seeds: "SELECT " + SQL.value(.text(code))))
        return n
    }

    mutating func categoryCTE(_ id: Int64) -> String {
        let n = name("category")
        ctes.append(SQL("\(n)(id) AS (SELECT ? UNION SELECT c.category_id FROM categories c JOIN \(n) k ON c.parent_id = k.id)", [.integer(id)]))
        return n
    }

    mutating func institutionCTE(_ nested: PlanFilter.Nested) throws -> String {
        switch nested {
        case .institution(let id):
            let n = name("institution")
            ctes.append(SQL("\(n)(id) AS (SELECT ?)", [.integer(id)]))
            return n
        case .query(let plan):
            let body = try layered(plan, nested: true)
            let n = name("institution")
            ctes.append("\(n)(id) AS (SELECT _id FROM (" + body + ") AS \(name("q")))")
            return n
        }
    }

    /// The sets a query's phrases name, and what they narrow derived fields by.
    struct Narrow {
        var categories: String?
        var period: (from: String, to: String)?
        var payers: String?
        var area: String?

        /// Conditions on rows of a relation aliased `x`, as `narrowing` says the phrases apply.
        func conditions(_ narrowing: Narrowing, _ x: String, months: Bool = false) -> [SQL] {
            var out: [SQL] = []
            switch narrowing {
            case .payments(let byPayers):
                if let c = categories { out.append(SQL("\(x).category_id IN (SELECT id FROM \(c))")) }
                if let p = period {
                    // Totals by month: a period of whole months picks the same payments.
                    out.append(months ? SQL("\(x).from_month >= ? AND \(x).to_month <= ?", [.text(String(p.from.prefix(7))), .text(String(p.to.prefix(7)))])
                                      : Self.dated(.payments(payers: byPayers), x, p))
                }
                if byPayers, let i = payers { out.append(SQL("\(x).payer_id IN (SELECT id FROM \(i))")) }
                if byPayers, let a = area {
                    out.append(SQL("\(x).payer_id IN (SELECT institution_id FROM institutions WHERE area_id IN (SELECT id FROM \(a)))"))
                }
            case .budgets:
                if let c = categories { out.append(SQL("\(x).category_id IN (SELECT id FROM \(c))")) }
                if let p = period { out.append(Self.dated(.budgets, x, p)) }
            case .roles:
                if let p = period { out.append(Self.dated(.roles, x, p)) }
            case .elections:
                if let p = period { out.append(Self.dated(.elections, x, p)) }
            case .none:
                break
            }
            return out
        }

        /// The rows aliased `x` whose own dates lie in the period.
        static func dated(_ narrowing: Narrowing, _ x: String, _ p: (from: String, to: String)) -> SQL {
            switch narrowing {
            // paid_from <= paid_to on every row, so the middle bound changes no answer: it gives
            // the (payer, paid_from) and paid_from indexes a range closed at both ends.
            case .payments: return SQL("\(x).paid_from >= ? AND \(x).paid_from <= ? AND \(x).paid_to <= ?", [.text(p.from), .text(p.to), .text(p.to)])
            case .budgets:
                return SQL("\(x).fy_start BETWEEN ? AND ?", [.integer(Int64(Periods.financialYear(of: p.from))), .integer(Int64(Periods.financialYear(of: p.to)))])
            case .roles:
                return SQL("(\(x).start_date IS NULL OR \(x).start_date <= ?) AND (\(x).end_date IS NULL OR \(x).end_date >= ?)", [.text(p.to), .text(p.from)])
            case .elections:
                return SQL("\(x).election_date BETWEEN ? AND ?", [.text(p.from), .text(p.to)])
            case .none: return SQL("")
            }
        }
    }

    // MARK: layers

    /// The whole query for a plan: the base and its derived fields, wrapped by each stage.
    mutating func layered(_ plan: Plan, nested: Bool) throws -> SQL {
        let def = plan.subject
        // The sets the phrases name, and what they narrow the derived fields by.
        var narrow = Narrow()
        var sets: [(PlanFilter, String?)] = []
        for f in plan.filters {
            switch f {
            case .area(let code): sets.append((f, areaCTE(code)))
            case .category(let id):
                let n = categoryCTE(id)
                narrow.categories = n
                sets.append((f, n))
            case .of(let n), .by(let n), .paidBy(let n): sets.append((f, try institutionCTE(n)))
            case .period(let a, let b):
                narrow.period = (a, b)
                sets.append((f, nil))
            case .named, .identity: sets.append((f, nil))
            }
        }
        for (f, set) in sets {
            guard let kind = f.phrase, Catalog.rule(kind, for: def.family) == .narrowsDerived else { continue }
            if kind == .area { narrow.area = set } else if kind != .period && kind != .category { narrow.payers = set }
        }
        // The base rows' conditions. `scoped` when some phrase picks rows, so that the derived
        // fields' passes read only the related rows of those.
        var conditions: [SQL] = []
        var scoped = false
        if let f = plan.subjectFilter {
            conditions.append("s.\(f.column.rawValue) IN (" + SQL.joined(f.values.map { SQL.value(.text($0)) }, ", ") + ")")
        }
        for e in def.only { conditions.append(SQL(equal(e, "s"))) }
        let narrowing = sets.filter { (f, _) in f.phrase.flatMap { Catalog.rule($0, for: def.family) } != .narrowsDerived }
        for (f, set) in sets {
            // A related-rows test is searched row by row when another phrase picks few rows,
            // and found once for all rows otherwise.
            let alone = narrowing.count == 1 && plan.subjectFilter == nil
            if let part = try condition(for: f, set: set, def: def, narrow: narrow, correlated: !alone) {
                conditions.append(part)
                scoped = true
            }
        }

        // Every field used, plus those of the default order and those a field per head divides.
        var fields = plan.needed
        for (o, _) in def.order where !fields.contains(o) { fields.append(o) }
        for name in fields {
            if case .perHead(let base)? = def.field(name)?.value, !fields.contains(base) { fields.append(base) }
        }
        var relations: [Relation] = []
        for name in fields {
            guard let f = def.field(name) else { throw Diagnostic.bug("field \(name) missing from the catalogue") }
            if case .derived(let d) = f.value, !relations.contains(d.relation) { relations.append(d.relation) }
        }
        let usedRelations = relations
        if let must = def.mustHave, !relations.contains(must) { relations.append(must) }

        var from = "\(def.table.rawValue) s"
        for j in def.joins { from += " JOIN \(j.table.rawValue) \(alias(j.row)) ON \(alias(j.row)).\(j.key) = s.\(j.on)" }
        var whereClause = conditions.isEmpty ? SQL("") : " WHERE " + SQL.joined(conditions.map { "(" + $0 + ")" }, " AND ")

        // The subject's rows, and their keys for the derived fields' passes to read only theirs:
        // when phrases pick the rows and passes read their keys, the keys are found once.
        var rows = SQL("FROM \(from)") + whereClause
        if scoped && !relations.isEmpty {
            let picked = name("picked")
            ctes.append("\(picked)(id) AS (SELECT s.\(def.key) " + rows + ")")
            whereClause = SQL(" WHERE s.\(def.key) IN (SELECT id FROM \(picked))")
            rows = SQL("FROM \(from)") + whereClause
        }
        var select: [SQL] = []
        var sources = ["s.source_id"]
        var joins: [String] = []
        var values: [String: SQL] = [:]
        // One grouped pass per relation, joined by key.
        for relation in relations {
            let aggregations = fields.compactMap { name -> (String, Aggregation)? in
                guard case .derived(let d)? = def.field(name)?.value, d.relation == relation else { return nil }
                return (name, d.aggregation)
            }
            let r = name("pass")
            let columns = try pass(r, relation, aggregations.map(\.1), key: def.key, rows: rows, scoped: scoped, narrow: narrow)
            for (i, (field, agg)) in aggregations.enumerated() {
                if agg == .offices {
                    values[field] = try officesList(relation, key: def.key, narrow: narrow)
                } else {
                    values[field] = SQL("coalesce(\(r).\(columns[i]!), 0)")
                }
            }
            // A row with no related rows has 0 for each of these fields; when the query's first
            // conditions reject that, the rows without any are dropped by the join itself, and
            // the pass can drive the query.
            let required = relation == def.mustHave
                || aggregations.contains { Self.rejectsZero($0.0, plan.ops) && $0.1 != .offices }
            joins.append(" \(required ? "JOIN" : "LEFT JOIN") \(r) ON \(r).k = s.\(def.key)")
            if usedRelations.contains(relation) { sources.append("coalesce(',' || \(r).src, '')") }
        }
        // Fields grouped on something other than what they show (a supplier as spelt, grouped
        // by the supplier its spellings make): that value too, under a name of its own.
        let groupKeys = Set(plan.ops.flatMap { op -> [String] in
            guard case .group(let keys, _) = op else { return [] }
            return keys.compactMap { if case .column(let c) = $0 { return c } else { return nil } }
        })
        for name in fields {
            switch def.field(name)?.value {
            case .plain(let e, let source)?:
                select.append(SQL("\(render(e)) AS \(quoted(name))"))
                if let group = def.field(name)?.group, groupKeys.contains(name) {
                    select.append(SQL("\(render(group)) AS \(quoted(Self.groupColumn(name)))"))
                }
                if let source {
                    let cited = "coalesce(',' || \(render(source)), '')"
                    if !sources.contains(cited) { sources.insert(cited, at: 1) }
                }
            case .derived?:
                select.append(values[name]! + " AS \(quoted(name))")
            case .perHead(let base)?:
                guard let population = def.population else { throw Diagnostic.bug("\(name) of a subject with no population") }
                let money: SQL
                switch def.field(base)?.value {
                case .plain(let e, _)?: money = SQL(render(e))
                case .derived?: money = values[base]!
                default: throw Diagnostic.bug("\(name) divides no money field")
                }
                select.append(SQL(dialect.roundedRatio(money.text, render(population.value)), money.params) + " AS \(quoted(name))")
                let cited = "coalesce(',' || \(render(population.source)), '')"
                if !sources.contains(cited) { sources.insert(cited, at: 1) }
            case nil:
                throw Diagnostic.bug("field \(name) missing from the catalogue")
            }
        }
        select.append(SQL("s.\(def.key) AS _id"))
        select.append(SQL(sourceList(sources) + " AS _sources"))
        var sql = "SELECT " + SQL.joined(select, ", ") + " FROM \(from)" + joins.joined() + whereClause

        var order: [(String, Bool)] = def.order
        var grouped = false
        // Filters in a row (phrases such as over and under, where stages) become one WHERE over
        // one subquery, not a subquery each: a query of many stays within SQLite's parser stack.
        var filters: [SQL] = []
        func flushFilters() {
            guard !filters.isEmpty else { return }
            let condition = filters.count == 1 ? filters[0] : SQL.joined(filters.map { "(" + $0 + ")" }, " AND ")
            sql = "SELECT * FROM (" + sql + ") AS \(name("q")) WHERE " + condition
            filters = []
        }
        for op in plan.ops {
            if case .filter = op {} else if case .sort = op {} else { flushFilters() }
            switch op {
            case .filter(let c):
                filters.append(compile(c))
            case .sort(let keys):
                order = keys
            case .top(let n):
                sql = "SELECT * FROM (" + sql + ") AS \(name("q"))" + orderBy(order, grouped: grouped, visible: plan.visible) + " LIMIT \(n)"
            case .group(let keys, let agg):
                let k = keys.map { quoted($0.name) }
                // What each key groups on: a time unit's label, computed from its date; a field
                // grouped on another value than it shows (`FieldDef.group`), that value, which
                // only the subject's rows hold (a later grouping groups the column it was given).
                let expressions = keys.map { key -> String in
                    switch key {
                    case .time(let unit, let date): return label(unit, of: quoted(date))
                    case .column(let c): return grouped || def.field(c)?.group == nil ? quoted(c) : quoted(Self.groupColumn(c))
                    }
                }
                let selected = zip(expressions, k).map { $0 == $1 ? $0 : "\($0) AS \($1)" }
                let aggregate: String
                switch agg?.function {
                case .total?: aggregate = "coalesce(sum(\(quoted(agg!.column!))), 0) AS \"total\""
                case .average?:
                    let col = quoted(agg!.column!)
                    aggregate = plan.columns.last?.type == .money
                        ? "CAST(round(avg(\(col))) AS \(dialect.integerType)) AS \"average\"" : "avg(\(col)) AS \"average\""
                default: aggregate = "count(*) AS \"count\""
                }
                sql = "SELECT " + (selected + [aggregate, dialect.distinctList("_sources") + " AS _sources"]).joined(separator: ", ")
                    + " FROM (" + sql + ") AS \(name("q"))" + (k.isEmpty ? "" : " GROUP BY " + expressions.joined(separator: ", "))
                // Groups in the order of their keys: a time unit's labels sort oldest first.
                order = keys.map { ($0.name, false) }
                grouped = true
            case .project:
                break  // visible columns are chosen at the end; hidden ones stay for later stages
            }
        }
        flushFilters()
        if nested { return sql }
        let visible = plan.visible.map(quoted) + ["_sources"]
        return "SELECT " + visible.joined(separator: ", ") + " FROM (" + sql + ") AS \(name("q"))" + orderBy(order, grouped: grouped, visible: plan.visible)
    }

    /// The hidden column holding what `by` groups a field on (see `FieldDef.group`).
    static func groupColumn(_ field: String) -> String { field + "__group" }

    /// Whether the conditions a plan applies before any top or group stage are false for a row
    /// whose `field` is 0 (so such a row never reaches the result).
    static func rejectsZero(_ field: String, _ ops: [PlanOp]) -> Bool {
        for op in ops {
            switch op {
            case .filter(let c): if rejectsZero(field, c) { return true }
            case .top, .group: return false
            case .sort, .project: continue
            }
        }
        return false
    }

    static func rejectsZero(_ field: String, _ c: PlanCondition) -> Bool {
        switch c {
        case .and(let a, let b): return rejectsZero(field, a) || rejectsZero(field, b)
        case .or(let a, let b): return rejectsZero(field, a) && rejectsZero(field, b)
        case .compare(let column, _, let op, .value(let v)) where column == field:
            let x: Double
            switch v {
            case .integer(let i): x = Double(i)
            case .real(let r): x = r
            default: return false
            }
            switch op {
            case .equal: return x != 0
            case .notEqual: return x == 0
            case .less: return !(0 < x)
            case .lessEqual: return !(0 <= x)
            case .greater: return !(0 > x)
            case .greaterEqual: return !(0 >= x)
            case .contains: return false
            }
        case .within(let column, _, let values) where column == field:
            return values.allSatisfy {
                switch $0 {
                case .value(.integer(let i)): return i != 0
                case .value(.real(let r)): return r != 0
                default: return false
                }
            }
        default: return false
        }
    }

    func sourceList(_ parts: [String]) -> String {
        parts.count == 1 ? parts[0] : ([dialect.text(parts[0])] + parts.dropFirst()).joined(separator: " || ")
    }

    /// ORDER BY the keys, then the remaining visible columns (or the row id) so that ties come
    /// out the same way every time.
    func orderBy(_ keys: [(String, Bool)], grouped: Bool, visible: [String]) -> String {
        var parts = keys.map { dialect.orderTerm(quoted($0.0), descending: $0.1) }
        if grouped {
            for v in visible where !keys.contains(where: { $0.0 == v }) { parts.append(dialect.orderTerm(quoted(v), descending: false)) }
        } else {
            parts.append("_id")
        }
        return parts.isEmpty ? "" : " ORDER BY " + parts.joined(separator: ", ")
    }

    // MARK: derived fields

    /// The common table expression `name(k, v1 … vn, src)`: one grouped pass over `relation`'s
    /// rows giving, per key of the subject, each aggregation and the distinct sources of the
    /// rows. `rows` is the FROM and WHERE of the subject's rows, `key` their key column; when
    /// `scoped`, the pass reads only the related rows of those. Returns each aggregation's column (nil for the office list,
    /// which `officesList` reads row by row).
    mutating func pass(_ name: String, _ relation: Relation, _ aggregations: [Aggregation], key: String, rows: SQL, scoped: Bool, narrow: Narrow) throws -> [String?] {
        let keys = "SELECT s.\(key) " + rows
        // Each aggregation once (payments and paid share a pass, not a column).
        var distinct: [Aggregation] = []
        for a in aggregations where a != .offices && !distinct.contains(a) { distinct.append(a) }
        let summary = totalsTable(relation, distinct, narrow)
        let table = summary?.rawValue ?? relation.table.rawValue
        let x = summary == nil ? Self.alias(relation.table) : "t"
        var conditions: [SQL] = relation.only.map { SQL(equal($0, x)) }
            + narrow.conditions(relation.narrowing, x, months: summary == .payerMonths)
        let columns = aggregations.map { a in distinct.firstIndex(of: a).map { "v\($0 + 1)" } }
        let header = "\(name)(k, " + distinct.indices.map { "v\($0 + 1), " }.joined() + "src)"
        func aggregate(_ a: Aggregation, _ x: String) -> String {
            // A total row counts its payments.
            summary != nil && a == .count ? "sum(\(x).payments)" : self.aggregate(a, x)
        }
        let aggs = distinct.map { aggregate($0, x) } + [dialect.distinctList("\(x).source_id")]

        func whereClause(_ parts: [SQL]) -> SQL { parts.isEmpty ? SQL("") : " WHERE " + SQL.joined(parts, " AND ") }

        /// The pass for rows that count towards `k` through `join` (given the column the rows
        /// are placed by). In two steps when the aggregates add up from smaller groups: the rows
        /// grouped by `column` and source first (a few thousand groups), then those joined and
        /// summed. Otherwise in one: each row joined to every key it counts for (a count of
        /// different suppliers does not add up).
        func grouped(by k: String, at column: String, _ join: (String) -> String) {
            guard distinct.allSatisfy(\.decomposable) else {
                ctes.append("\(header) AS (SELECT \(k), " + aggs.joined(separator: ", ") + " FROM \(table) \(x) \(join("\(x).\(column)"))"
                    + whereClause(conditions) + " GROUP BY \(k))")
                return
            }
            let steps = distinct.indices.map { ", \(aggregate(distinct[$0], x)) AS v\($0 + 1)" }.joined()
            let inner = SQL("SELECT \(x).\(column) AS at, \(x).source_id AS src\(steps) FROM \(table) \(x)")
                + whereClause(conditions) + (" GROUP BY " + dialect.unindexed("\(x).\(column)") + ", " + dialect.unindexed("\(x).source_id"))
            ctes.append("\(header) AS (SELECT \(k), " + (distinct.indices.map { "sum(g.v\($0 + 1))" } + [dialect.distinctList("g.src")]).joined(separator: ", ")
                + " FROM (" + inner + ") AS g \(join("g.at")) GROUP BY \(k))")
        }

        switch relation.link {
        case .key(let column):
            if scoped { conditions.append("\(x).\(column) IN (" + keys + ")") }
            let groupBy = " GROUP BY " + dialect.unindexed("\(x).\(column)") + ")"
            ctes.append("\(header) AS (SELECT \(x).\(column), " + aggs.joined(separator: ", ")
                + " FROM \(table) \(x)" + whereClause(conditions) + groupBy)
        case .categoryOrChild(let column):
            // Each row counts for its own category and for that category's parent.
            let map = "SELECT c.category_id AS k, c.category_id AS id FROM categories c UNION ALL SELECT c.parent_id, c.category_id FROM categories c WHERE c.parent_id IS NOT NULL"
            grouped(by: "m.k", at: column) { "JOIN (\(map)) AS m ON m.id = \($0)" }
        case .inArea(let place):
            // Every area of the subject's rows that a related row lies in, at any depth.
            let within: String
            if let w = closures[keys.text] {
                within = w
            } else {
                within = self.name("within")
                closures[keys.text] = within
                ctes.append(dialect.areasWithin(within, carrying: true, seeds: "SELECT s.\(key), s.\(key) " + rows))
            }
            switch place {
            case .column(let c):
                if scoped { conditions.append(SQL("\(x).\(c) IN (SELECT id FROM \(within))")) }
                grouped(by: "w.k", at: c) { "JOIN \(within) w ON w.id = \($0)" }
            case .institution(let c):
                if scoped {
                    conditions.append(SQL("\(x).\(c) IN (SELECT i.institution_id FROM institutions i WHERE i.area_id IN (SELECT id FROM \(within)))"))
                }
                grouped(by: "w.k", at: c) { "JOIN institutions i ON i.institution_id = \($0) JOIN \(within) w ON w.id = i.area_id" }
            }
        }
        return columns
    }

    /// The totals the load keeps (docs/SCHEMA.md) that answer a pass over payments exactly, if
    /// any: the coarsest whose keys the relation's link, its aggregations and the query's
    /// phrases need. Never for a period that is not whole months, a supplier's count of payers
    /// or a supplier's payments narrowed by anything.
    func totalsTable(_ relation: Relation, _ aggregations: [Aggregation], _ narrow: Narrow) -> TotalsTable? {
        guard totals, relation.table == .payments, relation.only.isEmpty, case .payments(let byPayers) = relation.narrowing else { return nil }
        if let p = narrow.period, !Periods.wholeMonths(p.from, p.to) { return nil }
        let byPayer = byPayers && (narrow.payers != nil || narrow.area != nil)
        let plain = narrow.categories == nil && narrow.period == nil
        switch relation.link {
        case .key("supplier_id"):
            let summable = aggregations.allSatisfy { $0 == .count || $0 == .sum("amount_pence") }
            return summable && plain && !byPayer ? .suppliers : nil
        case .key("payer_id"), .inArea(.institution("payer_id")), .categoryOrChild("category_id"):
            guard aggregations.allSatisfy({ $0 == .count || $0 == .sum("amount_pence") || $0 == .countDistinct("payer_id") }) else { return nil }
            if case .categoryOrChild = relation.link { return .payerMonths }
            return plain ? .payers : .payerMonths
        default:
            return nil
        }
    }

    /// A person's offices, "role at institution" by institution then role, joined by "; ":
    /// a list read for each row the query keeps, not a summary, so it is not part of a pass.
    func officesList(_ relation: Relation, key: String, narrow: Narrow) throws -> SQL {
        guard relation.table == .roles, case .key(let column) = relation.link else { throw Diagnostic.bug("offices of \(relation.table)") }
        let item = "r.role || ' at ' || i.name"
        let order = ["i.name", "r.role"]
        let conditions = [SQL("r.\(column) = s.\(key)")] + narrow.conditions(.roles, "r")
        let rows = "FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE " + SQL.joined(conditions, " AND ")
        if let agg = dialect.orderedList(item, separator: "; ", orderBy: order) {
            return "(SELECT \(agg) " + rows + ")"
        }
        return "(SELECT \(dialect.list("o.item", separator: "; ")) FROM (SELECT \(item) AS item " + rows + " ORDER BY \(order.joined(separator: ", "))) AS o)"
    }

    /// The alias a pass gives its table's rows, as the query plans show it.
    static func alias(_ table: Table) -> String {
        switch table {
        case .payments: return "p"
        case .budgets: return "b"
        case .roles: return "r"
        case .institutions: return "i"
        default: return "x"
        }
    }

    func aggregate(_ a: Aggregation, _ x: String) -> String {
        switch a {
        case .sum(let c): return "sum(\(x).\(c))"
        case .count: return "count(*)"
        case .countDistinct(let c): return "count(DISTINCT \(x).\(c))"
        // Never in a pass: the office list is read row by row (`officesList`).
        case .offices: return "NULL"
        }
    }

    // MARK: expressions

    func alias(_ row: RowRef) -> String {
        switch row {
        case .subject: return "s"
        case .person: return "pp"
        case .institution: return "ii"
        }
    }

    func constant(_ c: Constant) -> String {
        switch c {
        case .text(let t): return dialect.literal(t)
        case .integer(let i): return String(i)
        }
    }

    func equal(_ e: Equal, _ x: String) -> String { "\(x).\(e.column) = \(constant(e.value))" }

    /// A catalogue expression over the subject's row `s` and the rows joined to it.
    func render(_ e: Expr, depth: Int = 0) -> String {
        switch e {
        case .column(let c, let row): return "\(alias(row)).\(c)"
        case .constant(let c): return constant(c)
        case .concat(let parts): return parts.map { render($0, depth: depth) }.joined(separator: " || ")
        case .lookup(let table, let key, let equals, let value, let kind):
            let l = "l\(depth)"
            var s = "(SELECT \(l).\(value) FROM \(table.rawValue) \(l) WHERE \(l).\(key) = \(render(equals, depth: depth + 1))"
            if let kind { s += " AND \(l).kind = \(dialect.literal(kind))" }
            return s + ")"
        case .latest(let table, let key, let equals, let value, let by):
            let l = "l\(depth)"
            return "(SELECT \(l).\(value) FROM \(table.rawValue) \(l) WHERE \(l).\(key) = \(render(equals, depth: depth + 1))"
                + " AND \(l).\(value) IS NOT NULL ORDER BY \(dialect.orderTerm("\(l).\(by)", descending: true)) LIMIT 1)"
        case .firstOf(let es): return "coalesce(" + es.map { render($0, depth: depth) }.joined(separator: ", ") + ")"
        case .financialYear(let e): return financialYearLabel(render(e, depth: depth))
        case .yesNo(let e):
            return "CASE \(render(e, depth: depth)) WHEN 1 THEN 'yes' WHEN 0 THEN 'no' END"
        case .extra(let name, let type):
            return dialect.jsonField("s.extra", name, type: type)
        case .wholeTotal(let table, let key, let equals, let value, let kind):
            let l = "l\(depth)"
            return "(SELECT CASE WHEN count(*) > 0 AND count(\(l).\(value)) = count(*) THEN CAST(sum(\(l).\(value)) AS \(dialect.integerType)) END"
                + " FROM \(table.rawValue) \(l) WHERE \(l).\(key) = \(render(equals, depth: depth + 1)) AND \(l).kind = \(dialect.literal(kind)))"
        case .when(let test, let value, let then):
            return "CASE WHEN \(render(test, depth: depth)) = \(constant(value)) THEN \(render(then, depth: depth)) END"
        case .areasAround(let code):
            return areasAround(render(code, depth: depth + 1), depth: depth)
        }
    }

    /// The areas the area `code` lies in, nearest first (then by kind and name), as
    /// "name (kind)" joined by "; ": each once, at its nearest.
    func areasAround(_ code: String, depth: Int) -> String {
        let up = "up\(depth)", a = "a\(depth)"
        let items = "SELECT \(a).name || ' (' || \(a).kind || ')' AS item, min(\(up).rank) AS rank, \(a).kind AS kind, \(a).name AS name"
            + " FROM \(up) JOIN areas \(a) ON \(a).area_id = \(up).id WHERE \(up).id <> \(code) GROUP BY \(a).area_id, \(a).name, \(a).kind"
        let with = "WITH RECURSIVE " + dialect.areasAbove(up, seed: code, maxSteps: 8)
        let order = ["o.rank", "o.kind", "o.name"]
        if let agg = dialect.orderedList("o.item", separator: "; ", orderBy: order) {
            return "(\(with) SELECT \(agg) FROM (\(items)) AS o)"
        }
        return "(\(with) SELECT \(dialect.list("o.item", separator: "; ")) FROM (\(items) ORDER BY \(order.map { $0.replacingOccurrences(of: "o.", with: "") }.joined(separator: ", "))) AS o)"
    }

    /// A financial year's label from its first year: 2017 → "2017/18".
    func financialYearLabel(_ startYear: String) -> String {
        "\(dialect.text(startYear)) || '/' || substr(\(dialect.text("\(startYear) + 1")), 3, 2)"
    }

    /// A time unit's label for the date column `date`; no label (NULL) for a row with no date,
    /// so those rows are one group, sorted first as empty values are.
    func label(_ unit: TimeUnit, of date: String) -> String {
        switch unit {
        case .year: return dialect.year(of: date)
        case .month: return dialect.month(of: date)
        case .quarter: return dialect.quarter(of: date)
        case .fy: return financialYearLabel(dialect.financialYearStart(of: date))
        }
    }

    // MARK: phrases

    /// The condition a phrase puts on the subject's rows, from the phrase table; nil when it
    /// only narrows the derived fields.
    func condition(for f: PlanFilter, set: String?, def: SubjectDef, narrow: Narrow, correlated: Bool) throws -> SQL? {
        switch f {
        case .named(let norm):
            return SQL(dialect.contains(render(def.nameNorm), "?"), [.text(norm)])
        case .identity(let key):
            return SQL("s.\(def.key) = ?", [key])
        default: break
        }
        guard let kind = f.phrase, let rule = Catalog.rule(kind, for: def.family) else {
            throw Diagnostic.bug("\(f.phrase?.rawValue ?? "a phrase") reached \(def.family), which does not take it")
        }
        let inSet = "IN (SELECT id FROM \(set ?? "?"))"
        let key = "s.\(def.key)"
        switch rule {
        case .member(let e): return SQL("\(render(e)) \(inSet)")
        case .inside(let e):
            guard case .area(let code) = f else { throw Diagnostic.bug("inside without an area") }
            return SQL("\(render(e)) \(inSet) AND \(render(e)) <> ?", [.text(code)])
        case .locatedIn(let e): return SQL("\(render(e)) IN (SELECT institution_id FROM institutions WHERE area_id \(inSet))")
        // Whether the row has related rows that qualify: searched for each row (EXISTS) when
        // other phrases leave few rows, else found once for all of them (IN).
        case .officeInArea:
            guard correlated else {
                // Offices for a ward in the area, and offices with no ward at an institution in
                // it: each through its own index, not a scan of every office.
                return SQL("\(key) IN (SELECT r.person_id FROM roles r WHERE r.ward_id \(inSet)"
                    + " UNION SELECT r.person_id FROM roles r JOIN institutions i ON i.institution_id = r.institution_id"
                    + " WHERE \(dialect.unindexed("r.ward_id")) IS NULL AND i.area_id \(inSet))")
            }
            return related(key, "r.person_id", "roles r JOIN institutions i ON i.institution_id = r.institution_id",
                           [SQL("coalesce(r.ward_id, i.area_id) \(inSet)")], correlated)
        case .officeAt:
            return related(key, "r.person_id", "roles r", [SQL("r.institution_id \(inSet)")], correlated)
        case .officeDuring:
            return related(key, "r.person_id", "roles r", narrow.conditions(.roles, "r"), correlated)
        case .paidHere:
            return related(key, "p.payer_id", "payments p", narrow.conditions(.payments(payers: false), "p"), correlated)
        case .paidInside:
            let inside = "(WITH RECURSIVE " + dialect.areasWithin("inside", carrying: false, seeds: SQL("SELECT \(key)")) + " SELECT id FROM inside)"
            // From the institutions in the area to their payments (each through an index): a
            // planner that put the payments first would test every payment against the area.
            return "EXISTS (SELECT 1 FROM institutions i JOIN payments p ON p.payer_id = i.institution_id WHERE " + SQL.joined([
                "i.area_id IN " + inside
            ] + narrow.conditions(.payments(payers: false), "p"), " AND ") + ")"
        case .dated(let narrowing):
            guard let p = narrow.period else { throw Diagnostic.bug("a period phrase without a period") }
            return Narrow.dated(narrowing, "s", p)
        case .narrowsDerived:
            return nil
        }
    }

    /// `key` has a row in `from` whose `link` is it and where `conditions` hold.
    func related(_ key: String, _ link: String, _ from: String, _ conditions: [SQL], _ correlated: Bool) -> SQL {
        if correlated {
            return "EXISTS (SELECT 1 FROM \(from) WHERE " + SQL.joined([SQL("\(link) = \(key)")] + conditions, " AND ") + ")"
        }
        return "\(key) IN (SELECT \(link) FROM \(from)" + (conditions.isEmpty ? SQL("") : " WHERE " + SQL.joined(conditions, " AND ")) + ")"
    }

    // MARK: conditions

    func compile(_ c: PlanCondition) -> SQL {
        switch c {
        case .and(let a, let b): return "(" + compile(a) + " AND " + compile(b) + ")"
        case .or(let a, let b): return "(" + compile(a) + " OR " + compile(b) + ")"
        case .not(let a): return "NOT (" + compile(a) + ")"
        case .columns(let a, let op, let b):
            if op == .contains { return SQL(dialect.contains("lower(\(quoted(a)))", "lower(\(quoted(b)))")) }
            return SQL("\(quoted(a)) \(sqlOperator(op)) \(quoted(b))")
        case .compare(let col, let type, let op, let v):
            return compare(quoted(col), type, op, v)
        case .within(let col, let type, let values):
            return "(" + SQL.joined(values.map { compare(quoted(col), type, .equal, $0) }, " OR ") + ")"
        }
    }

    func sqlOperator(_ op: Comparison) -> String {
        switch op {
        case .equal: return "="
        case .notEqual: return "<>"
        case .less: return "<"
        case .lessEqual: return "<="
        case .greater: return ">"
        case .greaterEqual: return ">="
        case .contains: return "LIKE"
        }
    }

    func compare(_ col: String, _ type: FieldType, _ op: Comparison, _ v: PlanValue) -> SQL {
        switch v {
        case .dateRange(let a, let b):
            switch op {
            case .equal, .contains: return SQL("\(col) BETWEEN ? AND ?", [.text(a), .text(b)])
            case .notEqual: return SQL("\(col) NOT BETWEEN ? AND ?", [.text(a), .text(b)])
            case .less: return SQL("\(col) < ?", [.text(a)])
            case .lessEqual: return SQL("\(col) <= ?", [.text(b)])
            case .greater: return SQL("\(col) > ?", [.text(b)])
            case .greaterEqual: return SQL("\(col) >= ?", [.text(a)])
            }
        case .value(let value):
            if type == .text {
                switch op {
                case .equal: return SQL("lower(\(col)) = lower(\(dialect.boundText))", [value])
                case .notEqual: return SQL("(\(col) IS NULL OR lower(\(col)) <> lower(\(dialect.boundText)))", [value])
                case .contains: return SQL(dialect.contains("lower(\(col))", "lower(\(dialect.boundText))"), [value])
                default: return SQL("\(col) \(sqlOperator(op)) ?", [value])
                }
            }
            return SQL("\(col) \(sqlOperator(op)) ?", [value])
        }
    }
}

/// The tables of totals of payments the load keeps (docs/SCHEMA.md).
enum TotalsTable: String {
    case suppliers = "supplier_totals"
    case payers = "payer_totals"
    case payerMonths = "payer_month_totals"
}

extension PlanFilter {
    /// The phrase a filter came from, for the phrase table; nil for `named` and a key.
    var phrase: PhraseKind? {
        switch self {
        case .area: return .area
        case .category: return .category
        case .of: return .of
        case .by: return .by
        case .paidBy: return .paidBy
        case .period: return .period
        case .named, .identity: return nil
        }
    }
}
