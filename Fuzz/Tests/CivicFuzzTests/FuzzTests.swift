import CivicFuzz
import CivicLoad
import CivicQuery
import Foundation
import XCTest

/// A short seeded run of both fuzzers, the saved regressions replayed, and checks that the
/// generators make what they should. The long runs are `Fuzz/run` (see Fuzz/README.md).
final class FuzzTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The bundled datasets loaded once, for name resolution.
    static let database: String = {
        let path = NSTemporaryDirectory() + "civic-fuzz-tests-\(getpid()).sqlite"
        let files = try! Loader.layouts(for: [root.appendingPathComponent("Datasets").path], includeSynthetic: true)
        _ = try! Loader.load(files, into: path, rebuild: true)
        return path
    }()

    /// Generous: a test machine is noisy and this is a debug build. The 100 ms figure of the
    /// README is for release builds (`Fuzz/run`).
    static let bound: UInt64 = 2_000_000_000

    struct Finding: CustomStringConvertible {
        var index: UInt64
        var input: String
        var what: String
        var description: String { "input \(index): \(what)\n  \(input.prefix(300).debugDescription)" }
    }

    /// Runs `count` inputs and returns the stats, the failures and the inputs over the bound.
    func campaign(_ target: any FuzzTarget, seed: UInt64, count: UInt64) -> (StatsSummary, [Finding], [Finding]) {
        let stats = StatsBlock()
        var c = Campaign(target: target, stats: stats)
        c.slowNanos = Self.bound
        var failures: [Finding] = [], slow: [Finding] = []
        c.onFailure = { i, input, r in failures.append(Finding(index: i, input: String(decoding: input.bytes, as: UTF8.self), what: r.detail)) }
        c.onSlow = { i, input, r in slow.append(Finding(index: i, input: String(decoding: input.bytes, as: UTF8.self), what: formatNanos(r.nanos))) }
        c.run(seed: seed, start: 0, count: count)
        return (stats.snapshot, failures, slow)
    }

    // MARK: the short runs

    func testShortSeededQueryRun() throws {
        let target = try QueryTarget(databasePath: Self.database)
        // The harness's own sizes: deep nesting, long stage chains and long unknown names, whose
        // findings are closed and kept in Fuzz/regressions/.
        let inputs = try QueryInputs(root: Self.root, engine: QueryEngine(connection: target.database), maxStress: 20_000)
        let (s, failures, slow) = campaign(QueryFuzz(inputs: inputs, target: target), seed: 20_261_211, count: 2_000)
        XCTAssertEqual(failures.count, 0, "SQL errors, bugs or leaks:\n" + failures.prefix(5).map(\.description).joined(separator: "\n"))
        XCTAssertEqual(slow.count, 0, "over 2 s:\n" + slow.prefix(5).map(\.description).joined(separator: "\n"))
        XCTAssertEqual(s.inputs, 2_000)
        // The mix reaches the compiler, and SQLite, often enough to mean something.
        XCTAssertGreaterThan(s.outcomes[QueryOutcome.compiled.rawValue], 200, "compiled")
        XCTAssertGreaterThan(s.outcomes[QueryOutcome.rejected.rawValue], 1_000, "rejected")
        for kind in QueryInputKind.allCases { XCTAssertGreaterThan(s.kinds[kind.rawValue], 0, kind.name) }
    }

    func testShortSeededCSVRun() throws {
        let scratch = CSVFuzz.scratchPath("tests.csv")
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let (s, failures, slow) = campaign(CSVFuzz(root: Self.root, scratch: scratch), seed: 20_261_211, count: 10_000)
        XCTAssertEqual(failures.count, 0, "wrong results:\n" + failures.prefix(5).map(\.description).joined(separator: "\n"))
        XCTAssertEqual(slow.count, 0, "over 2 s:\n" + slow.prefix(5).map(\.description).joined(separator: "\n"))
        XCTAssertGreaterThan(s.outcomes[CSVOutcome.read.rawValue], 2_000)
        XCTAssertGreaterThan(s.outcomes[CSVOutcome.refused.rawValue], 1_000)
        XCTAssertGreaterThan(s.kinds[CSVInputKind.roundTrip.rawValue], 800)
        XCTAssertGreaterThan(s.kinds[CSVInputKind.fieldOracle.rawValue], 800)
    }

    // MARK: regressions

    /// Every input saved under Fuzz/regressions/ (a crash or failure once found, since fixed)
    /// runs every way its kind runs, with no failure, no crash and inside the bound.
    func testRegressions() throws {
        let dir = Self.root.appendingPathComponent("Fuzz/regressions")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter {
            ["civic", "csv", "field"].contains(URL(fileURLWithPath: $0).pathExtension)
        }.sorted()
        let query = try QueryTarget(databasePath: Self.database, stepRows: 2)
        let csv = CSVFuzz(seeds: [], scratch: CSVFuzz.scratchPath("regressions.csv"))
        defer { try? FileManager.default.removeItem(atPath: csv.scratch) }
        for f in files {
            for r in try Replay.run(dir.appendingPathComponent(f), query: query, csv: csv) {
                XCTAssertFalse(r.failure, "\(f): \(r.how): \(r.outcome)")
                XCTAssertLessThan(r.nanos, Self.bound, "\(f): \(r.how): \(formatNanos(r.nanos))")
            }
        }
    }

    // MARK: the generators

    func testTheGrammarIsReadWhole() throws {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Grammar/civic.ebnf"), encoding: .utf8)
        let g = EBNFGrammar(text: text)
        // Only the lexical rules written in words are left to the generator's code.
        XCTAssertEqual(Set(g.unread), ["string"])
        for name in ["query", "phrase", "stage", "condition", "not_condition", "period", "money", "nested"] {
            XCTAssertNotNil(g.rules[name], name)
        }
        for t in ["|", "in", "of", "paid", "during", "fy", "..", "where", "not", "<>", "~", "top", "chart", "desc"] {
            XCTAssertTrue(g.terminals.contains(t), t)
        }
    }

    func testGrammarQueriesCompile() throws {
        // Grammar walks use the words the bundled data makes known, so a good share of them
        // get through to SQL (a misspelt word, an open string or a type clash now and then is meant).
        let target = try QueryTarget(databasePath: Self.database)
        var inputs = try QueryInputs(root: Self.root, engine: QueryEngine(connection: target.database), maxDepth: 8)
        inputs.generator.maxText = 24
        var compiled = 0
        for i in 0..<200 {
            var r = FuzzRandom(seed: 7, index: UInt64(i))
            let q = inputs.generator.grammarQuery(&r, maxDepth: 8)
            let result = target.run(q)
            XCTAssertFalse(result.outcome.isFailure, "\(q): \(result.detail)")
            if result.outcome == .compiled { compiled += 1 }
        }
        XCTAssertGreaterThan(compiled, 20)
    }

    func testInputsFollowFromSeedAndIndex() throws {
        let inputs = try QueryInputs(root: Self.root, engine: nil)
        for i: UInt64 in [0, 1, 99, 12_345] {
            XCTAssertEqual(inputs.input(seed: 3, index: i).bytes, inputs.input(seed: 3, index: i).bytes)
        }
        XCTAssertNotEqual(inputs.input(seed: 3, index: 5).bytes, inputs.input(seed: 4, index: 5).bytes)
        let csv = CSVFuzz(seeds: [], scratch: "/dev/null")
        XCTAssertEqual(csv.makeCase(seed: 9, index: 77).bytes, csv.makeCase(seed: 9, index: 77).bytes)
    }

    func testTheCorpusIsFound() {
        let corpus = QueryCorpus.load(root: Self.root)
        XCTAssertGreaterThan(corpus.count, 100)
        XCTAssertTrue(corpus.contains(#"councilors in ward "Hodge Hill""#), "diagnostics' queries, markers removed")
        XCTAssertFalse(corpus.contains { $0.contains("\u{20E3}") })
    }

    func testTheOraclesCatchAWrongAnswer() {
        // The field oracle says so when a parser's answer differs from what was written.
        XCTAssertEqual(CSVFuzz.checkOracle("£1,234.505", expected: "money:123451").0, .parsed)
        XCTAssertEqual(CSVFuzz.checkOracle("(5)", expected: "money:-500").0, .parsed)
        XCTAssertEqual(CSVFuzz.checkOracle("£1,234.50", expected: "money:123451").0, .wrong)
        XCTAssertEqual(CSVFuzz.checkOracle("20-Jan-17", expected: "date:2017-01-20").0, .parsed)
        XCTAssertEqual(CSVFuzz.checkOracle("30/02/2020", expected: "nodate").0, .parsed)
        XCTAssertEqual(CSVFuzz.checkOracle("1,144,876.0", expected: "integer:1144876").0, .parsed)
        XCTAssertEqual(CSVFuzz.checkOracle("1,144,876.5", expected: "integer:1144876").0, .wrong)
    }
}
