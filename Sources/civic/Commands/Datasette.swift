import ArgumentParser
import CivicDiagnostics
import CivicLoad
import CivicStorage
import Foundation

struct Datasette: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the database's metadata for Datasette and print the command to serve it.",
        discussion: """
        Writes NAME.metadata.json beside the database (civic.sqlite →
        civic.metadata.json): for every table and view, its description, the
        licence and publisher of the files its rows come from, and the units
        of its money columns. Then prints the command that serves the
        database with it. Builds the database from the bundled Datasets/
        first when it is missing or older than them.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: ArgumentHelp("Where to write the metadata (default: beside the database).", valueName: "path"))
    var metadata: String?

    func run() throws {
        if case .server = database.location {
            throw ValidationError("Datasette serves SQLite files, not a PostgreSQL server: give --db the path of a civic database file")
        }
        guard let db = try Session.open(database.location) as? Database else { return }
        let dbURL = URL(fileURLWithPath: database.path)
        let name = dbURL.deletingPathExtension().lastPathComponent
        let out = metadata ?? dbURL.deletingLastPathComponent().appendingPathComponent(name + ".metadata.json").path
        let data = try DatasetteMetadata.json(for: db, name: name)
        do {
            try data.write(to: URL(fileURLWithPath: out), options: .atomic)
        } catch {
            let code = ((error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError)?.code
            throw FileFailure(path: out, action: "write", errno: Int32(code ?? Int(EIO)))
        }
        Terminal.err("wrote \(out)")
        print(Self.command(database: database.path, metadata: out))
    }

    /// The command that serves the database. The bundled data facets payments_view by payer or
    /// category in under 0.1 s, within Datasette's default limit (0.2 s); a national database
    /// of 5 million payments takes 2 to 3 s, so the limits are raised, and Datasette's
    /// suggested facets (a count per column on every page) are turned off.
    static func command(database: String, metadata: String) -> String {
        "datasette serve \(quoted(database)) -m \(quoted(metadata)) --setting facet_time_limit_ms 5000 --setting sql_time_limit_ms 5000 --setting suggest_facets off"
    }

    /// `path` as one shell word.
    static func quoted(_ path: String) -> String {
        let plain = path.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "/._-+,:@".unicodeScalars.contains($0) }
        return plain ? path : "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
