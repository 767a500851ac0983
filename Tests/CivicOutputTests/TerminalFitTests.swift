@testable import CivicOutput
import CivicQuery
import CivicStorage
import XCTest

/// What a terminal shows: widths in display columns, tables fitted to the terminal's width,
/// and when the pager is called for.
final class TerminalFitTests: XCTestCase {
    func testDisplayWidthCountsColumnsNotCharacters() {
        XCTAssertEqual(DisplayWidth.of("Hodge Hill"), 10)
        XCTAssertEqual(DisplayWidth.of(""), 0)
        // East Asian wide and fullwidth: two columns each.
        XCTAssertEqual(DisplayWidth.of("東京"), 4)
        XCTAssertEqual(DisplayWidth.of("서울"), 4, "Hangul syllables")
        XCTAssertEqual(DisplayWidth.of("カタカナ"), 8)
        XCTAssertEqual(DisplayWidth.of("ＡＢＣ"), 6, "fullwidth forms")
        XCTAssertEqual(DisplayWidth.of("𠀀"), 2, "CJK extension B, beyond the BMP")
        XCTAssertEqual(DisplayWidth.of("ｶﾀｶﾅ"), 4, "halfwidth katakana stays narrow")
        // Combining marks take none: a decomposed é is one column, like the composed one.
        XCTAssertEqual(DisplayWidth.of("Cafe\u{301}"), 4)
        XCTAssertEqual(DisplayWidth.of("Café"), 4)
        XCTAssertEqual(DisplayWidth.of("a\u{20DD}"), 1, "an enclosing mark")
        XCTAssertEqual(DisplayWidth.of("\u{1100}\u{1161}\u{11A8}"), 2, "Hangul jamo: initial wide, medial and final none")
        // Emoji: two columns, however many scalars make one.
        XCTAssertEqual(DisplayWidth.of("😀"), 2)
        XCTAssertEqual(DisplayWidth.of("👍🏽"), 2, "a skin tone")
        XCTAssertEqual(DisplayWidth.of("👩‍💻"), 2, "a ZWJ sequence")
        XCTAssertEqual(DisplayWidth.of("👨‍👩‍👧‍👦"), 2, "a family of four joined")
        XCTAssertEqual(DisplayWidth.of("🇬🇧"), 2, "a flag")
        XCTAssertEqual(DisplayWidth.of("❤️"), 2, "text presentation made emoji by VS16")
        XCTAssertEqual(DisplayWidth.of("1️⃣"), 2, "a keycap")
        XCTAssertEqual(DisplayWidth.of("☺"), 1, "an emoji drawn as text by default")
        XCTAssertEqual(DisplayWidth.of("a\u{200D}b"), 2, "a zero-width joiner alone takes none")
        XCTAssertEqual(DisplayWidth.of("a\u{200B}b"), 2, "a zero-width space")
        XCTAssertEqual(DisplayWidth.of("£1,234.56"), 9)
        XCTAssertEqual(DisplayWidth.of("…"), 1)
    }

    func testTruncateCutsToDisplayColumnsWithAnEllipsis() {
        XCTAssertEqual(DisplayWidth.truncate("Bromford & Hodge Hill", to: 10), "Bromford …")
        XCTAssertEqual(DisplayWidth.truncate("short", to: 10), "short")
        // A wide character that would straddle the edge is left out whole.
        XCTAssertEqual(DisplayWidth.truncate("東京都庁舎", to: 6), "東京…")
        XCTAssertEqual(DisplayWidth.of(DisplayWidth.truncate("東京都庁舎", to: 6)), 5)
        XCTAssertEqual(DisplayWidth.truncate("Cafe\u{301} society", to: 6), "Cafe\u{301} …")
        XCTAssertEqual(DisplayWidth.truncate("👩‍💻👩‍💻👩‍💻", to: 5), "👩‍💻👩‍💻…")
    }

    let columns = [ColumnInfo(name: "date", type: .date), ColumnInfo(name: "supplier", type: .text),
                   ColumnInfo(name: "category", type: .text), ColumnInfo(name: "amount", type: .money),
                   ColumnInfo(name: "payments", type: .count)]
    let rows: [[Value]] = [
        [.text("2021-05-11"), .text("Department for Business, Energy and Industrial Strategy"),
         .text("Children's social care: Services for young people"), .integer(973_950_000), .integer(12)],
        [.text("2021-04-27"), .text("S4B Limited"), .text("TOTAL CENTRAL SERVICES"), .integer(442_879_864), .integer(1_234)],
        [.text("2021-06-14"), .text("東京海上日動火災保険株式会社ロンドン支店"), .null, .integer(-500), .integer(3)],
    ]

    func table(width: Int?, box: Bool = false) -> String {
        var out = ""
        var w = TableWriter(box: box, width: width) { out += $0 }
        w.begin(columns: columns)
        for r in rows { w.row(r, synthetic: false) }
        w.end(footer: Footer(rows: rows.count, syntheticRows: 0))
        return out
    }

    func tableLines(_ s: String) -> [String] {
        Array(s.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }.map(String.init))
    }

    func testATableFitsTheWidthItIsGivenCuttingTextOnly() {
        for width in [72, 80, 100] {
            for box in [false, true] {
                let out = table(width: width, box: box)
                for line in tableLines(out) {
                    XCTAssertLessThanOrEqual(DisplayWidth.of(line), width, "width \(width), box \(box):\n\(out)")
                }
                // Money, counts and dates are never cut.
                for whole in ["£9,739,500.00", "£4,428,798.64", "-£5.00", "1,234", "2021-05-11", "2021-06-14"] {
                    XCTAssertTrue(out.contains(whole), "\(whole) at width \(width):\n\(out)")
                }
                XCTAssertTrue(out.contains("…"), out)
                XCTAssertTrue(out.contains("S4B Limited"), "a short name is left whole:\n\(out)")
            }
        }
        // The widest text is cut first: at 80 columns the category keeps more than the minimum.
        let lines = tableLines(table(width: 80))
        XCTAssertTrue(lines[2].contains("Department for"), lines.joined(separator: "\n"))
        // Columns stay aligned: the last column is right-aligned, so every line is as wide.
        for box in [false, true] {
            let out = table(width: 80, box: box)
            XCTAssertEqual(Set(tableLines(out).map { DisplayWidth.of($0) }).count, 1, out)
        }
    }

    func testATableWithoutAWidthIsAsBefore() {
        let out = table(width: nil)
        XCTAssertTrue(out.contains("Department for Business, Energy and Industrial Strategy"))
        XCTAssertTrue(out.contains("Children's social care: Services for young people"))
        XCTAssertFalse(out.contains("…"))
        // Padding counts display columns: the wide name pads to the same column as the others.
        let lines = tableLines(out)
        let categoryColumn = lines.map { line -> Int? in
            guard let r = line.range(of: "TOTAL CENTRAL") ?? line.range(of: "(none)") ?? line.range(of: "Children's") else { return nil }
            return DisplayWidth.of(String(line[..<r.lowerBound]))
        }.compactMap { $0 }
        XCTAssertEqual(Set(categoryColumn).count, 1, out)
    }

    func testATableTooWideEvenCutKeepsTheMinimum() {
        let out = table(width: 30)
        XCTAssertTrue(out.contains("£9,739,500.00"))
        let header = tableLines(out)[1]
        let dashes = header.split(separator: " ").map(\.count)
        XCTAssertEqual(dashes, [10, TableWriter.minimumCut, TableWriter.minimumCut, 13, 8], out)
    }

    func testFitCutsTheWidestFirst() {
        // 10 + 50 + 20 + 2 separators of 2 = 84 into 60: the 50 is cut to 26 and the 20 kept.
        XCTAssertEqual(TableWriter.fit([10, 50, 20], cuttable: [false, true, true], overhead: 4, available: 60), [10, 26, 20])
        // Into 40: both are cut to one cap.
        XCTAssertEqual(TableWriter.fit([10, 50, 20], cuttable: [false, true, true], overhead: 4, available: 40), [10, 13, 13])
        // Nothing to cut: as it was.
        XCTAssertEqual(TableWriter.fit([10, 50], cuttable: [false, false], overhead: 2, available: 40), [10, 50])
        XCTAssertEqual(TableWriter.fit([10, 20], cuttable: [false, true], overhead: 2, available: 80), [10, 20])
    }

    func testThePagerCommandFollowsTheEnvironment() {
        XCTAssertEqual(Pager.command(environment: ["CIVIC_PAGER": "most", "PAGER": "more"]), "most")
        XCTAssertEqual(Pager.command(environment: ["PAGER": "more -s"]), "more -s")
        XCTAssertNil(Pager.command(environment: ["PAGER": ""]), "PAGER= turns it off")
        XCTAssertNil(Pager.command(environment: ["CIVIC_PAGER": " ", "PAGER": "more"]), "CIVIC_PAGER= turns it off")
        XCTAssertNil(Pager.command(environment: ["PATH": "/nonexistent"]), "no less, no pager")
    }
}
