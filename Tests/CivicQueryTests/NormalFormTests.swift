import CivicLoad
@testable import CivicQuery
import CivicStorage
import XCTest

/// Names are matched in one normal form on both sides: what the loader stored in name_norm and
/// what the checker makes of a typed name. Every name in the bundled database must agree, or a
/// query would miss a thing that is there.
final class NormalFormTests: XCTestCase {
    func testTheCheckerAndTheLoaderAgreeOnEveryName() throws {
        let db = try TestDatabase.open()
        for table in ["areas", "institutions", "people", "categories"] {
            let rows = try db.rows("SELECT name, name_norm FROM \(table)")
            XCTAssertGreaterThan(rows.count, 100, table)
            var disagreements: [String] = []
            for r in rows {
                let name = r[0].string ?? "", stored = r[1].string ?? ""
                if NameResolver.normalise(name) != stored { disagreements.append("\(name) → \(NameResolver.normalise(name)) ≠ \(stored)") }
                if Normalise.name(name) != stored { disagreements.append("loader: \(name)") }
            }
            XCTAssertEqual(Array(disagreements.prefix(5)), [], table)
        }
    }

    func testTheRulesThemselves() {
        for (typed, form) in [("Bromford & Hodge Hill", "bromford and hodge hill"), ("Children's Centres", "childrens centres"),
                              ("St. John's C.E. School", "st johns ce school"), ("Birmingham, Hodge Hill", "birmingham hodge hill"),
                              ("Ysgol Gymraeg Llundain – Pen-y-Bont", "ysgol gymraeg llundain pen y bont"), ("  A  B ", "a b")] {
            XCTAssertEqual(NameResolver.normalise(typed), form, typed)
            XCTAssertEqual(Normalise.name(typed), form, typed)
        }
    }
}
