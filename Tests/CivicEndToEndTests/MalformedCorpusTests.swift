import Foundation
import XCTest

/// Every file of Tests/CivicLoadTests/Malformed is rejected by the built binary with its exact
/// file, line and column, exit code 65, and the database file byte-identical afterwards.
/// The expected positions in cases.tsv were worked out by hand from each file.
final class MalformedCorpusTests: XCTestCase {
    static let corpus = Civic.packageRoot.appendingPathComponent("Tests/CivicLoadTests/Malformed")

    /// A row of cases.tsv. The id is checked in-process, by CivicLoadTests' MalformedCorpusIDTests.
    struct Case { var name: String; var location: String; var id: String; var message: String }

    static func cases() throws -> [Case] {
        let text = try String(contentsOf: corpus.appendingPathComponent("cases.tsv"), encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(name: f[0], location: f[1], id: f[2], message: f[3])
        }
    }

    func testCorpusIsLargeEnough() throws {
        XCTAssertGreaterThanOrEqual(try Self.cases().count, 30)
        // Every file of the corpus is a case: none sits there untested.
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.corpus.path)
            .filter { $0.hasSuffix(".csv") }.map { String($0.dropLast(4)) }.sorted()
        XCTAssertEqual(files, try Self.cases().map(\.name).sorted())
    }

    func testEveryMalformedFileIsRejectedWithItsPositionAndNothingChanges() throws {
        let dir = try Civic.temporaryDirectory(self)
        let base = dir.appendingPathComponent("base.sqlite")
        let fixtures = Civic.packageRoot.appendingPathComponent("Tests/CivicLoadTests/Fixtures/base")
        let built = try Civic.run(["load", "--db", base.path], environment: ["CIVIC_DATASETS": fixtures.path])
        XCTAssertEqual(built.status, 0, built.stderr)
        let before = try Data(contentsOf: base)
        for c in try Self.cases() {
            let r = try Civic.run(["load", "--db", base.path, c.name + ".csv"], in: Self.corpus,
                                  environment: ["CIVIC_DATASETS": fixtures.path])
            XCTAssertEqual(r.status, 65, "\(c.name): exit code; stderr: \(r.stderr)")
            let first = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
            XCTAssertTrue(first.hasPrefix(c.location + ": "), "\(c.name): expected \(c.location), got: \(first)")
            XCTAssertTrue(first.contains(c.message), "\(c.name): expected \"\(c.message)\" in: \(first)")
            XCTAssertTrue(r.stderr.contains("nothing was written: the database is unchanged"), c.name)
            XCTAssertEqual(try Data(contentsOf: base), before, "\(c.name): the database must be byte-identical")
        }
        // Nothing is left but the database and its load lock (which stays, see LoadLock).
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "base.sqlite" && $0 != ".base.sqlite.lock" }
        XCTAssertEqual(leftovers, [])
    }

    func testTheFirstTwentyErrorsAreListedThenCounted() throws {
        let dir = try Civic.temporaryDirectory(self)
        let db = dir.appendingPathComponent("x.sqlite").path
        let fixtures = Civic.packageRoot.appendingPathComponent("Tests/CivicLoadTests/Fixtures/base")
        _ = try Civic.run(["load", "--db", db], environment: ["CIVIC_DATASETS": fixtures.path])
        let r = try Civic.run(["load", "--db", db, "many_errors.csv"], in: Self.corpus, environment: ["CIVIC_DATASETS": fixtures.path])
        let lines = r.stderr.split(separator: "\n").map(String.init)
        // Count the faulty rows independently: a row is faulty when its date lacks the first slash (0106/2012).
        let raw = try String(contentsOf: Self.corpus.appendingPathComponent("many_errors.csv"), encoding: .utf8)
        let faulty = raw.split(separator: "\n").filter { $0.first?.isNumber == true && $0.dropFirst(2).first != "/" }.count
        XCTAssertEqual(lines.filter { $0.hasPrefix("many_errors.csv:") }.count, 20)
        XCTAssertTrue(lines.contains("… and \(faulty - 20) more errors"), r.stderr)
    }
}
