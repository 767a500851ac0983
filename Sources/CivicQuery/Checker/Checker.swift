import CivicDiagnostics
import CivicStorage

/// The static pass between parsing and compiling: resolves the subject and every name against
/// the catalogue and the database, checks fields and types, and produces a `Plan`. By job:
/// subjects, phrases and stages here (the phrase table and defaults come from the catalogue);
/// names in Checker+Names.swift; conditions and their types in Checker+Conditions.swift; the
/// columns in scope in ColumnState.swift.
final class Checker {
    let vocabulary: Vocabulary
    /// Where quoted names are looked up.
    let names: NameLookup
    /// Throws when the query should stop (Ctrl-C, its time limit): asked during long work that
    /// runs no SQL, such as suggesting the nearest names.
    let checkWatch: () throws -> Void
    /// What each quoted name resolved to, for `--verbose` and the REPL.
    var resolutions: [String] = []

    init(connection: any Connection, vocabulary known: Vocabulary? = nil) throws {
        vocabulary = try known ?? Vocabulary(connection: connection)
        names = SQLNameLookup(connection: connection)
        checkWatch = { try connection.checkWatch() }
    }

    /// Every subject the database makes known (for the parser).
    var knownSubjects: Set<String> { vocabulary.knownSubjects }

    // MARK: subject

    func subject(_ s: Subject) throws -> (SubjectDef, SubjectFilter?, [String]?) {
        guard let entry = vocabulary.subjects[s.text] else {
            // The plural once (not once a subject), and only of text short enough to be one.
            let plural = s.text.utf8.count <= Suggestions.maxLength ? Vocabulary.plural(s.text) : nil
            let singular = plural.flatMap { p in vocabulary.subjects.keys.first { p == $0 } }
            throw Diagnostic(id: .unknownSubject, message: "unknown subject \"\(s.text)\"", span: s.span,
                             expected: "what to list: institutions, people, roles, candidates, spending, budgets, wards, constituencies, areas, suppliers, categories, or a kind or role in the plural",
                             suggestion: singular.map { "a subject is plural: did you mean \"\($0)\"?" }
                                ?? Suggestions.didYouMean(s.text, in: vocabulary.subjectNames))
        }
        let def = vocabulary.subject(entry.family)
        guard let values = entry.values, let column = def.narrows else { return (def, nil, nil) }
        return (def, SubjectFilter(column: column, values: values), values)
    }

    // MARK: query

    /// Checks a whole query. `nested` queries must list institutions.
    func check(_ q: Query) throws -> CheckedQuery {
        resolutions = []
        let plan = try plan(q, nested: false)
        return CheckedQuery(plan: plan, resolutions: resolutions, totals: vocabulary.totals)
    }

    func plan(_ q: Query, nested: Bool) throws -> Plan {
        let def: SubjectDef
        let subjectFilter: SubjectFilter?
        let values: [String]?
        var identity: Value?
        if let name = q.subject.name {
            (def, identity) = try entity(q.subject, name)
            subjectFilter = nil
            values = nil
        } else {
            (def, subjectFilter, values) = try subject(q.subject)
        }
        if nested && def.family != .institutions {
            throw Diagnostic(id: .nestedNotInstitutions, message: "\"\(q.subject.text)\" are not institutions",
                             span: q.subject.span, expected: "institutions here, like council \"Birmingham\" or schools in ward \"Hodge Hill\"")
        }
        var state = ColumnState(def: def)
        var filters: [PlanFilter] = identity.map { [.identity($0)] } ?? []
        var ops: [PlanOp] = []
        var spendingContext = false
        let areas = try resolveAreas(q.phrases)
        for (index, phrase) in q.phrases.enumerated() {
            switch phrase {
            case .inArea:
                try allow(def, .area, span: phrase.span)
                guard let c = areas[index] else { throw Diagnostic.bug("an area phrase went unresolved") }
                filters.append(.area(code: c.code))
            case .spendingOn(let name, _):
                let id = try resolveCategory(name)
                filters.append(.category(id: id))
                spendingContext = true
                try allow(def, .category, span: phrase.span)
            case .of(let n, _):
                try allow(def, .of, span: phrase.span)
                filters.append(.of(try nestedPlan(n)))
            case .by(let n, _):
                try allow(def, .by, span: phrase.span)
                filters.append(.by(try nestedPlan(n)))
            case .paidBy(let n, _):
                try allow(def, .paidBy, span: phrase.span)
                filters.append(.paidBy(try nestedPlan(n)))
            case .named(let s, _):
                let words = NameResolver.normalise(s.value)
                guard !words.isEmpty else {
                    // Nothing left to match once case and punctuation are set aside: it would match every row.
                    throw Diagnostic(id: .namedNeedsWords, message: "\(s.value.isEmpty ? "an empty name" : "\"\(s.value)\"") has no letters or digits to look for",
                                     span: s.span, expected: "a name or part of one, like named \"academy\"",
                                     suggestion: "named compares words, ignoring case and punctuation; use where name ~ \"…\" to find other characters")
                }
                filters.append(.named(words))
            case .during(let p, _):
                try allow(def, .period, span: phrase.span)
                let (a, b) = try bounds(p)
                filters.append(.period(from: a, to: b))
                spendingContext = true
            case .over(let m, let span), .under(let m, let span):
                guard let money = def.mainMoney else {
                    throw Diagnostic(id: .noMoneyField, message: "\(q.subject.text) have no amount of money to compare", span: span,
                                     expected: "a phrase that applies to \(q.subject.text)",
                                     suggestion: "use where with one of their fields: \(def.fields.map(\.name).joined(separator: ", "))")
                }
                let col = try state.use(money, span: span)
                if case .over = phrase {
                    ops.append(.filter(.compare(column: col.name, type: .money, .greater, .value(.integer(m.pence)))))
                } else {
                    ops.append(.filter(.compare(column: col.name, type: .money, .less, .value(.integer(m.pence)))))
                }
                spendingContext = spendingContext || def.family != .spending
            case .whereClause(let c, _):
                ops.append(.filter(try condition(c, &state)))
            }
        }
        // Defaults that suit the subject: councillors show party and ward; spending context shows money.
        var visible = defaults(def, values: values, spendingContext: spendingContext)
        // The plain defaults are always read: a row cites where they came from (an institution's
        // area, placed by a postcode lookup, is part of why an `in` keeps it). The derived ones
        // are read only if still shown at the end (no show, total or count replaces them) or a
        // chart reads them: `people where … | show name` counts no one's offices.
        for v in visible where !(def.field(v)?.derived ?? false) { _ = try? state.use(v, span: q.subject.span) }
        var defaultsShown = true
        func readDefaults(_ state: inout ColumnState) {
            guard defaultsShown else { return }
            for v in visible { _ = try? state.use(v, span: q.subject.span) }
        }
        // Phrase-level filters come before any stage.
        var chart = false
        var sorted = false
        for stage in q.stages {
            switch stage {
            case .whereClause(let c, _):
                ops.append(.filter(try condition(c, &state)))
            case .show(let fields, _):
                defaultsShown = false
                var cols: [String] = []
                for f in fields { cols.append(try state.use(f.name, span: f.span).name) }
                visible = cols
                ops.append(.project(cols))
            case .sort(let keys, _):
                var out: [(String, Bool)] = []
                for k in keys {
                    let col = try state.use(k.field.name, span: k.field.span)
                    if !state.grouped && !visible.contains(col.name) { visible.append(col.name) }
                    out.append((col.name, k.descending))
                }
                ops.append(.sort(out))
                sorted = true
            case .top(let n, _):
                ops.append(.top(n))
            case .total(let f, let by, let span), .average(let f, let by, let span):
                let col = try state.use(f.name, span: f.span)
                let function: Aggregate.Function = { if case .total = stage { return .total } else { return .average } }()
                guard col.type.isNumeric else {
                    throw Diagnostic(id: .aggregateNeedsNumber, message: "\"\(function.rawValue)\" needs a number or money, but \(f.name) is \(col.type.rawValue)",
                                     span: f.span, expected: "a field holding money or a count",
                                     suggestion: state.numericFields.isEmpty ? nil : "try one of: " + state.numericFields.joined(separator: ", "))
                }
                let keys = try groupKeys(by, &state, subject: q.subject.text)
                defaultsShown = false
                let resultType: FieldType = function == .average && col.type == .count ? .number : col.type
                ops.append(.group(keys: keys, aggregate: Aggregate(function: function, column: col.name)))
                visible = keys.map(\.name) + [function.rawValue]
                state.regroup(keys: keys.map(\.name), adding: (function.rawValue, resultType), span: span)
                sorted = false
            case .count(let by, let span):
                let keys = try groupKeys(by, &state, subject: q.subject.text)
                defaultsShown = false
                ops.append(.group(keys: keys, aggregate: Aggregate(function: .count, column: nil)))
                visible = keys.map(\.name) + ["count"]
                state.regroup(keys: keys.map(\.name), adding: ("count", .count), span: span)
                sorted = false
            case .chart(let span):
                readDefaults(&state)
                guard visible.contains(where: { state.type(of: $0)?.isNumeric ?? false }) else {
                    throw Diagnostic(id: .chartNeedsNumber, message: "nothing to chart: no column holds a number or money", span: span,
                                     expected: "a result with a numeric column", suggestion: "add a total or count stage first")
                }
                chart = true
            }
        }
        _ = sorted
        readDefaults(&state)
        let columns = visible.map { ColumnInfo(name: $0, type: state.type(of: $0) ?? .text) }
        return Plan(subject: def, subjectFilter: subjectFilter, subjectLabel: q.subject.text, filters: filters,
                    needed: state.needed, visible: visible, ops: ops, columns: columns, chart: chart)
    }

    /// The catalogue's defaults for the subject as the query's words narrow it.
    func defaults(_ def: SubjectDef, values: [String]?, spendingContext: Bool) -> [String] {
        if let values, let d = def.narrowedDefaults.first(where: { $0.values == nil || $0.values == values }) { return d.fields }
        return def.defaults + (spendingContext ? def.spendingDefaults : [])
    }

    /// Whether the phrase table gives the phrase a meaning for the subject.
    func allow(_ def: SubjectDef, _ phrase: PhraseKind, span: Span) throws {
        guard Catalog.rule(phrase, for: def.family) != nil else {
            throw Diagnostic(id: .phraseNotForSubject, message: "\"\(phrase.rawValue)\" does not apply to \(def.row == "office" ? "offices" : def.family.rawValue)",
                             span: span, expected: "a phrase for \(def.family.rawValue)")
        }
    }

    func bounds(_ p: Period) throws -> (String, String) {
        let (a, b) = Periods.bounds(p)
        guard a <= b else {
            throw Diagnostic(id: .backwardsRange, message: "this period ends (\(b)) before it starts (\(a))", span: p.span,
                             expected: "an earlier start than end, like 2023-04..2023-09")
        }
        return (a, b)
    }

    // MARK: entity

    /// A query that starts with a singular kind and a name lists that one thing: an institution
    /// (`school "Hodge Hill School"`) or an area (`ward "Aston"`).
    func entity(_ s: Subject, _ name: StringLiteral) throws -> (SubjectDef, Value) {
        if vocabulary.institutionKinds[s.text] != nil {
            let c = try resolveInstitution(KindWord(words: s.words, span: s.span), name)
            return (vocabulary.subject(.institutions), c.id)
        }
        if let kinds = Vocabulary.areaKinds[s.text] {
            let c = try resolveArea(name, kinds: kinds, what: s.text)
            resolutions.append("\(s.text) \"\(name.value)\" → \(c.name) (\(c.code))")
            return (vocabulary.subject(.areas), .text(c.code))
        }
        let singular = vocabulary.institutionKinds.keys.first { Vocabulary.plural($0) == s.text }
            ?? Vocabulary.areaKinds.keys.first { Vocabulary.plural($0) == s.text }
        if vocabulary.subjects[s.text] != nil {
            throw Diagnostic(id: .nameAfterPlural, message: "\"\(s.text)\" lists many, so a name cannot follow it", span: name.span,
                             expected: "a phrase, like named \"\(name.value)\", or a singular kind before the name",
                             suggestion: singular.map { "to pick one, write \($0) \"\(name.value)\"; to search, \(s.text) named \"\(name.value)\"" }
                                ?? "to search, write \(s.text) named \"\(name.value)\"")
        }
        throw Diagnostic(id: .unknownKind, message: "unknown kind \"\(s.text)\"", span: s.span,
                         expected: "a kind of institution or area before a name, like council \"Birmingham\" or ward \"Aston\"",
                         suggestion: Suggestions.didYouMean(s.text, in: Array(vocabulary.institutionKinds.keys) + Array(Vocabulary.areaKinds.keys)))
    }

    // MARK: nested

    func nestedPlan(_ n: Nested) throws -> PlanFilter.Nested {
        switch n {
        case .entity(let kind, let name, _):
            guard vocabulary.institutionKinds[kind.text] != nil else {
                let isArea = Vocabulary.areaKinds[kind.text] != nil
                throw Diagnostic(id: .unknownInstitutionKind, message: "unknown kind of institution \"\(kind.text)\"", span: kind.span,
                                 expected: "a kind of institution, like council, school, academy or nhs trust",
                                 suggestion: isArea ? "\(kind.text) is an area: use in \(kind.text) \"\(name.value)\""
                                                    : Suggestions.didYouMean(kind.text, in: Array(vocabulary.institutionKinds.keys)))
            }
            return .institution(try resolveInstitution(kind, name).id.int ?? 0)
        case .query(let q):
            let p = try plan(q, nested: true)
            if p.ops.contains(where: { if case .group = $0 { return true } else { return false } }) {
                throw Diagnostic(id: .nestedGroups, message: "a query inside \"of\", \"by\" or \"paid by\" must list institutions",
                                 span: q.span, expected: "no total, count or average stage inside")
            }
            return .query(p)
        }
    }
}

/// The checked query and what its names resolved to.
struct CheckedQuery: Sendable {
    let plan: Plan
    let resolutions: [String]
    /// Whether the database keeps totals of payments (see `SQLCompiler`).
    let totals: Bool
    var columns: [ColumnInfo] { plan.columns }
    var chart: Bool { plan.chart }
}
