/// The catalogue as people read it: `civic schema` and `.fields` in the REPL.
public enum LanguageSchema {
    /// Every subject family with its fields, or just the one named.
    public static func render(family name: String? = nil) -> String { render(family: name, vocabulary: nil) }

    static func render(family name: String?, vocabulary: Vocabulary?) -> String {
        var out: [String] = []
        for family in Family.allCases where name == nil || family.rawValue == name {
            let def = vocabulary?.subject(family) ?? Catalog.subject(family)
            out.append("\(family.rawValue) — one row per \(def.row): \(def.summary)")
            out.append("  subjects: \(def.wordsSummary)")
            let width = def.fields.map(\.name.count).max() ?? 0
            func line(_ f: FieldDef) -> String {
                let pad = String(repeating: " ", count: width - f.name.count)
                let type = f.type.rawValue + (f.derived ? ", derived" : "")
                return "    \(f.name)\(pad)  \(type.padding(15))  \(f.summary)"
            }
            for f in def.fields where !f.extra { out.append(line(f)) }
            let extras = def.fields.filter(\.extra)
            if !extras.isEmpty {
                out.append("  fields the loaded files' layouts add (empty where a file does not give them):")
                for f in extras { out.append(line(f)) }
            }
            if !def.perHeadFields.isEmpty {
                out.append("  per head: \(def.perHeadFields.joined(separator: ", ")) (money, derived): the figure divided by "
                           + (family == .institutions ? "a council's area's population (other bodies have none)" : "the area's population")
                           + ", to the penny; empty where the population is not known")
            }
            out.append("  shown by default: \(def.defaults.joined(separator: ", "))")
            if let date = def.mainDate {
                let others = def.fields.filter { $0.type == .date && $0.name != date }.map(\.name)
                out.append("  time units: by month, quarter, fy or year group \(date)" + others.map { "; by month of \($0) groups \($0)" }.joined())
            }
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// The subject families' names.
    public static var families: [String] { Family.allCases.map(\.rawValue) }

    /// The field names of a subject family, for completion.
    public static func fields(of family: Family) -> [String] { Catalog.subject(family).fields.map(\.name) }
}

extension QueryEngine {
    /// `civic schema` for this database: the catalogue with the fields loaded layouts add.
    public func languageSchema(family: String? = nil) -> String {
        LanguageSchema.render(family: family, vocabulary: words)
    }

    /// The field names of a subject family here, extra fields included, for completion.
    public func fields(of family: Family) -> [String] {
        (words?.subject(family) ?? Catalog.subject(family)).fields.map(\.name)
    }

    /// The money fields of a subject family here that `per head` divides (none when its rows
    /// have no population), for completion.
    public func perHeadBases(of family: Family) -> [String] {
        let def = words?.subject(family) ?? Catalog.subject(family)
        return def.population == nil ? [] : def.fields.filter { $0.type == .money }.map(\.name)
    }

    /// The money, count and number fields of a subject family here, which `total` and
    /// `average` take, for completion.
    public func numericFields(of family: Family) -> [String] {
        (words?.subject(family) ?? Catalog.subject(family)).fields.filter { $0.type.isNumeric }.map(\.name)
    }

    /// The family a singular kind before a name lists (`council "X"`: institutions; `ward "X"`:
    /// areas), for completion.
    public func family(ofKind kind: String) -> Family? {
        if Vocabulary.areaKinds[kind] != nil { return .areas }
        if words?.institutionKinds[kind] != nil { return .institutions }
        return nil
    }

    /// The date fields of a subject family here, which time units group, for completion.
    public func dateFields(of family: Family) -> [String] {
        (words?.subject(family) ?? Catalog.subject(family)).fields.filter { $0.type == .date }.map(\.name)
    }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
