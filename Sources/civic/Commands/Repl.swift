import ArgumentParser
import CivicLoad
import CivicQuery
import CivicREPL
import Foundation

struct Repl: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explore at an interactive prompt (also: civic with no arguments on a terminal).",
        discussion: """
        History is kept in $XDG_DATA_HOME/civic/history
        (by default ~/.local/share/civic/history). Type .help at the prompt.
        Tables fit the terminal's width; a result taller than the screen goes
        through $CIVIC_PAGER, else $PAGER, else less -SRFX (.pager off, or
        either variable set empty, turns that off). .timer on shows how long
        each query took.
        """
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        let engine = QueryEngine(connection: try Session.open(database.location))
        let repl = try REPL(engine: engine, historyFile: Repl.historyFile())
        repl.run()
    }

    static func historyFile() -> String {
        let env = ProcessInfo.processInfo.environment
        let base: String
        if let x = env["XDG_DATA_HOME"], !x.isEmpty { base = x } else { base = (env["HOME"] ?? NSHomeDirectory()) + "/.local/share" }
        let dir = base + "/civic"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir + "/history"
    }
}
