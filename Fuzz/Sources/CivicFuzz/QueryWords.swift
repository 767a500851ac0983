import CivicQuery

/// The words a generated query is made of: what the bundled database makes known (subjects,
/// kinds, fields, real names), so that many generated queries get past name resolution and
/// reach the compiler, plus misspellings and nonsense for the rest.
public struct QueryWords: Sendable {
    public var subjects: [String]
    /// Singular kinds that go before a name: `council "Birmingham"`, `in ward "Aston"`.
    public var kinds: [String]
    public var fields: [String]
    /// Quoted names that resolve to something: areas, institutions, categories, suppliers.
    public var names: [String]
    /// The family each subject lists (`councillors` → `people`), and each family's fields: a
    /// field picked for the subject at hand is more often one it has.
    public var families: [String: Family] = [:]
    public var fieldsByFamily: [Family: [String]] = [:]
    /// Names of each kind (`ward` → ward names), for `in ward "…"` and `council "…"`.
    public var namesByKind: [String: [String]] = [:]
    /// Category names and aliases, for `spending on "…"`.
    public var categories: [String] = []

    public init(subjects: [String], kinds: [String], fields: [String], names: [String]) {
        self.subjects = subjects
        self.kinds = kinds
        self.fields = fields
        self.names = names
    }

    /// Area kinds as a query names them, and the kinds of area each stands for.
    static let areaKinds: [String: [String]] = [
        "ward": ["ward"], "council": ["council area"], "council area": ["council area"], "constituency": ["constituency"],
        "region": ["region"], "county": ["county"], "country": ["country"], "police force area": ["police force area"],
        "fire and rescue area": ["fire and rescue area"], "area": ["ward", "council area", "constituency", "county", "region", "country"],
    ]

    /// Every `stride`-th of a list, at most about `n`.
    static func sample(_ all: [String], _ n: Int) -> [String] {
        let stride = max(1, all.count / n)
        return Swift.stride(from: 0, to: all.count, by: stride).map { all[$0] }
    }

    /// A fixed vocabulary, for when no database is at hand.
    public static let standard = QueryWords(
        subjects: ["institutions", "bodies", "councils", "schools", "academies", "trusts", "youth centres", "children's centres",
                   "people", "councillors", "governors", "trustees", "board members", "magistrates", "roles", "spending",
                   "payments", "budgets", "wards", "constituencies", "council areas", "regions", "counties", "areas",
                   "suppliers", "categories"],
        kinds: ["council", "school", "academy", "trust", "ward", "constituency", "region", "county", "country",
                "police force area", "fire and rescue area", "area", "court", "charity"],
        fields: ["name", "amount", "paid", "spent", "budget", "population", "councillors", "roles", "kind", "date", "payer",
                 "supplier", "category", "party", "ward", "institution", "code", "year", "payments", "count", "total",
                 "average", "people", "institutions", "service", "area", "council", "role", "person", "parent"],
        names: ["Hodge Hill", "Bromford & Hodge Hill", "Birmingham", "Aston", "Bradford", "Manchester", "Lambeth",
                "youth services", "adult social care", "Hodge Hill School", "Bordesley Green", "E05011131", "academy"])

    /// The vocabulary of the database behind `engine`, with the standard words added, and a
    /// sample of its names (every `stride`-th of each list, so that a run does not depend on
    /// how many suppliers a dataset has).
    public static func from(_ engine: QueryEngine, namesPerList: Int = 150) -> QueryWords {
        var w = standard
        try? engine.loadVocabulary()
        w.subjects = Array(Set(w.subjects).union(engine.knownSubjects)).sorted()
        w.kinds = Array(Set(w.kinds).union(engine.knownKinds)).sorted()
        var fields = Set(w.fields)
        for f in Family.allCases { fields.formUnion(LanguageSchema.fields(of: f)) }
        w.fields = fields.sorted()
        var names = Set(w.names)
        let lists: [NameList] = [.areas(kinds: ["ward", "council area", "constituency", "region", "county", "country"]),
                                 .categories, .suppliers, .institutions(kind: nil)]
        for list in lists {
            guard let all = try? engine.names(list), !all.isEmpty else { continue }
            names.formUnion(sample(all, namesPerList))
        }
        w.names = names.sorted()
        for s in w.subjects { if let f = engine.family(of: s) { w.families[s] = f } }
        for f in Family.allCases { w.fieldsByFamily[f] = LanguageSchema.fields(of: f) }
        for k in engine.knownKinds {
            let list: NameList = areaKinds[k].map { .areas(kinds: $0) } ?? .institutions(kind: k)
            if let all = try? engine.names(list), !all.isEmpty { w.namesByKind[k] = sample(all, 40) }
        }
        w.categories = (try? engine.names(.categories)) ?? []
        return w
    }
}
