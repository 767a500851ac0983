import CPostgres
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A connection to a PostgreSQL server, through libpq: civic's second engine, for a database
/// that several people share (README, "A newsroom's database"). civic's tables live in the
/// schema `civic` of the server's database (`PostgresSchema.name`).
///
/// A query connection (`readOnly`) is read-only on the server's side: every transaction on it
/// is `READ ONLY` (`default_transaction_read_only`), and in the documented set-up its role
/// holds `SELECT` alone. A time limit is the server's `statement_timeout`; Ctrl-C is libpq's
/// cancel request. Not Sendable: use it from one thread at a time.
public final class PostgresConnection: Connection {
    let conn: OpaquePointer
    /// The connection string with any password left out: what messages show.
    public let path: String
    private let watch = Watch()
    private let cancel: SendableCancel
    /// The `statement_timeout` last set, in milliseconds (0: none).
    private var timeoutSet: Int = 0
    /// Whether `each` is reading a statement's rows.
    private var streaming = false

    /// Connects to `conninfo` (a `postgresql://` URI, `key=value` pairs, or empty for the
    /// standard `PG*` environment variables). A `readOnly` connection reads civic's schema and
    /// cannot write; it fails at once, in civic's words, when the database holds no civic data.
    public init(conninfo: String, readOnly: Bool, checkSchema: Bool = true) throws {
        path = PostgresConnection.display(conninfo)
        guard let c = PQconnectdb(conninfo) else {
            throw StorageError(server: "out of memory", sqlstate: nil, path: path, kind: .cannotConnect)
        }
        guard PQstatus(c) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(c)).trimmingCharacters(in: .whitespacesAndNewlines)
            PQfinish(c)
            throw StorageError(server: message, sqlstate: nil, path: path, kind: .cannotConnect)
        }
        conn = c
        cancel = SendableCancel(PQgetCancel(c))
        // Notices (a dropped table's cascade, an index that exists) are not civic's output.
        PQsetNoticeProcessor(c, { _, _ in }, nil)
        do {
            var settings = "SET client_encoding = 'UTF8'; SET search_path = \(PostgresSchema.name), pg_catalog; SET DateStyle = 'ISO'"
            // Queries: read-only. And no JIT compilation: civic's statements are short, and
            // the planner's costs for recursive area queries set off compiling that took 0.8 s
            // for a query that runs in 17 ms (Birmingham's wards).
            if readOnly { settings += "; SET default_transaction_read_only = on; SET jit = off" }
            try execute(settings)
            if readOnly && checkSchema { try checkCivicSchema() }
            if readOnly, getenv("CIVIC_TEST_SLOW_QUERIES") != nil { watch.slow = true }
        } catch {
            PQfinish(c)
            throw error
        }
    }

    deinit {
        cancel.free()
        PQfinish(conn)
    }

    /// `postgresql://user:secret@host/db` as `postgresql://user@host/db`; `password=…` left out.
    static func display(_ conninfo: String) -> String {
        if conninfo.isEmpty { return "postgresql: (from the PG* environment variables)" }
        if let scheme = conninfo.range(of: "://") {
            let rest = conninfo[scheme.upperBound...]
            if let at = rest.lastIndex(of: "@"), let colon = rest[..<at].firstIndex(of: ":") {
                return String(conninfo[..<scheme.upperBound]) + rest[..<colon] + rest[at...]
            }
            return conninfo
        }
        return conninfo.split(separator: " ").filter { !$0.lowercased().hasPrefix("password=") }.joined(separator: " ")
    }

    /// Fails in civic's words when the database holds no civic schema, or one of another version.
    func checkCivicSchema() throws {
        let present = try scalar("SELECT to_regclass(\(PostgresSchema.literal(PostgresSchema.name + ".meta"))) IS NOT NULL").int ?? 0
        guard present == 1 else {
            throw StorageError(server: "no civic schema", sqlstate: nil, path: path, kind: .noCivicData)
        }
        let version = try scalar("SELECT value FROM meta WHERE key = 'schema_version'").string
        guard version == String(Schema.version) else {
            throw StorageError(server: "schema version \(version ?? "none")", sqlstate: nil, path: path, kind: .otherVersion)
        }
    }

    // MARK: running statements

    /// Runs one or more statements that take no parameters and return no rows worth reading.
    public func execute(_ sql: String) throws {
        guard let res = PQexec(conn, sql) else { throw lostConnection(sql) }
        defer { PQclear(res) }
        switch PQresultStatus(res) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
        default: throw error(from: res, sql: sql)
        }
    }

    /// Runs one statement and streams its rows to `body` (libpq's single-row mode). `?` marks
    /// a parameter, as for SQLite: each `?` outside quotes is numbered `$1`, `$2` … here, as a
    /// JDBC driver does. Values go as text, typed by the server from where they stand.
    public func each(_ sql: String, _ values: [Value], _ body: (any ResultRow) throws -> Void) throws {
        let text = PostgresConnection.numbered(sql)
        // One statement at a time on a connection: a second asked for while the first's rows
        // stream is a fault in civic, said as one.
        guard !streaming else {
            throw StorageError(server: "a statement was started while another's rows were being read", sqlstate: nil, sql: text,
                               path: path, kind: .other)
        }
        streaming = true
        defer { streaming = false }
        let params: [UnsafeMutablePointer<CChar>?] = values.map { v in
            switch v {
            case .null: return nil
            case .integer(let i): return strdup(String(i))
            case .real(let d): return strdup(String(d))
            case .text(let s): return strdup(s)
            case .blob(let b): return strdup(String(decoding: b, as: UTF8.self))
            }
        }
        defer { for p in params { free(p) } }
        // Whole numbers go as bigint (`SELECT ?` in a recursive seed must be a key's type, not
        // text); reals as double precision; text untyped, for the server to type from its place.
        let types: [UInt32] = values.map { v in
            switch v {
            case .integer: return 20
            case .real: return 701
            default: return 0
            }
        }
        let sent = params.withUnsafeBufferPointer { buf -> Int32 in
            buf.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: max(1, buf.count)) { ptr in
                types.withUnsafeBufferPointer { t in
                    PQsendQueryParams(conn, text, Int32(values.count), values.isEmpty ? nil : t.baseAddress, values.isEmpty ? nil : ptr, nil, nil, 0)
                }
            }
        }
        guard sent == 1 else { throw lostConnection(text) }
        PQsetSingleRowMode(conn)
        let row = PostgresRow()
        var failure: StorageError?
        var bodyError: Error?
        var cancelled = false
        while let res = PQgetResult(conn) {
            switch PQresultStatus(res) {
            case PGRES_SINGLE_TUPLE:
                if bodyError == nil {
                    row.result = res
                    do { try body(row) } catch { bodyError = error }
                    row.result = nil
                } else if !cancelled {
                    // The reader stopped early and rows keep coming: ask the server to stop
                    // rather than read them all (a cancel that comes once the statement has
                    // ended is ignored by the server).
                    cancelled = true
                    cancel.cancel()
                }
            case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
                break
            default:
                if failure == nil && !cancelled { failure = error(from: res, sql: text) }
            }
            PQclear(res)
        }
        if let bodyError { throw bodyError }
        if let failure { throw failure }
    }

    /// `?` → `$n`, outside quoted text and quoted names.
    static func numbered(_ sql: String) -> String {
        guard sql.utf8.contains(UInt8(ascii: "?")) else { return sql }
        return SQLParameters.number(sql) { "$\($0)" }
    }

    /// Whether `consistently` has a transaction open.
    private var inSnapshot = false

    /// One read-only transaction at REPEATABLE READ: every statement of `body` reads the same
    /// snapshot, so a load that commits meanwhile (new ids, new sources) is not half seen.
    public func consistently<T>(_ body: () throws -> T) throws -> T {
        if inSnapshot { return try body() }
        try execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        inSnapshot = true
        defer { inSnapshot = false }
        let result: T
        do {
            result = try body()
        } catch {
            try? execute("ROLLBACK")
            // A rollback also undoes a `SET statement_timeout` made inside: set it again next time.
            timeoutSet = -1
            throw error
        }
        // A failed statement inside leaves the transaction failed, and COMMIT rolls it back.
        if PQtransactionStatus(conn) == PQTRANS_INERROR { timeoutSet = -1 }
        try execute("COMMIT")
        return result
    }

    // MARK: COPY

    /// `COPY … FROM STDIN`: `produce` hands over the data in pieces (text format) to `send`.
    public func copyIn(_ sql: String, _ produce: (_ send: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        try startCopyIn(sql)
        do {
            try produce(putCopyData)
        } catch {
            try? endCopyIn(failure: "civic stopped the copy")
            throw error
        }
        try endCopyIn()
    }

    /// Starts `COPY … FROM STDIN` for data sent piece by piece (`putCopyData`) while other work
    /// goes on; `endCopyIn` finishes it. No other statement may run on the connection meanwhile.
    public func startCopyIn(_ sql: String) throws {
        guard let start = PQexec(conn, sql) else { throw lostConnection(sql) }
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else { throw error(from: start, sql: sql) }
    }

    /// Sends one piece of a copy's data (COPY's text format).
    public func putCopyData(_ bytes: UnsafeRawBufferPointer) throws {
        guard bytes.count > 0 else { return }
        if PQputCopyData(conn, bytes.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(bytes.count)) != 1 {
            throw lostConnection("COPY")
        }
    }

    /// Ends a copy begun by `startCopyIn`: with `failure`, the server discards what it received.
    public func endCopyIn(failure: String? = nil) throws {
        let end = PQputCopyEnd(conn, failure)
        var serverError: StorageError?
        while let res = PQgetResult(conn) {
            if PQresultStatus(res) != PGRES_COMMAND_OK && serverError == nil { serverError = error(from: res, sql: "COPY") }
            PQclear(res)
        }
        if end != 1 { throw lostConnection("COPY") }
        if failure == nil, let serverError { throw serverError }
    }

    /// `COPY … TO STDOUT`: hands each row's line (text format, without its newline) to `line`.
    public func copyOut(_ sql: String, _ line: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard let start = PQexec(conn, sql) else { throw lostConnection(sql) }
        guard PQresultStatus(start) == PGRES_COPY_OUT else {
            defer { PQclear(start) }
            throw error(from: start, sql: sql)
        }
        PQclear(start)
        var failed: Error?
        while true {
            var buffer: UnsafeMutablePointer<CChar>?
            let n = PQgetCopyData(conn, &buffer, 0)
            if n == -1 { break }
            if n < 0 { failed = failed ?? lostConnection(sql); break }
            if let buffer {
                if failed == nil {
                    let count = Int(n) > 0 && buffer[Int(n) - 1] == 10 ? Int(n) - 1 : Int(n)
                    do {
                        try buffer.withMemoryRebound(to: UInt8.self, capacity: Int(n)) { try line(UnsafeBufferPointer(start: $0, count: count)) }
                    } catch { failed = error }
                }
                PQfreemem(buffer)
            }
        }
        var serverError: StorageError?
        while let res = PQgetResult(conn) {
            if PQresultStatus(res) != PGRES_COMMAND_OK && serverError == nil { serverError = error(from: res, sql: sql) }
            PQclear(res)
        }
        if let failed { throw failed }
        if let serverError { throw serverError }
    }

    // MARK: Connection

    public var interruptHandle: InterruptHandle {
        let watch = self.watch
        let cancel = self.cancel
        return InterruptHandle {
            watch.interrupt()
            cancel.cancel()
        }
    }

    /// Starts a query's watch; its time limit is also the server's `statement_timeout`, so the
    /// server stops a statement that runs past it.
    public func startWatch(timeLimit seconds: Double?) {
        watch.start(timeLimit: seconds)
        let ms = seconds.map { max(1, Int(($0 * 1000).rounded(.up))) } ?? 0
        if ms != timeoutSet, (try? execute("SET statement_timeout = \(ms)")) != nil { timeoutSet = ms }
    }

    /// Changes with every load: the time the data was last published (`meta.built_at`).
    public func dataVersion() throws -> Int64 {
        var h: UInt64 = 14695981039346656037
        for b in (try scalar("SELECT value FROM meta WHERE key = 'built_at'").string ?? "").utf8 {
            h = (h ^ UInt64(b)) &* 1099511628211
        }
        return Int64(bitPattern: h)
    }

    public func checkWatch() throws {
        if let kind = watch.stopReason() {
            throw StorageError(server: "stopped", sqlstate: "57014", path: path, kind: kind)
        }
    }

    public var engine: Engine { .postgresql }

    /// The server's version, as it says it (`15.18`).
    public var serverVersion: String {
        PQparameterStatus(conn, "server_version").map { String(cString: $0) } ?? ""
    }

    // MARK: errors

    func lostConnection(_ sql: String) -> StorageError {
        StorageError(server: String(cString: PQerrorMessage(conn)).trimmingCharacters(in: .whitespacesAndNewlines),
                     sqlstate: "08006", sql: sql, path: path, kind: .cannotConnect)
    }

    func error(from res: OpaquePointer, sql: String) -> StorageError {
        func field(_ c: Character) -> String? {
            PQresultErrorField(res, Int32(c.asciiValue!)).map { String(cString: $0) }
        }
        let state = field("C") ?? ""
        let message = field("M") ?? String(cString: PQresultErrorMessage(res)).trimmingCharacters(in: .whitespacesAndNewlines)
        var kind = StorageError.kind(sqlstate: state)
        if state == "57014" { kind = watch.stopReason() ?? .interrupted }
        return StorageError(server: message, sqlstate: state, sql: sql, path: path, kind: kind)
    }
}

/// The current row of a single-row-mode result.
final class PostgresRow: ResultRow {
    var result: OpaquePointer?

    var columnCount: Int { Int(PQnfields(result)) }

    func isNull(_ i: Int) -> Bool { PQgetisnull(result, 0, Int32(i)) == 1 }

    func text(_ i: Int) -> String? {
        if isNull(i) { return nil }
        let n = Int(PQgetlength(result, 0, Int32(i)))
        let p = PQgetvalue(result, 0, Int32(i))!
        return p.withMemoryRebound(to: UInt8.self, capacity: n) { String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self) }
    }

    func int(_ i: Int) -> Int64 {
        guard let t = text(i) else { return 0 }
        if let v = Int64(t) { return v }
        if t == "t" { return 1 }
        return Int64(Double(t) ?? 0)
    }

    /// Values as SQLite would give them: whole numbers (integer types, and numeric sums with no
    /// fraction) as integers, other numbers as reals, booleans as 1 and 0, the rest as text.
    func value(_ i: Int) -> Value {
        guard let t = text(i) else { return .null }
        switch PQftype(result, Int32(i)) {
        case 20, 21, 23, 26: return .integer(Int64(t) ?? 0)
        case 16: return .integer(t == "t" ? 1 : 0)
        case 700, 701: return .real(Double(t) ?? 0)
        case 1700:
            if !t.contains("."), let v = Int64(t) { return .integer(v) }
            return .real(Double(t) ?? 0)
        default: return .text(t)
        }
    }
}

/// libpq's cancel object: `PQcancel` may be called from any thread.
final class SendableCancel: @unchecked Sendable {
    private var handle: OpaquePointer?
    private let lock = NSLock()

    init(_ handle: OpaquePointer?) { self.handle = handle }

    func cancel() {
        lock.lock(); defer { lock.unlock() }
        guard let handle else { return }
        var buffer = [CChar](repeating: 0, count: 256)
        _ = PQcancel(handle, &buffer, 256)
    }

    func free() {
        lock.lock(); defer { lock.unlock() }
        if let handle { PQfreeCancel(handle) }
        handle = nil
    }
}
