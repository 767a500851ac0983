import CSQLite
import Foundation

/// Rows between a SQLite database and a PostgreSQL server, through `COPY` in its text format
/// (tab between values, `\N` for NULL, backslash escapes): the way a load publishes what it
/// validated, and reads back what a server holds before files are added to it.
public enum PostgresCopy {
    /// The columns of `table` in `db`, in order.
    public static func columns(of table: String, in db: Database) throws -> [String] {
        try db.rows("SELECT name FROM pragma_table_info(?) ORDER BY cid", [.text(table)]).compactMap { $0[0].string }
    }

    /// Copies every row of `table` in the SQLite `db` into `target` (a qualified table name) on
    /// the server, with `COPY … FROM STDIN`. Returns the rows copied.
    @discardableResult
    public static func copy(_ table: String, from db: Database, to server: PostgresConnection, into target: String) throws -> Int {
        let columns = try columns(of: table, in: db)
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        var rows = 0
        try server.copyIn("COPY \(target) (\(list)) FROM STDIN") { send in
            rows = try lines(table, columns: columns, from: db, send)
        }
        return rows
    }

    /// Every row of `table` in the SQLite `db`, `columns` in order, as lines of COPY's text
    /// format, handed to `send` about a megabyte at a time. Returns the rows.
    public static func lines(_ table: String, columns: [String], from db: Database,
                             _ send: (UnsafeRawBufferPointer) throws -> Void) throws -> Int {
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let stmt = try db.prepare("SELECT \(list) FROM \"\(table)\"")
        let h = stmt.handle
        let n = Int32(columns.count)
        var rows = 0
        do {
            var buffer: [UInt8] = []
            buffer.reserveCapacity(1 << 20)
            while try stmt.step() {
                for i in 0..<n {
                    if i > 0 { buffer.append(9) }
                    switch sqlite3_column_type(h, i) {
                    case SQLITE_NULL:
                        buffer.append(92); buffer.append(78)  // \N
                    case SQLITE_INTEGER:
                        appendInteger(sqlite3_column_int64(h, i), to: &buffer)
                    default:
                        let count = Int(sqlite3_column_bytes(h, i))
                        guard count > 0, let p = sqlite3_column_text(h, i) else { continue }
                        appendEscaped(UnsafeBufferPointer(start: p, count: count), to: &buffer)
                    }
                }
                buffer.append(10)
                rows += 1
                if buffer.count >= 1 << 20 {
                    try buffer.withUnsafeBytes { try send($0) }
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty { try buffer.withUnsafeBytes { try send($0) } }
        }
        return rows
    }

    // MARK: COPY's text format, value by value

    /// A NULL.
    public static func appendNull(to buffer: inout [UInt8]) { buffer.append(92); buffer.append(78) }

    /// Text, escaped (`appendEscaped`), or NULL.
    public static func append(_ text: String?, to buffer: inout [UInt8]) {
        guard var s = text else { return appendNull(to: &buffer) }
        s.withUTF8 { appendEscaped($0, to: &buffer) }
    }

    /// UTF-8 text with COPY's escapes: backslash, tab, newline and carriage return.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to buffer: inout [UInt8]) {
        for b in bytes {
            switch b {
            case 92: buffer.append(92); buffer.append(92)
            case 9: buffer.append(92); buffer.append(116)
            case 10: buffer.append(92); buffer.append(110)
            case 13: buffer.append(92); buffer.append(114)
            default: buffer.append(b)
            }
        }
    }

    /// A whole number, or NULL.
    public static func append(_ value: Int64?, to buffer: inout [UInt8]) {
        guard let v = value else { return appendNull(to: &buffer) }
        appendInteger(v, to: &buffer)
    }

    static func appendInteger(_ v: Int64, to buffer: inout [UInt8]) {
        if v == 0 { buffer.append(48); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var m = v.magnitude
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while m > 0 {
                d[count] = UInt8(48 + m % 10)
                m /= 10
                count += 1
            }
            if v < 0 { buffer.append(45) }
            for k in stride(from: count - 1, through: 0, by: -1) { buffer.append(d[k]) }
        }
    }

    /// Reads every row of `source` (a qualified table name) on the server into the SQLite
    /// table `table` of `db`, which has the same columns. Returns the rows read.
    @discardableResult
    public static func copy(_ source: String, from server: PostgresConnection, to db: Database, table: String) throws -> Int {
        let columns = try columns(of: table, in: db)
        let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
        let insert = try db.prepare("INSERT INTO \"\(table)\" (\(list)) VALUES (" + columns.map { _ in "?" }.joined(separator: ", ") + ")")
        // Which columns hold integers, so that they are stored as integers.
        let types = try db.rows("SELECT type FROM pragma_table_info(?) ORDER BY cid", [.text(table)]).map { ($0[0].string ?? "").uppercased() }
        var rows = 0
        try server.copyOut("COPY (SELECT \(list) FROM \(source)) TO STDOUT") { line in
            insert.reset()
            var field = 0
            var start = 0
            var i = 0
            let n = line.count
            while i <= n {
                if i == n || line[i] == 9 {
                    let index = Int32(field + 1)
                    let raw = UnsafeBufferPointer(rebasing: line[start..<i])
                    if raw.count == 2 && raw[0] == 92 && raw[1] == 78 {
                        try insert.bind(index, nil as Int64?)
                    } else if types[field] == "INTEGER", let v = Int64(String(decoding: raw, as: UTF8.self)) {
                        try insert.bind(index, v)
                    } else {
                        try insert.bind(index, unescape(raw))
                    }
                    field += 1
                    start = i + 1
                }
                i += 1
            }
            try insert.run()
            rows += 1
        }
        return rows
    }

    /// A value of COPY's text format as the text it stands for.
    static func unescape(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.contains(92) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let b = raw[i]
            if b == 92, i + 1 < raw.count {
                i += 1
                switch raw[i] {
                case 116: out.append(9)
                case 110: out.append(10)
                case 114: out.append(13)
                case 98: out.append(8)
                case 102: out.append(12)
                case 118: out.append(11)
                default: out.append(raw[i])
                }
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }
}
