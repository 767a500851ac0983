import CivicStorage

/// A fragment of SQL and the values bound to its `?`s, in order. Values never enter the text.
struct SQL: Sendable, Equatable, ExpressibleByStringLiteral {
    var text: String
    var params: [Value]

    init(_ text: String, _ params: [Value] = []) {
        self.text = text
        self.params = params
    }

    init(stringLiteral value: String) { self.init(value) }

    static func + (a: SQL, b: SQL) -> SQL { SQL(a.text + b.text, a.params + b.params) }
    static func + (a: SQL, b: String) -> SQL { SQL(a.text + b, a.params) }
    static func + (a: String, b: SQL) -> SQL { SQL(a + b.text, b.params) }
    static func += (a: inout SQL, b: SQL) { a = a + b }
    static func += (a: inout SQL, b: String) { a = a + b }

    /// One bound value: `?`.
    static func value(_ v: Value) -> SQL { SQL("?", [v]) }

    static func joined(_ parts: [SQL], _ separator: String) -> SQL {
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
