import CivicStorage

/// The checked query: names resolved to codes, fields to the catalogue, values to typed SQL
/// values. The SQL compiler turns a Plan into SQL; nothing here is unchecked user text.
struct Plan: Sendable {
    var subject: SubjectDef
    /// The rows the subject word itself picks (`councillors` = roles whose role is councillor).
    var subjectFilter: SubjectFilter?
    var subjectLabel: String
    var filters: [PlanFilter]
    /// Base fields the query needs, in first-use order.
    var needed: [String]
    var visible: [String]
    var ops: [PlanOp]
    var columns: [ColumnInfo]
    var chart: Bool
}

/// The subject's own narrowing: rows whose `column` (of the subject's row) is one of `values`.
struct SubjectFilter: Sendable, Equatable {
    enum Column: String, Sendable { case kind, role }
    var column: Column
    var values: [String]
}

enum PlanFilter: Sendable {
    case area(code: String)
    case category(id: Int64)
    case of(Nested)
    case by(Nested)
    case paidBy(Nested)
    case named(String)
    case period(from: String, to: String)
    /// One row, by its key: a query that starts with a kind and a name.
    case identity(Value)

    indirect enum Nested: Sendable {
        case institution(Int64)
        case query(Plan)
    }
}

/// A typed value for SQL.
enum PlanValue: Sendable {
    case value(Value)
    /// A period compared with a date field: `=` means within it.
    case dateRange(String, String)
}

indirect enum PlanCondition: Sendable {
    case and(PlanCondition, PlanCondition)
    case or(PlanCondition, PlanCondition)
    case not(PlanCondition)
    case compare(column: String, type: FieldType, Comparison, PlanValue)
    case columns(String, Comparison, String)
    case within(column: String, type: FieldType, [PlanValue])
}

enum PlanOp: Sendable {
    case filter(PlanCondition)
    case sort([(String, Bool)])
    case top(Int)
    case group(keys: [PlanKey], aggregate: Aggregate?)
    case project([String])
}

/// A key a grouping stage groups by: a column, or a time unit of a date column, whose groups
/// are labelled as `TimeUnit` says and whose column is named after the unit.
enum PlanKey: Sendable, Equatable {
    case column(String)
    case time(TimeUnit, of: String)

    /// The column the key gives.
    var name: String {
        switch self {
        case .column(let c): return c
        case .time(let unit, _): return unit.rawValue
        }
    }
}

struct Aggregate: Sendable {
    enum Function: String, Sendable { case total, count, average }
    var function: Function
    var column: String?
}

/// A result column: its name and type.
public struct ColumnInfo: Sendable, Equatable {
    public var name: String
    public var type: FieldType

    public init(name: String, type: FieldType) {
        self.name = name
        self.type = type
    }
}

enum Periods {
    /// The financial year (by its first calendar year) an ISO date falls in.
    static func financialYear(of iso: String) -> Int {
        let y = Int(iso.prefix(4)) ?? 0
        let m = Int(iso.dropFirst(5).prefix(2)) ?? 1
        return m >= 4 ? y : y - 1
    }

    static func pad(_ v: Int, _ n: Int = 2) -> String {
        let s = String(v)
        return String(repeating: "0", count: max(0, n - s.count)) + s
    }

    static func lastDay(_ y: Int, _ m: Int) -> Int {
        switch m {
        case 2: return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whether a period runs from the first day of a month to the last day of a month.
    static func wholeMonths(_ from: String, _ to: String) -> Bool {
        let p = to.split(separator: "-").compactMap { Int($0) }
        return from.hasSuffix("-01") && p.count == 3 && p[2] == lastDay(p[0], p[1])
    }

    /// The ISO date of the day after `iso`.
    static func dayAfter(_ iso: String) -> String {
        let p = iso.split(separator: "-").compactMap { Int($0) }
        guard p.count == 3 else { return iso }
        var (y, m, d) = (p[0], p[1], p[2] + 1)
        if d > lastDay(y, m) { d = 1; m += 1 }
        if m > 12 { m = 1; y += 1 }
        return "\(pad(y, 4))-\(pad(m))-\(pad(d))"
    }

    /// The first and last day of a period.
    static func bounds(_ p: Period) -> (String, String) {
        switch p {
        case .year(let y, _): return ("\(pad(y, 4))-01-01", "\(pad(y, 4))-12-31")
        case .month(let y, let m, _): return ("\(pad(y, 4))-\(pad(m))-01", "\(pad(y, 4))-\(pad(m))-\(pad(lastDay(y, m)))")
        case .day(let d, _): return (d, d)
        case .financialYear(let y, _, _): return ("\(pad(y, 4))-04-01", "\(pad(y + 1, 4))-03-31")
        case .range(let a, let b, _): return (bounds(a).0, bounds(b).1)
        }
    }
}
