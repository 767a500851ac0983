import CivicStorage
import XCTest

final class DatabaseTests: XCTestCase {
    var db: Database!

    override func setUpWithError() throws {
        db = try Database(path: ":memory:")
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, amount REAL, data BLOB)")
    }

    func testStatementIsReusedWithTypedBindingsAndReads() throws {
        let insert = try db.prepare("INSERT INTO t(name, amount, data) VALUES (?, ?, ?)")
        try insert.execute([.text("a"), .real(1.5), .blob([1, 2, 3])])
        try insert.execute([.text("b"), .null, .null])
        let rows = try db.rows("SELECT id, name, amount, data FROM t ORDER BY id")
        XCTAssertEqual(rows, [[.integer(1), .text("a"), .real(1.5), .blob([1, 2, 3])],
                              [.integer(2), .text("b"), .null, .null]])
        let select = try db.prepare("SELECT name FROM t WHERE id = ?")
        try select.bind([.integer(2)])
        XCTAssertTrue(try select.step())
        XCTAssertEqual(select.text(0), "b")
        // Rebinding resets the statement: the old row is gone, the new one is read.
        try select.bind([.integer(1)])
        XCTAssertTrue(try select.step())
        XCTAssertEqual(select.text(0), "a")
        XCTAssertFalse(try select.step())
    }

    func testBindChecksArgumentCount() throws {
        let s = try db.prepare("SELECT ?, ?")
        XCTAssertThrowsError(try s.bind([.integer(1)])) { error in
            XCTAssertTrue((error as? StorageError)?.message.contains("expected 2 arguments") ?? false)
        }
    }

    func testErrorsCarryCodeMessageAndSQL() throws {
        XCTAssertThrowsError(try db.prepare("SELECT * FROM missing")) { error in
            let e = error as! StorageError
            XCTAssertEqual(e.code, 1)  // SQLITE_ERROR
            XCTAssertTrue(e.message.contains("no such table: missing"), e.message)
            XCTAssertEqual(e.sql, "SELECT * FROM missing")
        }
        let insert = try db.prepare("INSERT INTO t(name) VALUES (?)")
        XCTAssertThrowsError(try insert.execute([.null])) { error in
            let e = error as! StorageError
            XCTAssertEqual(e.code & 0xFF, 19)  // SQLITE_CONSTRAINT (extended code NOTNULL)
            XCTAssertTrue(e.message.contains("NOT NULL"), e.message)
        }
    }

    func testTransactionRollsBackAndRethrowsTheFirstError() throws {
        struct First: Error {}
        XCTAssertThrowsError(try db.transaction {
            try db.execute("INSERT INTO t(name) VALUES ('kept?')")
            throw First()
        }) { XCTAssertTrue($0 is First) }
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM t"), .integer(0))
        try db.transaction { try db.execute("INSERT INTO t(name) VALUES ('kept')") }
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM t"), .integer(1))
    }

    func testAbandonedStatementIsFinalized() throws {
        try db.execute("INSERT INTO t(name) VALUES ('a'), ('b')")
        do {
            let s = try db.prepare("SELECT name FROM t")
            try s.bind([])
            XCTAssertTrue(try s.step())  // left mid-result, as `top 5` or an interrupt would
        }
        // A pending read would make DROP fail with SQLITE_LOCKED; a finalized one does not.
        XCTAssertNoThrow(try db.execute("DROP TABLE t"))
    }

    func testValuesAreBoundNotSpliced() throws {
        let hostile = "x'); DROP TABLE t; --"
        try db.prepare("INSERT INTO t(name) VALUES (?)").execute([.text(hostile)])
        XCTAssertEqual(try db.scalar("SELECT name FROM t"), .text(hostile))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 't'"), .integer(1))
    }

    func testOpenFailureIsReported() {
        XCTAssertThrowsError(try Database(path: "/nonexistent-dir/x.sqlite")) { error in
            XCTAssertEqual((error as? StorageError)?.code, 14)  // SQLITE_CANTOPEN
        }
    }

    func testIntegrityAndForeignKeyChecks() throws {
        try db.execute("""
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent(id));
            PRAGMA foreign_keys = OFF; INSERT INTO child VALUES (1, 42); PRAGMA foreign_keys = ON;
            """)
        XCTAssertEqual(try db.integrityCheck(), ["ok"])
        XCTAssertEqual(try db.foreignKeyCheck().count, 1)
    }

    /// The query side sees a database only as a `Connection`: rows, a scalar that stops at the
    /// first row, and an interrupt that ends the running statement.
    func testTheDatabaseAsAConnection() throws {
        try db.execute("INSERT INTO t(name) VALUES ('a'), ('b'), ('c')")
        let connection: any Connection = db
        XCTAssertEqual(try connection.rows("SELECT name FROM t WHERE id > ? ORDER BY id", [.integer(1)]), [[.text("b")], [.text("c")]])
        XCTAssertEqual(try connection.scalar("SELECT name FROM t ORDER BY id"), .text("a"))
        XCTAssertEqual(try connection.scalar("SELECT name FROM t WHERE id > 9"), .null)
        var seen = 0
        XCTAssertThrowsError(try connection.each("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i FROM n", []) { row in
            seen += 1
            if row.int(0) == 1000 { connection.interruptHandle.interrupt() }
        }) { error in
            XCTAssertTrue((error as? StorageError)?.isInterrupt ?? false, "\(error)")
        }
        XCTAssertEqual(seen, 1000)
    }
}
