@testable import CivicQuery
import CivicDiagnostics
import XCTest

final class LexerTests: XCTestCase {
    func kinds(_ s: String) throws -> [Token.Kind] { try Lexer.tokens(s).map(\.kind) }

    func testMoney() throws {
        let cases: [(String, Int64)] = [("£20k", 2_000_000), ("£1.5m", 150_000_000), ("£2bn", 200_000_000_000),
                                        ("£1,234.50", 123_450), ("£500", 50_000), ("-£100k", -10_000_000), ("£0.5k", 50_000)]
        for (text, pence) in cases {
            let t = try Lexer.tokens(text)
            XCTAssertEqual(t.first?.kind, .money, text)
            XCTAssertEqual(t.first?.pence, pence, text)
            XCTAssertEqual(t.first?.span, Diagnostic.Span(0, text.utf8.count), text)
        }
        for bad in ["£1,23", "£1.2.3", "£5q", "£", "£1.234"] {
            XCTAssertThrowsError(try Lexer.tokens(bad), bad)
        }
    }

    func testDatesMonthsYearsRangesAndFinancialYears() throws {
        XCTAssertEqual(try kinds("2024-03-31 2012-06 2023 2023-04..2023-09 fy 2023/24"),
                       [.date, .month, .number, .month, .dotDot, .month, .word, .fiscalYear, .end])
        XCTAssertThrowsError(try Lexer.tokens("2023-02-30"))
        XCTAssertThrowsError(try Lexer.tokens("2023-13"))
    }

    func testStringsInBothQuoteStylesWordsAndComments() throws {
        let t = try Lexer.tokens("children's centres named 'O''Brien' -- a comment\n  \"say \"\"hi\"\"\"")
        XCTAssertEqual(t.map(\.kind), [.word, .word, .word, .string, .string, .end])
        XCTAssertEqual(t[0].text, "children's")
        XCTAssertEqual(t[3].text, "O'Brien")
        XCTAssertEqual(t[4].text, "say \"hi\"")
    }

    func testOperatorsAndSpans() throws {
        let t = try Lexer.tokens("a<=b != c ~ d <> e >= f | (g, h)")
        XCTAssertEqual(t.map(\.kind), [.word, .lessEqual, .word, .notEqual, .word, .tilde, .word, .notEqual, .word, .greaterEqual,
                                       .word, .pipe, .leftParen, .word, .comma, .word, .rightParen, .end])
        XCTAssertEqual(t[1].span, Diagnostic.Span(1, 3))
    }

    func testSeveralBadTokensAreAllReported() {
        XCTAssertThrowsError(try Lexer.tokens("spending # over £5q")) { error in
            XCTAssertEqual((error as? Diagnostics)?.items.map(\.id), [.unexpectedCharacter, .badMoney])
        }
    }

    func testNoInputHangsOrCrashes() {
        // Arbitrary bytes through the lexer and parser: each either parses or throws a diagnostic.
        var rng = SystemRandomNumberGenerator()
        let alphabet = Array("abc \"'£1,.-|()<>=!~k\n;#é2019fy/")
        for _ in 0..<2000 {
            let n = Int.random(in: 0..<30, using: &rng)
            let s = String((0..<n).map { _ in alphabet.randomElement(using: &rng)! })
            do { _ = try Parser.parse(s) } catch is Diagnostic {} catch is Diagnostics {} catch {
                XCTFail("unexpected error \(error) for \(s.debugDescription)")
            }
        }
    }
}
