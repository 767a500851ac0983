import CivicQuery

/// Queries shaped by the grammar: `Grammar/civic.ebnf` expanded at random from `query`, with a
/// bound on depth past which every choice takes its shortest way out; and queries of extreme
/// shape (thousands of parentheses, `not`s, stages, huge numbers, long names) that no depth
/// bound of a grammar walk would reach.
public struct QueryGenerator: Sendable {
    public let grammar: EBNFGrammar
    public let words: QueryWords
    /// The longest random text in a string (most are short; one in twenty is up to this long).
    public var maxText = 2000
    /// For each production, the fewest nested productions it takes to finish it.
    let heights: [String: Int]

    /// Productions written in code: the lexical ones, and the word-shaped ones that read better
    /// filled from the vocabulary than from `word , { word }`.
    static let supplied: Set<String> = ["string", "money", "word", "subject", "kind_words", "field",
                                        "YEAR", "MONTH", "DATE", "FISCAL_YEAR", "NUMBER", "DIGITS", "DIGITS_WITH_COMMAS",
                                        "LETTER", "DIGIT"]

    public init(grammar: EBNFGrammar, words: QueryWords) {
        self.grammar = grammar
        self.words = words
        var h: [String: Int] = [:]
        func height(_ r: EBNFGrammar.Rule) -> Int? {
            switch r {
            case .terminal: return 0
            case .reference(let n):
                if Self.supplied.contains(n) || grammar.rules[n] == nil { return 1 }
                return h[n].map { $0 + 1 }
            case .sequence(let rs):
                var m = 0
                for x in rs { guard let v = height(x) else { return nil }; m = max(m, v) }
                return m
            case .choice(let rs): return rs.compactMap(height).min()
            case .optional, .repetition: return 0
            }
        }
        var changed = true
        while changed {
            changed = false
            for (name, rule) in grammar.rules where !Self.supplied.contains(name) {
                if let v = height(rule), h[name].map({ v < $0 }) ?? true { h[name] = v; changed = true }
            }
        }
        heights = h
    }

    // MARK: grammar walk

    /// A query from the grammar's `query` production, nested at most `maxDepth` productions deep
    /// before choices turn to their shortest alternative.
    public func grammarQuery(_ r: inout FuzzRandom, maxDepth: Int) -> String {
        var out: [String] = []
        var context = Context()
        expand(.reference("query"), depth: 0, maxDepth: maxDepth, into: &out, &context, &r)
        return join(out, &r)
    }

    /// What the walk has said so far that the next word depends on: the subject's family (for
    /// its fields), a kind just written (for a name of that kind), the productions it is in.
    struct Context {
        var family: Family?
        var kind: String?
        var path: [String] = []
    }

    func height(_ rule: EBNFGrammar.Rule) -> Int {
        switch rule {
        case .terminal, .optional, .repetition: return 0
        case .reference(let n): return Self.supplied.contains(n) ? 1 : (heights[n] ?? 1) + 1
        case .sequence(let rs): return rs.map(height).max() ?? 0
        case .choice(let rs): return rs.map(height).min() ?? 0
        }
    }

    func expand(_ rule: EBNFGrammar.Rule, depth: Int, maxDepth: Int, into out: inout [String], _ c: inout Context, _ r: inout FuzzRandom) {
        let deep = depth >= maxDepth
        switch rule {
        case .terminal(let t):
            out.append(r.chance(0.03) ? Self.recase(t, &r) : t)
        case .reference(let name):
            if Self.supplied.contains(name) || grammar.rules[name] == nil {
                out.append(supply(name, &c, &r))
            } else if let def = grammar.rules[name] {
                c.path.append(name)
                expand(def, depth: depth + 1, maxDepth: maxDepth, into: &out, &c, &r)
                c.path.removeLast()
            }
        case .sequence(let rs):
            for x in rs { expand(x, depth: depth, maxDepth: maxDepth, into: &out, &c, &r) }
        case .choice(let rs):
            let pick: EBNFGrammar.Rule
            if deep {
                let hs = rs.map(height)
                let low = hs.min() ?? 0
                pick = r.pick(rs.indices.filter { hs[$0] == low }.map { rs[$0] })
            } else {
                pick = r.pick(rs)
            }
            expand(pick, depth: depth, maxDepth: maxDepth, into: &out, &c, &r)
        case .optional(let x):
            if !deep && r.chance(0.5) { expand(x, depth: depth, maxDepth: maxDepth, into: &out, &c, &r) }
        case .repetition(let x):
            let n = deep ? 0 : r.small()
            for _ in 0..<n { expand(x, depth: depth, maxDepth: maxDepth, into: &out, &c, &r) }
        }
    }

    /// Tokens joined mostly by one space, now and then by a newline, a tab, a comment or nothing.
    func join(_ tokens: [String], _ r: inout FuzzRandom) -> String {
        var s = ""
        for (i, t) in tokens.enumerated() {
            if i > 0 {
                switch r.below(100) {
                case 0..<90: s += " "
                case 90..<93: s += "\n"
                case 93..<95: s += "\t "
                case 95..<97: s += " -- note\n"
                case 97..<99: s += "   "
                default: break
                }
            }
            s += t
        }
        return s
    }

    static func recase(_ t: String, _ r: inout FuzzRandom) -> String {
        switch r.below(3) {
        case 0: return t.uppercased()
        case 1: return t.prefix(1).uppercased() + t.dropFirst()
        default: return String(t.map { c in r.chance(0.5) ? Character(c.uppercased()) : c })
        }
    }

    // MARK: values

    /// A value for a production written in code.
    func supply(_ name: String, _ c: inout Context, _ r: inout FuzzRandom) -> String {
        switch name {
        case "string":
            defer { c.kind = nil }
            if c.path.last == "spending_on", !words.categories.isEmpty, r.chance(0.8) { return quote(r.pick(words.categories), &r) }
            if let k = c.kind, let names = words.namesByKind[k], r.chance(0.8) { return quote(r.pick(names), &r) }
            return string(&r)
        case "subject":
            let s = r.chance(0.92) ? r.pick(words.subjects) : misspell(r.pick(words.subjects), &r)
            c.family = words.families[s]
            return s
        case "kind_words":
            let k = r.chance(0.95) ? r.pick(words.kinds) : misspell(r.pick(words.kinds), &r)
            c.kind = k
            return k
        case "field":
            // A grouping's key is now and then a time unit (by month, by year of start).
            if c.path.last == "group_key", r.chance(0.3) { return r.pick(TimeUnit.words) }
            if let f = c.family, let fields = words.fieldsByFamily[f], !fields.isEmpty, r.chance(0.85) { return r.pick(fields) }
            return r.chance(0.95) ? r.pick(words.fields) : misspell(r.pick(words.fields), &r)
        default:
            return supply(name, &r)
        }
    }

    /// A value for a production written in code, out of context.
    public func supply(_ name: String, _ r: inout FuzzRandom) -> String {
        switch name {
        case "string": return string(&r)
        case "money": return money(&r)
        case "subject": return r.chance(0.92) ? r.pick(words.subjects) : misspell(r.pick(words.subjects), &r)
        case "kind_words": return r.chance(0.95) ? r.pick(words.kinds) : misspell(r.pick(words.kinds), &r)
        case "field": return r.chance(0.95) ? r.pick(words.fields) : misspell(r.pick(words.fields), &r)
        case "word", "LETTER": return Self.letters(r.int(1...10), &r)
        case "YEAR": return year(&r)
        case "MONTH": return year(&r) + "-" + Self.two(r.chance(0.95) ? r.int(1...12) : r.int(0...99))
        case "DATE": return date(&r)
        case "FISCAL_YEAR":
            let y = r.chance(0.9) ? r.int(2010...2026) : r.int(0...9999)
            let next = r.chance(0.9) ? (y + 1) % 100 : r.below(100)
            return Self.four(y) + "/" + Self.two(next)
        case "NUMBER": return number(&r)
        case "DIGIT": return String(r.below(10))
        default: return Self.digits(r.logUniform(12), &r)
        }
    }

    func string(_ r: inout FuzzRandom) -> String {
        let body: String
        switch r.below(100) {
        case 0..<70: body = r.pick(words.names)
        case 70..<80: body = misspell(r.pick(words.names), &r)
        case 80..<90: body = Self.text(r.logUniform(40), &r)
        case 90..<95: body = ""
        default: body = Self.text(r.logUniform(maxText), &r)
        }
        return quote(body, &r)
    }

    /// Text in quotes, a quote inside doubled; now and then left open.
    func quote(_ body: String, _ r: inout FuzzRandom) -> String {
        let q: Character = r.chance(0.85) ? "\"" : "'"
        var s = String(q)
        for c in body where c != "\n" && c != "\r" {
            s.append(c)
            if c == q { s.append(q) }
        }
        if r.chance(0.98) { s.append(q) }
        return s
    }

    func money(_ r: inout FuzzRandom) -> String {
        var s = r.chance(0.03) ? "-£" : "£"
        switch r.below(10) {
        case 0..<6: s += String(r.logUniform(1_000_000))
        case 6: s += Self.grouped(r.logUniform(Int.max / 2))
        case 7: s += Self.digits(r.logUniform(40), &r)
        default: s += String(r.logUniform(100_000)) + "." + Self.digits(r.int(1...3), &r)
        }
        if r.chance(0.3) { s += r.pick(["k", "m", "bn", "b", "K", "M", "BN"]) }
        return s
    }

    func number(_ r: inout FuzzRandom) -> String {
        switch r.below(10) {
        case 0..<6: return String(r.logUniform(1000) - (r.chance(0.1) ? 1 : 0))
        case 6: return String(r.logUniform(100)) + "." + Self.digits(r.int(1...4), &r)
        case 7: return (r.chance(0.3) ? "-" : "") + Self.digits(r.logUniform(60), &r)
        case 8: return String(r.logUniform(Int.max))
        default: return String(r.logUniform(100_000))
        }
    }

    func year(_ r: inout FuzzRandom) -> String { Self.four(r.chance(0.9) ? r.int(2010...2026) : r.int(0...9999)) }

    func date(_ r: inout FuzzRandom) -> String {
        year(&r) + "-" + Self.two(r.chance(0.95) ? r.int(1...12) : r.int(0...99)) + "-" + Self.two(r.chance(0.9) ? r.int(1...28) : r.int(0...99))
    }

    func misspell(_ w: String, _ r: inout FuzzRandom) -> String {
        var cs = Array(w)
        guard !cs.isEmpty else { return "x" }
        let i = r.below(cs.count)
        switch r.below(4) {
        case 0: cs.remove(at: i)
        case 1: cs.insert(Character(Unicode.Scalar(UInt8(97 + r.below(26)))), at: i)
        case 2: if i + 1 < cs.count { cs.swapAt(i, i + 1) }
        default: cs[i] = Character(Unicode.Scalar(UInt8(97 + r.below(26))))
        }
        return String(cs)
    }

    // MARK: text pieces

    static func two(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n % 100) }
    static func four(_ n: Int) -> String { String(repeating: "0", count: max(0, 4 - String(n).count)) + String(n) }

    static func digits(_ n: Int, _ r: inout FuzzRandom) -> String {
        String((0..<n).map { _ in Character(Unicode.Scalar(UInt8(48 + r.below(10)))) })
    }

    static func letters(_ n: Int, _ r: inout FuzzRandom) -> String {
        String((0..<n).map { _ in Character(Unicode.Scalar(UInt8(97 + r.below(26)))) })
    }

    static func grouped(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, c) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    /// Characters people put in names, and some they do not.
    static let textPieces: [String] = ["a", "e", "o", "n", "s", "t", " ", " ", "-", "&", "'", "\"", ",", ".", "(", ")", "é", "ß",
                                       "£", "€", "’", "—", "🏫", "\u{301}", "\u{200B}", "\u{FEFF}", "%", "_", "\\", "*", ";",
                                       "\u{7F}", "\t", "ǅ", "İ", "ﬁ", "\u{10FFFF}"]

    static func text(_ n: Int, _ r: inout FuzzRandom) -> String {
        var s = ""
        for _ in 0..<n { s += r.chance(0.6) ? String(Character(Unicode.Scalar(UInt8(97 + r.below(26))))) : r.pick(textPieces) }
        return s
    }
}
