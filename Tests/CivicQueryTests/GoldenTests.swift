@testable import CivicQuery
import CivicStorage
import Foundation
import XCTest

/// One corpus of queries (Queries/*.civic, the normative examples first) with a golden file per
/// stage: .tokens, .ast, .plan and .sql. A change shows up as a diff in exactly the stages it
/// touched.
final class GoldenTests: XCTestCase {
    static func corpus() throws -> [(name: String, text: String)] {
        try FileManager.default.contentsOfDirectory(atPath: Paths.queries.path)
            .filter { $0.hasSuffix(".civic") }.sorted()
            .map { (String($0.dropLast(6)), try String(contentsOf: Paths.queries.appendingPathComponent($0), encoding: .utf8)) }
    }

    func testCorpusSize() throws {
        XCTAssertGreaterThanOrEqual(try Self.corpus().count, 60)
    }

    func testTokens() throws {
        for (name, text) in try Self.corpus() {
            let tokens = try Lexer.tokens(text)
            let dump = tokens.map { t in
                "\(t.kind.rawValue) \(t.span) \(t.text.debugDescription)\(t.pence.map { " pence=\($0)" } ?? "")"
            }.joined(separator: "\n") + "\n"
            Golden.check(dump, against: Paths.queries.appendingPathComponent(name + ".tokens"))
        }
    }

    func testAST() throws {
        for (name, text) in try Self.corpus() {
            Golden.check(ASTDump.dump(try Parser.parse(text)), against: Paths.queries.appendingPathComponent(name + ".ast"))
        }
    }

    func testPlan() throws {
        let db = try TestDatabase.open()
        for (name, text) in try Self.corpus() {
            let checker = try Checker(connection: db)
            let checked = try checker.check(try Parser.parse(text, subjects: checker.knownSubjects))
            Golden.check(PlanDump.dump(checked.plan), against: Paths.queries.appendingPathComponent(name + ".plan"))
        }
    }

    func testSQL() throws {
        let engine = QueryEngine(connection: try TestDatabase.open())
        for (name, text) in try Self.corpus() {
            let c = try engine.prepare(text)
            var out = c.sql + "\n-- parameters\n"
            for (i, p) in c.parameters.enumerated() { out += "-- ?\(i + 1) = \({ if case .text(let t) = p { return t.debugDescription } else { return p.description } }())\n" }
            out += "-- columns: " + c.columns.map { "\($0.name) \($0.type.rawValue)" }.joined(separator: ", ") + "\n"
            for r in c.resolutions { out += "-- resolved: \(r)\n" }
            Golden.check(out, against: Paths.queries.appendingPathComponent(name + ".sql"))
            // Every compiled query must also run.
            XCTAssertNoThrow(try engine.run(c) { _, _ in }, name)
        }
    }
}
