import CivicDiagnostics
import CivicLoad
@testable import CivicQuery
import CivicStorage
import Foundation
import XCTest

/// The words a database makes known (institution kinds, roles) are read once and kept until
/// the data changes: a kind loaded by another connection during a session is known to the next
/// query of the same engine.
final class VocabularyTests: XCTestCase {
    func testAKindLoadedDuringASessionIsKnownToTheNextQuery() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("civic-vocabulary-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let fixtures = Paths.root.appendingPathComponent("Tests/CivicLoadTests/Fixtures/base")
        let db = dir.appendingPathComponent("x.sqlite").path
        _ = try Loader.load(try Loader.layouts(for: [fixtures.path], includeSynthetic: true), into: db, rebuild: true)

        let engine = QueryEngine(connection: try Database(path: db, readOnly: true))
        XCTAssertThrowsError(try engine.prepare("lighthouses")) { e in
            XCTAssertEqual((e as? Diagnostic)?.id, .unknownSubject, "\(e)")
        }
        _ = try engine.prepare("councils")  // a second query, with the words kept

        try "code,name,kind,area\nLH1,Lizard Lighthouse,lighthouse,E08000025\n"
            .write(to: dir.appendingPathComponent("lighthouses.csv"), atomically: true, encoding: .utf8)
        try """
            {"file": "lighthouses.csv", "kind": "institutions", "source": {"title": "t", "publisher": "p", "licence": "CC0"},
             "constants": {"scheme": "test"}, "columns": {"code": "code", "name": "name", "kind": "kind", "area": "area"}}
            """.write(to: dir.appendingPathComponent("lighthouses.layout.json"), atomically: true, encoding: .utf8)
        _ = try Loader.load(try Loader.layouts(for: [dir.appendingPathComponent("lighthouses.csv").path], includeSynthetic: true),
                            into: db, rebuild: false)

        let q = try engine.prepare("lighthouses")
        var names: [String] = []
        _ = try engine.run(q) { values, _ in names.append(values[0].string ?? "") }
        XCTAssertEqual(names, ["Lizard Lighthouse"])
    }
}
