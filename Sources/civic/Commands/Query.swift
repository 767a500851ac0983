import ArgumentParser
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

        Results go to stdout; errors, notes and warnings to stderr. With no
        terminal, or with NO_COLOR set, there is no colour or decoration.
        Formats: table, box, csv, tsv, json, jsonl, markdown, html; -o FILE
        takes the format from the file's extension. In CSV and TSV a cell
        starting =, +, - or @ is prefixed with ' so that spreadsheets never
        run it as a formula.

        The database is built from the bundled Datasets/ first when it is
        missing or older than them.

        Exit codes: 0 (also when there are no rows), 64 usage, 65 bad query,
        70 internal error, 130 cancelled.
        """
    )

    @Argument(help: ArgumentHelp("The query; - reads queries from standard input.", valueName: "query"))
    var text: String?

    @Option(name: .customShort("f"), help: ArgumentHelp("Read queries from a file, separated by \";\".", valueName: "file"))
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

    func validate() throws {
        if text != nil && file != nil { throw ValidationError("give a query or -f FILE, not both") }
        if let output, format == nil, Format.from(fileName: output) == nil {
            throw ValidationError("cannot tell the format from \"\(output)\": name it .csv, .tsv, .json, .jsonl, .md, .html or .txt, or give --format")
        }
    }

    func run() throws {
        // Where the queries come from: the argument, a file, or standard input.
        let script: String
        if let file {
            guard let data = FileManager.default.contents(atPath: file), let s = String(data: data, encoding: .utf8) else {
                throw ValidationError("cannot read \(file)")
            }
            script = s
        } else if let text, text != "-" {
            script = text
        } else if text == "-" || isatty(0) == 0 {
            script = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        } else {
            throw ValidationError("give a query, - to read queries from standard input, or -f FILE")
        }
        let queries = (text != nil && text != "-") ? [(script, 0)] : QueryScript.split(script)
        guard !queries.isEmpty else { throw ValidationError("no query to run") }

        let engine = QueryEngine(connection: try Session.open(database.path))
        var options = QueryRunner.Options()
        options.cite = cite
        options.explain = explain
        options.verbose = verbose
        var sink: Sink = Terminal.stdout
        var toTerminal = isatty(1) != 0
        var fileHandle: FileHandle?
        if let output {
            options.format = format ?? Format.from(fileName: output) ?? .table
            guard FileManager.default.createFile(atPath: output, contents: nil), let h = FileHandle(forWritingAtPath: output) else {
                throw ValidationError("cannot write \(output)")
            }
            fileHandle = h
            sink = { h.write(Data($0.utf8)) }
            toTerminal = false
        } else {
            options.format = format ?? .table
        }
        defer { try? fileHandle?.close() }
        options.decorate = toTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        options.terminal = toTerminal
        let runner = QueryRunner(engine: engine, out: sink, err: Terminal.errRaw)
        // A bad query is reported as it comes and the others still run; the worst decides the exit.
        var worst: Reported?
        for (i, (q, _)) in queries.enumerated() {
            if i > 0 && (options.format == .table || options.format == .box) { sink("\n") }
            if let failure = Reported(runner.run(q, options)) { worst = max(worst ?? failure, failure) }
        }
        if let worst { throw worst }
        if let output { Terminal.err("wrote \(output)") }
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
