import CSQLite
#if canImport(Glibc)
import Glibc
#endif

/// A connection to one SQLite database file. Owns its handle and closes it on deinit.
/// Not Sendable: use it from one thread at a time.
public final class Database: Connection {
    let handle: OpaquePointer
    public let path: String

    /// Opens (and by default creates) the database at `path`.
    public init(path: String, readOnly: Bool = false, create: Bool = true) throws {
        self.path = path
        _ = Database.configured
        if readOnly { Database.rollBackInterruptedLoad(path) }
        var db: OpaquePointer?
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        flags |= SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)  // a failed open still allocates a handle
            throw StorageError(code: rc, message: "\(message): \(path)")
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        do {
            try execute("PRAGMA foreign_keys = ON")
            // Reading: map the file into memory rather than copy each page through read(2) into
            // a 2 MB cache. Summaries over a national database read it whole, and mapped they
            // take about 40% less time (11.9 s → 6.9 s for every supplier's total over 5M
            // payments). The pages are the kernel's page cache, shared and given back under
            // pressure, not memory of civic's own.
            if readOnly { try execute("PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -16384") }
            sqlite3_busy_timeout(db, 5000)
            // For tests of cancelling a long query: every query made slow, a millisecond's
            // pause each thousand steps of SQLite's machine, so that one that takes half a
            // second takes minutes. Nothing else sets this.
            if readOnly, getenv("CIVIC_TEST_SLOW_QUERIES") != nil {
                sqlite3_progress_handler(db, 1000, { _ in usleep(1000); return 0 }, nil)
            }
        } catch {
            sqlite3_close_v2(db)
            throw error
        }
    }

    deinit { sqlite3_close_v2(handle) }

    /// Process-wide SQLite settings, applied once before the first connection opens.
    private static let configured: Bool = {
        civic_sqlite_disable_memstatus()
        return true
    }()

    /// A load killed mid-transaction leaves a hot journal beside the database. A read-write
    /// connection rolls it back on its first read; a read-only one cannot, and would fail. So a
    /// read-only open first lets a brief read-write connection do it. A journal that belongs to a
    /// load still running is not hot (the load holds its lock), and that read just reads.
    static func rollBackInterruptedLoad(_ path: String) {
        guard access(path + "-journal", F_OK) == 0, access(path, W_OK) == 0 else { return }
        var db: OpaquePointer?
        defer { sqlite3_close_v2(db) }
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, nil) == SQLITE_OK, let db else { return }
        sqlite3_busy_timeout(db, 5000)
        sqlite3_exec(db, "SELECT count(*) FROM sqlite_master", nil, nil, nil)
    }

    /// How long a statement waits for another connection's lock before giving up.
    public func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    func error(_ rc: Int32, sql: String?) -> StorageError {
        StorageError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    /// Runs one or more SQL statements that take no parameters.
    public func execute(_ sql: String) throws {
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errmsg)
            throw StorageError(code: rc, message: message, sql: sql)
        }
    }

    public func prepare(_ sql: String) throws -> Statement { try Statement(database: self, sql: sql) }

    /// Runs one statement and hands it to `body` at each row, to read columns straight from it
    /// (no array of values per row, for long results).
    public func each(_ sql: String, _ values: [Value], _ body: (any ResultRow) throws -> Void) throws {
        let stmt = try prepare(sql)
        try stmt.bind(values)
        while try stmt.step() { try body(stmt) }
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    public var changes: Int { Int(sqlite3_changes(handle)) }

    /// Runs `body` inside a transaction: commits if it returns, rolls back if it throws and
    /// rethrows the first error (a failing rollback does not hide it).
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN IMMEDIATE")
        let result: T
        do {
            result = try body()
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        do {
            try execute("COMMIT")
        } catch {
            try? execute("ROLLBACK")
            throw error
        }
        return result
    }

    /// Cancels whatever statement is running on this connection (safe from a signal handler's thread).
    public func interrupt() { sqlite3_interrupt(handle) }

    /// `interrupt` for another thread to call: it holds the bare handle, not the connection.
    public var interruptHandle: InterruptHandle {
        let handle = SendableHandle(pointer: handle)
        return InterruptHandle { sqlite3_interrupt(handle.pointer) }
    }

    /// The rows of `PRAGMA integrity_check`; `["ok"]` when the file is sound.
    public func integrityCheck() throws -> [String] {
        try rows("PRAGMA integrity_check").compactMap { $0.first?.string }
    }

    /// The rows of `PRAGMA foreign_key_check`, rendered as text; empty when every key resolves.
    public func foreignKeyCheck() throws -> [String] {
        try rows("PRAGMA foreign_key_check").map { $0.map(\.description).joined(separator: "|") }
    }

    /// Rows of the totals tables that differ from the payments they add up, counted afresh from
    /// `payments` here (in SQL, apart from the load's own counting): `[]` when every total holds.
    /// Each item names the table and how many of its rows are wrong or missing.
    public func totalsMismatches() throws -> [String] {
        let checks: [(String, String, String)] = [
            ("supplier_totals",
             "SELECT supplier_id, source_id, count(*), sum(amount_pence) FROM payments GROUP BY 1, 2",
             "SELECT supplier_id, source_id, payments, amount_pence FROM supplier_totals"),
            ("payer_totals",
             "SELECT payer_id, source_id, count(*), sum(amount_pence) FROM payments GROUP BY 1, 2",
             "SELECT payer_id, source_id, payments, amount_pence FROM payer_totals"),
            ("payer_month_totals",
             "SELECT payer_id, category_id, substr(paid_from, 1, 7), substr(paid_to, 1, 7), source_id, count(*), sum(amount_pence) FROM payments GROUP BY 1, 2, 3, 4, 5",
             "SELECT payer_id, category_id, from_month, to_month, source_id, payments, amount_pence FROM payer_month_totals"),
        ]
        var out: [String] = []
        for (table, fromRows, kept) in checks {
            let missing = try scalar("SELECT count(*) FROM (\(fromRows) EXCEPT \(kept))").int ?? 0
            let extra = try scalar("SELECT count(*) FROM (\(kept) EXCEPT \(fromRows))").int ?? 0
            let duplicated = try scalar("SELECT (SELECT count(*) FROM (\(kept))) - (SELECT count(*) FROM (SELECT DISTINCT * FROM (\(kept))))").int ?? 0
            if missing + extra + duplicated > 0 {
                out.append("\(table): \(missing) totals missing or wrong, \(extra) not in payments, \(duplicated) twice")
            }
        }
        return out
    }

    public static var sqliteVersion: String { String(cString: sqlite3_libversion()) }
}

/// A connection's handle, for `sqlite3_interrupt`, the one call SQLite allows from any thread.
private struct SendableHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
