import Foundation
import XCTest

/// The figures of `civic profile … --format json` (docs/PROFILE.md), compared block by block
/// with the same figures made from the raw files by an independent reader,
/// Tests/Oracle/profile_figures.py: Python's csv module and Decimal, written from
/// Datasets/PROVENANCE.md alone, never reading civic's layouts, code or database. Blocks are
/// found by their `id`; rows are objects keyed by column name; money is a number of pounds with
/// two decimals, compared here in pence.
final class ProfileFiguresTests: XCTestCase {
    // MARK: the figures compared

    /// Each month's total is the raw file's payments summed by the month of their payment date
    /// as the file gives it (Manchester's Invoice Payment Date, Bradford's Payment date), and
    /// the months add up to the whole file.
    func testSpendingByMonthIsTheRawFileSummedByPaymentMonth() throws {
        for (council, output) in [("Manchester", Profiles.manchester), ("Bradford", Profiles.bradford)] {
            let doc = try ProfileDocument(output)
            let raw = ProfileOracle.council(council)
            let expected = (raw["by_month"] as? [[Any]] ?? []).map { (month: $0[0] as? String ?? "", pence: int($0[1])) }
            XCTAssertEqual(expected.count, 12, "\(council): twelve months in the raw file")
            let rows = try doc.rows("spending_by_month")
            XCTAssertEqual(rows.map { $0["month"] as? String ?? "" }, expected.map(\.month), "\(council): every month, oldest first")
            XCTAssertEqual(rows.map { pence($0["total"]) }, expected.map(\.pence), "\(council): each month to the penny")
            XCTAssertEqual(rows.map { pence($0["total"]) }.reduce(0, +), int(raw["pence"]), "\(council): the months add up to the file")
        }
    }

    /// The ten suppliers paid most. The raw reader cannot know civic's exact rule for one
    /// supplier's spellings, so it marks the payees whose spelling is unambiguous under a loose
    /// key (case, punctuation, "Limited"/"Ltd" ignored): those must show the raw file's payments
    /// and total, and those the raw totals place in (or out of) the ten under any rule from exact
    /// text to the loose key must be in (or out of) it. Redacted payees are no supplier.
    func testTopSuppliersAreTheLargestPayeesOfTheRawFile() throws {
        for (council, output) in [("Manchester", Profiles.manchester), ("Bradford", Profiles.bradford)] {
            let doc = try ProfileDocument(output)
            let raw = ProfileOracle.council(council)
            let groups = raw["suppliers"] as? [[String: Any]] ?? []
            XCTAssertFalse(groups.isEmpty, "the oracle ran")
            let rows = try doc.rows("top_suppliers")
            XCTAssertEqual(rows.count, 10, council)
            let paid = rows.map { pence($0["paid"]) }
            XCTAssertEqual(paid, paid.sorted(by: >), "\(council): largest first")
            let shown = rows.map { $0["name"] as? String ?? "" }
            var checked = 0
            for row in rows {
                let name = row["name"] as? String ?? ""
                XCTAssertFalse(["Redacted Personal Information", "REDACTED PERSONAL DATA"].contains(name), "\(council): a redacted payee is not a supplier")
                guard let g = groups.first(where: { strings($0["aliases"]).contains(name) }) else {
                    XCTFail("\(council): \(name) is not among the raw file's 30 largest payees")
                    continue
                }
                guard flag(g["unambiguous"]) else { continue }
                checked += 1
                XCTAssertEqual(int(row["payments"]), int(g["payments"]), "\(council): payments to \(name)")
                XCTAssertEqual(pence(row["paid"]), int(g["pence"]), "\(council): paid to \(name), to the penny")
            }
            XCTAssertGreaterThanOrEqual(checked, 8, "\(council): most of the ten are checked against the raw file")
            for g in groups {
                let aliases = Set(strings(g["aliases"]))
                let isShown = shown.contains { aliases.contains($0) }
                if flag(g["must_be_in_top"]) { XCTAssertTrue(isShown, "\(council): \(strings(g["spellings"])) is among the ten largest in the raw file") }
                if flag(g["cannot_be_in_top"]) { XCTAssertFalse(isShown, "\(council): \(strings(g["spellings"])) is not among the ten largest in the raw file") }
            }
        }
    }

    /// The council's own spent and payments are the raw file's total and rows; its budget is
    /// its outturn row's service lines; the categories add up to the same total, and every
    /// category named is a line of the MHCLG taxonomy (civic's mapping onto the lines is its
    /// editorial choice, so only the sum is compared).
    func testMoneySummaryAndCategoriesAddUpToTheRawFile() throws {
        let descriptions = Set(strings(ProfileOracle.facts["line_descriptions"]))
        XCTAssertEqual(descriptions.count, 208)
        for (council, output) in [("Manchester", Profiles.manchester), ("Bradford", Profiles.bradford)] {
            let doc = try ProfileDocument(output)
            let raw = ProfileOracle.council(council)
            let outturn = ProfileOracle.outturn(council)
            let summary = try doc.rows("money_summary")
            XCTAssertEqual(summary.count, 1)
            XCTAssertEqual(summary.first?["name"] as? String, council)
            XCTAssertEqual(pence(summary.first?["spent"]), int(raw["pence"]), "\(council): spent is the raw file's total")
            XCTAssertEqual(int(summary.first?["payments"]), int(raw["rows"]), "\(council): payments are the raw file's rows")
            XCTAssertEqual(pence(summary.first?["budget"]), int(outturn["budget"]), "\(council): budget is its outturn lines 190…698")
            let number = try doc.number("money_summary")
            for (label, expected) in [("spent", int(raw["pence"])), ("budget", int(outturn["budget"]))] {
                let f = try XCTUnwrap(doc.fact(label), "\(council): the \(label) fact")
                XCTAssertEqual(pence(f["value"]), expected, "\(council): the \(label) fact")
                XCTAssertEqual(int(f["query"]), number, "\(council): the \(label) fact is read from money_summary")
            }
            XCTAssertEqual(int(doc.fact("payments")?["value"]), int(raw["rows"]), "\(council): the payments fact")

            let categories = try doc.rows("spending_by_category")
            XCTAssertEqual(categories.map { pence($0["total"]) }.reduce(0, +), int(raw["pence"]), "\(council): the categories add up to the raw file")
            for c in categories.compactMap({ $0["category"] as? String }) {
                XCTAssertTrue(descriptions.contains(c), "\(council): \(c) is a line of the RS taxonomy")
            }
        }
    }

    /// Manchester's budget by service is its row of the RS outturn (E08000003), line by line,
    /// £ thousands made pounds; the lines add up to its budget.
    func testManchesterBudgetByServiceIsItsOutturnRow() throws {
        let doc = try ProfileDocument(Profiles.manchester)
        let outturn = ProfileOracle.outturn("Manchester")
        let lines = (outturn["lines"] as? [[Any]] ?? []).map { "\($0[1] as? String ?? "?") = \(int($0[2]))" }
        XCTAssertEqual(lines.count, 13, "service lines 190 to 698")
        let rows = try doc.rows("budget_by_service")
        XCTAssertEqual(rows.map { "\($0["category"] as? String ?? "?") = \(pence($0["total"]))" }.sorted(), lines.sorted())
        for r in rows {
            XCTAssertEqual(r["year"] as? String, "2017/18")
            XCTAssertEqual(r["basis"] as? String, "outturn")
        }
        XCTAssertEqual(rows.map { pence($0["total"]) }.reduce(0, +), int(outturn["budget"]))
        XCTAssertEqual(pence(doc.fact("budget")?["value"]), int(outturn["budget"]))
    }

    /// The councils ranked by budget are the outturn file's authorities that are councils (class
    /// other than O, "other": police, fire, parks, waste, the GLA) with a budget above nothing,
    /// each with the sum of its service lines; the council's place among them is the fact's.
    func testRankAmongCouncilsByBudget() throws {
        let expected = (ProfileOracle.outturn["councils_with_budget"] as? [[Any]] ?? []).map { "\($0[0] as? String ?? "?") = \(int($0[1]))" }
        XCTAssertEqual(expected.count, 350)
        for (council, output) in [("Manchester", Profiles.manchester), ("Bradford", Profiles.bradford)] {
            let doc = try ProfileDocument(output)
            let outturn = ProfileOracle.outturn(council)
            let block = try doc.block("rank_budget")
            let rows = try doc.rows("rank_budget")
            XCTAssertEqual(rows.map { "\($0["name"] as? String ?? "?") = \(pence($0["budget"]))" }.sorted(), expected.sorted(), "\(council): every council's budget")
            let budgets = rows.map { pence($0["budget"]) }
            XCTAssertEqual(budgets, budgets.sorted(by: >), "largest first")
            let me = Int(int(block["subject_row"]))
            XCTAssertTrue(rows.indices.contains(me), "\(council): the subject's row is marked")
            if rows.indices.contains(me) { XCTAssertEqual(rows[me]["name"] as? String, council) }
            let fact = try XCTUnwrap(doc.fact("rank by budget"))
            XCTAssertEqual(fact["value"] as? String,
                           "\(Self.ordinal(int(outturn["rank_among_councils"]))) of \(int(outturn["councils"])) councils with a budget loaded")
            XCTAssertEqual(int(fact["query"]), int(block["number"]))
        }
        // Ranked among every row of the file instead, the Greater London Authority would come first.
        XCTAssertEqual(int(ProfileOracle.outturn("Manchester")["rank_among_all_rows"]), 16)
        XCTAssertEqual(int(ProfileOracle.outturn("Manchester")["rank_among_councils"]), 15)
    }

    /// A ward's population is column 4 of the Census 2021 file for its code.
    func testWardPopulationIsTheCensusColumn() throws {
        let doc = try ProfileDocument(Profiles.ward)
        let expected = int(ProfileOracle.population["E05011131"])
        XCTAssertEqual(expected, 22_383)
        let place = try doc.rows("place")
        XCTAssertEqual(place.first?["code"] as? String, "E05011131")
        try Self.requireColumn("population", in: doc.block("place"))
        XCTAssertEqual(int(place.first?["population"]), expected)
        XCTAssertEqual(int(doc.fact("population")?["value"]), expected)
    }

    /// Birmingham's council area has no population of its own in the bundled files: it has its
    /// 69 wards' total, 1,144,876, and its budget per head divides its outturn by that.
    func testBirminghamPopulationIsItsWardsTotal() throws {
        let doc = try ProfileDocument(Profiles.birmingham)
        let population = ProfileOracle.population
        XCTAssertEqual(int(population["wards"]), 69)
        XCTAssertEqual(int(population["birmingham"]), 1_144_876)
        try Self.requireColumn("population", in: doc.block("place"))
        XCTAssertEqual(int(try doc.rows("place").first?["population"]), int(population["birmingham"]))
        XCTAssertEqual(int(doc.fact("population")?["value"]), int(population["birmingham"]))
        try Self.requireColumn("budget per head", in: doc.block("money_summary"))
        let summary = try doc.rows("money_summary")
        let outturn = ProfileOracle.outturn("Birmingham")
        XCTAssertEqual(pence(summary.first?["budget"]), int(outturn["budget"]))
        XCTAssertEqual(pence(summary.first?["budget per head"]), int(outturn["budget_per_head"]), "budget ÷ 1,144,876, to the penny")
        // The per-head column the profile adds to its budget lines: each line ÷ the same population.
        let block = try doc.block("budget_by_service")
        let perHead = try XCTUnwrap(block["per_head"] as? [String: Any], "budget lines get a per-head column")
        XCTAssertEqual(int(perHead["population"]), int(population["birmingham"]))
        XCTAssertEqual(int(perHead["population_query"]), try doc.number("place"))
        let lines = (outturn["lines_per_head"] as? [[Any]] ?? []).map { "\($0[1] as? String ?? "?") = \(int($0[2])), \(int($0[3])) per head" }
        XCTAssertEqual(lines.count, 13)
        let rows = try doc.rows("budget_by_service").map { "\($0["category"] as? String ?? "?") = \(pence($0["total"])), \(pence($0["total per head"])) per head" }
        XCTAssertEqual(rows.sorted(), lines.sorted())
    }

    /// The ward's spent is what the bodies placed in it paid: in the bundled data only the demo
    /// layer's institutions (synthetic, and the row says so), summed from demo_payments.csv by
    /// the raw reader; per head is that ÷ the Census population, to the penny.
    func testWardSpentPerHead() throws {
        let doc = try ProfileDocument(Profiles.ward)
        let money = ProfileOracle.facts["ward_money"] as? [String: Any] ?? [:]
        try Self.requireColumn("spent per head", in: doc.block("money_summary"))
        let row = try XCTUnwrap(try doc.rows("money_summary").first)
        XCTAssertEqual(row["demo"] as? String, "mixed", "the figure draws on the demo layer and says so")
        XCTAssertEqual(int(row["population"]), int(money["population"]))
        XCTAssertEqual(pence(row["spent"]), int(money["spent"]), "spent: the demo payments of the ward's institutions")
        XCTAssertEqual(pence(row["spent per head"]), int(money["spent_per_head"]), "spent ÷ population, to the penny")
        // And from the block's own figures: its spent ÷ its population, half up.
        let own = (Decimal(pence(row["spent"])) / Decimal(int(row["population"])))
        var rounded = Decimal(), value = own
        NSDecimalRound(&rounded, &value, 0, .plain)
        XCTAssertEqual(Decimal(pence(row["spent per head"])), rounded, "the block's spent ÷ its population")
        XCTAssertEqual(pence(doc.fact("spent per head")?["value"]), int(money["spent_per_head"]))
    }

    /// The ward's councillors are the rows of the elected councillors file for its code; its
    /// candidates are the Democracy Club file's, names as published, elected worked out from
    /// the councillors file.
    func testWardCouncillorsAndCandidatesAreTheRawRows() throws {
        let doc = try ProfileDocument(Profiles.ward)
        let councillors = ProfileOracle.facts["ward_councillors"] as? [[String: Any]] ?? []
        XCTAssertEqual(councillors.count, 2)
        let key = { (r: [String: Any], columns: [String]) in columns.map { (r[$0] as? String) ?? "∅" }.joined(separator: " | ") }
        let councillorColumns = ["name", "party", "ward", "start"]
        let rows = try doc.rows("councillors")
        XCTAssertEqual(rows.map { key($0, councillorColumns) }.sorted(), councillors.map { key($0, councillorColumns) }.sorted())
        for r in rows { XCTAssertTrue(r["end"] is NSNull, "in office") }

        let candidates = ProfileOracle.facts["ward_candidates"] as? [[String: Any]] ?? []
        XCTAssertEqual(candidates.count, 12)
        let candidateColumns = ["name", "party", "ward", "election", "elected"]
        let shown = try doc.rows("candidates")
        XCTAssertEqual(int(try doc.block("candidates")["row_count"]), Int64(candidates.count))
        XCTAssertEqual(shown.map { key($0, candidateColumns) }.sorted(), candidates.map { key($0, candidateColumns) }.sorted())
        XCTAssertEqual(shown.filter { $0["elected"] as? String == "yes" }.count, councillors.count, "its councillors are the candidates elected")
    }

    /// A constituency's wards are the ONS ward-to-constituency lookup's rows for its code, each
    /// with its council and Census population.
    func testConstituencyWardsAreTheLookupsRows() throws {
        let doc = try ProfileDocument(Profiles.hodgeHill)
        XCTAssertEqual(doc.object["subject"].flatMap { ($0 as? [String: Any])?["code"] as? String }, "E14000563")
        let expected = ProfileOracle.facts["hodge_hill_wards"] as? [[String: Any]] ?? []
        XCTAssertEqual(expected.count, 9)
        let key = { (r: [String: Any]) in "\(r["name"] as? String ?? "?") | \(r["code"] as? String ?? "?") | \(r["council"] as? String ?? "?") | \(self.int(r["population"]))" }
        XCTAssertEqual(try doc.rows("wards").map(key), expected.map(key), "sorted by name")
    }

    // MARK: the document's shape, and every figure a query

    static let blockKeys = ["number", "id", "title", "query", "sql", "parameters", "columns", "rows", "row_count", "notes", "sources"]

    /// The JSON as docs/PROFILE.md documents it: every block's fields, numbered in order, every
    /// row in full and keyed by the block's columns, every fact and per-head figure naming an
    /// existing block, and money as pounds with two decimals.
    func testTheDocumentedShape() throws {
        for output in [Profiles.manchester, Profiles.ward] {
            let doc = try ProfileDocument(output)
            for key in ["subject", "sections", "synthetic_rows", "notes", "sources"] { XCTAssertNotNil(doc.object[key], key) }
            let subject = try XCTUnwrap(doc.object["subject"] as? [String: Any])
            for key in ["kind", "asked", "title", "code"] { XCTAssertNotNil(subject[key], "subject.\(key)") }
            for s in doc.sections {
                for key in ["id", "title", "facts", "queries"] { XCTAssertNotNil(s[key], "section \(key)") }
            }
            let numbers = doc.blocks.map { int($0["number"]) }
            XCTAssertEqual(numbers, Array(1...Int64(doc.blocks.count)), "numbered in the page's order")
            XCTAssertEqual(Set(doc.blocks.compactMap { $0["id"] as? String }).count, doc.blocks.count, "ids are unique in a profile")
            var moneyColumns: [String: Bool] = [:]
            for b in doc.blocks {
                let id = b["id"] as? String ?? "?"
                for key in Self.blockKeys { XCTAssertNotNil(b[key], "\(id).\(key)") }
                let rows = b["rows"] as? [[String: Any]] ?? []
                XCTAssertEqual(int(b["row_count"]), Int64(rows.count), "\(id): the JSON holds every row")
                let columns = (b["columns"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                for c in b["columns"] as? [[String: Any]] ?? [] {
                    let name = c["name"] as? String ?? ""
                    moneyColumns[name] = (moneyColumns[name] ?? true) && (c["type"] as? String == "money")
                }
                for r in rows { XCTAssertEqual(Set(r.keys).subtracting(["demo"]), Set(columns), "\(id): a row is keyed by the columns") }
                if let ph = b["per_head"] as? [String: Any] {
                    XCTAssertTrue(numbers.contains(int(ph["population_query"])), "\(id): per head names a block")
                    XCTAssertTrue(columns.contains("\(ph["column"] as? String ?? "") per head"), "\(id): per head adds a column")
                }
            }
            for f in doc.facts {
                XCTAssertTrue(numbers.contains(int(f["query"])), "the fact \(f["label"] ?? "?") names an existing block")
            }
            // Money: a JSON number of pounds with two decimals, or null.
            var seen = 0
            for (name, isMoney) in moneyColumns where isMoney {
                let pattern = try NSRegularExpression(pattern: "\"" + NSRegularExpression.escapedPattern(for: name) + "\": ([^,}]*)")
                for m in pattern.matches(in: doc.text, range: NSRange(doc.text.startIndex..., in: doc.text)) {
                    let value = String(doc.text[Range(m.range(at: 1), in: doc.text)!])
                    XCTAssertTrue(value == "null" || value.range(of: #"^-?[0-9]+\.[0-9]{2}$"#, options: .regularExpression) != nil, "\(name): \(value)")
                    seen += 1
                }
            }
            XCTAssertGreaterThan(seen, 10, "money values were found to check")
        }
    }

    /// Every figure is a query: a block's `query`, run again with `civic query --format json`,
    /// gives the block's rows (less the per-head column a profile adds).
    func testEveryFigureIsAQuery() throws {
        let cases: [(Civic.Result, [String])] = [
            (Profiles.manchester, ["money_summary", "spending_by_month", "top_suppliers", "rank_budget"]),
            (Profiles.ward, ["place", "councillors", "money_summary", "neighbours"]),
        ]
        for (output, ids) in cases {
            let doc = try ProfileDocument(output)
            for id in ids {
                let block = try doc.block(id)
                let query = try XCTUnwrap(block["query"] as? String)
                let r = try Civic.run(["query", "--db", BundledDatabase.built.path, "--format", "json", query])
                XCTAssertEqual(r.status, 0, r.stderr)
                let answer = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
                let columns = (answer["columns"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }.filter { $0 != "demo" }
                var mine = (block["columns"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
                if let ph = block["per_head"] as? [String: Any] { mine.removeAll { $0 == "\(ph["column"] as? String ?? "") per head" } }
                XCTAssertEqual(mine, columns, "\(id): the query's columns")
                let given = try doc.rows(id).map { Self.canonical($0, columns) }
                let again = (answer["rows"] as? [[String: Any]] ?? []).map { Self.canonical($0, columns) }
                XCTAssertEqual(given, again, "\(id): `\(query)` gives the block's rows")
            }
        }
    }

    // MARK: helpers

    /// A row as text: its `columns` and its demo flag, keys sorted.
    static func canonical(_ row: [String: Any], _ columns: [String]) -> String {
        var kept: [String: Any] = [:]
        for c in columns { kept[c] = row[c] ?? NSNull() }
        if let demo = row["demo"], !(demo is NSNull) { kept["demo"] = demo }
        let data = (try? JSONSerialization.data(withJSONObject: kept, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    struct MissingColumn: Error, CustomStringConvertible { var description: String }

    /// A column the figures are read from: a failure naming it when the block lacks it (per
    /// head and population are part of the profile now; a build without them is broken), rather
    /// than a pass that checked nothing.
    static func requireColumn(_ name: String, in block: [String: Any]) throws {
        let columns = (block["columns"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        if !columns.contains(name) {
            throw MissingColumn(description: "the \(block["id"] as? String ?? "?") block has no `\(name)` column")
        }
    }

    static func ordinal(_ n: Int64) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }

    /// A JSON number of pounds (two decimals) in pence; -1 when it is not a number.
    func pence(_ v: Any?) -> Int64 {
        guard let n = v as? NSNumber else { return -1 }
        return Int64((n.doubleValue * 100).rounded())
    }

    func int(_ v: Any?) -> Int64 { (v as? NSNumber)?.int64Value ?? -1 }
    func strings(_ v: Any?) -> [String] { v as? [String] ?? [] }
    func flag(_ v: Any?) -> Bool { (v as? Bool) ?? (v as? NSNumber)?.boolValue ?? false }
}

/// The profiles compared, each made once per test run from the bundled database.
enum Profiles {
    static func run(_ kind: String, _ name: String) -> Civic.Result {
        do {
            _ = BundledDatabase.built
            return try Civic.run(["profile", "--db", BundledDatabase.built.path, "--format", "json", kind, name])
        } catch {
            return Civic.Result(status: -1, stdout: "", stderr: "\(error)")
        }
    }

    static let manchester = run("council", "Manchester")
    static let bradford = run("council", "Bradford")
    static let birmingham = run("council", "Birmingham")
    static let ward = run("ward", "Bromford & Hodge Hill")
    static let hodgeHill = run("constituency", "Birmingham, Hodge Hill")
}

/// One profile's JSON document.
struct ProfileDocument {
    let text: String
    let object: [String: Any]

    init(_ output: Civic.Result, file: StaticString = #filePath, line: UInt = #line) throws {
        XCTAssertEqual(BundledDatabase.built.status, 0, BundledDatabase.built.stderr, file: file, line: line)
        XCTAssertEqual(output.status, 0, output.stderr, file: file, line: line)
        text = output.stdout
        object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any], file: file, line: line)
    }

    var sections: [[String: Any]] { object["sections"] as? [[String: Any]] ?? [] }
    var blocks: [[String: Any]] { sections.flatMap { $0["queries"] as? [[String: Any]] ?? [] } }
    var facts: [[String: Any]] { sections.flatMap { $0["facts"] as? [[String: Any]] ?? [] } }

    func block(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        try XCTUnwrap(blocks.first { $0["id"] as? String == id }, "no block \(id)", file: file, line: line)
    }

    func rows(_ id: String, file: StaticString = #filePath, line: UInt = #line) throws -> [[String: Any]] {
        try XCTUnwrap(try block(id, file: file, line: line)["rows"] as? [[String: Any]], file: file, line: line)
    }

    func number(_ id: String) throws -> Int64 { (try block(id)["number"] as? NSNumber)?.int64Value ?? -1 }

    func fact(_ label: String) -> [String: Any]? { facts.first { $0["label"] as? String == label } }
}

/// The raw reader's figures (Tests/Oracle/profile_figures.py); money in pence.
enum ProfileOracle {
    static let json: Data = Oracle.script("profile_figures.py")
    static var facts: [String: Any] { (try? JSONSerialization.jsonObject(with: json)) as? [String: Any] ?? [:] }
    static var population: [String: Any] { facts["population"] as? [String: Any] ?? [:] }
    static var outturn: [String: Any] { facts["outturn"] as? [String: Any] ?? [:] }

    static func council(_ name: String) -> [String: Any] {
        (facts["councils"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    static func outturn(_ name: String) -> [String: Any] { outturn[name] as? [String: Any] ?? [:] }
}
