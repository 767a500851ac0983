import ArgumentParser
import CivicQuery

struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the query language's subjects, their fields and derived fields, with types."
    )

    func run() throws {
        print(LanguageSchema.render())
    }
}
