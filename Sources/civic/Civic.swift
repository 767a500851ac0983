import ArgumentParser
import Foundation

@main
struct Civic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civic",
        abstract: "Find out who runs local public institutions and what they spend.",
        discussion: """
        civic loads UK public datasets (areas, institutions, people and roles,
        budgets, spending) into a documented SQLite database, validating every
        row, and answers questions about them in a small query language.
        With no subcommand it starts the REPL on a terminal, or runs the
        queries piped to it.

        Exit codes: 0 success, 64 usage error, 65 bad data or query,
        66 no input (no database and no bundled data found), 70 internal error.
        """,
        version: CivicVersion.string,
        subcommands: [Query.self, Repl.self, Load.self, Sources.self, Schema.self, Datasette.self]
    )

    @OptionGroup var database: DatabaseOptions

    /// Parses the command line and runs the command. Whatever fails, in parsing or in running,
    /// ends civic through `Exit`, so that every error gets its one documented exit code.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            Exit.fail(with: error)
        }
    }

    /// `civic` alone: the REPL on a terminal, else the queries piped in.
    mutating func run() throws {
        let db = database.db.map { ["--db", $0] } ?? []
        if isatty(0) != 0 && isatty(1) != 0 {
            try Repl.parse(db).run()
        } else {
            try Query.parse(["-"] + db).run()
        }
    }
}

/// Options every command that reads the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database file.", valueName: "path"))
    var db: String?

    var path: String { db ?? CivicLoad.Locations.defaultDatabase() }

    /// A server's connection string is not a file: civic would otherwise make a folder named
    /// `postgresql:` and a SQLite file in it. Said before anything is opened or created.
    func validate() throws {
        let given = db ?? ProcessInfo.processInfo.environment["CIVIC_DB"] ?? ""
        let lower = given.lowercased()
        if lower.hasPrefix("postgresql:") || lower.hasPrefix("postgres:") {
            throw ValidationError("""
                \(db == nil ? "CIVIC_DB" : "--db") names a PostgreSQL server, which this civic cannot use yet: \
                it reads and writes SQLite database files. Give the path of a database file (or none, for the default)
                """)
        }
    }
}

import CivicLoad
