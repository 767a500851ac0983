import CivicStorage

/// The types a field can have; comparisons and aggregates are checked against them.
public enum FieldType: String, Sendable {
    case text, money, count, number, date

    var isNumeric: Bool { self == .money || self == .count || self == .number }
}

/// The families of subject: each is one kind of row.
public enum Family: String, Sendable, CaseIterable {
    case institutions, people, roles, spending, budgets, areas, suppliers, categories
}

/// What the phrases of a query narrow derived fields by: the category set, the period, the
/// paying institutions and the area. Derived fields summarise only the rows that match.
struct Context {
    var categoryCTE: String?
    var period: (from: String, to: String)?
    var payerCTE: String?
    var areaCTE: String?

    var narrowsSpending: Bool { categoryCTE != nil || period != nil }

    /// Conditions on payments aliased `p`; `payers` false when the subject is the payer itself.
    func payments(_ p: String, payers: Bool = true) -> SQL {
        var s = SQL("")
        if let c = categoryCTE { s += " AND \(p).category_id IN (SELECT id FROM \(c))" }
        if let (a, b) = period { s += SQL(" AND \(p).paid_from >= ? AND \(p).paid_to <= ?", [.text(a), .text(b)]) }
        if payers, let i = payerCTE { s += " AND \(p).payer_id IN (SELECT id FROM \(i))" }
        if payers, let a = areaCTE {
            s += " AND \(p).payer_id IN (SELECT institution_id FROM institutions WHERE area_id IN (SELECT id FROM \(a)))"
        }
        return s
    }

    /// Budget lines aliased `b` in the period's financial years and the category set.
    func budgets(_ b: String) -> SQL {
        var s = SQL("")
        if let c = categoryCTE { s += " AND \(b).category_id IN (SELECT id FROM \(c))" }
        if let (from, to) = period {
            s += SQL(" AND \(b).fy_start BETWEEN ? AND ?", [.integer(Int64(Periods.financialYear(of: from))), .integer(Int64(Periods.financialYear(of: to)))])
        }
        return s
    }

    /// Roles aliased `r` held at some time in the period.
    func roles(_ r: String) -> SQL {
        guard let (a, b) = period else { return SQL("") }
        return SQL(" AND (\(r).start_date IS NULL OR \(r).start_date <= ?) AND (\(r).end_date IS NULL OR \(r).end_date >= ?)", [.text(b), .text(a)])
    }
}

/// A field of a subject: plain (from the row) or derived (summarising related rows).
struct FieldDef: Sendable {
    let name: String
    let type: FieldType
    let summary: String
    let derived: Bool
    let expression: @Sendable (Context) -> SQL
    /// For derived fields: the ids of the sources of the rows summarised, comma-separated.
    let sources: (@Sendable (Context) -> SQL)?

    static func plain(_ name: String, _ type: FieldType, _ sql: String, _ summary: String) -> FieldDef {
        FieldDef(name: name, type: type, summary: summary, derived: false, expression: { _ in SQL(sql) }, sources: nil)
    }

    /// A derived field that aggregates rows of one table: `(SELECT agg FROM from WHERE …)`, whose
    /// provenance is the distinct sources of those same rows.
    static func aggregate(_ name: String, _ type: FieldType, _ summary: String, from: String, alias: String, _ agg: String,
                          where condition: @escaping @Sendable (Context) -> SQL) -> FieldDef {
        FieldDef(name: name, type: type, summary: summary, derived: true,
                 expression: { c in "(SELECT \(agg) FROM \(from) WHERE " + condition(c) + ")" },
                 sources: { c in "(SELECT group_concat(DISTINCT \(alias).source_id) FROM \(from) WHERE " + condition(c) + ")" })
    }
}

/// A subject family's table, id, fields and defaults.
struct SubjectDef: Sendable {
    let family: Family
    let row: String
    let from: String
    let id: String
    let sourceID: String
    /// The column holding the normalised name that `named` searches.
    let nameNorm: String
    let fields: [FieldDef]
    let defaults: [String]
    let mainMoney: String?
    let order: [(String, Bool)]
    let summary: String

    func field(_ name: String) -> FieldDef? { fields.first { $0.name == name } }
}

enum Catalog {
    static func sourceFile(_ col: String) -> FieldDef {
        .plain("source", .text, "(SELECT file FROM sources WHERE source_id = \(col))", "the file the row came from")
    }

    /// An area and everything that lies in it, at any depth (see `AreaSQL`), for a column of
    /// the row: a correlated subquery.
    static func within(_ area: String) -> String {
        AreaSQL.inside(seeds: SQL("SELECT \(area)")).text
    }

    static func subject(_ family: Family) -> SubjectDef {
        switch family {
        case .institutions: return institutions
        case .people: return people
        case .roles: return roles
        case .spending: return spending
        case .budgets: return budgets
        case .areas: return areas
        case .suppliers: return suppliers
        case .categories: return categories
        }
    }

    static let inCategory = "(p.category_id = s.category_id OR p.category_id IN (SELECT k.category_id FROM categories k WHERE k.parent_id = s.category_id))"

    static let institutions = SubjectDef(
        family: .institutions, row: "institution", from: "institutions s", id: "s.institution_id", sourceID: "s.source_id",
        nameNorm: "s.name_norm",
        fields: [
            .plain("name", .text, "s.name", "name as published"),
            .plain("kind", .text, "s.kind", "council, school, academy, nhs trust, magistrates' court …"),
            .plain("class", .text, "s.subkind", "finer class where published (metropolitan district, Primary School …)"),
            .plain("code", .text, "s.scheme || ':' || s.code", "the publisher's code, as scheme:code (ons:E08000025, urn:106167)"),
            .plain("area", .text, "(SELECT a.name FROM areas a WHERE a.area_id = s.area_id)", "the area it is in (a ward where known)"),
            .plain("ward", .text, "(SELECT a.name FROM areas a WHERE a.area_id = s.area_id AND a.kind = 'ward')", "its ward, where known"),
            .plain("council", .text, """
                (SELECT CASE a.kind WHEN 'council area' THEN a.name ELSE (SELECT c.name FROM areas c WHERE c.area_id = a.parent_id AND c.kind = 'council area') END FROM areas a WHERE a.area_id = s.area_id)
                """, "the council area it is in"),
            .plain("parent", .text, "(SELECT p.name FROM institutions p WHERE p.institution_id = s.parent_id)", "the body it belongs to (academy → trust)"),
            .plain("postcode", .text, "s.postcode", "postcode where published"),
            .plain("opened", .date, "s.opened", "opening or registration date"),
            .plain("closed", .date, "s.closed", "closing date"),
            sourceFile("s.source_id"),
            .aggregate("spent", .money, "what it paid out (within the query's category and period)", from: "payments p", alias: "p",
                       "coalesce(sum(p.amount_pence), 0)", where: { c in "p.payer_id = s.institution_id" + c.payments("p", payers: false) }),
            .aggregate("payments", .count, "how many payments it made (within the query's category and period)", from: "payments p", alias: "p",
                       "count(*)", where: { c in "p.payer_id = s.institution_id" + c.payments("p", payers: false) }),
            .aggregate("budget", .money, "its budget or outturn lines (within the query's category and financial years)", from: "budgets b", alias: "b",
                       "coalesce(sum(b.amount_pence), 0)", where: { c in "b.institution_id = s.institution_id" + c.budgets("b") }),
            .aggregate("people", .count, "how many people hold an office there", from: "roles r", alias: "r",
                       "count(DISTINCT r.person_id)", where: { c in "r.institution_id = s.institution_id" + c.roles("r") }),
            .aggregate("roles", .count, "how many offices are held there", from: "roles r", alias: "r",
                       "count(*)", where: { c in "r.institution_id = s.institution_id" + c.roles("r") }),
        ],
        defaults: ["name", "kind", "area"], mainMoney: "spent", order: [("name", false)],
        summary: "public bodies: councils, authorities, NHS trusts, courts, schools, academies, trusts, centres, charities …")

    static let people = SubjectDef(
        family: .people, row: "person", from: "people s", id: "s.person_id", sourceID: "s.source_id", nameNorm: "s.name_norm",
        fields: [
            .plain("name", .text, "s.name", "name as published"),
            .plain("party", .text, "(SELECT r.party FROM roles r WHERE r.person_id = s.person_id AND r.party IS NOT NULL ORDER BY r.start_date DESC LIMIT 1)", "party, where an office records one"),
            sourceFile("s.source_id"),
            .aggregate("roles", .count, "how many offices the person holds", from: "roles r", alias: "r",
                       "count(*)", where: { c in "r.person_id = s.person_id" + c.roles("r") }),
            .aggregate("institutions", .count, "at how many institutions", from: "roles r", alias: "r",
                       "count(DISTINCT r.institution_id)", where: { c in "r.person_id = s.person_id" + c.roles("r") }),
            FieldDef(name: "offices", type: .text, summary: "who sits where: each office and its institution", derived: true, expression: { c in
                "(SELECT group_concat(x, '; ') FROM (SELECT r.role || ' at ' || i.name AS x FROM roles r JOIN institutions i ON i.institution_id = r.institution_id WHERE r.person_id = s.person_id" + c.roles("r") + " ORDER BY i.name, r.role))"
            }, sources: { c in "(SELECT group_concat(DISTINCT r.source_id) FROM roles r WHERE r.person_id = s.person_id" + c.roles("r") + ")" }),
        ],
        defaults: ["name", "roles", "offices"], mainMoney: nil, order: [("name", false)],
        summary: "people as published: councillors, committee members, governors, trustees, board members, magistrates")

    static let roles = SubjectDef(
        family: .roles, row: "office",
        from: "roles s JOIN people pp ON pp.person_id = s.person_id JOIN institutions ii ON ii.institution_id = s.institution_id",
        id: "s.role_id", sourceID: "s.source_id", nameNorm: "pp.name_norm",
        fields: [
            .plain("name", .text, "pp.name", "the person's name"),
            .plain("role", .text, "s.role", "the office: councillor, governor, trustee, board member, magistrate …"),
            .plain("institution", .text, "ii.name", "where the office is held"),
            .plain("kind", .text, "ii.kind", "the institution's kind"),
            .plain("ward", .text, "(SELECT a.name FROM areas a WHERE a.area_id = s.ward_id)", "the ward represented (councillors)"),
            .plain("party", .text, "s.party", "party"),
            .plain("detail", .text, "s.detail", "committee or other detail"),
            .plain("votes", .count, "s.votes", "votes at election"),
            .plain("start", .date, "s.start_date", "start (election date for councillors)"),
            .plain("end", .date, "s.end_date", "end, empty while current"),
            sourceFile("s.source_id"),
            .aggregate("roles", .count, "how many offices this person holds in all", from: "roles r2", alias: "r2",
                       "count(*)", where: { c in "r2.person_id = s.person_id" + c.roles("r2") }),
        ],
        defaults: ["name", "role", "institution", "start"], mainMoney: nil, order: [("name", false)],
        summary: "offices held: a person at an institution in a role")

    static let spending = SubjectDef(
        family: .spending, row: "payment", from: "payments s", id: "s.payment_id", sourceID: "s.source_id",
        nameNorm: "(SELECT su.name_norm FROM suppliers su WHERE su.supplier_id = s.supplier_id)",
        fields: [
            .plain("date", .date, "s.date", "the date as published (for Lambeth, the invoice date)"),
            .plain("payer", .text, "(SELECT i.name FROM institutions i WHERE i.institution_id = s.payer_id)", "who paid"),
            .plain("supplier", .text, "(SELECT su.name FROM suppliers su WHERE su.supplier_id = s.supplier_id)", "who was paid"),
            .plain("category", .text, "(SELECT c.name FROM categories c WHERE c.category_id = s.category_id)", "the service category, where the publisher's label maps to one"),
            .plain("code", .count, "s.category_id", "the category's RS line code"),
            .plain("expense", .text, "s.expense", "the publisher's own expense text"),
            .plain("service", .text, "s.service", "the publisher's own service label"),
            .plain("department", .text, "s.department", "the publisher's department"),
            .plain("reference", .text, "s.reference", "the transaction number"),
            sourceFile("s.source_id"),
            .plain("line", .count, "s.source_line", "the line of the source file"),
            .plain("amount", .money, "s.amount_pence", "the amount (negative for a refund)"),
        ],
        defaults: ["date", "payer", "supplier", "category", "amount"], mainMoney: "amount", order: [("date", false)],
        summary: "payments: who paid whom, when, for what, how much")

    static let budgets = SubjectDef(
        family: .budgets, row: "budget line",
        from: "budgets s JOIN institutions ii ON ii.institution_id = s.institution_id",
        id: "s.budget_id", sourceID: "s.source_id", nameNorm: "ii.name_norm",
        fields: [
            .plain("institution", .text, "ii.name", "whose budget"),
            .plain("kind", .text, "ii.kind", "the kind of authority: council, police authority, fire authority …"),
            .plain("class", .text, "ii.subkind", "the class of authority: metropolitan district, county council …"),
            .plain("year", .text, "s.fy_start || '/' || substr(CAST(s.fy_start + 1 AS TEXT), 3, 2)", "the financial year, like 2017/18"),
            .plain("category", .text, "(SELECT c.name FROM categories c WHERE c.category_id = s.category_id)", "the service line"),
            .plain("basis", .text, "s.kind", "budget or outturn"),
            sourceFile("s.source_id"),
            .plain("amount", .money, "s.amount_pence", "the amount"),
        ],
        defaults: ["institution", "year", "category", "amount"], mainMoney: "amount", order: [("institution", false), ("category", false)],
        summary: "budget and outturn lines: institution × financial year × category")

    static let areas = SubjectDef(
        family: .areas, row: "area", from: "areas s", id: "s.area_id", sourceID: "s.source_id", nameNorm: "s.name_norm",
        fields: [
            .plain("name", .text, "s.name", "name as published"),
            .plain("code", .text, "s.area_id", "the official code (E05011131)"),
            .plain("kind", .text, "s.kind", "ward, council area, constituency, region …"),
            .plain("council", .text, "(SELECT p.name FROM areas p WHERE p.area_id = s.parent_id AND p.kind = 'council area')", "the council area a ward is in"),
            .plain("parent", .text, "(SELECT p.name FROM areas p WHERE p.area_id = s.parent_id)", "the area it nests in"),
            FieldDef(name: "population", type: .count, summary: "usual residents (Census 2021), where known", derived: false,
                     expression: { _ in SQL("s.population") }, sources: { _ in SQL("s.population_source_id") }),
            sourceFile("s.source_id"),
            .aggregate("councillors", .count, "councillors representing it (or wards in it)", from: "roles r", alias: "r",
                       "count(*)", where: { c in SQL("r.role = 'councillor' AND r.ward_id IN \(within("s.area_id"))") + c.roles("r") }),
            .aggregate("institutions", .count, "institutions located in it", from: "institutions i", alias: "i",
                       "count(*)", where: { _ in SQL("i.area_id IN \(within("s.area_id"))") }),
            .aggregate("spent", .money, "paid out by institutions located in it (within the query's category and period)", from: "payments p", alias: "p",
                       "coalesce(sum(p.amount_pence), 0)", where: { c in
                           SQL("p.payer_id IN (SELECT i.institution_id FROM institutions i WHERE i.area_id IN \(within("s.area_id")))") + c.payments("p", payers: false)
                       }),
            .aggregate("budget", .money, "budget lines of institutions located in it", from: "budgets b", alias: "b",
                       "coalesce(sum(b.amount_pence), 0)", where: { c in
                           SQL("b.institution_id IN (SELECT i.institution_id FROM institutions i WHERE i.area_id IN \(within("s.area_id")))") + c.budgets("b")
                       }),
        ],
        defaults: ["name", "code", "kind", "population"], mainMoney: "spent", order: [("name", false)],
        summary: "areas: wards, council areas, constituencies, counties, regions, countries")

    static let suppliers = SubjectDef(
        family: .suppliers, row: "supplier", from: "suppliers s", id: "s.supplier_id", sourceID: "s.source_id", nameNorm: "s.name_norm",
        fields: [
            .plain("name", .text, "s.name", "the supplier's name as first published"),
            sourceFile("s.source_id"),
            .aggregate("payments", .count, "how many payments it received (within the query's payers, category and period)", from: "payments p", alias: "p",
                       "count(*)", where: { c in "p.supplier_id = s.supplier_id" + c.payments("p") }),
            .aggregate("payers", .count, "how many bodies paid it", from: "payments p", alias: "p",
                       "count(DISTINCT p.payer_id)", where: { c in "p.supplier_id = s.supplier_id" + c.payments("p") }),
            .aggregate("paid", .money, "what it was paid (within the query's payers, category and period)", from: "payments p", alias: "p",
                       "coalesce(sum(p.amount_pence), 0)", where: { c in "p.supplier_id = s.supplier_id" + c.payments("p") }),
        ],
        defaults: ["name", "payments", "paid"], mainMoney: "paid", order: [("name", false)],
        summary: "payees, grouped by normalised name (redaction markers are left out)")

    static let categories = SubjectDef(
        family: .categories, row: "category", from: "categories s", id: "s.category_id", sourceID: "s.source_id", nameNorm: "s.name_norm",
        fields: [
            .plain("code", .count, "s.category_id", "the RS line code"),
            .plain("name", .text, "s.name", "the service line"),
            .plain("parent", .text, "(SELECT p.name FROM categories p WHERE p.category_id = s.parent_id)", "the total it adds up to"),
            sourceFile("s.source_id"),
            .aggregate("spent", .money, "payments in it or its sub-categories (within the query's payers and period)", from: "payments p", alias: "p",
                       "coalesce(sum(p.amount_pence), 0)", where: { c in SQL(inCategory) + c.payments("p") }),
            .aggregate("payments", .count, "how many payments", from: "payments p", alias: "p",
                       "count(*)", where: { c in SQL(inCategory) + c.payments("p") }),
            .aggregate("budget", .money, "budget and outturn lines in it", from: "budgets b", alias: "b",
                       "coalesce(sum(b.amount_pence), 0)", where: { c in "b.category_id = s.category_id" + c.budgets("b") }),
        ],
        defaults: ["code", "name", "parent"], mainMoney: "spent", order: [("code", false)],
        summary: "the spending taxonomy: MHCLG revenue outturn service lines and their totals")
}
