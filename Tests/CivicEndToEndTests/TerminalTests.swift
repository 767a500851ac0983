import Foundation
import XCTest

/// civic on a real terminal (tmux): tables fitted to its width, the pager for results taller
/// than the screen (and only then), and the REPL's Tab, `.output`, `.pager` and `.timer`.
final class TerminalTests: XCTestCase {
    typealias Terminal = REPLTests.Terminal

    func start(environment: String = "") throws -> Terminal {
        let t = try Terminal(home: try Civic.temporaryDirectory(self), test: self, environment: environment)
        t.wait(for: "civic> ")
        return t
    }

    /// A pager that records each call and keeps what it was given.
    func recordingPager() throws -> (command: String, log: URL, paged: URL) {
        let dir = try Civic.temporaryDirectory(self)
        let log = dir.appendingPathComponent("pager.log"), paged = dir.appendingPathComponent("paged.txt")
        let script = dir.appendingPathComponent("pager.sh")
        try "#!/bin/sh\necho called >> '\(log.path)'\ncat >> '\(paged.path)'\n".write(to: script, atomically: true, encoding: .utf8)
        chmod(script.path, 0o755)
        return (script.path, log, paged)
    }

    func calls(_ log: URL) -> Int {
        ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").count
    }

    /// Runs `civic ARGUMENTS` (a shell command line) in a terminal of the size given and waits
    /// for it to end; the screen, long lines joined.
    @discardableResult
    func runInTerminal(_ arguments: String, environment: String = "", width: Int = 100, height: Int = 30) throws -> String {
        _ = try BundledDatabase.open()
        let name = "civic-term-\(UUID().uuidString.prefix(8))"
        let command = "env \(environment) CIVIC_DB=\(BundledDatabase.built.path) CIVIC_DATASETS=\(Civic.datasets.path) \(Civic.binary.path) \(arguments); echo \"[done $?]\"; sleep 5"
        try Terminal.tmux(["new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", command])
        addTeardownBlock { _ = try? Terminal.tmux(["kill-session", "-t", name]) }
        let deadline = Date().addingTimeInterval(60)
        var screen = ""
        while Date() < deadline {
            screen = try Terminal.tmux(["capture-pane", "-t", name, "-p", "-J", "-S", "-500"])
            if screen.contains("[done ") { return screen }
            usleep(100_000)
        }
        XCTFail("civic \(arguments) never ended:\n\(screen)")
        return screen
    }

    func testATableFitsTheTerminalAndNeverCutsMoney() throws {
        let screen = try runInTerminal("query --no-pager 'spending | sort amount desc | top 8'", width: 90)
        XCTAssertTrue(screen.contains("[done 0]"), screen)
        let lines = screen.split(separator: "\n").map(String.init).filter { $0.contains("£") }
        XCTAssertEqual(lines.count, 8, screen)
        for line in lines { XCTAssertLessThanOrEqual(line.count, 90, "no line wraps:\n\(screen)") }
        XCTAssertTrue(screen.contains("£9,739,500.00"), "the largest payment whole:\n\(screen)")
        // Piped, nothing changes: the same query's text is as long as it is.
        let piped = try Civic.run(["query", "spending | sort amount desc | top 8"], environment: ["CIVIC_DB": BundledDatabase.built.path])
        XCTAssertFalse(piped.stdout.contains("…"), piped.stdout)
    }

    func testThePagerShowsOnlyWhatIsTallerThanTheScreen() throws {
        let pager = try recordingPager()
        let env = "-u CIVIC_PAGER PAGER=\(pager.command)"
        // Taller than 30 lines: through the pager, all of it.
        var screen = try runInTerminal("query 'spending | sort amount desc | top 60'", environment: env)
        XCTAssertTrue(screen.contains("[done 0]"), screen)
        XCTAssertEqual(calls(pager.log), 1, screen)
        let paged = try String(contentsOf: pager.paged, encoding: .utf8)
        XCTAssertTrue(paged.contains("£9,739,500.00") && paged.contains("60 rows"), paged)
        // A short result, --no-pager, or a pipe: straight out.
        screen = try runInTerminal("query 'regions | count'", environment: env)
        XCTAssertTrue(screen.contains("1 row"), screen)
        try runInTerminal("query --no-pager 'spending | sort amount desc | top 60'", environment: env)
        try runInTerminal("query 'spending | sort amount desc | top 60' | cat", environment: env)
        try runInTerminal("query 'spending | sort amount desc | top 60'", environment: "-u CIVIC_PAGER PAGER=")
        XCTAssertEqual(calls(pager.log), 1, "only the first was paged")
        // CIVIC_PAGER comes before PAGER.
        screen = try runInTerminal("query 'spending | sort amount desc | top 60'", environment: "PAGER=false CIVIC_PAGER=\(pager.command)")
        XCTAssertEqual(calls(pager.log), 2, screen)
    }

    func testQuittingThePagerEarlyIsNoFailure() throws {
        _ = try BundledDatabase.open()
        let name = "civic-term-\(UUID().uuidString.prefix(8))"
        // less itself, quit on its first screen while civic still has rows to give it.
        let command = "env -u PAGER -u CIVIC_PAGER CIVIC_DB=\(BundledDatabase.built.path) \(Civic.binary.path) query --format csv 'spending'; echo \"[done $?]\"; sleep 5"
        try Terminal.tmux(["new-session", "-d", "-s", name, "-x", "100", "-y", "30", command])
        addTeardownBlock { _ = try? Terminal.tmux(["kill-session", "-t", name]) }
        var screen = ""
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && !screen.contains("amount") {
            screen = try Terminal.tmux(["capture-pane", "-t", name, "-p"])
            usleep(100_000)
        }
        try Terminal.tmux(["send-keys", "-t", name, "q"])
        while Date() < deadline && !screen.contains("[done") {
            screen = try Terminal.tmux(["capture-pane", "-t", name, "-p"])
            usleep(100_000)
        }
        XCTAssertTrue(screen.contains("[done 0]"), screen)
    }

    func testTheREPLPagesTallResultsAndGoesOnAfterThePager() throws {
        let pager = try recordingPager()
        let home = try Civic.temporaryDirectory(self)
        let t = try Terminal(home: home, test: self, environment: "-u CIVIC_PAGER PAGER=\(pager.command)")
        t.wait(for: "civic> ")
        try t.type("spending | sort amount desc | top 80")
        try t.send("Enter")
        try t.type(".pager off")
        try t.send("Enter")
        t.wait(for: "pager: off")
        XCTAssertEqual(calls(pager.log), 1)
        XCTAssertTrue(try String(contentsOf: pager.paged, encoding: .utf8).contains("80 rows"))
        try t.type("councillors | top 60")
        try t.send("Enter")
        t.wait(for: "60 rows")
        XCTAssertEqual(calls(pager.log), 1, ".pager off: straight to the screen")
    }

    func testCtrlCAndQInLessLeaveTheREPLWorking() throws {
        let home = try Civic.temporaryDirectory(self)
        let t = try Terminal(home: home, test: self, environment: "-u PAGER -u CIVIC_PAGER")
        t.wait(for: "civic> ")
        try t.type("spending | sort amount desc | top 500")
        try t.send("Enter")
        t.wait(for: "£9,739,500.00")
        usleep(300_000)
        try t.send("C-c")
        usleep(300_000)
        try t.send("q")
        try t.type(".timer on")
        try t.send("Enter")
        t.wait(for: "timer: on")
        try t.type("regions | count")
        try t.send("Enter")
        t.wait(for: "time: ")
        XCTAssertTrue(t.screen.contains("1 row"), t.screen)
    }

    func testTabKeepsWhatWasTypedAndOffersOnlyWhatFits() throws {
        let t = try start()
        // The suppliers that begin "Keigh" differ in case after it: nothing typed is lost.
        try t.type(#"suppliers named "Keigh"#)
        try t.send("Tab")
        t.wait(for: #"civic> suppliers named "Keighley "#)
        try t.send("C-u")
        // After show, the fields of the subject, not and/or/asc/desc.
        try t.type("councillors | show ")
        try t.send("Tab", "Tab")
        t.wait(for: "party")
        let listing = t.screen.components(separatedBy: "councillors | show ").dropFirst().joined()
        let words = listing.split(whereSeparator: \.isWhitespace)
        for w in ["asc", "desc", "and", "or"] { XCTAssertFalse(words.contains(Substring(w)), "\(w) offered:\n\(t.screen)") }
        try t.send("C-u")
        try t.type("spending | sort amount d")
        try t.send("Tab")
        t.wait(for: "civic> spending | sort amount desc")
    }

    func testOutputGoesBackToTheScreensFormatAndRefusesWhatDashORefuses() throws {
        let t = try start()
        let file = t.home.appendingPathComponent("out.csv")
        try t.type(".output \(file.path)")
        try t.send("Enter")
        t.wait(for: "as csv")
        try t.type("regions | count")
        try t.send("Enter")
        try t.type(".output")
        try t.send("Enter")
        t.wait(for: "results go to the screen as table")
        try t.type("regions | count")
        try t.send("Enter")
        t.wait(for: "-----\n")
        XCTAssertTrue(try String(contentsOf: file, encoding: .utf8).hasPrefix("count\r\n"))
        try t.type(".output \(t.home.path)/result.dat")
        try t.send("Enter")
        t.wait(for: "cannot tell the format from")
        XCTAssertFalse(FileManager.default.fileExists(atPath: t.home.path + "/result.dat"))
    }
}

