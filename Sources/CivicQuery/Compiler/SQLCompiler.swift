import CivicDiagnostics
import CivicStorage

/// A query compiled to SQL: the text (identifiers from the catalogue only), the values bound
/// to its parameters, and the result's visible columns. The last column, `_sources`, lists the
/// ids of the sources each row drew on (comma-separated), which gives citations and tells
/// whether a row drew on the synthetic demo layer.
public struct CompiledQuery: Sendable {
    public var sql: String
    public var parameters: [Value]
    public var columns: [ColumnInfo]
    public var chart: Bool
    public var resolutions: [String]
}

/// Plan → SQL. Areas, categories and nested institution sets become recursive CTEs; the subject
/// becomes a base SELECT with every field the query uses; each stage wraps the one before.
public struct SQLCompiler {
    private var ctes: [SQL] = []
    private var counter = 0

    public static func compile(_ checked: CheckedQuery) throws -> CompiledQuery {
        var c = SQLCompiler()
        let body = try c.layered(checked.plan, nested: false)
        let with = c.ctes.isEmpty ? SQL("") : "WITH RECURSIVE " + SQL.joined(c.ctes, ",\n  ") + "\n"
        let full = with + body
        return CompiledQuery(sql: full.text, parameters: full.params, columns: checked.plan.columns,
                             chart: checked.plan.chart, resolutions: checked.resolutions)
    }

    mutating func name(_ prefix: String) -> String {
        counter += 1
        return "\(prefix)_\(counter)"
    }

    mutating func areaCTE(_ code: String) -> String {
        let n = name("area")
        ctes.append(AreaSQL.definition(n, seeds: "SELECT " + SQL.value(.text(code))))
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
            ctes.append("\(n)(id) AS (SELECT _id FROM (" + body + "))")
            return n
        }
    }

    /// The whole query for a plan: base SELECT wrapped by each stage.
    mutating func layered(_ plan: Plan, nested: Bool) throws -> SQL {
        let def = plan.subject
        // First pass: sets and the context derived fields are narrowed by.
        var ctx = Context()
        var whereParts: [SQL] = []
        if let f = plan.subjectFilter {
            whereParts.append("s.\(f.column.rawValue) IN (" + SQL.joined(f.values.map { SQL.value(.text($0)) }, ", ") + ")")
        }
        var resolved: [(PlanFilter, String?)] = []
        for f in plan.filters {
            switch f {
            case .area(let code): resolved.append((f, areaCTE(code)))
            case .category(let id):
                let n = categoryCTE(id)
                ctx.categoryCTE = n
                resolved.append((f, n))
            case .of(let n), .by(let n), .paidBy(let n): resolved.append((f, try institutionCTE(n)))
            case .period(let a, let b):
                ctx.period = (a, b)
                resolved.append((f, nil))
            case .named, .identity: resolved.append((f, nil))
            }
        }
        for (f, cte) in resolved {
            switch f {
            case .of where [.suppliers, .categories].contains(def.family),
                 .by where [.suppliers, .categories].contains(def.family),
                 .paidBy where [.suppliers, .categories].contains(def.family):
                ctx.payerCTE = cte
            case .area where [.suppliers, .categories].contains(def.family): ctx.areaCTE = cte
            default: break
            }
        }
        // Second pass: the base WHERE.
        for (f, cte) in resolved {
            if let part = try condition(for: f, cte: cte, def: def, ctx: ctx) { whereParts.append(part) }
        }
        if def.family == .suppliers {
            // The suppliers with a payment the phrases allow, found once (uncorrelated), through the
            // payer, category or date index, rather than by a lookup per supplier.
            whereParts.append("s.redacted = 0 AND s.supplier_id IN (SELECT p.supplier_id FROM payments p WHERE 1" + ctx.payments("p") + ")")
        }
        // Base SELECT: every field used, plus the default order, the row id and the synthetic flag.
        var fields = plan.needed
        for (o, _) in def.order where !fields.contains(o) { fields.append(o) }
        var select: [SQL] = []
        // Provenance: the row's own source, then the sources of what each derived field summarises.
        var sources: [SQL] = [SQL("\(def.sourceID)")]
        for name in fields {
            guard let f = def.field(name) else { throw Diagnostic.bug("field \(name) missing from the catalogue") }
            select.append(f.expression(ctx) + " AS \(quoted(name))")
            // Two derived fields over the same rows (payments, paid) share one list of sources.
            if let src = f.sources {
                let part = "coalesce(',' || " + src(ctx) + ", '')"
                if !sources.contains(where: { $0.text == part.text && $0.params == part.params }) { sources.append(part) }
            }
        }
        select.append(SQL("\(def.id) AS _id"))
        select.append(SQL.joined(sources, " || ") + " AS _sources")
        var sql = "SELECT " + SQL.joined(select, ", ") + " FROM \(def.from)"
        if !whereParts.isEmpty { sql += " WHERE " + SQL.joined(whereParts.map { "(" + $0 + ")" }, " AND ") }

        var order: [(String, Bool)] = def.order
        var grouped = false
        for op in plan.ops {
            switch op {
            case .filter(let c):
                sql = "SELECT * FROM (" + sql + ") WHERE " + compile(c)
            case .sort(let keys):
                order = keys
            case .top(let n):
                sql = "SELECT * FROM (" + sql + ")" + orderBy(order, grouped: grouped, visible: plan.visible) + " LIMIT \(n)"
            case .group(let keys, let agg):
                let k = keys.map(quoted)
                let aggregate: String
                switch agg?.function {
                case .total?: aggregate = "coalesce(sum(\(quoted(agg!.column!))), 0) AS \"total\""
                case .average?:
                    let col = quoted(agg!.column!)
                    aggregate = plan.columns.last?.type == .money ? "CAST(round(avg(\(col))) AS INTEGER) AS \"average\"" : "avg(\(col)) AS \"average\""
                default: aggregate = "count(*) AS \"count\""
                }
                sql = "SELECT " + (k + [aggregate, "group_concat(DISTINCT _sources) AS _sources"]).joined(separator: ", ") + " FROM (" + sql + ")"
                    + (k.isEmpty ? "" : " GROUP BY " + k.joined(separator: ", "))
                order = keys.map { ($0, false) }
                grouped = true
            case .project:
                break  // visible columns are chosen at the end; hidden ones stay for later stages
            }
        }
        if nested { return sql }
        let visible = plan.visible.map(quoted) + ["_sources"]
        return "SELECT " + visible.joined(separator: ", ") + " FROM (" + sql + ")" + orderBy(order, grouped: grouped, visible: plan.visible)
    }

    /// ORDER BY the keys, then the remaining visible columns (or the row id) so that ties come
    /// out the same way every time.
    func orderBy(_ keys: [(String, Bool)], grouped: Bool, visible: [String]) -> String {
        var parts = keys.map { "\(quoted($0.0))\($0.1 ? " DESC" : "")" }
        if grouped {
            for v in visible where !keys.contains(where: { $0.0 == v }) { parts.append(quoted(v)) }
        } else {
            parts.append("_id")
        }
        return parts.isEmpty ? "" : " ORDER BY " + parts.joined(separator: ", ")
    }

    // MARK: phrases

    func condition(for f: PlanFilter, cte: String?, def: SubjectDef, ctx: Context) throws -> SQL? {
        let family = def.family
        switch f {
        case .area(let code):
            let inA = "IN (SELECT id FROM \(cte!))"
            switch family {
            case .institutions: return SQL("s.area_id \(inA)")
            case .people:
                return SQL("EXISTS (SELECT 1 FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE r.person_id = s.person_id AND coalesce(r.ward_id, i.area_id) \(inA))")
            case .roles: return SQL("coalesce(s.ward_id, ii.area_id) \(inA)")
            case .spending: return SQL("s.payer_id IN (SELECT institution_id FROM institutions WHERE area_id \(inA))")
            case .budgets: return SQL("ii.area_id \(inA)")
            case .areas: return SQL("s.area_id \(inA) AND s.area_id <> ?", [.text(code)])
            case .suppliers, .categories: return nil  // narrows what the derived fields count
            }
        case .category:
            let inC = "IN (SELECT id FROM \(cte!))"
            switch family {
            case .institutions:
                return "EXISTS (SELECT 1 FROM payments p WHERE p.payer_id = s.institution_id" + ctx.payments("p", payers: false) + ")"
            case .spending, .budgets, .categories: return SQL("s.category_id \(inC)")
            case .areas:
                return "EXISTS (SELECT 1 FROM payments p WHERE p.payer_id IN (SELECT i.institution_id FROM institutions i WHERE i.area_id IN \(Catalog.within("s.area_id")))" + ctx.payments("p", payers: false) + ")"
            case .suppliers: return nil
            case .people, .roles: throw Diagnostic.bug("spending on reached \(family)")
            }
        case .of, .by, .paidBy:
            let inI = "IN (SELECT id FROM \(cte!))"
            switch family {
            case .people: return SQL("EXISTS (SELECT 1 FROM roles r WHERE r.person_id = s.person_id AND r.institution_id \(inI))")
            case .roles, .budgets: return SQL("s.institution_id \(inI)")
            case .spending: return SQL("s.payer_id \(inI)")
            case .institutions: return SQL("s.parent_id \(inI)")
            case .suppliers, .categories: return nil
            case .areas: throw Diagnostic.bug("of reached areas")
            }
        case .named(let norm):
            return SQL("instr(\(def.nameNorm), ?) > 0", [.text(norm)])
        case .identity(let key):
            return SQL("\(def.id) = ?", [key])
        case .period(let a, let b):
            switch family {
            case .spending: return SQL("s.paid_from >= ? AND s.paid_to <= ?", [.text(a), .text(b)])
            case .budgets:
                return SQL("s.fy_start BETWEEN ? AND ?", [.integer(Int64(Periods.financialYear(of: a))), .integer(Int64(Periods.financialYear(of: b)))])
            case .roles: return "1" + ctx.roles("s")
            case .people: return "EXISTS (SELECT 1 FROM roles r WHERE r.person_id = s.person_id" + ctx.roles("r") + ")"
            case .institutions, .suppliers, .areas, .categories: return nil  // narrows the derived fields
            }
        }
    }

    // MARK: conditions

    func compile(_ c: PlanCondition) -> SQL {
        switch c {
        case .and(let a, let b): return "(" + compile(a) + " AND " + compile(b) + ")"
        case .or(let a, let b): return "(" + compile(a) + " OR " + compile(b) + ")"
        case .not(let a): return "NOT (" + compile(a) + ")"
        case .columns(let a, let op, let b):
            if op == .contains { return SQL("instr(lower(\(quoted(a))), lower(\(quoted(b)))) > 0") }
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
                case .equal: return SQL("lower(\(col)) = lower(?)", [value])
                case .notEqual: return SQL("(\(col) IS NULL OR lower(\(col)) <> lower(?))", [value])
                case .contains: return SQL("instr(lower(\(col)), lower(?)) > 0", [value])
                default: return SQL("\(col) \(sqlOperator(op)) ?", [value])
                }
            }
            return SQL("\(col) \(sqlOperator(op)) ?", [value])
        }
    }
}
