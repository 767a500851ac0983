import CSQLite
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A connection to one SQLite database file. Owns its handle and closes it on deinit.
/// Not Sendable: use it from one thread at a time.
public final class Database: Connection {
    let handle: OpaquePointer
    public let path: String
    /// What stops a statement early: Ctrl-C from another thread, or a time limit.
    private let watch = Watch()

    /// Opens (and by default creates) the database at `path`. A read-only connection is also
    /// `queryOnly`: an authorizer refuses every write, `ATTACH`, `PRAGMA` that sets a value and
    /// extension loading, whatever the file's permissions (a second guard after the read-only
    /// open). `queryOnly` on a writable connection is for testing that guard on its own.
    public init(path: String, readOnly: Bool = false, create: Bool = true, queryOnly: Bool? = nil) throws {
        self.path = path
        _ = Database.configured
        var info = stat()
        if stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
            throw StorageError(code: SQLITE_CANTOPEN, message: "it is a folder", path: path)
        }
        if readOnly { Database.rollBackInterruptedLoad(path) }
        var db: OpaquePointer?
        var flags = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE
        if create && !readOnly { flags |= SQLITE_OPEN_CREATE }
        flags |= SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)  // a failed open still allocates a handle
            throw StorageError(code: rc, message: message, path: path)
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
            if queryOnly ?? readOnly {
                sqlite3_set_authorizer(db, Database.authorizeReading, nil)
                // For tests of cancelling a long query: every query made slow, a millisecond's
                // pause each thousand steps of SQLite's machine, so that one that takes half a
                // second takes minutes. Nothing else sets this.
                if getenv("CIVIC_TEST_SLOW_QUERIES") != nil { watch.slow = true }
                // The watch (time limit, Ctrl-C) is asked every thousand steps of SQLite's machine;
                // it answers from one lock and, with a time limit, one clock reading. Query
                // connections only: a load has no time limit, and sqlite3_interrupt stops it
                // without this on its hot path.
                sqlite3_progress_handler(db, 1000, { context in
                    Unmanaged<Watch>.fromOpaque(context!).takeUnretainedValue().shouldStopStatement() ? 1 : 0
                }, Unmanaged.passUnretained(watch).toOpaque())
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
        let kind: StorageError.Kind? = rc & 0xFF == SQLITE_INTERRUPT && watch.timedOut ? .timedOut : nil
        return StorageError(code: rc, message: String(cString: sqlite3_errmsg(handle)), sql: sql, path: path, kind: kind)
    }

    /// What a query's connection allows: reading tables and views, the functions civic's SQL
    /// uses, recursive queries, and `PRAGMA`s that only read. Everything else is denied, so
    /// that no SQL, whatever made it, writes through a query connection.
    private static let authorizeReading: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?,
                                                           UnsafePointer<CChar>?, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Int32 = {
        _, action, first, second, _, _ in
        switch action {
        case SQLITE_SELECT, SQLITE_READ, SQLITE_RECURSIVE:
            return SQLITE_OK
        case SQLITE_FUNCTION:
            // `second` is the function's name; loading an extension is never a query's business.
            if let name = second.map({ String(cString: $0).lowercased() }), name == "load_extension" { return SQLITE_DENY }
            return SQLITE_OK
        case SQLITE_PRAGMA:
            // `first` is the pragma, `second` its value: a pragma with a value sets something.
            return second == nil ? SQLITE_OK : SQLITE_DENY
        default:
            // Writes, schema changes, ATTACH and DETACH, transactions and savepoints, ANALYZE,
            // REINDEX: none belongs on a query connection.
            _ = first
            return SQLITE_DENY
        }
    }

    /// Runs one or more SQL statements that take no parameters.
    public func execute(_ sql: String) throws {
        var errmsg: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errmsg)
        if rc != SQLITE_OK {
            let message = errmsg.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
            sqlite3_free(errmsg)
            throw StorageError(code: rc, message: message, sql: sql, path: path)
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
    public func interrupt() {
        watch.interrupt()
        sqlite3_interrupt(handle)
    }

    /// `interrupt` for another thread to call: it holds the bare handle and the watch, not the
    /// connection.
    public var interruptHandle: InterruptHandle {
        let handle = SendableHandle(pointer: handle)
        let watch = self.watch
        return InterruptHandle {
            watch.interrupt()
            sqlite3_interrupt(handle.pointer)
        }
    }

    public func startWatch(timeLimit seconds: Double?) { watch.start(timeLimit: seconds) }

    public var engine: Engine { .sqlite }

    /// SQLite's `data_version`: it changes when another connection commits to the file.
    public func dataVersion() throws -> Int64 {
        try scalar("PRAGMA data_version").int ?? 0
    }

    public func checkWatch() throws {
        if let kind = watch.stopReason() {
            throw StorageError(code: SQLITE_INTERRUPT, message: "stopped", path: path, kind: kind)
        }
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

/// What stops a connection's statements early: an interrupt from another thread (Ctrl-C) and a
/// deadline. Shared by the connection, its progress handler and its interrupt handle, so it is
/// guarded by a lock.
final class Watch: @unchecked Sendable {
    private let lock = NSLock()
    private var deadline: UInt64?
    private var interrupted = false
    private var expired = false
    /// For tests: a millisecond's pause at each progress call.
    var slow = false

    /// Starts a new query: forgets an earlier interrupt and sets the time limit (nil for none).
    func start(timeLimit seconds: Double?) {
        lock.lock(); defer { lock.unlock() }
        interrupted = false
        expired = false
        deadline = seconds.map { Watch.now() &+ UInt64(max(0, $0) * 1_000_000_000) }
    }

    func interrupt() {
        lock.lock(); defer { lock.unlock() }
        interrupted = true
    }

    var timedOut: Bool {
        lock.lock(); defer { lock.unlock() }
        return expired
    }

    /// Why work should stop now, or nil to go on.
    func stopReason() -> StorageError.Kind? {
        lock.lock(); defer { lock.unlock() }
        if interrupted { return .interrupted }
        if let deadline, Watch.now() >= deadline { expired = true }
        return expired ? .timedOut : nil
    }

    /// For the progress handler: true stops the statement with SQLITE_INTERRUPT.
    func shouldStopStatement() -> Bool {
        if slow { usleep(1000) }
        return stopReason() != nil
    }

    static func now() -> UInt64 {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return UInt64(t.tv_sec) &* 1_000_000_000 &+ UInt64(t.tv_nsec)
    }
}

/// A connection's handle, for `sqlite3_interrupt`, the one call SQLite allows from any thread.
private struct SendableHandle: @unchecked Sendable {
    let pointer: OpaquePointer
}
