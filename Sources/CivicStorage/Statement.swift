import CSQLite

/// A prepared statement that owns its `sqlite3_stmt` and finalizes it on deinit, so a
/// statement abandoned mid-loop (a `top 5`, an interrupt, a throw) never leaks.
/// Reuse it: `bind` resets it and clears old bindings first.
public final class Statement: ResultRow {
    let handle: OpaquePointer
    public let sql: String
    let database: Database  // strong: the connection outlives its statements

    init(database: Database, sql: String) throws {
        self.database = database
        self.sql = sql
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v2(database.handle, sql, -1, &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            let error = database.error(rc, sql: sql)
            sqlite3_finalize(stmt)
            throw error
        }
        self.handle = stmt
    }

    deinit { sqlite3_finalize(handle) }

    /// Number of `?` parameters the SQL declares.
    public var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Resets the statement and binds `values` to its parameters, 1-based, in order.
    public func bind(_ values: [Value]) throws {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        guard values.count == parameterCount else {
            throw StorageError(code: SQLITE_RANGE, message: "expected \(parameterCount) arguments, got \(values.count)",
                               sql: sql, path: database.path)
        }
        for (i, value) in values.enumerated() {
            let index = Int32(i + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(handle, index)
            case .integer(let v): rc = sqlite3_bind_int64(handle, index, v)
            case .real(let v): rc = sqlite3_bind_double(handle, index, v)
            case .text(let s): rc = sqlite3_bind_text(handle, index, s, -1, civic_sqlite_transient())
            case .blob(let b):
                rc = b.withUnsafeBytes { raw in
                    sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(b.count), civic_sqlite_transient())
                }
            }
            guard rc == SQLITE_OK else { throw database.error(rc, sql: sql) }
        }
    }

    // MARK: binding one parameter at a time
    //
    // For bulk inserts: no `[Value]` array and no C string per row. Call `reset()`, bind each
    // parameter by its 1-based index, then `run()`. Text is copied by SQLite from the String's
    // own UTF-8 storage, with no NUL-terminated bridge.

    /// Resets the statement for new bindings (old bindings are overwritten by the next binds).
    @inline(__always)
    public func reset() { sqlite3_reset(handle) }

    @inline(__always)
    public func bind(_ index: Int32, _ value: Int64?) throws {
        let rc = value.map { sqlite3_bind_int64(handle, index, $0) } ?? sqlite3_bind_null(handle, index)
        if rc != SQLITE_OK { throw database.error(rc, sql: sql) }
    }

    @inline(__always)
    public func bind(_ index: Int32, _ value: String?) throws {
        guard var s = value else {
            let rc = sqlite3_bind_null(handle, index)
            if rc != SQLITE_OK { throw database.error(rc, sql: sql) }
            return
        }
        let h = handle
        let rc = s.withUTF8 { p -> Int32 in
            guard let base = p.baseAddress else { return sqlite3_bind_text(h, index, "", 0, civic_sqlite_transient()) }
            return sqlite3_bind_text(h, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self),
                                     Int32(p.count), civic_sqlite_transient())
        }
        if rc != SQLITE_OK { throw database.error(rc, sql: sql) }
    }

    /// Runs the statement with the parameters bound so far, ignoring any rows.
    @inline(__always)
    public func run() throws {
        let rc = sqlite3_step(handle)
        if rc == SQLITE_DONE || rc == SQLITE_ROW { return }
        let err = database.error(rc, sql: sql)
        sqlite3_reset(handle)
        throw err
    }

    /// Steps once: true when a row is ready, false when done.
    @discardableResult
    public func step() throws -> Bool {
        let rc = sqlite3_step(handle)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let err = database.error(rc, sql: sql)
            sqlite3_reset(handle)
            throw err
        }
    }

    /// Binds and runs to completion, ignoring any rows.
    public func execute(_ values: [Value] = []) throws {
        try bind(values)
        while try step() {}
    }

    /// Binds, runs and collects every row.
    public func rows(_ values: [Value] = []) throws -> [[Value]] {
        try bind(values)
        var out: [[Value]] = []
        while try step() { out.append(row()) }
        return out
    }

    public var columnCount: Int { Int(sqlite3_column_count(handle)) }

    public func columnName(_ i: Int) -> String { String(cString: sqlite3_column_name(handle, Int32(i))) }

    public var columnNames: [String] { (0..<columnCount).map(columnName) }

    /// The current row's values.
    public func row() -> [Value] { (0..<columnCount).map(value) }

    public func value(_ i: Int) -> Value {
        let index = Int32(i)
        switch sqlite3_column_type(handle, index) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT: return .real(sqlite3_column_double(handle, index))
        case SQLITE_BLOB:
            let n = Int(sqlite3_column_bytes(handle, index))
            guard n > 0, let p = sqlite3_column_blob(handle, index) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: p, count: n)))
        default:
            return .text(text(i) ?? "")
        }
    }

    public func int(_ i: Int) -> Int64 { sqlite3_column_int64(handle, Int32(i)) }

    public func double(_ i: Int) -> Double { sqlite3_column_double(handle, Int32(i)) }

    public func text(_ i: Int) -> String? {
        guard let p = sqlite3_column_text(handle, Int32(i)) else { return nil }
        let n = Int(sqlite3_column_bytes(handle, Int32(i)))
        return String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)
    }

    public func isNull(_ i: Int) -> Bool { sqlite3_column_type(handle, Int32(i)) == SQLITE_NULL }
}
