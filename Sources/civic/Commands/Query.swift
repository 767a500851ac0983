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
        Formats: table, box, csv, tsv, json, jsonl, markdown, html; -o FILE
        takes the format from the file's extension. In CSV and TSV a cell
        starting =, +, - or @ is prefixed with ' so that spreadsheets never
        run it as a formula.

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

    @Option(name: .long, help: "Output format: table, box, csv, tsv, json, jsonl, markdown or html.")
    var format: Format?

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the result to a file; the format comes from its extension.", valueName: "file"))
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
        if let output, format == nil, Format.from(fileName: output) == nil {
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

        let engine = QueryEngine(connection: try Session.open(database.path), timeLimit: timeout > 0 ? timeout : nil)
        var options = QueryRunner.Options()
        options.cite = cite
        options.explain = explain
        options.verbose = verbose
        options.timeLimit = engine.timeLimit
        var sink: Sink = Terminal.stdout
        var toTerminal = isatty(1) != 0
        var outputFile: OutputFile?
        if let output {
            options.format = format ?? Format.from(fileName: output) ?? .table
            let file = try OutputFile(path: output, database: database.path)
            outputFile = file
            sink = { file.write($0) }
            toTerminal = false
        } else {
            options.format = format ?? .table
        }
        options.decorate = toTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        options.terminal = toTerminal
        var err: Sink = Terminal.errRaw
        // On a terminal, tables fit its width and a result taller than it goes through the pager.
        var pager: Pager?
        if toTerminal {
            options.width = TerminalSize.of(fd: 1)?.columns
            if let p = Pager.forTerminal(enabled: !noPager) {
                pager = p
                p.onQuit = { [handle = engine.interruptHandle] in handle.interrupt() }
                sink = { p.write($0) }
                err = { p.writeError($0) }
            }
        }
        let runner = QueryRunner(engine: engine, out: sink, err: err)
        // Ctrl-C stops the query running and the rest of the script.
        let interrupts = Interrupts(engine.interruptHandle)
        defer { interrupts.stop() }
        // Waits for the pager, while Ctrl-C is still taken from its default.
        defer { pager?.finish() }
        // A bad query is reported as it comes and the others still run; the worst decides the exit.
        var worst: Reported?
        for (i, (q, offset)) in queries.enumerated() {
            if interrupts.received {
                worst = .cancelled
                Terminal.err("query cancelled")
                break
            }
            if i > 0 && (options.format == .table || options.format == .box) { sink("\n") }
            let origin = scriptName.map { DiagnosticRenderer.Origin(file: $0, line: QueryScript.line(at: offset, in: script)) }
            let outcome = runner.run(q, options, origin: origin)
            // Quitting the pager stops the query and the rest; it is no failure.
            if pager?.quit == true { break }
            if let failure = Reported(outcome) { worst = max(worst ?? failure, failure) }
            if worst == .cancelled { break }
        }
        if let output, let outputFile {
            // The file is put in place only when every query has succeeded.
            if let worst {
                outputFile.discard()
                Terminal.err("nothing written to \(output): \(queries.count > 1 ? "a query" : "the query") failed")
                throw worst
            }
            try outputFile.commit()
            Terminal.err("wrote \(output)")
        }
        if let worst { throw worst }
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

/// Opening the database, building it first when needed. A failed build throws its load
/// errors, which `Exit` prints.
enum Session {
    static func open(_ path: String) throws -> Database {
        try Locations.ensureDatabase(at: path, datasets: Locations.datasets()) { Terminal.err($0) }
        return try Database(path: path, readOnly: true)
    }
}
