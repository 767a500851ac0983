import CivicStorage
import Foundation
import XCTest

/// `civic profile` from the built binary: every section the data supports for the subjects the
/// issue names, in each text format; every figure a query that `--explain` and the JSON show;
/// no per head without a population; errors. (The figures themselves are checked against the raw
/// files in ProfileFiguresTests, the page in a browser in ProfileHTMLTests.)
final class ProfileTests: XCTestCase {
    static let subjects: [(kind: String, name: String, sections: [String])] = [
        ("ward", "Bromford & Hodge Hill", ["The place", "Who represents it", "The bodies in it", "The money", "People with several offices"]),
        ("council", "Manchester", ["The place", "Who represents it", "The bodies in it", "The money", "People with several offices"]),
        ("constituency", "Birmingham, Hodge Hill", ["The place", "Who represents it", "The bodies in it", "The money", "People with several offices"]),
        ("person", "Rob Pocock", ["The person", "Every office held", "The bodies' money"]),
    ]

    func profile(_ args: [String], file: StaticString = #filePath, line: UInt = #line) throws -> Civic.Result {
        _ = try BundledDatabase.open()
        let r = try Civic.run(["profile", "--db", BundledDatabase.built.path] + args)
        XCTAssertEqual(r.status, 0, r.stderr, file: file, line: line)
        return r
    }

    func json(_ kind: String, _ name: String) throws -> [String: Any] {
        let r = try profile(["--format", "json", kind, name])
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
    }

    static func blocks(_ j: [String: Any]) -> [[String: Any]] {
        (j["sections"] as? [[String: Any]] ?? []).flatMap { $0["queries"] as? [[String: Any]] ?? [] }
    }

    func testEachSubjectHasItsSectionsInEveryTextFormat() throws {
        for s in Self.subjects {
            let text = try profile([s.kind, s.name]).stdout
            let markdown = try profile(["--format", "markdown", s.kind, s.name]).stdout
            for section in s.sections {
                XCTAssertTrue(text.contains("\n" + section.uppercased() + "\n"), "\(s.kind) \(s.name): \(section) on the terminal")
                XCTAssertTrue(markdown.contains("\n## " + section + "\n"), "\(s.kind) \(s.name): \(section) in Markdown")
            }
            for part in ["COVERAGE", "SOURCES"] { XCTAssertTrue(text.contains("\n\(part)\n"), "\(s.kind): \(part)") }
            XCTAssertTrue(markdown.contains("\n## Sources\n"))
            // Every query with rows shows a table; every one without says what no rows means.
            let j = try json(s.kind, s.name)
            for b in Self.blocks(j) {
                let query = b["query"] as? String ?? ""
                XCTAssertTrue(text.contains("   " + query + "\n"), "the terminal shows query \(b["number"] ?? 0): \(query)")
                XCTAssertTrue(markdown.contains("`" + query.replacingOccurrences(of: "`", with: "'") + "`"), "Markdown shows \(query)")
                if (b["row_count"] as? Int ?? 0) == 0, let empty = b["empty"] as? String, !empty.isEmpty {
                    XCTAssertTrue(text.contains(empty), "no rows for \(query) is said: \(empty)")
                }
            }
        }
    }

    /// Every section the issue asks for that the bundled data can fill is filled: the ward's
    /// councillors, candidates, bodies, governors, spending and neighbours; Manchester's budget
    /// lines, spending and rank; the person's offices and their body's spending.
    func testTheSectionsTheDataSupportsHaveRows() throws {
        let filled: [(String, String, [String])] = [
            ("ward", "Bromford & Hodge Hill", ["place", "councillors", "candidates", "bodies_by_kind", "bodies", "governors", "money_summary",
                                               "spending_by_category", "spending_by_month", "top_suppliers", "neighbours", "several_offices"]),
            ("council", "Manchester", ["council", "place", "contains", "wards", "bodies_by_kind", "money_summary", "budget_by_service",
                                       "spending_by_category", "spending_by_month", "top_suppliers", "rank_budget", "rank_spent"]),
            ("constituency", "Birmingham, Hodge Hill", ["place", "wards", "councillors", "candidates", "bodies", "governors",
                                                        "spending_by_category", "neighbours"]),
            ("person", "Rob Pocock", ["person", "offices", "bodies_money", "bodies_spending_by_category"]),
        ]
        for (kind, name, ids) in filled {
            let blocks = Self.blocks(try json(kind, name))
            for id in ids {
                let b = blocks.first { $0["id"] as? String == id }
                XCTAssertNotNil(b, "\(kind) \(name) has \(id)")
                XCTAssertGreaterThan(b?["row_count"] as? Int ?? 0, 0, "\(kind) \(name): \(id) has rows")
            }
        }
    }

    /// Each block's SQL is what `--explain` prints for it, and the facts name blocks that exist.
    func testEveryFigureIsAQueryThatExplainShows() throws {
        for s in Self.subjects {
            let j = try json(s.kind, s.name)
            let blocks = Self.blocks(j)
            let explain = try profile(["--explain", s.kind, s.name]).stdout
            XCTAssertEqual(explain.split(separator: "\n").filter { $0.hasPrefix("-- civic: ") }.count, blocks.count, "one explained query per block")
            let numbers = Set(blocks.compactMap { $0["number"] as? Int })
            XCTAssertFalse(blocks.isEmpty)
            XCTAssertEqual(numbers, Set((0..<blocks.count).map { $0 + 1 }), "blocks are numbered 1…n")
            for b in blocks {
                XCTAssertTrue(explain.contains("-- civic: " + (b["query"] as? String ?? "?") + "\n" + (b["sql"] as? String ?? "?")),
                              "--explain shows query \(b["number"] ?? 0) and its SQL")
            }
            for section in j["sections"] as? [[String: Any]] ?? [] {
                for f in section["facts"] as? [[String: Any]] ?? [] {
                    XCTAssertTrue(numbers.contains(f["query"] as? Int ?? -1), "fact \(f["label"] ?? "") names a block")
                }
            }
        }
    }

    /// Manchester has no population loaded: no per-head figure anywhere, never a zero.
    func testNoPopulationMeansNoPerHeadNeverZero() throws {
        let j = try json("council", "Manchester")
        let blocks = Self.blocks(j)
        let summary = blocks.first { $0["id"] as? String == "money_summary" }
        let row = (summary?["rows"] as? [[String: Any]])?.first
        XCTAssertTrue(row?["budget per head"] is NSNull, "Manchester's budget per head is null: \(row ?? [:])")
        XCTAssertNotNil(row?["budget"] as? NSNumber)
        for b in blocks { XCTAssertNil(b["per_head"], "no per-head column without a population: \(b["id"] ?? "")") }
        let text = try profile(["council", "Manchester"]).stdout
        XCTAssertTrue(text.contains("budget per head  not known"), text)
        XCTAssertFalse(text.contains("per head  £0.00"))

        // Birmingham's population is its wards': per head is there, and each breakdown says how.
        let b = Self.blocks(try json("council", "Birmingham"))
        let budget = b.first { $0["id"] as? String == "budget_by_service" }
        let perHead = budget?["per_head"] as? [String: Any]
        XCTAssertEqual((perHead?["population"] as? NSNumber)?.int64Value, Oracle.int("census_population"))
    }

    /// The subject's row among its neighbours is named by its place in the whole query (the
    /// JSON's subject_row of row_count), not by where it falls among the rows shown.
    func testTheSubjectsRowIsItsPlaceInTheWholeQuery() throws {
        let b = Self.blocks(try json("ward", "Bromford & Hodge Hill")).first { $0["id"] as? String == "neighbours" }
        let row = try XCTUnwrap(b?["subject_row"] as? Int), total = try XCTUnwrap(b?["row_count"] as? Int)
        let shown = try XCTUnwrap(b?["shown"] as? Int)
        XCTAssertGreaterThan(row, shown, "the ward falls after the rows shown, so the two numbers differ")
        let text = try profile(["ward", "Bromford & Hodge Hill"]).stdout
        XCTAssertTrue(text.contains("Bromford & Hodge Hill is row \(row + 1) of \(total), shown last."), text)
        let dir = try Civic.temporaryDirectory(self)
        let page = dir.appendingPathComponent("ward.html")
        _ = try profile(["-o", page.path, "ward", "Bromford & Hodge Hill"])
        XCTAssertTrue(try String(contentsOf: page, encoding: .utf8).contains("Bromford &amp; Hodge Hill is row \(row + 1) of \(total), shown last, picked out"))
    }

    func testANameThatMatchesNothingIsShownUnderItsQuery() throws {
        _ = try BundledDatabase.open()
        let r = try Civic.run(["profile", "--db", BundledDatabase.built.path, "ward", "Bromfrd & Hodge Hill"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains(#"ward "Bromfrd & Hodge Hill""#), r.stderr)
        XCTAssertTrue(r.stderr.contains("^"), "a caret under the name: \(r.stderr)")
        XCTAssertTrue(r.stderr.contains("Bromford & Hodge Hill"), "a suggestion: \(r.stderr)")
        XCTAssertEqual(r.stdout, "")

        let kind = try Civic.run(["profile", "--db", BundledDatabase.built.path, "spaceship", "Enterprise"])
        XCTAssertEqual(kind.status, 65, kind.stderr)
        XCTAssertTrue(kind.stderr.contains("spaceship"), kind.stderr)

        let person = try Civic.run(["profile", "--db", BundledDatabase.built.path, "person", "Pocock"])
        XCTAssertEqual(person.status, 65)
        XCTAssertTrue(person.stderr.contains("Rob Pocock") && person.stderr.contains("Rob POCOCK"), "both are listed: \(person.stderr)")

        for bad in [["profile", "ward"], ["profile", "--format", "csv", "ward", "Bromford & Hodge Hill"]] {
            let u = try Civic.run(bad + ["--db", BundledDatabase.built.path])
            XCTAssertEqual(u.status, 64, "\(bad): \(u.stderr)")
        }
    }

    /// -o writes the file only when the profile succeeds, in the format of its extension.
    func testOutputFile() throws {
        let dir = try Civic.temporaryDirectory(self)
        let md = dir.appendingPathComponent("ward.md")
        _ = try profile(["-o", md.path, "ward", "Bromford & Hodge Hill"])
        XCTAssertTrue(try String(contentsOf: md, encoding: .utf8).hasPrefix("# Bromford & Hodge Hill (ward)"))
        let bad = dir.appendingPathComponent("nothing.md")
        let r = try Civic.run(["profile", "--db", BundledDatabase.built.path, "-o", bad.path, "ward", "Nowhere At All"])
        XCTAssertEqual(r.status, 65)
        XCTAssertFalse(FileManager.default.fileExists(atPath: bad.path), "no file for a failed profile")
    }
}
