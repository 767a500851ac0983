import CivicStorage
import Foundation
import XCTest

/// civic on a PostgreSQL server (TestServer): the same answers as on SQLite, queries that
/// cannot write, loads that readers never see half done, and killed loads that leave nothing.
/// Every test of the other suites that asks the bundled database a question also asks the
/// server (`Civic.run` mirrors it) and requires the same output.
final class PostgresTests: XCTestCase {
    static let fixtures = Civic.packageRoot.appendingPathComponent("Tests/CivicLoadTests/Fixtures/base")

    /// Every table's rows, by the server's own text form of each row, hashed: equal when the
    /// data is equal. Computed by the server, apart from civic.
    static func fingerprint(_ uri: String) throws -> [String] {
        let c = try PostgresConnection(conninfo: uri, readOnly: false, checkSchema: false)
        return try Schema.tables.map { t in
            let r = try c.rows("SELECT count(*), coalesce(md5(string_agg(x::text, E'\\n' ORDER BY x::text)), '') FROM civic.\(t) x")
            return "\(t) \(r[0][0]) \(r[0][1])"
        }
    }

    /// A database holding the small fixture data set.
    func fixtureDatabase(_ label: String) throws -> String {
        let uri = try TestServer.freshDatabase(label)
        let r = try Civic.run(["load", "--db", uri], environment: ["CIVIC_DATASETS": Self.fixtures.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        return uri
    }

    // MARK: the same answers

    /// Every query of the corpus, as one script, in tables (with their notes) and in JSON
    /// (typed values, money to the penny, the sources cited), gives the same output on both
    /// engines (compared by `Civic.run`, which asks the server too).
    func testEveryCorpusQueryGivesTheSameAnswerOnBothEngines() throws {
        _ = try TestServer.bundledURI()
        let queries = Civic.packageRoot.appendingPathComponent("Tests/CivicQueryTests/Queries")
        let names = try FileManager.default.contentsOfDirectory(atPath: queries.path).filter { $0.hasSuffix(".civic") }.sorted()
        XCTAssertGreaterThan(names.count, 80)
        let script = try Civic.temporaryDirectory(self).appendingPathComponent("corpus.civic")
        try names.map { try String(contentsOf: queries.appendingPathComponent($0), encoding: .utf8) + "\n;\n" }.joined()
            .write(to: script, atomically: true, encoding: .utf8)
        for format in ["table", "json"] {
            let args = ["query", "--db", BundledDatabase.built.path, "--no-pager", "--format", format, "-f", script.path]
            XCTAssertNotNil(TestServer.mirror(args, environment: [:]), "the corpus is asked of both engines")
            let r = try Civic.run(args)
            XCTAssertEqual(r.status, 0, r.stderr)
            if format == "json" {
                let results = (try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])?["results"] as? [Any]
                XCTAssertEqual(results?.count, names.count, "one result per query")
            }
        }
    }

    /// The loads agree too: the bundled data on the server holds what the SQLite file holds,
    /// table by table, row by row (each table read in key order by each engine).
    func testTheServerHoldsWhatTheFileHolds() throws {
        let uri = try TestServer.bundledURI()
        let server = try PostgresConnection(conninfo: uri, readOnly: true)
        _ = try BundledDatabase.open()
        let file = try Database(path: BundledDatabase.built.path, create: false)
        for table in Schema.tables where table != "meta" {
            // Each load notes its own time.
            let columns = try PostgresCopy.columns(of: table, in: file).filter { $0 != "loaded_at" }
            let list = columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let order = (1...columns.count).map(String.init).joined(separator: ", ")
            let a = try file.rows("SELECT \(list) FROM \(table) ORDER BY \(order)")
            let b = try server.rows("SELECT \(list) FROM \(table) ORDER BY \((1...columns.count).map { "\($0) NULLS FIRST" }.joined(separator: ", "))")
            XCTAssertEqual(a.count, b.count, table)
            XCTAssertTrue(a == b, "\(table): the rows differ")
        }
    }

    /// Each malformed file of the corpus fails on the server as on SQLite, with the same
    /// messages, and the server's data is unchanged.
    func testMalformedFilesFailTheSameWayAndChangeNothing() throws {
        let uri = try fixtureDatabase("malformed")
        let dir = try Civic.temporaryDirectory(self)
        let file = dir.appendingPathComponent("base.sqlite").path
        XCTAssertEqual(try Civic.run(["load", "--db", file], environment: ["CIVIC_DATASETS": Self.fixtures.path]).status, 0)
        let before = try Self.fingerprint(uri)
        let display = DatabaseLocation(uri).display
        for c in try MalformedCorpusTests.cases() {
            let a = try Civic.run(["load", "--db", file, c.name + ".csv"], in: MalformedCorpusTests.corpus,
                                  environment: ["CIVIC_DATASETS": Self.fixtures.path])
            let b = try Civic.run(["load", "--db", uri, c.name + ".csv"], in: MalformedCorpusTests.corpus,
                                  environment: ["CIVIC_DATASETS": Self.fixtures.path])
            XCTAssertEqual(b.status, 65, "\(c.name): \(b.stderr)")
            XCTAssertEqual(b.status, a.status, c.name)
            XCTAssertEqual(b.stderr, a.stderr.replacingOccurrences(of: file, with: display), c.name)
            XCTAssertTrue(b.stderr.split(separator: "\n").first?.hasPrefix(c.location + ": ") ?? false, "\(c.name): \(b.stderr)")
        }
        XCTAssertEqual(try Self.fingerprint(uri), before, "the server's data is unchanged")
    }

    /// The prompt on the server: a name completed from the server's data, an answer, `.sources`.
    func testThePromptOnTheServer() throws {
        let uri = try TestServer.bundledURI()
        let t = try REPLTests.Terminal(home: try Civic.temporaryDirectory(self), test: self, database: uri)
        t.wait(for: "civic> ")
        try t.type(#"councillors in ward "Bromf"#)
        try t.send("Tab")
        t.wait(for: #"councillors in ward "Bromford & Hodge Hill""#)
        try t.send("Enter")
        t.wait(for: "Majid Mahmood")
        try t.type(".sources")
        try t.send("Enter")
        t.wait(for: "birmingham_councillors_elected_2026.csv")
    }

    // MARK: queries cannot write

    func testAQueryConnectionCannotWrite() throws {
        let uri = try fixtureDatabase("readonly")
        let writes = [
            "INSERT INTO meta(key, value) VALUES ('x', 'y')",
            "UPDATE meta SET value = 'x'",
            "DELETE FROM payments",
            "CREATE TABLE civic.t (x int)",
        ]
        // civic's query connection, even as the server's superuser: every transaction is read-only.
        let q = try PostgresConnection(conninfo: uri, readOnly: true)
        for sql in writes {
            XCTAssertThrowsError(try q.rows(sql), sql) { e in
                XCTAssertEqual((e as? StorageError)?.sqlstate, "25006", "\(sql): \(e)")  // read_only_sql_transaction
                XCTAssertEqual((e as? StorageError)?.kind, .notAllowed, sql)
            }
        }
        // As the documented reader role, which holds SELECT only: refused by privilege as well,
        // and so is writing a file on the server with COPY.
        let admin = try PostgresConnection(conninfo: uri, readOnly: false, checkSchema: false)
        let role = "civic_reader_\(getpid())"
        try admin.execute("""
            DROP ROLE IF EXISTS \(role); CREATE ROLE \(role) LOGIN;
            GRANT USAGE ON SCHEMA civic TO \(role); GRANT SELECT ON ALL TABLES IN SCHEMA civic TO \(role)
            """)
        defer { try? admin.execute("DROP OWNED BY \(role); DROP ROLE \(role)") }
        guard var c = URLComponents(string: uri) else { return XCTFail(uri) }
        c.queryItems = (c.queryItems ?? []).filter { $0.name != "user" } + [URLQueryItem(name: "user", value: role)]
        let reader = try PostgresConnection(conninfo: c.string!, readOnly: true)
        XCTAssertEqual(try reader.scalar("SELECT count(*) FROM sources").int, try q.scalar("SELECT count(*) FROM sources").int, "it reads")
        let target = FileManager.default.temporaryDirectory.appendingPathComponent("civic-copy-\(getpid()).txt").path
        for sql in writes + ["COPY (SELECT * FROM meta) TO '\(target)'"] {
            XCTAssertThrowsError(try reader.rows(sql), sql) { e in
                XCTAssertEqual((e as? StorageError)?.kind, .notAllowed, "\(sql): \(e)")
            }
        }
        // A reader's own session cannot turn the read-only default off for a write, either.
        let writable = try PostgresConnection(conninfo: c.string!, readOnly: false, checkSchema: false)
        for sql in writes + ["COPY civic.meta TO '\(target)'"] {
            XCTAssertThrowsError(try writable.rows(sql), sql) { e in
                XCTAssertEqual((e as? StorageError)?.sqlstate, "42501", "\(sql): \(e)")  // insufficient_privilege
            }
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: target))
        XCTAssertEqual(try Self.fingerprint(uri).count, Schema.tables.count)
    }

    /// A time limit is the server's statement timeout; Ctrl-C is the server's cancel.
    func testTheServerStopsAStatementAtItsTimeLimitAndOnCancel() throws {
        let uri = try fixtureDatabase("timeout")
        let q = try PostgresConnection(conninfo: uri, readOnly: true)
        q.startWatch(timeLimit: 0.3)
        XCTAssertEqual(try q.scalar("SHOW statement_timeout").string, "300ms")
        let started = Date()
        XCTAssertThrowsError(try q.rows("SELECT pg_sleep(20)")) { e in
            XCTAssertEqual((e as? StorageError)?.kind, .timedOut, "\(e)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 10)
        q.startWatch(timeLimit: nil)
        let handle = q.interruptHandle
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.3) { handle.interrupt() }
        XCTAssertThrowsError(try q.rows("SELECT pg_sleep(20)")) { e in
            XCTAssertEqual((e as? StorageError)?.kind, .interrupted, "\(e)")
        }
        q.startWatch(timeLimit: nil)
        XCTAssertEqual(try q.scalar("SELECT 1").int, 1, "the connection goes on")
        // A limit set inside a query's snapshot that fails is rolled back with it, and set again.
        struct Failed: Error {}
        XCTAssertThrowsError(try q.consistently { q.startWatch(timeLimit: 0.5); throw Failed() })
        q.startWatch(timeLimit: 0.5)
        XCTAssertEqual(try q.scalar("SHOW statement_timeout").string, "500ms")
    }

    /// `--db postgresql:` alone reads libpq's PG* variables; `CIVIC_DB` takes an address too;
    /// `sources` and `schema` read the server as `query` does.
    func testTheServerCanBeNamedEveryWay() throws {
        let uri = try TestServer.bundledURI()
        let c = try XCTUnwrap(URLComponents(string: uri))
        var env = ["PGDATABASE": String(c.path.dropFirst())]
        for item in c.queryItems ?? [] {
            if item.name == "host" { env["PGHOST"] = item.value }
            if item.name == "user" { env["PGUSER"] = item.value }
            if item.name == "port" { env["PGPORT"] = item.value }
        }
        if let host = c.host, !host.isEmpty { env["PGHOST"] = host }
        if let port = c.port { env["PGPORT"] = String(port) }
        if let user = c.user { env["PGUSER"] = user }
        let file = try Civic.run(["query", "--db", BundledDatabase.built.path, "--format", "csv", "councillors | count by party"])
        let server = try Civic.run(["query", "--db", "postgresql:", "--format", "csv", "councillors | count by party"], environment: env)
        XCTAssertEqual(server.status, 0, server.stderr)
        XCTAssertEqual(server.stdout, file.stdout)
        for command in [["sources"], ["schema"]] {
            let a = try Civic.runOnce(command + ["--db", BundledDatabase.built.path])
            let b = try Civic.runOnce(command, environment: ["CIVIC_DB": uri])
            XCTAssertEqual(b.status, 0, b.stderr)
            XCTAssertEqual(b.stdout, a.stdout, "\(command)")
        }
        let d = try Civic.runOnce(["datasette", "--db", uri])
        XCTAssertEqual(d.status, 64, d.stderr)
        XCTAssertTrue(d.stderr.contains("Datasette serves SQLite files"), d.stderr)
    }

    // MARK: loads

    /// Waits until the `civic load` session on the server is inside its publishing transaction
    /// (it has written: a transaction id), and returns when it began; nil if it never was.
    static func publishing(_ admin: PostgresConnection, database: String, within seconds: Double, while load: Process? = nil) throws -> String? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline && load?.isRunning ?? true {
            if let started = try admin.scalar("""
                SELECT CAST(xact_start AS TEXT) FROM pg_stat_activity
                 WHERE application_name = 'civic load' AND datname = ? AND backend_xid IS NOT NULL
                """, [.text(database)]).string { return started }
            usleep(10_000)
        }
        return nil
    }

    func startLoad(_ uri: String, _ file: URL) throws -> Process {
        let p = Process()
        p.executableURL = Civic.binary
        p.arguments = ["load", "--db", uri, file.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    func count(_ uri: String) throws -> String {
        let r = try Civic.run(["query", "--db", uri, "--format", "csv", "spending | count"])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r.stdout
    }

    /// A copy of the bundled data's database (made by the server from it as a template).
    func bundledCopy(_ label: String) throws -> String {
        let bundled = try TestServer.bundledURI()
        let name = "civic_test_\(getpid())_\(label)"
        let admin = try PostgresConnection(conninfo: try TestServer.adminURI(), readOnly: false, checkSchema: false)
        try admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
        try admin.execute("CREATE DATABASE \(name) TEMPLATE \(URLComponents(string: bundled)!.path.dropFirst())")
        return try TestServer.uri(database: name)
    }

    func testAReaderSeesThePreviousDataWhileALoadRunsAndTheNewAfterItCommits() throws {
        let uri = try bundledCopy("during")
        let name = URLComponents(string: uri)!.path.dropFirst()
        let dir = try Civic.temporaryDirectory(self)
        let file = try InPlaceLoadTests.writePayments("during", rows: 50_000, in: dir)
        let before = try count(uri)
        let fingerprint = try Self.fingerprint(uri)
        let admin = try PostgresConnection(conninfo: try TestServer.adminURI(), readOnly: false, checkSchema: false)
        let p = try startLoad(uri, file)
        guard let started = try Self.publishing(admin, database: String(name), within: 300, while: p) else {
            p.waitUntilExit()
            return XCTFail("the load was never seen publishing")
        }
        // Mid-load: the previous data, whole.
        XCTAssertEqual(try count(uri), before)
        XCTAssertEqual(try Self.fingerprint(uri), fingerprint)
        XCTAssertEqual(try Self.publishing(admin, database: String(name), within: 0.01), started,
                       "the same load was still publishing after the reads")
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        let after = try count(uri)
        let n = { (s: String) in Int(s.split(whereSeparator: \.isNewline).last?.split(separator: ",").first ?? "") ?? -1 }
        XCTAssertEqual(n(after), n(before) + 50_000, after)
    }

    func testALoadKilledMidwayLeavesThePreviousData() throws {
        let uri = try bundledCopy("killed")
        let name = String(URLComponents(string: uri)!.path.dropFirst())
        let dir = try Civic.temporaryDirectory(self)
        let file = try InPlaceLoadTests.writePayments("killed", rows: 50_000, in: dir)
        let fingerprint = try Self.fingerprint(uri)
        let admin = try PostgresConnection(conninfo: try TestServer.adminURI(), readOnly: false, checkSchema: false)
        let p = try startLoad(uri, file)
        guard try Self.publishing(admin, database: name, within: 300) != nil else {
            p.waitUntilExit()
            return XCTFail("the load was never seen publishing")
        }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        // The server notices the connection is gone and rolls its transaction back.
        let deadline = Date().addingTimeInterval(60)
        while try admin.scalar("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'civic load' AND datname = ?", [.text(name)]).int != 0,
              Date() < deadline { usleep(20_000) }
        XCTAssertEqual(try Self.fingerprint(uri), fingerprint, "the previous data, unchanged")
        let db = try PostgresConnection(conninfo: uri, readOnly: true)
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'civic%'").int, 1, "no half-made schema")
        // The next load takes the lock the killed one held, and goes through.
        let again = try Civic.run(["load", "--db", uri, file.path])
        XCTAssertEqual(again.status, 0, again.stderr)
        XCTAssertEqual(try db.scalar("SELECT rows_loaded FROM sources WHERE file = 'killed.csv'").int, 50_000)
    }
}
