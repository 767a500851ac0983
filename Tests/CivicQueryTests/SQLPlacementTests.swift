import Foundation
import XCTest

/// On the query side, SQL is written in one place: CivicQuery's Compiler/. The front ends
/// (CivicOutput, CivicREPL, the executable) hold none. Inside CivicQuery, the files listed in
/// `stillToMove` hold SQL that issue 10 has yet to move behind the compiler; the list may only
/// shrink: a file that gains SQL fails this test, and so does a listed file that no longer has
/// any (take it off the list).
final class SQLPlacementTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

    static let stillToMove: Set<String> = [
        "CivicQuery/Catalog/Catalog.swift",
    ]

    /// SQL keywords as SQL text has them (upper case, whole words).
    static let keywords = try! NSRegularExpression(pattern: #"\b(SELECT|INSERT|UPDATE|DELETE|PRAGMA|WHERE|JOIN|GROUP BY|ORDER BY|WITH RECURSIVE)\b"#)

    func filesWithSQL() throws -> Set<String> {
        var out: Set<String> = []
        for target in ["CivicQuery", "CivicOutput", "CivicREPL", "civic"] {
            let dir = Self.sources.appendingPathComponent(target)
            let items = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
            for item in items where item.hasSuffix(".swift") && !item.hasPrefix("Compiler/") {
                let text = try String(contentsOf: dir.appendingPathComponent(item), encoding: .utf8)
                // Comments may name SQL; code may not.
                let code = text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }.joined(separator: "\n")
                if Self.keywords.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil {
                    out.insert(target + "/" + item)
                }
            }
        }
        return out
    }

    func testSQLIsWrittenOnlyInTheCompilerAndTheListShrinks() throws {
        let found = try filesWithSQL()
        XCTAssertEqual(found.subtracting(Self.stillToMove), [], "SQL outside CivicQuery/Compiler: move it behind the compiler")
        XCTAssertEqual(Self.stillToMove.subtracting(found), [], "these no longer hold SQL: take them off stillToMove")
        // The check can see SQL: the compiler itself is full of it.
        let compiler = try String(contentsOf: Self.sources.appendingPathComponent("CivicQuery/Compiler/SQLCompiler.swift"), encoding: .utf8)
        XCTAssertNotNil(Self.keywords.firstMatch(in: compiler, range: NSRange(compiler.startIndex..., in: compiler)))
    }
}
