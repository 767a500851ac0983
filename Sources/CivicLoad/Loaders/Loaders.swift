import CivicDiagnostics
import CivicStorage
import Foundation

/// The loaders, one per layout kind. Each reads rows through a `LayoutReader` and writes them
/// with the `LoadContext`'s cached statements; every inserted row carries source id and line.
enum KindLoaders {
    static func requiredFields(_ kind: Layout.Kind) -> [String] {
        switch kind {
        case .categories: return ["code", "name"]
        case .categoryAliases: return ["alias", "code"]
        case .areas: return []
        case .areaValues: return ["code", "population"]
        case .institutions: return ["name", "kind"]
        case .outturn: return ["name", "kind"]
        case .roles: return ["name", "institution", "role"]
        case .candidacies: return ["name", "person_id", "election"]
        case .payments: return ["payer", "date", "supplier", "amount"]
        case .postcodes: return ["postcode"]
        case .parties: return ["label", "party_id", "name"]
        }
    }

    static func load(_ r: LayoutReader, source: Int64, ctx: LoadContext) throws {
        switch r.layout.kind {
        case .categories: try categories(r, source, ctx)
        case .categoryAliases: try categoryAliases(r, source, ctx)
        case .areas: try areas(r, source, ctx)
        case .areaValues: try areaValues(r, source, ctx)
        case .institutions: try institutions(r, source, ctx)
        case .outturn: try outturn(r, source, ctx)
        case .roles: try roles(r, source, ctx)
        case .candidacies: try candidacies(r, source, ctx)
        case .payments: try payments(r, source, ctx)
        case .postcodes: try postcodes(r, source, ctx)
        case .parties: try parties(r, source, ctx)
        }
    }

    // MARK: categories

    /// The taxonomy: each line's parent is the next "TOTAL …" line of the same hundred
    /// (110–165 → 190 TOTAL EDUCATION SERVICES), as the MHCLG service lines are laid out.
    static func categories(_ r: LayoutReader, _ source: Int64, _ ctx: LoadContext) throws {
        var pending: [(code: Int64, total: Bool)] = []
        try r.forEachRow(ctx) { row in
            let text = try r.requiredCode(row, "code")
            guard let code = Int64(text) else {
                throw RowError(r.error(row, "code", .badNumber, expected: "a numeric line code", found: r.found(row, "code")))
            }
            guard !ctx.categories.contains(code) else {
                throw RowError(r.error(row, "code", .duplicateKey, "duplicate key: category \(code) is already loaded"))
            }
            let name = try r.required(row, "name")
            let total = name.hasPrefix("TOTAL ")
            try ctx.run("INSERT INTO categories(category_id, name, name_norm, parent_id, is_total, source_id, source_line) VALUES (?,?,?,NULL,?,?,?)",
                        [.integer(code), .text(name), .text(Normalise.name(name)), .integer(total ? 1 : 0), .integer(source), .integer(Int64(row.record.line))])
            ctx.categories.insert(code)
            pending.append((code, total))
        }
        for (i, c) in pending.enumerated() where !c.total {
            if let parent = pending[(i + 1)...].first(where: \.total), parent.code / 100 == c.code / 100 {
                try ctx.run("UPDATE categories SET parent_id = ? WHERE category_id = ?", [.integer(parent.code), .integer(c.code)])
            }
        }
    }

    static func categoryAliases(_ r: LayoutReader, _ source: Int64, _ ctx: LoadContext) throws {
        try r.forEachRow(ctx) { row in
            let alias = try r.required(row, "alias")
            let norm = Normalise.name(alias)
            guard !ctx.categoryAliases.contains(norm) else {
                throw RowError(r.error(row, "alias", .duplicateKey, "duplicate key: the alias \"\(alias)\" is already defined"))
            }
            guard let code = try r.category(row, "code", ctx) else {
                throw RowError(r.error(row, "code", .emptyField, expected: "a category code", found: LayoutReader.emptyField))
            }
            try ctx.run("INSERT INTO category_aliases(alias, alias_norm, category_id, source_id, source_line) VALUES (?,?,?,?,?)",
                        [.text(alias), .text(norm), .integer(code), .integer(source), .integer(Int64(row.record.line))])
            ctx.categoryAliases.insert(norm)
        }
    }

    // MARK: areas

    static func areas(_ r: LayoutReader, _ source: Int64, _ ctx: LoadContext) throws {
        let levels = r.layout.levels ?? []
        let byKind = Dictionary(levels.map { ($0.kind, $0) }, uniquingKeysWith: { a, _ in a })
        try r.forEachRow(ctx) { row in
            var codes: [String: String] = [:]
            for level in levels {
                guard let code = r.code(row, level.code) else { continue }
                codes[level.kind] = code
                if ctx.areas[code] != nil { continue }
                let name = try r.required(row, level.name)
                // The parent is the nearest ancestor level this row names (regions are blank outside England).
                var parent: String?
                var p = level.parent
                while let pk = p, parent == nil {
                    parent = codes[pk]
                    p = byKind[pk]?.parent
                }
                try ctx.run("INSERT INTO areas(area_id, name, name_norm, kind, parent_id, source_id, source_line) VALUES (?,?,?,?,?,?,?)",
                            [.text(code), .text(name), .text(Normalise.name(name)), .text(level.kind), .text(parent),
                             .integer(source), .integer(Int64(row.record.line))])
                ctx.areas[code] = level.kind
            }
            for link in r.layout.links ?? [] {
                guard let a = codes[link.area], let c = codes[link.container] else { continue }
                try ctx.run("INSERT OR IGNORE INTO area_links(area_id, container_id, source_id, source_line) VALUES (?,?,?,?)",
                            [.text(a), .text(c), .integer(source), .integer(Int64(row.record.line))])
            }
        }
    }

    static func areaValues(_ r: LayoutReader, _ source: Int64, _ ctx: LoadContext) throws {
        try r.forEachRow(ctx) { row in
            guard let code = try r.area(row, "code", ctx) else {
                throw RowError(r.error(row, "code", .emptyField, expected: "an area code", found: LayoutReader.emptyField))
            }
            guard let population = try r.integer(row, "population"), population >= 0 else {
                throw RowError(r.error(row, "population", .badNumber, expected: "a population (a whole number)", found: r.found(row, "population")))
            }
            try ctx.run("UPDATE areas SET population = ?, population_source_id = ? WHERE area_id = ?",
                        [.integer(population), .integer(source), .text(code)])
        }
    }

    // MARK: institutions

    struct PendingParent { let child: Int64; let ref: String; let row: MappedRow }

    /// Inserts the institution a row describes and returns its id.
    static func insertInstitution(_ r: LayoutReader, _ row: MappedRow, _ source: Int64, _ ctx: LoadContext,
                                  extras: ExtraFields? = nil, pending: inout [PendingParent]) throws -> Int64 {
        var scheme = r.layout.constants?["scheme"]
        var code: String?
        var codeField = "code"
        if let alts = r.layout.codeAlternatives {
            for alt in alts { if let c = r.code(row, alt.field) { scheme = alt.scheme; code = c; codeField = alt.field; break } }
        } else if let parts = r.layout.codeFrom {
            let joined = parts.compactMap { r.value(row, $0) }.joined(separator: " ")
            code = joined.isEmpty ? nil : Normalise.slug(joined)
            codeField = parts.first ?? "name"
        } else {
            code = r.code(row, "code")
        }
        guard let scheme else {
            throw LoadError(.layoutMissingField, file: r.display, line: 0, column: 0, "layout declares no \"scheme\" constant for institution codes")
        }
        guard let code else { throw RowError(r.error(row, codeField, .emptyField, expected: "an institution code", found: LayoutReader.emptyField)) }
        let ref = scheme + ":" + code
        if ctx.institutions[ref] != nil {
            let first = try ctx.db.scalar("SELECT s.file || ' line ' || i.source_line FROM institutions i JOIN sources s USING(source_id) WHERE i.scheme = ? AND i.code = ?",
                                          [.text(scheme), .text(code)])
            throw RowError(r.error(row, codeField, .duplicateKey, "duplicate key: institution \(ref) is already loaded (from \(first))"))
        }
        let name = try r.required(row, "name")
        // A kind is a term of civic's vocabulary, not text shown as published: blanks are folded.
        let kind = try r.required(row, "kind").trimmingSpaces.lowercased().split(separator: " ").joined(separator: " ")
        let area = try r.area(row, "area", ctx, ignoreUnknown: r.layout.areaUnknown == "ignore")
        let opened = try r.date(row, "opened")
        let closed = try r.date(row, "closed")
        let extra = try extras?.json(r, row)
        let id = try ctx.insert("""
            INSERT INTO institutions(scheme, code, name, name_norm, kind, subkind, area_id, area_from, parent_id, address, postcode, website,
                                     opened, closed, extra, source_id, source_line)
            VALUES (?,?,?,?,?,?,?,?,NULL,?,?,?,?,?,?,?,?)
            """, [.text(scheme), .text(code), .text(name), .text(Normalise.name(name)), .text(kind), .text(r.value(row, "subkind")),
                  .text(area), .text(area == nil ? nil : "file"), .text(r.value(row, "address")), .text(r.value(row, "postcode")),
                  .text(r.value(row, "website")), .text(opened), .text(closed), .text(extra),
                  .integer(source), .integer(Int64(row.record.line))])
        ctx.institutions[ref] = id
        if let parent = r.value(row, "parent") {
            if let create = r.layout.parentCreate {
                let pref = create.scheme + ":" + Normalise.slug(parent)
                var pid = ctx.institutions[pref]
                if pid == nil {
                    pid = try ctx.insert("""
                        INSERT INTO institutions(scheme, code, name, name_norm, kind, area_id, area_from, source_id, source_line)
                        VALUES (?,?,?,?,?,?,?,?,?)
                        """, [.text(create.scheme), .text(Normalise.slug(parent)), .text(parent), .text(Normalise.name(parent)),
                              .text(create.kind), .text(area), .text(area == nil ? nil : "file"), .integer(source), .integer(Int64(row.record.line))])
                    ctx.institutions[pref] = pid
                }
                try ctx.run("UPDATE institutions SET parent_id = ? WHERE institution_id = ?", [.integer(pid!), .integer(id)])
            } else {
                // Without `parent_create` the parent is a code or reference, trimmed like one.
                let parent = parent.trimmingSpaces
                pending.append(PendingParent(child: id, ref: parent.contains(":") ? parent : scheme + ":" + parent, row: row))
            }
        }
        return id
    }

    static func resolveParents(_ r: LayoutReader, _ pending: [PendingParent], _ ctx: LoadContext) throws {
        for p in pending {
            guard let pid = ctx.institutions[p.ref] else {
                ctx.sink.add(r.error(p.row, "parent", .unknownInstitution, "unknown parent institution \"\(p.ref)\""))
                continue
            }
            try ctx.run("UPDATE institutions SET parent_id = ? WHERE institution_id = ?", [.integer(pid), .integer(p.child)])
        }
    }

    static func institutions(_ r: LayoutReader, _ source: Int64, _ ctx: LoadContext) throws {
        var pending: [PendingParent] = []
        let extras = ExtraFields(r)
        try extras.register(r, source: source, ctx)
        try r.forEachRow(ctx) { row in
            _ = try insertInstitution(r, row, source, ctx, extras: extras, pending: &pending)
        }
        try resolveParents(r, pending, ctx)
    }

    /// Institutions a layout declares itself (line 0 of its file).
    static func declared(_ layout: Layout, display: String, source: Int64, _ ctx: LoadContext) throws {
        for d in layout.declare ?? [] {
            let ref = d.scheme + ":" + d.code
            if ctx.institutions[ref] != nil { continue }
            if let a = d.area, ctx.areas[a] == nil {
                ctx.sink.add(LoadError(.unknownArea, file: display, line: 0, column: 0, "layout declares \(ref) in unknown area \"\(a)\""))
                continue
            }
            let id = try ctx.insert("""
                INSERT INTO institutions(scheme, code, name, name_norm, kind, subkind, area_id, area_from, source_id, source_line)
                VALUES (?,?,?,?,?,?,?,?,?,0)
                """, [.text(d.scheme), .text(d.code), .text(d.name), .text(Normalise.name(d.name)), .text(d.kind.lowercased()),
                      .text(d.subkind), .text(d.area), .text(d.area == nil ? nil : "file"), .integer(source)])
            ctx.institutions[ref] = id
        }
    }

    // MARK: budgets

    /// A wide outturn file: one row per authority (an institution) with one column per category.
    static func outturn(_ r: LayoutReader, _ source: Int64, _ ctx: LoadContext) throws {
        guard let vc = r.layout.valueColumns else {
            throw LoadError(.layoutMissingKey, file: r.display, line: 0, column: 0, "an outturn layout needs \"value_columns\"")
        }
        let re = try NSRegularExpression(pattern: vc.pattern)
        let wanted = Set(vc.codes.map(Int64.init))
        let columns = r.headerIndex(matching: re).compactMap { c -> (Int, Int64)? in
            guard let code = Int64(c.capture), wanted.contains(code), ctx.categories.contains(code) else { return nil }
            return (c.index, code)
        }
        let missingCodes = wanted.subtracting(columns.map(\.1))
        if !missingCodes.isEmpty {
            throw LoadError(.missingColumn, file: r.display, line: r.headerLine, column: 0,
                            "no value column for categories \(missingCodes.sorted().map(String.init).joined(separator: ", "))")
        }
        let fy = Int64(r.layout.financialYear ?? 0)
        let kind = r.layout.budgetKind ?? "outturn"
        var pending: [PendingParent] = []
        try r.forEachRow(ctx) { row in
            let id = try insertInstitution(r, row, source, ctx, pending: &pending)
            for (index, code) in columns {
                guard let text = r.columnText(row, index: index) else { continue }
                let pence: Int64
                switch r.amount(text) {
                case .success(let p): pence = p
                case .failure(let fault):
                    throw RowError(LoadError(fault.id, file: r.display, line: row.record.fields[index].line, column: index + 1,
                                             expected: fault.expected, found: "\"\(text)\""))
                }
                try ctx.run("INSERT INTO budgets(institution_id, fy_start, category_id, kind, amount_pence, source_id, source_line) VALUES (?,?,?,?,?,?,?)",
                            [.integer(id), .integer(fy), .integer(code), .text(kind), .integer(pence), .integer(source), .integer(Int64(row.record.line))])
            }
        }
        try resolveParents(r, pending, ctx)
    }

    // MARK: roles

    static func roles(_ r: LayoutReader, _ source: Int64, _ ctx: LoadContext) throws {
        guard let scheme = r.layout.constants?["person_scheme"] else {
            throw LoadError(.layoutMissingField, file: r.display, line: 0, column: 0, "a roles layout needs a \"person_scheme\" constant")
        }
        var seen: Set<String> = []
        // Prepared once for the file, not looked up by their text on every row.
        let insertPerson = try ctx.statement("INSERT INTO people(scheme, code, name, name_norm, source_id, source_line) VALUES (?,?,?,?,?,?)")
        let insertRole = try ctx.statement("""
            INSERT INTO roles(person_id, name, institution_id, role, detail, ward_id, party, party_id, votes, start_date, end_date, extra, source_id, source_line)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        let extras = ExtraFields(r)
        try extras.register(r, source: source, ctx)
        try r.forEachRow(ctx) { row in
            let name = try r.required(row, "name")
            let code = r.code(row, "person_id") ?? Normalise.name(name)
            let ref = scheme + ":" + code
            let institution = try r.institution(row, "institution", ctx)
            // A role is a term of civic's vocabulary (`councillors`), matched, not shown as published.
            let role = try r.required(row, "role").trimmingSpaces.lowercased()
            let ward = try r.area(row, "ward", ctx)
            let start = try r.date(row, "start")
            let end = try r.date(row, "end")
            let votes = try r.integer(row, "votes")
            if let v = votes, v < 0 {
                throw RowError(r.error(row, "votes", .badNumber, expected: "a number of votes (0 or more)", found: r.found(row, "votes")))
            }
            let detail = r.value(row, "detail")
            let key = "\(ref)|\(institution)|\(role)|\(detail ?? "")|\(start ?? "")"
            guard seen.insert(key).inserted else {
                throw RowError(r.error(row, "name", .duplicateKey, "duplicate key: \(name) already holds this \(role) role in this file"))
            }
            let (label, party) = try self.party(r, row, source, ctx)
            let extra = try extras.json(r, row)
            let person = try self.person(ref, scheme: scheme, code: code, name: name, row: row, source: source, insertPerson, ctx)
            try insertRole.execute([.integer(person), .text(name), .integer(institution), .text(role), .text(detail), .text(ward), .text(label), .text(party),
                      .int(votes), .text(start), .text(end), .text(extra), .integer(source), .integer(Int64(row.record.line))])
        }
    }

    /// The person a row names by `scheme:code`, created from this row the first time any file
    /// names them (roles and candidacies share people: Democracy Club's ids).
    static func person(_ ref: String, scheme: String, code: String, name: String, row: MappedRow, source: Int64,
                       _ insertPerson: Statement, _ ctx: LoadContext) throws -> Int64 {
        if let id = ctx.people[ref] { return id }
        try insertPerson.execute([.text(scheme), .text(code), .text(name), .text(Normalise.name(name)), .integer(source), .integer(Int64(row.record.line))])
        let id = ctx.db.lastInsertRowID
        ctx.people[ref] = id
        return id
    }

    /// A row's party: the label as published and the party it is, by the register id the row
    /// gives (a party not loaded yet is added under the row's label) or else by the declared
    /// table of labels (`parties` files); nil for a label no table maps.
    static func party(_ r: LayoutReader, _ row: MappedRow, _ source: Int64, _ ctx: LoadContext) throws -> (label: String?, id: String?) {
        let label = r.value(row, "party")
        if let id = r.code(row, "party_id") {
            if ctx.parties[id] == nil {
                try ctx.run("INSERT INTO parties(party_id, name, name_norm, source_id, source_line) VALUES (?,?,?,?,?)",
                            [.text(id), .text(label ?? id), .text(Normalise.name(label ?? id)), .integer(source), .integer(Int64(row.record.line))])
                ctx.parties[id] = label ?? id
            }
            return (label, id)
        }
        guard let label else { return (nil, nil) }
        return (label, ctx.partyLabels[Normalise.name(label)])
    }

    // MARK: candidates

    /// Candidacies at elections: a person standing in a ward on a day, for a party; whether
    /// elected, as the file says, or else from the councillors loaded (`Loader.settle`).
    static func candidacies(_ r: LayoutReader, _ source: Int64, _ ctx: LoadContext) throws {
        guard let scheme = r.layout.constants?["person_scheme"] else {
            throw LoadError(.layoutMissingField, file: r.display, line: 0, column: 0, "a candidacies layout needs a \"person_scheme\" constant")
        }
        let insertPerson = try ctx.statement("INSERT INTO people(scheme, code, name, name_norm, source_id, source_line) VALUES (?,?,?,?,?,?)")
        let insert = try ctx.statement("""
            INSERT INTO candidacies(person_id, name, ward_id, election_date, ballot, party, party_id, votes, elected, elected_from, extra, source_id, source_line)
            VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)
            """)
        let extras = ExtraFields(r)
        try extras.register(r, source: source, ctx)
        var seen: Set<String> = []
        try r.forEachRow(ctx) { row in
            let name = try r.required(row, "name")
            let code = try r.requiredCode(row, "person_id")
            let ref = scheme + ":" + code
            let ward = try r.area(row, "ward", ctx)
            let election = try r.date(row, "election", required: true)!
            let votes = try r.integer(row, "votes")
            if let v = votes, v < 0 {
                throw RowError(r.error(row, "votes", .badNumber, expected: "a number of votes (0 or more)", found: r.found(row, "votes")))
            }
            var elected: Int64?
            if let e = r.code(row, "elected") {
                switch e.trimmingSpaces.lowercased() {
                case "yes", "y", "true", "1", "elected": elected = 1
                case "no", "n", "false", "0", "not elected": elected = 0
                default:
                    throw RowError(r.error(row, "elected", .badValue, expected: "yes or no (or true or false)", found: r.found(row, "elected")))
                }
            }
            guard seen.insert("\(ref)|\(ward ?? "")|\(election)").inserted else {
                throw RowError(r.error(row, "name", .duplicateKey, "duplicate key: \(name) already stands in this ward on this day in this file"))
            }
            let (label, party) = try self.party(r, row, source, ctx)
            let extra = try extras.json(r, row)
            let person = try self.person(ref, scheme: scheme, code: code, name: name, row: row, source: source, insertPerson, ctx)
            try insert.execute([.integer(person), .text(name), .text(ward), .text(election), .text(r.code(row, "ballot")), .text(label), .text(party),
                                .int(votes), .int(elected), .text(elected == nil ? nil : "file"), .text(extra), .integer(source), .integer(Int64(row.record.line))])
        }
    }

    // MARK: parties

    /// The declared table of party labels: each published label, the party it names (its
    /// register id) and the party's registered name.
    static func parties(_ r: LayoutReader, _ source: Int64, _ ctx: LoadContext) throws {
        try r.forEachRow(ctx) { row in
            let label = try r.required(row, "label")
            let id = try r.requiredCode(row, "party_id")
            let name = try r.required(row, "name")
            if let known = ctx.parties[id] {
                guard known == name else {
                    throw RowError(r.error(row, "name", .duplicateKey, "party \(id) is already named \"\(known)\"", expected: "one name per party id"))
                }
            } else {
                try ctx.run("INSERT INTO parties(party_id, name, name_norm, source_id, source_line) VALUES (?,?,?,?,?)",
                            [.text(id), .text(name), .text(Normalise.name(name)), .integer(source), .integer(Int64(row.record.line))])
                ctx.parties[id] = name
            }
            let norm = Normalise.name(label)
            guard ctx.partyLabels[norm] == nil else {
                throw RowError(r.error(row, "label", .duplicateKey, "duplicate key: the label \"\(label)\" is already mapped"))
            }
            try ctx.run("INSERT INTO party_labels(label_norm, label, party_id, source_id, source_line) VALUES (?,?,?,?,?)",
                        [.text(norm), .text(label), .text(id), .integer(source), .integer(Int64(row.record.line))])
            ctx.partyLabels[norm] = id
        }
    }

    // MARK: postcodes

    /// A postcode lookup (the ONS Postcode Directory's columns `pcds`, `osward`, `oslaua`,
    /// `pcon`): where each postcode lies. Codes of areas not loaded are kept out (a national
    /// directory covers more than a partial set of lookups), and the postcode then lies only
    /// where the loaded areas say.
    static func postcodes(_ r: LayoutReader, _ source: Int64, _ ctx: LoadContext) throws {
        let insert = try ctx.statement("""
            INSERT INTO postcodes(postcode_norm, postcode, ward_id, council_id, constituency_id, source_id, source_line)
            VALUES (?,?,?,?,?,?,?)
            """)
        let duplicate = try ctx.statement("SELECT 1 FROM postcodes WHERE postcode_norm = ?")
        try r.forEachRow(ctx) { row in
            let postcode = try r.required(row, "postcode")
            let norm = Normalise.postcode(postcode)
            guard norm.utf8.count >= 5, norm.utf8.count <= 7, norm.utf8.allSatisfy({ ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) }) else {
                throw RowError(r.error(row, "postcode", .badValue, expected: "a UK postcode like B9 5SS", found: r.found(row, "postcode")))
            }
            if try !duplicate.rows([.text(norm)]).isEmpty {
                throw RowError(r.error(row, "postcode", .duplicateKey, "duplicate key: the postcode \(postcode) is already loaded"))
            }
            let ward = try r.area(row, "ward", ctx, ignoreUnknown: true)
            let council = try r.area(row, "council", ctx, ignoreUnknown: true)
            let constituency = try r.area(row, "constituency", ctx, ignoreUnknown: true)
            try insert.execute([.text(norm), .text(postcode), .text(ward), .text(council), .text(constituency),
                                .integer(source), .integer(Int64(row.record.line))])
        }
    }
}
