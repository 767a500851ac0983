import CivicDiagnostics

/// The keys of a grouping stage (`total amount by month, supplier`): fields, and time units of
/// dates. A word is a field (after a grouping, a column) when the subject has one of that name,
/// so budgets' `year` stays their field; otherwise a time unit groups the subject's main date
/// (`SubjectDef.mainDate`), and `of` names another date field.
extension Checker {
    func groupKeys(_ by: [GroupKey], _ state: inout ColumnState, subject: String) throws -> [PlanKey] {
        var keys: [PlanKey] = []
        for key in by {
            let k = try groupKey(key, &state, subject: subject)
            // A time unit's column is named after the unit: two of one name could not be told apart.
            if let earlier = keys.first(where: { $0.name == k.name }), earlier.isTime || k.isTime {
                throw Diagnostic(id: .timeUnitTwice, message: "this grouping gives two columns named \"\(k.name)\"", span: key.span,
                                 expected: "each time unit once in a grouping",
                                 suggestion: "group by one of them here; a later stage cannot tell two columns of one name apart")
            }
            keys.append(k)
        }
        return keys
    }

    func groupKey(_ key: GroupKey, _ state: inout ColumnState, subject: String) throws -> PlanKey {
        let word = key.field
        guard let of = key.of else {
            guard state.type(of: word.name) == nil, let unit = TimeUnit.named(word.name) else {
                do {
                    return .column(try state.use(word.name, span: word.span).name)
                } catch var d as Diagnostic where d.suggestion == nil && !dateColumns(state).isEmpty {
                    // A misspelt time unit: `by mnth`.
                    d.suggestion = Suggestions.didYouMean(word.name, in: TimeUnit.words)
                    throw d
                }
            }
            guard let date = state.def.mainDate, state.type(of: date) == .date else {
                throw noDate(unit, at: word.span, state, subject: subject)
            }
            return .time(unit, of: try state.use(date, span: word.span).name)
        }
        guard let unit = TimeUnit.named(word.name) else {
            throw Diagnostic(id: .ofNeedsTimeUnit, message: "\"of\" follows a time unit, and \"\(word.name)\" is not one", span: word.span,
                             expected: "a time unit before \"of\": " + TimeUnit.words.joined(separator: ", "),
                             suggestion: Suggestions.didYouMean(word.name, in: TimeUnit.words)
                                ?? "to group by \(word.name) and by the month of \(of.name), write by \(word.name), month of \(of.name)")
        }
        let column = try state.use(of.name, span: of.span)
        guard column.type == .date else {
            let dates = dateColumns(state)
            throw Diagnostic(id: .timeUnitNeedsDate, message: "\"\(unit.rawValue) of\" needs a date, but \(of.name) is \(column.type.rawValue)",
                             span: of.span, expected: "a date field after \"of\"",
                             suggestion: dates.isEmpty ? nil : "try " + dates.map { "\(unit.rawValue) of \($0)" }.joined(separator: " or "))
        }
        return .time(unit, of: column.name)
    }

    /// The date fields of the subject, or the date columns left by the last stage.
    func dateColumns(_ state: ColumnState) -> [String] {
        state.grouped ? state.current.filter { $0.value == .date }.keys.sorted() : state.def.fields.filter { $0.type == .date }.map(\.name)
    }

    /// A time unit where no date is at hand: a subject with none, or a stage that left none.
    func noDate(_ unit: TimeUnit, at span: Span, _ state: ColumnState, subject: String) -> Diagnostic {
        if state.grouped {
            let dates = dateColumns(state)
            return Diagnostic(id: .timeUnitNeedsDate, message: "no date is left after the last stage to group by \(unit.rawValue)", span: span,
                              expected: "a column of the last stage: " + state.current.keys.sorted().joined(separator: ", "),
                              suggestion: dates.first.map { "name the date: by \(unit.rawValue) of \($0)" }
                                ?? "group by \(unit.rawValue) in the earlier stage, or keep the date there (by date)")
        }
        let dated = Catalog.subjects.compactMap { s in s.mainDate.map { "\(s.family.rawValue) (\($0))" } }
        let suggestion = state.def.field("year").map { _ in "\(subject) have a field year: group by year" }
            ?? "time units group the dates of " + dated.dropLast().joined(separator: ", ") + " and " + (dated.last ?? "")
        return Diagnostic(id: .timeUnitNeedsDate, message: "\(subject) have no date to group by \(unit.rawValue)", span: span,
                          expected: "a field of \(state.def.family.rawValue): " + state.def.fields.map(\.name).joined(separator: ", "),
                          suggestion: suggestion)
    }
}

extension PlanKey {
    var isTime: Bool { if case .time = self { return true } else { return false } }
}
