import CivicDiagnostics
import Foundation
import XCTest

/// Every diagnostic takes its id from the catalogue (`DiagnosticID`), so that an id is written
/// once, cannot be misspelt, and the catalogue lists every kind of problem civic reports.
final class DiagnosticCatalogTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    /// The code of each Swift file under Sources/ (comments left out), by its path there.
    func sourceCode() throws -> [(path: String, code: String)] {
        let items = FileManager.default.enumerator(atPath: Self.sources.path)?.compactMap { $0 as? String } ?? []
        return try items.sorted().filter { $0.hasSuffix(".swift") }.map { item in
            let text = try String(contentsOf: Self.sources.appendingPathComponent(item), encoding: .utf8)
            let code = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { String($0.components(separatedBy: "//")[0]) }.joined(separator: "\n")
            return (item, code)
        }
    }

    func testNoDiagnosticIdIsAStringLiteral() throws {
        // A profile section's id (`ProfileSection(id: "money", …)`) names it in the JSON; it is
        // no diagnostic's.
        let literal = try NSRegularExpression(pattern: #"(?<!ProfileSection\()\bid: ""#)
        var found: [String] = []
        for (path, code) in try sourceCode() {
            for (i, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let l = String(line)
                if literal.firstMatch(in: l, range: NSRange(l.startIndex..., in: l)) != nil { found.append("\(path):\(i + 1)") }
            }
        }
        XCTAssertEqual(found, [], "give the id as a DiagnosticID case (add one to DiagnosticCatalog.swift if it is a new kind of problem)")
        // The check can see the sources: diagnostics are made in them, with ids from the catalogue.
        XCTAssertTrue(try sourceCode().contains { $0.code.contains("Diagnostic(id: .") })
    }

    /// Each id is raised somewhere: the catalogue lists what civic reports, not what it once did.
    func testEveryIdIsUsed() throws {
        let code = try sourceCode().filter { !$0.path.hasSuffix("DiagnosticCatalog.swift") }.map(\.code).joined(separator: "\n")
        let unused = DiagnosticID.allCases.filter { id in
            code.range(of: #"\.\#(id.rawValue)\b"#, options: .regularExpression) == nil
        }
        XCTAssertEqual(unused, [])
    }

    func testEveryIdSaysWhenItIsRaisedInOneLine() {
        for id in DiagnosticID.allCases {
            XCTAssertFalse(id.summary.isEmpty, "\(id)")
            XCTAssertFalse(id.summary.contains("\n"), "\(id)")
        }
    }

    /// Ids are stable names: scripts and golden files hold them.
    func testIdsAreStable() {
        XCTAssertEqual(DiagnosticID.unknownSubject.rawValue, "unknownSubject")
        XCTAssertEqual(DiagnosticID(rawValue: "badDate"), .badDate)
        XCTAssertEqual(Set(DiagnosticID.allCases.map(\.rawValue)).count, DiagnosticID.allCases.count)
    }
}
