import CivicStorage
import Foundation
import XCTest

/// Adding a file to an existing database: written into that database in one transaction, all or
/// nothing whatever happens to the process, and one load at a time. The database's contents are
/// compared by the `sqlite3` shell's `.sha3sum` of every table and the schema, computed outside
/// civic.
final class InPlaceLoadTests: XCTestCase {
    /// A payments file of `rows` synthetic rows paid by Birmingham City Council, with its layout,
    /// in `dir`. With `badLastRow` the last row's amount is not money.
    static func writePayments(_ name: String, rows: Int, in dir: URL, badLastRow: Bool = false) throws -> URL {
        var csv = "payer,date,supplier,amount,category_code,expense_text,transaction_ref\n"
        csv.reserveCapacity(rows * 90)
        let suppliers = ["Test Cleaning Services Limited", "Test Catering Ltd", "Test Youth Trust", "Test Transport plc"]
        let categories = [315, 584, 190, 290]
        for i in 0..<rows {
            let amount = badLastRow && i == rows - 1 ? "twelve pounds" : "\(100 + i % 977).\(String(format: "%02d", i % 100))"
            csv += "ons:E08000025,2025-0\(1 + i % 9)-\(String(format: "%02d", 1 + i % 28)),\(suppliers[i % 4]),\(amount),\(categories[i % 4]),Test expense \(i % 13),T\(name.prefix(3))\(i)\n"
        }
        let file = dir.appendingPathComponent(name + ".csv")
        try csv.write(to: file, atomically: true, encoding: .utf8)
        let layout = """
            {
              "file": "\(name).csv",
              "kind": "payments",
              "source": { "title": "TEST (synthetic): payments made up by InPlaceLoadTests", "publisher": "civic tests",
                          "licence": "CC0 (synthetic)", "period_start": "2025-01-01", "period_end": "2025-09-30", "synthetic": true },
              "columns": { "payer": "payer", "date": "date", "supplier": "supplier", "amount": "amount",
                           "category": "category_code", "expense": "expense_text", "reference": "transaction_ref" },
              "date_example": "2025-04-01"
            }
            """
        try layout.write(to: dir.appendingPathComponent(name + ".layout.json"), atomically: true, encoding: .utf8)
        return file
    }

    /// A copy of the bundled database in a fresh directory.
    func bundledCopy() throws -> (dir: URL, db: URL) {
        XCTAssertEqual(BundledDatabase.built.status, 0, BundledDatabase.built.stderr)
        let dir = try Civic.temporaryDirectory(self)
        let db = dir.appendingPathComponent("civic.sqlite")
        try FileManager.default.copyItem(atPath: BundledDatabase.built.path, toPath: db.path)
        return (dir, db)
    }

    /// The content checksum of every table and of the schema, by the sqlite3 shell.
    static func checksum(_ db: URL, tables: String? = nil) throws -> String {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["sqlite3", "-readonly", db.path, tables.map { ".sha3sum \($0)" } ?? ".sha3sum --schema"]
        let out = Pipe()
        p.standardOutput = out
        p.standardError = FileHandle.nullDevice
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "sqlite3 .sha3sum")
        return text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The contents of `db` as sorted lines, apart from what differs between two loads of the
    /// same files: the time of each load (`sources.loaded_at`, `meta.built_at`), the order rows
    /// were stored in (the monthly totals are stored in hash order), and the pages tables sit on
    /// (`rootpage`). Equal for a load that finished before its kill and the reference load.
    static func contentsApartFromLoadTimes(_ db: URL, in dir: URL) throws -> String {
        let copy = dir.appendingPathComponent("apart-from-times.sqlite")
        try? FileManager.default.removeItem(at: copy)
        try FileManager.default.copyItem(at: db, to: copy)
        defer { try? FileManager.default.removeItem(at: copy) }
        func sqlite3(_ sql: String) throws -> String {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            p.arguments = ["sqlite3", copy.path, sql]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertEqual(p.terminationStatus, 0, "sqlite3 \(sql.prefix(80))")
            return text
        }
        _ = try sqlite3("UPDATE sources SET loaded_at = ''; DELETE FROM meta WHERE key = 'built_at'")
        let tables = try sqlite3("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .split(separator: "\n").map(String.init)
        var script = "SELECT 'schema', type, name, tbl_name, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%';"
        for t in tables { script += "SELECT '\(t)', * FROM \"\(t)\";" }
        return try sqlite3(script).split(separator: "\n").sorted().joined(separator: "\n")
    }

    static func inode(_ path: URL) throws -> UInt64 {
        (try FileManager.default.attributesOfItem(atPath: path.path)[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    func testAddingAFileWritesIntoTheDatabaseItself() throws {
        let (dir, db) = try bundledCopy()
        let inode = try Self.inode(db)
        let file = try Self.writePayments("month_one", rows: 2_000, in: dir)
        let r = try Civic.run(["load", "--db", db.path, file.path])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(try Self.inode(db), inode, "the same file, written in place, not a copy renamed over it")
        let d = try Database(path: db.path, readOnly: true)
        XCTAssertEqual(try d.scalar("SELECT rows_loaded FROM sources WHERE file = 'month_one.csv'").int, 2_000)
        XCTAssertEqual(try d.integrityCheck(), ["ok"])
        XCTAssertEqual(try d.foreignKeyCheck(), [])
        XCTAssertEqual(try d.totalsMismatches(), [], "the totals take in the new file")
        // Nothing but the database and its lock is left beside it (no journal, no copy).
        let items = Set(try FileManager.default.contentsOfDirectory(atPath: dir.path))
        XCTAssertEqual(items, ["civic.sqlite", ".civic.sqlite.lock", "month_one.csv", "month_one.layout.json"])

        // A new version of the file replaces its rows, and its totals with them; here counted
        // with room for only 16 keys in memory, so the totals are stored many times over and
        // added up at the end.
        _ = try Self.writePayments("month_one", rows: 700, in: dir)
        let again = try Civic.run(["load", "--db", db.path, file.path], environment: ["CIVIC_LOAD_TOTALS_KEYS": "16"])
        XCTAssertEqual(again.status, 0, again.stderr)
        let e = try Database(path: db.path, readOnly: true)
        XCTAssertEqual(try e.scalar("SELECT count(*) FROM payments JOIN sources USING (source_id) WHERE file = 'month_one.csv'").int, 700)
        XCTAssertEqual(try e.totalsMismatches(), [])
    }

    func testALoadFailingOnItsLastRowChangesNothing() throws {
        let (dir, db) = try bundledCopy()
        let before = try Self.checksum(db)
        let bytes = try Data(contentsOf: db)
        let file = try Self.writePayments("bad_end", rows: 30_000, in: dir, badLastRow: true)
        let r = try Civic.run(["load", "--db", db.path, file.path])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.hasPrefix("\(file.path):30001:4: expected an amount of money"), r.stderr)
        XCTAssertEqual(try Self.checksum(db), before)
        XCTAssertEqual(try Data(contentsOf: db), bytes, "not a byte changed")
        XCTAssertFalse(FileManager.default.fileExists(atPath: db.path + "-journal"))
    }

    func testALoadKilledAtAnyMomentLeavesExactlyThePreviousContents() throws {
        let (dir, db) = try bundledCopy()
        let file = try Self.writePayments("killed", rows: 150_000, in: dir)
        let pristine = dir.appendingPathComponent("pristine.sqlite")
        try FileManager.default.copyItem(at: db, to: pristine)
        let before = try Self.checksum(db)

        // How long a whole load takes here, so that the kills fall inside it.
        let started = Date()
        let full = try Civic.run(["load", "--db", db.path, file.path], environment: ["CIVIC_LOAD_CACHE_KIB": "256"])
        XCTAssertEqual(full.status, 0, full.stderr)
        let duration = Date().timeIntervalSince(started)
        let after = try Self.checksum(db)
        XCTAssertNotEqual(after, before)
        // A load that finishes before its kill has the loaded contents, but for its own load
        // times and the order and pages its rows were stored in.
        let afterApartFromTime = try Self.contentsApartFromLoadTimes(db, in: dir)
        let paymentsAfter = try Self.checksum(db, tables: "payments")

        var rng = SeededGenerator(seed: 20261201)
        var killedMidLoad = 0
        for round in 0..<10 {
            try FileManager.default.removeItem(at: db)
            try FileManager.default.copyItem(at: pristine, to: db)
            let delay = Double.random(in: 0.05...(max(0.1, duration * 0.8)), using: &rng)
            let p = Process()
            p.executableURL = Civic.binary
            p.arguments = ["load", "--db", db.path, file.path]
            // A small page cache, so the load writes into the database file early and often:
            // most kills then land after pages were overwritten, where only the journal saves them.
            p.environment = ProcessInfo.processInfo.environment.merging(["CIVIC_LOAD_CACHE_KIB": "256"]) { _, b in b }
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            usleep(useconds_t(delay * 1_000_000))
            let wasRunning = p.isRunning
            if wasRunning { killedMidLoad += 1 }
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()

            // (Kills fall within the first 80% of a whole load's time: on a busy machine a load may
            // run faster than the one timed, and a kill after its commit counts for nothing.)
            // A query reads at once, through whatever the killed load left (a hot journal).
            let q = try Civic.run(["query", "--db", db.path, "--format", "csv", "regions | count"])
            XCTAssertEqual(q.status, 0, "round \(round), killed after \(delay) s: \(q.stderr)")
            // Read by a read-only connection, which could not roll back a hot journal itself: so
            // any journal still there is an empty one SQLite ignores, and the contents are exactly
            // the previous ones, or, when the kill came after the commit (the load can finish
            // between the check that it runs and the kill), the loaded ones: never a part.
            let contents = try Self.checksum(db)
            let finished = contents == after ? true : try Self.contentsApartFromLoadTimes(db, in: dir) == afterApartFromTime
            XCTAssertTrue(contents == before || finished, "round \(round), killed after \(delay) s: neither before nor after")
            if finished { killedMidLoad -= wasRunning ? 1 : 0 }
            XCTAssertEqual(try Database(path: db.path, readOnly: true).integrityCheck(), ["ok"], "round \(round)")
        }
        XCTAssertGreaterThanOrEqual(killedMidLoad, 8, "most kills should land while the load runs")

        // And the next load goes through, to the same contents as an uninterrupted one.
        let again = try Civic.run(["load", "--db", db.path, file.path])
        XCTAssertEqual(again.status, 0, again.stderr)
        let d = try Database(path: db.path, readOnly: true)
        XCTAssertEqual(try d.scalar("SELECT rows_loaded FROM sources WHERE file = 'killed.csv'").int, 150_000)
        XCTAssertEqual(try d.scalar("SELECT count(*) FROM payments JOIN sources USING (source_id) WHERE file = 'killed.csv'").int, 150_000)
        XCTAssertEqual(try Self.checksum(db, tables: "payments"), paymentsAfter, "the same payments as the uninterrupted load")
        XCTAssertEqual(try d.totalsMismatches(), [])
        XCTAssertFalse(FileManager.default.fileExists(atPath: db.path + "-journal"))
    }

    /// Payments are checked on one thread and written on another; `CIVIC_LOAD_THREADS=1` does
    /// both on one. The rows must not depend on it: not their ids, order, suppliers or errors.
    func testCheckingOnItsOwnThreadChangesNothing() throws {
        let dir = try Civic.temporaryDirectory(self)
        var sums: [String] = []
        for threads in ["1", "2"] {
            let db = dir.appendingPathComponent("rebuilt-\(threads).sqlite")
            let r = try Civic.run(["load", "--db", db.path], environment: ["CIVIC_LOAD_THREADS": threads])
            XCTAssertEqual(r.status, 0, r.stderr)
            // Added to a big table: the staged path.
            let file = try Self.writePayments("added_\(threads)", rows: 5_000, in: dir)
            let a = try Civic.run(["load", "--db", db.path, file.path], environment: ["CIVIC_LOAD_THREADS": threads])
            XCTAssertEqual(a.status, 0, a.stderr)
            sums.append(try Self.checksum(db, tables: "payments") + " " + Self.checksum(db, tables: "suppliers"))
        }
        XCTAssertEqual(sums[0].split(separator: " ").count, 2)
        XCTAssertEqual(sums[0], sums[1])
        // And a file with bad rows is reported the same way, in file order.
        let bad = dir.appendingPathComponent("bad.csv")
        var text = "payer,date,supplier,amount,category_code,expense_text,transaction_ref\n"
        for i in 0..<3_000 {
            text += i % 97 == 5 ? "ons:E08000025,2025-02-30,X Ltd,1.00,315,e,R\(i)\n" : "ons:E08000025,2025-02-03,X Ltd,\(i % 50 == 7 ? "1.2.3" : "1.00"),315,e,R\(i)\n"
        }
        try text.write(to: bad, atomically: true, encoding: .utf8)
        try String(contentsOf: dir.appendingPathComponent("added_1.layout.json"), encoding: .utf8)
            .replacingOccurrences(of: "added_1.csv", with: "bad.csv")
            .write(to: dir.appendingPathComponent("bad.layout.json"), atomically: true, encoding: .utf8)
        let one = try Civic.run(["load", "--db", dir.appendingPathComponent("rebuilt-1.sqlite").path, bad.path], environment: ["CIVIC_LOAD_THREADS": "1"])
        let two = try Civic.run(["load", "--db", dir.appendingPathComponent("rebuilt-2.sqlite").path, bad.path])
        XCTAssertEqual(one.status, 65)
        XCTAssertEqual(two.status, 65)
        XCTAssertTrue(one.stderr.contains("bad.csv:7:2: expected a date"), one.stderr)
        XCTAssertEqual(one.stderr, two.stderr)
    }

    func testTwoLoadsAtOnceBothLand() throws {
        let (dir, db) = try bundledCopy()
        let a = try Self.writePayments("first_month", rows: 60_000, in: dir)
        let b = try Self.writePayments("second_month", rows: 60_000, in: dir)
        let box = ResultBox()
        let group = DispatchGroup()
        for file in [a, b] {
            group.enter()
            DispatchQueue.global().async {
                let r = try? Civic.run(["load", "--db", db.path, file.path])
                box.append(r)
                group.leave()
            }
        }
        group.wait()
        let results = box.results
        XCTAssertEqual(results.count, 2)
        for r in results { XCTAssertEqual(r?.status, 0, r?.stderr ?? "did not run") }
        let d = try Database(path: db.path, readOnly: true)
        let rows = try d.rows("SELECT file, rows_loaded FROM sources WHERE file LIKE '%_month.csv' ORDER BY file")
        XCTAssertEqual(rows, [[.text("first_month.csv"), .integer(60_000)], [.text("second_month.csv"), .integer(60_000)]])
        XCTAssertEqual(try d.scalar("SELECT count(*) FROM payments JOIN sources USING (source_id) WHERE file LIKE '%_month.csv'").int, 120_000)
        XCTAssertEqual(try d.integrityCheck(), ["ok"])
        XCTAssertEqual(try d.foreignKeyCheck(), [])
    }

    func testASecondLoadSaysItIsWaiting() throws {
        let (dir, db) = try bundledCopy()
        let big = try Self.writePayments("big_month", rows: 150_000, in: dir)
        let small = try Self.writePayments("small_month", rows: 10, in: dir)
        let p = Process()
        p.executableURL = Civic.binary
        p.arguments = ["load", "--db", db.path, big.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        // Wait until the first load holds the lock (it writes its pid into the lock file).
        let lock = dir.appendingPathComponent(".civic.sqlite.lock")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try? String(contentsOf: lock, encoding: .utf8))?.hasPrefix("\(p.processIdentifier)") != true {
            usleep(10_000)
        }
        // The first load is still running when the second starts (150,000 rows take seconds),
        // so the second must wait for it and say so.
        XCTAssertTrue(p.isRunning, "the first load should still be running")
        let r = try Civic.run(["load", "--db", db.path, small.path])
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("another load (process \(p.processIdentifier)) is writing"), r.stderr)
        let d = try Database(path: db.path, readOnly: true)
        XCTAssertEqual(try d.scalar("SELECT count(*) FROM sources WHERE file IN ('big_month.csv', 'small_month.csv')").int, 2)
    }
}

final class ResultBox: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [Civic.Result?] = []
    func append(_ r: Civic.Result?) { lock.lock(); items.append(r); lock.unlock() }
    var results: [Civic.Result?] { lock.lock(); defer { lock.unlock() }; return items }
}

/// A small deterministic generator (SplitMix64), so the kill moments are the same every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
