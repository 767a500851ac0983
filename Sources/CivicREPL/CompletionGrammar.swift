import CivicOutput
import CivicQuery

/// What Tab offers outside quotes: the words the grammar (`Grammar/civic.ebnf`) allows at the
/// cursor. The text before the cursor is read token by token through the grammar's places
/// (a subject, its phrases, a condition, each stage) and the place where it ends says what may
/// come next: after `show ` the subject's fields, after `sort amount ` a direction, a comma or
/// `|`, after `where party ` a comparison. Loose by design: it never rejects the text, and
/// after anything it does not follow it offers nothing rather than a wrong word.
struct Walker {
    let completion: Completion
    let text: String
    let tokens: [Tok]

    enum Tok: Equatable {
        case word(String)  // lower-cased
        case string, value, pipe, comma, open, close, dotDot
        case op(String)
    }

    enum Condition { case operand, afterOperand, value, afterValue, listOpen, list, afterListItem }
    enum SortPlace { case start, field, afterField, afterDirection }
    enum GroupPlace { case field, afterField, key, afterKey(unit: Bool), ofDate }

    enum Place {
        case subject([String])  // the words of a subject (or kind) so far; none at a query's start
                                // (after of, by, paid by: a kind and a name, a query, or "(")
        case phrases            // after a subject or a phrase
        case inPhrase(kind: Bool)  // after "in": a kind of area or a name; after the kind, the name
        case string             // a name in quotes
        case word(String)       // "spending" → "on", "paid" → "by"
        case during, fiscal, afterPeriod, periodEnd
        case money
        case condition(Condition)
        case stage
        case show(field: Bool)
        case sort(SortPlace)
        case top(done: Bool)
        case group(String, GroupPlace)  // total, count, average
        case chart
        case unknown
    }

    /// A level of parentheses: a query in brackets, a bracketed condition, or an `in (…)` list.
    enum Paren { case query, condition, list }

    /// A query being read: its own subject (which the stages read) and the subject whose
    /// phrases are being read now (a nested query's, after `of schools`).
    struct Level {
        var subject: String?
        var current: String?
        var saved: String?
    }

    var place = Place.subject([])
    var inStages = false
    var levels = [Level()]
    var parens: [Paren] = []
    /// Whether the subject being read follows of, by or paid by.
    var nestedSubject = false

    init(completion: Completion, text: String) {
        self.completion = completion
        self.text = text
        tokens = Walker.lex(text)
    }

    var engine: QueryEngine { completion.engine }

    // MARK: reading

    static func lex(_ text: String) -> [Tok] {
        let c = Array(text.unicodeScalars)
        var i = 0
        var out: [Tok] = []
        func isLetter(_ u: Unicode.Scalar) -> Bool { u.properties.isAlphabetic || u == "_" }
        while i < c.count {
            let u = c[i]
            switch u {
            case " ", "\t", "\n", "\r": i += 1
            case "-" where i + 1 < c.count && c[i + 1] == "-":
                while i < c.count && c[i] != "\n" { i += 1 }
            case "\"", "'":
                i += 1
                while i < c.count && c[i] != u && c[i] != "\n" { i += 1 }
                i += 1
                out.append(.string)
            case "|": i += 1; out.append(.pipe)
            case ",": i += 1; out.append(.comma)
            case "(": i += 1; out.append(.open)
            case ")": i += 1; out.append(.close)
            case "." where i + 1 < c.count && c[i + 1] == ".": i += 2; out.append(.dotDot)
            case "=", "!", "<", ">", "~":
                var op = String(u)
                i += 1
                if i < c.count, ["=", ">"].contains(c[i]), u != "~" { op.unicodeScalars.append(c[i]); i += 1 }
                out.append(.op(op == "==" ? "=" : op))
            default:
                if isLetter(u) {
                    var w = ""
                    while i < c.count, isLetter(c[i]) || c[i].properties.numericType != nil || c[i] == "'" || c[i] == "’" {
                        w.unicodeScalars.append(c[i]); i += 1
                    }
                    out.append(.word(w.lowercased()))
                } else {
                    // A number, money, a date, a month or a financial year.
                    i += 1
                    while i < c.count, !" \t\n\r|,()=!<>~\"".unicodeScalars.contains(c[i]),
                          !(c[i] == "." && i + 1 < c.count && c[i + 1] == ".") { i += 1 }
                    out.append(.value)
                }
            }
        }
        return out
    }

    /// The words valid after all of the tokens.
    mutating func expected() -> [String] {
        var i = 0
        while i < tokens.count {
            // A field per head reads as the field: "per" after a word wants "head", and the two
            // words add nothing to the place the field leaves.
            if tokens[i] == .word("per"), i > 0, tokens[i - 1].isWord {
                if i + 1 == tokens.count { return ["head"] }
                if tokens[i + 1] == .word("head") { i += 2; continue }
            }
            step(tokens[i], next: i + 1 < tokens.count ? tokens[i + 1] : nil)
            i += 1
        }
        if inStages, let pipe = text.lastIndex(of: "|") { columns = completion.columns(before: String(text[..<pipe])) }
        return offer() + perAfterField
    }

    /// "per" after a money field that can be divided per head, where a field has just ended.
    var perAfterField: [String] {
        guard columns == nil, case .word(let w)? = tokens.last, let family else { return [] }
        switch place {
        case .show(field: false), .sort(.afterField), .condition(.afterOperand), .condition(.afterValue), .group(_, .afterField):
            return engine.perHeadBases(of: family).contains(w) ? ["per"] : []
        default:
            return []
        }
    }

    var level: Level {
        get { levels[levels.count - 1] }
        set { levels[levels.count - 1] = newValue }
    }

    /// Ends a subject of `words`: a known subject, or a kind that a name follows.
    mutating func endSubject(_ words: [String]) {
        let s = words.joined(separator: " ")
        if nestedSubject {
            level.saved = level.current
            level.current = s
        } else {
            level.subject = s
            level.current = s
        }
        nestedSubject = false
    }

    mutating func step(_ t: Tok, next: Tok?) {
        switch place {
        case .subject(let words):
            if case .word(let w) = t {
                // As the parser reads it; at the cursor, "spending" and "paid" are taken to begin
                // their phrases.
                let startsPhrase = (w == "spending" && (next == .word("on") || next == nil))
                    || (w == "paid" && (next == .word("by") || next == nil))
                    || (Self.phraseKeywords.contains(w) && w != "paid")
                if words.isEmpty || !startsPhrase {
                    if words == ["spending"] && w == "on" { endSubject(words); place = .string; return }
                    place = .subject(words + [w])
                    return
                }
                endSubject(words)
                place = .phrases
                step(t, next: next)
            } else if t == .string, !words.isEmpty {
                // A kind and a name: one thing. After of / by it takes no phrases of its own.
                let nested = nestedSubject
                endSubject(words)
                if nested { level.current = level.saved }
                place = .phrases
            } else if t == .open, words.isEmpty, nestedSubject {
                parens.append(.query)
                levels.append(Level())
                nestedSubject = false
            } else if !words.isEmpty {
                endSubject(words)
                place = .phrases
                step(t, next: next)
            } else {
                place = .unknown
            }
        case .phrases, .afterPeriod:
            if case .afterPeriod = place, t == .dotDot { place = .periodEnd; return }
            switch t {
            case .word("in"): place = .inPhrase(kind: false)
            case .word("of"), .word("by"): place = .subject([]); nestedSubject = true
            case .word("paid"): place = .word("by")
            case .word("spending"): place = .word("on")
            case .word("named"): place = .string
            case .word("during"): place = .during
            case .word("over"), .word("under"): place = .money
            case .word("where"): place = .condition(.operand)
            case .pipe: stagesBegin()
            case .close: closeParen()
            default: place = .unknown
            }
        case .inPhrase:
            place = t == .string ? .phrases : (t.isWord ? .inPhrase(kind: true) : .unknown)
        case .string:
            place = t == .string ? .phrases : .unknown
        case .word(let w):
            if t == .word(w) {
                if w == "by" { place = .subject([]); nestedSubject = true } else { place = .string }
            } else {
                place = .unknown
            }
        case .during:
            if t == .word("fy") { place = .fiscal } else if t == .value { place = .afterPeriod } else { place = .unknown }
        case .fiscal, .periodEnd, .money:
            place = t == .value ? .phrases : .unknown
        case .condition(let c):
            condition(c, t, next: next)
        case .stage:
            switch t {
            case .word("where"): place = .condition(.operand)
            case .word("show"): place = .show(field: true)
            case .word("sort"): place = .sort(.start)
            case .word("top"): place = .top(done: false)
            case .word("total"): place = .group("total", .field)
            case .word("average"): place = .group("average", .field)
            case .word("count"): place = .group("count", .afterField)
            case .word("chart"): place = .chart
            default: place = .unknown
            }
        case .show(let field):
            if t == .pipe { stagesBegin(); return }
            place = field ? (t.isWord ? .show(field: false) : .unknown) : (t == .comma ? .show(field: true) : .unknown)
        case .sort(let s):
            if t == .pipe { stagesBegin(); return }
            switch (s, t) {
            case (.start, .word("by")): place = .sort(.field)
            case (.start, .word), (.field, .word): place = .sort(.afterField)
            case (.afterField, .word("asc")), (.afterField, .word("desc")): place = .sort(.afterDirection)
            case (.afterField, .comma), (.afterDirection, .comma): place = .sort(.field)
            default: place = .unknown
            }
        case .top(let done):
            if t == .pipe && done { stagesBegin(); return }
            place = !done && t == .value ? .top(done: true) : .unknown
        case .group(let name, let g):
            if t == .pipe, case .afterField = g { stagesBegin(); return }
            if t == .pipe, case .afterKey = g { stagesBegin(); return }
            switch (g, t) {
            case (.field, .word): place = .group(name, .afterField)
            case (.afterField, .word("by")): place = .group(name, .key)
            case (.key, .word(let w)): place = .group(name, .afterKey(unit: TimeUnit.words.contains(w)))
            case (.afterKey(true), .word("of")): place = .group(name, .ofDate)
            case (.ofDate, .word): place = .group(name, .afterKey(unit: false))
            case (.afterKey, .comma): place = .group(name, .key)
            default: place = .unknown
            }
        case .chart:
            if t == .pipe { stagesBegin() } else { place = .unknown }
        case .unknown:
            break
        }
    }

    mutating func condition(_ c: Condition, _ t: Tok, next: Tok?) {
        switch (c, t) {
        case (.operand, .word("not")): place = .condition(.operand)
        case (.operand, .open): parens.append(.condition); place = .condition(.operand)
        case (.operand, .word), (.operand, .string), (.operand, .value): place = .condition(.afterOperand)
        case (.afterOperand, .op): place = .condition(.value)
        case (.afterOperand, .word("in")): place = .condition(.listOpen)
        case (.value, .word), (.value, .string), (.value, .value): place = .condition(.afterValue)
        case (.listOpen, .open): parens.append(.list); place = .condition(.list)
        case (.list, .word), (.list, .string), (.list, .value): place = .condition(.afterListItem)
        case (.afterListItem, .comma): place = .condition(.list)
        case (.afterListItem, .close), (.afterValue, .close):
            closeParen()
        case (.afterValue, .word("and")), (.afterValue, .word("or")): place = .condition(.operand)
        case (.afterValue, _) where inStages:
            if t == .pipe { stagesBegin() } else { place = .unknown }
        case (.afterValue, _):
            place = .phrases
            step(t, next: next)
        default:
            place = .unknown
        }
    }

    mutating func closeParen() {
        guard let p = parens.popLast() else { place = .unknown; return }
        switch p {
        case .query:
            levels.removeLast()
            place = .phrases
        case .condition, .list:
            place = .condition(.afterValue)
        }
    }

    mutating func stagesBegin() {
        guard parens.allSatisfy({ $0 == .query }) else { place = .unknown; return }
        // A nested query without brackets takes no stages: they are the outer query's.
        if !inStages { level.current = level.subject }
        inStages = true
        place = .stage
    }

    // MARK: offering

    static let phraseKeywords: Set<String> = ["in", "of", "by", "paid", "named", "during", "over", "under", "where"]
    static let areaKinds = ["ward", "council", "constituency", "region", "county", "country"]
    static let comparisons = ["=", "!=", "<", "<=", ">", ">=", "~", "in"]

    /// The family of the subject whose phrases are being read.
    var family: Family? {
        guard let s = level.current else { return nil }
        return engine.family(of: s) ?? engine.family(ofKind: s)
    }

    /// After a grouping stage, the columns it leaves (nil: the subject's fields still apply).
    var columns: [ColumnInfo]?

    var fields: [String] {
        if let c = columns { return c.map(\.name) }
        return family.map(engine.fields(of:)) ?? []
    }

    var numericFields: [String] {
        if let c = columns { return c.filter { [.money, .count, .number].contains($0.type) }.map(\.name) }
        return family.map(engine.numericFields(of:)) ?? []
    }

    var dateFields: [String] {
        if let c = columns { return c.filter { $0.type == .date }.map(\.name) }
        return family.map(engine.dateFields(of:)) ?? []
    }

    /// What may follow a subject or a phrase.
    var afterPhrase: [String] {
        Completion.phraseWords + ["|"] + (parens.last == .query ? [")"] : [])
    }

    func offer() -> [String] {
        switch place {
        case .subject(let words):
            let kinds = engine.knownKinds
            let subjects = engine.knownSubjects.sorted()
            if words.isEmpty {
                return (nestedSubject ? kinds + subjects + ["("] : subjects + kinds)
            }
            // The next word of a subject or kind of several words ("youth" → "centres").
            let typed = words.joined(separator: " ") + " "
            var next: [String] = []
            for s in subjects + kinds where s.hasPrefix(typed) {
                if let w = s.dropFirst(typed.count).split(separator: " ").first, !next.contains(String(w)) { next.append(String(w)) }
            }
            let whole = words.joined(separator: " ")
            // A whole subject: the phrases that may follow (a kind wants a name in quotes).
            if engine.knownSubjects.contains(whole) {
                next += (whole == "spending" ? ["on"] : []) + afterPhrase
            }
            return next
        case .phrases:
            return afterPhrase
        case .afterPeriod:
            return [".."] + afterPhrase
        case .inPhrase(let kind):
            return kind ? [] : Self.areaKinds
        case .word(let w):
            return [w]
        case .during:
            return ["fy"]
        case .string, .fiscal, .periodEnd, .money, .unknown:
            return []
        case .condition(let c):
            switch c {
            case .operand: return fields + ["not", "("]
            case .afterOperand: return Self.comparisons
            case .value, .list: return []
            case .listOpen: return ["("]
            case .afterListItem: return [",", ")"]
            case .afterValue:
                let close = parens.last == .condition ? [")"] : []
                return ["and", "or"] + close + (inStages ? ["|"] : afterPhrase)
            }
        case .stage:
            return Completion.stageWords
        case .show(let field):
            return field ? fields : [",", "|"]
        case .sort(let s):
            switch s {
            case .start: return ["by"] + fields
            case .field: return fields
            case .afterField: return ["asc", "desc", ",", "|"]
            case .afterDirection: return [",", "|"]
            }
        case .top(let done):
            return done ? ["|"] : []
        case .group(_, let g):
            switch g {
            case .field: return numericFields
            case .afterField: return ["by", "|"]
            case .key: return fields + (dateFields.isEmpty ? [] : TimeUnit.words)
            case .afterKey(let unit): return (unit && !dateFields.isEmpty ? ["of"] : []) + [",", "|"]
            case .ofDate: return dateFields
            }
        case .chart:
            return ["|"]
        }
    }
}

extension Walker.Tok {
    var isWord: Bool { if case .word = self { return true } else { return false } }
}
