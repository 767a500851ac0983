import CivicDiagnostics
@testable import CivicLoad
import XCTest

/// A load error is a diagnostic at a file location: its id, what is wrong and what was
/// expected and found are kept apart, and the renderer joins them into the one line civic has
/// always printed.
final class LoadErrorTests: XCTestCase {
    func testExpectedAndFoundAloneMakeTheMessage() {
        let e = LoadError(.badDate, file: "pay.csv", line: 4, column: 1, expected: "a date like 25/06/2012", found: #""2506/2012""#)
        XCTAssertEqual(e.description, #"pay.csv:4:1: expected a date like 25/06/2012, found "2506/2012""#)
        XCTAssertEqual(e.message, #"expected a date like 25/06/2012, found "2506/2012""#)
        let d = e.diagnostic
        XCTAssertEqual(d.id, .badDate)
        XCTAssertEqual(d.expected, "a date like 25/06/2012")
        XCTAssertEqual(d.found, #""2506/2012""#)
        XCTAssertEqual(d.location, Diagnostic.FileLocation(file: "pay.csv", line: 4, column: 1))
        XCTAssertEqual(DiagnosticRenderer.render(d), e.description)
    }

    func testTheProblemComesBeforeWhatWasExpected() {
        let e = LoadError(.unknownCategory, file: "pay.csv", line: 4, column: 4, #"unknown category code "999""#,
                          expected: "a line code of the taxonomy")
        XCTAssertEqual(e.description, #"pay.csv:4:4: unknown category code "999": expected a line code of the taxonomy"#)
    }

    func testAWholeFileErrorHasNoLineOrColumn() {
        XCTAssertEqual(LoadError(.emptyFile, file: "pay.csv", line: 0, column: 0, "the file is empty", expected: "data rows").description,
                       "pay.csv: the file is empty: expected data rows")
        XCTAssertEqual(LoadError(.noSuchFile, file: "x.csv", line: 0, column: 0, "no such file or directory").description,
                       "x.csv: no such file or directory")
    }

    func testAFailureListsItsErrorsThenCountsTheRest() {
        let errors = (1...LoadFailure.listed).map {
            LoadError(.badMoney, file: "pay.csv", line: $0 + 1, column: 3, expected: "an amount of money", found: #""x""#)
        }
        let text = LoadFailure(errors: errors, total: LoadFailure.listed + 3).description.split(separator: "\n").map(String.init)
        XCTAssertEqual(text.first, #"pay.csv:2:3: expected an amount of money, found "x""#)
        XCTAssertEqual(text.suffix(2), ["… and 3 more errors", "nothing was written: the database is unchanged"])
        XCTAssertEqual(LoadFailure(errors[0]).description,
                       "pay.csv:2:3: expected an amount of money, found \"x\"\nnothing was written: the database is unchanged")
    }
}
