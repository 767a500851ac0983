import CivicStorage

/// What is loaded, as the coverage notes ask it (see `Coverage`): the SQL behind each question,
/// kept with the rest of the query side's SQL. A question that cannot be answered gives nil or
/// an empty list, and the note that needed it is left out, never a wrong note.
struct CoverageFacts {
    let connection: any Connection

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
            sql += " AND (s.payer_id = ? OR s.source_id IN (SELECT DISTINCT p.source_id FROM payments p WHERE p.payer_id = ?))"
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
        let sql = "SELECT a.area_id FROM areas a WHERE a.kind = 'ward' AND a.area_id IN " + AreaSQL.inside(seeds: "SELECT " + SQL.value(.text(code)))
        return Set(((try? connection.rows(sql.text, sql.params)) ?? []).compactMap { $0[0].string })
    }

    /// The wards that have councillor results loaded.
    func wardsWithCouncillorResults() -> Set<String> {
        Set(((try? connection.rows("SELECT DISTINCT ward_id FROM roles WHERE role = 'councillor' AND ward_id IS NOT NULL")) ?? []).compactMap { $0[0].string })
    }
}
