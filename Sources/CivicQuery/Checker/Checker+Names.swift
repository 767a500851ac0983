import CivicDiagnostics
import CivicStorage

/// The checker's name lookups: what a quoted name means, through `NameLookup` and the rules
/// of `NameResolver`.
extension Checker {
    /// One institution of a kind (`council`, `school` …) by its name or code.
    func resolveInstitution(_ kind: KindWord, _ name: StringLiteral) throws -> NameResolver.Candidate {
        let kinds: [String]? = vocabulary.institutionKinds[kind.text] ?? nil
        let c = try NameResolver.resolve(name, what: kind.text, fetch: { try self.names.institutions(kinds: kinds, matching: $0) },
                                       stop: checkWatch) { c, _ in
            "\(kind.text) \"\(c.name)\""
        }
        resolutions.append("\(kind.text) \"\(name.value)\" → \(c.name) (\(c.code))")
        return c
    }

    /// The areas of a query's `in` phrases, by phrase. Each resolves on its own first; a name
    /// that several areas share is then looked for inside the query's other areas, so that
    /// `councillors in ward "Aston" in council "Birmingham"` is Birmingham's Aston.
    func resolveAreas(_ phrases: [Phrase]) throws -> [Int: NameResolver.Candidate] {
        var resolved: [Int: NameResolver.Candidate] = [:]
        var ambiguous: [(index: Int, kind: KindWord?, name: StringLiteral, kinds: [String]?, what: String, error: Diagnostic)] = []
        for (index, phrase) in phrases.enumerated() {
            guard case .inArea(let kind, let name, _) = phrase else { continue }
            let (kinds, what) = try areaKinds(kind)
            do {
                let c = try resolveArea(name, kinds: kinds, what: what)
                resolved[index] = c
                resolutions.append("\(kind.map { $0.text + " " } ?? "")\"\(name.value)\" → \(c.name) (\(c.code))")
            } catch let d as Diagnostic where d.id == .ambiguousName {
                ambiguous.append((index, kind, name, kinds, what, d))
            }
        }
        for a in ambiguous {
            let context = resolved.filter { $0.key != a.index }.values.sorted { $0.code < $1.code }
            guard !context.isEmpty,
                  let c = try? resolveArea(a.name, kinds: a.kinds, what: a.what, within: context.map(\.code)) else { throw a.error }
            resolved[a.index] = c
            resolutions.append("\(a.kind.map { $0.text + " " } ?? "")\"\(a.name.value)\" → \(c.name) (\(c.code)), the one in \(context.map(\.name).joined(separator: " and "))")
        }
        return resolved
    }

    /// The area kinds a kind word names (`ward`, `council` …; none: every kind).
    func areaKinds(_ kind: KindWord?) throws -> ([String]?, String) {
        guard let kind else { return (Vocabulary.areaKinds["area"]!, "area") }
        guard let k = Vocabulary.areaKinds[kind.text] else {
            throw Diagnostic(id: .unknownAreaKind, message: "unknown kind of area \"\(kind.text)\"", span: kind.span,
                             expected: "ward, council, constituency, region, county or country",
                             suggestion: Suggestions.didYouMean(kind.text, in: Array(Vocabulary.areaKinds.keys)))
        }
        return (k, kind.text)
    }

    /// One area by name or code; with `within`, only areas inside those (at any depth).
    func resolveArea(_ name: StringLiteral, kinds: [String]?, what: String, within: [String] = []) throws -> NameResolver.Candidate {
        return try NameResolver.resolve(name, what: what, fetch: { try self.names.areas(kinds: kinds, within: within, matching: $0) },
                                          stop: checkWatch) { c, listed in
            let word = c.kind == "council area" ? "council" : c.kind
            // Names several areas share are told apart by the council a ward lies in (which the
            // query can name too), else by their codes.
            let shared = listed.filter { $0.norm == c.norm }.count > 1
            if shared, c.kind == "ward", let council = c.parent { return "in \(word) \"\(c.name)\" in council \"\(council)\"" }
            return "in \(word) \"\(shared ? c.code : c.name)\""
        }
    }

    func resolveCategory(_ name: StringLiteral) throws -> Int64 {
        var candidates = try names.categories()
        // Aliases first: an alias naming a category exactly is that category.
        let aliases = try names.categoryAliases()
        let norm = NameResolver.normalise(name.value)
        if let hit = aliases.first(where: { NameResolver.normalise($0.alias) == norm }) {
            resolutions.append("spending on \"\(name.value)\" → \(hit.category) (\(hit.id))")
            return hit.id
        }
        candidates += aliases.map { NameResolver.Candidate(id: .integer($0.id), name: $0.alias, code: String($0.id), kind: "category", parent: $0.category) }
        do {
            let c = try NameResolver.resolve(name, among: candidates, what: "category", stop: checkWatch) { c, _ in "spending on \"\(c.name)\"" }
            resolutions.append("spending on \"\(name.value)\" → \(c.parent ?? c.name) (\(c.code))")
            return c.id.int ?? 0
        } catch var d as Diagnostic where d.id == .ambiguousName {
            // Several names of the same category are one category.
            let ids = Set(candidates.filter { c in d.notes.contains { $0.contains("(\(c.code)") } }.map(\.code))
            if ids.count == 1, let only = ids.first, let id = Int64(only) { return id }
            d.message = "\"\(name.value)\" matches several categories"
            throw d
        }
    }
}
