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
        /// The name's normal form: the database's `name_norm` where it has one (the loader wrote
        /// it with the same rules), else worked out here.
        var norm: String

        init(id: Value, name: String, code: String, kind: String, parent: String?, norm: String? = nil) {
            self.id = id
            self.name = name
            self.code = code
            self.kind = kind
            self.parent = parent
            self.norm = norm ?? NameResolver.normalise(name)
        }

        var described: String {
            "\(kind) \(name) (\(code)\(parent.map { ", in \($0)" } ?? ""))"
        }
    }

    /// Normal form: lower case, punctuation dropped, `&` read as `and` (the schema's rule).
    static func normalise(_ s: String) -> String { Normalise.name(s) }

    static func wordsInOrder(_ typed: [Substring], in name: [Substring]) -> Bool {
        var i = 0
        for w in name where i < typed.count && w == typed[i] { i += 1 }
        return i == typed.count
    }

    /// `what` names the kind for messages ("ward", "area", "council"). `hint` says how to
    /// write one candidate so that it is told apart from the others it is listed with.
    static func resolve(_ typed: StringLiteral, among candidates: [Candidate], what: String, stop: () throws -> Void = {},
                        hint: @escaping (Candidate, [Candidate]) -> String) throws -> Candidate {
        try resolve(typed, what: what, fetch: { _ in candidates }, stop: stop, hint: hint)
    }

    /// The same, asking `fetch` for the candidates of each stage, so that a database finds them
    /// through its indexes: a code or a whole name first, then names holding the words, and
    /// every name only to suggest the nearest when nothing matched. Each stage's answer may be
    /// a superset; the rules here decide. `stop` is asked now and then while suggesting, and
    /// throws to end the search (Ctrl-C, a time limit).
    static func resolve(_ typed: StringLiteral, what: String, fetch: (NameMatch) throws -> [Candidate], stop: () throws -> Void = {},
                        hint: @escaping (Candidate, [Candidate]) -> String) throws -> Candidate {
        let text = typed.value.trimmingCharacters()
        // No name or code is anywhere near this long: say so without looking.
        guard text.utf8.count <= longestName else {
            throw Diagnostic(id: .unknownName, message: "no \(what) is named \"\(text)\"", span: typed.span,
                             expected: "the name or code of a \(what) (no name is longer than \(longestName) bytes)")
        }
        let norm = normalise(text)
        let first = try fetch(.codeOrName(code: text, norm: norm))
        let lowered = text.lowercased()
        if let byCode = unique(first.filter { $0.code.lowercased() == lowered }) { return byCode }
        let exact = first.filter { $0.norm == norm }
        if exact.count == 1 { return exact[0] }
        if exact.count > 1 { throw ambiguous(typed, exact, what) { hint($0, exact) } }
        let typedWords = norm.split(separator: " ")
        let contained = typedWords.isEmpty ? []
            : try fetch(.words(typedWords.map(String.init))).filter { wordsInOrder(typedWords, in: $0.norm.split(separator: " ")) }
        if contained.count == 1 { return contained[0] }
        if contained.count > 1 { throw ambiguous(typed, contained, what) { hint($0, contained) } }
        // Text too long to be any name is refused before every name is read.
        let nearNames = norm.count > Suggestions.maxLength ? [] : try nearest(norm, among: try fetch(.all), stop: stop)
        throw Diagnostic(id: .unknownName, message: "no \(what) is named \"\(text)\"", span: typed.span,
                         expected: "the name or code of a \(what)",
                         suggestion: nearNames.isEmpty ? nil : "did you mean " + nearNames.map { "\"\($0)\"" }.joined(separator: " or ") + "?")
    }

    /// The longest name looked for, in bytes: four times the longest in the bundled data.
    static let longestName = 1_000

    static func unique(_ c: [Candidate]) -> Candidate? { c.count == 1 ? c[0] : nil }

    /// The names nearest a name that matched none: first those whose words, in order, each
    /// begin with or lie within a small edit of a typed word ("Hodge Hil" → "Bromford & Hodge
    /// Hill"), then those nearest by edit distance over the whole name ("Birmingam"). Text
    /// longer than `Suggestions.maxLength`, or of more than 12 words, gets none; `stop` is
    /// asked every 1,024 candidates.
    static func nearest(_ norm: String, among candidates: [Candidate], limit: Int = 3, stop: () throws -> Void = {}) throws -> [String] {
        let typedWords = norm.split(separator: " ")
        guard !typedWords.isEmpty, typedWords.count <= 12, norm.count <= Suggestions.maxLength else { return [] }
        // Compared as bytes: names' normal forms are lower case and nearly all ASCII, and a
        // candidate costs one copy of its bytes rather than a string per word.
        let typed = typedWords.map { Array($0.utf8) }
        var byWords: [(name: String, cost: Int)] = []
        var seen: Set<String> = []
        var bytes: [UInt8] = []
        var words: [Range<Int>] = []
        for (i, c) in candidates.enumerated() {
            if i & 1023 == 1023 { try stop() }
            bytes.removeAll(keepingCapacity: true)
            bytes.append(contentsOf: c.norm.utf8)
            words.removeAll(keepingCapacity: true)
            var start = 0
            for (k, b) in bytes.enumerated() where b == 0x20 {
                if k > start { words.append(start..<k) }
                start = k + 1
            }
            if bytes.count > start { words.append(start..<bytes.count) }
            guard let cost = fuzzyWordsInOrder(typed, in: bytes, words: words), seen.insert(c.name).inserted else { continue }
            byWords.append((c.name, cost * 100 + words.count))
        }
        // The nearest only: fewer edits first, then shorter names.
        let fewest = byWords.map { $0.cost / 100 }.min() ?? 0
        byWords = byWords.filter { $0.cost / 100 == fewest }
        byWords.sort { $0.cost != $1.cost ? $0.cost < $1.cost : $0.name < $1.name }
        var out = byWords.prefix(limit).map(\.name)
        if out.count < limit {
            // A name by its normal form (the first in name order where several share one).
            var byNorm: [String: String] = [:]
            for c in candidates where byNorm[c.norm].map({ c.name < $0 }) ?? true { byNorm[c.norm] = c.name }
            // Only the nearest of them: "Manchster" offers Manchester, not Lancaster as well.
            let near = Suggestions.nearest(norm, in: Array(byNorm.keys), limit: limit)
            let best = near.first.map { Suggestions.distance(norm, $0) } ?? 0
            for n in near where Suggestions.distance(norm, n) == best {
                if let name = byNorm[n], !out.contains(name) { out.append(name) }
                if out.count == limit { break }
            }
        }
        return out
    }

    /// The total edit cost of matching each typed word, in order, to a word of a name (its
    /// bytes, and each word's range in them) that it begins (a cut-short word costs 1) or lies
    /// within a small edit of; nil when some cannot.
    static func fuzzyWordsInOrder(_ typed: [[UInt8]], in bytes: [UInt8], words: [Range<Int>]) -> Int? {
        var cost = 0, j = 0
        for w in typed {
            var matched = false
            let allowed = w.count >= 8 ? 2 : (w.count >= 4 ? 1 : 0)
            while j < words.count {
                let n = bytes[words[j]]
                j += 1
                if n.elementsEqual(w) { matched = true; break }
                if w.count >= 3 && n.starts(with: w) { cost += 1; matched = true; break }
                if allowed > 0 && abs(n.count - w.count) <= allowed,
                   let d = Suggestions.distance(w, Array(n), limit: allowed) {
                    cost += d; matched = true; break
                }
            }
            if !matched { return nil }
        }
        return cost
    }

    /// The same for words as strings (what the tests write).
    static func fuzzyWordsInOrder(_ typed: [String], in name: [String]) -> Int? {
        var bytes: [UInt8] = []
        var words: [Range<Int>] = []
        for w in name {
            words.append(bytes.count..<(bytes.count + w.utf8.count))
            bytes.append(contentsOf: w.utf8)
        }
        return fuzzyWordsInOrder(typed.map { Array($0.utf8) }, in: bytes, words: words)
    }

    static func ambiguous(_ typed: StringLiteral, _ c: [Candidate], _ what: String, _ hint: (Candidate) -> String) -> Diagnostic {
        let shown = c.sorted { ($0.kind, $0.name) < ($1.kind, $1.name) }
        var notes = shown.prefix(12).map { "could be \($0.described)" }
        if shown.count > 12 { notes.append("… and \(shown.count - 12) more") }
        return Diagnostic(id: .ambiguousName, message: "\"\(typed.value)\" matches \(c.count) \(what == "area" ? "areas" : what + "s")",
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
