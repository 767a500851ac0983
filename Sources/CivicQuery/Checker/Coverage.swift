import CivicStorage

/// Coverage, not silence: when a result is empty or partial because nothing is loaded for the
/// payer, area or period asked about, say so beneath it, so "no rows" never reads as "no spending".
/// What is loaded comes from the database: each payer's payments and their dates, each source's
/// period, and which wards have councillor results.
final class Coverage {
    let plan: Plan
    let facts: CoverageFacts
    var zeroCouncillorWards = 0
    var wardRows = 0
    let councillorsColumn: Int?
    let kindColumn: Int?
    /// Spending or budgets grouped or listed by category: rows with none are the publisher's
    /// labels civic does not map, and the reader should be told so.
    let categoryColumn: Int?
    var unmappedRows = 0
    /// A time grouping's columns, by the date each groups: its rows with no date are the group
    /// with no label, and the reader should be told so.
    let timeColumns: [(index: Int, name: String, date: String)]
    var undated: [String: String] = [:]
    /// Whether the query may read the totals of payments (for the questions about its rows).
    let totals: Bool
    /// What the notes on gaps watch for (`Coverage+Gaps.swift`).
    var gaps: Gaps

    init(_ checked: CheckedQuery, connection: any Connection, cache: CoverageCache? = nil) {
        plan = checked.plan
        facts = CoverageFacts(connection: connection, cache: cache)
        totals = checked.totals
        gaps = Self.setUpGaps(checked.plan)
        let visible = checked.plan.visible
        councillorsColumn = checked.plan.subject.family == .areas ? visible.firstIndex(of: "councillors") : nil
        kindColumn = visible.firstIndex(of: "kind")
        categoryColumn = [.spending, .budgets].contains(checked.plan.subject.family) ? visible.firstIndex(of: "category") : nil
        var times: [String: String] = [:]
        for case .group(let keys, _) in checked.plan.ops {
            for case .time(let unit, let date) in keys { times[unit.rawValue] = date }
        }
        timeColumns = times.compactMap { name, date in visible.firstIndex(of: name).map { ($0, name, date) } }.sorted { $0.index < $1.index }
    }

    /// Looks at each row as it streams by.
    func observe(_ row: [Value]) {
        observeGaps(row)
        if let c = categoryColumn, c < row.count, row[c] == .null { unmappedRows += 1 }
        for t in timeColumns where t.index < row.count && row[t.index] == .null { undated[t.name] = t.date }
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

    func name(_ id: Int64) -> String { facts.institutionName(id) ?? "that body" }

    static func describe(_ a: String, _ b: String) -> String { a == b ? a : "\(a) to \(b)" }

    typealias SpendingFile = CoverageFacts.SpendingFile

    /// How a note names a spending file: its payer, or for a file of many payers (the demo
    /// layer) its name and how many; counted only when a note needs it.
    func label(_ f: SpendingFile) -> String {
        let base: String
        if let payer = f.payer {
            base = payer
        } else {
            let payers = facts.payers(inSource: f.sourceID)
            base = "\(f.file) (\(payers) payer\(payers == 1 ? "" : "s"))"
        }
        return f.synthetic ? base + " [synthetic]" : base
    }

    func spendingFiles(payer: Int64?) -> [SpendingFile] { facts.spendingFiles(payer: payer) }

    /// Periods merged where they overlap or touch, in date order.
    static func merge(_ periods: [(String, String)]) -> [(String, String)] {
        var out: [(String, String)] = []
        for p in periods.sorted(by: { $0.0 < $1.0 }) {
            if let last = out.last, p.0 <= Periods.dayAfter(last.1) {
                out[out.count - 1].1 = max(last.1, p.1)
            } else {
                out.append(p)
            }
        }
        return out
    }

    /// The parts of `periods` that fall between `a` and `b`.
    static func clip(_ periods: [(String, String)], _ a: String, _ b: String) -> [(String, String)] {
        periods.compactMap { p in
            let s = max(p.0, a), e = min(p.1, b)
            return s <= e ? (s, e) : nil
        }
    }

    static func list(_ periods: [(String, String)]) -> String {
        periods.map { describe($0.0, $0.1) }.joined(separator: " and ")
    }

    /// The notes for a result of `rows` rows.
    func notes(rows: Int) -> [String] {
        var notes: [String] = []
        let family = plan.subject.family
        if [.spending, .suppliers, .categories].contains(family) {
            for id in payerIDs {
                let files = spendingFiles(payer: id)
                if files.isEmpty {
                    notes.append("No payments are loaded for \(name(id)): civic holds no spending file from it, so no rows here does not mean no spending.")
                    continue
                }
                guard let (a, b) = period else { continue }
                let covered = Self.merge(files.map { ($0.start, $0.end) })
                let inside = Self.clip(covered, a, b)
                if inside.isEmpty {
                    notes.append("No payments by \(name(id)) are loaded for \(Self.describe(a, b)): its loaded spending files cover \(Self.list(covered)).")
                } else if inside.count > 1 || inside[0] != (a, b) {
                    notes.append("Payments by \(name(id)) are loaded only for \(Self.list(inside)) of the period asked (\(Self.describe(a, b))), so the result may be partial.")
                }
            }
            if payerIDs.isEmpty, let (a, b) = period {
                let files = spendingFiles(payer: nil)
                if Self.clip(Self.merge(files.map { ($0.start, $0.end) }), a, b).isEmpty {
                    let list = files.map { f in "\(label(f)) \(Self.describe(f.start, f.end))" }
                    notes.append("No payments are loaded in \(Self.describe(a, b)). Loaded spending files: " + list.joined(separator: "; ") + ".")
                }
            }
        }
        if family == .budgets, let (a, b) = period,
           (facts.budgetLines(fromYear: Periods.financialYear(of: a), toYear: Periods.financialYear(of: b)) ?? 0) == 0,
           let years = facts.budgetYears() {
            notes.append("No budget lines are loaded for \(Self.describe(a, b)): loaded budgets cover financial year" +
                         (years.count == 1 ? " " : "s ") + years.map { "\($0)/\(String($0 + 1).suffix(2))" }.joined(separator: ", ") + ".")
        }
        if family == .budgets {
            for id in payerIDs where facts.budgetLines(institution: id) == 0 {
                notes.append("No budget lines are loaded for \(name(id)).")
            }
        }
        if unmappedRows > 0 {
            notes.append("Rows with no category are payments whose publisher's own labels (service, expense) civic does not map to a category of the taxonomy.")
        }
        for (name, date) in undated.sorted(by: { $0.key < $1.key }) {
            notes.append("Rows with no \(date == "date" ? "date" : "\(date) date") form one group, whose \(name) is empty (shown as (none)).")
        }
        if zeroCouncillorWards > 0 {
            notes.append("\(zeroCouncillorWards) of \(wardRows) areas shown have no councillor results loaded: 0 there means not loaded, not no councillors.")
        }
        if family == .roles || family == .people, plan.subjectFilter?.values.contains("councillor") ?? false {
            // The wards the query's areas share (phrases combine with AND), and which of them
            // have no councillor results loaded.
            var wards: Set<String>?
            var names: [String] = []
            for f in plan.filters {
                guard case .area(let code) = f else { continue }
                let inside = facts.wards(inside: code)
                wards = wards.map { $0.intersection(inside) } ?? inside
                names.append(facts.areaName(code) ?? code)
            }
            if let wards, !wards.isEmpty {
                let withResults = facts.wardsWithCouncillorResults()
                let missing = wards.subtracting(withResults).count
                let area = names.joined(separator: " and ")
                if wards.count > 1 && missing > 0 {
                    notes.append("\(missing) of \(area)'s \(wards.count) wards \(missing == 1 ? "has" : "have") no councillor results loaded, so \(missing == 1 ? "it is" : "they are") missing here.")
                } else if wards.count == 1 && missing == 1, let ward = wards.first {
                    let name = facts.areaName(ward) ?? ward
                    notes.append("No councillor results are loaded for \(name) (\(ward)).")
                }
            }
        }
        if let n = perHeadNote() { notes.append(n) }
        return notes + gapNotes(rows: rows)
    }
}
