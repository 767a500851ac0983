import Foundation
import XCTest

/// The REPL through a real pseudo-terminal: tmux runs it, send-keys types, capture-pane reads.
final class REPLTests: XCTestCase {
    final class Terminal {
        let name: String
        let home: URL

        init(home: URL, test: XCTestCase, environment: String = "", database: String? = nil) throws {
            name = "civic-\(UUID().uuidString.prefix(8))"
            self.home = home
            _ = try BundledDatabase.open()
            let db = database ?? BundledDatabase.built.path
            let command = "env \(environment) HOME=\(home.path) XDG_DATA_HOME=\(home.path)/data CIVIC_DB='\(db)' CIVIC_DATASETS=\(Civic.datasets.path) \(Civic.binary.path); echo \"[civic exited $?]\"; sleep 5"
            try Terminal.tmux(["new-session", "-d", "-s", name, "-x", "200", "-y", "50", command])
            test.addTeardownBlock { [name] in _ = try? Terminal.tmux(["kill-session", "-t", name]) }
        }

        /// Runs tmux through the shell with system(): the tmux server that new-session starts
        /// must not inherit any of this process's pipes, or whoever reads them waits for ever.
        @discardableResult
        static func tmux(_ args: [String]) throws -> String {
            let file = NSTemporaryDirectory() + "tmux-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: file) }
            let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            // The status is not reliable here (the test process may not be able to reap the
            // shell), so success is judged by what the screen shows.
            _ = system("tmux \(quoted) </dev/null >\(file) 2>/dev/null")
            return (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        }

        func send(_ keys: String...) throws { try Terminal.tmux(["send-keys", "-t", name] + keys) }
        func type(_ text: String) throws { try Terminal.tmux(["send-keys", "-t", name, "-l", text]) }
        var screen: String { (try? Terminal.tmux(["capture-pane", "-t", name, "-p", "-N", "-S", "-200"])) ?? "" }

        /// Waits until the screen contains `text` (bounded: 30 s).
        func wait(for text: String, file: StaticString = #filePath, line: UInt = #line) {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if screen.contains(text) { return }
                usleep(100_000)
            }
            XCTFail("the screen never showed \(text.debugDescription):\n\(screen)", file: file, line: line)
        }
    }

    func start(environment: String = "") throws -> Terminal {
        let home = try Civic.temporaryDirectory(self)
        let t = try Terminal(home: home, test: self, environment: environment)
        t.wait(for: "civic> ")
        return t
    }

    func testTabCompletesAWardName() throws {
        let t = try start()
        try t.type(#"councillors in ward "Bromf"#)
        try t.send("Tab")
        t.wait(for: #"councillors in ward "Bromford & Hodge Hill""#)
        try t.send("Enter")
        t.wait(for: "Majid Mahmood")
        XCTAssertTrue(t.screen.contains("Diane Donaldson"))
        XCTAssertTrue(t.screen.contains(#"ward "Bromford & Hodge Hill" → Bromford & Hodge Hill (E05011131)"#), "the REPL says what a name resolved to")
    }

    func testTabCompletesTheColumnsAGroupLeavesAndDotCommandArguments() throws {
        let t = try start()
        // After "count by party" the columns are party and count: "co" completes to count, which no
        // field of councillors would offer.
        try t.type("councillors | count by party | sort co")
        try t.send("Tab")
        t.wait(for: "sort count")
        try t.send("C-u")
        try t.type(".format mark")
        try t.send("Tab")
        t.wait(for: "civic> .format markdown")
        try t.send("Enter")
        t.wait(for: "format: markdown")
    }

    func testAMultiLineQuery() throws {
        let t = try start()
        try t.type(#"wards in constituency "Hodge Hill" |"#)
        try t.send("Enter")
        t.wait(for: "  ...> ")
        try t.type("  count")
        try t.send("Enter")
        t.wait(for: "1 row")
        let lines = t.screen.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        XCTAssertTrue(lines.contains(String(Oracle.strings("hodge_hill_constituency_wards").count)), t.screen)
    }

    func testHistoryIsRecalledInASecondSession() throws {
        let home = try Civic.temporaryDirectory(self)
        let first = try Terminal(home: home, test: self)
        first.wait(for: "civic> ")
        try first.type("regions | count")
        try first.send("Enter")
        first.wait(for: "1 row")
        try first.type(".quit")
        try first.send("Enter")
        let history = home.appendingPathComponent("data/civic/history")
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline && !FileManager.default.fileExists(atPath: history.path) { usleep(100_000) }
        XCTAssertTrue((try? String(contentsOf: history, encoding: .utf8))?.contains("regions | count") ?? false)

        let second = try Terminal(home: home, test: self)
        second.wait(for: "civic> ")
        // The newest entry first (.quit), then the query before it.
        try second.send("Up")
        second.wait(for: "civic> .quit")
        try second.send("Up")
        second.wait(for: "civic> regions | count")
    }

    func testCtrlCCancelsALongQueryAndTheSessionGoesOn() throws {
        // Every area with everything inside it, summed, slowed down (see Database) so that it
        // takes minutes rather than half a second.
        let t = try start(environment: "CIVIC_TEST_SLOW_QUERIES=1")
        try t.type("areas | show name, institutions, councillors, budget, spent | sort budget desc | top 3")
        try t.send("Enter")
        usleep(800_000)
        try t.send("C-c")
        t.wait(for: "query cancelled")
        try t.type("regions | count")
        try t.send("Enter")
        t.wait(for: "1 row")
        // Ctrl-C on a half-typed line clears it; Ctrl-D on an empty line ends the session.
        // (ThreadSanitizer's runtime holds a signal that arrives while readline waits for a key
        // until the wait ends, so under it this half is not tried.)
        if Civic.underThreadSanitizer { return }
        try t.type("half a query")
        usleep(300_000)
        try t.send("C-c")
        // The line cleared and a fresh prompt under it (a ^C is on the screen already, from
        // the first cancel, so waiting for one would not wait).
        t.wait(for: "half a query\ncivic> ")
        try t.send("C-d")
        t.wait(for: "[civic exited 0]")
    }

    func testExplainAndDotCommands() throws {
        let t = try start()
        try t.type(#".explain councillors in ward "Hodge Hill""#)
        try t.send("Enter")
        t.wait(for: #"?1 = "E05011131""#)
        XCTAssertTrue(t.screen.contains("SELECT"))
        try t.type(".fields wards")
        try t.send("Enter")
        t.wait(for: "population")
        try t.type(".sources")
        try t.send("Enter")
        t.wait(for: "lambeth_payments_over_500_2012-06.csv")
        XCTAssertTrue(t.screen.contains("demo_payments.csv"))
        try t.type(".format csv")
        try t.send("Enter")
        t.wait(for: "format: csv")
        try t.type("regions | count")
        try t.send("Enter")
        t.wait(for: "count\n\(Oracle.int("regions"))")
    }

    /// `.profile` at the prompt: the page on the screen, a bad name under its query with a
    /// caret, and into the `.output` file as an HTML page.
    func testProfileAtThePrompt() throws {
        let t = try start()
        try t.type(".pager off")
        try t.send("Enter")
        t.wait(for: "pager: off")
        try t.type(#".profile ward "Bromford & Hodge Hill""#)
        try t.send("Enter")
        t.wait(for: "Every figure above is the answer")
        XCTAssertTrue(t.screen.contains("SOURCES") && t.screen.contains("Democracy Club"), t.screen)
        try t.type(#".profile ward "Bromfrd""#)
        try t.send("Enter")
        t.wait(for: "^")
        try t.type(".profile ward")
        try t.send("Enter")
        t.wait(for: "usage: .profile KIND")
        let page = t.home.appendingPathComponent("ward.html")
        try t.type(".output \(page.path)")
        try t.send("Enter")
        t.wait(for: "as html")
        try t.type(#".profile ward "Bromford & Hodge Hill""#)
        try t.send("Enter")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && !((try? String(contentsOf: page, encoding: .utf8))?.contains("</html>") ?? false) { usleep(100_000) }
        let html = try String(contentsOf: page, encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!doctype html>") && html.contains("<svg"), String(html.prefix(300)))
    }

    /// `.output` never lands on the database, and a file gets each result only when its query
    /// succeeds: a bad query adds nothing, a good one after it is added.
    func testOutputNeverOverwritesTheDatabaseAndKeepsOnlyWhatSucceeded() throws {
        let before = try Data(contentsOf: URL(fileURLWithPath: BundledDatabase.built.path))
        let t = try start()
        try t.type(".output \(BundledDatabase.built.path)")
        try t.send("Enter")
        t.wait(for: "it is the database being read")
        let file = t.home.appendingPathComponent("out.csv")
        try Data("kept\n".utf8).write(to: file)
        try t.type(".output \(file.path)")
        try t.send("Enter")
        t.wait(for: "results go to \(file.path) as csv")
        try t.type("regions where nme = 1")
        try t.send("Enter")
        t.wait(for: "nothing added to \(file.path): the query failed")
        XCTAssertEqual(try String(contentsOf: file, encoding: .utf8), "kept\n")
        try t.type("regions | count")
        try t.send("Enter")
        try t.type("councils | count")
        try t.send("Enter")
        try t.type(".output")
        try t.send("Enter")
        t.wait(for: "results go to the screen")
        let written = try String(contentsOf: file, encoding: .utf8)
        XCTAssertEqual(written.components(separatedBy: "count").count - 1, 2, written)
        XCTAssertTrue(written.hasPrefix("count\r\n\(Oracle.int("regions"))\r\n"), written)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: BundledDatabase.built.path)), before)
    }

    /// `.output book.xlsx` writes a workbook (not CSV under an .xlsx name), each result
    /// replacing the last, since a workbook holds one.
    func testOutputToAnXLSXFileWritesAWorkbook() throws {
        let t = try start()
        let file = t.home.appendingPathComponent("book.xlsx")
        try t.type(".output \(file.path)")
        try t.send("Enter")
        t.wait(for: "results go to \(file.path) as xlsx")
        try t.type("councils | count")
        try t.send("Enter")
        try t.type("regions | count")
        try t.send("Enter")
        try t.type(".output")
        try t.send("Enter")
        t.wait(for: "results go to the screen")
        let data = try Data(contentsOf: file)
        XCTAssertEqual(Array(data.prefix(4)), [0x50, 0x4B, 0x03, 0x04], "a zip file")
        // Python's zipfile reads it: one workbook, holding the last result.
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read('xl/worksheets/sheet1.xml').decode())", file.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let sheet = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0)
        XCTAssertTrue(sheet.contains("<v>\(Oracle.int("regions"))</v>"), sheet)
    }

    /// A supplier whose name holds an escape sequence (ESC [ 3 1 m, "turn red") reaches a real
    /// terminal only as visible text, in the table and in every other format.
    func testEscapeSequencesInTheDataNeverReachTheTerminal() throws {
        let dir = try Civic.temporaryDirectory(self)
        let db = dir.appendingPathComponent("escape.sqlite").path
        let base = Civic.packageRoot.appendingPathComponent("Tests/CivicLoadTests/Fixtures/base")
        XCTAssertEqual(try Civic.run(["load", "--db", db], environment: ["CIVIC_DATASETS": base.path]).status, 0)
        try "Date,Supplier,Amount\n01/06/2012,Evil\u{1B}[31mRed Ltd,100.00\n".write(to: dir.appendingPathComponent("evil.csv"), atomically: true, encoding: .utf8)
        try """
            {"file": "evil.csv", "kind": "payments", "source": {"title": "escape test", "publisher": "civic tests", "licence": "CC0"},
             "constants": {"payer": "ons:E08000025"}, "columns": {"date": "Date", "supplier": "Supplier", "amount": "Amount"}}
            """.write(to: dir.appendingPathComponent("evil.layout.json"), atomically: true, encoding: .utf8)
        let loaded = try Civic.run(["load", "--db", db, dir.appendingPathComponent("evil.csv").path], environment: ["CIVIC_DATASETS": base.path])
        XCTAssertEqual(loaded.status, 0, loaded.stderr)
        for format in ["table", "csv", "markdown", "html", "jsonl"] {
            let name = "civic-esc-\(UUID().uuidString.prefix(8))"
            let command = "env CIVIC_DB=\(db) CIVIC_DATASETS=\(base.path) \(Civic.binary.path) query --format \(format) 'suppliers named \"evil\"'; echo '[done]'; sleep 5"
            try Terminal.tmux(["new-session", "-d", "-s", name, "-x", "200", "-y", "30", command])
            addTeardownBlock { _ = try? Terminal.tmux(["kill-session", "-t", name]) }
            var screen = ""
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                // -e keeps the colours the terminal was told to draw: a red cell would show as one.
                screen = try Terminal.tmux(["capture-pane", "-t", name, "-p", "-e"])
                if screen.contains("[done]") { break }
                usleep(100_000)
            }
            XCTAssertTrue(screen.contains("31mRed Ltd"), "\(format): the escape shown as text:\n\(screen)")
            XCTAssertFalse(screen.contains("\u{1B}[31m"), "\(format): no red reached the terminal")
        }
    }
}
