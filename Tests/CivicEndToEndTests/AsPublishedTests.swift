import CivicStorage
import Foundation
import XCTest

/// Issue 12: rows as their files publish them, one party per party, candidates, the fields a
/// publisher gives beyond the model, and institutions placed by a postcode lookup. Expected
/// figures come from the raw files, read by Python's csv module in the test, never from civic.
final class AsPublishedTests: XCTestCase {
    /// Runs a Python program with the bundled Datasets/ folder as its first argument, then
    /// `arguments`; returns what it prints, parsed as JSON.
    func python(_ program: String, _ arguments: [String] = []) throws -> Any {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", program, Civic.datasets.path] + arguments
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, String(decoding: errors, as: UTF8.self))
        return try JSONSerialization.jsonObject(with: data, options: .fragmentsAllowed)
    }

    func query(_ q: String, format: String = "csv", db: String = BundledDatabase.built.path) throws -> Civic.Result {
        XCTAssertEqual(BundledDatabase.built.status, 0, BundledDatabase.built.stderr)
        let r = try Civic.run(["query", "--db", db, "--format", format, q])
        XCTAssertEqual(r.status, 0, r.stderr)
        return r
    }

    /// The rows of a CSV result, header first (civic writes RFC 4180 CSV).
    func csv(_ text: String) throws -> [[String]] {
        try python("import csv, io, json, sys; print(json.dumps(list(csv.reader(io.StringIO(sys.argv[2])))))", [text]) as? [[String]] ?? []
    }

    // MARK: every payment's supplier as its file spells it

    func testEveryPaymentShowsItsSupplierAsItsFileSpellsIt() throws {
        let dir = try Civic.temporaryDirectory(self)
        let shown = dir.appendingPathComponent("suppliers.csv").path
        let r = try Civic.run(["query", "--db", BundledDatabase.built.path, "--format", "csv", "-o", shown,
                               "spending | show source, line, supplier"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Civic.packageRoot.appendingPathComponent("Tests/Oracle/suppliers_as_published.py").path,
                       Civic.datasets.path, shown]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let files = try XCTUnwrap(result["files"] as? [String: Int])
        let total = files.values.reduce(0, +)
        XCTAssertEqual(files.count, 5, "Manchester, Bradford, Lambeth, Sutton Coldfield and the demo layer")
        XCTAssertEqual(files["lambeth_payments_over_500_2012-06.csv"], 3_155)
        XCTAssertEqual(result["compared"] as? Int, total, "every raw payment has a row in civic's output")
        XCTAssertEqual(result["missing"] as? Int, 0)
        XCTAssertEqual(result["extra"] as? Int, 0)
        XCTAssertEqual(result["mismatch_count"] as? Int, 0, "\(result["mismatches"] ?? [])")
    }

    func testLambethLine227IsBarnardoAsLambethSpellsIt() throws {
        let r = try query(#"spending by council "Lambeth" where line = 227 | show line, supplier"#)
        XCTAssertEqual(try csv(r.stdout), [["line", "supplier"], ["227", "Barnardo Services Ltd"]])
        // by supplier still groups the spellings: Bradford's BARNARDO SERVICES LIMITED and
        // Lambeth's Barnardo Services Ltd are one supplier, as suppliers lists them.
        let grouped = try csv(try query(#"spending named "Barnardo Services" | count by supplier"#).stdout)
        let suppliers = try csv(try query(#"suppliers named "Barnardo Services" | show name, payments"#).stdout)
        XCTAssertEqual(grouped.count, suppliers.count, "one group per supplier")
        XCTAssertEqual(grouped.dropFirst().map { $0[1] }, suppliers.dropFirst().map { $0[1] }, "the same payments counted")
    }

    // MARK: parties

    func testCountByPartyHasOneRowPerPartyAndTheRawCounts() throws {
        let expected = try XCTUnwrap(try python(#"""
import csv, json, sys
from pathlib import Path
d = Path(sys.argv[1])
labels = {r["label"].lower(): (r["party_id"], r["party_name"]) for r in csv.DictReader(open(d / "party_labels.csv", newline=""))}
count, names = {}, {}
for r in csv.DictReader(open(d / "birmingham_councillors_elected_2026.csv", newline="")):
    count[r["party_ec_id"]] = count.get(r["party_ec_id"], 0) + 1
    names[r["party_ec_id"]] = r["party_name"]
# Sutton Coldfield's elected councillors: labels only, mapped by the declared table.
for r in csv.DictReader(open(d / "sutton_coldfield_town_council_election_results_2018.csv", newline="")):
    if r["Elected"] == "Yes":
        pid, name = labels[r["Party"].lower()]
        count[pid] = count.get(pid, 0) + 1
        names.setdefault(pid, name)
print(json.dumps({names[p]: n for p, n in count.items()}))
"""#) as? [String: Int])
        let rows = try csv(try query("councillors | count by party").stdout)
        XCTAssertEqual(rows.first, ["party", "count"])
        var got: [String: Int] = [:]
        for r in rows.dropFirst() { got[r[0]] = Int(r[1]) }
        XCTAssertEqual(rows.count - 1, expected.count, "one row per party id")
        XCTAssertEqual(got, expected)
        XCTAssertEqual(got["Conservative and Unionist Party"], expected["Conservative and Unionist Party"])
        XCTAssertNil(got["Conservative Party"], "Sutton Coldfield's label is grouped with its party")
        // The label as published stays a field of its own.
        let labels = try csv(try query(#"councillors of town council "Sutton Coldfield Town Council" | count by party_label, party_code"#).stdout)
        XCTAssertTrue(labels.contains(["Conservative Party", "PP52", String(expected.isEmpty ? 0 : try self.suttonConservatives())]), "\(labels)")
    }

    func suttonConservatives() throws -> Int {
        try python(#"""
import csv, json, sys
from pathlib import Path
rows = csv.DictReader(open(Path(sys.argv[1]) / "sutton_coldfield_town_council_election_results_2018.csv", newline=""))
print(json.dumps(sum(1 for r in rows if r["Elected"] == "Yes" and r["Party"] == "Conservative Party")))
"""#) as? Int ?? -1
    }

    // MARK: fields a publisher gives beyond the model

    func testTraffordOutstandingSchoolsEqualTheRawGIASCount() throws {
        let expected = try python(#"""
import csv, json, sys
from pathlib import Path
rows = csv.DictReader(open(Path(sys.argv[1]) / "trafford_schools_gias_2024-09.csv", newline=""))
# Schools are every type but colleges (GIAS's "Colleges" are further education, not schools).
print(json.dumps(sum(1 for r in rows if r["ofsted_rating"] == "Outstanding" and r["type"] != "Colleges")))
"""#) as? Int
        let result = try query(#"schools in council "Trafford" where ofsted = "Outstanding" | count"#)
        XCTAssertEqual(try csv(result.stdout), [["count"], [String(expected ?? -1)]])
        // A publisher's own field is empty for rows its file does not give it: the note says how many.
        let known = try XCTUnwrap(try python(#"""
import csv, json, sys
from pathlib import Path
rows = [r for r in csv.DictReader(open(Path(sys.argv[1]) / "trafford_schools_gias_2024-09.csv", newline="")) if r["type"] != "Colleges"]
print(json.dumps([sum(1 for r in rows if r["ofsted_rating"] != "NA"), len(rows)]))
"""#) as? [Int])
        XCTAssertTrue(result.stderr.contains("ofsted is known for \(known[0]) of \(known[1]) schools; the others are left out by the comparison."),
                      result.stderr)
        XCTAssertGreaterThan(expected ?? 0, 0)
        // A typed field: free-school-meals percentages compare as numbers.
        let fsm = try python(#"""
import csv, json, sys
from pathlib import Path
rows = csv.DictReader(open(Path(sys.argv[1]) / "trafford_schools_gias_2024-09.csv", newline=""))
print(json.dumps(sum(1 for r in rows if r["percent_fsm"] not in ("NA", "") and float(r["percent_fsm"]) > 30 and r["type"] != "Colleges")))
"""#) as? Int
        XCTAssertEqual(try csv(try query("schools where fsm > 30 | count").stdout), [["count"], [String(fsm ?? -1)]])
    }

    func testEveryFieldALayoutReadsIsAFieldAndListedBySchema() throws {
        let schema = try Civic.run(["schema", "--db", BundledDatabase.built.path])
        XCTAssertEqual(schema.status, 0, schema.stderr)
        for field in ["ofsted", "fsm", "activities", "supplier_ref", "repaired", "address", "party_label", "candidates"] {
            XCTAssertTrue(schema.stdout.contains(field), "civic schema lists \(field)")
        }
        // Payments' own columns: Bradford's supplier number, Lambeth's repaired rows (639).
        let repaired = try csv(try query(#"spending by council "Lambeth" where repaired = "yes" | count"#).stdout)
        XCTAssertEqual(repaired, [["count"], [String(Oracle.file("lambeth_payments_over_500_2012-06.csv", "fused_rows"))]])
        // The commonest supplier number in Bradford's raw file, and how many payments carry it;
        // charities whose registered activities mention scouts.
        let raw = try XCTUnwrap(try python(#"""
import csv, json, sys
from collections import Counter
from pathlib import Path
d = Path(sys.argv[1])
refs = Counter(r["Supplier Number"] for r in csv.DictReader(open(d / "bradford_spend_over_500_2019.csv", encoding="cp1252", newline="")) if r["Supplier Number"].strip())
ref, n = refs.most_common(1)[0]
scouts = sum(1 for r in csv.DictReader(open(d / "trafford_charities_register_2023-04.csv", newline="")) if "scout" in r["charity_activities"].lower())
print(json.dumps([ref.strip(), n, scouts]))
"""#) as? [Any])
        let ref = try XCTUnwrap(raw[0] as? String)
        let refs = try csv(try query(#"spending by council "Bradford" where supplier_ref = "\#(ref)" | count"#).stdout)
        XCTAssertEqual(refs.last, [String(raw[1] as? Int ?? -1)])
        let charity = try csv(try query(#"charities where activities ~ "scout" | count"#).stdout)
        XCTAssertEqual(charity.last, [String(raw[2] as? Int ?? -1)])
        XCTAssertGreaterThan(raw[2] as? Int ?? 0, 0)
    }

    // MARK: candidates

    func testCandidatesAreTheDemocracyClubListJoinedToTheWinners() throws {
        let expected = try XCTUnwrap(try python(#"""
import csv, json, sys
from pathlib import Path
d = Path(sys.argv[1])
cands = list(csv.DictReader(open(d / "birmingham_2026_candidates_democracyclub.csv", newline="")))
won = list(csv.DictReader(open(d / "birmingham_councillors_elected_2026.csv", newline="")))
winners = {(r["dc_person_id"], r["ward_code"]) for r in won}
wards_with_results = {r["ward_code"] for r in won}
out = {"all": len(cands), "yes": 0, "no": 0, "unknown": 0,
       "bromford": sum(1 for r in cands if r["ward_name"] == "Bromford & Hodge Hill")}
for r in cands:
    if r["ward_code"] not in wards_with_results: out["unknown"] += 1
    elif (r["person_id"], r["ward_code"]) in winners: out["yes"] += 1
    else: out["no"] += 1
print(json.dumps(out))
"""#) as? [String: Int])
        XCTAssertEqual(try csv(try query("candidates | count").stdout).last, [String(expected["all"]!)])
        let byElected = try csv(try query("candidates | count by elected").stdout)
        XCTAssertEqual(Set(byElected.dropFirst().map { $0 }),
                       Set([["", String(expected["unknown"]!)], ["no", String(expected["no"]!)], ["yes", String(expected["yes"]!)]]))
        XCTAssertEqual(try csv(try query(#"candidates in ward "Bromford & Hodge Hill" | count"#).stdout).last, [String(expected["bromford"]!)])
        // A winner is the same person as the councillor: their offices count.
        let winners = try csv(try query(#"candidates where elected = "yes" and roles >= 1 | count"#).stdout)
        // (The count's own figure; a demo column may follow, as offices include demo ones.)
        XCTAssertEqual(winners.last.map { Array($0.prefix(1)) }, [String(expected["yes"]!)])
    }

    // MARK: institutions placed by a postcode lookup

    func testAPostcodeLookupPlacesInstitutionsByTheirPublishedPostcode() throws {
        let dir = try Civic.temporaryDirectory(self)
        let db = dir.appendingPathComponent("civic.sqlite").path
        XCTAssertEqual(BundledDatabase.built.status, 0, BundledDatabase.built.stderr)
        try FileManager.default.copyItem(atPath: BundledDatabase.built.path, toPath: db)
        let fixture = Civic.packageRoot.appendingPathComponent("Tests/CivicEndToEndTests/Fixtures/postcodes/onspd_test_fixture.csv").path
        let birmingham = #"nhs trusts in council "Birmingham" | count"#
        // Without a lookup, NHS trusts have no area: none is in Birmingham.
        XCTAssertEqual(try csv(try query(birmingham, db: db).stdout).last, ["0"])

        let load = try Civic.run(["load", "--db", db, fixture])
        XCTAssertEqual(load.status, 0, load.stderr)
        // Expected: the trusts (raw ODS file: postcode in column 10) whose postcode the fixture
        // puts in Birmingham (E08000025), and those it places at all (by ward or council).
        let expected = try XCTUnwrap(try python(#"""
import csv, json, sys
from pathlib import Path
d = Path(sys.argv[1])
fixture = list(csv.DictReader(open(sys.argv[2], newline="")))
where = {r["pcds"].replace(" ", "").upper(): r for r in fixture}
trusts = [r for r in csv.reader(open(d / "nhs_ods_etr_trusts_england.csv", newline=""))]
placed = [t for t in trusts if t[9].replace(" ", "").upper() in where]
print(json.dumps({"birmingham": sum(1 for t in placed if where[t[9].replace(" ", "").upper()]["oslaua"] == "E08000025"),
                  "placed": len(placed)}))
"""#, [fixture]) as? [String: Int])
        XCTAssertEqual(expected["birmingham"], 8)
        let after = try Civic.run(["query", "--db", db, "--format", "csv", birmingham])
        XCTAssertEqual(after.status, 0, after.stderr)
        // The count draws on the real trusts and the lookup fixture, which is labelled
        // synthetic: its demo column says the row mixes the two.
        XCTAssertEqual(try csv(after.stdout).last, [String(expected["birmingham"]!), "mixed"])
        XCTAssertEqual(try csv(try query(#"nhs trusts where placed = "postcode" | count"#, db: db).stdout).last, [String(expected["placed"]!), "mixed"])
        // A ward code no lookup loads places by the council area; the area cites the lookup,
        // which is synthetic here, so the row is marked so.
        let christie = try Civic.run(["query", "--db", db, "--format", "json", #"nhs trusts named "Christie" | show name, council, placed"#])
        XCTAssertEqual(christie.status, 0, christie.stderr)
        XCTAssertTrue(christie.stdout.contains(#""council": "Manchester""#), christie.stdout)
        XCTAssertTrue(christie.stdout.contains("onspd_test_fixture.csv"), "the lookup is cited: \(christie.stdout)")
        XCTAssertTrue(christie.stderr.lowercased().contains("synthetic") || christie.stdout.contains(#""synthetic": true"#), christie.stderr)
    }
}
