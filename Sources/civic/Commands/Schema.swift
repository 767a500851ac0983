import ArgumentParser
import CivicQuery
import CivicREPL
import Foundation

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the query language's subjects, their fields and derived fields, with types.",
        discussion: """
        Lists also the fields the loaded files' layouts add (a school's ofsted
        rating, a charity's activities), so it reads the database, building it
        from the bundled Datasets/ first when it is missing or older than them.
        """
    )

    @OptionGroup var database: DatabaseOptions

    @Argument(help: ArgumentHelp("Only this subject family (institutions, roles, candidates, spending …).", valueName: "family"))
    var family: String?

    func validate() throws {
        if let family, !LanguageSchema.families.contains(family) {
            throw ValidationError("unknown subject family \"\(family)\": one of \(LanguageSchema.families.joined(separator: ", "))")
        }
    }

    func run() throws {
        let engine = QueryEngine(connection: try Session.open(database.location))
        try engine.loadVocabulary()
        print(engine.languageSchema(family: family))
    }
}
