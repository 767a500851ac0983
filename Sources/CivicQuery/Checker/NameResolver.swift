import CivicDiagnostics
import CivicStorage

/// Resolves a quoted name to one thing, in the brief's order: an official code; an exact name;
/// the name's words all contained, in order, in one candidate's name. Case- and
/// punctuation-insensitive, `&` = `and`. Several: an error listing each; none: the nearest names.
struct NameResolver {
    struct Candidate: Sendable {
        var id: Value
        var name: String
        var code: String
        var kind: String
        var parent: String?

        var described: String {
            "\(kind) \(name) (\(code)\(parent.map { ", in \($0)" } ?? ""))"
        }
    }

    /// Normal form: lower case, punctuation dropped, `&` read as `and`.
    static func normalise(_ s: String) -> String {
        var out = ""
        var pendingSpace = false
        for ch in s.lowercased() {
            if ch == "&" {
                if !out.isEmpty { out.append(" ") }
                out += "and"
                pendingSpace = true
            } else if ch.isLetter || ch.isNumber {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(ch)
            } else if ch == "'" || ch == "’" || ch == "." {
                continue
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    static func wordsInOrder(_ typed: [Substring], in name: [Substring]) -> Bool {
        var i = 0
        for w in name where i < typed.count && w == typed[i] { i += 1 }
        return i == typed.count
    }

    /// `what` names the kind for messages ("ward", "area", "council").
    static func resolve(_ typed: StringLiteral, among candidates: [Candidate], what: String,
                        hint: (Candidate) -> String) throws -> Candidate {
        let text = typed.value.trimmingCharacters()
        let norm = normalise(text)
        if let byCode = unique(candidates.filter { $0.code.lowercased() == text.lowercased() }) { return byCode }
        let exact = candidates.filter { normalise($0.name) == norm }
        if exact.count == 1 { return exact[0] }
        if exact.count > 1 { throw ambiguous(typed, exact, what, hint) }
        let typedWords = norm.split(separator: " ")
        let contained = typedWords.isEmpty ? [] : candidates.filter { wordsInOrder(typedWords, in: normalise($0.name).split(separator: " ")) }
        if contained.count == 1 { return contained[0] }
        if contained.count > 1 { throw ambiguous(typed, contained, what, hint) }
        let names = Array(Set(candidates.map(\.name)))
        let near = Suggestions.nearest(norm, in: names.map(normalise), limit: 3)
        let nearNames = near.compactMap { n in names.first { normalise($0) == n } }
        throw Diagnostic(id: "unknownName", message: "no \(what) is named \"\(text)\"", span: typed.span,
                         expected: "the name or code of a \(what)",
                         suggestion: nearNames.isEmpty ? nil : "did you mean " + nearNames.map { "\"\($0)\"" }.joined(separator: " or ") + "?")
    }

    static func unique(_ c: [Candidate]) -> Candidate? { c.count == 1 ? c[0] : nil }

    static func ambiguous(_ typed: StringLiteral, _ c: [Candidate], _ what: String, _ hint: (Candidate) -> String) -> Diagnostic {
        let shown = c.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
        var notes = shown.prefix(12).map { "could be \($0.described)" }
        if shown.count > 12 { notes.append("… and \(shown.count - 12) more") }
        return Diagnostic(id: "ambiguousName", message: "\"\(typed.value)\" matches \(c.count) \(what == "area" ? "areas" : what + "s")",
                          span: typed.span, expected: "a name that picks one",
                          suggestion: "say which: " + shown.prefix(3).map(hint).joined(separator: " or "), notes: notes)
    }
}

extension String {
    func trimmingCharacters() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
