/// One SQLite value, as stored or bound. Mirrors SQLite's five storage classes.
public enum Value: Equatable, Hashable, Sendable, CustomStringConvertible {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public var description: String {
        switch self {
        case .null: return "NULL"
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .text(let v): return v
        case .blob(let v): return "<\(v.count) bytes>"
        }
    }

    public var int: Int64? {
        switch self {
        case .integer(let v): return v
        case .real(let v): return Int64(exactly: v)
        case .text(let s): return Int64(s)
        default: return nil
        }
    }

    public var string: String? {
        switch self {
        case .null: return nil
        case .text(let s): return s
        default: return description
        }
    }

    public var isNull: Bool { self == .null }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(nilLiteral: ()) { self = .null }
}

public extension Value {
    /// A text value, or NULL for nil.
    static func text(_ s: String?) -> Value { s.map { .text($0) } ?? .null }
    /// An integer value, or NULL for nil.
    static func int(_ i: Int64?) -> Value { i.map { .integer($0) } ?? .null }
    static func int(_ i: Int?) -> Value { i.map { .integer(Int64($0)) } ?? .null }
}
