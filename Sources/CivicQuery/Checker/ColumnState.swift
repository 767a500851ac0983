import CivicDiagnostics
import CivicStorage

/// Which columns exist at the current point of the pipeline, and their types. Before any
/// grouping stage these are the subject's fields (using one adds it to the base query).
struct ColumnState {
    struct Column { var name: String; var type: FieldType }

    let def: SubjectDef
    var needed: [String] = []
    var grouped = false
    var current: [String: FieldType] = [:]

    init(def: SubjectDef) { self.def = def }

    mutating func use(_ name: String, span: Span) throws -> Column {
        if grouped {
            guard let t = current[name] else {
                throw Diagnostic(id: .unknownColumn, message: "no column \"\(name)\" after the last stage", span: span,
                                 expected: "one of: " + current.keys.sorted().joined(separator: ", "),
                                 suggestion: Suggestions.didYouMean(name, in: Array(current.keys)))
            }
            return Column(name: name, type: t)
        }
        guard let f = def.field(name) else {
            if name.hasSuffix(SubjectDef.perHead), let base = def.field(String(name.dropLast(SubjectDef.perHead.count))) {
                throw perHeadMisuse(base, span: span)
            }
            let names = def.fields.map(\.name)
            throw Diagnostic(id: .unknownField, message: "unknown field \"\(name)\" for \(def.family.rawValue)", span: span,
                             expected: "a field of \(def.family.rawValue)",
                             suggestion: Suggestions.didYouMean(name, in: name.hasSuffix(SubjectDef.perHead) ? def.perHeadFields : names),
                             notes: ["fields of \(def.family.rawValue): " + names.joined(separator: ", ")])
        }
        if !needed.contains(name) { needed.append(name) }
        return Column(name: name, type: f.type)
    }

    /// Why `base per head` is not a field: `base` is not money, or the rows have no population.
    func perHeadMisuse(_ base: FieldDef, span: Span) -> Diagnostic {
        let money = def.perHeadFields
        guard def.population != nil else {
            return Diagnostic(id: .perHeadNeedsPopulation, message: "a \(def.row) has no population to divide \(base.name) by", span: span,
                              expected: "per head after a money field of areas or institutions (councils), like spent per head",
                              suggestion: "per head works for wards, council areas and councils: try wards in council \"Birmingham\" | show name, spent per head")
        }
        return Diagnostic(id: .perHeadNeedsMoney, message: "per head divides money, but \(base.name) is \(base.type == .count ? "a count" : base.type.rawValue)",
                          span: span, expected: "a money field before per head",
                          suggestion: money.isEmpty ? nil : "try one of: " + money.joined(separator: ", "))
    }

    func type(of name: String) -> FieldType? { grouped ? current[name] : def.field(name)?.type }

    var numericFields: [String] {
        grouped ? current.filter { $0.value.isNumeric }.keys.sorted() : def.fields.filter { $0.type.isNumeric }.map(\.name)
    }

    mutating func regroup(keys: [String], adding: (String, FieldType), span: Span) {
        var next: [String: FieldType] = [:]
        for k in keys { next[k] = type(of: k) ?? .text }
        next[adding.0] = adding.1
        current = next
        grouped = true
    }
}
