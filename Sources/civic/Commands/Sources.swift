import ArgumentParser
import CivicLoad
import CivicOutput
import CivicQuery
import Foundation

struct Sources: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the loaded sources: file, publisher, licence, period, origin and row counts.",
        discussion: """
        Builds the database from the bundled Datasets/ first when it is missing
        or older than them.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Output format: table, box, csv, tsv, json, jsonl, markdown, html or xlsx (to a file or pipe).")
    var format: Format = .table

    func run() throws {
        if format == .xlsx && isatty(1) != 0 {
            throw ValidationError("a workbook is a binary file, not for a terminal: send it to a file (> sources.xlsx) or a pipe")
        }
        let engine = QueryEngine(connection: try Session.open(database.location))
        var options = QueryRunner.Options()
        options.format = format
        options.decorate = isatty(1) != 0 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        options.terminal = isatty(1) != 0
        options.width = TerminalSize.of(fd: 1)?.columns
        let runner = QueryRunner(engine: engine, out: Terminal.stdout, err: Terminal.errRaw,
                                 bytes: { FileHandle.standardOutput.write(Data($0)) })
        if let failure = Reported(runner.listSources(options)) { throw failure }
    }
}
