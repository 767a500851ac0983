import CivicDiagnostics
import Foundation

/// Errors that teach, for two mistakes the lexer and parser would otherwise report by their
/// first symptom: SQL typed at civic (`select * from payments` said only `unexpected character
/// "*"`), and a name left out of quotes (`councillors in ward Aston` said "expected a name in
/// quotes after ward aston"). Both are looked for in the text before it is lexed, since the
/// symptom may be a character the lexer refuses (`*`, the `&` of `Bromford & Hodge Hill`).
enum Hints {
    /// The first error of `source`'s kind, if it is one of these mistakes.
    static func check(_ source: String) -> Diagnostic? {
        notSQL(source) ?? unquotedName(source)
    }

    // MARK: SQL

    /// Words that start an SQL statement and never a civic query.
    static let sqlVerbs: Set<String> = ["select", "insert", "update", "delete", "drop", "create", "alter", "pragma", "attach", "replace"]

    /// The civic subject for a table or view name written in SQL.
    static let subjectForTable: [String: String] = [
        "payments": "spending", "payments_view": "spending", "payment": "spending", "spending": "spending",
        "budgets": "budgets", "budgets_view": "budgets", "budget": "budgets",
        "institutions": "institutions", "institutions_view": "institutions", "institution": "institutions",
        "roles": "roles", "roles_view": "roles", "people": "people", "candidacies": "candidates",
        "candidacies_view": "candidates", "candidates": "candidates", "wards": "wards", "wards_view": "wards",
        "areas": "areas", "suppliers": "suppliers", "categories": "categories", "councillors": "councillors",
        "councils": "councils", "schools": "schools", "sources": "sources",
    ]

    /// `SELECT … FROM table [WHERE …] [ORDER BY …] [LIMIT n]`, and any other SQL statement: "civic
    /// is not SQL", with the closest civic query where one is obvious.
    static func notSQL(_ source: String) -> Diagnostic? {
        let words = Words(source)
        guard let first = words.items.first, sqlVerbs.contains(first.lower) else { return nil }
        // "select" could only start a civic query as a misspelt subject; one followed by a
        // quote or nothing at all is left to the parser.
        guard words.items.count > 1 else { return nil }
        let span = Span(first.start, first.end)
        let expected = "a civic query: what to list, then phrases and stages, like spending by council \"Bradford\" | top 10"
        guard first.lower == "select" else {
            return Diagnostic(id: .notSQL, message: "civic is not SQL: it only reads, and \"\(first.text)\" starts an SQL statement",
                              span: span, expected: expected,
                              suggestion: "to change the data, load files with `civic load`; to use SQL, open the database file itself (docs/SCHEMA.md), or serve it with `civic datasette`")
        }
        return Diagnostic(id: .notSQL, message: "civic is not SQL: a query says what to list, with no select or from",
                          span: span, expected: expected, suggestion: translate(source, words).map { "try: \($0)" }
                            ?? "`civic schema` lists the subjects and their fields; to use SQL, open the database file itself (docs/SCHEMA.md)")
    }

    /// A civic query for a simple SELECT, or nil when none is obvious.
    static func translate(_ source: String, _ words: Words) -> String? {
        let items = words.items
        guard let from = items.firstIndex(where: { $0.lower == "from" }), from + 1 < items.count,
              let subject = subjectForTable[items[from + 1].lower.trimmingCharacters(in: ["\"", "`", "[", "]", ";"])] else { return nil }
        // What is selected: `*`, `count(*)`, or plain column names.
        let selected = String(source.utf8[source.utf8.index(source.utf8.startIndex, offsetBy: items[0].end)
                                          ..< source.utf8.index(source.utf8.startIndex, offsetBy: items[from].start)])!
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var stages: [String] = []
        var query = subject
        // The clauses after FROM, each up to the next.
        let rest = Array(items[(from + 2)...])
        func clauseText(_ start: Int, _ end: Int?) -> String {
            guard start < rest.count, end.map({ start < $0 }) ?? true else { return "" }
            let u = source.utf8
            let a = u.index(u.startIndex, offsetBy: rest[start].start)
            let b = end.map { u.index(u.startIndex, offsetBy: rest[$0].start) } ?? u.endIndex
            return String(u[a..<b])!.trimmingCharacters(in: CharacterSet.whitespacesAndNewlines.union([";"]))
        }
        let whereAt = rest.firstIndex { $0.lower == "where" }
        let orderAt = rest.indices.first { $0 + 1 < rest.count && rest[$0].lower == "order" && rest[$0 + 1].lower == "by" }
        let limitAt = rest.firstIndex { $0.lower == "limit" }
        let ends = [whereAt, orderAt, limitAt].compactMap { $0 }
        func end(after i: Int) -> Int? { ends.filter { $0 > i }.min() }
        // Anything else (a join, a group by) has no obvious civic query.
        if let firstClause = ends.min(), firstClause != 0 { return nil }
        if ends.isEmpty && !rest.isEmpty && rest.contains(where: { !$0.text.allSatisfy { $0 == ";" } }) { return nil }
        if let w = whereAt {
            let condition = clauseText(w + 1, end(after: w))
            guard !condition.isEmpty else { return nil }
            query += " where " + condition.replacingOccurrences(of: " AND ", with: " and ").replacingOccurrences(of: " OR ", with: " or ")
        }
        if selected.lowercased().replacingOccurrences(of: " ", with: "") == "count(*)" {
            stages.append("count")
        } else if selected != "*" {
            let columns = selected.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard columns.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" } }) else { return nil }
            stages.append("show " + columns.joined(separator: ", "))
        }
        if let o = orderAt {
            let keys = clauseText(o + 2, end(after: o))
            guard !keys.isEmpty else { return nil }
            stages.append("sort " + keys.replacingOccurrences(of: " DESC", with: " desc").replacingOccurrences(of: " ASC", with: " asc"))
        }
        if let l = limitAt {
            let n = clauseText(l + 1, end(after: l))
            guard let count = Int(n), count > 0 else { return nil }
            stages.append("top \(count)")
        }
        return ([query] + stages).joined(separator: " | ")
    }

    // MARK: unquoted names

    /// The kinds of area after `in`, longest first.
    static let areaKinds = ["council area", "ward", "council", "constituency", "region", "county", "country"]
    /// Where a name ends: a phrase, a stage or the end of the query.
    static let nameEnds: Set<String> = ["in", "of", "by", "paid", "named", "during", "over", "under", "where"]

    /// `in ward Aston`, `in ward Bromford & Hodge Hill`: a kind of area followed by words that
    /// are not in quotes, up to the next phrase or stage.
    static func unquotedName(_ source: String) -> Diagnostic? {
        let items = Words(source).items
        var i = 0
        while i < items.count {
            defer { i += 1 }
            guard items[i].lower == "in", !items[i].quoted else { continue }
            var k = i + 1
            var kind: String?
            for candidate in areaKinds {
                let parts = candidate.split(separator: " ").map(String.init)
                if k + parts.count <= items.count, zip(parts, items[k..<(k + parts.count)]).allSatisfy({ $0 == $1.lower && !$1.quoted }) {
                    kind = candidate
                    k += parts.count
                    break
                }
            }
            guard let kind, k < items.count, !items[k].quoted, !nameEnds.contains(items[k].lower),
                  items[k].text.first.map({ $0.isLetter || $0.isNumber }) == true else { continue }
            var last = k
            while last + 1 < items.count, !items[last + 1].quoted, !nameEnds.contains(items[last + 1].lower),
                  !items[last + 1].text.hasPrefix("|"), !items[last + 1].text.hasPrefix("(") {
                last += 1
            }
            // A quoted name after the words: a kind of more words than these, left to the parser.
            if last + 1 < items.count, items[last + 1].quoted { continue }
            let u = source.utf8
            let name = String(u[u.index(u.startIndex, offsetBy: items[k].start)..<u.index(u.startIndex, offsetBy: items[last].end)])!
            // A name ends where a stage begins, even with no space before the `|`.
            let clean = name.split(separator: "|", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? name
            guard !clean.isEmpty, !clean.contains("\""), !clean.contains("'") else { continue }
            let start = items[k].start, end = start + clean.utf8.count
            let fixed = String(u[u.startIndex..<u.index(u.startIndex, offsetBy: start)])! + "\"\(clean)\""
                + String(u[u.index(u.startIndex, offsetBy: end)...])!
            return Diagnostic(id: .nameNeedsQuotes, message: "put the name in quotes: \(kind) \"\(clean)\"",
                              span: Span(start, end), expected: "a name in quotes after \(kind)", found: clean,
                              suggestion: "try: \(fixed)")
        }
        return nil
    }

    /// The query's words split at spaces, with their byte offsets, and whether each lies in a
    /// string (a quoted stretch, which no hint looks inside).
    struct Words {
        struct Item {
            var text: String
            var lower: String { text.lowercased() }
            var start: Int
            var end: Int
            var quoted: Bool
        }

        var items: [Item] = []

        init(_ source: String) {
            var quote: UInt8?
            var start: Int?
            var startQuoted = false
            let bytes = Array(source.utf8)
            func close(_ end: Int) {
                if let s = start {
                    items.append(Item(text: String(decoding: bytes[s..<end], as: UTF8.self), start: s, end: end, quoted: startQuoted))
                }
                start = nil
            }
            for (i, b) in bytes.enumerated() {
                if let q = quote {
                    if b == q { quote = nil }
                    continue
                }
                if b == 0x22 || b == 0x27 {
                    if start == nil { start = i; startQuoted = true }
                    quote = b
                    continue
                }
                if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D {
                    close(i)
                } else if start == nil {
                    start = i
                    startQuoted = false
                }
            }
            close(bytes.count)
        }
    }
}
