/// The catalogue as people read it: `civic schema` and `.fields` in the REPL.
public enum LanguageSchema {
    /// Every subject family with its fields, or just the one named.
    public static func render(family name: String? = nil) -> String {
        var out: [String] = []
        for family in Family.allCases where name == nil || family.rawValue == name {
            let def = Catalog.subject(family)
            out.append("\(family.rawValue) — one row per \(def.row): \(def.summary)")
            out.append("  subjects: \(def.wordsSummary)")
            let width = def.fields.map(\.name.count).max() ?? 0
            for f in def.fields {
                let pad = String(repeating: " ", count: width - f.name.count)
                let type = f.type.rawValue + (f.derived ? ", derived" : "")
                out.append("    \(f.name)\(pad)  \(type.padding(15))  \(f.summary)")
            }
            out.append("  shown by default: \(def.defaults.joined(separator: ", "))")
            out.append("")
        }
        return out.joined(separator: "\n")
    }

    /// The subject families' names.
    public static var families: [String] { Family.allCases.map(\.rawValue) }

    /// The field names of a subject family, for completion.
    public static func fields(of family: Family) -> [String] { Catalog.subject(family).fields.map(\.name) }
}

extension String {
    func padding(_ n: Int) -> String { count >= n ? self : self + String(repeating: " ", count: n - count) }
}
