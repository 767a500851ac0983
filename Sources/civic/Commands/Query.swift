import ArgumentParser
import CivicDiagnostics
import CivicLoad
import CivicOutput
import CivicQuery
import CivicStorage
import Foundation

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask a question in civic's query language.",
        discussion: """
        Example: civic query 'councillors in ward "Hodge Hill"'
        The database is built from the bundled Datasets/ first when it is missing or older than them.
        Exit codes: 0 (also when there are no rows), 64 usage, 65 bad query, 70 internal error.
        """
    )

    @Argument(help: ArgumentHelp("The query.", valueName: "query"))
    var text: String

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Output format: table, csv or json.")
    var format: Format = .table

    @Flag(name: .long, help: "Print the SQL the query compiles to and its bound parameters, and stop.")
    var explain = false

    @Flag(name: .long, help: "Print how each name in the query resolved, on stderr.")
    var verbose = false

    func run() throws {
        let db = try Session.open(database.path)
        let compiled: CompiledQuery
        do {
            compiled = try QueryEngine.compile(text, db: db)
        } catch let d as Diagnostic {
            Terminal.err(DiagnosticRenderer.render(d, source: text))
            throw ExitCode(65)
        } catch let ds as Diagnostics {
            Terminal.err(DiagnosticRenderer.render(ds.items, source: text))
            throw ExitCode(65)
        }
        if verbose { for r in compiled.resolutions { Terminal.err(r) } }
        if explain {
            print(Explain.render(compiled))
            return
        }
        do {
            try Session.run(compiled, db: db, format: format)
        } catch let e as StorageError {
            Terminal.err("internal error: the query failed in SQLite (\(e.message)); run with --explain to see the SQL")
            throw ExitCode(70)
        }
    }
}

extension Format: ExpressibleByArgument {}

enum Explain {
    static func render(_ c: CompiledQuery) -> String {
        var lines = [c.sql, "", "parameters:"]
        if c.parameters.isEmpty { lines.append("  (none)") }
        for (i, p) in c.parameters.enumerated() {
            let shown: String
            switch p {
            case .text(let s): shown = JSONWriter.string(s)
            default: shown = p.description
            }
            lines.append("  ?\(i + 1) = \(shown)")
        }
        return lines.joined(separator: "\n")
    }
}

/// Opening the database (building it first when needed) and running compiled queries.
enum Session {
    static func open(_ path: String) throws -> Database {
        do {
            try Locations.ensureDatabase(at: path, datasets: Locations.datasets()) { Terminal.err($0) }
        } catch let failure as LoadFailure {
            Terminal.err(failure.description)
            throw ExitCode(65)
        } catch let e as LoadError {
            Terminal.err(e.description)
            throw ExitCode(65)
        }
        return try Database(path: path, readOnly: true)
    }

    static func run(_ compiled: CompiledQuery, db: Database, format: Format) throws {
        if compiled.chart && format == .table {
            let result = try QueryEngine.execute(compiled, db: db)
            print(Chart.render(result, unicode: isatty(1) != 0), terminator: "")
            let footer = Footer(rows: result.rows.count, syntheticRows: result.syntheticRows)
            if let w = footer.syntheticWarning { print(w) }
            return
        }
        let out: Sink = { s in FileHandle.standardOutput.write(s.data(using: .utf8)!) }
        var writer: any ResultWriter
        switch format {
        case .table: writer = TableWriter(out: out)
        case .csv: writer = CSVWriter(out: out)
        case .json: writer = JSONWriter(out: out)
        }
        writer.begin(columns: compiled.columns)
        var rows = 0, synthetic = 0
        try QueryEngine.run(compiled, db: db) { values, syn in
            rows += 1
            if syn { synthetic += 1 }
            writer.row(values, synthetic: syn)
        }
        writer.end(footer: Footer(rows: rows, syntheticRows: synthetic))
    }
}
