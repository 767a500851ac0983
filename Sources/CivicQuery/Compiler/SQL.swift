import CivicStorage

/// A fragment of SQL and the values bound to its `?`s, in order. Values never enter the text.
public struct SQL: Sendable, Equatable, ExpressibleByStringLiteral {
    public var text: String
    public var params: [Value]

    public init(_ text: String, _ params: [Value] = []) {
        self.text = text
        self.params = params
    }

    public init(stringLiteral value: String) { self.init(value) }

    public static func + (a: SQL, b: SQL) -> SQL { SQL(a.text + b.text, a.params + b.params) }
    public static func + (a: SQL, b: String) -> SQL { SQL(a.text + b, a.params) }
    public static func + (a: String, b: SQL) -> SQL { SQL(a + b.text, b.params) }
    public static func += (a: inout SQL, b: SQL) { a = a + b }
    public static func += (a: inout SQL, b: String) { a = a + b }

    /// One bound value: `?`.
    public static func value(_ v: Value) -> SQL { SQL("?", [v]) }

    public static func joined(_ parts: [SQL], _ separator: String) -> SQL {
        var out = SQL("")
        for (i, p) in parts.enumerated() {
            if i > 0 { out += separator }
            out += p
        }
        return out
    }
}

/// Identifiers reach SQL only from the catalogue, and always quoted.
func quoted(_ identifier: String) -> String {
    "\"" + identifier.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
}
