import CivicDiagnostics

typealias Span = Diagnostic.Span

/// A whole query: what is listed, narrowed by phrases, then stages after `|`.
struct Query: Sendable, Equatable {
    var subject: Subject
    var phrases: [Phrase]
    var stages: [Stage]
    var span: Span
}

/// What comes back: `institutions`, `councillors`, `youth centres` …, as typed (lower-cased words).
/// With a name, a singular kind picks one thing: `school "Hodge Hill School"`, `ward "Aston"`.
struct Subject: Sendable, Equatable {
    var words: [String]
    var span: Span
    var name: StringLiteral?
    var text: String { words.joined(separator: " ") }

    init(words: [String], span: Span, name: StringLiteral? = nil) {
        self.words = words
        self.span = span
        self.name = name
    }
}

struct StringLiteral: Sendable, Equatable {
    var value: String
    var span: Span
}

/// A kind word before a name: `ward "X"`, `council "X"`, `school "X"`.
struct KindWord: Sendable, Equatable {
    var words: [String]
    var span: Span
    var text: String { words.joined(separator: " ") }
}

/// A phrase narrows the subject; phrases combine with AND.
indirect enum Phrase: Sendable, Equatable {
    case inArea(kind: KindWord?, name: StringLiteral, span: Span)
    case spendingOn(StringLiteral, span: Span)
    case of(Nested, span: Span)
    case by(Nested, span: Span)
    case paidBy(Nested, span: Span)
    case named(StringLiteral, span: Span)
    case during(Period, span: Span)
    case over(MoneyLiteral, span: Span)
    case under(MoneyLiteral, span: Span)
    case whereClause(Condition, span: Span)

    var span: Span {
        switch self {
        case .inArea(_, _, let s), .spendingOn(_, let s), .of(_, let s), .by(_, let s), .paidBy(_, let s),
             .named(_, let s), .during(_, let s), .over(_, let s), .under(_, let s), .whereClause(_, let s):
            return s
        }
    }
}

/// What `of`, `by` and `paid by` refer to: one named thing, or a query of its own.
indirect enum Nested: Sendable, Equatable {
    case entity(kind: KindWord, name: StringLiteral, span: Span)
    case query(Query)

    var span: Span {
        switch self {
        case .entity(_, _, let s): return s
        case .query(let q): return q.span
        }
    }
}

struct MoneyLiteral: Sendable, Equatable {
    var pence: Int64
    var text: String
    var span: Span
}

/// A period: a year, a month, a day, a financial year or a range of them.
indirect enum Period: Sendable, Equatable {
    case year(Int, span: Span)
    case month(year: Int, month: Int, span: Span)
    case day(String, span: Span)
    case financialYear(Int, text: String, span: Span)
    case range(Period, Period, span: Span)

    var span: Span {
        switch self {
        case .year(_, let s), .month(_, _, let s), .day(_, let s), .financialYear(_, _, let s), .range(_, _, let s): return s
        }
    }
}

enum Comparison: String, Sendable, Equatable {
    case equal = "=", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">=", contains = "~"
}

indirect enum Condition: Sendable, Equatable {
    case and(Condition, Condition)
    case or(Condition, Condition)
    case not(Condition, span: Span)
    case compare(Operand, Comparison, Operand, span: Span)
    case within(Operand, [Operand], span: Span)

    var span: Span {
        switch self {
        case .and(let a, let b), .or(let a, let b): return a.span + b.span
        case .not(_, let s), .compare(_, _, _, let s), .within(_, _, let s): return s
        }
    }
}

enum Operand: Sendable, Equatable {
    case field(FieldRef)
    case string(StringLiteral)
    case number(Double, text: String, span: Span)
    case money(MoneyLiteral)
    case period(Period)

    var span: Span {
        switch self {
        case .field(let f): return f.span
        case .string(let s): return s.span
        case .number(_, _, let s): return s
        case .money(let m): return m.span
        case .period(let p): return p.span
        }
    }
}

struct FieldRef: Sendable, Equatable {
    var name: String
    var span: Span
}

/// What a grouping stage groups by: a field (`by supplier`), or a time unit of a date
/// (`by month`, `by year of start`). Which a word is, the checker decides: a field named like a
/// unit is the field.
struct GroupKey: Sendable, Equatable {
    var field: FieldRef
    /// The date field after `of`.
    var of: FieldRef?

    var span: Span { of.map { field.span + $0.span } ?? field.span }
}

struct SortKey: Sendable, Equatable {
    var field: FieldRef
    var descending: Bool
}

/// A stage after `|`, applied left to right.
enum Stage: Sendable, Equatable {
    case whereClause(Condition, span: Span)
    case show([FieldRef], span: Span)
    case sort([SortKey], span: Span)
    case top(Int, span: Span)
    case total(FieldRef, by: [GroupKey], span: Span)
    case count(by: [GroupKey], span: Span)
    case average(FieldRef, by: [GroupKey], span: Span)
    case chart(span: Span)

    var span: Span {
        switch self {
        case .whereClause(_, let s), .show(_, let s), .sort(_, let s), .top(_, let s), .total(_, _, let s),
             .count(_, let s), .average(_, _, let s), .chart(let s): return s
        }
    }
}
