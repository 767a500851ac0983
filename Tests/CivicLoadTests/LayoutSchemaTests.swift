@testable import CivicLoad
import Foundation
import XCTest

/// A layout's keys are declared once, in `Layout.CodingKeys`, with the kinds of file each belongs
/// to and the kinds that need it. Datasets/LAYOUTS.md must say the same, and the key check must
/// hold every layout to it.
final class LayoutSchemaTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The Keys table of LAYOUTS.md: key → (kinds or nil for every kind, required).
    func documentedKeys() throws -> [String: (kinds: Set<String>?, required: Bool)] {
        let text = try String(contentsOf: Self.root.appendingPathComponent("Datasets/LAYOUTS.md"), encoding: .utf8)
        guard let start = text.range(of: "## Keys\n") else { XCTFail("LAYOUTS.md has no Keys section"); return [:] }
        var out: [String: (Set<String>?, Bool)] = [:]
        for line in text[start.upperBound...].split(separator: "\n") {
            guard line.hasPrefix("| `") else { if line.hasPrefix("## ") { break }; continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let keys = cells[1].components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
            var forCell = cells[2]
            let required = forCell.hasSuffix("(required)")
            if required { forCell = String(forCell.dropLast("(required)".count)).trimmingCharacters(in: .whitespaces) }
            let kinds: Set<String>? = forCell == "every kind" ? nil
                : Set(forCell.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
            for k in keys { out[k] = (kinds, required) }
        }
        return out
    }

    func testLayoutsMdDescribesExactlyTheDeclaredKeys() throws {
        let documented = try documentedKeys()
        let declared = Layout.CodingKeys.allCases
        XCTAssertEqual(Set(documented.keys), Set(declared.map(\.stringValue)), "LAYOUTS.md's Keys table and Layout.CodingKeys")
        for key in declared {
            guard let doc = documented[key.stringValue] else { continue }
            XCTAssertEqual(doc.kinds, key.kinds.map { Set($0.map(\.rawValue)) }, "the kinds of \(key.stringValue)")
            let requiredFor = Layout.Kind.allCases.filter { key.isRequired(for: $0) }
            XCTAssertEqual(doc.required, !requiredFor.isEmpty, "whether \(key.stringValue) is required")
            if !requiredFor.isEmpty, let kinds = key.kinds {
                XCTAssertEqual(Set(requiredFor), Set(kinds), "\(key.stringValue) is required for exactly the kinds it is for")
            }
        }
    }

    func testEveryKeyIsReadByTheDecoder() throws {
        // A layout with every key gives every key's value back: no declared key is ignored.
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("civic-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("all.layout.json").path
        // The kind-specific keys are checked per kind; this layout is decoded directly.
        let json = """
            {"file": "x.csv", "kind": "outturn", "source": {"title": "t", "publisher": "p", "licence": "l"},
             "columns": {"name": "n"}, "encoding": "utf-8", "header": true, "header_line": 2, "max_field_bytes": 4096,
             "footer": {"first_field": "Total"}, "constants": {"scheme": "s"}, "maps": {"kind": {"a": "b"}},
             "rules": [], "repairs": [], "extracts": [], "compose": {"name": "{n}"}, "filter": [], "missing": ["NA"], "trim": ["name"],
             "date_example": "2021-04-01", "order": 3, "declare": [], "levels": [], "links": [], "scale": 3, "max_amount": 5000000000000,
             "value_columns": {"pattern": "^(\\\\d+)", "codes": [1]}, "budget_kind": "budget", "financial_year": 2017,
             "code_from": ["n"], "code_alternatives": [], "parent_create": {"scheme": "s", "kind": "k"},
             "area_unknown": "ignore", "redaction_markers": ["x"], "date_kind": "invoice", "comment": "c",
             "join": {"address": {"fields": ["n"], "separator": "; "}}, "fields": {"x": {"type": "count", "about": "a"}}}
            """
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as! [String: Any]
        XCTAssertEqual(Set(object.keys), Set(Layout.CodingKeys.allCases.map(\.stringValue)), "the test layout has every key")
        try json.write(toFile: path, atomically: true, encoding: .utf8)
        let l = try JSONDecoder().decode(Layout.self, from: Data(json.utf8))
        XCTAssertEqual(l.headerLine, 2); XCTAssertEqual(l.maxFieldBytes, 4096); XCTAssertEqual(l.order, 3); XCTAssertEqual(l.scale, 3); XCTAssertEqual(l.maxAmount, 5_000_000_000_000)
        XCTAssertEqual(l.budgetKind, "budget"); XCTAssertEqual(l.financialYear, 2017); XCTAssertEqual(l.codeFrom ?? [], ["n"])
        XCTAssertEqual(l.areaUnknown, "ignore"); XCTAssertEqual(l.redactionMarkers ?? [], ["x"]); XCTAssertEqual(l.dateKind, "invoice")
        XCTAssertEqual(l.join?["address"]?.fields, ["n"]); XCTAssertEqual(l.join?["address"]?.separator, "; ")
        XCTAssertEqual(l.fields?["x"]?.type, "count"); XCTAssertEqual(l.fields?["x"]?.about, "a")
        XCTAssertEqual(l.comment, "c"); XCTAssertEqual(l.dateExample, "2021-04-01"); XCTAssertEqual(l.missing ?? [], ["NA"]); XCTAssertEqual(l.trim, .fields(["name"]))
        XCTAssertNotNil(l.footer); XCTAssertNotNil(l.parentCreate); XCTAssertNotNil(l.valueColumns); XCTAssertNotNil(l.levels)
        XCTAssertNotNil(l.links); XCTAssertNotNil(l.declare); XCTAssertNotNil(l.codeAlternatives); XCTAssertNotNil(l.compose)
        XCTAssertNotNil(l.rules); XCTAssertNotNil(l.repairs); XCTAssertNotNil(l.extracts); XCTAssertNotNil(l.filter)
        XCTAssertNotNil(l.maps); XCTAssertNotNil(l.constants); XCTAssertNotNil(l.encoding); XCTAssertNotNil(l.header)
        // The same layout through the key check: keys of other kinds (levels, links, redaction
        // markers, date_kind) are refused for an outturn file, the first of them named.
        XCTAssertThrowsError(try Layout.read(path: path)) { error in
            XCTAssertTrue((error as? LoadError)?.message.contains("is for areas files, not outturn") ?? false, "\(error)")
        }
    }

    func testEveryBundledLayoutFitsItsKind() throws {
        let dir = Self.root.appendingPathComponent("Datasets").path
        let files = try Loader.layouts(for: [dir], includeSynthetic: true)
        XCTAssertGreaterThan(files.count, 20)
        for f in files {
            let data = try Data(contentsOf: URL(fileURLWithPath: f.layoutPath))
            let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
            for key in Layout.CodingKeys.allCases {
                if key.isRequired(for: f.layout.kind) {
                    XCTAssertNotNil(object[key.stringValue], "\(f.layoutPath) lacks \(key.stringValue)")
                }
                if object[key.stringValue] != nil, let kinds = key.kinds {
                    XCTAssertTrue(kinds.contains(f.layout.kind), "\(f.layoutPath): \(key.stringValue) is not for \(f.layout.kind)")
                }
            }
        }
    }
}
