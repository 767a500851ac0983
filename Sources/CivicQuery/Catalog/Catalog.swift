/// Every subject family: its rows, its fields and what each field reads or summarises, as data
/// (see `Model.swift`). The compiler turns it into SQL; the checker and `civic schema` read it.
enum Catalog {
    /// Every subject, in the order `civic schema` lists them.
    static let subjects: [SubjectDef] = [institutions, people, roles, candidates, spending, budgets, areas, suppliers, categories]

    static func subject(_ family: Family) -> SubjectDef {
        subjects.first { $0.family == family }!
    }

    static func source(_ row: RowRef = .subject) -> FieldDef {
        .plain("source", .text, .sourceFile(.column("source_id", row)), "the file the row came from")
    }

    static func name(of table: Table, key: String, _ value: Expr, kind: String? = nil) -> Expr {
        .lookup(table, key: key, equals: value, value: "name", kind: kind)
    }

    // Relations: the rows derived fields summarise.
    static func payments(_ link: Link, payers: Bool = true) -> Relation { Relation(table: .payments, link: link, narrowing: .payments(payers: payers)) }
    static func budgetLines(_ link: Link) -> Relation { Relation(table: .budgets, link: link, narrowing: .budgets) }
    static func offices(_ link: Link, only: [Equal] = []) -> Relation { Relation(table: .roles, link: link, only: only, narrowing: .roles) }

    static let institutions = with(SubjectDef(
        family: .institutions, row: "institution", table: .institutions, joins: [], key: "institution_id",
        nameNorm: .column("name_norm"),
        fields: [
            .plain("name", .text, .column("name"), "name as published"),
            .plain("institution_id", .number, .column("institution_id"), "the row's key in civic's database, to tell bodies of one name apart"),
            .plain("kind", .text, .column("kind"), "council, school, academy, nhs trust, magistrates' court …"),
            .plain("class", .text, .column("subkind"), "finer class where published (metropolitan district, Primary School …)"),
            .plain("code", .text, .concat([.column("scheme"), .constant(.text(":")), .column("code")]),
                   "the publisher's code, as scheme:code (ons:E08000025, urn:106167)"),
            .plain("area", .text, name(of: .areas, key: "area_id", .column("area_id")), "the area it is in (a ward where known)",
                   source: .column("area_source_id")),
            .plain("ward", .text, name(of: .areas, key: "area_id", .column("area_id"), kind: "ward"), "its ward, where known",
                   source: .column("area_source_id")),
            .plain("council", .text, .firstOf([
                name(of: .areas, key: "area_id", .column("area_id"), kind: "council area"),
                name(of: .areas, key: "area_id", .lookup(.areas, key: "area_id", equals: .column("area_id"), value: "parent_id"), kind: "council area"),
            ]), "the council area it is in", source: .column("area_source_id")),
            .plain("parent", .text, name(of: .institutions, key: "institution_id", .column("parent_id")), "the body it belongs to (academy → trust)"),
            .plain("address", .text, .column("address"), "address as published (its lines joined where the file gives several)"),
            .plain("postcode", .text, .column("postcode"), "postcode where published"),
            .plain("placed", .text, .column("area_from"),
                   "how its area is known: file (the publisher gives it) or postcode (placed by a loaded postcode lookup); empty when not placed"),
            .plain("website", .text, .column("website"), "website where published"),
            .plain("opened", .date, .column("opened"), "opening or registration date"),
            .plain("closed", .date, .column("closed"), "closing date"),
            source(),
            .derived("spent", .money, "what it paid out (within the query's category and period)",
                     .sum("amount_pence"), of: payments(.key("payer_id"), payers: false)),
            .derived("payments", .count, "how many payments it made (within the query's category and period)",
                     .count, of: payments(.key("payer_id"), payers: false)),
            .derived("suppliers", .count, "how many different suppliers it paid (within the query's category and period)",
                     .countDistinct("supplier_id"), of: payments(.key("payer_id"), payers: false)),
            .derived("budget", .money, "its budget or outturn lines (within the query's category and financial years)",
                     .sum("amount_pence"), of: budgetLines(.key("institution_id"))),
            .derived("people", .count, "how many people hold an office there", .countDistinct("person_id"), of: offices(.key("institution_id"))),
            .derived("roles", .count, "how many offices are held there", .count, of: offices(.key("institution_id"))),
        ],
        defaults: ["name", "kind", "area"], mainMoney: "spent", order: [("name", false)],
        summary: "public bodies: councils, authorities, NHS trusts, courts, schools, academies, trusts, centres, charities …")) {
        $0.words = [SubjectWord("institutions"), SubjectWord("bodies")]
        $0.wordsSummary = "institutions (bodies), and every kind in the plural: councils, schools, academies, trusts, nhs trusts, children's centres, youth centres, magistrates' courts …"
        $0.narrows = .kind
        $0.spendingDefaults = ["spent"]
        $0.mainDate = "opened"
        // A council stands for the people of its area; a school in a ward does not stand for the ward's.
        let council = { (e: Expr) in Expr.when(.column("kind"), equals: .text("council"), then: e) }
        $0.population = Population(area: council(.column("area_id")), value: council(areaPopulation(.column("area_id"))),
                                   source: council(areaPopulationSource(.column("area_id"))))
    }

    /// The population of the area `code`: its own, or else the total of its wards' when every
    /// one of them has one (a council area loaded without a figure of its own). A constituency's
    /// wards are linked, not its children, and overlap others: it is never summed.
    static func areaPopulation(_ code: Expr) -> Expr {
        .firstOf([.lookup(.areas, key: "area_id", equals: code, value: "population"), wardTotal(code)])
    }

    static func wardTotal(_ code: Expr) -> Expr {
        .wholeTotal(.areas, key: "parent_id", equals: code, value: "population", kind: "ward")
    }

    /// The source of `areaPopulation(code)`: its own figure's, or its wards' (nil when it has no population).
    static func areaPopulationSource(_ code: Expr) -> Expr {
        .firstOf([.lookup(.areas, key: "area_id", equals: code, value: "population_source_id"), wardTotalSource(code)])
    }

    /// The source of its wards' figures (the loaded ward populations come from one file).
    static func wardTotalSource(_ code: Expr) -> Expr {
        .latest(.areas, key: "parent_id", equals: code, value: "population_source_id", by: "area_id")
    }

    static let people = with(SubjectDef(
        family: .people, row: "person", table: .people, joins: [], key: "person_id", nameNorm: .column("name_norm"),
        fields: [
            .plain("name", .text, .column("name"), "name as published"),
            .plain("person_id", .number, .column("person_id"), "the row's key in civic's database, to tell people of one name apart"),
            .plain("party", .text, .firstOf([
                name(of: .parties, key: "party_id", .latest(.roles, key: "person_id", equals: .column("person_id"), value: "party_id", by: "start_date")),
                .latest(.roles, key: "person_id", equals: .column("person_id"), value: "party", by: "start_date"),
            ]), "party of their latest office that records one (one name per party; see party in roles)"),
            source(),
            .derived("roles", .count, "how many offices the person holds", .count, of: offices(.key("person_id"))),
            .derived("institutions", .count, "at how many institutions", .countDistinct("institution_id"), of: offices(.key("person_id"))),
            .derived("offices", .text, "who sits where: each office and its institution", .offices, of: offices(.key("person_id"))),
        ],
        defaults: ["name", "roles", "offices"], mainMoney: nil, order: [("name", false)],
        summary: "people as published: councillors, committee members, governors, trustees, board members, magistrates")) {
        $0.words = [SubjectWord("people")]
        $0.wordsSummary = "people"
    }

    static let roles = with(SubjectDef(
        family: .roles, row: "office", table: .roles,
        joins: [Join(row: .person, table: .people, key: "person_id", on: "person_id"),
                Join(row: .institution, table: .institutions, key: "institution_id", on: "institution_id")],
        key: "role_id", nameNorm: .column("name_norm", .person),
        fields: [
            .plain("name", .text, .column("name"), "the person's name, as this office's file spells it"),
            .plain("role", .text, .column("role"), "the office: councillor, governor, trustee, board member, magistrate …"),
            .plain("institution", .text, .column("name", .institution), "where the office is held"),
            .plain("kind", .text, .column("kind", .institution), "the institution's kind"),
            .plain("ward", .text, name(of: .areas, key: "area_id", .column("ward_id")), "the ward represented (councillors)"),
            .plain("party", .text, party(), "the party: its registered name, one per party however the file spells it (the label as published where no table maps it)"),
            .plain("party_label", .text, .column("party"), "the party as the file spells it"),
            .plain("party_code", .text, .column("party_id"), "the party's id: Electoral Commission register (PP52) or Democracy Club's"),
            .plain("detail", .text, .column("detail"), "committee or other detail"),
            .plain("votes", .count, .column("votes"), "votes at election"),
            .plain("start", .date, .column("start_date"), "start (election date for councillors)"),
            .plain("end", .date, .column("end_date"), "end, empty while current"),
            .plain("person_id", .number, .column("person_id"), "the person's key in civic's database, to tell people of one name apart"),
            .plain("institution_id", .number, .column("institution_id"), "the institution's key in civic's database"),
            source(),
            // The person's offices, keyed by the row's person.
            .derived("roles", .count, "how many offices this person holds in all", .count, of: offices(.key("person_id"))),
        ],
        defaults: ["name", "role", "institution", "start"], mainMoney: nil, order: [("name", false)],
        summary: "offices held: a person at an institution in a role")) {
        $0.words = [SubjectWord("roles"), SubjectWord("offices")]
        $0.wordsSummary = "roles (offices), and every role in the plural: councillors, governors, trustees, board members, magistrates, committee members …"
        $0.narrows = .role
        $0.mainDate = "start"
        $0.narrowedDefaults = [(["councillor"], ["name", "party", "ward", "institution"]), (nil, ["name", "institution", "kind", "start"])]
    }

    static func party(_ row: RowRef = .subject) -> Expr {
        .firstOf([name(of: .parties, key: "party_id", .column("party_id", row)), .column("party", row)])
    }

    static let candidates = with(SubjectDef(
        family: .candidates, row: "candidacy", table: .candidacies,
        joins: [Join(row: .person, table: .people, key: "person_id", on: "person_id")],
        key: "candidacy_id", nameNorm: .column("name_norm", .person),
        fields: [
            .plain("name", .text, .column("name"), "the candidate's name, as the file spells it"),
            .plain("party", .text, party(), "the party: its registered name, one per party however the file spells it"),
            .plain("party_label", .text, .column("party"), "the party as the file spells it"),
            .plain("party_code", .text, .column("party_id"), "the party's id: Electoral Commission register (PP52) or Democracy Club's"),
            .plain("ward", .text, name(of: .areas, key: "area_id", .column("ward_id")), "the ward stood in"),
            .plain("council", .text, name(of: .areas, key: "area_id", .lookup(.areas, key: "area_id", equals: .column("ward_id"), value: "parent_id"),
                                          kind: "council area"), "the council area of the ward"),
            .plain("election", .date, .column("election_date"), "the day of the election"),
            .plain("elected", .text, .yesNo(.column("elected")),
                   "yes or no: as the file says, or else whether a councillor result of the same person, ward and day is loaded (empty when that ward's results are not)"),
            .plain("votes", .count, .column("votes"), "votes, where the file gives them"),
            .plain("ballot", .text, .column("ballot"), "the ballot's id (Democracy Club's ballot paper id)"),
            .plain("person_id", .number, .column("person_id"), "the candidate's key in civic's database (as people's), to tell people of one name apart"),
            source(),
            .derived("roles", .count, "how many offices the candidate holds in all (as loaded)", .count, of: offices(.key("person_id"))),
        ],
        defaults: ["name", "party", "ward", "election", "elected"], mainMoney: nil, order: [("ward", false), ("name", false)],
        summary: "candidacies at elections: a person standing in a ward on a day, for a party, and whether elected")) {
        $0.words = [SubjectWord("candidates"), SubjectWord("candidacies")]
        $0.wordsSummary = "candidates (candidacies)"
        $0.mainDate = "election"
    }

    static let spending = with(SubjectDef(
        family: .spending, row: "payment", table: .payments, joins: [], key: "payment_id",
        nameNorm: .lookup(.suppliers, key: "supplier_id", equals: .column("supplier_id"), value: "name_norm"),
        fields: [
            .plain("date", .date, .column("date"), "the date as published (for Lambeth, the invoice date)"),
            .plain("payer", .text, name(of: .institutions, key: "institution_id", .column("payer_id")), "who paid"),
            .plain("supplier", .text, .firstOf([.column("supplier"), name(of: .suppliers, key: "supplier_id", .column("supplier_id"))]),
                   "who was paid, as the file spells it (by supplier groups the spellings, as suppliers does)",
                   group: name(of: .suppliers, key: "supplier_id", .column("supplier_id"))),
            .plain("supplier_ref", .text, .column("supplier_ref"), "the publisher's own supplier id, where given"),
            .plain("category", .text, name(of: .categories, key: "category_id", .column("category_id")),
                   "the service category, where the publisher's label maps to one"),
            .plain("code", .count, .column("category_id"), "the category's RS line code"),
            .plain("expense", .text, .column("expense"), "the publisher's own expense text"),
            .plain("service", .text, .column("service"), "the publisher's own service label"),
            .plain("department", .text, .column("department"), "the publisher's department"),
            .plain("reference", .text, .column("reference"), "the transaction number"),
            source(),
            .plain("line", .count, .column("source_line"), "the line of the source file"),
            .plain("repaired", .text, .yesNo(.column("repaired")), "yes when the row was mended by a repair its layout declares (a field fused with the next)"),
            .plain("amount", .money, .column("amount_pence"), "the amount (negative for a refund)"),
        ],
        defaults: ["date", "payer", "supplier", "category", "amount"], mainMoney: "amount", order: [("date", false)],
        summary: "payments: who paid whom, when, for what, how much")) {
        $0.words = [SubjectWord("spending"), SubjectWord("payments")]
        $0.wordsSummary = "spending (payments)"
        $0.mainDate = "date"
    }

    static let budgets = with(SubjectDef(
        family: .budgets, row: "budget line", table: .budgets,
        joins: [Join(row: .institution, table: .institutions, key: "institution_id", on: "institution_id")],
        key: "budget_id", nameNorm: .column("name_norm", .institution),
        fields: [
            .plain("institution", .text, .column("name", .institution), "whose budget"),
            .plain("kind", .text, .column("kind", .institution), "the kind of authority: council, police authority, fire authority …"),
            .plain("class", .text, .column("subkind", .institution), "the class of authority: metropolitan district, county council …"),
            .plain("year", .text, .financialYear(.column("fy_start")), "the financial year, like 2017/18"),
            .plain("category", .text, name(of: .categories, key: "category_id", .column("category_id")), "the service line"),
            .plain("basis", .text, .column("kind"), "budget or outturn"),
            source(),
            .plain("amount", .money, .column("amount_pence"), "the amount"),
        ],
        defaults: ["institution", "year", "category", "amount"], mainMoney: "amount", order: [("institution", false), ("category", false)],
        summary: "budget and outturn lines: institution × financial year × category")) {
        $0.words = [SubjectWord("budgets")]
        $0.wordsSummary = "budgets"
    }

    static let areas = with(SubjectDef(
        family: .areas, row: "area", table: .areas, joins: [], key: "area_id", nameNorm: .column("name_norm"),
        fields: [
            .plain("name", .text, .column("name"), "name as published"),
            .plain("code", .text, .column("area_id"), "the official code (E05011131)"),
            .plain("kind", .text, .column("kind"), "ward, council area, constituency, region …"),
            .plain("council", .text, name(of: .areas, key: "area_id", .column("parent_id"), kind: "council area"), "the council area a ward is in"),
            .plain("parent", .text, name(of: .areas, key: "area_id", .column("parent_id")), "the area it nests in"),
            .plain("population", .count, .firstOf([.column("population"), wardTotal(.column("area_id"))]),
                   "usual residents (Census 2021), where known; a council area without its own figure has its wards' total when every ward has one",
                   source: .firstOf([.column("population_source_id"), wardTotalSource(.column("area_id"))])),
            .plain("within", .text, .areasAround(.column("area_id")),
                   "the areas it lies in, nearest first: its council area, constituency, county, region, police and fire areas, country …"),
            source(),
            .derived("councillors", .count, "councillors representing it (or wards in it)", .count,
                     of: offices(.inArea(.column("ward_id")), only: [Equal(column: "role", value: .text("councillor"))])),
            .derived("institutions", .count, "institutions located in it", .count,
                     of: Relation(table: .institutions, link: .inArea(.column("area_id")), narrowing: .none)),
            .derived("spent", .money, "paid out by institutions located in it (within the query's category and period)",
                     .sum("amount_pence"), of: payments(.inArea(.institution("payer_id")), payers: false)),
            .derived("suppliers", .count, "how many different suppliers institutions located in it paid (within the query's category and period)",
                     .countDistinct("supplier_id"), of: payments(.inArea(.institution("payer_id")), payers: false)),
            .derived("budget", .money, "budget lines of institutions located in it", .sum("amount_pence"),
                     of: budgetLines(.inArea(.institution("institution_id")))),
        ],
        defaults: ["name", "code", "kind", "population"], mainMoney: "spent", order: [("name", false)],
        summary: "areas: wards, council areas, constituencies, counties, regions, countries")) {
        $0.words = [SubjectWord("wards", ["ward"]), SubjectWord("constituencies", ["constituency"]), SubjectWord("council areas", ["council area"]),
                    SubjectWord("regions", ["region"]), SubjectWord("counties", ["county"]), SubjectWord("countries", ["country"]), SubjectWord("areas")]
        $0.wordsSummary = "wards, constituencies, council areas, counties, regions, countries, areas"
        $0.narrows = .kind
        $0.narrowedDefaults = [(["ward"], ["name", "code", "council", "population"]), (nil, ["name", "code", "population"])]
        if case .plain(let value, let source?)? = $0.field("population")?.value {
            $0.population = Population(area: .column("area_id"), value: value, source: source)
        }
    }

    static let suppliers = with(SubjectDef(
        family: .suppliers, row: "supplier", table: .suppliers, joins: [], key: "supplier_id", nameNorm: .column("name_norm"),
        only: [Equal(column: "redacted", value: .integer(0))],
        mustHave: payments(.key("supplier_id")),
        fields: [
            .plain("name", .text, .column("name"), "the supplier's name as first published"),
            source(),
            .derived("payments", .count, "how many payments it received (within the query's payers, category and period)",
                     .count, of: payments(.key("supplier_id"))),
            .derived("payers", .count, "how many bodies paid it", .countDistinct("payer_id"), of: payments(.key("supplier_id"))),
            .derived("paid", .money, "what it was paid (within the query's payers, category and period)",
                     .sum("amount_pence"), of: payments(.key("supplier_id"))),
        ],
        defaults: ["name", "payments", "paid"], mainMoney: "paid", order: [("name", false)],
        summary: "payees, grouped by normalised name (redaction markers are left out)")) {
        $0.words = [SubjectWord("suppliers")]
        $0.wordsSummary = "suppliers"
    }

    static let categories = with(SubjectDef(
        family: .categories, row: "category", table: .categories, joins: [], key: "category_id", nameNorm: .column("name_norm"),
        fields: [
            .plain("code", .count, .column("category_id"), "the RS line code"),
            .plain("name", .text, .column("name"), "the service line"),
            .plain("parent", .text, name(of: .categories, key: "category_id", .column("parent_id")), "the total it adds up to"),
            source(),
            .derived("spent", .money, "payments in it or its sub-categories (within the query's payers and period)",
                     .sum("amount_pence"), of: payments(.categoryOrChild("category_id"))),
            .derived("payments", .count, "how many payments", .count, of: payments(.categoryOrChild("category_id"))),
            .derived("budget", .money, "budget and outturn lines in it", .sum("amount_pence"), of: budgetLines(.key("category_id"))),
        ],
        defaults: ["code", "name", "parent"], mainMoney: "spent", order: [("code", false)],
        summary: "the spending taxonomy: MHCLG revenue outturn service lines and their totals")) {
        $0.words = [SubjectWord("categories")]
        $0.wordsSummary = "categories"
        $0.spendingDefaults = ["spent"]
    }

    /// A subject with the settings its initialiser leaves at their defaults.
    static func with(_ def: SubjectDef, _ change: (inout SubjectDef) -> Void) -> SubjectDef {
        var d = def
        change(&d)
        return d
    }
}
