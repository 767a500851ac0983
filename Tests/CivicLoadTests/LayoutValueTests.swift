import CivicDiagnostics
@testable import CivicLoad
import Foundation
import XCTest

/// A layout's values are held to what they mean when the layout is read, before any row: a
/// number out of range or a date not in the calendar is an error naming the layout and the key.
final class LayoutValueTests: XCTestCase {
    /// Reads a payments layout with `extra` merged in (and `source` keys merged into its source).
    func read(_ extra: [String: Any] = [:], source: [String: Any] = [:]) throws -> Layout {
        var s: [String: Any] = ["title": "t", "publisher": "p", "licence": "l"]
        s.merge(source) { _, b in b }
        var object: [String: Any] = ["file": "x.csv", "kind": "payments", "source": s,
                                     "constants": ["payer": "ons:E08000025"],
                                     "columns": ["date": "Date", "supplier": "Supplier", "amount": "Amount"]]
        object.merge(extra) { _, b in b }
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("civic-layout-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.layout.json").path
        try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        return try Layout.read(path: path)
    }

    /// The error reading such a layout gives: layoutInvalid, naming the layout file.
    func refusal(_ extra: [String: Any] = [:], source: [String: Any] = [:],
                 file: StaticString = #filePath, line: UInt = #line) -> String {
        do {
            _ = try read(extra, source: source)
            XCTFail("the layout was accepted", file: file, line: line)
        } catch let e as LoadError {
            XCTAssertEqual(e.id, .layoutInvalid, e.description, file: file, line: line)
            XCTAssertTrue(e.file.hasSuffix("x.layout.json"), e.file, file: file, line: line)
            XCTAssertEqual(e.line, 0, file: file, line: line)
            return e.message
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
        return ""
    }

    func testAHeaderLineBelowOneIsRefused() throws {
        XCTAssertEqual(refusal(["header_line": 0]), #"layout key "header_line" is 0: expected 1 or more (the first line of the file is line 1)"#)
        XCTAssertTrue(refusal(["header_line": -5]).hasPrefix(#"layout key "header_line" is -5: expected 1 or more"#))
        XCTAssertEqual(try read(["header_line": 1]).headerLine, 1)
        XCTAssertEqual(try read(["header_line": 3]).headerLine, 3)
    }

    func testDatesOfTheSourceMustBeInTheCalendar() throws {
        XCTAssertEqual(refusal(source: ["period_start": "2019-02-30"]),
                       #"layout key "source.period_start" is "2019-02-30", a day that is not in the calendar: expected a date as YYYY-MM-DD, like 2019-04-01"#)
        XCTAssertEqual(refusal(source: ["period_end": "x"]), #"layout key "source.period_end" is "x": expected a date as YYYY-MM-DD, like 2019-04-01"#)
        XCTAssertTrue(refusal(source: ["retrieved": "2019-13-01"]).hasPrefix(#"layout key "source.retrieved" is "2019-13-01", a day"#))
        // Another form of a real date is refused too: the period is stored and compared as written.
        XCTAssertTrue(refusal(source: ["period_start": "01/04/2019"]).hasPrefix(#"layout key "source.period_start" is "01/04/2019":"#))
        XCTAssertTrue(refusal(source: ["period_start": "2019-4-1"]).hasPrefix(#"layout key "source.period_start" is "2019-4-1":"#))
        XCTAssertTrue(refusal(source: ["period_end": "2019-02-29"]).contains("not in the calendar"))
        let leap = try read(source: ["period_start": "2020-02-29", "period_end": "2020-02-29", "retrieved": "2024-09-26"])
        XCTAssertEqual(leap.source.periodStart, "2020-02-29")
    }

    func testAPeriodMustNotEndBeforeItStarts() throws {
        XCTAssertEqual(refusal(source: ["period_start": "2019-12-31", "period_end": "2019-01-01"]),
                       #"layout key "source.period_end" is 2019-01-01, before "source.period_start" (2019-12-31): expected a period that ends on or after the day it starts"#)
        XCTAssertNotNil(try read(source: ["period_start": "2019-12-31", "period_end": "2019-12-31"]))
    }

    func testTheDateExampleMustBeADateTheLoaderReads() throws {
        XCTAssertTrue(refusal(["date_example": "2012/06/25"]).hasPrefix(#"layout key "date_example" is "2012/06/25": expected a date in the calendar"#))
        XCTAssertTrue(refusal(["date_example": "31/02/2019"]).hasPrefix(#"layout key "date_example" is "31/02/2019""#))
        XCTAssertEqual(try read(["date_example": "20110701"]).dateExample, "20110701")
    }

    func testATrimNamesFieldsTheLayoutDeclaresOrSaysAll() throws {
        XCTAssertEqual(try read(["trim": true]).trim, .all)
        XCTAssertEqual(try read(["trim": false]).trim, .fields([]))
        XCTAssertEqual(try read(["trim": ["supplier", "payer"]]).trim, .fields(["supplier", "payer"]))
        XCTAssertNil(try read().trim, "no trim unless declared")
        // A field the layout never declares would be trimmed nowhere, without a word.
        XCTAssertEqual(refusal(["trim": ["suplier"]]),
                       #"layout key "trim" names the field "suplier", which the layout does not declare (did you mean "supplier"?): expected fields the layout declares in "columns", "constants", "compose", "rules" or an extract's "into""#)
        // Fields from compose, rules and extracts count as declared.
        XCTAssertNotNil(try read(["trim": ["who", "why", "part"], "compose": ["who": "{supplier}"],
                                  "rules": [["field": "why", "when": ["field": "supplier", "equals": "x"], "value": "y"]],
                                  "extracts": [["name": "n", "field": "supplier", "pattern": "(.*)", "into": ["part"]]]]))
        XCTAssertThrowsError(try read(["trim": "supplier"]), "a single name is not a list")
    }

    func testAFinancialYearIsAYear() throws {
        let outturn: [String: Any] = ["kind": "outturn", "value_columns": ["pattern": "^([0-9]+)", "codes": [190]],
                                      "columns": ["name": "Name", "kind": "Kind"], "constants": ["scheme": "ons"]]
        var bad = outturn
        bad["financial_year"] = 17
        XCTAssertEqual(refusal(bad), #"layout key "financial_year" is 17: expected the year it starts, such as 2017 for 2017/18"#)
        var good = outturn
        good["financial_year"] = 2017
        XCTAssertEqual(try read(good).financialYear, 2017)
    }
}
