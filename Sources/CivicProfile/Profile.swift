import CivicQuery
import CivicStorage

// A one-page profile of a place, a body or a person: sections of figures, each figure the
// answer to a civic query that the profile keeps beside it (its text, SQL, rows, notes and
// sources), so a reader can run any number again. `ProfileBuilder` makes one; CivicOutput
// writes it for a terminal, in Markdown, JSON and HTML.

/// What a profile is of: a kind and a name, as `civic profile ward "Bromford & Hodge Hill"`.
public struct ProfileSubject: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An area of this kind: ward, constituency, council area, region, county, country …
        case area(String)
        /// A council: the body and the council area it governs.
        case council
        /// An institution of this kind: school, academy, nhs trust, youth centre …
        case institution(String)
        case person
    }

    public var kind: Kind
    /// The name as asked for; the profile's title holds the name as published.
    public var name: String

    public init(kind: Kind, name: String) {
        self.kind = kind
        self.name = name
    }

    /// The area kinds a profile takes, as `in` names them.
    static let areaKinds: Set<String> = ["ward", "constituency", "council area", "region", "county", "country",
                                         "police force area", "fire and rescue area", "area"]

    /// The subject of `words` (a kind, one or more words) and `name`: `council` is the council
    /// itself, `person` a person, an area kind an area, and any other word a kind of institution
    /// (checked against what is loaded when the profile is built).
    public init(kindWords: String, name: String) {
        let words = kindWords.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        self.name = name
        switch words {
        case "council": kind = .council
        case "person", "people": kind = .person
        case let w where Self.areaKinds.contains(w): kind = .area(w)
        default: kind = .institution(words)
        }
    }

    /// `ward "Bromford & Hodge Hill"`, `person "Rob Pocock"`, with the words
    /// and a string in the language's quotes. Nil when the text is not words then one string.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let q = t.firstIndex(where: { $0 == "\"" || $0 == "'" }) else { return nil }
        let quote = t[q]
        let words = t[..<q].trimmingCharacters(in: .whitespaces)
        var name = ""
        var i = t.index(after: q)
        var closed = false
        while i < t.endIndex {
            if t[i] == quote {
                let next = t.index(after: i)
                if next < t.endIndex && t[next] == quote { name.append(quote); i = t.index(after: next); continue }
                closed = true
                i = next
                break
            }
            name.append(t[i])
            i = t.index(after: i)
        }
        guard closed, !words.isEmpty, t[i...].trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        self.init(kindWords: words, name: name)
    }

    /// The kind in words, as the profile's heading and `--help` name it.
    public var kindWords: String {
        switch kind {
        case .area(let k), .institution(let k): return k
        case .council: return "council"
        case .person: return "person"
        }
    }
}

/// A chart a block's rows draw: bars (one per row, a category or a supplier) or columns (one
/// per period, oldest first).
public enum ProfileChart: String, Sendable {
    case bars, columns
}

/// One civic query and its answer: what a profile's figures are read from.
public struct ProfileBlock: Sendable {
    /// Its number on the page (1, 2 …): facts, per-head figures and the JSON refer to it.
    public var number: Int
    /// A stable name for the JSON (`spending_by_category`).
    public var id: String
    public var title: String
    /// The civic query, which `civic query` runs as it stands.
    public var query: String
    public var sql: String
    public var parameters: [Value]
    public var columns: [ColumnInfo]
    public var rows: [[Value]]
    public var origins: [RowOrigin]
    /// The coverage notes under the result: what it may leave out.
    public var notes: [String]
    public var sources: [SourceRecord]
    public var chart: ProfileChart?
    /// The column the chart draws (the one the query sorts by); nil: the last numeric column.
    public var chartValue: String?
    /// How many rows the page shows (nil: all); the JSON holds every row, and the page says
    /// how many it left out.
    public var shown: Int?
    /// What no rows means, said in place of an empty table.
    public var empty: String
    /// The row a page marks as the subject's own (its rank among its neighbours).
    public var highlight: Int?
    /// A per-head column the profile adds: the value column divided by the population of the
    /// fact it names. Nil when there is none (no population is loaded).
    public var perHead: PerHead?

    public struct PerHead: Sendable {
        /// The column divided.
        public var column: String
        public var population: Int64
        /// The block the population is read from, and how the page says it.
        public var from: Int
        public var note: String
    }

    /// Rows drawn from the synthetic demo layer (alone or with real data).
    public var syntheticRows: Int { origins.filter { $0 != .real }.count }

    public func column(_ name: String) -> Int? { columns.firstIndex { $0.name == name } }

    /// The text of a cell (a whole number as its digits), or nil when it is empty or missing.
    public func text(_ column: String, row: Int = 0) -> String? {
        guard row < rows.count, let c = self.column(column) else { return nil }
        switch rows[row][c] {
        case .text(let s): return s.isEmpty ? nil : s
        case .integer(let i): return String(i)
        default: return nil
        }
    }

    /// The whole number in a cell, or nil.
    public func integer(_ column: String, row: Int = 0) -> Int64? {
        guard row < rows.count, let c = self.column(column), case .integer(let i) = rows[row][c] else { return nil }
        return i
    }
}

/// A headline figure, read from one cell of a block, or worked out from one (a rank).
public struct ProfileFact: Sendable {
    public var label: String
    public var value: Value
    public var type: FieldType
    /// The block it is read from.
    public var block: Int
    /// How it was read, where that is more than one cell: "position in query 9's order".
    public var how: String?
}

public struct ProfileSection: Sendable {
    /// `place`, `representatives`, `bodies`, `money`, `several_offices`, `offices`.
    public var id: String
    public var title: String
    public var facts: [ProfileFact] = []
    public var blocks: [ProfileBlock] = []
}

public struct Profile: Sendable {
    public var subject: ProfileSubject
    /// "Bromford & Hodge Hill (ward)".
    public var title: String
    /// The official code or identifier where there is one.
    public var code: String?
    public var sections: [ProfileSection]
    /// What the profile may leave out or draws from demo data, from every block, once each.
    public var notes: [String]
    /// Every source any block drew on, real first.
    public var sources: [SourceRecord]

    public var blocks: [ProfileBlock] { sections.flatMap(\.blocks) }
    public var syntheticRows: Int { blocks.reduce(0) { $0 + $1.syntheticRows } }
}

/// A profile's query that failed: the query and the engine's error (a `Diagnostic` for the
/// first, which names the subject; anything later is a fault of civic's).
public struct ProfileQueryError: Error {
    public var query: String
    public var underlying: Error
}

/// A person's name matches no one, or several people.
public struct ProfileNotFound: Error, CustomStringConvertible {
    public var description: String
}
