import ArgumentParser
import CivicOutput
import CivicProfile
import CivicQuery
import CivicStorage
import Foundation

struct NetworkCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "network",
        abstract: "The people–body graph of a ward, council, body or person, for Gephi or Graphviz.",
        discussion: """
        civic network ward "Bromford & Hodge Hill" | dot -Tsvg > ward.svg
        civic network council "Birmingham" -o birmingham.graphml
        civic network school "Hodge Hill School" -o school.gv
        civic network person "Majid Mahmood"

        The kinds are civic profile's: ward, council, constituency, council
        area, region, county, country, police force area, fire and rescue area,
        area, person, or any kind of institution loaded.

        Nodes are bodies (institutions) and people, each by its key in civic's
        database; an edge is an office, from the person to the body, labelled
        with the role and its start and end where known. For an area: the
        bodies placed in it and the offices held at them, its councillors (and
        their council), and every other office those people hold. For a
        council: its councillors and members, the bodies in its area and who
        governs them, and their other offices. For a body: its people and their
        other offices. For a person: their offices and the other people at
        those bodies.

        Every node and edge read from the synthetic demo layer is marked: DOT
        draws it dashed, GraphML gives it synthetic = true. The file's header
        lists the civic queries the graph was read from and the sources cited;
        --explain prints each query's SQL.

        Formats: dot (the default, to standard output) and graphml; -o FILE
        takes the format from its extension (.dot, .gv, .graphml).

        Exit codes: 0, 64 usage, 65 no such name, 66 no database, 70 internal
        error, 73 cannot create the output, 75 time limit reached.
        """
    )

    @Argument(help: ArgumentHelp("The kind and the name: ward \"Bromford & Hodge Hill\".", valueName: "kind name"))
    var words: [String] = []

    @OptionGroup var database: DatabaseOptions

    @Option(name: .long, help: "Output format: dot or graphml.")
    var format: NetworkFormat?

    @Option(name: .customShort("o"), help: ArgumentHelp("Write the graph to a file (the format from its extension: .dot, .gv, .graphml).", valueName: "file"))
    var output: String?

    @Flag(name: .long, help: "Print each of the graph's queries, its SQL and bound parameters, and stop.")
    var explain = false

    @Option(name: .long, help: ArgumentHelp("Stop any one of the graph's queries that runs longer than this; 0 for no limit.", valueName: "seconds"))
    var timeout: Double = Query.defaultTimeout

    func validate() throws {
        _ = try SubjectCommand.subject(words, command: "network")
        if let output, format == nil, NetworkFormat.from(fileName: output) == nil {
            throw ValidationError("cannot tell the format from \"\(output)\": name it .dot, .gv or .graphml, or give --format")
        }
    }

    func run() throws {
        let subject = try SubjectCommand.subject(words, command: "network")
        let chosen = format ?? output.flatMap(NetworkFormat.from(fileName:)) ?? .dot
        var options = QueryRunner.Options()
        options.explain = explain
        try SubjectCommand.run(database, output: output, timeout: timeout, options) { $0.network(subject, chosen, $1) }
    }
}

extension NetworkFormat: ExpressibleByArgument {}
