import CivicDiagnostics
@testable import CivicQuery
import XCTest

/// The hints for SQL and for names out of quotes: the closest civic query where one is obvious,
/// none where it is not, and no hint (nor crash) for what is neither.
final class HintsTests: XCTestCase {
    func suggestion(_ query: String) -> String? { Hints.check(query)?.suggestion }

    func testSimpleSelectsBecomeCivicQueries() {
        XCTAssertEqual(suggestion("SELECT * FROM payments"), "try: spending")
        XCTAssertEqual(suggestion("select * from budgets_view;"), "try: budgets")
        XCTAssertEqual(suggestion("SELECT name FROM institutions WHERE kind = 'school' AND name ~ 'Hill'"),
                       "try: institutions where kind = 'school' and name ~ 'Hill' | show name")
        XCTAssertEqual(suggestion("SELECT * FROM payments ORDER BY amount DESC LIMIT 10"), "try: spending | sort amount desc | top 10")
        XCTAssertEqual(suggestion("SELECT COUNT(*) FROM councillors"), "try: councillors | count")
    }

    func testNoObviousQueryGivesNoTranslation() {
        for q in ["SELECT * FROM payments p JOIN suppliers s ON s.id = p.sid", "SELECT * FROM nowhere", "SELECT a.b FROM payments",
                  "SELECT * FROM payments WHERE", "SELECT * FROM payments ORDER BY", "SELECT * FROM payments LIMIT x", "select * from",
                  "SELECT * FROM payments LIMIT 0"] {
            let d = Hints.check(q)
            XCTAssertEqual(d?.id, .notSQL, q)
            XCTAssertFalse(d?.suggestion?.hasPrefix("try:") ?? true, q)
        }
    }

    func testNamesOutOfQuotes() {
        XCTAssertEqual(suggestion("councillors in ward Aston"), #"try: councillors in ward "Aston""#)
        XCTAssertEqual(suggestion("wards in council area Birmingham | count"), #"try: wards in council area "Birmingham" | count"#)
        XCTAssertEqual(suggestion(#"spending in council Bradford during 2019"#), #"try: spending in council "Bradford" during 2019"#)
    }

    func testNothingToSay() {
        for q in [#"councillors in ward "Aston""#, "councillors in ward", "select", "councillors | count by ward", #"spending in county council "X""#,
                  #"institutions named "in ward Aston""#, "", "   ", "\"", "in ward \u{1F600}", "SELECT"] {
            XCTAssertNil(Hints.check(q), q)
        }
    }
}
