import CivicStorage
import Foundation
import XCTest

/// The load command's contract: all or nothing, a killed load loses nothing, the database
/// builds itself when missing or stale, and --no-demo leaves the synthetic layer out.
final class LoadCommandTests: XCTestCase {
    static let base = Civic.packageRoot.appendingPathComponent("Tests/CivicLoadTests/Fixtures/base")

    func testAKilledLoadLeavesThePreviousDatabaseUntouched() throws {
        let dir = try Civic.temporaryDirectory(self)
        let db = dir.appendingPathComponent("civic.sqlite")
        try FileManager.default.copyItem(atPath: try { _ = try BundledDatabase.open(); return BundledDatabase.built.path }(), toPath: db.path)
        let before = try Data(contentsOf: db)

        let p = Process()
        p.executableURL = Civic.binary
        p.arguments = ["load", "--db", db.path]
        p.environment = ["CIVIC_DATASETS": Civic.datasets.path, "HOME": dir.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the load is writing its new file, then kill it without warning.
        let deadline = Date().addingTimeInterval(60)
        var sawTemporary = false
        while Date() < deadline && p.isRunning {
            let items = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            if let tmp = items.first(where: { $0.hasSuffix(".tmp") }),
               let size = try? FileManager.default.attributesOfItem(atPath: dir.appendingPathComponent(tmp).path)[.size] as? Int,
               size > 1_000_000 {
                sawTemporary = true
                break
            }
            usleep(50_000)
        }
        XCTAssertTrue(sawTemporary, "the load should write beside the target")
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        XCTAssertEqual(try Data(contentsOf: db), before, "the previous database is byte-identical")
        XCTAssertEqual(try Database(path: db.path, readOnly: true).integrityCheck(), ["ok"])

        // The next load clears the dead load's leftovers.
        let r = try Civic.run(["load", "--db", db.path, Self.base.appendingPathComponent("councils.csv").path])
        XCTAssertEqual(r.status, 65, "re-loading councils that payments refer to cannot replace them")
        let r2 = try Civic.run(["load", "--db", db.path, Civic.datasets.appendingPathComponent("category_aliases.csv").path])
        XCTAssertEqual(r2.status, 0, r2.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }, [])
    }

    func testDatabaseBuildsItselfWhenMissingOrStale() throws {
        let dir = try Civic.temporaryDirectory(self)
        let datasets = dir.appendingPathComponent("Datasets")
        try FileManager.default.copyItem(at: Self.base, to: datasets)
        let db = dir.appendingPathComponent("data/civic.sqlite").path
        let env = ["CIVIC_DATASETS": datasets.path, "CIVIC_DB": db]

        let first = try Civic.run(["sources"], environment: env)
        XCTAssertEqual(first.status, 0, first.stderr)
        XCTAssertTrue(first.stderr.contains("building the database"), first.stderr)
        XCTAssertTrue(first.stdout.contains("councils.csv"))

        let second = try Civic.run(["sources"], environment: env)
        XCTAssertFalse(second.stderr.contains("building"), "an up-to-date database is not rebuilt")

        // A dataset newer than the database makes the next command rebuild it.
        let csv = datasets.appendingPathComponent("councils.csv")
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(5)], ofItemAtPath: csv.path)
        let third = try Civic.run(["sources"], environment: env)
        XCTAssertTrue(third.stderr.contains("changed since the database was built"), third.stderr)

        // A document beside the data is not data: touching it rebuilds nothing.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-60)], ofItemAtPath: csv.path)
        let notes = datasets.appendingPathComponent("NOTES.md")
        try "notes".write(to: notes, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: notes.path)
        XCTAssertFalse(try Civic.run(["sources"], environment: env).stderr.contains("building"))

        // A file the user loaded by hand is never dropped by a rebuild of their own making:
        // with one loaded, a changed dataset gets a note, and the database stays as it is.
        let own = dir.appendingPathComponent("own")
        try FileManager.default.createDirectory(at: own, withIntermediateDirectories: true)
        let malformed = Civic.packageRoot.appendingPathComponent("Tests/CivicLoadTests/Malformed")
        try "Date,Supplier,Amount\n01/06/2012,Acme Ltd,100.00\n".write(to: own.appendingPathComponent("mine.csv"), atomically: true, encoding: .utf8)
        let layout = try String(contentsOf: malformed.appendingPathComponent("too_few_fields.layout.json"), encoding: .utf8)
            .replacingOccurrences(of: "too_few_fields.csv", with: "mine.csv")
        try layout.write(to: own.appendingPathComponent("mine.layout.json"), atomically: true, encoding: .utf8)
        let added = try Civic.run(["load", own.appendingPathComponent("mine.csv").path], environment: env)
        XCTAssertEqual(added.status, 0, added.stderr)
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(3600)], ofItemAtPath: csv.path)
        let fourth = try Civic.run(["sources"], environment: env)
        XCTAssertFalse(fourth.stderr.contains("building"), fourth.stderr)
        XCTAssertTrue(fourth.stderr.contains("files loaded by hand (mine.csv)"), fourth.stderr)
        XCTAssertTrue(fourth.stdout.contains("mine.csv"), "the file loaded by hand is still there")
    }

    func testNoDemoLeavesTheSyntheticLayerOut() throws {
        let dir = try Civic.temporaryDirectory(self)
        let db = dir.appendingPathComponent("real.sqlite").path
        let r = try Civic.run(["load", "--no-demo", "--db", db])
        XCTAssertEqual(r.status, 0, r.stderr)
        let d = try Database(path: db, readOnly: true)
        XCTAssertEqual(try d.scalar("SELECT count(*) FROM sources WHERE synthetic = 1").int, 0)
        XCTAssertEqual(try d.scalar("SELECT value FROM meta WHERE key = 'demo'"), .text("0"))
        XCTAssertFalse(r.stdout.contains("synthetic"))
        // The real layer is the same with or without the demo layer.
        let full = try BundledDatabase.open()
        let q = "SELECT count(*), sum(amount_pence) FROM payments JOIN sources USING(source_id) WHERE synthetic = 0"
        XCTAssertEqual(try d.rows(q), try full.rows(q))
    }

    func testUsageErrorsExit64() throws {
        let r = try Civic.run(["load", "--no-such-flag"])
        XCTAssertEqual(r.status, 64)
        let missing = try Civic.run(["load", "--db", "/tmp/x-\(UUID().uuidString).sqlite", "/no/such/file.csv"])
        XCTAssertEqual(missing.status, 65)
        XCTAssertTrue(missing.stderr.hasPrefix("/no/such/file.csv: no such file or directory"), missing.stderr)
    }

    func testAFileWithoutALayoutSaysWhatToWrite() throws {
        let dir = try Civic.temporaryDirectory(self)
        let csv = dir.appendingPathComponent("orphan.csv")
        try "a,b\n1,2\n".write(to: csv, atomically: true, encoding: .utf8)
        let r = try Civic.run(["load", "--db", dir.appendingPathComponent("x.sqlite").path, "orphan.csv"], in: dir,
                              environment: ["CIVIC_DATASETS": Self.base.path])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("orphan.csv: no layout for this file: write orphan.layout.json"), r.stderr)
    }
}
