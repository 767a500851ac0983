import ArgumentParser
import CivicStorage
import Foundation

@main
struct Civic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "civic",
        abstract: "Find out who runs local public institutions and what they spend.",
        discussion: """
        civic loads UK public datasets (areas, institutions, people and roles,
        budgets, spending) into a documented SQLite database, validating every
        row, and answers questions about them in a small query language. With
        --db postgresql://user@host/db (or CIVIC_DB) it loads and queries a
        shared PostgreSQL server instead.
        With no subcommand it starts the REPL on a terminal, or runs the
        queries piped to it.

        Exit codes: 0 success, 64 usage error, 65 bad data or query,
        66 no input (no database and no bundled data found), 70 internal error.
        """,
        version: CivicVersion.string,
        subcommands: [Query.self, Repl.self, Load.self, Sources.self, Schema.self, ProfileCommand.self, NetworkCommand.self, Datasette.self]
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
    @Option(name: .long, help: ArgumentHelp(
        "The database: a SQLite file's path, or a PostgreSQL server's (postgresql://user@host/db, or postgresql: for the PG* environment variables).",
        valueName: "path|url"))
    var db: String?

    /// Where the database is: `--db`, else `CIVIC_DB`, else the default SQLite file.
    var location: DatabaseLocation { DatabaseLocation(db ?? CivicLoad.Locations.defaultDatabase()) }

    /// The SQLite file's path, or the server's address (without its password) for messages.
    var path: String { location.display }

    /// A server's address in any other form than the two civic reads would be taken for a
    /// file's path (a folder named `postgresql:`): said before anything is opened or created.
    func validate() throws {
        let given = db ?? ProcessInfo.processInfo.environment["CIVIC_DB"] ?? ""
        let lower = given.lowercased()
        if (lower.hasPrefix("postgresql:") || lower.hasPrefix("postgres:")), case .file = DatabaseLocation(given) {
            throw ValidationError("""
                \(db == nil ? "CIVIC_DB" : "--db") looks like a PostgreSQL server's address but is not one civic reads: \
                write postgresql://user@host:port/database, or postgresql: alone for the PG* environment variables
                """)
        }
    }
}

import CivicLoad
