import ArgumentParser
import CivicOutput
import CivicProfile
import CivicQuery
import CivicStorage
import Foundation

struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "A one-page profile of a ward, council, constituency, body or person.",
        discussion: """
        civic profile ward "Bromford & Hodge Hill"
        civic profile council "Manchester" -o manchester.html
        civic profile constituency "Birmingham, Hodge Hill" --format markdown
        civic profile school "Hodge Hill School"
        civic profile person "Rob Pocock" --format json

        The kind is ward, council, constituency, council area, region, county,
        country, police force area, fire and rescue area, area, person, or any
        kind of institution loaded (school, academy, nhs trust, youth centre …).

        A profile has sections: the place (codes, the areas it lies in and
        holds, its population), who represents it (councillors, candidates),
        the bodies in it and who governs them, the money (budget by service
        line, spending by category, by month and by supplier, per head where a
        population is loaded, and its rank among its neighbours), people with
        several offices, or for a person every office and the bodies' money;
        then the coverage notes and every source used.

        Every figure is the answer to a numbered civic query shown beside it:
        `civic query '<query>'` runs it again, --explain prints each query's
        SQL, and the JSON holds each query with its rows (docs/PROFILE.md).
        Formats: table (the terminal), markdown, json, html (one page with
        inline SVG charts, nothing fetched from the network); -o FILE takes
        the format from its extension.

        Exit codes: 0, 64 usage, 65 no such name, 66 no database, 70 internal
        error, 73 cannot create the output, 75 time limit reached.
        """
    )

    @Argument(help: ArgumentHelp("The kind and the name: ward \"Bromford & Hodge Hill\".", valueName: "kind name"))
    var words: [String] = []

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Output format: table, markdown, json or html.")
    var format: Format?

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the profile to a file (the format from its extension).", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Print each of the profile's queries, its SQL and bound parameters, and stop.")
    var explain = false

    @Option(name: .long, help: ArgumentHelp("Stop any one of the profile's queries that runs longer than this; 0 for no limit.", valueName: "seconds"))
    var timeout: Double = Query.defaultTimeout

    /// The format from --format, else -o's extension, else the terminal's table.
    func chosenFormat() throws -> Format {
        let f = format ?? output.flatMap(Format.from(fileName:)) ?? .table
        guard ProfileRunner.formats.contains(f) else {
            throw ValidationError("a profile is written as table, markdown, json or html, not \(f.rawValue)")
        }
        return f
    }

    func validate() throws {
        _ = try SubjectCommand.subject(words, command: "profile")
        if let output, format == nil, Format.from(fileName: output) == nil {
            throw ValidationError("\(OutputFile.UnknownFormat(path: output)), or give --format")
        }
        _ = try chosenFormat()
    }

    func run() throws {
        let subject = try SubjectCommand.subject(words, command: "profile")
        var options = QueryRunner.Options()
        options.format = try chosenFormat()
        options.explain = explain
        let toTerminal = output == nil && isatty(1) != 0
        options.terminal = toTerminal
        options.decorate = toTerminal && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        if toTerminal { options.width = TerminalSize.of(fd: 1)?.columns }
        try SubjectCommand.run(database, output: output, timeout: timeout, options) { $0.run(subject, $1) }
    }
}

/// What `civic profile` and `civic network` share: the subject from the words on the command
/// line, and a run that writes to standard output or, only when it succeeds, to `-o`'s file.
enum SubjectCommand {
    /// The subject: the last word is the name, those before it the kind.
    static func subject(_ words: [String], command: String) throws -> ProfileSubject {
        guard words.count >= 2, let name = words.last, !name.isEmpty else {
            throw ValidationError("give a kind and a name: civic \(command) ward \"Bromford & Hodge Hill\"")
        }
        return ProfileSubject(kindWords: words.dropLast().joined(separator: " "), name: name)
    }

    /// Opens the database, runs `body` with a runner writing to `output` (or standard output)
    /// under the time limit and Ctrl-C, and puts the file in place only when it succeeded.
    static func run(_ database: DatabaseOptions, output: String?, timeout: Double, _ given: QueryRunner.Options,
                    _ body: (ProfileRunner, QueryRunner.Options) -> QueryRunner.Outcome) throws {
        var options = given
        let file = try output.map { try OutputFile(path: $0, database: database.path) }
        let engine = QueryEngine(connection: try Session.open(database.location), timeLimit: timeout > 0 ? timeout : nil)
        options.timeLimit = engine.timeLimit
        let interrupts = Interrupts(engine.interruptHandle)
        defer { interrupts.stop() }
        let out: Sink = file.map { f in { f.write($0) } } ?? Terminal.stdout
        if let failure = Reported(body(ProfileRunner(engine: engine, out: out, err: Terminal.errRaw), options)) {
            file?.discard()
            throw failure
        }
        if let file {
            try file.commit()
            Terminal.err("wrote \(file.path)")
        }
    }
}
