import CivicStorage
import Foundation
import XCTest

/// No silent gaps, and bodies told apart (issue 12): where a result may leave something out, a
/// note beneath it says what and how many, on the screen and in JSON `meta.notes`. Every figure
/// expected here comes from the raw files (Tests/Oracle) or from SQL written by hand on the
/// database, never from civic's own output.
final class GapNotesTests: XCTestCase {
    var db: String { BundledDatabase.built.path }

    /// The bundled data without the demo layer, built once: no trustee, magistrate or youth centre.
    static let noDemo: String = {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("civic-nodemo-\(getpid())")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("civic.sqlite").path
        let r = try! Civic.run(["load", "--no-demo", "--db", path])
        precondition(r.status == 0, r.stderr)
        return path
    }()

    /// The notes beneath a table, and those in JSON `meta.notes`, which must be the same.
    func notes(_ query: String, db path: String? = nil, file: StaticString = #filePath, line: UInt = #line) throws -> [String] {
        _ = try BundledDatabase.open()
        let database = path ?? db
        let table = try Civic.run(["query", "--db", database, query])
        XCTAssertEqual(table.status, 0, table.stderr, file: file, line: line)
        let json = try Civic.run(["query", "--db", database, "--format", "json", query])
        XCTAssertEqual(json.status, 0, json.stderr, file: file, line: line)
        let obj = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let meta = (obj?["meta"] as? [String: Any])?["notes"] as? [String] ?? []
        for n in meta {
            XCTAssertTrue(table.stdout.contains(n) || table.stderr.contains(n), "JSON note missing beneath the table: \(n)\n\(table.stdout)",
                          file: file, line: line)
        }
        return meta
    }

    func sql(_ s: String) throws -> [[Value]] { try BundledDatabase.open().rows(s) }
    func int(_ s: String) throws -> Int64 { try BundledDatabase.open().scalar(s).int ?? -1 }

    static func number(_ n: Int64) -> String {
        let f = NumberFormatter()
        f.numberStyle = .decimal
        f.locale = Locale(identifier: "en_GB")
        return f.string(from: NSNumber(value: n)) ?? "\(n)"
    }

    // MARK: in cannot place institutions with no area

    func testInSaysWhichInstitutionsItCannotPlace() throws {
        // The NHS file has no area column (Tests/Oracle counts its rows); by hand, every NHS
        // trust in the database has no area.
        let trusts = try int("SELECT count(*) FROM institutions WHERE kind = 'nhs trust' AND area_id IS NULL")
        XCTAssertEqual(trusts, Oracle.int("nhs_trusts"))
        let n = try notes(#"nhs trusts in council "Birmingham" | count"#)
        XCTAssertEqual(n, ["\(trusts) nhs trusts have no area in the loaded data, so `in` cannot place them: they are left out."])

        // Offices: those naming no ward at a body with no area, counted by hand.
        let courts = try sql("""
            SELECT count(DISTINCT i.institution_id), count(*) FROM roles r JOIN institutions i ON i.institution_id = r.institution_id
            WHERE r.role = 'magistrate' AND r.ward_id IS NULL AND i.area_id IS NULL AND i.kind = 'magistrates'' court'
            """)[0].map { $0.int ?? -1 }
        let magistrates = try int("SELECT count(*) FROM roles WHERE role = 'magistrate'")
        XCTAssertEqual(courts[1], magistrates, "every magistrate sits at a court with no area")
        let m = try notes(#"magistrates in council "Birmingham" | count"#)
        XCTAssertEqual(m, ["\(courts[0]) magistrates' court\(courts[0] == 1 ? " has" : "s have") no area in the loaded data, so `in` cannot place \(courts[0] == 1 ? "it" : "them"): their \(courts[1]) magistrates are left out."])

        // People are placed by any office of theirs: the offices at unplaced bodies do not count.
        let people = try sql("""
            SELECT count(DISTINCT i.institution_id), count(*), count(DISTINCT r.person_id) FROM roles r
            JOIN institutions i ON i.institution_id = r.institution_id WHERE r.ward_id IS NULL AND i.area_id IS NULL
            """)[0].map { $0.int ?? -1 }
        let p = try notes(#"people in council "Birmingham" | count"#).filter { $0.contains("cannot place") }
        XCTAssertEqual(p.count, 1)
        XCTAssertTrue(p.first?.hasSuffix("so `in` cannot place them: the \(people[1]) offices held there (by \(people[2]) people) do not count.") ?? false, "\(p)")

        // Budget lines: the bodies with a budget line and no area, by kind (by hand).
        let budgeted = try sql("""
            SELECT kind, count(*) FROM institutions i WHERE area_id IS NULL
            AND EXISTS (SELECT 1 FROM budgets b WHERE b.institution_id = i.institution_id) GROUP BY kind
            """)
        XCTAssertGreaterThan(budgeted.count, 0)
        let b = try notes(#"budgets in council "Birmingham" | count"#).filter { $0.contains("cannot place") }
        XCTAssertEqual(b.count, 1)
        XCTAssertTrue(b.first?.hasSuffix("have no area in the loaded data, so `in` cannot place them: their budget lines are left out.") ?? false, "\(b)")
        let councils = budgeted.first { $0[0].string == "council" }?[1].int ?? 0
        XCTAssertTrue(b.first?.hasPrefix("\(councils) councils, ") ?? false, "\(b)")

        // Every payer has an area (by hand): spending in an area leaves no payer out.
        XCTAssertEqual(try int("SELECT count(*) FROM institutions i WHERE area_id IS NULL AND EXISTS (SELECT 1 FROM payments p WHERE p.payer_id = i.institution_id)"), 0)
        XCTAssertFalse(try notes(#"spending in council "Birmingham" | count"#).contains { $0.contains("cannot place") })

        // Every school has an area, and every councillor a ward or a placed council: no note.
        XCTAssertEqual(try int("SELECT count(*) FROM institutions WHERE kind IN ('school', 'academy') AND area_id IS NULL"), 0)
        XCTAssertFalse(try notes(#"schools in ward "Hodge Hill""#).contains { $0.contains("cannot place") })
        XCTAssertFalse(try notes(#"councillors in ward "Hodge Hill""#).contains { $0.contains("cannot place") })
        // Without in, nothing to place.
        XCTAssertFalse(try notes("nhs trusts | count").contains { $0.contains("cannot place") })
    }

    // MARK: nothing loaded at all

    func testASubjectWithNothingLoadedSaysSoRatherThanNoneFound() throws {
        // Trustees and magistrates come only from the demo layer's roles file.
        let raw = try String(contentsOf: Civic.datasets.appendingPathComponent("demo/demo_roles.csv"), encoding: .utf8)
        XCTAssertTrue(raw.contains(",trustee,") && raw.contains(",magistrate,"))
        for file in try FileManager.default.contentsOfDirectory(atPath: Civic.datasets.path) where file.hasSuffix(".csv") {
            let text = try String(contentsOf: Civic.datasets.appendingPathComponent(file), encoding: .isoLatin1)
            XCTAssertFalse(text.lowercased().contains(",trustee,"), file)
        }
        XCTAssertEqual(try notes("trustees | count", db: Self.noDemo), ["No trustees are loaded at all: civic holds no file listing them."])
        XCTAssertEqual(try notes(#"magistrates in council "Birmingham""#, db: Self.noDemo),
                       ["No magistrates are loaded at all: civic holds no file listing them."])
        XCTAssertEqual(try notes("youth centres", db: Self.noDemo), ["No youth centres are loaded at all: civic holds no file listing them."])
        // A misspelt word is still an error, with the word it may be.
        let typo = try Civic.run(["query", "--db", Self.noDemo, "trusteez | count"])
        XCTAssertEqual(typo.status, 65)
        XCTAssertTrue(typo.stderr.contains(#"did you mean "trustees"?"#), typo.stderr)

        // With the demo layer, trustees are loaded, but none at a charity (by hand).
        XCTAssertGreaterThan(try int("SELECT count(*) FROM roles WHERE role = 'trustee'"), 0)
        XCTAssertEqual(try int("SELECT count(*) FROM roles r JOIN institutions i USING (institution_id) WHERE r.role = 'trustee' AND i.kind = 'charity'"), 0)
        XCTAssertEqual(try notes("trustees of charities | count"), ["No trustees of charities are loaded at all: civic holds no file listing them."])
        XCTAssertEqual(try notes("trustees | count").filter { $0.contains("loaded at all") }, [])
        // Trafford's council is loaded, but none of its councillors.
        XCTAssertEqual(try notes(#"councillors of council "Trafford""#),
                       ["No councillors of Trafford are loaded at all: civic holds no file listing them."])
    }

    // MARK: close values

    func testAComparisonThatMatchesNothingNamesTheValuesCloseToIt() throws {
        // The parties of both councils' councillors, from the raw files, the commonest first.
        let parties = Oracle.pairs("councillor_parties")
        XCTAssertFalse(parties.isEmpty)
        XCTAssertFalse(parties.contains { $0.0.lowercased() == "labour" })
        let labour = parties.map(\.0).filter { $0.lowercased().contains("labour") }
        XCTAssertEqual(labour.count, 2)
        let note = "No party is exactly \"Labour\"; close values: " + labour.map { "\"\($0)\"" }.joined(separator: ", ") + "."
        XCTAssertEqual(try notes(#"councillors where party = "Labour""#), [note])
        XCTAssertTrue(try notes(#"councillors where party = "Labour" | count"#).contains(note))
        // In a list, the value that matched nothing, although the other did.
        XCTAssertTrue(try notes(#"councillors where party in ("Labour", "Green Party")"#).contains(note))
        // One edit away.
        XCTAssertTrue(try notes(#"councillors where party = "Labor Party""#).contains(#"No party is exactly "Labor Party"; close values: "Labour Party"."#))
        // Excluding a value no row holds leaves out nothing.
        let excluding = "No party is exactly \"Labour\", so excluding it leaves out nothing; close values: "
            + labour.map { "\"\($0)\"" }.joined(separator: ", ") + "."
        XCTAssertEqual(try notes(#"councillors where party != "Labour""#), [excluding])
        XCTAssertTrue(try notes(#"councillors where not party in ("Labour", "Reform UK") | count"#).contains(excluding))
        XCTAssertFalse(try notes(#"councillors where party != "Labour Party" | count"#).contains { $0.contains("exactly") })
        // A value that matches (ignoring case), or is close to nothing: no note.
        XCTAssertEqual(try notes(#"councillors where party = "labour party""#), [])
        XCTAssertEqual(try notes(#"councillors where party = "Whig""#), [])
        // The value reaches SQL bound, never as text: quotes and SQL in it are only text.
        XCTAssertEqual(try notes(#"councillors where party = "Labour'); DROP TABLE roles; --" | count"#), [])
        XCTAssertEqual(try notes(#"wards where name = "Bordesley Gren""#), [#"No name is exactly "Bordesley Gren"; close values: "Bordesley Green"."#])
    }

    // MARK: fields known for few rows

    func testAFieldKnownForFewRowsSaysHowFew() throws {
        // Only Birmingham's wards have a population (the census file); every ward of the ward files.
        let known = Oracle.int("census_wards"), wards = Oracle.int("distinct_ward_codes")
        XCTAssertEqual(known, 69)
        let sorted = "population is known for \(known) of \(Self.number(wards)) wards; the others are sorted last and shown empty."
        XCTAssertEqual(try notes("wards | sort population desc | top 5"), [sorted])   // counted before the top
        XCTAssertEqual(try notes("wards | sort population desc"), [sorted])           // counted as the rows stream
        XCTAssertEqual(try notes("wards | sort population | show name, population | top 3"),
                       ["population is known for \(known) of \(Self.number(wards)) wards; the others are sorted first and shown empty."])
        XCTAssertEqual(try notes("wards | total population"),
                       ["population is known for \(known) of \(Self.number(wards)) wards; the others are left out of the total."])
        XCTAssertEqual(try notes("wards where population > 20000 | count"),
                       ["population is known for \(known) of \(Self.number(wards)) wards; the others are left out by the comparison."])
        // Every ward of Birmingham has one: no note.
        XCTAssertEqual(Oracle.int("birmingham_wards"), known)
        XCTAssertEqual(try notes(#"wards in council "Birmingham" | sort population desc"#), [])
        XCTAssertEqual(try notes(#"wards in council "Birmingham" | total population"#), [])
        // Not used: no note.
        XCTAssertEqual(try notes("wards | show name, code | top 3"), [])
    }

    // MARK: bodies told apart

    func testACountOfOfficesAtSeveralBodiesSaysHowManyAtEach() throws {
        let birmingham = Oracle.int("birmingham_councillors"), sutton = Oracle.int("sutton_councillors")
        XCTAssertEqual([birmingham, sutton], [89, 24])
        let note = "\(birmingham + sutton) councillors of 2 bodies: Birmingham \(birmingham), Sutton Coldfield Town Council \(sutton) (use `of council \"X\"` for one body's members)."
        let count = try notes(#"councillors in council "Birmingham" | count"#)
        XCTAssertTrue(count.contains(note), "\(count)")
        XCTAssertTrue(try notes(#"councillors in council "Birmingham" | count by party"#).contains(note))
        XCTAssertTrue(try notes(#"councillors | show name, party"#).contains(note))
        // One body, or a result that shows each row's body: no note.
        for q in [#"councillors of council "Birmingham" | count"#, #"councillors in council "Birmingham""#,
                  #"councillors in council "Birmingham" | count by institution"#] {
            XCTAssertFalse(try notes(q).contains { $0.contains(" bodies: ") }, q)
        }
        // Many bodies: the largest three, then how many more (by hand).
        let bodies = try sql("""
            SELECT i.name, count(*) AS n FROM roles r JOIN institutions i USING (institution_id) WHERE r.role = 'governor'
            GROUP BY i.name, i.kind ORDER BY n DESC, i.name LIMIT 3
            """)
        let many = try int("SELECT count(DISTINCT institution_id) FROM roles WHERE role = 'governor'")
        let total = try int("SELECT count(*) FROM roles WHERE role = 'governor'")
        let listed = bodies.map { "\($0[0].string ?? "") \($0[1].int ?? 0)" }.joined(separator: ", ")
        XCTAssertTrue(try notes("governors | count").contains { $0.hasPrefix("\(Self.number(total)) governors of \(many) bodies: \(listed) and \(many - 3) more (use `of ") },
                      listed)
    }

    // MARK: help and the prompt

    func testHelpShowsHowToAskForOneBodysMembers() throws {
        let help = try Civic.run(["query", "--help"])
        XCTAssertTrue(help.stdout.contains(#"of council "X""#), help.stdout)
    }

    func testNotesAppearAtThePrompt() throws {
        let home = try Civic.temporaryDirectory(self)
        let t = try REPLTests.Terminal(home: home, test: self)
        t.wait(for: "civic> ")
        try t.type(".help")
        try t.send("Enter")
        t.wait(for: #"of council "X""#)
        try t.type(#"councillors where party = "Labour""#)
        try t.send("Enter")
        t.wait(for: #"No party is exactly "Labour"; close values:"#)
        try t.type(#"councillors in council "Birmingham" | count"#)
        try t.send("Enter")
        t.wait(for: "councillors of 2 bodies")
    }
}
