import CivicDiagnostics
import CivicStorage

/// No silent gaps: where a result may leave something out, a note says what and how many.
///
/// - **Not loaded at all.** An empty result (or a count of 0) of a subject word whose rows the
///   database does not hold at all (`trustees` with no trustee loaded; `trustees of charities`
///   when no charity has any) says so, rather than reading as "none found".
/// - **Unplaced by `in`.** An `in` phrase places institutions by their area; those with none
///   (NHS trusts, courts) cannot be placed, so the note counts them by kind: the institutions
///   themselves, the payers of spending, suppliers and categories, the bodies of budget lines,
///   or the bodies of offices that name no ward.
/// - **Close values.** A text `=` or `in (…)` comparison that matches no row, when the field
///   holds values close to it (one contains the other, ignoring case, or a small edit distance),
///   names them. The field's values are read only when the result is empty (or its count 0), or
///   when the field is shown and the value was not among the rows read; at most
///   `valuesRead` of the commonest values among the first `rowsScanned` rows are read, and
///   `valuesListed` listed. "No … is exactly" is said only when that is certain: every row was
///   read, or the field's one filter is that comparison alone and let no row through.
/// - **Excluding nothing.** A text `!=` (or `not` of `=` or `in (…)`) whose value no row holds,
///   when rows hold values close to it, says it leaves out nothing; only when the field's values
///   could all be read (at most `rowsScannedExcluding` rows), as the result alone cannot tell.
/// - **Sparse fields.** A field whose empty value means "not known" (`sparseFields` and every
///   field a layout adds, not one where empty means something, like an office's end) is noted when it is compared, sorted
///   by or totalled and any of the query's rows lack it, or when it is only shown or grouped by
///   and more than half lack it. The count is of the query's rows before any `top` (the rows as
///   they stream, when nothing limits or filters them by the field; else a count over the
///   same subject and phrases).
/// - **Bodies told apart.** A count, total or average of offices, or a listing that does not
///   show the institution, over offices at several institutions names the largest few.
///   People are left out: a person may hold offices at several bodies, so their counts per
///   body do not add up to the count of people.
///
/// No question is asked of the database unless its note could apply to the query.
extension Coverage {
    /// The fields whose empty value means "not known" rather than "none", by family.
    static let sparseFields: [Family: [String]] = [
        .areas: ["population"],
        .institutions: ["area", "address", "postcode", "opened"],
        .roles: ["votes", "start"],
        .candidates: ["votes", "elected"],
    ]

    /// The most values of a field read to find those close to a compared value, and listed.
    static let valuesRead = 2_000
    static let valuesListed = 5
    /// The most rows read for a field's values; fewer for a value excluded, whose note needs
    /// them all and is asked whatever the result, so a large table costs little.
    static let rowsScanned = 100_000
    static let rowsScannedExcluding = 20_000
    /// The institutions, and kinds of them, a note names before it sums up the rest.
    static let bodiesListed = 3
    static let kindsListed = 4

    /// What the notes on gaps watch for as rows stream by, set up from the plan alone.
    struct Gaps {
        /// How a field whose empty value means "not known" is used by the query.
        struct Use {
            var field: String
            var compared = false
            /// Sorted by, and whether descending.
            var sorted: Bool?
            var aggregate: Aggregate.Function?
            var grouped = false
            var shown = false
            /// The result column that holds it, when the streamed rows are the rows in question.
            var streamed: Int?
            var missing = 0
        }

        var uses: [Use] = []
        /// Text values compared with `=` or `in (…)`, by field, in the query's order.
        var compared: [(field: String, values: [String])] = []
        /// Text values excluded with `!=` or `not`, by field.
        var excluded: [(field: String, values: [String])] = []
        /// The compared values (lowercased as SQLite does) not yet seen in a streamed row, by
        /// the result column of their field.
        var unseen: [Int: Set<String>] = [:]
        /// The column of a one-row result's count, total or average, and whether it was 0.
        var aggregateColumn: Int?
        var aggregateZero = false
        /// Whether that one row is a count of 0 (no row reached it).
        var countZero = false
        var aggregateIsCount = false
    }

    /// The plan's stages before its first group: what the subject's own fields are used for.
    static func beforeGroup(_ ops: [PlanOp]) -> [PlanOp] {
        Array(ops.prefix { if case .group = $0 { return false } else { return true } })
    }

    /// The stages that pick the rows a result summarises or lists, before any `top` (or group).
    static func beforeLimits(_ ops: [PlanOp]) -> [PlanOp] {
        Array(ops.prefix {
            switch $0 {
            case .group, .top: return false
            default: return true
            }
        })
    }

    /// `ops` without the filters that read `field`.
    static func without(_ field: String, _ ops: [PlanOp]) -> [PlanOp] {
        ops.filter { if case .filter(let c) = $0 { return !c.columnsRead.contains(field) } else { return true } }
    }

    /// The stages a question about the rows needs: not `show`, nor a sort no `top` follows,
    /// so it computes no field those alone would read.
    static func picking(_ ops: [PlanOp]) -> [PlanOp] {
        ops.enumerated().compactMap { i, op in
            switch op {
            case .project: return nil
            case .sort: return ops[(i + 1)...].contains { if case .top = $0 { return true } else { return false } } ? op : nil
            default: return op
            }
        }
    }

    static func setUpGaps(_ plan: Plan) -> Gaps {
        var g = Gaps()
        let early = beforeGroup(plan.ops)
        let grouped = early.count < plan.ops.count
        let limited = plan.ops.contains { if case .top = $0 { return true } else { return false } }
        let identity = plan.filters.contains { if case .identity = $0 { return true } else { return false } }
        let firstGroup: PlanOp? = grouped ? plan.ops[early.count] : nil

        // Fields whose empty value means "not known".
        if !identity {
            // And every field a layout adds: a publisher's own column, empty where a file has none.
            let fields = (sparseFields[plan.subject.family] ?? []) + plan.subject.fields.filter(\.extra).map(\.name)
            for field in fields where plan.subject.field(field) != nil {
                var use = Gaps.Use(field: field)
                for (i, op) in early.enumerated() {
                    switch op {
                    case .filter(let c):
                        if c.dropsEmpty(field) { use.compared = true }
                    case .sort(let keys):
                        // A sort matters to the result unless a group follows with no top between.
                        let topAfter = early[(i + 1)...].contains { if case .top = $0 { return true } else { return false } }
                        if let k = keys.first(where: { $0.0 == field }), !grouped || topAfter { use.sorted = k.1 }
                    default: break
                    }
                }
                if case .group(let keys, let agg)? = firstGroup {
                    if let agg, agg.column == field, agg.function != .count { use.aggregate = agg.function }
                    if keys.contains(.column(field)) { use.grouped = true }
                } else if plan.visible.contains(field) {
                    use.shown = true
                }
                guard use.compared || use.sorted != nil || use.aggregate != nil || use.grouped || use.shown else { continue }
                if !grouped && !limited && !use.compared { use.streamed = plan.visible.firstIndex(of: field) }
                g.uses.append(use)
            }
        }

        // Text values compared with = or in (…), or excluded with != or not, on the subject's
        // own plain fields.
        func byField(_ pairs: [(String, String)]) -> [(field: String, values: [String])] {
            var out: [(field: String, values: [String])] = []
            for (field, value) in pairs where !(plan.subject.field(field)?.derived ?? true) {
                if let i = out.firstIndex(where: { $0.field == field }) {
                    if !out[i].values.contains(value) { out[i].values.append(value) }
                } else {
                    out.append((field, [value]))
                }
            }
            return out
        }
        var conditions: [PlanCondition] = []
        for case .filter(let c) in early { conditions.append(c) }
        let compared = byField(conditions.flatMap(\.textEqualities))
        g.compared = compared
        g.excluded = byField(conditions.flatMap(\.textExclusions))
        if !grouped {
            for (field, values) in compared {
                if let c = plan.visible.firstIndex(of: field) { g.unseen[c] = Set(values.map(sqliteLower)) }
            }
        }

        // A result of one count, total or average.
        if let last = plan.ops.last(where: { if case .group = $0 { return true } else { return false } }),
           case .group(let keys, let agg?) = last, keys.isEmpty {
            g.aggregateColumn = plan.visible.firstIndex(of: agg.function.rawValue)
            g.aggregateIsCount = agg.function == .count
        }
        return g
    }

    /// Looks at a streamed row for the notes on gaps.
    func observeGaps(_ row: [Value]) {
        for i in gaps.uses.indices {
            if let c = gaps.uses[i].streamed, c < row.count, row[c] == .null { gaps.uses[i].missing += 1 }
        }
        if !gaps.unseen.isEmpty {
            // Until every compared value is seen; then nothing more to look at.
            for (c, values) in gaps.unseen where c < row.count {
                guard let s = row[c].string else { continue }
                let l = Self.sqliteLower(s)
                guard values.contains(l) else { continue }
                if values.count == 1 { gaps.unseen[c] = nil } else { gaps.unseen[c]!.remove(l) }
            }
        }
        if let c = gaps.aggregateColumn, c < row.count {
            switch row[c] {
            case .null: gaps.aggregateZero = true
            case .integer(let i): gaps.aggregateZero = i == 0
            case .real(let r): gaps.aggregateZero = r == 0
            default: break
            }
            gaps.countZero = gaps.aggregateIsCount && gaps.aggregateZero
        }
    }

    /// The notes on gaps, for a result of `rows` rows.
    func gapNotes(rows: Int) -> [String] {
        let empty = rows == 0 || gaps.aggregateZero
        var notes: [String] = []
        if empty, let n = notLoadedNote() { return [n] }
        notes += unplacedNotes(plan)
        notes += closeValueNotes(rows: rows, empty: empty)
        notes += excludedValueNotes()
        notes += sparseNotes(rows: rows)
        if let n = bodiesNote() { notes.append(n) }
        return notes
    }

    // MARK: not loaded at all

    func notLoadedNote() -> String? {
        let family = plan.subject.family
        let label = plan.subjectLabel
        let tail = "civic holds no file listing them."
        if let f = plan.subjectFilter, [.institutions, .roles].contains(family),
           facts.anyRows(plan.subject.table, f.column.rawValue, in: f.values) == false {
            return "No \(label) are loaded at all: \(tail)"
        }
        guard family == .roles || family == .people else { return nil }
        let roles = family == .roles ? plan.subjectFilter?.values : nil
        for case .of(let nested) in plan.filters {
            switch nested {
            case .institution(let id):
                if facts.anyOffices(roles: roles, at: id) == false {
                    return "No \(label) of \(name(id)) are loaded at all: \(tail)"
                }
            case .query(let q):
                guard let f = q.subjectFilter, f.column == .kind else { continue }
                if facts.anyOffices(roles: roles, atKinds: f.values) == false {
                    return "No \(label) of \(q.subjectLabel) are loaded at all: \(tail)"
                }
            }
        }
        return nil
    }

    // MARK: unplaced by in

    /// The notes for each `in` phrase of the query and of its nested queries.
    func unplacedNotes(_ p: Plan) -> [String] {
        var notes: [String] = []
        let hasArea = p.filters.contains { if case .area = $0 { return true } else { return false } }
        if hasArea {
            let roles = p.subjectFilter?.values
            var placed: CoverageFacts.Placed?
            var left = "they are left out."
            switch p.subject.family {
            case .institutions: placed = .institutions(kinds: roles)
            case .spending, .suppliers, .categories:
                placed = .payers
                left = "their payments are left out."
            case .budgets:
                placed = .budgeted
                left = "their budget lines are left out."
            case .roles, .people: placed = .offices(roles: p.subject.family == .roles ? roles : nil)
            case .areas, .candidates: placed = nil  // placed by their own area, not an institution's
            }
            if let placed {
                let kinds = facts.unplaced(placed)
                if !kinds.isEmpty {
                    if case .offices = placed {
                        let offices = kinds.reduce(0) { $0 + $1.offices }
                        if p.subject.family == .people {
                            // A person is placed by any office of theirs, so only these offices are sure not to count.
                            let people = kinds.reduce(0) { $0 + $1.people }
                            left = "the \(Self.number(offices)) office\(offices == 1 ? "" : "s") held there (by \(Self.number(people)) "
                                + "\(people == 1 ? "person" : "people")) do\(offices == 1 ? "es" : "") not count."
                        } else {
                            left = "their \(Self.number(offices)) \(p.subjectLabel) are left out."
                        }
                    }
                    let total = kinds.reduce(0) { $0 + $1.institutions }
                    // Every kind when one more would be all that is left to sum up.
                    let listed = kinds.count <= Self.kindsListed + 1 ? kinds.count : Self.kindsListed
                    var parts = kinds.prefix(listed).map { k in
                        "\(Self.number(k.institutions)) \(k.institutions == 1 ? k.kind : Vocabulary.plural(k.kind))"
                    }
                    if kinds.count > listed {
                        let rest = kinds.dropFirst(listed)
                        let n = rest.reduce(0) { $0 + $1.institutions }
                        parts.append("\(Self.number(n)) institution\(n == 1 ? "" : "s") of \(rest.count) other kind\(rest.count == 1 ? "" : "s")")
                    }
                    notes.append("\(Self.list(parts)) \(total == 1 ? "has" : "have") no area in the loaded data, so `in` cannot place \(total == 1 ? "it" : "them"): \(left)")
                }
            }
        }
        for f in p.filters {
            switch f {
            case .of(.query(let q)), .by(.query(let q)), .paidBy(.query(let q)): notes += unplacedNotes(q)
            default: break
            }
        }
        return notes
    }

    // MARK: close values

    func closeValueNotes(rows: Int, empty: Bool) -> [String] {
        var notes: [String] = []
        let early = Self.beforeLimits(plan.ops)
        let limited = early.count < plan.ops.count
        for (field, values) in gaps.compared {
            let column = plan.visible.firstIndex(of: field)
            let check: [String]
            if empty {
                check = values
            } else if let c = column, let unseen = gaps.unseen[c] {
                check = values.filter { unseen.contains(Self.sqliteLower($0)) }
            } else {
                continue
            }
            guard let (found, scanned) = facts.values(plan, keeping: Self.picking(Self.without(field, early)), field: field, exact: check,
                                                      limit: Self.valuesRead, scanning: Self.rowsScanned, totals: totals)
            else { continue }
            // A value matched nothing for certain when every row was read, or when the field's
            // one filter is its = or in (…) alone and the rows it let through (none, or all of
            // them streamed by) did not hold it.
            let filters = early.filter { if case .filter(let c) = $0 { return c.columnsRead.contains(field) } else { return false } }
            let alone = filters.count == 1 && filters.allSatisfy { if case .filter(let c) = $0 { return c.onlyEqualities(on: field) } else { return false } }
            let certain = scanned < Int64(Self.rowsScanned) || (alone && (rows == 0 || gaps.countZero || (!empty && !limited)))
            guard certain else { continue }
            for (v, shown) in Self.closeValues(of: check, found: found) {
                notes.append("No \(field) is exactly \"\(v)\"; close values: \(shown).")
                if notes.count >= 3 { return notes }
            }
        }
        return notes
    }

    /// A value excluded with `!=` or `not` that no row holds excludes nothing: said when rows
    /// hold values close to it, and only when every row could be read.
    func excludedValueNotes() -> [String] {
        var notes: [String] = []
        for (field, values) in gaps.excluded {
            guard let (found, scanned) = facts.values(plan, keeping: Self.picking(Self.without(field, Self.beforeLimits(plan.ops))), field: field,
                                                      exact: values, limit: Self.valuesRead, scanning: Self.rowsScannedExcluding, totals: totals),
                  scanned < Int64(Self.rowsScannedExcluding) else { continue }
            for (v, shown) in Self.closeValues(of: values, found: found) {
                notes.append("No \(field) is exactly \"\(v)\", so excluding it leaves out nothing; close values: \(shown).")
                if notes.count >= 3 { return notes }
            }
        }
        return notes
    }

    /// Each of `values` that no row holds exactly (SQLite's lower case) and the values `found`
    /// close to it, listed for a note ("\"A\", \"B\" and 3 more"); none when nothing is close.
    static func closeValues(of values: [String], found: [(value: String, rows: Int64, exact: Bool)]) -> [(String, String)] {
        let matched = Set(found.filter(\.exact).map { sqliteLower($0.value) })
        let others = found.filter { !$0.exact }.map(\.value)
        return values.filter { !matched.contains(sqliteLower($0)) }.compactMap { v in
            let close = close(to: v, in: others)
            guard !close.isEmpty else { return nil }
            var shown = close.prefix(valuesListed).map { "\"\($0)\"" }.joined(separator: ", ")
            if close.count > valuesListed { shown += " and \(close.count - valuesListed) more" }
            return (v, shown)
        }
    }

    /// The values close to `typed`, commonest first: those containing it or contained in it
    /// (ignoring case; three characters at least), then those a few edits away.
    static func close(to typed: String, in values: [String]) -> [String] {
        let t = typed.lowercased()
        var out: [String] = []
        if t.count >= 3 {
            for v in values {
                let l = v.lowercased()
                if l.contains(t) || (l.count >= 3 && t.contains(l)) { out.append(v) }
            }
        }
        for v in Suggestions.nearest(typed, in: values, limit: valuesListed) where !out.contains(v) { out.append(v) }
        return out
    }

    // MARK: sparse fields

    func sparseNotes(rows: Int) -> [String] {
        var notes: [String] = []
        for use in gaps.uses {
            let total: Int64, known: Int64
            if use.streamed != nil {
                total = Int64(rows)
                known = Int64(rows - use.missing)
            } else {
                guard let k = facts.known(plan, keeping: Self.picking(Self.without(use.field, Self.beforeLimits(plan.ops))), field: use.field, totals: totals)
                else { continue }
                (total, known) = k
            }
            let missing = total - known
            let strict = use.compared || use.sorted != nil || use.aggregate != nil
            guard missing > 0, strict || missing * 2 > total else { continue }
            var actions: [String] = []
            if use.compared {
                actions = ["left out by the comparison"]
            } else {
                if let a = use.aggregate { actions.append("left out of the \(a.rawValue)") }
                if use.grouped { actions.append("counted under an empty \(use.field)") }
                if let d = use.sorted { actions.append(d ? "sorted last" : "sorted first") }
                if use.shown { actions.append("shown empty") }
            }
            let who = plan.subjectLabel
            if total == 1 {
                notes.append("\(use.field) is not known for this one row: it is \(Self.list(actions)).")
            } else if known == 0 {
                notes.append("\(use.field) is not known for any of the \(Self.number(total)) \(who): they are \(Self.list(actions)).")
            } else {
                notes.append("\(use.field) is known for \(Self.number(known)) of \(Self.number(total)) \(who); the others are \(Self.list(actions)).")
            }
        }
        return notes
    }

    // MARK: bodies told apart

    func bodiesNote() -> String? {
        guard plan.subject.family == .roles else { return nil }
        let early = Self.beforeGroup(plan.ops)
        if early.count < plan.ops.count {
            if case .group(let keys, _) = plan.ops[early.count], keys.contains(.column("institution")) { return nil }
        } else if plan.visible.contains("institution") {
            return nil
        }
        let bodies = facts.bodies(plan, keeping: Self.picking(early), totals: totals)
        guard bodies.count >= 2, let first = bodies.first else { return nil }
        let total = bodies.reduce(0) { $0 + $1.rows }
        var parts = bodies.prefix(Self.bodiesListed).map { "\($0.name) \(Self.number($0.rows))" }
        if bodies.count > Self.bodiesListed { parts[parts.count - 1] += " and \(Self.number(Int64(bodies.count - Self.bodiesListed))) more" }
        let kind = first.kind.isEmpty ? "institution" : first.kind
        return "\(Self.number(total)) \(plan.subjectLabel) of \(Self.number(Int64(bodies.count))) bodies: \(parts.joined(separator: ", "))"
            + " (use `of \(kind) \"X\"` for one body's members)."
    }

    // MARK: words

    /// "a", "a and b", "a, b and c".
    static func list(_ parts: [String]) -> String {
        parts.count <= 1 ? parts.joined() : parts.dropLast().joined(separator: ", ") + " and " + parts.last!
    }

    /// 8887 → "8,887".
    static func number(_ n: Int64) -> String { Digits.grouped(n) }

    /// Lowercase as SQLite's lower() does: ASCII letters only.
    static func sqliteLower(_ s: String) -> String {
        String(decoding: s.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
    }
}

extension PlanOp {
    /// The columns a stage reads.
    var columnsRead: [String] {
        switch self {
        case .filter(let c): return c.columnsRead
        case .sort(let keys): return keys.map(\.0)
        case .top: return []
        case .group(let keys, let agg):
            let read = keys.map { k -> String in
                switch k {
                case .column(let c): return c
                case .time(_, let date): return date
                }
            }
            return read + (agg?.column.map { [$0] } ?? [])
        case .project(let cols): return cols
        }
    }
}

extension PlanCondition {
    /// The columns a condition reads.
    var columnsRead: [String] {
        switch self {
        case .and(let a, let b), .or(let a, let b): return a.columnsRead + b.columnsRead
        case .not(let a): return a.columnsRead
        case .compare(let c, _, _, _), .within(let c, _, _): return [c]
        case .columns(let a, _, let b): return [a, b]
        }
    }

    /// Whether rows with no value in `field` fail the condition because of it (every
    /// comparison but a text `!=`, which keeps empty values).
    func dropsEmpty(_ field: String) -> Bool {
        switch self {
        case .and(let a, let b), .or(let a, let b): return a.dropsEmpty(field) || b.dropsEmpty(field)
        case .not(let a): return a.columnsRead.contains(field)
        case .compare(let c, let type, let op, _): return c == field && !(type == .text && op == .notEqual)
        case .within(let c, _, _): return c == field
        case .columns(let a, _, let b): return a == field || b == field
        }
    }

    /// Whether the condition is only `=` and `in (…)` comparisons of `field` with text, joined by `or`.
    func onlyEqualities(on field: String) -> Bool {
        switch self {
        case .or(let a, let b): return a.onlyEqualities(on: field) && b.onlyEqualities(on: field)
        case .compare(let c, .text, .equal, .value(.text)), .within(let c, .text, _): return c == field
        default: return false
        }
    }

    /// The text values a condition excludes: compared with `!=`, or with `=` or `in (…)` under
    /// a `not`, with their fields.
    var textExclusions: [(String, String)] {
        switch self {
        case .and(let a, let b), .or(let a, let b): return a.textExclusions + b.textExclusions
        case .not(let a): return a.textEqualities
        case .compare(let c, .text, .notEqual, .value(.text(let v))): return [(c, v)]
        default: return []
        }
    }

    /// The text values compared with `=` or `in (…)` outside any `not`, with their fields.
    var textEqualities: [(String, String)] {
        switch self {
        case .and(let a, let b), .or(let a, let b): return a.textEqualities + b.textEqualities
        case .not, .columns: return []
        case .compare(let c, .text, .equal, .value(.text(let v))): return [(c, v)]
        case .compare: return []
        case .within(let c, .text, let values):
            return values.compactMap { if case .value(.text(let v)) = $0 { return (c, v) } else { return nil } }
        case .within: return []
        }
    }
}
