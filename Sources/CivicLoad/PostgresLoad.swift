import CivicDiagnostics
import CivicStorage
import Foundation

/// Loads files into a PostgreSQL server's database, all or nothing.
///
/// The files are read, validated and repaired by the same loader as for SQLite, into a private
/// working SQLite file (in the temporary folder, removed afterwards), so that every error,
/// repair and provenance is exactly SQLite's. What it holds is then published in **one server
/// transaction**: a new schema is made, every table filled with `COPY … FROM STDIN`, indexes,
/// foreign keys and views made, the grants of the old schema given again, and the old schema
/// swapped out for the new one. Colleagues querying meanwhile read the previous data, whole,
/// until the commit; a load that fails or is killed leaves nothing behind on the server (the
/// server rolls the transaction back when the connection drops).
///
/// Adding files to a server that already holds civic data first reads its tables into the
/// working file (`COPY … TO STDOUT`), so a load's cost follows the database, not the files
/// added (`docs/SCALING.md`). One load at a time: a load holds an advisory lock on the server.
public enum PostgresLoad {
    /// The schema a load fills before it takes the place of `civic`.
    static let loading = PostgresSchema.name + "_loading"
    /// The advisory lock loads hold (any fixed number; "civic" in ASCII).
    static let lockKey: Int64 = 0x6369_7669_63

    public static func load(_ files: [LayoutFile], into conninfo: String, rebuild: Bool,
                            meta: [String: String] = [:],
                            progress: ((String, Int) -> Void)? = nil,
                            log: (String) -> Void = { _ in }) throws -> [SourceSummary] {
        let server = try PostgresConnection(conninfo: conninfo, readOnly: false)
        // So that an administrator (and the tests) can tell a load among the server's sessions.
        try server.execute("SET application_name = 'civic load'")
        let timer = PhaseTimer()
        defer { timer.report() }
        if try server.scalar("SELECT pg_try_advisory_lock(\(lockKey))").int != 1 {
            log("civic: another load is writing to \(server.path): waiting for it to finish")
            try server.execute("SELECT pg_advisory_lock(\(lockKey))")
        }
        defer { try? server.execute("SELECT pg_advisory_unlock(\(lockKey))") }

        let work = try workFolder()
        defer { try? FileManager.default.removeItem(atPath: work) }
        let staging = work + "/civic.sqlite"
        let held = try heldVersion(server)
        var fresh = rebuild || held == nil
        if !fresh, held != String(Schema.version) {
            throw LoadError(.otherSchemaVersion, file: server.path, line: 0, column: 0,
                            "the database has another schema version: rebuild it with `civic load --db URL` (no paths)")
        }
        if !fresh {
            try pull(server, into: staging)
            timer.mark("read the server's tables into the working file")
        }
        fresh = fresh || !FileManager.default.fileExists(atPath: staging)
        // New payments take ids after the ones kept, as SQLite's would.
        var firstID: Int64 = 0
        if !fresh { firstID = try Database(path: staging, create: false).scalar("SELECT coalesce(max(payment_id), 0) FROM payments").int ?? 0 }

        // The server's transaction opens now: the payments stream into its COPY as they are
        // checked, while the server takes them in. Nothing is visible to others before COMMIT,
        // and whatever fails (or kills civic) rolls it all back.
        try server.execute("BEGIN")
        var committed = false
        defer { if !committed { try? server.execute("ROLLBACK") } }
        try server.execute("DROP SCHEMA IF EXISTS \(loading) CASCADE; CREATE SCHEMA \(loading); SET LOCAL search_path = \(loading), pg_catalog")
        for t in PostgresSchema.tables { try server.execute(t.sql) }
        let columns = PaymentSpool.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        try server.startCopyIn("COPY \(loading).payments (\(columns)) FROM STDIN")
        let spool = PaymentSpool(firstID: firstID) { try server.putCopyData($0) }
        let summaries: [SourceSummary]
        do {
            summaries = try Loader.load(files, into: staging, rebuild: fresh, meta: meta, progress: progress, shownAs: server.path,
                                        spool: spool, log: log)
            try spool.flush()
            timer.mark("load and validate the files, sending the new payments to the server")
            // The payments an add keeps (read from the server into the working file).
            _ = try PostgresCopy.lines("payments", columns: PaymentSpool.columns, from: try Database(path: staging, create: false)) {
                try server.putCopyData($0)
            }
            try server.endCopyIn()
            timer.mark("send the payments kept")
        } catch {
            try? server.endCopyIn(failure: "the load failed")
            throw error
        }
        try publish(staging, to: server, timer: timer, log: log)
        try server.execute("COMMIT")
        committed = true
        timer.mark("commit")
        return summaries
    }

    /// The `schema_version` of the civic data on the server, or nil when it holds none.
    static func heldVersion(_ server: PostgresConnection) throws -> String? {
        guard try server.scalar("SELECT to_regclass('\(PostgresSchema.name).meta') IS NOT NULL").int == 1 else { return nil }
        return try server.scalar("SELECT value FROM \(PostgresSchema.name).meta WHERE key = 'schema_version'").string ?? "none"
    }

    /// A private folder for the working file; folders of loads that are gone are removed.
    static func workFolder() throws -> String {
        let base = FileManager.default.temporaryDirectory.path
        let prefix = "civic-pg-load-"
        for item in (try? FileManager.default.contentsOfDirectory(atPath: base)) ?? [] where item.hasPrefix(prefix) {
            if let pid = Int32(item.dropFirst(prefix.count)), kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(atPath: base + "/" + item)
            }
        }
        let path = base + "/" + prefix + String(getpid())
        try? FileManager.default.removeItem(atPath: path)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// The server's civic tables, read into a new SQLite file at `path`.
    static func pull(_ server: PostgresConnection, into path: String) throws {
        let db = try Database(path: path)
        try db.execute("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA foreign_keys = OFF")
        try Schema.create(on: db)
        // The rows go in without the secondary indexes, which are then built once each: sorting
        // every row once is far faster than keeping an index up to date row by row.
        let indexes = try db.rows("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
            .compactMap { r -> (String, String)? in r[0].string.flatMap { n in r[1].string.map { (n, $0) } } }
        for (name, _) in indexes { try db.execute("DROP INDEX \"\(name)\"") }
        try server.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        defer { try? server.execute("COMMIT") }
        try db.transaction {
            for table in Schema.tables {
                try PostgresCopy.copy("\(PostgresSchema.name).\(table)", from: server, to: db, table: table)
            }
            for (_, sql) in indexes { try db.execute(sql) }
        }
        try db.execute("PRAGMA analysis_limit = 1000; ANALYZE")
    }

    /// The rest of the working file, and everything the tables need, made the server's civic
    /// data, inside the load's transaction (its tables made, the payments copied).
    static func publish(_ staging: String, to server: PostgresConnection, timer: PhaseTimer, log: (String) -> Void) throws {
        let db = try Database(path: staging, create: false)
        let live = PostgresSchema.name
        for table in Schema.tables where table != "payments" {
            try PostgresCopy.copy(table, from: db, to: server, into: "\(loading).\(table)")
            timer.mark("copy \(table)")
        }
        // Each index is built by one sort: with room for it in memory, not in files.
        try server.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for i in PostgresSchema.indexes { try server.execute(i.sql) }
        timer.mark("build the indexes")
        for k in PostgresSchema.foreignKeys { try server.execute(k.sql) }
        timer.mark("check the foreign keys")
        for v in PostgresSchema.views { try server.execute(v.sql) }
        for table in Schema.tables { try server.execute("ANALYZE \(loading).\(table)") }
        timer.mark("analyze")
        // Whoever could read the old data can read the new.
        let readers = try server.rows("""
            SELECT quote_ident(r.rolname) FROM pg_roles r
             WHERE to_regnamespace('\(live)') IS NOT NULL
               AND has_schema_privilege(r.oid, '\(live)', 'USAGE') AND NOT r.rolsuper
               AND r.rolname <> current_user AND r.rolname NOT LIKE 'pg\\_%'
            """).compactMap { $0[0].string }
        for r in readers {
            try server.execute("GRANT USAGE ON SCHEMA \(loading) TO \(r); GRANT SELECT ON ALL TABLES IN SCHEMA \(loading) TO \(r)")
        }
        try swap(server, log: log)
        timer.mark("swap the schemas")
    }

    /// Drops the old schema and renames the new one into its place. Dropping waits for the
    /// queries reading the old tables, and queries that start meanwhile wait behind it: so it
    /// waits a second at most, gives way if readers still hold the tables, and tries again.
    static func swap(_ server: PostgresConnection, log: (String) -> Void) throws {
        var told = false
        while true {
            try server.execute("SAVEPOINT swap; SET LOCAL lock_timeout = '1s'")
            do {
                try server.execute("DROP SCHEMA IF EXISTS \(PostgresSchema.name) CASCADE; ALTER SCHEMA \(loading) RENAME TO \(PostgresSchema.name)")
                try server.execute("RELEASE SAVEPOINT swap")
                return
            } catch let e as StorageError where e.sqlstate == "55P03" || e.sqlstate == "40P01" {
                // lock_not_available; or deadlock_detected, when a query holding some of the old
                // tables asked for one the drop had taken: the load gives way either way.
                try server.execute("ROLLBACK TO SAVEPOINT swap")
                if !told {
                    log("civic: queries are reading the previous data: waiting for them to finish to put the new data in its place")
                    told = true
                }
                usleep(250_000)
            }
        }
    }
}
