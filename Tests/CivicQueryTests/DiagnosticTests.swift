import CivicDiagnostics
@testable import CivicQuery
import CivicStorage
import Foundation
import XCTest

/// Bad queries: each case marks the fault's position with 1️⃣ inside the query. The test checks
/// that the error's caret starts exactly there, that the message says what it should, that no
/// SQL leaks into it, and compares the full rendering with Diagnostics/expected.txt.
final class DiagnosticTests: XCTestCase {
    struct Case {
        var query: String       // with the 1️⃣ marker
        var id: String          // the diagnostic's stable id
        var contains: String    // a phrase the rendering must contain (message, expected or help)
    }

    static let cases: [Case] = [
        Case(query: #"1️⃣councilors in ward "Hodge Hill""#, id: "unknownSubject", contains: #"did you mean "councillors""#),
        Case(query: #"1️⃣institution in ward "Bromford & Hodge Hill""#, id: "unknownSubject", contains: #"a subject is plural: did you mean "institutions"?"#),
        Case(query: #"1️⃣in ward "Aston""#, id: "expectedSubject", contains: "expected what to list"),
        Case(query: #"wards in council "Birmingham" | show name, 1️⃣popluation"#, id: "unknownField", contains: #"did you mean "population"?"#),
        Case(query: #"spending | sort 1️⃣amout desc"#, id: "unknownField", contains: #"did you mean "amount"?"#),
        Case(query: #"spending 1️⃣bye council "Bradford""#, id: "unexpectedToken", contains: #"did you mean "by"?"#),
        Case(query: #"spending by council "Bradford" | 1️⃣srot amount"#, id: "unknownStage", contains: #"did you mean "sort"?"#),
        Case(query: #"institutions in 1️⃣"Hodge Hill""#, id: "ambiguousName", contains: "could be ward Bromford & Hodge Hill (E05011131, in Birmingham)"),
        Case(query: #"institutions in 1️⃣"Hodge Hill""#, id: "ambiguousName", contains: "could be constituency Birmingham, Hodge Hill (E14000563)"),
        Case(query: #"wards in council 1️⃣"Birmingam""#, id: "unknownName", contains: #"did you mean "Birmingham"?"#),
        Case(query: #"spending by council 1️⃣"Nowhereshire""#, id: "unknownName", contains: #"no council is named "Nowhereshire""#),
        Case(query: #"spending on 1️⃣"youth servces""#, id: "unknownName", contains: #"did you mean "youth services"?"#),
        Case(query: #"spending by council "Bradford" over 1️⃣£1.2.3"#, id: "badMoney", contains: "is not an amount of money"),
        Case(query: #"spending over 1️⃣£5q"#, id: "badMoney", contains: #"unknown money suffix "q""#),
        Case(query: #"spending over 1️⃣500"#, id: "moneyNeedsPound", contains: "write £500"),
        Case(query: #"spending during 1️⃣2023-13-01"#, id: "badDate", contains: "2023-13-01 is not a date"),
        Case(query: #"spending during 1️⃣2023-02-30"#, id: "badDate", contains: "2023-02-30 is not a date"),
        Case(query: #"spending during fy 1️⃣2023/25"#, id: "badFinancialYear", contains: "did you mean fy 2023/24?"),
        Case(query: #"spending during 1️⃣2023/24"#, id: "fyNeedsKeyword", contains: "write fy 2023/24"),
        Case(query: #"spending during fy 1️⃣2023"#, id: "expectedFinancialYear", contains: "a financial year like 2023/24"),
        Case(query: #"spending during 1️⃣2023-09..2023-04"#, id: "backwardsRange", contains: "ends (2023-04-30) before it starts (2023-09-01)"),
        Case(query: #"spending where amount > 1️⃣"abc""#, id: "typeMismatch", contains: #"cannot compare amount (money) with the text "abc""#),
        Case(query: #"people where roles >= 1️⃣£5"#, id: "typeMismatch", contains: "cannot compare roles (a count) with the money £5"),
        Case(query: #"spending where supplier > 1️⃣£5"#, id: "typeMismatch", contains: "cannot compare supplier (text) with the money £5"),
        Case(query: #"spending where amount ~ 1️⃣£5"#, id: "containsNeedsText", contains: "works on text, but amount is money"),
        Case(query: #"spending where date = 1️⃣"yesterday""#, id: "typeMismatch", contains: "like date >= 2023-04-01"),
        Case(query: #"councillors where votes > 1️⃣2.5"#, id: "notWhole", contains: "compare it with a whole number"),
        Case(query: #"spending named1️⃣"#, id: "expectedString", contains: "found the end of the query"),
        Case(query: #"councillors in ward 1️⃣"#, id: "expectedString", contains: "expected a name in quotes after ward"),
        Case(query: #"spending by council "Bradford" |1️⃣"#, id: "expectedStage", contains: #"expected a stage after "|""#),
        Case(query: #"institutions named 1️⃣"academy"#, id: "unclosedString", contains: "this string is never closed"),
        Case(query: #"spending | top1️⃣"#, id: "topNeedsNumber", contains: "a whole number of rows"),
        Case(query: #"spending | top 1️⃣ten"#, id: "topNeedsNumber", contains: #"found "ten""#),
        Case(query: #"spending | top 1️⃣0"#, id: "topNeedsNumber", contains: "(1 or more)"),
        Case(query: #"wards 1️⃣of council "Birmingham""#, id: "phraseNotForSubject", contains: #""of" does not apply to areas"#),
        Case(query: #"spending | total 1️⃣payer"#, id: "aggregateNeedsNumber", contains: "payer is text"),
        Case(query: #"spending | count by payer | sort 1️⃣amount"#, id: "unknownColumn", contains: "expected one of: count, payer"),
        Case(query: #"people 1️⃣over £5"#, id: "noMoneyField", contains: "people have no amount of money to compare"),
        Case(query: #"spending by 1️⃣ward "Aston""#, id: "unknownInstitutionKind", contains: #"ward is an area: use in ward "Aston""#),
        Case(query: #"councillors of 1️⃣wards in council "Birmingham""#, id: "nestedNotInstitutions", contains: #""wards" are not institutions"#),
        Case(query: #"spending in 1️⃣town "Bradford""#, id: "unknownAreaKind", contains: #"unknown kind of area "town""#),
        Case(query: #"spending where (amount > £5 1️⃣"#, id: "unclosedParen", contains: #"expected ")" to close the "(""#),
        Case(query: #"spending where amount 1️⃣£5"#, id: "expectedComparison", contains: "=, !=, <, <=, >, >=, ~ (contains) or in (…)"),
        Case(query: #"spending 1️⃣; drop table payments"#, id: "unexpectedSemicolon", contains: #"a query does not end with ";""#),
        Case(query: #"spending where amount > £5 and1️⃣"#, id: "expectedValue", contains: "expected a field or a value"),
        Case(query: #"spending by council "Bradford" 1️⃣)"#, id: "unbalancedParen", contains: #"this ")" closes nothing"#),
        Case(query: #"spending where payer in 1️⃣"Bradford""#, id: "expected", contains: #"expected "(" to start a list of values"#),
        Case(query: #"spending 1️⃣# comment"#, id: "unexpectedCharacter", contains: ##"unexpected character "#"##),
        Case(query: #"institutions | show name | 1️⃣chart"#, id: "chartNeedsNumber", contains: "no column holds a number or money"),
        Case(query: #"spending where 1️⃣"a" = "b""#, id: "noField", contains: "this comparison has no field"),
        Case(query: "spending by council \"Bradford\"\n  during 2019\n  | sort 1️⃣amont desc", id: "unknownField", contains: "3 |   | sort amont desc"),
        Case(query: #"councillors in ward 1️⃣"Aston""#, id: "ambiguousName", contains: #"say which: in ward "Aston" in council "#),
        Case(query: #"suppliers named 1️⃣"=""#, id: "namedNeedsWords", contains: #""=" has no letters or digits to look for"#),
        Case(query: #"institutions named 1️⃣"""#, id: "namedNeedsWords", contains: "an empty name has no letters or digits"),
        Case(query: #"councillors in ward 1️⃣"Hodge Hil""#, id: "unknownName", contains: #"did you mean "Bromford & Hodge Hill"?"#),
        Case(query: #"spending by council 1️⃣"Manchster""#, id: "unknownName", contains: #"did you mean "Manchester"?"#),
        Case(query: #"spending during 1️⃣2019-13"#, id: "badDate", contains: "= expected a month like 2012-06"),
        Case(query: #"spending during 1️⃣2019-1"#, id: "dateOrMonth", contains: "= expected a date like 2024-03-31 or a month like 2012-06"),
        Case(query: #"people | count by 1️⃣month"#, id: "timeUnitNeedsDate", contains: "help: time units group the dates of institutions (opened), roles (start), candidates (election) and spending (date)"),
        Case(query: #"budgets | total amount by 1️⃣fy"#, id: "timeUnitNeedsDate", contains: "help: budgets have a field year: group by year"),
        Case(query: #"spending | total amount by month of 1️⃣supplier"#, id: "timeUnitNeedsDate", contains: #""month of" needs a date, but supplier is text"#),
        Case(query: #"spending | count by supplier | count by 1️⃣month"#, id: "timeUnitNeedsDate", contains: "no date is left after the last stage"),
        Case(query: #"spending | count by 1️⃣supplier of date"#, id: "ofNeedsTimeUnit", contains: "write by supplier, month of date"),
        Case(query: #"spending | count by 1️⃣mnth"#, id: "unknownField", contains: #"did you mean "month"?"#),
        Case(query: #"councillors | count by year of start, 1️⃣year of end"#, id: "timeUnitTwice", contains: #"two columns named "year""#),
        Case(query: #"1️⃣SELECT * FROM payments"#, id: "notSQL", contains: "civic is not SQL"),
        Case(query: #"1️⃣SELECT * FROM payments"#, id: "notSQL", contains: "help: try: spending"),
        Case(query: #"1️⃣select name, kind FROM institutions WHERE kind = "school" LIMIT 5"#, id: "notSQL",
             contains: #"help: try: institutions where kind = "school" | show name, kind | top 5"#),
        Case(query: #"1️⃣SELECT count(*) FROM payments_view WHERE payer = 'Bradford'"#, id: "notSQL",
             contains: "help: try: spending where payer = 'Bradford' | count"),
        Case(query: #"1️⃣DELETE FROM payments"#, id: "notSQL", contains: #"civic is not SQL: it only reads, and "DELETE" starts an SQL statement"#),
        Case(query: #"councillors in ward 1️⃣Aston"#, id: "nameNeedsQuotes", contains: #"put the name in quotes: ward "Aston""#),
        Case(query: #"councillors in ward 1️⃣Bromford & Hodge Hill | count"#, id: "nameNeedsQuotes",
             contains: #"help: try: councillors in ward "Bromford & Hodge Hill" | count"#),
        Case(query: #"spending in council 1️⃣Bradford during 2019"#, id: "nameNeedsQuotes", contains: #"put the name in quotes: council "Bradford""#),
        Case(query: #"wards | show name, 1️⃣name per head"#, id: "perHeadNeedsMoney", contains: "per head divides money, but name is text"),
        Case(query: #"wards | sort 1️⃣population per head desc"#, id: "perHeadNeedsMoney", contains: "help: try one of: spent per head, budget per head"),
        Case(query: #"spending by council "Bradford" | show 1️⃣amount per head"#, id: "perHeadNeedsPopulation",
             contains: "a payment has no population to divide amount by"),
        Case(query: #"suppliers where 1️⃣paid per head > £1"#, id: "perHeadNeedsPopulation", contains: #"try wards in council "Birmingham" | show name, spent per head"#),
        Case(query: #"wards | show 1️⃣spnt per head"#, id: "unknownField", contains: #"did you mean "spent per head"?"#),
        Case(query: #"wards | show spent per 1️⃣budget"#, id: "expected", contains: #"expected "head" after "per""#),
    ]

    static let marker = "1️⃣"

    /// The query without its marker, and the marker's byte offset.
    static func split(_ marked: String) -> (String, Int) {
        let r = marked.range(of: marker)!
        let offset = marked[..<r.lowerBound].utf8.count
        return (marked.replacingCharacters(in: r, with: ""), offset)
    }

    func diagnose(_ query: String, _ db: Database) -> [Diagnostic] {
        do {
            _ = try QueryEngine(connection: db).prepare(query)
            return []
        } catch let d as Diagnostic {
            return [d]
        } catch let ds as Diagnostics {
            return ds.items
        } catch {
            return [Diagnostic.bug("\(error)")]
        }
    }

    func testEnoughCases() { XCTAssertGreaterThanOrEqual(Self.cases.count, 40) }

    func testEveryCaseIsReportedAtItsMarker() throws {
        let db = try TestDatabase.open()
        var rendered: [String] = []
        for c in Self.cases {
            let (query, offset) = Self.split(c.query)
            let ds = diagnose(query, db)
            guard let d = ds.first else { XCTFail("no error for: \(query)"); continue }
            XCTAssertEqual(d.id.rawValue, c.id, query)
            XCTAssertEqual(d.span?.start, offset, "caret position for: \(query)")
            let text = DiagnosticRenderer.render(ds, source: query)
            XCTAssertTrue(text.contains(c.contains), "\(query)\n---\n\(text.split(separator: "\n").joined(separator: " ⏎ "))\n--- should contain: \(c.contains)")
            XCTAssertFalse(text.contains("expected expected"), "the renderer says \"expected\" itself: \(text)")
            // SQL the user typed is echoed back to them, not leaked.
            for sqlWord in ["SELECT", "FROM ", "WHERE ", "sqlite", "institution_id", "amount_pence"] where c.id != "notSQL" {
                XCTAssertFalse(text.contains(sqlWord), "SQL leaked into the error for \(query): \(text)")
            }
            rendered.append("### " + c.query + "\n" + text + "\n")
        }
        Golden.check(rendered.joined(separator: "\n"), against: Paths.tests.appendingPathComponent("Diagnostics/expected.txt"))
    }

    func testCaretIsDrawnUnderTheSpan() {
        let d = Diagnostic(id: .unknownSubject, message: "unknown subject \"councilors\"", span: .init(0, 10), expected: "a subject",
                           suggestion: "did you mean \"councillors\"?")
        XCTAssertEqual(DiagnosticRenderer.render(d, source: "councilors in ward \"Hodge Hill\""), """
            error: unknown subject "councilors"
              |
            1 | councilors in ward "Hodge Hill"
              | ^^^^^^^^^^
              = expected a subject
              = help: did you mean "councillors"?
            """)
    }
}
