import CivicDiagnostics

/// How large a query may be. Each limit is far above what a person writes and far enough below
/// what the machine can take that no query within them overflows civic's stack, runs long in
/// the checker, or reaches one of SQLite's own limits (its parser's stack of 100, its expression
/// depth of 1,000, its 64 tables in a join). A query beyond one is refused at the place it goes
/// over, with the limit in the message.
public enum QueryLimits {
    /// Bytes of query text.
    public static let length = 65_536
    /// Levels of nesting: each `(`, `not` and nested query (`of …`, `by …`, `paid by …`) is one.
    public static let depth = 12
    /// Phrases (`in …`, `of …`, `during …`, `over …` …) in one query, nested queries' included.
    public static let phrases = 16
    /// Stages after `|` in one query.
    public static let stages = 8
    /// Comparisons and `in (…)` tests in one query.
    public static let conditions = 64
    /// Values in one `in (…)` list.
    public static let listValues = 500
    /// Fields in one `show`, `sort`, or `by` list.
    public static let fields = 32
    /// Faults the lexer reports before it stops looking for more.
    public static let lexerFaults = 20
}
