/// One row of a result, read in place while the statement stands on it: no array of values per
/// row unless the reader asks for one.
public protocol ResultRow {
    var columnCount: Int { get }
    func value(_ i: Int) -> Value
    func text(_ i: Int) -> String?
    func int(_ i: Int) -> Int64
    func isNull(_ i: Int) -> Bool
}

/// What the query side needs of a database: run one statement with bound values, read its rows
/// as they come, and cancel it from another thread. SQLite's `Database` is one; a second engine
/// (PostgreSQL) plugs in here. Loading is not part of it: that stays SQLite's.
public protocol Connection: AnyObject {
    /// Where the data is, for messages.
    var path: String { get }
    /// Which engine holds it: the query side writes its SQL in that engine's dialect.
    var engine: Engine { get }
    /// Runs one statement with `values` bound to its parameters, in order, and hands each row
    /// to `body` as it is read, so that long results stream.
    func each(_ sql: String, _ values: [Value], _ body: (any ResultRow) throws -> Void) throws
    /// Cancels whatever statement is running on this connection, from any thread (Ctrl-C).
    var interruptHandle: InterruptHandle { get }
    /// Starts the watch for a new query: forgets an earlier interrupt, and stops any statement
    /// still running `seconds` from now (nil: no limit) with a `.timedOut` error.
    func startWatch(timeLimit seconds: Double?)
    /// A number that changes whenever another connection commits a change to the data, so
    /// that what was read from it (the words it makes known) can be kept until then.
    func dataVersion() throws -> Int64
    /// Throws `.interrupted` or `.timedOut` if the query should stop now: for long work done
    /// outside the engine (suggesting names), which the engine's own checks do not reach.
    func checkWatch() throws
    /// Runs `body`, whose statements (a query's rows, its notes, the sources it cites) must all
    /// read the same data, even if a load commits meanwhile.
    func consistently<T>(_ body: () throws -> T) throws -> T
}

extension Connection {
    /// SQLite: a load that adds files holds the database's write lock until it commits, and a
    /// rebuild replaces the file whole; statements run as they come.
    public func consistently<T>(_ body: () throws -> T) throws -> T { try body() }

    /// `each` for a statement with no parameters.
    public func each(_ sql: String, _ body: (any ResultRow) throws -> Void) throws {
        try each(sql, [], body)
    }

    /// Runs one statement and returns every row.
    public func rows(_ sql: String, _ values: [Value] = []) throws -> [[Value]] {
        var out: [[Value]] = []
        try each(sql, values) { row in out.append((0..<row.columnCount).map(row.value)) }
        return out
    }

    /// The first column of the first row, or NULL. Reads no further than that row.
    public func scalar(_ sql: String, _ values: [Value] = []) throws -> Value {
        var first = Value.null
        do {
            try each(sql, values) { row in
                first = row.value(0)
                throw FirstRowRead()
            }
        } catch is FirstRowRead {}
        return first
    }
}

/// Thrown by `scalar` to leave `each` at the first row.
private struct FirstRowRead: Error {}

/// A way to cancel the running statement of a connection from another thread (Ctrl-C). Each
/// engine makes one from its own way of cancelling.
public final class InterruptHandle: Sendable {
    private let cancel: @Sendable () -> Void

    public init(_ cancel: @escaping @Sendable () -> Void) { self.cancel = cancel }

    /// Makes the statement running on the connection stop (in SQLite, with SQLITE_INTERRUPT).
    public func interrupt() { cancel() }
}

/// The SQL engines civic runs on: SQLite, its embedded default, and a PostgreSQL server.
public enum Engine: String, Sendable {
    case sqlite
    case postgresql
}

/// Where a `--db` (or `CIVIC_DB`) points: a SQLite file, or a PostgreSQL server's database.
public enum DatabaseLocation: Sendable, Equatable {
    case file(String)
    /// A libpq connection string: a `postgresql://` or `postgres://` URI, or empty for the
    /// standard `PG*` environment variables (`--db postgresql:`).
    case server(String)

    /// `postgresql://…`, `postgres://…` and `postgresql:` (or `postgres:`) alone name a server;
    /// anything else is a file's path.
    public init(_ given: String) {
        let lower = given.lowercased()
        if lower == "postgresql:" || lower == "postgres:" {
            self = .server("")
        } else if lower.hasPrefix("postgresql://") || lower.hasPrefix("postgres://") {
            self = .server(given)
        } else {
            self = .file(given)
        }
    }

    /// What messages show: the path, or the server's address without its password.
    public var display: String {
        switch self {
        case .file(let p): return p
        case .server(let c): return PostgresConnection.display(c)
        }
    }
}

/// civic's SQL marks each bound value with `?`, as SQLite does. An engine that numbers its
/// parameters (PostgreSQL's `$1`) has them numbered here, in order, outside quoted text and
/// quoted names: the one place that reads SQL text for its parameters.
public enum SQLParameters {
    public static func number(_ text: String, _ placeholder: (Int) -> String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count + 16)
        var quote: Character? = nil
        var n = 0
        for ch in text {
            if let q = quote {
                if ch == q { quote = nil }
                out.append(ch)
            } else if ch == "'" || ch == "\"" {
                quote = ch
                out.append(ch)
            } else if ch == "?" {
                n += 1
                out += placeholder(n)
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
