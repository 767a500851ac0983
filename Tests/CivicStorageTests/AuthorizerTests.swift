import CivicStorage
import Foundation
import XCTest

/// A query connection cannot write, twice over: the read-only open, and an authorizer that
/// refuses writes, ATTACH, PRAGMAs that set a value and extension loading. The authorizer is
/// tried here on its own, on a file that could be written, so each refusal is its doing.
final class AuthorizerTests: XCTestCase {
    var path: String!

    override func setUpWithError() throws {
        path = NSTemporaryDirectory() + "civic-authorizer-\(UUID().uuidString).sqlite"
        let setup = try Database(path: path)
        try setup.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t VALUES (1, 'a'); CREATE INDEX t_name ON t(name); PRAGMA user_version = 7")
        addTeardownBlock { [path] in try? FileManager.default.removeItem(atPath: path!) }
    }

    func testEveryKindOfWriteIsRefusedOnAQueryOnlyConnection() throws {
        let db = try Database(path: path, queryOnly: true)
        let attached = NSTemporaryDirectory() + "civic-attached-\(UUID().uuidString).sqlite"
        defer { try? FileManager.default.removeItem(atPath: attached) }
        let refused = [
            "INSERT INTO t VALUES (2, 'b')",
            "UPDATE t SET name = 'z'",
            "DELETE FROM t",
            "REPLACE INTO t VALUES (1, 'c')",
            "CREATE TABLE u (x)",
            "CREATE TEMP TABLE u (x)",
            "CREATE VIEW v AS SELECT 1",
            "CREATE INDEX t_id ON t(id)",
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN SELECT 1; END",
            "DROP TABLE t",
            "DROP INDEX t_name",
            "ALTER TABLE t ADD COLUMN y",
            "ALTER TABLE t RENAME TO t2",
            "ATTACH DATABASE '\(attached)' AS other",
            "DETACH DATABASE main",
            "PRAGMA user_version = 8",
            "PRAGMA journal_mode = WAL",
            "PRAGMA writable_schema = ON",
            "SELECT load_extension('/nonexistent/lib')",
            "BEGIN",
            "SAVEPOINT s",
            "ANALYZE",
            "REINDEX",
            "VACUUM",
            "WITH x AS (SELECT 1) INSERT INTO t SELECT 5, 'w' FROM x",
        ]
        for sql in refused {
            XCTAssertThrowsError(try db.execute(sql), sql) { e in
                XCTAssertEqual((e as? StorageError)?.kind, .notAllowed, "\(sql): \(e)")
            }
        }
        // Nothing changed, and nothing was created beside it.
        XCTAssertEqual(try db.rows("SELECT id, name FROM t"), [[.integer(1), .text("a")]])
        XCTAssertEqual(try db.scalar("PRAGMA user_version"), .integer(7))
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM sqlite_master"), .integer(2))
        XCTAssertFalse(FileManager.default.fileExists(atPath: attached))
    }

    func testReadingStillWorks() throws {
        let db = try Database(path: path, queryOnly: true)
        XCTAssertEqual(try db.scalar("SELECT name FROM t WHERE id = ?", [.integer(1)]), .text("a"))
        XCTAssertEqual(try db.scalar("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT sum(i) FROM n"), .integer(15))
        XCTAssertEqual(try db.scalar("SELECT group_concat(name) FROM (SELECT name FROM t)"), .text("a"))
        XCTAssertEqual(try db.scalar("PRAGMA user_version"), .integer(7))
    }

    /// A read-only connection (what every query uses) has the authorizer too.
    func testAReadOnlyConnectionHasTheAuthorizer() throws {
        let db = try Database(path: path, readOnly: true)
        XCTAssertThrowsError(try db.execute("ATTACH DATABASE ':memory:' AS m")) { e in
            XCTAssertEqual((e as? StorageError)?.kind, .notAllowed, "\(e)")
        }
        // A writable connection for loading has none.
        let writer = try Database(path: path)
        XCTAssertNoThrow(try writer.execute("INSERT INTO t VALUES (2, 'b')"))
    }
}
