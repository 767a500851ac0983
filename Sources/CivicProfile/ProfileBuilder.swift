import CivicQuery
import CivicStorage

/// Builds a profile from civic queries: each section is a list of queries, written here in the
/// language and run through the one `QueryEngine`, so the page holds no figure that is not a
/// query's answer, and no SQL of its own. The whole profile is read on one view of the data.
public final class ProfileBuilder {
    let engine: QueryEngine
    private var number = 0

    public init(engine: QueryEngine) {
        self.engine = engine
    }

    public func build(_ subject: ProfileSubject) throws -> Profile {
        number = 0
        return try engine.consistently {
            switch subject.kind {
            case .area(let kind): return try area(kind, subject)
            case .council: return try council(subject)
            case .institution(let kind): return try institution(kind, subject)
            case .person: return try person(subject)
            }
        }
    }

    // MARK: running one query

    /// A name in the language's quotes.
    static func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// Runs one query as a block of the page, numbered in the order the page shows them (so the
    /// sections run their queries in that order); `counted: false` for a query that only finds
    /// what the page's queries name (a person's key), numbered 0.
    func run(_ id: String, _ title: String, _ query: String, chart: ProfileChart? = nil, value: String? = nil, shown: Int? = nil,
             empty: String, counted: Bool = true) throws -> ProfileBlock {
        let prepared: PreparedQuery
        do { prepared = try engine.prepare(query) } catch { throw ProfileQueryError(query: query, underlying: error) }
        var rows: [[Value]] = [], origins: [RowOrigin] = []
        let summary: RunSummary
        do {
            summary = try engine.runWithOrigin(prepared) { values, origin in
                rows.append(values)
                origins.append(origin)
            }
        } catch { throw ProfileQueryError(query: query, underlying: error) }
        if counted { number += 1 }
        return ProfileBlock(number: counted ? number : 0, id: id, title: title, query: query, sql: prepared.sql, parameters: prepared.parameters,
                            columns: prepared.columns, rows: rows, origins: origins, notes: summary.notes, sources: summary.sources,
                            chart: chart, chartValue: value, shown: shown, empty: empty)
    }

    /// A fact read from a cell of a block's first row (nil when the block has no such cell).
    static func fact(_ label: String, _ b: ProfileBlock, _ column: String, row: Int = 0) -> ProfileFact? {
        guard row < b.rows.count, let c = b.column(column) else { return nil }
        return ProfileFact(label: label, value: b.rows[row][c], type: b.columns[c].type, block: b.number)
    }

    /// The subject's place among a block's rows by `column`, largest first: one more than the
    /// rows with a larger value (ties share a place), among the rows that have one. Marks its
    /// row on the block.
    static func rank(_ label: String, _ b: inout ProfileBlock, _ column: String, name: String, among: String) -> ProfileFact? {
        guard let c = b.column(column), let n = b.column("name") else { return nil }
        guard let me = b.rows.firstIndex(where: { $0[n] == .text(name) }) else { return nil }
        b.highlight = me
        let valued = b.rows.compactMap { row -> Double? in
            switch row[c] {
            case .integer(let i): return Double(i)
            case .real(let d): return d
            default: return nil
            }
        }
        let missing = b.rows.count - valued.count
        // A rank among figures that are partly demo data is not a real rank: say how many.
        let demo = b.rows.indices.filter { b.rows[$0][c] != .null && b.origins[$0] != .real }.count
        let unranked = (missing > 0 ? "; \(missing) with no \(column) are not ranked" : "")
            + (demo == 0 ? "" : demo == valued.count
                ? "; all \(demo) draw on the synthetic demo layer, so this is no real rank"
                : "; \(demo) of the \(valued.count) draw on the synthetic demo layer")
        let mine: Double
        switch b.rows[me][c] {
        case .integer(let i): mine = Double(i)
        case .real(let d): mine = d
        default:
            return ProfileFact(label: label, value: .text("not ranked: it has no \(column)"), type: .text, block: b.number,
                               how: "its row in query \(b.number) has no \(column)" + unranked)
        }
        let place = valued.filter { $0 > mine }.count + 1
        return ProfileFact(label: label, value: .text("\(ordinal(place)) of \(valued.count) \(among)"), type: .text, block: b.number,
                           how: "its place by \(column) among query \(b.number)'s rows, largest first" + unranked)
    }

    static func ordinal(_ n: Int) -> String {
        let suffix: String
        switch (n % 10, n % 100) {
        case (_, 11...13): suffix = "th"
        case (1, _): suffix = "st"
        case (2, _): suffix = "nd"
        case (3, _): suffix = "rd"
        default: suffix = "th"
        }
        return "\(n)\(suffix)"
    }

    /// Adds a per-head column to a money block from a population fact, when there is one.
    static func perHead(_ b: inout ProfileBlock, column: String, population: ProfileFact?, of place: String) {
        guard let population, case .integer(let p) = population.value, p > 0 else { return }
        guard !b.rows.isEmpty else { return }
        b.perHead = .init(column: column, population: p, from: population.block,
                          note: "per head: \(column) ÷ \(place)'s population, \(Digits.grouped(p)) (query \(population.block))")
    }

    // MARK: the sections every place shares

    /// Councillors, candidates, and the bodies placed in an area and who governs them: `scope`
    /// is its `in` phrase.
    func representativesAndBodies(scope: String, name: String) throws -> [ProfileSection] {
        var reps = ProfileSection(id: "representatives", title: "Who represents it")
        reps.blocks.append(try run("councillors", "Councillors", "councillors \(scope) | show name, party, ward, institution, start, end, roles | sort ward, name",
                                   empty: "No councillors are loaded for \(name)."))
        reps.blocks.append(try run("candidates", "Candidates who stood",
                                   "candidates \(scope) | show name, party, ward, election, elected, votes | sort election desc, ward, votes desc, name",
                                   shown: 40, empty: "No candidacies are loaded for \(name)."))

        return [reps, try bodiesSection(scope: scope, name: name, officesCounted: false)]
    }

    /// The bodies placed in an area, by kind and one by one with how many people govern each,
    /// and who governs them: each office, or (`officesCounted`, for a council's many) how many
    /// of each role at each kind.
    func bodiesSection(scope: String, name: String, officesCounted: Bool) throws -> ProfileSection {
        var bodies = ProfileSection(id: "bodies", title: "The bodies in it")
        bodies.blocks.append(try run("bodies_by_kind", "Bodies by kind", "institutions \(scope) | count by kind | sort count desc",
                                     chart: .bars, empty: "No bodies are placed in \(name) in the loaded data."))
        bodies.blocks.append(try run("bodies", "Bodies and how many people govern each",
                                     "institutions \(scope) | show name, kind, ward, people | sort kind, name", shown: 40,
                                     empty: "No bodies are placed in \(name) in the loaded data."))
        let empty = "No governors, trustees or board members are loaded for the bodies in \(name)."
        if officesCounted {
            bodies.blocks.append(try run("governors", "Who governs them, by office", "roles of (institutions \(scope)) | count by role, kind | sort count desc",
                                         empty: empty))
        } else {
            bodies.blocks.append(try run("governors", "Who governs them",
                                         "roles of (institutions \(scope)) | show name, role, institution, kind, start, end | sort institution, role, name",
                                         shown: 40, empty: empty))
        }
        return bodies
    }

    /// People holding an office in an area who hold others, and what else each sits on.
    func severalOffices(scope: String, name: String) throws -> ProfileSection {
        var several = ProfileSection(id: "several_offices", title: "People with several offices")
        several.blocks.append(try run("several_offices", "People holding an office here who hold others",
                                      "people \(scope) where roles >= 2 | show name, roles, offices | sort roles desc, name", shown: 30,
                                      empty: "No one holding an office in \(name) holds another in the loaded data."))
        return several
    }

    /// Budget lines, spending by category, by month and top suppliers, for the bodies `payers`
    /// names (a nested query or one body).
    func spendingBlocks(by payers: String, of name: String, population: ProfileFact?) throws -> [ProfileBlock] {
        var budget = try run("budget_by_service", "Budget by service line (outturn)",
                             "budgets of \(payers) | total amount by year, basis, category | sort total desc", chart: .bars, shown: 25,
                             empty: "No budget or outturn lines are loaded for \(name).")
        Self.perHead(&budget, column: "total", population: population, of: name)
        var byCategory = try run("spending_by_category", "Spending by category",
                                 "spending by \(payers) | total amount by category | sort total desc", chart: .bars, shown: 25,
                                 empty: "No spending is loaded for \(name).")
        Self.perHead(&byCategory, column: "total", population: population, of: name)
        var byMonth = try run("spending_by_month", "Spending by month", "spending by \(payers) | total amount by month",
                              chart: .columns, empty: "No spending is loaded for \(name).")
        Self.perHead(&byMonth, column: "total", population: population, of: name)
        var suppliers = try run("top_suppliers", "Top suppliers", "suppliers paid by \(payers) | show name, payments, paid | sort paid desc | top 10",
                                chart: .bars, value: "paid", empty: "No payments to suppliers are loaded for \(name).")
        Self.perHead(&suppliers, column: "paid", population: population, of: name)
        return [budget, byCategory, byMonth, suppliers]
    }

    // MARK: an area

    /// The `in` phrase for an area asked for as `asked` and found to be of kind `found`:
    /// `in council "X"` for a council area (as `in` names it), `in area "X"` when an `area "X"`
    /// turned out to be of a kind `in` takes by another word.
    static func scope(asked: String, found: String, name: String) -> String {
        let word = found == "council area" ? "council" : found == asked ? asked : "area"
        return "in \(word) \(quoted(name))"
    }

    func area(_ kind: String, _ subject: ProfileSubject) throws -> Profile {
        let asked = "\(kind) \(Self.quoted(subject.name))"
        var place = ProfileSection(id: "place", title: "The place")
        let me = try run("place", "The place", "\(asked) | show name, code, kind, council, parent, within, population",
                         empty: "No \(kind) is named \(subject.name).")
        guard let name = me.text("name") else { throw ProfileNotFound(description: "no \(kind) is named \(subject.name)") }
        let actualKind = me.text("kind") ?? kind
        let scope = Self.scope(asked: kind, found: actualKind, name: name)
        place.blocks.append(me)
        let population = Self.fact("population", me, "population")
        if let f = Self.fact("code", me, "code") { place.facts.append(f) }
        if let f = Self.fact("lies in", me, "within") { place.facts.append(f) }
        if let population { place.facts.append(population) }
        place.blocks.append(try run("contains", "Areas in it", "areas \(scope) | count by kind",
                                    empty: "No smaller areas are loaded inside \(name)."))
        if actualKind != "ward" {
            place.blocks.append(try run("wards", "Its wards", "wards \(scope) | show name, code, council, population | sort name", shown: 40,
                                        empty: "No wards are loaded inside \(name)."))
        }
        var sections = [place]
        sections += try representativesAndBodies(scope: scope, name: name)
        // The money: the area's own figures, what the bodies placed in it spend, and its rank
        // among its neighbours.
        var money = ProfileSection(id: "money", title: "The money")
        let headline = try run("money_summary", "Spent by the bodies placed in it",
                               "\(actualKind) \(Self.quoted(name)) | show name, population, spent, spent per head",
                               empty: "No figures for \(name).")
        for column in ["spent", "spent per head"] {
            if let f = Self.fact(column, headline, column) { money.facts.append(f) }
        }
        money.blocks.append(headline)
        money.blocks += try spendingBlocks(by: "(institutions \(scope))", of: name, population: population)
        if let neighbours = try neighbours(kind: actualKind, name: name, place: me) {
            var b = neighbours.block
            if let f = Self.rank("rank by spent per head", &b, "spent per head", name: name, among: neighbours.among) { money.facts.append(f) }
            if let f = Self.rank("rank by spent", &b, "spent", name: name, among: neighbours.among) { money.facts.append(f) }
            money.blocks.append(b)
        }
        sections.append(money)
        sections.append(try severalOffices(scope: scope, name: name))
        return finish(subject, title: "\(name) (\(actualKind))", code: me.text("code"), sections)
    }

    /// The area's neighbours, by spent per head: a ward among its council's wards, a
    /// constituency or council area among its region's.
    func neighbours(kind: String, name: String, place: ProfileBlock) throws -> (block: ProfileBlock, among: String)? {
        let query: String, among: String
        switch kind {
        case "ward":
            guard let council = place.text("council") else { return nil }
            query = "wards in council \(Self.quoted(council))"
            among = "wards in \(council)"
        case "council area":
            // A council area among its region's (its parent is its county or region).
            guard let region = Self.region(of: place) else { return nil }
            query = "council areas in region \(Self.quoted(region))"
            among = "council areas in \(region)"
        case "constituency":
            // A constituency lies in no larger area (its wards are linked to it, not nested), so
            // it is ranked among every constituency where spending is placed.
            let b = try run("neighbours", "Among constituencies where spending is placed",
                            "constituencies where spent > £0 | show name, spent | sort spent desc, name",
                            chart: .bars, value: "spent", shown: 15, empty: "No spending is placed in any constituency.")
            return (b, "constituencies with spending placed in them")
        default:
            return nil
        }
        let b = try run("neighbours", "Among its neighbours",
                        "\(query) | show name, population, spent, spent per head | sort spent per head desc, spent desc, name",
                        chart: .bars, value: "spent per head", shown: 15, empty: "No neighbours are loaded.")
        return (b, among)
    }

    /// The region an area lies in, read from its `within` ("name (kind)", nearest first).
    static func region(of place: ProfileBlock) -> String? {
        guard let within = place.text("within") else { return nil }
        for part in within.components(separatedBy: "; ") where part.hasSuffix(" (region)") {
            return String(part.dropLast(" (region)".count))
        }
        return nil
    }

    // MARK: a council

    func council(_ subject: ProfileSubject) throws -> Profile {
        let body = try run("council", "The council", "council \(Self.quoted(subject.name)) | show name, kind, class, code, area, website",
                           empty: "No council is named \(subject.name).")
        guard let name = body.text("name") else { throw ProfileNotFound(description: "no council is named \(subject.name)") }
        let areaName = body.text("area") ?? name
        var place = ProfileSection(id: "place", title: "The place")
        place.blocks.append(body)
        if let f = Self.fact("code", body, "code") { place.facts.append(f) }
        if let f = Self.fact("class", body, "class") { place.facts.append(f) }
        let me = try run("place", "Its area", "council area \(Self.quoted(areaName)) | show name, code, kind, parent, within, population",
                         empty: "\(name)'s area is not loaded.")
        place.blocks.append(me)
        if let f = Self.fact("lies in", me, "within") { place.facts.append(f) }
        let population = Self.fact("population", me, "population")
        if let population { place.facts.append(population) }
        let scope = "in council \(Self.quoted(areaName))"
        place.blocks.append(try run("contains", "Areas in it", "areas \(scope) | count by kind", empty: "No smaller areas are loaded inside \(areaName)."))
        place.blocks.append(try run("wards", "Its wards", "wards \(scope) | show name, code, population | sort name", shown: 40,
                                    empty: "No wards are loaded inside \(areaName)."))

        var reps = ProfileSection(id: "representatives", title: "Who represents it")
        let members = "of council \(Self.quoted(name))"
        reps.blocks.append(try run("parties", "Councillors by party", "councillors \(members) | count by party | sort count desc, party",
                                   chart: .bars, empty: "No councillors of \(name) are loaded."))
        reps.blocks.append(try run("councillors", "Councillors", "councillors \(members) | show name, party, ward, start, end, roles | sort ward, name",
                                   shown: 40, empty: "No councillors of \(name) are loaded."))
        reps.blocks.append(try run("candidates", "Candidates who stood, by party", "candidates \(scope) | count by election, party, elected | sort election desc, count desc",
                                   shown: 40, empty: "No candidacies are loaded for \(areaName)."))

        let bodies = try bodiesSection(scope: scope, name: areaName, officesCounted: true)

        var money = ProfileSection(id: "money", title: "The money")
        let headline = try run("money_summary", "The council's own figures",
                               "council \(Self.quoted(name)) | show name, budget, budget per head, spent, payments, suppliers", empty: "")
        for column in ["budget", "budget per head", "spent", "payments"] {
            if let f = Self.fact(column, headline, column) { money.facts.append(f) }
        }
        money.blocks.append(headline)
        money.blocks += try spendingBlocks(by: "council \(Self.quoted(name))", of: name, population: population)
        var byBudget = try run("rank_budget", "Among all councils, by budget",
                               "councils where budget > £0 | show name, class, budget, budget per head | sort budget desc, name",
                               chart: .bars, value: "budget", shown: 15, empty: "No council budgets are loaded.")
        if let f = Self.rank("rank by budget", &byBudget, "budget", name: name, among: "councils with a budget loaded") { money.facts.append(f) }
        money.blocks.append(byBudget)
        var bySpent = try run("rank_spent", "Among councils whose spending is loaded",
                              "councils where spent > £0 | show name, spent, payments | sort spent desc, name",
                              chart: .bars, value: "spent", shown: 15, empty: "No council spending is loaded.")
        if let f = Self.rank("rank by spent", &bySpent, "spent", name: name, among: "councils with spending loaded") { money.facts.append(f) }
        money.blocks.append(bySpent)

        var several = ProfileSection(id: "several_offices", title: "People with several offices")
        several.blocks.append(try run("several_offices_council", "Its councillors and members who hold other offices",
                                      "people \(members) where roles >= 2 | show name, roles, offices | sort roles desc, name", shown: 30,
                                      empty: "No member of \(name) holds another office in the loaded data."))
        several.blocks.append(try run("several_offices", "People holding an office in its area who hold others",
                                      "people \(scope) where roles >= 2 | show name, roles, offices | sort roles desc, name", shown: 30,
                                      empty: "No one holding an office in \(areaName) holds another in the loaded data."))
        return finish(subject, title: "\(name) (council)", code: body.text("code"), [place, reps, bodies, money, several])
    }

    // MARK: an institution

    func institution(_ kind: String, _ subject: ProfileSubject) throws -> Profile {
        let entity = "\(kind) \(Self.quoted(subject.name))"
        let body = try run("body", "The body",
                           "\(entity) | show name, kind, class, code, ward, council, parent, address, postcode, website, opened, closed",
                           empty: "No \(kind) is named \(subject.name).")
        guard let name = body.text("name") else { throw ProfileNotFound(description: "no \(kind) is named \(subject.name)") }
        let me = "\(kind) \(Self.quoted(name))"
        var place = ProfileSection(id: "place", title: "The body and its place")
        place.blocks.append(body)
        for column in ["kind", "code", "ward", "council"] {
            if let f = Self.fact(column, body, column), f.value != .null { place.facts.append(f) }
        }
        place.blocks.append(try run("children", "Bodies belonging to it", "institutions of \(me) | show name, kind, ward | sort kind, name", shown: 40,
                                    empty: "No bodies belonging to \(name) are loaded."))
        var governance = ProfileSection(id: "representatives", title: "Who governs it")
        governance.blocks.append(try run("governors", "Offices held there", "roles of \(me) | show name, role, detail, party, start, end | sort role, name",
                                         shown: 60, empty: "No offices at \(name) are loaded."))
        var money = ProfileSection(id: "money", title: "The money")
        let headline = try run("money_summary", "Its figures", "\(me) | show name, spent, payments, suppliers, budget", empty: "")
        for column in ["spent", "payments", "budget"] {
            if let f = Self.fact(column, headline, column) { money.facts.append(f) }
        }
        money.blocks.append(headline)
        money.blocks += try spendingBlocks(by: me, of: name, population: nil)
        var several = ProfileSection(id: "several_offices", title: "People with several offices")
        several.blocks.append(try run("several_offices", "Its people who hold other offices",
                                      "people of \(me) where roles >= 2 | show name, roles, offices | sort roles desc, name", shown: 30,
                                      empty: "No one holding an office at \(name) holds another in the loaded data."))
        return finish(subject, title: "\(name) (\(body.text("kind") ?? kind))", code: body.text("code"),
                      [place, governance, money, several])
    }

    // MARK: a person

    func person(_ subject: ProfileSubject) throws -> Profile {
        let (id, name) = try whichPerson(subject.name)
        var who = ProfileSection(id: "person", title: "The person")
        // `named` narrows by the name's index before the offices are counted; the key alone
        // would count every person's first (0.5 s on the national data, against 0.05 s).
        let me = try run("person", "The person", "people named \(Self.quoted(name)) where person_id = \(id) | show name, party, roles, institutions, offices", empty: "")
        for column in ["party", "roles", "institutions"] {
            if let f = Self.fact(column, me, column), f.value != .null { who.facts.append(f) }
        }
        who.blocks.append(me)
        var offices = ProfileSection(id: "offices", title: "Every office held")
        let roles = try run("offices", "Offices, where and when",
                            "roles where person_id = \(id) | show role, institution, kind, detail, ward, party, start, end, source | sort start desc, institution, role",
                            empty: "No offices are loaded for \(name).")
        offices.blocks.append(roles)
        offices.blocks.append(try run("candidacies", "Elections stood in",
                                      "candidates where person_id = \(id) | show name, party, ward, election, elected, votes | sort election desc",
                                      empty: "No candidacies are loaded for \(name)."))
        var money = ProfileSection(id: "money", title: "The bodies' money")
        var ids: [Int64] = []
        let bodyIDs = try run("body_ids", "The bodies", "roles where person_id = \(id) | count by institution_id", empty: "", counted: false)
        if let c = bodyIDs.column("institution_id") {
            for r in bodyIDs.rows { if case .integer(let i) = r[c], !ids.contains(i) { ids.append(i) } }
        }
        if !ids.isEmpty {
            let list = ids.map(String.init).joined(separator: ", ")
            money.blocks.append(try run("bodies_money", "What the bodies spend and budget",
                                        "institutions where institution_id in (\(list)) | show name, kind, spent, payments, budget | sort spent desc, name",
                                        chart: .bars, value: "spent", empty: "No spending or budget is loaded for \(name)'s bodies."))
            money.blocks.append(try run("bodies_spending_by_category", "Their spending by category",
                                        "spending by (institutions where institution_id in (\(list))) | total amount by payer, category | sort total desc",
                                        chart: .bars, shown: 25, empty: "No spending is loaded for \(name)'s bodies."))
        }
        return finish(subject, title: "\(name) (person)", code: nil, [who, offices, money])
    }

    /// The person a name means: the one person of exactly that name, else of that name in
    /// any case, else the one whose name holds it; `#123` is the person of that `person_id`
    /// (for two people of one name). Anything else is an error listing who was found, and how
    /// to name one to `civic <command>`.
    func whichPerson(_ asked: String, command: String = "profile") throws -> (Int64, String) {
        let digits = asked.hasPrefix("#") ? String(asked.dropFirst()) : ""
        let query = Int64(digits) != nil
            ? "people where person_id = \(digits) | show name, person_id, roles, offices"
            : "people named \(Self.quoted(asked)) | show name, person_id, roles, offices | sort name, person_id"
        let found = try run("person_search", "People of that name", query, empty: "", counted: false)
        guard let n = found.column("name"), let i = found.column("person_id"), let o = found.column("offices") else {
            throw ProfileNotFound(description: "no person is named \"\(asked)\"")
        }
        var matches = found.rows.filter { $0[n].textValue == asked }
        if matches.isEmpty { matches = found.rows.filter { ($0[n].textValue ?? "").lowercased() == asked.lowercased() } }
        if matches.isEmpty && found.rows.count == 1 { matches = found.rows }
        if matches.count == 1, case .integer(let id) = matches[0][i] { return (id, matches[0][n].textValue ?? asked) }
        if found.rows.isEmpty { throw ProfileNotFound(description: "no person is named \"\(asked)\" (a part of a name finds everyone whose name holds it)") }
        let listed = (matches.isEmpty ? found.rows : matches)
        let lines = listed.prefix(12).map { r -> String in
            let id = r[i] == .null ? "" : "#\(r[i].description)"
            return "  \(id)  \(r[n].textValue ?? "")  (\(r[o].textValue ?? "no offices"))"
        }
        let more = listed.count > lines.count ? ["  … and \(listed.count - lines.count) more"] : []
        let what = matches.count > 1 ? "\(matches.count) people are named \"\(asked)\"" : "no person is named exactly \"\(asked)\""
        throw ProfileNotFound(description: ([what + "; name one by its number, as civic \(command) person \"#123\":"] + lines + more).joined(separator: "\n"))
    }

    // MARK: notes and sources

    func finish(_ subject: ProfileSubject, title: String, code: String?, _ sections: [ProfileSection]) -> Profile {
        let blocks = sections.flatMap(\.blocks)
        var (notes, sources) = Self.notesAndSources(blocks)
        let synthetic = blocks.filter { $0.syntheticRows > 0 }
        if !synthetic.isEmpty {
            let rows = synthetic.reduce(0) { $0 + $1.syntheticRows }
            notes.insert("\(rows) rows in \(synthetic.count) of the tables (\(synthetic.map { "query \($0.number)" }.joined(separator: ", "))) draw on the synthetic demo layer (generated for demonstration, not real data); they are marked.", at: 0)
        }
        return Profile(subject: subject, title: title, code: code, sections: sections, notes: notes, sources: sources)
    }

    /// Every note of the blocks, once each in the order met, and every source they drew on,
    /// once each, real ones first: what a profile or a network cites.
    static func notesAndSources(_ blocks: [ProfileBlock]) -> (notes: [String], sources: [SourceRecord]) {
        var notes: [String] = [], sources: [SourceRecord] = []
        for b in blocks {
            for n in b.notes where !notes.contains(n) { notes.append(n) }
            for s in b.sources where !sources.contains(where: { $0.file == s.file }) { sources.append(s) }
        }
        sources.sort { ($0.synthetic ? 1 : 0, $0.file) < ($1.synthetic ? 1 : 0, $1.file) }
        return (notes, sources)
    }
}

extension Value {
    var textValue: String? {
        if case .text(let s) = self { return s }
        return nil
    }
}
