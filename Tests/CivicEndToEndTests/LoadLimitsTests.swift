import Foundation
import XCTest

/// The limits a load keeps whatever a file holds, through the built binary: a huge field is
/// refused without being read whole, and never echoed whole.
final class LoadLimitsTests: XCTestCase {
    static let fixtures = Civic.packageRoot.appendingPathComponent("Tests/CivicLoadTests/Fixtures/base")

    /// Runs civic under python3, which reports the child's peak resident memory (KiB) once it
    /// has ended: RUSAGE_CHILDREN of a fresh process is civic's alone.
    func runMeasured(_ arguments: [String], in dir: URL) throws -> (status: Int32, stderr: String, peakKiB: Int) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        let script = """
            import resource, subprocess, sys
            r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            sys.stderr.buffer.write(r.stderr)
            print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        p.arguments = ["python3", "-c", script, Civic.binary.path] + arguments
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        env["CIVIC_DATASETS"] = Self.fixtures.path
        env.removeValue(forKey: "CIVIC_DB")
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let errBox = DataBox()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errBox.data = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        let fields = String(decoding: outData, as: UTF8.self).split(whereSeparator: \.isWhitespace).compactMap { Int($0) }
        XCTAssertEqual(fields.count, 2, "python3 wrapper output")
        return (Int32(fields.first ?? -1), String(decoding: errBox.data, as: UTF8.self), fields.last ?? -1)
    }

    func testAHundredMegabyteHeaderFieldIsRefusedWithoutReadingOrEchoingItWhole() throws {
        let dir = try Civic.temporaryDirectory(self)
        let csv = dir.appendingPathComponent("huge.csv")
        XCTAssertTrue(FileManager.default.createFile(atPath: csv.path, contents: nil))
        let h = try FileHandle(forWritingTo: csv)
        let block = Data(repeating: UInt8(ascii: "X"), count: 1 << 20)
        for _ in 0..<100 { h.write(block) }
        h.write(Data(",Supplier,Amount\n01/06/2012,Acme Ltd,100.00\n".utf8))
        try h.close()
        try """
            {"file": "huge.csv", "kind": "payments", "source": {"title": "t", "publisher": "p", "licence": "CC0"},
             "constants": {"payer": "ons:E08000025"}, "columns": {"date": "Date", "supplier": "Supplier", "amount": "Amount"}}
            """.write(to: dir.appendingPathComponent("huge.layout.json"), atomically: true, encoding: .utf8)
        let r = try runMeasured(["load", "--db", dir.appendingPathComponent("x.sqlite").path, "huge.csv"], in: dir)
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("huge.csv:1:1: the field is longer than 1048576 bytes, the most a field may hold (a layout may raise it with \"max_field_bytes\")\n"), r.stderr)
        XCTAssertLessThan(r.stderr.utf8.count, 1000, "nothing of the field is echoed")
        // Reading the field whole would take at least its 100 MiB; the reader stops at 1 MiB.
        XCTAssertLessThan(r.peakKiB, 80 << 10, "peak memory \(r.peakKiB) KiB")
    }

    /// A payments file of rows at the largest bound a layout may set (£10 trillion), in which
    /// one supplier's, or one month's, payments add up past 64 bits of pence while refunds keep
    /// the file's own running total small.
    func writeOverflowingFile(_ name: String, in dir: URL, oneSupplier: Bool) throws {
        let rows = 9_300  // 9,300 × 10^15 pence > 9,223,372,036,854,775,807
        var text = "Date,Supplier,Amount\n"
        for i in 0..<rows {
            if oneSupplier {
                // Alpha's total overflows; the payer's and June's stay near 0.
                text += "01/06/2012,Alpha Ltd,10000000000000\n01/06/2012,Beta Ltd,-10000000000000\n"
            } else {
                // Every supplier once; June's total overflows, July's the other way.
                text += "01/06/2012,Up \(i) Ltd,10000000000000\n01/07/2012,Down \(i) Ltd,-10000000000000\n"
            }
        }
        try text.write(to: dir.appendingPathComponent(name + ".csv"), atomically: true, encoding: .utf8)
        try """
            {"file": "\(name).csv", "kind": "payments", "source": {"title": "t", "publisher": "p", "licence": "CC0"},
             "constants": {"payer": "ons:E08000025"}, "columns": {"date": "Date", "supplier": "Supplier", "amount": "Amount"},
             "max_amount": 10000000000000}
            """.write(to: dir.appendingPathComponent(name + ".layout.json"), atomically: true, encoding: .utf8)
    }

    /// Totals of payments past 64 bits are an error, never a trap or a wrong total, whether they
    /// are summed in memory or (with the keys held in memory forced down to 1, so that every
    /// payment is stored at once) added up in SQL.
    func testTotalsThatWouldOverflowAreRefused() throws {
        let dir = try Civic.temporaryDirectory(self)
        let db = dir.appendingPathComponent("base.sqlite")
        let built = try Civic.run(["load", "--db", db.path], environment: ["CIVIC_DATASETS": Self.fixtures.path])
        XCTAssertEqual(built.status, 0, built.stderr)
        let before = try Data(contentsOf: db)
        try writeOverflowingFile("one_supplier", in: dir, oneSupplier: true)
        try writeOverflowingFile("one_month", in: dir, oneSupplier: false)
        for name in ["one_supplier", "one_month"] {
            for keys in ["262144", "1"] {
                let r = try Civic.run(["load", "--db", db.path, name + ".csv"], in: dir,
                                      environment: ["CIVIC_DATASETS": Self.fixtures.path, "CIVIC_LOAD_TOTALS_KEYS": keys])
                XCTAssertEqual(r.status, 65, "\(name), \(keys) keys: \(r.stderr)")
                let first = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
                XCTAssertTrue(first.hasPrefix(name + ".csv"), first)
                XCTAssertTrue(first.contains("add up to more than civic can count"), "\(name), \(keys) keys: \(r.stderr)")
                XCTAssertEqual(try Data(contentsOf: db), before, "\(name), \(keys) keys: the database must be unchanged")
            }
        }
    }

    /// Two files, each within every bound, whose June payments together pass 64 bits of pence:
    /// a query's total over both is a bad query in civic's words (65), not SQLite's "integer
    /// overflow" as an internal error.
    func testAQueryTotalPast64BitsIsSaidPlainly() throws {
        let dir = try Civic.temporaryDirectory(self)
        let db = dir.appendingPathComponent("base.sqlite")
        let built = try Civic.run(["load", "--db", db.path], environment: ["CIVIC_DATASETS": Self.fixtures.path])
        XCTAssertEqual(built.status, 0, built.stderr)
        for name in ["june_a", "june_b"] {
            var text = "Date,Supplier,Amount\n"
            // 5,000 × 10^15 pence in June in each file: 5 × 10^18, within 64 bits; both, not.
            for i in 0..<5_000 {
                text += "01/06/2012,Up \(name) \(i) Ltd,10000000000000\n01/07/2012,Down \(name) \(i) Ltd,-10000000000000\n"
            }
            try text.write(to: dir.appendingPathComponent(name + ".csv"), atomically: true, encoding: .utf8)
            try """
                {"file": "\(name).csv", "kind": "payments", "source": {"title": "t", "publisher": "p", "licence": "CC0"},
                 "constants": {"payer": "ons:E08000025"}, "columns": {"date": "Date", "supplier": "Supplier", "amount": "Amount"},
                 "max_amount": 10000000000000}
                """.write(to: dir.appendingPathComponent(name + ".layout.json"), atomically: true, encoding: .utf8)
            let r = try Civic.run(["load", "--db", db.path, name + ".csv"], in: dir, environment: ["CIVIC_DATASETS": Self.fixtures.path])
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        for q in ["spending during 2012-06 | total amount", "spending | where amount > £0 | total amount"] {
            let r = try Civic.run(["query", "--db", db.path, q], environment: ["CIVIC_DATASETS": Self.fixtures.path])
            XCTAssertEqual(r.status, 65, "\(q): \(r.stderr)")
            XCTAssertTrue(r.stderr.hasPrefix("error: a total in this query is beyond what civic can count"), "\(q): \(r.stderr)")
            XCTAssertFalse(r.stderr.contains("SQLite") || r.stderr.contains("integer overflow"), r.stderr)
        }
    }
}
