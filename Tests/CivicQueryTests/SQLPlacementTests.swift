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
        for target in ["CivicQuery", "CivicProfile", "CivicOutput", "CivicREPL", "civic"] {
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

    /// The query side and the front ends reach a database only through `Connection` (and the
    /// front ends only through `QueryEngine`), so that a second engine plugs in without them
    /// changing: none of them names SQLite's `Database`. The executable opens it, and the loader
    /// uses it; nothing else does.
    func testOnlyTheExecutableAndTheLoaderNameDatabase() throws {
        let name = try NSRegularExpression(pattern: #"\bDatabase\b"#)
        var found: [String] = []
        for target in ["CivicQuery", "CivicProfile", "CivicOutput", "CivicREPL"] {
            let dir = Self.sources.appendingPathComponent(target)
            let items = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
            for item in items.sorted() where item.hasSuffix(".swift") {
                let text = try String(contentsOf: dir.appendingPathComponent(item), encoding: .utf8)
                for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                    // Comments may name it; code may not.
                    let code = String(line.components(separatedBy: "//")[0])
                    if name.firstMatch(in: code, range: NSRange(code.startIndex..., in: code)) != nil {
                        found.append("\(target)/\(item):\(i + 1)")
                    }
                }
            }
        }
        XCTAssertEqual(found, [], "use `any Connection` or `QueryEngine` instead")
        // The check can see the name: the executable opens a Database.
        let open = try String(contentsOf: Self.sources.appendingPathComponent("civic/Commands/Query.swift"), encoding: .utf8)
        XCTAssertNotNil(name.firstMatch(in: open, range: NSRange(open.startIndex..., in: open)))
    }
}
