import ArgumentParser
import CivicLoad
import CivicStorage

struct Sources: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the loaded sources: file, publisher, licence, period, origin and row counts.",
        discussion: """
        Builds the database from the bundled Datasets/ first when it is missing
        or older than them.
        """
    )

    @OptionGroup var database: DatabaseOptions

    func run() throws {
        do {
            try Locations.ensureDatabase(at: database.path, datasets: Locations.datasets()) { Terminal.err($0) }
        } catch let failure as LoadFailure {
            Terminal.err(failure.description)
            throw ExitCode(65)
        }
        let db = try Database(path: database.path, readOnly: true)
        let rows = try db.rows("""
            SELECT file, kind, publisher, licence, coalesce(period_start, ''), coalesce(period_end, ''),
                   CASE synthetic WHEN 1 THEN 'synthetic' ELSE 'real' END, rows_loaded
            FROM sources ORDER BY synthetic, kind, file
            """)
        let header = ["file", "kind", "publisher", "licence", "from", "to", "origin", "rows"]
        print(TextTable.render(header: header, rows: rows.map { $0.map { $0.string ?? "" } }, rightAligned: [7]))
    }
}
