import CivicStorage
import Foundation
import XCTest

/// Exports to cite (issue 13), through the built binary: the demo column in every format, one
/// JSON document for a script, no run-together CSV tables, workbooks a real spreadsheet program
/// opens, and charts. Each output is read back by Python's own modules (Tests/Oracle/read_export.py)
/// or by LibreOffice, and the expected figures come from hand-written SQL or the raw files.
final class ExportTests: XCTestCase {
    var db: String { _ = try? BundledDatabase.open(); return BundledDatabase.built.path }

    /// An export as Python's csv, json and html.parser modules read it.
    struct Read {
        var columns: [String]
        var rows: [[String]]
        var json: [String: Any]
    }

    func read(_ format: String, _ text: String) throws -> Read {
        let dir = try Civic.temporaryDirectory(self)
        let file = dir.appendingPathComponent("export")
        try Data(text.utf8).write(to: file)
        return try read(format, file: file)
    }

    func read(_ format: String, file: URL) throws -> Read {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Civic.packageRoot.appendingPathComponent("Tests/Oracle/read_export.py").path, format, file.path]
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errText = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, "\(format): \(errText)")
        let json = (try JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return Read(columns: json["columns"] as? [String] ?? [], rows: json["rows"] as? [[String]] ?? [], json: json)
    }

    func civic(_ args: [String], input: String? = nil) throws -> Civic.Result {
        try Civic.run(["query", "--db", db] + args, input: input)
    }

    // MARK: 1. the demo column

    static let people = "people where roles >= 2 | sort roles desc"

    /// The issue's query: 359 of 372 rows are demo rows, and every format says which in a column
    /// of its own, agreeing row by row with the table's `*`.
    func testEveryFormatMarksTheSameDemoRowsInAColumnOfItsOwn() throws {
        // Independent: people holding two or more offices, and those whose offices or own record
        // come from a synthetic source, counted with hand-written SQL.
        let counts = try BundledDatabase.open().rows("""
            WITH syn AS (SELECT source_id FROM sources WHERE synthetic = 1),
                 m AS (SELECT p.person_id, count(*) AS n, max(r.source_id IN syn OR p.source_id IN syn) AS demo
                       FROM people p JOIN roles r ON r.person_id = p.person_id GROUP BY p.person_id HAVING n >= 2)
            SELECT count(*), sum(demo) FROM m
            """)[0]
        let total = Int(counts[0].int ?? -1), demo = Int(counts[1].int ?? -1)
        XCTAssertGreaterThan(demo, 0)
        XCTAssertLessThan(demo, total, "the result mixes real and demo rows")

        let table = try civic([Self.people])
        XCTAssertTrue(table.stdout.contains("Rows marked * (\(demo) of \(total))"), table.stdout)
        let marks = try read("table", table.stdout).rows.map { $0[1] == "*" }
        XCTAssertEqual(marks.count, total)
        XCTAssertEqual(marks.filter { $0 }.count, demo)

        var names: [String]?
        for format in ["csv", "tsv", "json", "jsonl", "markdown", "html"] {
            let r = try civic(["--format", format, Self.people])
            XCTAssertEqual(r.status, 0, r.stderr)
            let e = try read(format, r.stdout)
            XCTAssertEqual(e.columns, ["name", "roles", "offices", "demo"], format)
            XCTAssertEqual(e.rows.count, total, format)
            XCTAssertEqual(e.rows.map { $0[3] != "" }, marks, "\(format) marks the rows the table marks")
            XCTAssertEqual(Set(e.rows.map { $0[3] }), ["", "synthetic"], format)
            // No marker inside a data cell.
            XCTAssertFalse(e.rows.contains { $0[0].hasSuffix("*") || $0[2].hasSuffix("*") }, format)
            if let names { XCTAssertEqual(e.rows.map { $0[0] }, names, format) } else { names = e.rows.map { $0[0] } }
            if format == "csv" || format == "tsv" || format == "jsonl" {
                XCTAssertTrue(r.stderr.contains("Rows marked in the demo column (\(demo) of \(total)) draw on the synthetic demo layer"), r.stderr)
            }
            if format == "markdown" || format == "html" {
                XCTAssertTrue(r.stdout.contains("Rows marked in the demo column (\(demo) of \(total))"), format)
            }
            if format == "json" {
                let meta = e.json["meta"] as? [String: Any] ?? [:]
                XCTAssertEqual((meta["synthetic_rows"] as? NSNumber)?.intValue, demo)
            }
        }
    }

    /// A row that draws on real and demo data says `mixed`; a result of real rows only has no
    /// demo column; a result of demo rows only has it on every row (the table marks none and
    /// says all).
    func testMixedAllDemoAndRealResults() throws {
        let mixed = try civic(["--format", "csv", #"council "Birmingham" | show name, budget, spent"#])
        XCTAssertEqual(try read("csv", mixed.stdout).columns.last, "demo")
        XCTAssertEqual(try read("csv", mixed.stdout).rows.map { $0.last ?? "" }, ["mixed"], "a real MHCLG budget beside demo payments")
        XCTAssertTrue(mixed.stderr.contains("it mixes real data with demo data"), mixed.stderr)
        let json = try read("json", try civic(["--format", "json", #"council "Birmingham" | show name, budget, spent"#]).stdout)
        XCTAssertEqual(((json.json["meta"] as? [String: Any])?["mixed_rows"] as? NSNumber)?.intValue, 1)

        let real = try civic(["--format", "csv", "regions | count"])
        XCTAssertEqual(try read("csv", real.stdout).columns, ["count"])

        // Over 10,000 rows with no demo row among the first: the header is written before the
        // rest are read, so the column is there (empty) because the database holds the demo layer.
        let long = try civic(["--format", "csv", #"spending by council "Manchester" | show date, amount"#])
        let payments = try read("csv", long.stdout)
        XCTAssertGreaterThan(payments.rows.count, 10_000)
        XCTAssertEqual(payments.columns, ["date", "amount", "demo"])
        XCTAssertEqual(Set(payments.rows.map { $0[2] }), [""], "Manchester's payments are all real")

        let query = #"institutions in ward "Hodge Hill" spending on "youth services""#
        let all = try civic(["--format", "html", query])
        let e = try read("html", all.stdout)
        XCTAssertEqual(e.columns.last, "demo")
        XCTAssertEqual(Set(e.rows.map { $0.last ?? "" }), ["synthetic"])
        let table = try civic([query])
        XCTAssertEqual(try read("table", table.stdout).rows.filter { $0[1] == "*" }.count, 0)
        XCTAssertTrue(table.stdout.contains("All \(e.rows.count) rows draw on the synthetic demo layer"), table.stdout)
    }

    // MARK: 2. several queries

    static let script = """
        -- as the README's weekly.civic
        regions | count;
        wards in constituency "Hodge Hill" | show name, population | sort population desc | top 3
        """

    func testAScriptsJSONIsOneDocumentAndItsJSONLinesAreNumbered() throws {
        let json = try civic(["--format", "json", "-"], input: Self.script)
        XCTAssertEqual(json.status, 0, json.stderr)
        let results = try read("json", json.stdout).json["results"] as? [[String: Any]] ?? []
        XCTAssertEqual(results.count, 2, json.stdout)
        XCTAssertEqual(results.map { ($0["query"] as? NSNumber)?.intValue }, [1, 2])
        XCTAssertEqual(results[0]["rows"] as? [[String]], [[String(Oracle.int("regions"))]])
        XCTAssertEqual((results[1]["rows"] as? [[String]])?.map { $0[0] }, ["Alum Rock", "Glebe Farm & Tile Cross", "Bromford & Hodge Hill"])

        // A bad query in the middle leaves the document whole.
        let bad = try civic(["--format", "json", "-"], input: "regions | count; councilors; regions | count")
        XCTAssertEqual(bad.status, 65)
        let numbers = (try read("json", bad.stdout).json["results"] as? [[String: Any]] ?? []).map { ($0["query"] as? NSNumber)?.intValue }
        XCTAssertEqual(numbers, [1, 3])

        let jsonl = try civic(["--format", "jsonl", "-"], input: Self.script)
        let lines = jsonl.stdout.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(lines.map { ($0?["query"] as? NSNumber)?.intValue }, [1, 2, 2, 2])

        // A query given as the argument is one result, as before.
        let one = try civic(["--format", "json", "regions | count"])
        XCTAssertNotNil(try read("json", one.stdout).json["rows"])
    }

    func testSeveralTablesNeverRunTogetherInOneCSVStream() throws {
        let dir = try Civic.temporaryDirectory(self)
        let file = dir.appendingPathComponent("weekly.civic")
        try Self.script.write(to: file, atomically: true, encoding: .utf8)
        for format in ["csv", "tsv", "xlsx"] {
            let r = try civic(["--format", format, "-f", file.path])
            XCTAssertEqual(r.status, 64, "\(format): \(r.stderr)")
            XCTAssertEqual(r.stdout, "", "refused before anything runs")
            XCTAssertTrue(r.stderr.contains("2 queries give 2 result tables"), r.stderr)
            XCTAssertTrue(r.stderr.contains("-o FOLDER/"), r.stderr)
        }
        let single = dir.appendingPathComponent("out.csv")
        let r = try civic(["-o", single.path, "-f", file.path])
        XCTAssertEqual(r.status, 64)
        XCTAssertFalse(FileManager.default.fileExists(atPath: single.path))

        // A folder: 1.csv, 2.csv; a pattern: {n} is the query's number.
        let folder = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let f = try civic(["-o", folder.path + "/", "-f", file.path])
        XCTAssertEqual(f.status, 0, f.stderr)
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("1.csv"), encoding: .utf8), "count\r\n\(Oracle.int("regions"))\r\n")
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("2.csv"), encoding: .utf8), ScriptingTests.expectedCSV)
        let p = try civic(["-o", dir.appendingPathComponent("week-{n}.tsv").path, "-f", file.path])
        XCTAssertEqual(p.status, 0, p.stderr)
        XCTAssertEqual(try read("tsv", file: dir.appendingPathComponent("week-2.tsv")).rows.map { $0[0] },
                       ["Alum Rock", "Glebe Farm & Tile Cross", "Bromford & Hodge Hill"])
        // A folder that is not there is said so, before anything runs.
        let missing = try civic(["-o", dir.appendingPathComponent("nowhere").path + "/", "-f", file.path])
        XCTAssertEqual(missing.status, 64)
        XCTAssertTrue(missing.stderr.contains("no folder"), missing.stderr)
    }

    // MARK: 3. workbooks

    /// LibreOffice, headless, turns a workbook into CSV; nil (and the test skipped) without it.
    func spreadsheetCSV(_ xlsx: URL) throws -> URL {
        let soffice = ["/usr/bin/soffice", "/usr/local/bin/soffice", "/usr/bin/libreoffice"].first { FileManager.default.isExecutableFile(atPath: $0) }
        guard let soffice else {
            throw XCTSkip("soffice (LibreOffice) is not installed, so no spreadsheet program can open the workbook: `apt-get install --no-install-recommends libreoffice-calc` (.ci/run does)")
        }
        let dir = try Civic.temporaryDirectory(self)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: soffice)
        // A profile of its own, so no other LibreOffice (or test) is in the way.
        p.arguments = ["-env:UserInstallation=file://\(dir.path)/profile", "--headless", "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",
                       "--outdir", dir.path, xlsx.path]
        p.standardOutput = Pipe()
        p.standardError = Pipe()
        try p.run()
        p.waitUntilExit()
        let csv = dir.appendingPathComponent(xlsx.deletingPathExtension().lastPathComponent + ".csv")
        XCTAssertTrue(FileManager.default.fileExists(atPath: csv.path), "LibreOffice opened the workbook")
        return csv
    }

    /// Codes keep their leading zeros (a charity's phone number, `01617404834`), dates stay
    /// dates, and money equals the CSV's to the penny.
    func testAWorkbookOpensInASpreadsheetWithItsCellsIntact() throws {
        let dir = try Civic.temporaryDirectory(self)
        for (name, query) in [("charities", "charities | show code, name, company_number, phone, opened | sort name | top 40"),
                              ("lambeth", #"spending by council "Lambeth" during 2012-06 | show date, supplier, supplier_ref, amount | sort amount desc | top 40"#),
                              ("people", Self.people + " | top 30")] {
            let xlsx = dir.appendingPathComponent("\(name).xlsx")
            let w = try civic(["-o", xlsx.path, query])
            XCTAssertEqual(w.status, 0, w.stderr)
            let head = try FileHandle(forReadingFrom: xlsx).read(upToCount: 4)
            XCTAssertEqual(head, Data([0x50, 0x4B, 0x03, 0x04]), "a zip file")
            let csv = try read("csv", try civic(["--format", "csv", query]).stdout)
            let sheet = try read("csv", file: try spreadsheetCSV(xlsx))
            XCTAssertEqual(sheet.columns, csv.columns, name)
            XCTAssertEqual(sheet.rows.count, csv.rows.count, name)
            for (a, b) in zip(sheet.rows, csv.rows) {
                for (i, column) in csv.columns.enumerated() {
                    if ["amount"].contains(column) {
                        // Money: a number shown in the currency format (the CSV is saved as
                        // shown), equal to the CSV's pounds and pence.
                        XCTAssertTrue(a[i].hasPrefix("£"), a[i])
                        let number = a[i].replacingOccurrences(of: "£", with: "").replacingOccurrences(of: ",", with: "")
                        XCTAssertEqual(Decimal(string: number), Decimal(string: b[i]), "\(name) \(column)")
                    } else if column == "roles" {
                        XCTAssertEqual(Int(a[i]), Int(b[i]))
                    } else {
                        // Text and dates exactly as in the CSV, leading zeros and all.
                        XCTAssertEqual(a[i].trimmingCharacters(in: .whitespaces), b[i].trimmingCharacters(in: .whitespaces), "\(name) \(column)")
                    }
                }
            }
            if name == "charities" {
                XCTAssertTrue(csv.rows.contains { $0[3].hasPrefix("0") }, "some phone numbers start with 0")
            }
            if name == "people" { XCTAssertEqual(sheet.columns.last, "demo") }
        }
    }

    /// The workbook's cells as stored: money a number with the £ format, a date a date, a code
    /// text; and the citation on the second sheet.
    func testAWorkbookTypesItsCellsAndCitesOnASecondSheet() throws {
        let dir = try Civic.temporaryDirectory(self)
        let xlsx = dir.appendingPathComponent("lambeth.xlsx")
        let w = try civic(["-o", xlsx.path, #"spending by council "Lambeth" during 2012-06 | show date, supplier, amount | sort amount desc | top 3"#])
        XCTAssertEqual(w.status, 0, w.stderr)
        // Python's zipfile reads the parts (independent of ZIPFoundation).
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import sys, zipfile, json
            z = zipfile.ZipFile(sys.argv[1])
            print(json.dumps({n: z.read(n).decode() for n in z.namelist()}))
            """, xlsx.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let parts = (try JSONSerialization.jsonObject(with: out.fileHandleForReading.readDataToEndOfFile())) as? [String: String] ?? [:]
        p.waitUntilExit()
        let sheet = parts["xl/worksheets/sheet1.xml"] ?? ""
        XCTAssertTrue(sheet.contains(#"<c r="C2" s="1"><v>2722761.65</v></c>"#), sheet)  // the file's largest June payment
        XCTAssertTrue(sheet.contains(#"<c r="A2" s="2"><v>41078</v></c>"#), "2012-06-18 as a date")
        XCTAssertTrue(sheet.contains(#"t="inlineStr"><is><t xml:space="preserve">United Residents Housing</t>"#))
        let sources = parts["xl/worksheets/sheet2.xml"] ?? ""
        XCTAssertTrue(sources.contains("lambeth_payments_over_500_2012-06.csv"), sources)
        XCTAssertTrue(sources.contains("OGL"))
        XCTAssertTrue(parts["xl/workbook.xml"]?.contains(#"name="Sources""#) ?? false)

        // To a pipe, the workbook's bytes; a script of several, refused (above).
        let piped = try civic(["--format", "xlsx", "regions | count"])
        XCTAssertEqual(piped.status, 0, piped.stderr)
        XCTAssertTrue(piped.stdout.hasPrefix("PK\u{3}\u{4}"))
    }

    /// A workbook is binary: refused on a terminal (util-linux's `script` gives civic one),
    /// and `--explain`, which is text, never goes into one.
    func testAWorkbookIsNeverWrittenToATerminal() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/script") else {
            throw XCTSkip("util-linux's script is not installed, so there is no terminal to try")
        }
        let command = [Civic.binary.path, "query", "--db", db, "--format", "xlsx", "regions | count"]
            .map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        p.arguments = ["-qec", command, "/dev/null"]
        let out = Pipe()
        p.standardOutput = out
        p.standardInput = Pipe()
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 64, text)
        XCTAssertTrue(text.contains("a workbook is a binary file, not for a terminal"), text)
        XCTAssertFalse(text.contains("PK"), text)

        let explain = try civic(["--explain", "-o", try Civic.temporaryDirectory(self).appendingPathComponent("x.xlsx").path, "regions"])
        XCTAssertEqual(explain.status, 64)
        XCTAssertTrue(explain.stderr.contains("--explain prints the SQL as text"), explain.stderr)
    }

    // MARK: 4. charts

    func testHTMLDrawsTheChartAsAnInlineSVG() throws {
        let query = "budgets during fy 2017/18 | total amount by kind | chart"
        let r = try civic(["--format", "html", query])
        XCTAssertEqual(r.status, 0, r.stderr)
        let csv = try read("csv", try civic(["--format", "csv", query]).stdout)
        XCTAssertTrue(r.stdout.contains("<svg class=\"chart\""), r.stdout)
        XCTAssertEqual(r.stdout.components(separatedBy: "<rect ").count - 1, csv.rows.count, "one bar per row")
        // The largest bar is the full width; the others in proportion, each labelled with its value.
        let totals = csv.rows.map { Decimal(string: $0[1]) ?? 0 }
        let largest = totals.max() ?? 1
        for (row, total) in zip(csv.rows, totals) {
            let width = (total / largest * 400 as NSDecimalNumber).doubleValue
            let expected = max(1, (width * 100).rounded() / 100)
            let shown = expected == expected.rounded() ? String(Int(expected)) : String(expected)
            XCTAssertTrue(r.stdout.contains("width=\"\(shown)\" height"), "\(row[0]): \(shown)")
        }
        XCTAssertTrue(r.stdout.contains(">£866,353,000.00</text>"))
        // The table follows, well-formed.
        XCTAssertEqual(try read("html", r.stdout).rows.count, csv.rows.count)
    }

    func testAPipedChartStillShowsEachValueBesideItsBar() throws {
        let r = try civic(["budgets during fy 2017/18 | total amount by kind | chart"])
        let lines = r.stdout.split(separator: "\n").filter { $0.contains("£") && !$0.hasPrefix("scale") }
        XCTAssertEqual(lines.count, 7, r.stdout)
        XCTAssertTrue(lines.allSatisfy { $0.contains("#") })
        XCTAssertEqual(Set(lines.map(\.count)).count, 1, "values line up: \(r.stdout)")
    }
}
