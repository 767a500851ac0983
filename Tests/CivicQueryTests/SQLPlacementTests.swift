import Foundation
import XCTest

/// On the query side, SQL is written in one place: CivicQuery's Compiler/. The front ends
/// (CivicOutput, CivicREPL, the executable) hold none, and neither do the catalogue, the
/// checker or the plan: they are data the compiler reads.
final class SQLPlacementTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources")

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

    func testSQLIsWrittenOnlyInTheCompiler() throws {
        let found = try filesWithSQL()
        XCTAssertEqual(found, [], "SQL outside CivicQuery/Compiler: move it behind the compiler")
        // The check can see SQL: the compiler itself is full of it.
        let compiler = try String(contentsOf: Self.sources.appendingPathComponent("CivicQuery/Compiler/SQLCompiler.swift"), encoding: .utf8)
        XCTAssertNotNil(Self.keywords.firstMatch(in: compiler, range: NSRange(compiler.startIndex..., in: compiler)))
    }
}
