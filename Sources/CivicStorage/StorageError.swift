/// An error from SQLite: its result code and message, plus the SQL that failed.
///
/// The SQL is kept for `--explain` and debugging output; `description` shows it but never
/// the bound values, which may hold user data.
public struct StorageError: Error, CustomStringConvertible, Sendable {
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var description: String {
        var s = "SQLite error \(code): \(message)"
        if let sql { s += " (in: \(sql))" }
        return s
    }

    /// True when the error is SQLITE_INTERRUPT (the statement was cancelled).
    public var isInterrupt: Bool { code == 9 }
}
