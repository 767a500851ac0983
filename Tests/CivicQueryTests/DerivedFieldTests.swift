@testable import CivicQuery
import CivicStorage
import XCTest

/// Derived fields against the same figures written by hand in SQL, row by row: the grouped
/// passes the compiler writes must count what a person counting the rows would.
final class DerivedFieldTests: XCTestCase {
    func values(_ q: String, _ db: Database) throws -> [String: [Value]] {
        let checker = try Checker(connection: db)
        let c = try SQLCompiler.compile(try checker.check(try Parser.parse(q, subjects: checker.knownSubjects)), totals: false)
        var out: [String: [Value]] = [:]
        for row in try db.rows(c.sql, c.parameters) { out[row[0].string ?? ""] = Array(row.dropFirst().dropLast()) }
        return out
    }

    func byHand(_ sql: String, _ db: Database) throws -> [String: [Value]] {
        var out: [String: [Value]] = [:]
        for row in try db.rows(sql) { out[row[0].string ?? ""] = Array(row.dropFirst()) }
        return out
    }

    func testWardsInBirmingham() throws {
        let db = try TestDatabase.open()
        let civic = try values(#"wards in council "Birmingham" | show name, spent, suppliers, councillors"#, db)
        // A ward holds no smaller area here, so "in it" is the ward itself.
        let hand = try byHand("""
            SELECT w.name,
              (SELECT coalesce(sum(p.amount_pence), 0) FROM payments p JOIN institutions i ON i.institution_id = p.payer_id WHERE i.area_id = w.area_id),
              (SELECT count(DISTINCT p.supplier_id) FROM payments p JOIN institutions i ON i.institution_id = p.payer_id WHERE i.area_id = w.area_id),
              (SELECT count(*) FROM roles r WHERE r.ward_id = w.area_id AND r.role = 'councillor')
            FROM areas w WHERE w.kind = 'ward' AND w.parent_id = 'E08000025'
            """, db)
        XCTAssertEqual(civic.count, 69)
        XCTAssertEqual(civic, hand)
    }

    func testInstitutionsInAWard() throws {
        let db = try TestDatabase.open()
        let civic = try values(#"institutions in ward "Hodge Hill" | show name, suppliers, payments, people, roles"#, db)
        let hand = try byHand("""
            SELECT s.name,
              (SELECT count(DISTINCT supplier_id) FROM payments WHERE payer_id = s.institution_id),
              (SELECT count(*) FROM payments WHERE payer_id = s.institution_id),
              (SELECT count(DISTINCT person_id) FROM roles WHERE institution_id = s.institution_id),
              (SELECT count(*) FROM roles WHERE institution_id = s.institution_id)
            FROM institutions s WHERE s.area_id = 'E05011131'
            """, db)
        XCTAssertGreaterThan(civic.count, 5)
        XCTAssertEqual(civic, hand)
    }

    func testCouncilsAndRegions() throws {
        let db = try TestDatabase.open()
        // A region holds councils, which hold wards, which hold institutions: spent adds up all.
        let civic = try values("regions | show name, spent, institutions", db)
        let hand = try byHand("""
            WITH RECURSIVE inside(k, id) AS (
              SELECT area_id, area_id FROM areas WHERE kind = 'region'
              UNION SELECT inside.k, a.area_id FROM areas a JOIN inside ON a.parent_id = inside.id
              UNION SELECT inside.k, l.area_id FROM area_links l JOIN inside ON l.container_id = inside.id)
            SELECT r.name,
              (SELECT coalesce(sum(p.amount_pence), 0) FROM payments p JOIN institutions i ON i.institution_id = p.payer_id
                WHERE i.area_id IN (SELECT id FROM inside WHERE k = r.area_id)),
              (SELECT count(*) FROM institutions i WHERE i.area_id IN (SELECT id FROM inside WHERE k = r.area_id))
            FROM areas r WHERE r.kind = 'region'
            """, db)
        XCTAssertEqual(civic, hand)
        XCTAssertTrue(civic.values.contains { ($0.first?.int ?? 0) > 0 }, "some region spends")
    }
}
