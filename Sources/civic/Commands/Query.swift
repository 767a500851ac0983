import ArgumentParser
import CivicDiagnostics
import CivicLoad
import CivicOutput
import CivicQuery
import CivicStorage
import Foundation

struct Query: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Ask questions in civic's query language.",
        discussion: """
        civic query 'councillors in ward "Hodge Hill"'
        civic query - < queries.civic     (or pipe queries in with no argument)
        civic query -f queries.civic      (several queries separated by ";")

        Phrases narrow the rows: in ward|council|constituency "X" (all that
        is placed there, which may span several bodies), of council "X" (one
        body's members: councillors of council "Birmingham"), by / paid by
        council "X", spending on "X", named "X", during 2023 | fy 2023/24,
        over £100k, under £1m, where <condition>. Notes beneath a result say
        what it may leave out (also in JSON meta.notes).

        Results go to stdout; errors, notes and warnings to stderr. With no
        terminal, or with NO_COLOR set, there is no colour or decoration.
        On a terminal, tables fit its width (long text is cut with …; money
        and numbers never are), and a result taller than the screen goes
        through $CIVIC_PAGER, else $PAGER, else less -SRFX; --no-pager, or
        either variable set empty, writes it straight out.
        Formats: table, box, csv, tsv, json, jsonl, markdown, html, xlsx; -o
        FILE takes the format from the file's extension. In CSV and TSV a cell
        starting =, +, - or @ is prefixed with ' so that spreadsheets never
        run it as a formula. xlsx is a workbook (money, dates and codes typed,
        the sources on a second sheet): to a file or a pipe, never a terminal.

        Rows that draw on the synthetic demo layer: marked * in a table; in
        every other format a column "demo" says "synthetic" (demo data only)
        or "mixed" (real and demo data), empty for real rows. The column is
        there whenever a result holds such a row.

        Several queries (-f or stdin): JSON is one document,
        {"results": [{"query": 1, ...}, ...]}; JSON Lines has "query": N on
        every line. CSV, TSV and xlsx hold one table, so several are refused
        unless -o names a folder (-o out/: out/1.csv, out/2.csv ...) or a
        pattern (-o 'week-{n}.csv').

        The database is built from the bundled Datasets/ first when it is
        missing or older than them.

        Each query stops after --timeout seconds (120 unless given; 0 for
        none). Ctrl-C stops the running query and the rest: "query cancelled".
        With -o, the file is written only when every query succeeds; an
        existing file is otherwise left as it was. civic never writes a result
        onto the database it reads, or onto any SQLite file.

        Exit codes: 0 (also when there are no rows), 64 usage, 65 bad query or
        data, 66 no such input, 70 internal error, 73 cannot create the
        output, 74 input/output error (a full disk), 75 time limit reached or
        database busy, 77 permission denied, 130 cancelled.
        """
    )

    @Argument(help: ArgumentHelp("The query; - reads queries from standard input.", valueName: "query"))
    var text: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("Read queries from a file (- for standard input), separated by \";\".", valueName: "file"))
    var file: String?

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Output format: table, box, csv, tsv, json, jsonl, markdown, html or xlsx.")
    var format: Format?

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the result to a file (the format from its extension), or each query's to FOLDER/N.EXT or a pattern with {n}.", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Add the query and the sources the rows came from (publisher, licence, period, file).")
    var cite = false

    @Flag(name: .long, help: "Print the SQL each query compiles to and its bound parameters, and stop.")
    var explain = false

    @Flag(name: .long, help: "Print how each name in the query resolved, on stderr.")
    var verbose = false

    @Flag(name: .long, help: "On a terminal, write a result taller than the screen straight out rather than through the pager.")
    var noPager = false

    func validate() throws {
        if text != nil && file != nil { throw ValidationError("give a query or -f FILE, not both") }
        if explain && (format == .xlsx || (format == nil && output.flatMap(Format.from(fileName:)) == .xlsx)) {
            throw ValidationError("--explain prints the SQL as text, which a workbook does not hold: leave out --format xlsx and -o FILE.xlsx")
        }
        if let output, format == nil, Format.from(fileName: output) == nil, !output.hasSuffix("/"), !Query.isFolder(output), !output.contains("{n}") {
            throw ValidationError("\(OutputFile.UnknownFormat(path: output)), or give --format")
        }
    }

    @Option(name: .long, help: ArgumentHelp("Stop a query that runs longer than this; 0 for no limit.", valueName: "seconds"))
    var timeout: Double = Query.defaultTimeout

    /// The time limit a query has unless `--timeout` says otherwise: long enough for any
    /// summary of the national data here (the slowest takes a few seconds), short enough that
    /// a script never waits on a runaway query for good.
    static let defaultTimeout = 120.0

    func run() throws {
        // Where the queries come from: the argument, a file, or standard input.
        let script: String
        var scriptName: String?
        if let file, file == "-" {
            script = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            scriptName = "<stdin>"
        } else if let file {
            script = try Query.readScript(file)
            scriptName = file
        } else if let text, text != "-" {
            script = text
        } else if text == "-" || isatty(0) == 0 {
            script = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            scriptName = "<stdin>"
        } else {
            throw ValidationError("give a query, - to read queries from standard input, or -f FILE")
        }
        let queries = (text != nil && text != "-") ? [(text: script, offset: 0)] : QueryScript.split(script)
        guard !queries.isEmpty else { throw ValidationError("no query to run") }
        // A script's queries are numbered in JSON, JSON Lines and file names (from 1).
        let fromScript = scriptName != nil
        let plan = try Query.outputPlan(output: output, format: format, queries: queries.count, toTerminal: isatty(1) != 0)

        let engine = QueryEngine(connection: try Session.open(database.location), timeLimit: timeout > 0 ? timeout : nil)
        var options = QueryRunner.Options()
        options.cite = cite
        options.explain = explain
        options.verbose = verbose
        options.timeLimit = engine.timeLimit
        options.format = plan.format
        // A file for each query (-o FOLDER/ or -o 'name-{n}.csv'), or one for all, or stdout.
        var files: [OutputFile] = []
        var paths: [String] = []
        let toTerminal = output == nil && isatty(1) != 0
        if let output {
            paths = plan.eachQuery.map { name in (1...queries.count).map(name) } ?? [output]
            for path in paths { files.append(try OutputFile(path: path, database: database.path)) }
        }
        options.decorate = toTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        options.terminal = toTerminal
        var screen: Sink = Terminal.stdout
        var err: Sink = Terminal.errRaw
        // On a terminal, tables fit its width and a result taller than it goes through the pager.
        var pager: Pager?
        if toTerminal {
            options.width = TerminalSize.of(fd: 1)?.columns
            if let p = Pager.forTerminal(enabled: !noPager) {
                pager = p
                p.onQuit = { [handle = engine.interruptHandle] in handle.interrupt() }
                screen = { p.write($0) }
                err = { p.writeError($0) }
            }
        }
        let stdout = screen
        let current = CurrentFile()
        // JSON from a script is one document holding each query's result; a comma goes before
        // each result after the first that was written.
        let oneDocument = fromScript && options.format == .json && plan.eachQuery == nil
        let sink: Sink = { s in
            if !current.separator.isEmpty { let sep = current.separator; current.separator = ""; current.write(sep, files, stdout) }
            current.wrote = true
            current.write(s, files, stdout)
        }
        let bytes: ([UInt8]) -> Void = { b in
            current.wrote = true
            if files.isEmpty { FileHandle.standardOutput.write(Data(b)) } else { files[current.index].write(bytes: b) }
        }
        let runner = QueryRunner(engine: engine, out: sink, err: err, bytes: bytes)
        // Ctrl-C stops the query running and the rest of the script.
        let interrupts = Interrupts(engine.interruptHandle)
        defer { interrupts.stop() }
        // Waits for the pager, while Ctrl-C is still taken from its default.
        defer { pager?.finish() }
        if oneDocument { current.write("{\"results\": [\n", files, stdout) }
        // A bad query is reported as it comes and the others still run; the worst decides the exit.
        var worst: Reported?
        for (i, (q, offset)) in queries.enumerated() {
            if interrupts.received {
                worst = .cancelled
                Terminal.err("query cancelled")
                break
            }
            if plan.eachQuery != nil { current.index = i }
            if i > 0 && plan.eachQuery == nil && (options.format == .table || options.format == .box) { sink("\n") }
            if oneDocument && current.wrote { current.separator = ",\n" }
            options.queryNumber = fromScript && (options.format == .json || options.format == .jsonl) ? i + 1 : nil
            let origin = scriptName.map { DiagnosticRenderer.Origin(file: $0, line: QueryScript.line(at: offset, in: script)) }
            let outcome = runner.run(q, options, origin: origin)
            // Quitting the pager stops the query and the rest; it is no failure.
            if pager?.quit == true { break }
            if let failure = Reported(outcome) { worst = max(worst ?? failure, failure) }
            current.separator = ""
            if worst == .cancelled { break }
        }
        if oneDocument { current.write("]}\n", files, stdout) }
        if let output, !files.isEmpty {
            // The files are put in place only when every query has succeeded.
            if let worst {
                for f in files { f.discard() }
                Terminal.err("nothing written to \(output): \(queries.count > 1 ? "a query" : "the query") failed")
                throw worst
            }
            for f in files { try f.commit() }
            Terminal.err("wrote " + paths.joined(separator: ", "))
        }
        if let worst { throw worst }
    }

    static func isFolder(_ path: String) -> Bool {
        var isFolder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
    }

    /// Where results go and in what format, decided before anything runs.
    struct OutputPlan {
        var format: Format
        /// The file for each query, by its number from 1, when `-o` names a folder or a pattern.
        var eachQuery: ((Int) -> String)?
    }

    /// The format and files for `-o` and `--format`. Several result tables never run into one
    /// CSV, TSV or xlsx stream: unless `-o` names a folder (`out/`: `out/1.csv`, `out/2.csv` …)
    /// or a pattern with `{n}` (`week-{n}.csv`), that is a usage error. A workbook is never
    /// written to a terminal.
    static func outputPlan(output: String?, format: Format?, queries: Int, toTerminal: Bool) throws -> OutputPlan {
        var plan = OutputPlan(format: format ?? .table)
        if let output {
            var isFolder: ObjCBool = false
            if output.contains("{n}") {
                plan.format = format ?? Format.from(fileName: output) ?? .table
                plan.eachQuery = { n in output.replacingOccurrences(of: "{n}", with: String(n)) }
            } else if output.hasSuffix("/") || (FileManager.default.fileExists(atPath: output, isDirectory: &isFolder) && isFolder.boolValue) {
                guard FileManager.default.fileExists(atPath: output, isDirectory: &isFolder), isFolder.boolValue else {
                    throw ValidationError("there is no folder \"\(output)\" to write the results into: make it first")
                }
                plan.format = format ?? .csv
                let folder = output.hasSuffix("/") ? output : output + "/"
                let ext = plan.format.fileExtension
                plan.eachQuery = { n in "\(folder)\(n).\(ext)" }
            } else {
                plan.format = format ?? Format.from(fileName: output) ?? .table
            }
        } else if plan.format == .xlsx && toTerminal {
            throw ValidationError("a workbook is a binary file, not for a terminal: write it with -o FILE.xlsx, or send it to a file or pipe")
        }
        if queries > 1 && plan.eachQuery == nil && (plan.format == .csv || plan.format == .tsv || plan.format == .xlsx) {
            let ext = plan.format.fileExtension
            throw ValidationError("""
                \(queries) queries give \(queries) result tables, which one \(plan.format.rawValue.uppercased()) \(plan.format == .xlsx ? "workbook" : "stream") cannot hold apart: \
                write each to its own file with -o FOLDER/ (1.\(ext), 2.\(ext) …) or -o 'name-{n}.\(ext)', or use --format json for one document
                """)
        }
        return plan
    }

    /// A script's text; a missing, unreadable or non-UTF-8 file is a `FileFailure`.
    static func readScript(_ path: String) throws -> String {
        guard let h = FileHandle(forReadingAtPath: path) else { throw FileFailure(path: path, action: "read", errno: errno) }
        defer { try? h.close() }
        let data: Data
        do { data = try h.readToEnd() ?? Data() } catch { throw FileFailure(path: path, action: "read", errno: EIO) }
        guard let s = String(data: data, encoding: .utf8) else {
            throw FileFailure(path: path, action: "read", reason: "it is not UTF-8 text", failure: .noInput)
        }
        return s
    }
}

extension Format: ExpressibleByArgument {}

/// Which of the output files a query's result goes to, and what is still to be written before it.
final class CurrentFile {
    var index = 0
    var separator = ""
    var wrote = false

    func write(_ s: String, _ files: [OutputFile], _ stdout: Sink) {
        if files.isEmpty { stdout(s) } else { files[index].write(s) }
    }
}

/// Opening the database, building it first when needed. A failed build throws its load
/// errors, which `Exit` prints.
enum Session {
    /// A query connection: to the SQLite file (built from the bundled data first when needed),
    /// or to the server, read-only there.
    static func open(_ location: DatabaseLocation) throws -> any Connection {
        switch location {
        case .file(let path):
            try Locations.ensureDatabase(at: path, datasets: Locations.datasets()) { Terminal.err($0) }
            return try Database(path: path, readOnly: true)
        case .server(let conninfo):
            return try PostgresConnection(conninfo: conninfo, readOnly: true)
        }
    }
}
