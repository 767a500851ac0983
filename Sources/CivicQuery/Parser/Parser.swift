import CivicDiagnostics

/// A recursive-descent parser with one method per production of `Grammar/civic.ebnf`.
/// Every loop consumes at least one token per turn or stops, so no input can hang it.
struct Parser {
    var tokens: [Token]
    var pos = 0
    /// The grammar productions this parse went through (for the grammar-coverage test).
    private(set) var productions: Set<String> = []
    /// How deep the parse is in parentheses, `not`s and nested queries, and how many stages
    /// and conditions it has read: each is held to `QueryLimits`.
    private var depth = 0
    private var stageCount = 0
    private var phraseCount = 0
    private var conditionCount = 0

    static let phraseKeywords: Set<String> = ["in", "of", "by", "paid", "named", "during", "over", "under", "where"]
    static let stageKeywords: Set<String> = ["where", "show", "sort", "top", "total", "count", "average", "chart"]

    /// Known subjects (lower-cased word sequences). With them, a subject is the longest known
    /// run of words, so `spending bye council` reports "bye" rather than an unknown subject.
    let subjects: Set<String>?

    init(tokens: [Token], subjects: Set<String>? = nil) {
        self.tokens = tokens
        self.subjects = subjects
    }

    /// Parses a whole query; throws a `Diagnostic` at the first fault.
    static func parse(_ source: String, subjects: Set<String>? = nil) throws -> Query {
        try checkLength(source)
        var p = Parser(tokens: try Lexer.tokens(source), subjects: subjects)
        return try p.parseQueryText()
    }

    /// Parses and also returns the productions used.
    static func parseTracing(_ source: String) throws -> (Query, Set<String>) {
        try checkLength(source)
        var p = Parser(tokens: try Lexer.tokens(source))
        let q = try p.parseQueryText()
        return (q, p.productions)
    }

    // MARK: limits

    /// Refuses text longer than `QueryLimits.length` before lexing it, pointing at where it
    /// goes over.
    static func checkLength(_ source: String) throws {
        let n = source.utf8.count
        guard n > QueryLimits.length else { return }
        // The span is in bytes; start it on a character boundary.
        var at = source.utf8.index(source.utf8.startIndex, offsetBy: QueryLimits.length)
        while at > source.startIndex, !source.unicodeScalars.indices.contains(at) { at = source.utf8.index(before: at) }
        let start = source.utf8.distance(from: source.utf8.startIndex, to: at)
        throw Diagnostic(id: .queryTooLarge, message: "the query is \(n) bytes long; civic takes at most \(QueryLimits.length)",
                         span: Span(start, start + 1), expected: "a query of at most \(QueryLimits.length) bytes", found: "\(n) bytes")
    }

    /// Goes one level deeper (into parentheses, a `not` or a nested query) at `token`; the
    /// caller calls `ascend()` when it comes out.
    mutating func descend(at token: Token) throws {
        depth += 1
        guard depth <= QueryLimits.depth else {
            throw error(.queryTooDeep, "this goes \(depth) levels deep; civic takes at most \(QueryLimits.depth) levels of parentheses, \"not\" and nested queries",
                        expected: "a query nested at most \(QueryLimits.depth) levels deep", at: token)
                .with(notes: ["a condition with many levels can often be written flat: \"a or b or c\" needs no parentheses"])
        }
    }

    mutating func ascend() { depth -= 1 }

    /// Counts one more stage or condition at `token`, and refuses one beyond the limit.
    mutating func countStage(at token: Token) throws {
        stageCount += 1
        if stageCount > QueryLimits.stages {
            throw error(.queryTooLarge, "this is stage \(stageCount); civic takes at most \(QueryLimits.stages) stages in a query",
                        expected: "at most \(QueryLimits.stages) stages", at: token)
        }
    }

    mutating func countCondition(at token: Token) throws {
        conditionCount += 1
        if conditionCount > QueryLimits.conditions {
            throw error(.queryTooLarge, "this is condition \(conditionCount); civic takes at most \(QueryLimits.conditions) comparisons in a query",
                        expected: "at most \(QueryLimits.conditions) comparisons", at: token)
        }
    }

    /// Refuses a list (of fields, sort keys or values) that has grown past `limit`, at `token`.
    func checkListLength(_ count: Int, limit: Int, of what: String, at token: Token) throws {
        if count > limit {
            throw error(.queryTooLarge, "civic takes at most \(limit) \(what) in one list", expected: "at most \(limit) \(what)", at: token)
        }
    }

    // MARK: helpers

    var current: Token { tokens[pos] }
    func peek(_ k: Int = 1) -> Token { tokens[min(pos + k, tokens.count - 1)] }

    @discardableResult
    mutating func advance() -> Token {
        let t = tokens[pos]
        if pos < tokens.count - 1 { pos += 1 }
        return t
    }

    func check(_ kind: Token.Kind) -> Bool { current.kind == kind }
    func checkWord(_ w: String) -> Bool { current.isWord(w) }

    mutating func match(_ kind: Token.Kind) -> Token? { check(kind) ? advance() : nil }
    mutating func matchWord(_ w: String) -> Token? { checkWord(w) ? advance() : nil }

    mutating func enter(_ production: String) { productions.insert(production) }

    /// The span from a start offset to the end of the last consumed token.
    func spanFrom(_ start: Int) -> Span {
        let end = pos > 0 ? tokens[pos - 1].span.end : start
        return Span(start, max(start, end))
    }

    func error(_ id: DiagnosticID, _ message: String, expected: String? = nil, at token: Token? = nil, suggestion: String? = nil) -> Diagnostic {
        let t = token ?? current
        return Diagnostic(id: id, message: message, span: t.span, expected: expected,
                          found: t.kind == .end ? "the end of the query" : t.display, suggestion: suggestion)
    }

    mutating func expect(_ kind: Token.Kind, _ what: String, id: DiagnosticID = .expected) throws -> Token {
        guard let t = match(kind) else { throw error(id, "expected \(what)", expected: what) }
        return t
    }

    // MARK: query = ( entity | subject ) { phrase } { "|" stage } ;

    mutating func parseQueryText() throws -> Query {
        let q = try parseQuery()
        if !check(.end) {
            if check(.rightParen) { throw error(.unbalancedParen, "this \")\" closes nothing", expected: "a phrase, \"|\" and a stage, or the end of the query") }
            throw error(.unexpectedToken, "unexpected \(current.display)",
                        expected: "a phrase (in, of, by, paid by, named, during, over, under, where, spending on), \"|\" and a stage, or the end of the query",
                        suggestion: Parser.suggestKeyword(current))
        }
        return q
    }

    /// `stages` is false for a nested query without parentheses: its stages would be ambiguous.
    mutating func parseQuery(stages allowStages: Bool = true) throws -> Query {
        enter("query")
        let start = current.span.start
        var subject = try parseSubject()
        // entity = kind_words , string ;  a singular kind and a name pick one thing.
        if check(.string) {
            enter("entity")
            subject.name = try parseString("a name in quotes")
        }
        var phrases: [Phrase] = []
        // "spending on X" reads as the subject spending with the phrase "spending on X".
        if subject.words == ["spending"], checkWord("on"), peek().kind == .string {
            enter("spending_on")
            let on = advance()
            let name = try parseString("the name of a category")
            phrases.append(.spendingOn(name, span: on.span + name.span))
        }
        while startsPhrase() {
            phraseCount += 1
            if phraseCount > QueryLimits.phrases {
                throw error(.queryTooLarge, "this is phrase \(phraseCount); civic takes at most \(QueryLimits.phrases) phrases in a query",
                            expected: "at most \(QueryLimits.phrases) phrases")
            }
            let before = pos
            phrases.append(try parsePhrase())
            precondition(pos > before, "a phrase must consume input")
        }
        var stages: [Stage] = []
        while allowStages, let pipe = match(.pipe) {
            try countStage(at: pipe)
            stages.append(try parseStage())
        }
        return Query(subject: subject, phrases: phrases, stages: stages, span: spanFrom(start))
    }

    // MARK: subject = word { word } ;

    mutating func parseSubject() throws -> Subject {
        enter("subject")
        guard check(.word), !Parser.phraseKeywords.contains(current.lower) || checkWord("spending") else {
            throw error(.expectedSubject, "expected what to list",
                        expected: "a subject such as institutions, councillors, spending, budgets, wards or suppliers")
        }
        let start = current.span.start
        let first = pos
        var words: [String] = [advance().lower]
        while check(.word) && !startsPhrase() && !Parser.phraseKeywords.contains(current.lower) {
            if words == ["spending"] && checkWord("on") { break }
            words.append(advance().lower)
        }
        if let subjects, !subjects.contains(words.joined(separator: " ")) {
            // Back off to the longest known subject, leaving the rest to be reported where it is.
            // No subject is longer than the longest known one: start there, not at a thousand words.
            let longest = subjects.map { $0.split(separator: " ").count }.max() ?? 1
            for n in stride(from: min(words.count - 1, longest), through: 1, by: -1) where subjects.contains(words.prefix(n).joined(separator: " ")) {
                pos = first + n
                return Subject(words: Array(words.prefix(n)), span: spanFrom(start))
            }
        }
        return Subject(words: words, span: spanFrom(start))
    }

    func startsPhrase() -> Bool {
        guard check(.word) else { return false }
        if checkWord("spending") { return peek().isWord("on") }
        if checkWord("paid") { return peek().isWord("by") }
        return Parser.phraseKeywords.contains(current.lower) && !checkWord("paid")
    }

    /// "did you mean …" for a word that is close to a keyword.
    static func suggestKeyword(_ t: Token) -> String? {
        guard t.kind == .word else { return nil }
        return Suggestions.didYouMean(t.lower, in: Array(phraseKeywords) + ["spending on", "paid by"])
    }
}
