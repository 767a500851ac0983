import CivicStorage

/// Coverage, not silence: when a result is empty or partial because nothing is loaded for the
/// payer, area or period asked about, say so beneath it, so "no rows" never reads as "no spending".
/// What is loaded comes from the database: each payer's payments and their dates, each source's
/// period, and which wards have councillor results.
public final class Coverage {
    let plan: Plan
    let db: Database
    var zeroCouncillorWards = 0
    var wardRows = 0
    let councillorsColumn: Int?
    let kindColumn: Int?

    public init(_ checked: CheckedQuery, db: Database) {
        plan = checked.plan
        self.db = db
        let visible = checked.plan.visible
        councillorsColumn = checked.plan.subject.family == .areas ? visible.firstIndex(of: "councillors") : nil
        kindColumn = visible.firstIndex(of: "kind")
    }

    /// Looks at each row as it streams by.
    public func observe(_ row: [Value]) {
        guard let c = councillorsColumn, c < row.count else { return }
        wardRows += 1
        if row[c].int == 0 { zeroCouncillorWards += 1 }
    }

    var period: (String, String)? {
        for f in plan.filters { if case .period(let a, let b) = f { return (a, b) } }
        return nil
    }

    var payerIDs: [Int64] {
        plan.filters.compactMap { f in
            switch f {
            case .by(.institution(let id)), .paidBy(.institution(let id)), .of(.institution(let id)): return id
            default: return nil
            }
        }
    }

    func name(_ id: Int64) -> String { (try? db.scalar("SELECT name FROM institutions WHERE institution_id = ?", [.integer(id)]).string) ?? "that body" }

    static func describe(_ a: String, _ b: String) -> String { a == b ? a : "\(a) to \(b)" }

    /// The notes for a result of `rows` rows.
    public func notes(rows: Int) -> [String] {
        var notes: [String] = []
        let family = plan.subject.family
        if [.spending, .suppliers, .categories].contains(family) {
            for id in payerIDs {
                guard let r = try? db.rows("SELECT count(*), min(paid_from), max(paid_to) FROM payments WHERE payer_id = ?", [.integer(id)]).first else { continue }
                let n = r[0].int ?? 0
                if n == 0 {
                    notes.append("No payments are loaded for \(name(id)): civic holds no spending file from it, so no rows here does not mean no spending.")
                    continue
                }
                guard let (a, b) = period, let first = r[1].string, let last = r[2].string else { continue }
                if last < a || first > b {
                    notes.append("No payments by \(name(id)) are loaded for \(Self.describe(a, b)): its loaded payments run from \(first) to \(last).")
                } else if first > a || last < b {
                    notes.append("Payments by \(name(id)) are loaded only from \(first) to \(last); the period asked runs from \(a) to \(b), so the result may be partial.")
                }
            }
            if payerIDs.isEmpty, let (a, b) = period,
               ((try? db.scalar("SELECT count(*) FROM payments WHERE paid_from >= ? AND paid_to <= ?", [.text(a), .text(b)]).int) ?? 0) == 0,
               let loaded = try? db.rows("SELECT i.name, min(p.paid_from), max(p.paid_to) FROM payments p JOIN institutions i ON i.institution_id = p.payer_id GROUP BY p.payer_id ORDER BY i.name") {
                let spans = loaded.map { "\($0[0].string ?? "") \($0[1].string ?? "")..\($0[2].string ?? "")" }
                notes.append("No payments are loaded in \(Self.describe(a, b)). Loaded spending: " + spans.joined(separator: "; ") + ".")
            }
        }
        if family == .budgets, let (a, b) = period,
           ((try? db.scalar("SELECT count(*) FROM budgets WHERE fy_start BETWEEN ? AND ?",
                            [.integer(Int64(Periods.financialYear(of: a))), .integer(Int64(Periods.financialYear(of: b)))]).int) ?? 0) == 0,
           let years = try? db.rows("SELECT DISTINCT fy_start FROM budgets ORDER BY fy_start").compactMap({ $0[0].int }) {
            notes.append("No budget lines are loaded for \(Self.describe(a, b)): loaded budgets cover financial year" +
                         (years.count == 1 ? " " : "s ") + years.map { "\($0)/\(String($0 + 1).suffix(2))" }.joined(separator: ", ") + ".")
        }
        if family == .budgets {
            for id in payerIDs where ((try? db.scalar("SELECT count(*) FROM budgets WHERE institution_id = ?", [.integer(id)]).int) ?? 0) == 0 {
                notes.append("No budget lines are loaded for \(name(id)).")
            }
        }
        if zeroCouncillorWards > 0 {
            notes.append("\(zeroCouncillorWards) of \(wardRows) areas shown have no councillor results loaded: 0 there means not loaded, not no councillors.")
        }
        if family == .roles || family == .people, plan.subjectFilter?.params.contains(.text("councillor")) ?? false {
            for f in plan.filters {
                guard case .area(let code) = f else { continue }
                let wards = (try? db.rows("""
                    WITH RECURSIVE w(id) AS (SELECT ? UNION SELECT a.area_id FROM areas a JOIN w ON a.parent_id = w.id
                      UNION SELECT l.area_id FROM area_links l JOIN w ON l.container_id = w.id)
                    SELECT count(*), sum(NOT EXISTS (SELECT 1 FROM roles r WHERE r.role = 'councillor' AND r.ward_id = a.area_id))
                    FROM areas a WHERE a.kind = 'ward' AND a.area_id IN (SELECT id FROM w)
                    """, [.text(code)]).first) ?? []
                let total = wards.first?.int ?? 0, missing = wards.count > 1 ? (wards[1].int ?? 0) : 0
                let area = (try? db.scalar("SELECT name FROM areas WHERE area_id = ?", [.text(code)]).string) ?? code
                if total > 1 && missing > 0 {
                    notes.append("\(missing) of \(area)'s \(total) wards have no councillor results loaded, so they are missing here.")
                } else if total == 1 && missing == 1 {
                    notes.append("No councillor results are loaded for \(area).")
                }
            }
        }
        return notes
    }
}
