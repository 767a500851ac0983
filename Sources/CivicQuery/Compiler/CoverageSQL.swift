import CivicStorage

/// What is loaded, as the coverage notes ask it (see `Coverage`): the SQL behind each question,
/// kept with the rest of the query side's SQL. A question that cannot be answered gives nil or
/// an empty list, and the note that needed it is left out, never a wrong note.
struct CoverageFacts {
    let connection: any Connection
    /// Answers kept from earlier queries on the same data (nil: none kept).
    var cache: CoverageCache? = nil

    /// A loaded spending file, from the `sources` table: who it is by and the period it covers.
    struct SpendingFile {
        var sourceID: Int64
        var file: String
        var payer: String?
        var synthetic: Bool
        var start: String
        var end: String
    }

    func institutionName(_ id: Int64) -> String? {
        try? connection.scalar("SELECT name FROM institutions WHERE institution_id = ?", [.integer(id)]).string
    }

    func areaName(_ code: String) -> String? {
        try? connection.scalar("SELECT name FROM areas WHERE area_id = ?", [.text(code)]).string
    }

    /// How many institutions one source's payments are by.
    func payers(inSource id: Int64) -> Int64 {
        (try? connection.scalar("SELECT count(DISTINCT payer_id) FROM payments WHERE source_id = ?", [.integer(id)]).int) ?? 0
    }

    /// The spending files loaded for one payer (those declaring it as their payer, and those
    /// holding any payment by it), or every spending file when `payer` is nil. A file that
    /// declares no period covers the dates of its payments.
    func spendingFiles(payer: Int64?) -> [SpendingFile] {
        var sql = """
            SELECT s.file, s.synthetic, i.name, s.source_id,
                   coalesce(s.period_start, (SELECT min(p.paid_from) FROM payments p WHERE p.source_id = s.source_id)),
                   coalesce(s.period_end, (SELECT max(p.paid_to) FROM payments p WHERE p.source_id = s.source_id))
            FROM sources s LEFT JOIN institutions i ON i.institution_id = s.payer_id
            WHERE s.kind = 'payments'
            """
        var values: [Value] = []
        if let payer {
            // The sources holding the payer's payments, by the totals the load keeps (one row per
            // payer and source, found by its key): PostgreSQL's planner read every payment for
            // this through the source index (0.9 s of a 1.0 s query at 5M payments).
            sql += " AND (s.payer_id = ? OR s.source_id IN (SELECT t.source_id FROM payer_totals t WHERE t.payer_id = ?))"
            values = [.integer(payer), .integer(payer)]
        }
        sql += " ORDER BY coalesce(i.name, s.file), s.file"
        guard let rows = try? connection.rows(sql, values) else { return [] }
        return rows.compactMap { r in
            guard let start = r[4].string, let end = r[5].string else { return nil }
            return SpendingFile(sourceID: r[3].int ?? 0, file: r[0].string ?? "?", payer: r[2].string, synthetic: r[1].int == 1,
                                start: start, end: end)
        }
    }

    /// Budget lines loaded for financial years `from` to `to` (nil when it cannot be told).
    func budgetLines(fromYear from: Int, toYear to: Int) -> Int64? {
        try? connection.scalar("SELECT count(*) FROM budgets WHERE fy_start BETWEEN ? AND ?", [.integer(Int64(from)), .integer(Int64(to))]).int
    }

    /// Budget lines loaded for one institution.
    func budgetLines(institution id: Int64) -> Int64 {
        (try? connection.scalar("SELECT count(*) FROM budgets WHERE institution_id = ?", [.integer(id)]).int) ?? 0
    }

    /// The financial years (their first calendar year) that budget lines are loaded for.
    func budgetYears() -> [Int64]? {
        try? connection.rows("SELECT DISTINCT fy_start FROM budgets ORDER BY fy_start").compactMap { $0[0].int }
    }

    /// The wards inside an area (at any depth), by code.
    func wards(inside code: String) -> Set<String> {
        let sql = "SELECT a.area_id FROM areas a WHERE a.kind = 'ward' AND a.area_id IN " + AreaSQL.inside(dialect: connection.dialect, seeds: "SELECT " + SQL.value(.text(code)))
        return Set(((try? connection.rows(sql.text, sql.params)) ?? []).compactMap { $0[0].string })
    }

    /// The wards that have councillor results loaded.
    func wardsWithCouncillorResults() -> Set<String> {
        Set(((try? connection.rows("SELECT DISTINCT ward_id FROM roles WHERE role = 'councillor' AND ward_id IS NOT NULL")) ?? []).compactMap { $0[0].string })
    }
}

/// The questions behind the notes on gaps (`Coverage+Gaps.swift`): what the query's own rows hold
/// (through `SQLCompiler.question`, so they are the rows of the same subject and phrases), and
/// what is loaded at all. Values are always bound; identifiers come from the catalogue.
extension CoverageFacts {
    /// How many rows `plan` picks with `ops` of its stages, and how many of them have `field`.
    func known(_ plan: Plan, keeping ops: [PlanOp], field: String, totals: Bool) -> (rows: Int64, known: Int64)? {
        let f = "r." + quoted(field)
        guard let q = try? SQLCompiler.question(plan, keeping: ops, fields: [field], totals: totals, dialect: connection.dialect,
                                                select: SQL("count(*), count(\(f))")),
              let row = try? connection.rows(q.text, q.params).first,
              row.count == 2, let rows = row[0].int, let known = row[1].int else { return nil }
        return (rows, known)
    }

    /// The most common values of the text `field` among the first `scanning` rows `plan` picks
    /// with `ops`, each with how many rows hold it and whether it equals one of `exact` as a
    /// query's `=` compares (ignoring case): the equal ones first, then by how common; at most
    /// `limit`. Also how many rows were read: fewer than `scanning` when they were all read.
    func values(_ plan: Plan, keeping ops: [PlanOp], field: String, exact: [String], limit: Int, scanning: Int,
                totals: Bool) -> (values: [(value: String, rows: Int64, exact: Bool)], scanned: Int64)? {
        let f = "r." + quoted(field)
        let equal = "lower(\(f)) IN (" + exact.map { _ in "lower(\(connection.dialect.boundText))" }.joined(separator: ", ") + ")"
        // The total of every group's rows, empty values included, is how many rows were read.
        guard !exact.isEmpty,
              let q = try? SQLCompiler.question(plan, keeping: ops, fields: [field], totals: totals, dialect: connection.dialect,
                                                select: SQL("\(f), count(*), \(connection.dialect.anyTrue(equal)), sum(count(*)) OVER ()", exact.map { .text($0) }),
                                                tail: SQL(" GROUP BY \(f) ORDER BY \(f) IS NULL, 3 DESC, 2 DESC, 1 LIMIT \(max(1, limit) + 1)"),
                                                scanning: scanning),
              let rows = try? connection.rows(q.text, q.params) else { return nil }
        let values = rows.compactMap { r -> (String, Int64, Bool)? in
            guard r.count == 4, let v = r[0].string else { return nil }
            return (v, r[1].int ?? 0, r[2].int == 1)
        }
        return (Array(values.prefix(max(1, limit))), rows.first?[3].int ?? 0)
    }

    /// The institutions the rows of offices `plan` picks with `ops` are held at, by name and
    /// kind, with how many each: the largest first.
    func bodies(_ plan: Plan, keeping ops: [PlanOp], totals: Bool) -> [(name: String, kind: String, rows: Int64)] {
        guard let q = try? SQLCompiler.question(plan, keeping: ops, fields: ["institution", "kind"], totals: totals, dialect: connection.dialect,
                                                select: SQL("r.\"institution\", r.\"kind\", count(*)"),
                                                tail: SQL(" GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2")),
              let rows = try? connection.rows(q.text, q.params) else { return [] }
        return rows.map { ($0[0].string ?? "?", $0[1].string ?? "", $0[2].int ?? 0) }
    }

    /// Whether any row of `table` has `column` equal to one of `values` (nil when it cannot be told).
    func anyRows(_ table: Table, _ column: String, in values: [String]) -> Bool? {
        guard !values.isEmpty else { return nil }
        let list = values.map { _ in "?" }.joined(separator: ", ")
        return (try? connection.scalar("SELECT EXISTS (SELECT 1 FROM \(table.rawValue) WHERE \(quoted(column)) IN (\(list)))",
                                       values.map { .text($0) }).int).map { $0 == 1 }
    }

    /// Whether any office (of `roles`, or any role) is held at an institution of `kinds`.
    func anyOffices(roles: [String]?, atKinds kinds: [String]) -> Bool? {
        guard !kinds.isEmpty else { return nil }
        return anyOffices(roles: roles, where: "i.kind IN (" + kinds.map { _ in "?" }.joined(separator: ", ") + ")", kinds.map { .text($0) })
    }

    /// Whether any office (of `roles`, or any role) is held at one institution.
    func anyOffices(roles: [String]?, at id: Int64) -> Bool? {
        anyOffices(roles: roles, where: "i.institution_id = ?", [.integer(id)])
    }

    private func anyOffices(roles: [String]?, where condition: String, _ bound: [Value]) -> Bool? {
        var sql = "SELECT EXISTS (SELECT 1 FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE " + condition
        var values = bound
        if let roles {
            sql += " AND r.role IN (" + roles.map { _ in "?" }.joined(separator: ", ") + ")"
            values += roles.map { .text($0) }
        }
        return (try? connection.scalar(sql + ")", values).int).map { $0 == 1 }
    }

    func institutionKind(_ id: Int64) -> String? {
        try? connection.scalar("SELECT kind FROM institutions WHERE institution_id = ?", [.integer(id)]).string
    }

    /// Which institutions an `in` phrase reaches a subject's rows through.
    enum Placed {
        /// The institutions themselves, of these kinds (nil: all).
        case institutions(kinds: [String]?)
        /// Those that made a payment.
        case payers
        /// Those with a budget line.
        case budgeted
        /// Those where an office (of these roles; nil: any) is held that names no ward.
        case offices(roles: [String]?)
    }

    /// The institutions an `in` phrase cannot place (they have no area), by kind, the most
    /// common first: how many, and for `.offices` how many offices and people there.
    func unplaced(_ placed: Placed) -> [(kind: String, institutions: Int64, offices: Int64, people: Int64)] {
        let key = "\(placed)"
        if let kept = cache?.unplaced[key] { return kept }
        let answer = unplacedNow(placed)
        cache?.unplaced[key] = answer
        return answer
    }

    private func unplacedNow(_ placed: Placed) -> [(kind: String, institutions: Int64, offices: Int64, people: Int64)] {
        var sql: String
        var values: [Value] = []
        func list(_ v: [String]) -> String { values += v.map { .text($0) }; return "(" + v.map { _ in "?" }.joined(separator: ", ") + ")" }
        switch placed {
        case .institutions(let kinds):
            sql = "SELECT i.kind, count(*), 0, 0 FROM institutions i WHERE i.area_id IS NULL"
            if let kinds { sql += " AND i.kind IN " + list(kinds) }
        case .payers:
            sql = "SELECT i.kind, count(*), 0, 0 FROM institutions i WHERE i.area_id IS NULL"
                + " AND EXISTS (SELECT 1 FROM payments p WHERE p.payer_id = i.institution_id)"
        case .budgeted:
            sql = "SELECT i.kind, count(*), 0, 0 FROM institutions i WHERE i.area_id IS NULL"
                + " AND EXISTS (SELECT 1 FROM budgets b WHERE b.institution_id = i.institution_id)"
        case .offices(let roles):
            sql = "SELECT i.kind, count(DISTINCT i.institution_id), count(*), count(DISTINCT r.person_id)"
                + " FROM roles r JOIN institutions i ON i.institution_id = r.institution_id"
                // Driven from the few institutions with no area, not from the many offices with
                // no ward (on SQLite the index on ward_id would read nearly every office).
                + " WHERE i.area_id IS NULL AND \(connection.dialect.unindexed("r.ward_id")) IS NULL"
            if let roles { sql += " AND r.role IN " + list(roles) }
        }
        sql += " GROUP BY i.kind ORDER BY 2 DESC, 1"
        guard let rows = try? connection.rows(sql, values) else { return [] }
        return rows.map { ($0[0].string ?? "?", $0[1].int ?? 0, $0[2].int ?? 0, $0[3].int ?? 0) }
    }
}

/// What the coverage notes asked of the data that does not depend on the query, kept for the
/// next query while the data is unchanged: the institutions `in` cannot place, which a profile's
/// every `in` query asks again (at national scale, 10 to 20 ms each).
final class CoverageCache {
    /// The data version the answers were read at.
    var version: Int64?
    var unplaced: [String: [(kind: String, institutions: Int64, offices: Int64, people: Int64)]] = [:]
}

/// The questions behind the note on figures per head (`Coverage+PerHead.swift`): where the
/// populations of a query's rows come from, which are totals of wards, and how many rows have
/// none. The rows are the query's own (`SQLCompiler.question`); the populations are read through
/// the catalogue's own expressions for them (`SubjectDef.population`), rendered as the query is.
extension CoverageFacts {
    /// A source of populations: its file, title and period.
    struct PopulationSource {
        var file: String
        var title: String
        var start: String?
        var end: String?
    }

    /// An area whose population is the total of its wards'.
    struct WardTotal {
        var name: String
        var wards: Int64
    }

    /// The keys of the rows `plan` picks with `ops`, as a subquery.
    func keys(_ plan: Plan, keeping ops: [PlanOp], field: String, totals: Bool) throws -> SQL {
        try SQLCompiler.question(plan, keeping: ops, fields: [field], totals: totals, dialect: connection.dialect, select: SQL("r._id"))
    }

    /// The sources of the populations of the rows `keys` names.
    func populationSources(_ def: SubjectDef, keys: SQL) -> [PopulationSource] {
        guard let population = def.population else { return [] }
        let c = SQLCompiler(dialect: connection.dialect, totals: false)
        let sql = "SELECT f.file, f.title, f.period_start, f.period_end FROM sources f WHERE f.source_id IN (SELECT "
            + SQL(c.render(population.source)) + " FROM \(def.table.rawValue) s WHERE s.\(def.key) IN (" + keys + ")"
            + SQL(" AND \(c.render(population.value)) IS NOT NULL) ORDER BY f.file")
        guard let rows = try? connection.rows(sql.text, sql.params) else { return [] }
        return rows.map { PopulationSource(file: $0[0].string ?? "?", title: $0[1].string ?? "", start: $0[2].string, end: $0[3].string) }
    }

    /// The areas of the rows `keys` names that have no population of their own and have their
    /// wards' total, by name.
    func wardTotals(_ def: SubjectDef, keys: SQL) -> [WardTotal] {
        guard let population = def.population else { return [] }
        let c = SQLCompiler(dialect: connection.dialect, totals: false)
        let total = c.render(Catalog.wardTotal(.column("area_id")))
        let sql = "SELECT s.name, (SELECT count(*) FROM areas w WHERE w.parent_id = s.area_id AND w.kind = 'ward') FROM areas s"
            + " WHERE s.population IS NULL AND \(total) IS NOT NULL AND s.area_id IN (SELECT "
            + SQL(c.render(population.area)) + " FROM \(def.table.rawValue) s WHERE s.\(def.key) IN (" + keys + ")) ORDER BY s.name"
        guard let rows = try? connection.rows(sql.text, sql.params) else { return [] }
        return rows.map { WardTotal(name: $0[0].string ?? "?", wards: $0[1].int ?? 0) }
    }
}
