import CivicDiagnostics

/// An error from the database engine: what kind of failure it is, the engine's own code and
/// message, and the SQL that failed.
///
/// `kind` is what civic acts on (the exit code, whether to say "cancelled"); `description`
/// says it in civic's words and names the file, and never shows the bound values, which may
/// hold user data. The engine's own message and the SQL are kept for `--explain` and for a
/// report of a bug.
public struct StorageError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Sendable, Equatable {
        /// Cancelled on request (Ctrl-C).
        case interrupted
        /// Stopped because it ran past its time limit.
        case timedOut
        /// The engine's own limits (its parser's stack, expression depth, tables in a join).
        case tooComplex
        /// A sum past 64-bit whole numbers (SQLite's "integer overflow").
        case overflow
        /// Refused because queries may not write (the authorizer), or the file is read-only.
        case notAllowed
        /// The file is not a database of this engine.
        case notADatabase
        /// The file is a database but damaged.
        case corrupt
        /// The file cannot be opened: missing, a folder, or in a folder that does not exist.
        case cannotOpen
        /// The operating system refused access.
        case permission
        /// The disk is full.
        case full
        /// Reading or writing the file failed.
        case io
        /// Another connection holds a lock for longer than the busy timeout.
        case busy
        /// A database server cannot be reached, or refused the connection.
        case cannotConnect
        /// A server database that holds no civic data yet.
        case noCivicData
        /// A server database whose civic data has another schema version.
        case otherVersion
        /// Anything else: a fault in civic's own SQL.
        case other
    }

    public let kind: Kind
    public let code: Int32
    public let message: String
    public let sql: String?
    /// The database file, when known.
    public let path: String?
    /// PostgreSQL's SQLSTATE, for an error a server reported; nil for SQLite's.
    public let sqlstate: String?

    public init(code: Int32, message: String, sql: String? = nil, path: String? = nil, kind: Kind? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
        self.path = path
        self.sqlstate = nil
        self.kind = kind ?? Self.kind(code: code, message: message)
    }

    /// An error a PostgreSQL server (or libpq, on its way there) reported.
    public init(server message: String, sqlstate: String?, sql: String? = nil, path: String?, kind: Kind) {
        self.code = -1
        self.message = message
        self.sql = sql
        self.path = path
        self.sqlstate = sqlstate
        self.kind = kind
    }

    /// PostgreSQL's SQLSTATE classes, as civic acts on them.
    static func kind(sqlstate s: String) -> Kind {
        switch s {
        case "57014": return .interrupted
        case "25006", "42501": return .notAllowed  // read-only transaction; no privilege
        case "53100": return .full
        case "22003": return .overflow
        case "54000", "54001", "54011", "54023": return .tooComplex
        case "55P03", "40P01": return .busy
        case "58030": return .io
        default:
            if s.hasPrefix("08") { return .cannotConnect }
            if s.hasPrefix("28") { return .cannotConnect }  // authentication
            return .other
        }
    }

    /// SQLite's primary result codes, and its messages for the limits it reaches while parsing
    /// a statement (which all come as SQLITE_ERROR).
    static func kind(code: Int32, message: String) -> Kind {
        switch code & 0xFF {
        case 9: return .interrupted
        case 23: return .notAllowed  // SQLITE_AUTH
        case 8: return .notAllowed  // SQLITE_READONLY
        case 26: return .notADatabase
        case 11: return .corrupt
        case 14: return .cannotOpen
        case 3: return .permission
        case 13: return .full
        case 10: return .io
        case 5, 6: return .busy
        case 1:
            let limits = ["parser stack overflow", "expression tree is too large", "too many", "at most 64 tables",
                          "string or blob too big", "sql statement too long"]
            let m = message.lowercased()
            if limits.contains(where: { m.contains($0) }) { return .tooComplex }
            if m.contains("not authorized") { return .notAllowed }
            if m.contains("integer overflow") { return .overflow }
            return .other
        case 18: return .tooComplex  // SQLITE_TOOBIG
        default: return .other
        }
    }

    /// What went wrong, in civic's words, without the file's name before it: "the disk is
    /// full", "reading or writing the database failed".
    public var reason: String {
        switch kind {
        case .full: "the disk is full"
        case .io: "reading or writing the database failed (an input/output error)"
        case .permission: "permission denied"
        case .cannotOpen: "cannot open the database"
        case .busy: "another connection holds the database"
        default: description
        }
    }

    /// What went wrong, in civic's words.
    public var description: String {
        let file = path.map { " \($0)" } ?? ""
        switch kind {
        case .interrupted: return "cancelled"
        case .timedOut: return "stopped at its time limit"
        case .tooComplex: return "the query is too complex for the database engine to run (it reaches the engine's limit on nesting or joins)"
        case .overflow: return "a total is beyond what civic can count (64-bit whole numbers of pence)"
        case .notAllowed: return "refused: queries may only read the database\(file)"
        case .notADatabase: return "the file\(file) is not a civic database (it is not an SQLite database at all)"
        case .corrupt: return "the database\(file) is damaged: rebuild it with civic load"
        case .cannotOpen:
            if message == "it is a folder" { return "cannot open the database\(file): it is a folder, not a file" }
            return "cannot open the database\(file): no such file, or its folder does not exist or cannot be written"
        case .permission: return "no permission to open the database\(file)"
        case .full: return "the disk is full: nothing was written to the database\(file)"
        case .io: return "reading or writing the database\(file) failed (an input/output error)"
        case .busy: return "the database\(file) is busy: a load is writing to it; try again when it has finished"
        case .cannotConnect: return "cannot reach the PostgreSQL database\(file): \(message)"
        case .noCivicData: return "the PostgreSQL database\(file) holds no civic data yet: load it with `civic load --db URL` (README, \"A newsroom's database\")"
        case .otherVersion: return "the civic data in the PostgreSQL database\(file) has another schema version (\(message); this civic reads version \(Schema.version)): load it again with `civic load --db URL`"
        case .other:
            if let sqlstate {
                var s = "the database server failed: \(message) (PostgreSQL SQLSTATE \(sqlstate))"
                if let sql { s += " in: \(sql)" }
                return s
            }
            var s = "the database engine failed: \(message) (SQLite error \(code))"
            if let sql { s += " in: \(sql)" }
            return s
        }
    }

    /// The same error, naming `path` as the database (a load's temporary file is the database
    /// it builds, to the user).
    public func about(_ path: String) -> StorageError {
        sqlstate == nil ? StorageError(code: code, message: message, sql: sql, path: path, kind: kind)
            : StorageError(server: message, sqlstate: sqlstate, sql: sql, path: path, kind: kind)
    }

    /// What the operating system refused, when that is the failure; nil for a fault in the data
    /// or in civic.
    public var systemFailure: SystemFailure? {
        switch kind {
        case .cannotOpen, .cannotConnect, .noCivicData: .noInput
        case .permission, .notAllowed: .permission
        case .full: .full
        case .io: .io
        default: nil
        }
    }

    /// True when the statement was cancelled on request (Ctrl-C).
    public var isInterrupt: Bool { kind == .interrupted }
}
