import Foundation
import XCTest

/// Every way civic fails ends with its documented exit code, never ArgumentParser's 1:
/// 64 usage, 65 bad data or query, 66 no input, 70 internal error, 73 cannot create, 74 I/O,
/// 75 try again, 77 permission, 130 cancelled.
final class ExitCodeTests: XCTestCase {
    static let fixtures = Civic.packageRoot.appendingPathComponent("Tests/CivicLoadTests/Fixtures/base")

    /// A small database built from the loader's fixtures.
    func fixtureDatabase() throws -> String {
        let db = try Civic.temporaryDirectory(self).appendingPathComponent("base.sqlite").path
        let r = try Civic.run(["load", "--db", db], environment: ["CIVIC_DATASETS": Self.fixtures.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        return db
    }

    func testABadQueryIs65() throws {
        let db = try fixtureDatabase()
        let r = try Civic.run(["query", "--db", db, #"councilors in ward "Aston""#], environment: ["CIVIC_DATASETS": Self.fixtures.path])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix(#"error: unknown subject "councilors""#), r.stderr)
    }

    func testAMalformedFileLoadIs65() throws {
        let db = try fixtureDatabase()
        let r = try Civic.run(["load", "--db", db, "bad_date.csv"], in: MalformedCorpusTests.corpus,
                              environment: ["CIVIC_DATASETS": Self.fixtures.path])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertEqual(r.stderr, #"""
            bad_date.csv:4:1: expected a date like 25/06/2012, found "2506/2012"
            nothing was written: the database is unchanged

            """#)
    }

    /// A database path that is a directory: no database to read there, 66 (it was 70, and
    /// ArgumentParser's 1 before that), said in civic's words.
    func testADatabaseThatIsAFolderIs66() throws {
        let dir = try Civic.temporaryDirectory(self)
        // No datasets, so nothing is built first: the directory itself is opened.
        let datasets = dir.appendingPathComponent("datasets")
        try FileManager.default.createDirectory(at: datasets, withIntermediateDirectories: true)
        let db = dir.appendingPathComponent("db")
        try FileManager.default.createDirectory(at: db, withIntermediateDirectories: true)
        for arguments in [["query", "--db", db.path, "regions"], ["sources", "--db", db.path]] {
            let r = try Civic.run(arguments, environment: ["CIVIC_DATASETS": datasets.path])
            XCTAssertEqual(r.status, 66, "\(arguments): \(r.stderr)")
            XCTAssertEqual(r.stderr, "error: cannot open the database \(db.path): it is a folder, not a file\n", "\(arguments)")
        }
    }

    func testAnUnknownFlagIs64() throws {
        let r = try Civic.run(["query", "--no-such-flag", "regions"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("Error: Unknown option '--no-such-flag'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("Usage: civic query"), r.stderr)
    }

    /// Help is not a failure.
    func testHelpIs0() throws {
        let r = try Civic.run(["query", "--help"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("Exit codes:"), r.stdout)
    }

    /// A server address civic does not read is a usage error, and no `postgresql:` folder or
    /// SQLite file is made for it; one it reads but cannot reach is "no input", in civic's words.
    func testAPostgreSQLAddressIsNeverTakenForAPath() throws {
        let dir = try Civic.temporaryDirectory(self)
        for (args, env) in [(["query", "--db", "postgresql:civic", "councils | count"], [String: String]()),
                            (["load", "--db", "postgres:/x"], [:]),
                            (["sources"], ["CIVIC_DB": "postgresql:db=x"])] {
            let r = try Civic.run(args, in: dir, environment: env)
            XCTAssertEqual(r.status, 64, "\(args): \(r.stderr)")
            XCTAssertTrue(r.stderr.contains("looks like a PostgreSQL server's address"), r.stderr)
        }
        // Port 1 on loopback: nothing listens there.
        let r = try Civic.run(["query", "--db", "postgresql://civic:secret@127.0.0.1:1/civic", "councils | count"], in: dir)
        XCTAssertEqual(r.status, 66, r.stderr)
        XCTAssertTrue(r.stderr.contains("cannot reach the PostgreSQL database postgresql://civic@127.0.0.1:1/civic"), r.stderr)
        XCTAssertFalse(r.stderr.contains("secret"), "the password is never shown: \(r.stderr)")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path), [], "nothing made")
    }
}
