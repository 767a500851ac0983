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

/// What an error echoes of the input is bounded, so a huge field or header line is never
/// copied whole into the error or printed.
final class LoadErrorEchoTests: XCTestCase {
    func testALongFoundValueKeepsItsStartAndSaysHowMuchIsLeftOut() {
        let huge = String(repeating: "x", count: 10_000_000)
        let e = LoadError(.badMoney, file: "pay.csv", line: 3, column: 3, expected: "an amount of money", found: "\"\(huge)\"")
        XCTAssertEqual(e.found, "\"" + String(repeating: "x", count: 80) + "… (9999920 more bytes)\"")
        XCTAssertLessThan(e.description.utf8.count, 200)
        XCTAssertEqual(e.description, "pay.csv:3:3: expected an amount of money, found \"\(String(repeating: "x", count: 80))… (9999920 more bytes)\"")
    }

    func testQuotesInsideAFoundValueDoNotLetItThrough() {
        let value = "say \"" + String(repeating: "y", count: 500) + "\" then more"
        let e = LoadError(.badMoney, file: "pay.csv", line: 3, column: 3, found: "\"\(value)\"")
        XCTAssertEqual(e.found, "\"say \"" + String(repeating: "y", count: 75) + "… (\(value.utf8.count - 80) more bytes)\"")
    }

    func testALongQuotedValueInTheProblemIsShortenedAndTheRestKept() {
        let code = String(repeating: "E", count: 1000)
        let e = LoadError(.unknownArea, file: "x.csv", line: 4, column: 4, "unknown area code \"\(code)\": no area with that code is loaded")
        XCTAssertEqual(e.message, "unknown area code \"\(String(repeating: "E", count: 80))… (920 more bytes)\": no area with that code is loaded")
    }

    func testEachPartIsBoundedWhateverItHolds() {
        // A header of a million short names: each name is short, the list is not.
        let names = (1...1_000_000).map { "\"c\($0)\"" }.joined(separator: ", ")
        let e = LoadError(.missingColumn, file: "x.csv", line: 1, column: 4, "missing column \"Amount\"; the header has: " + names)
        XCTAssertTrue(e.problem.hasPrefix("missing column \"Amount\"; the header has: \"c1\", \"c2\""))
        XCTAssertTrue(e.problem.hasSuffix(" more bytes)"), e.problem.suffix(40).description)
        XCTAssertLessThan(e.problem.unicodeScalars.count, LoadError.partLimit + 30)
        // Cut by scalars, not characters: one character of a million combining accents is cut too.
        let accents = "e" + String(repeating: "\u{301}", count: 1_000_000)
        let a = LoadError(.badDate, file: "x.csv", line: 2, column: 1, found: "\"\(accents)\"")
        XCTAssertLessThan(a.found!.utf8.count, 300)
    }

    func testShortTextIsLeftAlone() {
        let problem = "layout has an unknown key \"colums\" (did you mean \"columns\"?); Datasets/LAYOUTS.md lists them, and this message is long"
        XCTAssertEqual(LoadError(.layoutUnknownKey, file: "x.layout.json", line: 0, column: 0, problem).problem, problem)
        XCTAssertEqual(LoadError.bounded(String(repeating: "z", count: 80)), String(repeating: "z", count: 80))
    }
}
