@testable import CivicQuery
import CivicStorage
import XCTest

/// Names and values holding quotes, `;`, `--` or SQL keywords reach SQL only as bound parameters.
final class InjectionTests: XCTestCase {
    static let hostile = [
        "x'); DROP TABLE payments; --",
        "\" OR 1=1 --",
        "Robert'); DELETE FROM sources WHERE ('1'='1",
        "a\"b'c;d--e/*f*/ UNION SELECT sha256 FROM sources",
    ]

    func testHostileValuesAreBoundNeverSpliced() throws {
        let db = try TestDatabase.open()
        for h in Self.hostile {
            let quotedForQuery = h.contains("\"") ? "'" + h.replacingOccurrences(of: "'", with: "''") + "'"
                                                  : "\"" + h + "\""
            for q in ["institutions named \(quotedForQuery)", "spending where supplier = \(quotedForQuery)",
                      "suppliers where name ~ \(quotedForQuery) | count", "spending where expense in (\(quotedForQuery), \"x\") | count"] {
                let c = try QueryEngine(connection: db).prepare(q)
                XCTAssertFalse(c.sql.contains(h), "value spliced into SQL for \(q)")
                XCTAssertFalse(c.sql.contains("DROP") || c.sql.contains("DELETE") || c.sql.contains("UNION SELECT sha256"), q)
                let bound = c.parameters.compactMap { if case .text(let s) = $0 { return s } else { return nil } }
                XCTAssertTrue(bound.contains(h) || bound.contains(NameResolverNormal.of(h)), "value bound for \(q): \(bound)")
                XCTAssertNoThrow(try QueryEngine(connection: db).run(c) { _, _ in }, q)
            }
        }
        XCTAssertEqual(try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'payments'"), .integer(1))
    }

    func testHostileNamesResolveToCodesOrFail() throws {
        let db = try TestDatabase.open()
        for h in Self.hostile {
            XCTAssertThrowsError(try QueryEngine(connection: db).prepare("wards in council '\(h.replacingOccurrences(of: "'", with: "''"))'"))
        }
        // A resolved name reaches SQL as its code, never as the typed text.
        let c = try QueryEngine(connection: db).prepare(#"councillors in ward "Hodge Hill""#)
        XCTAssertFalse(c.parameters.contains(.text("Hodge Hill")))
        XCTAssertTrue(c.parameters.contains(.text("E05011131")))
    }
}

/// `named` binds the normalised text.
enum NameResolverNormal {
    static func of(_ s: String) -> String { NameResolver.normalise(s) }
}

extension String {
    func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}
