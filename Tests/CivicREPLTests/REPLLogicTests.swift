import CivicLoad
@testable import CivicREPL
import CivicProfile
import CivicQuery
import CivicStorage
import Foundation
import XCTest

/// The REPL's own logic, without a terminal: when a query goes on to the next line, and what
/// Tab offers at each point of a query (the tmux tests in CivicEndToEndTests drive the real thing).
final class REPLLogicTests: XCTestCase {
    func testAQueryContinuesWhileAQuoteOrBracketIsOpenOrTheLineEndsInAPipe() {
        XCTAssertTrue(REPL.needsMore(#"councillors in ward "Bromford"#))
        XCTAssertTrue(REPL.needsMore("spending of (schools in ward \"Aston\""))
        XCTAssertTrue(REPL.needsMore("spending |"))
        XCTAssertTrue(REPL.needsMore("spending |   -- a comment after the pipe"))
        XCTAssertFalse(REPL.needsMore(#"councillors in ward "Bromford & Hodge Hill""#))
        XCTAssertFalse(REPL.needsMore("spending | count"))
        XCTAssertFalse(REPL.needsMore("youth centres in council 'Birmingham'"))
        XCTAssertFalse(REPL.needsMore("children's centres | count"), "an apostrophe inside a word opens no quote")
        XCTAssertFalse(REPL.needsMore("spending -- ends with | in a comment"))
        XCTAssertFalse(REPL.needsMore("spending |\n count"))
    }

    static let datasets = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Datasets").path

    /// The bundled data, loaded once for the class.
    static let path: String = {
        let path = NSTemporaryDirectory() + "civic-repl-tests-\(getpid()).sqlite"
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = try! Loader.layouts(for: [root.appendingPathComponent("Datasets").path], includeSynthetic: true)
        _ = try! Loader.load(files, into: path, rebuild: true)
        return path
    }()

    var db: Database!

    override func setUpWithError() throws { db = try Database(path: Self.path, readOnly: true) }

    func completion() throws -> Completion {
        Completion(engine: QueryEngine(connection: db))
    }

    func testSubjectsFirstThenPhrasesAndFields() throws {
        let c = try completion()
        XCTAssertTrue(c.candidates(before: "", inQuote: false).contains("councillors"))
        let afterSubject = c.candidates(before: "councillors ", inQuote: false)
        XCTAssertTrue(afterSubject.contains("in"))
        XCTAssertTrue(afterSubject.contains("|"))
        XCTAssertFalse(afterSubject.contains("party"), "a field cannot follow the subject")
        XCTAssertEqual(c.candidates(before: "councillors in ", inQuote: false), ["ward", "council", "constituency", "region", "county", "country"])
        XCTAssertEqual(c.candidates(before: "spending | ", inQuote: false), ["where", "show", "sort", "top", "total", "count", "average", "chart"])
    }

    /// `per` is offered after a money field that can be divided per head, `head` after `per`,
    /// and a field per head leaves the place a field leaves.
    func testPerHeadAfterAMoneyField() throws {
        let c = try completion()
        XCTAssertTrue(c.candidates(before: "wards | show name, spent ", inQuote: false).contains("per"))
        XCTAssertTrue(c.candidates(before: "councils | sort budget ", inQuote: false).contains("per"))
        XCTAssertTrue(c.candidates(before: "wards where spent ", inQuote: false).contains("per"))
        XCTAssertFalse(c.candidates(before: "wards | show name ", inQuote: false).contains("per"), "name is not money")
        XCTAssertFalse(c.candidates(before: "spending | show amount ", inQuote: false).contains("per"), "payments have no population")
        XCTAssertEqual(c.candidates(before: "wards | show spent per ", inQuote: false), ["head"])
        XCTAssertEqual(c.candidates(before: "wards | show spent per head ", inQuote: false), [",", "|"])
        XCTAssertEqual(c.candidates(before: "wards | sort spent per head ", inQuote: false), ["asc", "desc", ",", "|"])
        XCTAssertEqual(c.candidates(before: "wards where spent per head ", inQuote: false), ["=", "!=", "<", "<=", ">", ">=", "~", "in"])
        XCTAssertTrue(c.candidates(before: "wards | show spent per head, ", inQuote: false).contains("within"))
        XCTAssertTrue(c.candidates(before: "roles | show ", inQuote: false).contains("person_id"))
    }

    func testNamesInsideQuotesComeFromTheDatabase() throws {
        let c = try completion()
        let wards = c.candidates(before: #"councillors in ward ""#, inQuote: true)
        let expected = try db.rows("SELECT DISTINCT name FROM areas WHERE kind = 'ward' ORDER BY name").compactMap { $0[0].string }
        XCTAssertEqual(wards, expected)
        XCTAssertTrue(wards.contains("Bromford & Hodge Hill"))
        let categories = c.candidates(before: #"spending on ""#, inQuote: true)
        XCTAssertTrue(categories.contains("youth services"), "aliases")
        XCTAssertTrue(categories.contains("Children's social care: Services for young people"), "taxonomy names")
        let suppliers = c.candidates(before: #"suppliers named ""#, inQuote: true)
        let redacted = try db.rows("SELECT name FROM suppliers WHERE redacted = 1").compactMap { $0[0].string }
        XCTAssertFalse(redacted.isEmpty)
        XCTAssertTrue(Set(suppliers).isDisjoint(with: redacted), "redaction markers are not suppliers to offer")
        let schools = c.candidates(before: #"governors of school ""#, inQuote: true)
        XCTAssertTrue(schools.contains("Hodge Hill School"))
        // Academies are schools too: the first academy of the demo institutions file is offered,
        // once, in one sorted list.
        let csv = try String(contentsOfFile: Self.datasets + "/demo/demo_institutions.csv", encoding: .utf8)
        var academy = ""
        for line in csv.split(separator: "\n") {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            if cells.count > 2 && cells[2] == "academy" { academy = String(cells[1]); break }
        }
        XCTAssertFalse(academy.isEmpty)
        XCTAssertTrue(schools.contains(academy), academy)
        XCTAssertEqual(schools, Array(Set(schools)).sorted())
    }

    func testAfterAGroupOnlyItsColumnsAreOffered() throws {
        let c = try completion()
        let columns = c.candidates(before: "councillors | count by party | sort ", inQuote: false)
        XCTAssertTrue(columns.contains("party"))
        XCTAssertTrue(columns.contains("count"))
        XCTAssertFalse(columns.contains("ward"), "ward is gone after the count")
    }

    func testAGroupingOffersTimeUnitsAndTheDatesTheyGroup() throws {
        let c = try completion()
        let keys = c.candidates(before: "councillors | count by ", inQuote: false)
        XCTAssertTrue(keys.contains("party") && keys.contains("month") && keys.contains("fy"), "\(keys)")
        XCTAssertEqual(c.candidates(before: "councillors | count by year ", inQuote: false), ["of", ",", "|"])
        XCTAssertEqual(c.candidates(before: "councillors | count by party ", inQuote: false), [",", "|"])
        XCTAssertEqual(c.candidates(before: "councillors | count by year of ", inQuote: false), ["start", "end"])
        XCTAssertEqual(c.candidates(before: "institutions | total spent by quarter of ", inQuote: false), ["opened", "closed"])
        XCTAssertFalse(c.candidates(before: "budgets | total amount by ", inQuote: false).contains("fy"), "budgets have no date")
        XCTAssertFalse(c.candidates(before: "spending | sort ", inQuote: false).contains("month"), "only a grouping takes a time unit")
    }

    func testDotCommandsAndTheirArguments() throws {
        let c = try completion()
        XCTAssertTrue(c.candidates(before: ".", inQuote: false).contains(".explain"))
        XCTAssertEqual(c.candidates(before: ".format ", inQuote: false), ["table", "box", "csv", "tsv", "json", "jsonl", "markdown", "html", "xlsx"])
        XCTAssertTrue(c.candidates(before: ".explain councillors in ", inQuote: false).contains("ward"))
    }

    /// Tab offers only what the grammar allows where the cursor is.
    func testOnlyTheWordsValidAtTheCursor() throws {
        let c = try completion()
        let show = c.candidates(before: "councillors | show ", inQuote: false)
        XCTAssertTrue(show.contains("party") && show.contains("ward"), "\(show)")
        for w in ["and", "or", "asc", "desc", "by"] { XCTAssertFalse(show.contains(w), "show offers no \(w)") }
        XCTAssertEqual(c.candidates(before: "councillors | show name ", inQuote: false), [",", "|"])
        XCTAssertEqual(c.candidates(before: "spending | sort amount ", inQuote: false), ["asc", "desc", ",", "|"])
        XCTAssertEqual(c.candidates(before: "spending | sort amount desc ", inQuote: false), [",", "|"])
        let sortNext = c.candidates(before: "spending | sort amount desc, ", inQuote: false)
        XCTAssertTrue(sortNext.contains("supplier") && !sortNext.contains("asc"), "\(sortNext)")
        XCTAssertTrue(c.candidates(before: "spending | sort ", inQuote: false).contains("by"))
        XCTAssertEqual(c.candidates(before: "councillors where party ", inQuote: false), ["=", "!=", "<", "<=", ">", ">=", "~", "in"])
        XCTAssertEqual(c.candidates(before: "councillors | where party ", inQuote: false), ["=", "!=", "<", "<=", ">", ">=", "~", "in"])
        XCTAssertEqual(c.candidates(before: "councillors | where party = \"Labour\" ", inQuote: false), ["and", "or", "|"])
        let afterCondition = c.candidates(before: "councillors where party = \"Labour\" ", inQuote: false)
        XCTAssertTrue(["and", "or", "in", "during", "|"].allSatisfy(afterCondition.contains), "\(afterCondition)")
        XCTAssertTrue(c.candidates(before: "councillors where (party = 'x' ", inQuote: false).contains(")"))
        XCTAssertEqual(c.candidates(before: "spending | top 5 ", inQuote: false), ["|"])
        let total = c.candidates(before: "spending | total ", inQuote: false)
        XCTAssertTrue(total.contains("amount") && !total.contains("supplier"), "total takes a number: \(total)")
        XCTAssertEqual(c.candidates(before: "spending | total amount ", inQuote: false), ["by", "|"])
        XCTAssertEqual(c.candidates(before: "spending by council \"Bradford\" paid ", inQuote: false), ["by"])
        XCTAssertEqual(c.candidates(before: "spending during ", inQuote: false), ["fy"])
        XCTAssertEqual(c.candidates(before: "institutions spending ", inQuote: false), ["on"])
        XCTAssertEqual(c.candidates(before: "suppliers paid ", inQuote: false), ["by"])
        XCTAssertTrue(c.candidates(before: "suppliers paid by ", inQuote: false).contains("council"))
        XCTAssertTrue(c.candidates(before: "spending during 2023-04 ", inQuote: false).contains(".."))
        XCTAssertEqual(c.candidates(before: "spending over ", inQuote: false), [])
        XCTAssertEqual(c.candidates(before: "councillors in ward ", inQuote: false), [], "a name in quotes comes next")
        // A subject of several words, word by word.
        XCTAssertTrue(c.candidates(before: "youth ", inQuote: false).contains("centres"))
        // The fields of the nested query its phrases narrow; the stages read the outer one's.
        let nested = c.candidates(before: "governors of schools where ", inQuote: false)
        XCTAssertTrue(nested.contains("ofsted"), "\(nested)")
        let outer = c.candidates(before: "governors of schools where ofsted = 'Good' | show ", inQuote: false)
        XCTAssertFalse(outer.contains("ofsted"), "\(outer)")
        XCTAssertTrue(c.candidates(before: "spending of (schools in ward 'Aston' ", inQuote: false).contains(")"))
        XCTAssertTrue(c.candidates(before: "school \"Hodge Hill School\" | show ", inQuote: false).contains("spent"))
        XCTAssertEqual(c.candidates(before: ".timer ", inQuote: false), ["on", "off"])
    }

    /// What a Tab puts in place of the word typed never loses a character of it, when the
    /// names that match differ in case: readline's own common prefix would cut `Keigh` to `K`.
    func testCompletionKeepsWhatWasTyped() throws {
        let c = try completion()
        let suppliers = c.candidates(before: #"suppliers named ""#, inQuote: true)
        let matches = Completion.matching("Keigh", in: suppliers)
        XCTAssertTrue(matches.contains("Keighley Youth Co-op Ltd") && matches.contains(where: { $0.hasPrefix("KEIGHLEY") }), "\(matches)")
        XCTAssertEqual(Completion.replacement(typed: "Keigh", matches: matches), "Keighley ")
        XCTAssertEqual(Completion.replacement(typed: "KEIGH", matches: matches), "KEIGHLEY ")
        XCTAssertEqual(Completion.replacement(typed: "keigh", matches: ["KEIGHLEY A", "Keighley B"]), "keighLEY ",
                       "what was typed stays as typed")
        XCTAssertEqual(Completion.replacement(typed: "co", matches: ["count"]), "count", "a single match is put in whole")
        XCTAssertEqual(Completion.replacement(typed: "Ab", matches: ["ABC", "abd"]), "Ab")
    }

    /// `.profile`'s argument: kind words, then one name in either quote, doubled quotes inside.
    func testProfileSubjectParsing() {
        XCTAssertEqual(ProfileSubject(parsing: #"ward "Bromford & Hodge Hill""#), ProfileSubject(kind: .area("ward"), name: "Bromford & Hodge Hill"))
        XCTAssertEqual(ProfileSubject(parsing: #"council 'Manchester'"#), ProfileSubject(kind: .council, name: "Manchester"))
        XCTAssertEqual(ProfileSubject(parsing: #"police force area "West Midlands""#), ProfileSubject(kind: .area("police force area"), name: "West Midlands"))
        XCTAssertEqual(ProfileSubject(parsing: #"Youth  Centre "Bromford ""Youth"" Centre""#), ProfileSubject(kind: .institution("youth centre"), name: #"Bromford "Youth" Centre"#))
        XCTAssertEqual(ProfileSubject(parsing: ##"person "#111""##), ProfileSubject(kind: .person, name: "#111"))
        XCTAssertNil(ProfileSubject(parsing: "ward"))
        XCTAssertNil(ProfileSubject(parsing: #""Bromford""#), "no kind")
        XCTAssertNil(ProfileSubject(parsing: #"ward "Bromford"#), "an unclosed quote")
        XCTAssertNil(ProfileSubject(parsing: #"ward "Bromford" extra"#), "words after the name")
    }
}
