import CivicStorage

/// The words the language knows, from the catalogue and from what is loaded: every institution
/// kind and every role, in the plural, is a subject; in the singular, a kind before a name.
struct Vocabulary: Sendable {
    struct SubjectEntry: Sendable {
        var family: Family
        /// Institution kinds, role, or area kind the subject keeps (nil: all).
        var values: [String]?
    }

    var subjects: [String: SubjectEntry] = [:]
    /// The fields loaded layouts declare beyond the catalogue's, by family (see `subject`).
    var extras: [Family: [FieldDef]] = [:]
    /// Whether the database keeps the totals of payments the compiler may read.
    var totals = false
    /// Singular institution kinds usable before a name: `council "Birmingham"`.
    var institutionKinds: [String: [String]?] = [:]
    static let areaKinds: [String: [String]?] = [
        "ward": ["ward"], "council": ["council area"], "council area": ["council area"], "constituency": ["constituency"],
        "region": ["region"], "county": ["county"], "country": ["country"],
        "police force area": ["police force area"], "fire and rescue area": ["fire and rescue area"],
        "area": ["ward", "council area", "constituency", "county", "region", "country"],
    ]

    init(connection: any Connection) throws {
        // The catalogue's own words, then those the data brings.
        for def in Catalog.subjects {
            for w in def.words { subjects[w.word] = .init(family: def.family, values: w.values) }
        }
        totals = try Set(QueryEngine.names(.totalsTables, connection: connection)) == Set(Schema.totals)
        let kinds = try QueryEngine.names(.institutionKinds, connection: connection)
        for k in kinds {
            subjects[Vocabulary.plural(k)] = subjects[Vocabulary.plural(k)] ?? .init(family: .institutions, values: [k])
            institutionKinds[k] = [k]
        }
        // Broader words: schools include academies; trusts are every kind of trust.
        let schools = kinds.filter { $0 == "school" || $0 == "academy" }
        if !schools.isEmpty {
            subjects["schools"] = .init(family: .institutions, values: schools)
            institutionKinds["school"] = schools
        }
        let trusts = kinds.filter { $0.hasSuffix("trust") }
        if !trusts.isEmpty {
            subjects["trusts"] = .init(family: .institutions, values: trusts)
            institutionKinds["trust"] = trusts
        }
        institutionKinds["institution"] = .some(nil)
        institutionKinds["body"] = .some(nil)
        for r in try QueryEngine.names(.roles, connection: connection) {
            subjects[Vocabulary.plural(r)] = .init(family: .roles, values: [r])
        }
        // Words civic knows whatever is loaded: with none of their rows, a query of them is
        // empty and says nothing is loaded (see `Coverage`), where a misspelt word is an error.
        for k in Self.generalKinds where subjects[Vocabulary.plural(k)] == nil {
            subjects[Vocabulary.plural(k)] = .init(family: .institutions, values: [k])
        }
        for r in Self.generalRoles where subjects[Vocabulary.plural(r)] == nil {
            subjects[Vocabulary.plural(r)] = .init(family: .roles, values: [r])
        }
        for e in try QueryEngine.extraFields(connection: connection) {
            guard let family = Family(rawValue: e.family), let type = FieldType(rawValue: e.type),
                  Catalog.subject(family).field(e.name) == nil else { continue }
            var f = FieldDef.plain(e.name, type, .extra(e.name, type), e.about)
            f.extra = true
            extras[family, default: []].append(f)
        }
    }

    /// A subject family's definition with the fields loaded layouts add to it (a name the
    /// catalogue already has stays the catalogue's).
    func subject(_ family: Family) -> SubjectDef {
        var def = Catalog.subject(family)
        def.fields += extras[family] ?? []
        return def
    }

    /// The kinds of institution and the roles the catalogue names (`civic schema`), known as
    /// subject words even when the database holds none of them.
    static let generalKinds = ["council", "school", "academy", "academy trust", "nhs trust", "magistrates' court",
                               "youth centre", "children's centre", "charity"]
    static let generalRoles = ["councillor", "governor", "trustee", "board member", "magistrate", "committee member"]

    /// "academy" → "academies", "children's centre" → "children's centres", "police authority" → "police authorities".
    static func plural(_ s: String) -> String {
        var words = s.split(separator: " ").map(String.init)
        guard var last = words.popLast() else { return s }
        if last.hasSuffix("y"), let before = last.dropLast().last, !"aeiou".contains(before) {
            last = String(last.dropLast()) + "ies"
        } else if last.hasSuffix("s") || last.hasSuffix("x") || last.hasSuffix("ch") || last.hasSuffix("sh") {
            last += "es"
        } else {
            last += "s"
        }
        return (words + [last]).joined(separator: " ")
    }

    var subjectNames: [String] { subjects.keys.sorted() }

    /// Every subject word (for the parser and for completion).
    var knownSubjects: Set<String> { Set(subjects.keys) }

    /// Singular kinds usable before a name: institution kinds and area kinds (for completion).
    var knownKinds: [String] { (Array(institutionKinds.keys) + Array(Vocabulary.areaKinds.keys)).sorted() }

    /// The family a subject word sequence lists, if known.
    func family(of subject: String) -> Family? { subjects[subject]?.family }
}
