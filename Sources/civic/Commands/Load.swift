import ArgumentParser
import CivicLoad
import CivicStorage
import Foundation

struct Load: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load datasets into the database, all or nothing.",
        discussion: """
        With no paths, rebuilds the database from the bundled Datasets/ (with
        the labelled synthetic demo layer unless --no-demo). With paths (files
        or folders), adds those files to the existing database; a file loaded
        before under the same name replaces its earlier rows. Every file needs
        a layout beside it (X.csv → X.layout.json; see Datasets/LAYOUTS.md).

        All or nothing: a failed or interrupted load leaves the database as it
        was. Files added to an existing database are written into it in one
        transaction (its cost follows the files, not the database); a rebuild
        writes a new database beside the old one and renames it into place.
        One load at a time: a second load of the same database waits for the
        first to finish.
        """
    )

    @Argument(help: ArgumentHelp("Data files, layouts or folders to load.", valueName: "path"))
    var paths: [String] = []

    @OptionGroup var database: DatabaseOptions

    @Flag(name: .long, help: "Leave out the synthetic demo layer.")
    var noDemo = false

    func run() throws {
        let datasets = Locations.datasets()
        let rebuild = paths.isEmpty
        if rebuild, !FileManager.default.fileExists(atPath: datasets) {
            throw DatasetsNotFound(database: database.path, looked: Locations.findDatasets().looked)
        }
        let started = Date()
        let progress = Progress.forTerminal()
        do {
            let files = try Loader.layouts(for: rebuild ? [datasets] : paths, includeSynthetic: !noDemo)
            var meta: [String: String] = [:]
            if rebuild { meta = ["datasets": datasets, "demo": noDemo ? "0" : "1"] }
            let summaries: [SourceSummary]
            switch database.location {
            case .file(let path):
                if !rebuild && !FileManager.default.fileExists(atPath: path) {
                    try Locations.ensureDatabase(at: path, datasets: datasets, includeDemo: !noDemo) { Terminal.err($0) }
                }
                summaries = try Loader.load(files, into: path, rebuild: rebuild, meta: meta, progress: progress?.update,
                                            log: { Terminal.err($0) })
            case .server(let conninfo):
                // A server holds only what is loaded into it: files added to an empty one are
                // its whole data (no bundled data is loaded behind them).
                summaries = try PostgresLoad.load(files, into: conninfo, rebuild: rebuild, meta: meta, progress: progress?.update,
                                                  log: { Terminal.err($0) })
            }
            progress?.finish()
            print(SummaryTable.render(summaries))
            let seconds = Date().timeIntervalSince(started)
            let rows = summaries.reduce(0) { $0 + $1.loaded }
            print("loaded \(rows.formatted) rows from \(summaries.count) file\(summaries.count == 1 ? "" : "s") into \(database.path) in \(String(format: "%.1f", seconds)) s")
        } catch {
            progress?.finish()
            // An error that stops the load before it writes is a failed load of one error.
            if let e = error as? LoadError { throw LoadFailure(e) }
            // The database failed under the load (a full disk): the load is rolled back, and
            // the message names the database, not the temporary file a rebuild writes.
            if let e = error as? StorageError, e.kind != .other {
                throw LoadFailure(LoadError(.databaseWriteFailed, file: database.path, line: 0, column: 0, e.about(database.path).reason)
                    .refused(e.systemFailure))
            }
            throw error
        }
    }
}

/// Rows and rows/s on stderr while a load runs, when stderr is a terminal and the load takes
/// over a second.
final class Progress {
    private let start = Date()
    private var shown = false
    private var lastFile = ""
    private var done = 0
    private var fileRows = 0

    static func forTerminal() -> Progress? { isatty(2) != 0 ? Progress() : nil }

    func update(_ file: String, _ rows: Int) {
        if file != lastFile { done += fileRows; lastFile = file }
        fileRows = rows
        let elapsed = Date().timeIntervalSince(start)
        guard elapsed > 1 else { return }
        shown = true
        let total = done + rows
        let rate = Int(Double(total) / elapsed)
        Terminal.errRaw("\r\u{1B}[K\(file): \(rows.formatted) rows — \(total.formatted) in all, \(rate.formatted) rows/s")
    }

    func finish() { if shown { Terminal.errRaw("\r\u{1B}[K") } }
}

enum SummaryTable {
    static func render(_ s: [SourceSummary]) -> String {
        let header = ["source", "kind", "origin", "read", "loaded", "repaired", "skipped", "rejected"]
        let rows = s.map { [$0.file, $0.kind, $0.synthetic ? "synthetic" : "real", $0.read.formatted, $0.loaded.formatted,
                            $0.repaired.formatted, $0.skipped.formatted, $0.rejected.formatted] }
        return TextTable.render(header: header, rows: rows, rightAligned: Set(3..<8))
    }
}
