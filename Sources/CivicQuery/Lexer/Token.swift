import CivicDiagnostics

/// A token of the civic language, with its byte span in the query text.
struct Token: Sendable, Equatable {
    enum Kind: String, Sendable {
        case word          // keywords, subjects and field names: case-insensitive
        case string        // "…" or '…'
        case number        // 12, 2.5
        case money         // £1,234.50, £20k, £1.5m, £2bn
        case date          // 2024-03-31
        case month         // 2012-06
        case fiscalYear    // 2023/24 (after `fy`)
        case dotDot        // ..
        case pipe          // |
        case comma, leftParen, rightParen
        case equal, notEqual, less, lessEqual, greater, greaterEqual, tilde
        case end
    }

    var kind: Kind
    /// The token's text as typed (a string's text without its quotes).
    var text: String
    var span: Diagnostic.Span
    /// Money in pence, for `.money`.
    var pence: Int64?

    init(_ kind: Kind, _ text: String, _ span: Diagnostic.Span, pence: Int64? = nil) {
        self.kind = kind
        self.text = text
        self.span = span
        self.pence = pence
    }

    /// A word's lower-cased form, for keyword comparison.
    var lower: String { text.lowercased() }

    func isWord(_ w: String) -> Bool { kind == .word && lower == w }

    /// How the token reads in an error message.
    var display: String {
        switch kind {
        case .end: return "the end of the query"
        case .string: return "\"\(text)\""
        case .word: return "\"\(text)\""
        default: return "\"\(text)\""
        }
    }
}
