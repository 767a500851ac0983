@testable import CivicLoad
import CivicStorage
import Foundation
import XCTest

/// The loader in-process, on small fixtures: a new publisher's file loads by a layout alone,
/// repairs are applied and counted, and loads are all or nothing.
final class LoaderTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")
    var dir: URL!

    override func setUpWithError() throws {
        dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("civic-loader-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func base() throws -> String {
        let db = dir.appendingPathComponent("base.sqlite").path
        let files = try Loader.layouts(for: [Self.fixtures.appendingPathComponent("base").path], includeSynthetic: true)
        _ = try Loader.load(files, into: db, rebuild: true)
        return db
    }

    func put(_ name: String, _ text: String) -> String {
        let path = dir.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    func testNewPublisherLoadsByLayoutAlone() throws {
        let db = try base()
        // Another council's headers, order, date and money styles: only the layout says how they map.
        let csv = put("newtown.csv", """
            Payee,Payment Date,Amount (£),Purpose
            "Youth Partnership, CIC",01/04/2023,"£1,250.00",Youth work
            Acme Ltd,2023-04-02,(100.00),Refund
            ACME LIMITED,20230403,99.5,Supplies

            """)
        _ = put("newtown.layout.json", """
            {"file": "newtown.csv", "kind": "payments",
             "source": {"title": "Newtown payments", "publisher": "Newtown", "licence": "OGL v3"},
             "constants": {"payer": "ons:E09000001"},
             "columns": {"supplier": ["Supplier Name", "Payee", "Vendor"], "date": ["Date", "Payment Date"],
                         "amount": ["Amount", "Amount (£)"], "expense": "Purpose", "category": "Purpose"},
             "maps": {"category": {"Youth work": "327", "*": ""}}}
            """)
        let summary = try Loader.load(try Loader.layouts(for: [csv], includeSynthetic: false), into: db, rebuild: false)
        XCTAssertEqual(summary.map(\.loaded), [3])
        let d = try Database(path: db, readOnly: true)
        let rows = try d.rows("""
            SELECT s.name, p.date, p.amount_pence, p.category_id, p.source_line FROM payments p
            JOIN suppliers s USING(supplier_id) ORDER BY p.source_line
            """)
        XCTAssertEqual(rows, [
            [.text("Youth Partnership, CIC"), .text("2023-04-01"), .integer(125_000), .integer(327), .integer(2)],
            [.text("Acme Ltd"), .text("2023-04-02"), .integer(-10_000), .null, .integer(3)],
            [.text("Acme Ltd"), .text("2023-04-03"), .integer(9_950), .null, .integer(4)],
        ], "Acme Ltd and ACME LIMITED are one supplier")
        XCTAssertEqual(try d.scalar("SELECT period_start || '..' || period_end FROM sources WHERE file = 'newtown.csv'"),
                       .text("2023-04-01..2023-04-03"), "an undeclared period comes from the payments' dates")
        // Loading the same file again replaces its rows rather than doubling them.
        _ = try Loader.load(try Loader.layouts(for: [csv], includeSynthetic: false), into: db, rebuild: false)
        XCTAssertEqual(try Database(path: db, readOnly: true).scalar("SELECT count(*) FROM payments"), .integer(3))
    }

    func testRepairsSplitFusedFieldsAndAreCounted() throws {
        let db = try base()
        let csv = put("fused.csv", """
            Report title,,,
            Body,Supplier Name,Invoice Date,Amount
            Lambeth,Alpha,25/06/2012,900
            Lambeth,Beta,25/06/2012900
            Lambeth,Catch2212/06/2012,8755.20
            Total,,,10555.20

            """)
        _ = put("fused.layout.json", #"""
            {"file": "fused.csv", "kind": "payments", "header_line": 2,
             "source": {"title": "t", "publisher": "p", "licence": "l"},
             "footer": {"first_field": "Total", "total_column": "Amount"},
             "constants": {"payer": "ons:E08000025"},
             "columns": {"supplier": "Supplier Name", "date": "Invoice Date", "amount": "Amount"},
             "repairs": [
               {"name": "date+amount", "at": "Invoice Date", "when_fields": 3, "pattern": "^([0-9]{2}/[0-9]{2}/[0-9]{4})([0-9.]+)$"},
               {"name": "supplier+date", "at": "Supplier Name", "when_fields": 3, "pattern": "^(.+)([0-9]{2}/[0-9]{2}/[0-9]{4})$"}]}
            """#)
        let summary = try Loader.load(try Loader.layouts(for: [csv], includeSynthetic: false), into: db, rebuild: false)
        XCTAssertEqual(summary.first?.read, 3)
        XCTAssertEqual(summary.first?.repaired, 2)
        let rows = try Database(path: db, readOnly: true).rows(
            "SELECT s.name, p.date, p.amount_pence, p.repaired FROM payments p JOIN suppliers s USING(supplier_id) ORDER BY p.source_line")
        XCTAssertEqual(rows, [
            [.text("Alpha"), .text("2012-06-25"), .integer(90_000), .integer(0)],
            [.text("Beta"), .text("2012-06-25"), .integer(90_000), .integer(1)],
            [.text("Catch22"), .text("2012-06-12"), .integer(875_520), .integer(1)],
        ])
    }

    /// The first error of loading `path` onto `db`, or nil when it loads.
    func firstError(_ path: String, into db: String) throws -> LoadError? {
        do {
            _ = try Loader.load(try Loader.layouts(for: [path], includeSynthetic: false), into: db, rebuild: false)
            return nil
        } catch let f as LoadFailure {
            return f.errors.first
        }
    }

    func testAmountsPastTheBoundPerRowAreRefusedUnlessTheLayoutRaisesIt() throws {
        let db = try base()
        let layout = """
            {"file": "big.csv", "kind": "payments", "source": {"title": "t", "publisher": "p", "licence": "l"},
             "constants": {"payer": "ons:E08000025"}, "columns": {"date": "Date", "supplier": "Supplier", "amount": "Amount"}%@}
            """
        let csv = put("big.csv", "Date,Supplier,Amount\n01/06/2012,Acme,\"1,000,000,000,000.00\"\n02/06/2012,Beta,\"(2,000,000,000,000)\"\n")
        _ = put("big.layout.json", layout.replacingOccurrences(of: "%@", with: ""))
        // £1 trillion either way is the default bound: the first row is at it, the refund beyond.
        let e = try XCTUnwrap(try firstError(csv, into: db))
        XCTAssertEqual(e.id, .amountTooLarge)
        XCTAssertEqual([e.line, e.column], [3, 3])
        XCTAssertEqual(e.message, #"expected an amount of at most £1,000,000,000,000 either way, the most one row may hold (a layout may raise it with "max_amount"), found "(2,000,000,000,000)""#)
        // A layout may raise it: then both load.
        _ = put("big.layout.json", layout.replacingOccurrences(of: "%@", with: #", "max_amount": 2000000000000"#))
        XCTAssertNil(try firstError(csv, into: db))
        let d = try Database(path: db, readOnly: true)
        XCTAssertEqual(try d.scalar("SELECT sum(amount_pence) FROM payments WHERE source_line > 1 AND source_id = (SELECT source_id FROM sources WHERE file = 'big.csv')"),
                       .integer(-100_000_000_000_000))
        // With a scale, the bound is on the amount in pounds: 2,000,000,000 £ thousand is £2 trillion.
        _ = put("big.csv", "Date,Supplier,Amount\n01/06/2012,Acme,2000000000\n")
        _ = put("big.layout.json", layout.replacingOccurrences(of: "%@", with: #", "scale": 3"#))
        XCTAssertEqual(try firstError(csv, into: db)?.id, .amountTooLarge)
    }

    func testABudgetLinePastTheBoundIsRefusedAtItsColumn() throws {
        let db = try base()
        let csv = put("outturn.csv", "Code,Name,327: Youth\nT1,Town One,12.5\nT2,Town Two,\"2,000,000,000\"\n")
        _ = put("outturn.layout.json", """
            {"file": "outturn.csv", "kind": "outturn", "source": {"title": "t", "publisher": "p", "licence": "l"},
             "constants": {"scheme": "test", "kind": "council"}, "columns": {"code": "Code", "name": "Name"},
             "value_columns": {"pattern": "^([0-9]+):", "codes": [327]}, "financial_year": 2017, "scale": 3}
            """)
        let e = try XCTUnwrap(try firstError(csv, into: db))
        XCTAssertEqual(e.id, .amountTooLarge, e.description)
        XCTAssertEqual([e.line, e.column], [3, 3])
        XCTAssertTrue(e.message.hasSuffix(#"found "2,000,000,000""#), e.message)
    }

    /// A file appended to while it loads (here by the load's own progress callback, after its
    /// 4,096th row is written and before the file's end is hashed) is refused, and nothing is written.
    func testAFileAppendedToWhileItLoadsIsRefused() throws {
        let db = try base()
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let rows = (1...5_000).map { "01/06/2012,Supplier \($0),\($0).00" }.joined(separator: "\n")
        let csv = put("growing.csv", "Date,Supplier,Amount\n" + rows + "\n")
        _ = put("growing.layout.json", """
            {"file": "growing.csv", "kind": "payments", "source": {"title": "t", "publisher": "p", "licence": "l"},
             "constants": {"payer": "ons:E08000025"}, "columns": {"date": "Date", "supplier": "Supplier", "amount": "Amount"}}
            """)
        var appended = false
        XCTAssertThrowsError(try Loader.load(try Loader.layouts(for: [csv], includeSynthetic: false), into: db, rebuild: false,
                                             progress: { _, _ in
            guard !appended else { return }
            appended = true
            let h = FileHandle(forWritingAtPath: csv)!
            h.seekToEndOfFile()
            h.write(Data("02/06/2012,Latecomer Ltd,1.00\n".utf8))
            try? h.close()
        })) { error in
            let f = error as? LoadFailure
            XCTAssertEqual(f?.errors.map(\.id), [.fileChanged], "\(error)")
            XCTAssertEqual(f?.errors.first?.line, 0)
            XCTAssertTrue(f?.errors.first?.message.hasPrefix("the file changed while it was being read") ?? false, "\(error)")
        }
        XCTAssertTrue(appended)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before, "nothing is written")
        // Once nothing writes to it, the file loads, and its recorded hash is of its bytes.
        let summary = try Loader.load(try Loader.layouts(for: [csv], includeSynthetic: false), into: db, rebuild: false)
        XCTAssertEqual(summary.map(\.loaded), [5_001])
        let d = try Database(path: db, readOnly: true)
        XCTAssertEqual(try d.scalar("SELECT sha256 FROM sources WHERE file = 'growing.csv'"),
                       .text(SHA256.hex(of: Array(try Data(contentsOf: URL(fileURLWithPath: csv))))))
    }

    func testAFailedLoadWritesNothing() throws {
        let db = try base()
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let good = put("good.csv", "date,supplier,amount\n2023-01-01,A,1\n")
        _ = put("good.layout.json", """
            {"file": "good.csv", "kind": "payments", "source": {"title": "t", "publisher": "p", "licence": "l"},
             "constants": {"payer": "ons:E08000025"}, "columns": {"date": "date", "supplier": "supplier", "amount": "amount"}}
            """)
        let bad = put("bad.csv", "date,supplier,amount\n2023-01-01,A,1\n2023-02-30,B,2\n")
        _ = put("bad.layout.json", """
            {"file": "bad.csv", "kind": "payments", "source": {"title": "t", "publisher": "p", "licence": "l"},
             "constants": {"payer": "ons:E08000025"}, "columns": {"date": "date", "supplier": "supplier", "amount": "amount"}}
            """)
        let files = try Loader.layouts(for: [good, bad], includeSynthetic: false)
        XCTAssertThrowsError(try Loader.load(files, into: db, rebuild: false)) { error in
            let f = error as! LoadFailure
            XCTAssertEqual(f.total, 1)
            XCTAssertEqual(f.errors.first?.line, 3)
            XCTAssertEqual(f.errors.first?.column, 1)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before, "the good file's rows must not land either")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".tmp") }
        XCTAssertEqual(leftovers, [])
    }

    /// A replaced file's rows go, and the keys it held are checked at the end against the rows of
    /// other files: a new version that gives every key back replaces it; one that drops a key
    /// another file needs is refused, naming the row, and changes nothing.
    func testReplacingAFileChecksTheKeysItHeld() throws {
        let db = try base()
        let areas = Self.fixtures.appendingPathComponent("base/areas.csv")
        let copy = dir.appendingPathComponent("areas.csv")
        try FileManager.default.copyItem(at: areas, to: copy)
        try FileManager.default.copyItem(at: Self.fixtures.appendingPathComponent("base/areas.layout.json"),
                                         to: dir.appendingPathComponent("areas.layout.json"))
        // The same areas again, with one ward's name corrected: every code comes back.
        let text = try String(contentsOf: areas, encoding: .utf8)
        try text.replacingOccurrences(of: "Bordesley Green", with: "Bordesley Green (renamed)").write(to: copy, atomically: true, encoding: .utf8)
        _ = try Loader.load(try Loader.layouts(for: [copy.path], includeSynthetic: false), into: db, rebuild: false)
        let d = try Database(path: db, readOnly: true)
        XCTAssertEqual(try d.scalar("SELECT name FROM areas WHERE area_id = 'E05011127'"), .text("Bordesley Green (renamed)"))
        XCTAssertEqual(try d.foreignKeyCheck(), [])

        // Without Birmingham, which the councils file's institution names as its area: refused.
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        let kept = text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("E08000025") }
        try kept.joined(separator: "\n").write(to: copy, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try Loader.load(try Loader.layouts(for: [copy.path], includeSynthetic: false), into: db, rebuild: false)) { error in
            let message = (error as? LoadFailure)?.errors.first?.message ?? "\(error)"
            XCTAssertTrue(message.contains("a row of institutions refers to areas area_id E08000025, which is gone"), message)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before)
    }

    func testTwoFilesOfOneNameInOneLoadAreRefused() throws {
        let db = try base()
        let before = try Data(contentsOf: URL(fileURLWithPath: db))
        var paths: [String] = []
        for sub in ["a", "b"] {
            let d = dir.appendingPathComponent(sub)
            try FileManager.default.createDirectory(at: d, withIntermediateDirectories: true)
            paths.append(d.appendingPathComponent("pay.csv").path)
            _ = FileManager.default.createFile(atPath: paths.last!, contents: Data("date,supplier,amount\n2023-01-01,A,1\n".utf8))
            _ = FileManager.default.createFile(atPath: d.appendingPathComponent("pay.layout.json").path, contents: Data("""
                {"file": "pay.csv", "kind": "payments", "source": {"title": "t", "publisher": "p", "licence": "l"},
                 "constants": {"payer": "ons:E08000025"}, "columns": {"date": "date", "supplier": "supplier", "amount": "amount"}}
                """.utf8))
        }
        let files = try Loader.layouts(for: paths, includeSynthetic: false)
        XCTAssertEqual(files.count, 2)
        XCTAssertThrowsError(try Loader.load(files, into: db, rebuild: false)) { error in
            XCTAssertTrue((error as? LoadError)?.message.contains("another file of this load has the same name") ?? false, "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: db)), before)
    }

    func testSyntheticLayoutsAreLeftOutOnRequest() throws {
        _ = put("demo.csv", "code,name,kind\nX1,Made Up School,school\n")
        _ = put("demo.layout.json", """
            {"file": "demo.csv", "kind": "institutions", "source": {"title": "t", "publisher": "p", "licence": "l", "synthetic": true},
             "constants": {"scheme": "demo"}, "columns": {"code": "code", "name": "name", "kind": "kind"}}
            """)
        XCTAssertEqual(try Loader.layouts(for: [dir.path], includeSynthetic: false).count, 0)
        XCTAssertEqual(try Loader.layouts(for: [dir.path], includeSynthetic: true).count, 1)
    }
}
