@testable import CivicLoad
import CivicStorage
import Foundation
import XCTest

/// Text is stored as the file has it, byte for byte — spaces at its ends, line ends inside quotes
/// as written — unless the layout declares a repair, an extract or a trim (Datasets/LAYOUTS.md,
/// "Text as published"). What only matches (missing markers, maps, conditions) matches trimmed,
/// and typed values (dates, money, codes and references) are trimmed as they are parsed.
final class TextAsPublishedTests: XCTestCase {
    var dir: URL!

    override func setUpWithError() throws {
        dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("civic-text-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    func base() throws -> String {
        let db = dir.appendingPathComponent("base.sqlite").path
        let files = try Loader.layouts(for: [LoaderTests.fixtures.appendingPathComponent("base").path], includeSynthetic: true)
        _ = try Loader.load(files, into: db, rebuild: true)
        return db
    }

    @discardableResult
    func put(_ name: String, _ text: String) -> String {
        let path = dir.appendingPathComponent(name).path
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
        return path
    }

    func load(_ csv: String, into db: String) throws -> [SourceSummary] {
        try Loader.load(try Loader.layouts(for: [csv], includeSynthetic: false), into: db, rebuild: false)
    }

    func testAPaymentKeepsItsSupplierAndDescriptionAsPublished() throws {
        let db = try base()
        // CRLF line ends; the first row's supplier holds a CRLF inside quotes and spaces at both
        // ends. The payer, date, amount and category around it are padded too: they are parsed.
        let csv = put("padded.csv", "Payer,Date,Supplier,Amount,Purpose,Code\r\n"
            + " ons:E08000025 , 01/06/2012 ,\"  Acme\r\nLtd \",\" 1,250.00\u{A0}\", Youth work ,\" 327 \"\r\n"
            + "ons:E08000025,02/06/2012,\"Beta\rCo\",(5.00),\"\",327\r\n"
            + "ons:E08000025,03/06/2012,  Acme   Ltd,7.00,  ,\r\n")
        put("padded.layout.json", """
            {"file": "padded.csv", "kind": "payments", "source": {"title": "t", "publisher": "p", "licence": "l"},
             "columns": {"payer": "Payer", "date": "Date", "supplier": "Supplier", "amount": "Amount", "expense": "Purpose",
                         "category": "Code"}}
            """)
        let summary = try load(csv, into: db)
        XCTAssertEqual(summary.map(\.loaded), [3])
        XCTAssertEqual(summary.map(\.repaired), [0])
        let d = try Database(path: db, readOnly: true)
        let rows = try d.rows("""
            SELECT s.name, p.date, p.amount_pence, p.expense, p.category_id, p.source_line FROM payments p
            JOIN suppliers s USING(supplier_id) ORDER BY p.source_line
            """)
        XCTAssertEqual(rows, [
            [.text("  Acme\r\nLtd "), .text("2012-06-01"), .integer(125_000), .text(" Youth work "), .integer(327), .integer(2)],
            [.text("Beta\rCo"), .text("2012-06-02"), .integer(-500), .null, .integer(327), .integer(4)],
            // The third row's supplier is the first one's by its normal form: one supplier, named
            // by its first spelling. Its blank purpose is no purpose.
            [.text("  Acme\r\nLtd "), .text("2012-06-03"), .integer(700), .null, .null, .integer(6)],
        ], "the rows start on lines 2, 4 and 6: a quoted CRLF and a quoted CR end a line each")
        XCTAssertEqual(try d.scalar("SELECT count(*) FROM suppliers"), .integer(2))
        let bytes = try XCTUnwrap(try d.scalar("SELECT name FROM suppliers ORDER BY supplier_id LIMIT 1").string)
        XCTAssertEqual(Array(bytes.utf8), Array("  Acme\r\nLtd ".utf8), "byte for byte")
    }

    func testInstitutionsKeepNamesAndMatchMarkersAndMapsTrimmed() throws {
        let db = try base()
        let csv = put("places.csv", """
            code,name,type,postcode,area,note
             T1 ,  Ashmole ,  Primary ,"M4 1LE  ", E08000025 ,kept\u{20}
            T2,Turney\t, NA ,  ,E08000025, NA
            T3,"Liz Atkinson Children's Centre ",Other,SW9 6PH,E08000025,"\u{20}\t"

            """)
        put("places.layout.json", """
            {"file": "places.csv", "kind": "institutions", "source": {"title": "t", "publisher": "p", "licence": "l"},
             "constants": {"scheme": "test", "kind": "school"}, "missing": ["NA"],
             "columns": {"code": "code", "name": "name", "subkind": "type", "postcode": "postcode", "area": "area", "website": "note"},
             "maps": {"subkind": {"Primary": "Primary School"}}}
            """)
        XCTAssertEqual(try load(csv, into: db).map(\.loaded), [3])
        let d = try Database(path: db, readOnly: true)
        let rows = try d.rows("SELECT code, name, subkind, postcode, area_id, website FROM institutions WHERE scheme = 'test' ORDER BY code")
        XCTAssertEqual(rows, [
            // The code and the area are trimmed; the map matches "  Primary " trimmed.
            [.text("T1"), .text("  Ashmole "), .text("Primary School"), .text("M4 1LE  "), .text("E08000025"), .text("kept ")],
            // " NA " is the missing marker trimmed; a field of spaces is blank.
            [.text("T2"), .text("Turney\t"), .null, .null, .text("E08000025"), .null],
            [.text("T3"), .text("Liz Atkinson Children's Centre "), .text("Other"), .text("SW9 6PH"), .text("E08000025"), .null],
        ])
        XCTAssertEqual(try d.scalar("SELECT name_norm FROM institutions WHERE code = 'T1'"), .text("ashmole"), "matching uses the normal form")
    }

    func testATrimTheLayoutDeclaresIsAppliedAndNotCountedAsARepair() throws {
        let db = try base()
        let csv = put("trimmed.csv", "code,name,postcode\nT1,  Ashmole ,\"M4 1LE  \"\nT2, Turney ,SW9 6PH\n")
        let layout = """
            {"file": "trimmed.csv", "kind": "institutions", "source": {"title": "t", "publisher": "p", "licence": "l"},
             "constants": {"scheme": "test", "kind": "school"}, "columns": {"code": "code", "name": "name", "postcode": "postcode"}%@}
            """
        put("trimmed.layout.json", layout.replacingOccurrences(of: "%@", with: #", "trim": ["postcode"]"#))
        let summary = try load(csv, into: db)
        XCTAssertEqual(summary.map(\.repaired), [0], "a trim is a declared reading of a column, not a mend")
        var d = try Database(path: db, readOnly: true)
        XCTAssertEqual(try d.rows("SELECT name, postcode FROM institutions WHERE scheme = 'test' ORDER BY code"),
                       [[.text("  Ashmole "), .text("M4 1LE")], [.text(" Turney "), .text("SW9 6PH")]])
        // `true` trims every field.
        put("trimmed.layout.json", layout.replacingOccurrences(of: "%@", with: #", "trim": true"#))
        _ = try load(csv, into: db)
        d = try Database(path: db, readOnly: true)
        XCTAssertEqual(try d.rows("SELECT name, postcode FROM institutions WHERE scheme = 'test' ORDER BY code"),
                       [[.text("Ashmole"), .text("M4 1LE")], [.text("Turney"), .text("SW9 6PH")]])
    }

    func testRolesComposeFromPartsAsPublished() throws {
        let db = try base()
        let csv = put("roles.csv", """
            forenames,surname,institution,role,committee,elected
            Ann, Smith ,ons:E08000025, Councillor ," Planning\r\n(chair) ", Yes
            ,Jones, ons:E08000025 ,councillor,,Yes\u{20}
            Bob,Brown,ons:E08000025,councillor,,No

            """)
        put("roles.layout.json", """
            {"file": "roles.csv", "kind": "roles", "source": {"title": "t", "publisher": "p", "licence": "l"},
             "constants": {"person_scheme": "test"},
             "columns": {"forenames": "forenames", "surname": "surname", "institution": "institution", "role": "role",
                         "committee": "committee", "elected": "elected"},
             "filter": [{"field": "elected", "equals": "Yes"}],
             "compose": {"name": "{forenames} {surname}", "detail": "{committee}"}}
            """)
        let summary = try load(csv, into: db)
        XCTAssertEqual(summary.map(\.loaded), [2])
        XCTAssertEqual(summary.map(\.skipped), [1], "`equals` matches \" Yes\" and \"Yes \" trimmed")
        let d = try Database(path: db, readOnly: true)
        let rows = try d.rows("SELECT p.name, r.role, r.detail FROM roles r JOIN people p USING(person_id) ORDER BY r.source_line")
        XCTAssertEqual(rows, [
            // The parts as published; the role is a term of the vocabulary, trimmed.
            [.text("Ann  Smith "), .text("councillor"), .text(" Planning\r\n(chair) ")],
            // No forenames: the surname, without the template's space before it.
            [.text("Jones"), .text("councillor"), .null],
        ])
    }
}
