@testable import CivicQuery
import Foundation
import XCTest

/// Grammar/civic.ebnf is kept true to the parser: every example written in it, in the README and
/// in LANGUAGE.md parses, and every production of the grammar is used by some test query.
final class GrammarTests: XCTestCase {
    static let grammar = Paths.root.appendingPathComponent("Grammar/civic.ebnf")

    /// Left-hand sides of the grammar's productions.
    static func productions() throws -> Set<String> {
        // Drop every (* comment *) first, then read "name = …" lines.
        var text = try String(contentsOf: grammar, encoding: .utf8)
        while let open = text.range(of: "(*"), let close = text.range(of: "*)", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        var out: Set<String> = []
        for line in text.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard let eq = t.range(of: " = ") else { continue }
            let lhs = t[..<eq.lowerBound].trimmingCharacters(in: .whitespaces)
            if lhs.allSatisfy({ $0.isLetter || $0 == "_" }) { out.insert(lhs) }
        }
        return out
    }

    static func grammarExamples() throws -> [String] {
        let text = try String(contentsOf: grammar, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            guard line.hasPrefix("(* example: "), let r = line.range(of: "example: ") else { return nil }
            var q = String(line[r.upperBound...])
            if q.hasSuffix("*)") { q = String(q.dropLast(2)) }
            return q.trimmingCharacters(in: .whitespaces)
        }
    }

    /// Queries in the README: the first '…' after `civic query` on a line (options may come
    /// first), and the queries typed at `civic> ` prompts, with their `  ...> ` continuations.
    static func readmeExamples() throws -> [String] {
        let text = try String(contentsOf: Paths.root.appendingPathComponent("README.md"), encoding: .utf8)
        var out: [String] = []
        var prompt: String?
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let p = prompt {
                if line.hasPrefix("  ...> ") { prompt = p + "\n" + line.dropFirst(7); continue }
                out.append(p)
                prompt = nil
            }
            if line.hasPrefix("civic> ") {
                let typed = String(line.dropFirst(7))
                if !typed.hasPrefix(".") && !typed.trimmingCharacters(in: .whitespaces).isEmpty { prompt = typed }
                continue
            }
            guard let r = line.range(of: "civic query ") else { continue }
            let rest = line[r.upperBound...]
            guard let open = rest.firstIndex(of: "'"), let close = rest[rest.index(after: open)...].firstIndex(of: "'") else { continue }
            out.append(String(rest[rest.index(after: open)..<close]))
        }
        if let p = prompt { out.append(p) }
        return out
    }

    /// LANGUAGE.md's normative examples (numbered items) and its opening example.
    static func languageExamples() throws -> [String]? {
        let url = Paths.root.deletingLastPathComponent().appendingPathComponent("shared/LANGUAGE.md")
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return nil }
        var out: [String] = []
        for line in text.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            if let first = t.first, first.isNumber, let dot = t.firstIndex(of: "."), t[..<dot].allSatisfy(\.isNumber),
               let open = t.firstIndex(of: "`") {
                let rest = t[t.index(after: open)...]
                if let close = rest.firstIndex(of: "`") { out.append(String(rest[..<close])) }
            } else if line.hasPrefix("    ") && !t.hasPrefix("└") && (t.hasPrefix("institutions ") || t.hasPrefix("spending ")) {
                out.append(t)
            }
        }
        return out
    }

    func testGrammarExamplesParse() throws {
        let examples = try Self.grammarExamples()
        XCTAssertGreaterThanOrEqual(examples.count, 15)
        for q in examples { XCTAssertNoThrow(try Parser.parse(q), q) }
    }

    func testReadmeExamplesParse() throws {
        let examples = try Self.readmeExamples()
        XCTAssertGreaterThanOrEqual(examples.count, 5, "the README shows queries")
        for q in examples { XCTAssertNoThrow(try Parser.parse(q), q) }
    }

    func testLanguageBriefExamplesParse() throws {
        guard let examples = try Self.languageExamples() else { throw XCTSkip("../shared/LANGUAGE.md is not beside the checkout") }
        XCTAssertEqual(examples.count, 15, "14 normative examples and the opening one")
        for q in examples { XCTAssertNoThrow(try Parser.parse(q), q) }
    }

    func testEveryProductionIsUsedByATestQuery() throws {
        var used: Set<String> = []
        let corpus = try GoldenTests.corpus().map(\.text) + (try Self.grammarExamples())
        for q in corpus {
            let (_, p) = try Parser.parseTracing(q)
            used.formUnion(p)
        }
        let lexical: Set<String> = ["word"]  // a token, not a parser method
        let unused = try Self.productions().subtracting(used).subtracting(lexical)
        XCTAssertEqual(unused, [], "productions no test query exercises")
        let unknown = used.subtracting(try Self.productions())
        XCTAssertEqual(unknown, [], "parser methods missing from the grammar")
    }

    /// One parser method per production, named after it: in_phrase → parseInPhrase().
    func testEveryProductionHasItsParserMethod() throws {
        let dir = Paths.root.appendingPathComponent("Sources/CivicQuery/Parser")
        let source = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".swift") }
            .map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }.joined()
        let lexical: Set<String> = ["word"]  // a token the lexer makes
        var missing: [String] = []
        for p in try Self.productions().subtracting(lexical).sorted() {
            let name = "parse" + p.split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
            if !source.contains("func \(name)(") { missing.append("\(p) → \(name)()") }
        }
        XCTAssertEqual(missing, [])
    }
}
