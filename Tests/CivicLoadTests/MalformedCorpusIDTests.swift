import CivicDiagnostics
@testable import CivicLoad
import Foundation
import XCTest

/// Every case of the malformed corpus (Malformed/cases.tsv) fails with the diagnostic id the
/// table gives, on the error at the table's position. The printed text and the exit code are
/// checked on the built binary by CivicEndToEndTests' MalformedCorpusTests; the id, which is
/// not printed, is checked here, on the loader in-process.
final class MalformedCorpusIDTests: XCTestCase {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Malformed")
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    struct Case { var name: String; var location: String; var id: String; var message: String }

    static func cases() throws -> [Case] {
        let text = try String(contentsOf: corpus.appendingPathComponent("cases.tsv"), encoding: .utf8)
        let rows = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        XCTAssertEqual(rows.first, ["case", "location", "id", "message"])
        return rows.dropFirst().map { Case(name: $0[0], location: $0[1], id: $0[2], message: $0[3]) }
    }

    /// The first error a load of `path` onto the database at `db` reports.
    func firstError(loading path: String, into db: String) -> LoadError? {
        do {
            _ = try Loader.load(try Loader.layouts(for: [path], includeSynthetic: false), into: db, rebuild: false)
            return nil
        } catch let f as LoadFailure {
            return f.errors.first
        } catch let e as LoadError {
            return e
        } catch {
            XCTFail("\(path): not a load error: \(error)")
            return nil
        }
    }

    func testEveryCaseFailsWithItsDiagnosticID() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("civic-malformed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = dir.appendingPathComponent("base.sqlite").path
        _ = try Loader.load(try Loader.layouts(for: [Self.fixtures.appendingPathComponent("base").path], includeSynthetic: true),
                            into: db, rebuild: true)
        let cases = try Self.cases()
        XCTAssertGreaterThanOrEqual(cases.count, 30)
        for c in cases {
            XCTAssertNotNil(DiagnosticID(rawValue: c.id), "\(c.name): \(c.id) is not in the catalogue")
            guard let e = firstError(loading: Self.corpus.appendingPathComponent(c.name + ".csv").path, into: db) else {
                XCTFail("\(c.name): the load succeeded")
                continue
            }
            // The same error the table's position and message describe (paths aside: the table's are relative).
            let place = URL(fileURLWithPath: e.file).lastPathComponent + (e.line == 0 ? "" : ":\(e.line):\(e.column)")
            XCTAssertEqual(place, c.location, c.name)
            XCTAssertTrue(e.message.contains(c.message), "\(c.name): \(e.message)")
            XCTAssertEqual(e.id.rawValue, c.id, "\(c.name): \(e.description)")
        }
    }
}
