import CivicStorage

/// A figure per head is only as good as the population it divides by: a note under any result
/// that computes one says where the populations come from (each source's file, title and date,
/// from the `sources` table), which areas' are the total of their wards', and how many rows
/// have none, so that an empty figure reads as "no population loaded", never as nothing spent.
extension Coverage {
    /// The first field per head the query computes before any grouping.
    var perHeadField: String? {
        var used: [String] = []
        for op in Self.beforeGroup(plan.ops) { used += op.columnsRead }
        return (plan.visible + used).first { name in
            if case .perHead? = plan.subject.field(name)?.value { return true } else { return false }
        }
    }

    func perHeadNote() -> String? {
        guard let field = perHeadField else { return nil }
        let ops = Self.picking(Self.beforeGroup(plan.ops))
        guard let (rows, known) = facts.known(plan, keeping: ops, field: field, totals: totals), rows > 0,
              let keys = try? facts.keys(plan, keeping: ops, field: field, totals: totals) else { return nil }
        var parts: [String] = []
        for s in facts.populationSources(plan.subject, keys: keys) {
            let when: String
            switch (s.start, s.end) {
            case let (a?, b?) where a == b: when = " as at \(a)"
            case let (a?, b?): when = " for \(Self.describe(a, b))"
            default: when = ""
            }
            parts.append("the population\(when), from \(s.file)" + (s.title.isEmpty ? "" : " (\(s.title))"))
        }
        for t in facts.wardTotals(plan.subject, keys: keys) {
            parts.append("\(t.name)'s is the sum of its \(Self.number(t.wards)) wards'")
        }
        let missing = rows - known
        if missing > 0 {
            // A body stands for its area's people only when it is a council.
            let why = plan.subject.family == .institutions ? "no population (only a council has one, its area's, where loaded)" : "no population loaded"
            parts.append(rows == 1 ? "this row has \(why), so it shows no per-head figure"
                                   : "\(Self.number(missing)) of \(Self.number(rows)) rows have \(why) and show no per-head figure")
        }
        return parts.isEmpty ? nil : "per head: " + parts.joined(separator: "; ") + "."
    }
}
