import CivicDiagnostics
import CivicStorage

/// The checker's typing of conditions: fields against the columns in scope, values against
/// the fields' types.
extension Checker {
    func condition(_ c: Condition, _ state: inout ColumnState) throws -> PlanCondition {
        switch c {
        case .and(let a, let b): return .and(try condition(a, &state), try condition(b, &state))
        case .or(let a, let b): return .or(try condition(a, &state), try condition(b, &state))
        case .not(let a, _): return .not(try condition(a, &state))
        case .compare(let l, let op, let r, let span):
            switch (l, r) {
            case (.field(let a), .field(let b)):
                let x = try state.use(a.name, span: a.span), y = try state.use(b.name, span: b.span)
                guard x.type == y.type || (x.type.isNumeric && y.type.isNumeric) else {
                    throw typeMismatch(a.name, x.type, "\(b.name) (\(y.type.rawValue))", span: span)
                }
                return .columns(x.name, op, y.name)
            case (.field(let f), let v):
                let col = try state.use(f.name, span: f.span)
                return .compare(column: col.name, type: col.type, op, try value(v, for: col, field: f.name, op: op))
            case (let v, .field(let f)):
                let col = try state.use(f.name, span: f.span)
                return .compare(column: col.name, type: col.type, op.flipped, try value(v, for: col, field: f.name, op: op.flipped))
            default:
                throw Diagnostic(id: .noField, message: "this comparison has no field", span: span,
                                 expected: "a field on one side, like amount > £500")
            }
        case .within(let l, let list, let span):
            guard case .field(let f) = l else {
                throw Diagnostic(id: .noField, message: "\"in (…)\" needs a field before it", span: span, expected: "a field, like kind in (\"school\", \"academy\")")
            }
            let col = try state.use(f.name, span: f.span)
            return .within(column: col.name, type: col.type, try list.map { try value($0, for: col, field: f.name, op: .equal) })
        }
    }

    func typeMismatch(_ field: String, _ type: FieldType, _ found: String, span: Span) -> Diagnostic {
        let example: String
        switch type {
        case .text: example = "\(field) = \"some text\" or \(field) ~ \"part\""
        case .money: example = "\(field) > £500"
        case .count, .number: example = "\(field) >= 2"
        case .date: example = "\(field) >= 2023-04-01"
        }
        return Diagnostic(id: .typeMismatch, message: "cannot compare \(field) (\(type == .count ? "a count" : type.rawValue)) with \(found)",
                          span: span, expected: "a value of the same type, like \(example)")
    }

    /// A whole number from a query's literal, or an error at its place when it is beyond 64 bits.
    static func whole(_ d: Double, _ text: String, span: Span, unit: String) throws -> Int64 {
        guard let i = Int64(exactly: d.rounded()) else {
            throw Diagnostic(id: .numberTooLarge, message: "\(text) is too large for civic to compare", span: span,
                             expected: unit.isEmpty ? "a whole number below 9,223,372,036,854,775,807"
                                                    : "an amount below 92,233,720,368,547,758.07")
        }
        return i
    }

    func value(_ v: Operand, for col: ColumnState.Column, field: String, op: Comparison) throws -> PlanValue {
        switch (col.type, v) {
        case (.text, .string(let s)):
            return .value(.text(s.value))
        case (.money, .money(let m)):
            guard op != .contains else { break }
            return .value(.integer(m.pence))
        case (.money, .number(let d, let text, let span)):
            guard op != .contains else { break }
            return .value(.integer(try Self.whole(d * 100, text, span: span, unit: "pence")))
        case (.count, .number(let d, let text, let span)), (.number, .number(let d, let text, let span)):
            guard op != .contains else { break }
            if col.type == .count && d != d.rounded() {
                throw Diagnostic(id: .notWhole, message: "\(field) is a count: compare it with a whole number", span: span, expected: "a whole number")
            }
            return .value(col.type == .count ? .integer(try Self.whole(d, text, span: span, unit: "")) : .real(d))
        case (.date, .period(let p)):
            let (a, b) = try bounds(p)
            return .dateRange(a, b)
        case (.date, .number(let d, let text, let span)):
            guard text.count == 4, d == d.rounded() else {
                throw Diagnostic(id: .typeMismatch, message: "cannot compare \(field) (a date) with the number \(text)", span: span,
                                 expected: "a date, month or year, like 2023-04-01, 2012-06 or 2023")
            }
            let (a, b) = Periods.bounds(.year(Int(d), span: span))
            return .dateRange(a, b)
        default:
            break
        }
        let found: String
        switch v {
        case .string(let s): found = "the text \"\(s.value)\""
        case .money(let m): found = "the money \(m.text)"
        case .number(_, let t, _): found = "the number \(t)"
        case .period: found = "a date"
        case .field(let f): found = f.name
        }
        if op == .contains && col.type != .text {
            return try { throw Diagnostic(id: .containsNeedsText, message: "\"~\" (contains) works on text, but \(field) is \(col.type.rawValue)",
                                          span: v.span, expected: "=, !=, <, <=, > or >= for \(col.type.rawValue)") }()
        }
        throw typeMismatch(field, col.type, found, span: v.span)
    }
}

extension Comparison {
    var flipped: Comparison {
        switch self {
        case .less: return .greater
        case .lessEqual: return .greaterEqual
        case .greater: return .less
        case .greaterEqual: return .lessEqual
        default: return self
        }
    }
}
