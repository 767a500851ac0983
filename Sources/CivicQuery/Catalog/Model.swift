import CivicStorage

// The catalogue's vocabulary: what a subject, a field and a relation are, as data. Nothing here
// is SQL text; the compiler (`Compiler/`) turns these into SQL through a dialect.

/// The types a field can have; comparisons and aggregates are checked against them.
public enum FieldType: String, Sendable {
    case text, money, count, number, date

    var isNumeric: Bool { self == .money || self == .count || self == .number }
}

/// The families of subject: each is one kind of row.
public enum Family: String, Sendable, CaseIterable {
    case institutions, people, roles, candidates, spending, budgets, areas, suppliers, categories
}

/// The database's tables, as the query side reads them (see `docs/SCHEMA.md`).
enum Table: String, Sendable, Hashable {
    case areas, area_links, institutions, people, roles, candidacies, parties, payments, budgets, suppliers, categories, sources
}

/// A row a subject's fields read from: the subject's own row, or one joined to it by key.
enum RowRef: String, Sendable, Hashable {
    case subject, person, institution
}

/// A constant from the catalogue (never user text).
enum Constant: Sendable, Hashable {
    case text(String)
    case integer(Int64)
}

/// A value read for each row of a subject.
indirect enum Expr: Sendable, Hashable {
    /// A column of the subject's row or of a row joined to it.
    case column(String, RowRef = .subject)
    case constant(Constant)
    /// The values as text, one after the other.
    case concat([Expr])
    /// One value of the row of `table` whose `key` equals `equals`, optionally only when its
    /// `kind` column is `kind`: an area's name from its code.
    case lookup(Table, key: String, equals: Expr, value: String, kind: String? = nil)
    /// The value of the latest (by `by`) row of `table` whose `key` equals `equals` and whose
    /// `value` is not empty: a person's party from their offices.
    case latest(Table, key: String, equals: Expr, value: String, by: String)
    /// The first of the values that is not empty.
    case firstOf([Expr])
    /// A financial year's label from its first year: 2017 → "2017/18".
    case financialYear(Expr)
    /// A 0/1 flag as `yes` or `no` (empty when unknown).
    case yesNo(Expr)
    /// A field a layout declares beyond the model's own, from the row's `extra` JSON.
    case extra(String, FieldType)
    /// The total of `value` over the rows of `table` whose `key` equals `equals` and whose kind
    /// is `kind`, only when there is at least one and every one has a value; else empty, never
    /// a part-total: a council area's population from its wards'.
    case wholeTotal(Table, key: String, equals: Expr, value: String, kind: String)
    /// `then` when `test` equals `value`, else empty: a body's population only for a council.
    case when(Expr, equals: Constant, then: Expr)
    /// The areas the area `code` lies in, at any depth (its parents and the areas that list it
    /// in `area_links`), nearest first, as "name (kind)" joined by "; ".
    case areasAround(Expr)

    /// The name of the file a source id belongs to.
    static func sourceFile(_ id: Expr) -> Expr { .lookup(.sources, key: "source_id", equals: id, value: "file") }
}

/// A row joined to every row of a subject: `roles` join the person and the institution.
struct Join: Sendable {
    var row: RowRef
    var table: Table
    /// The joined table's key, equal to `on` of the subject's row.
    var key: String
    var on: String
}

/// How a relation's rows belong to a row of the subject.
enum Link: Sendable, Hashable {
    /// The related row's `column` holds the subject's key: payments.payer_id = institution.
    case key(String)
    /// The related row's category `column` is the subject's category or one of its children.
    case categoryOrChild(String)
    /// The related row lies in the subject's area or anywhere inside it, at any depth.
    case inArea(Place)
}

/// Where a related row is, for `Link.inArea`.
enum Place: Sendable, Hashable {
    /// The row's own area column (`roles.ward_id`, `institutions.area_id`).
    case column(String)
    /// The area of the institution the row's `column` names (`payments.payer_id`).
    case institution(String)
}

/// Which of a query's phrases narrow a relation's rows.
enum Narrowing: Sendable, Hashable {
    /// Payments in the query's category set and period, and, when `payers`, by the query's
    /// paying institutions and in its area.
    case payments(payers: Bool)
    /// Budget lines in the category set and the period's financial years.
    case budgets
    /// Offices held at some time in the period.
    case roles
    /// Candidacies at elections held in the period.
    case elections
    case none
}

/// The rows a derived field summarises: rows of `table` linked to the subject's row, with
/// `only` holding, narrowed by the query's phrases.
struct Relation: Sendable, Hashable {
    var table: Table
    var link: Link
    var only: [Equal] = []
    var narrowing: Narrowing
}

/// A column of a row equal to a constant.
struct Equal: Sendable, Hashable {
    var column: String
    var value: Constant
}

/// How a derived field summarises its relation's rows.
enum Aggregation: Sendable, Hashable {
    /// The total of a money column (0 when there are no rows).
    case sum(String)
    /// How many rows (0 when there are none).
    case count
    /// How many different values of a column.
    case countDistinct(String)
    /// Each office and its institution, "role at institution", by institution then role,
    /// separated by "; " (roles only).
    case offices

    /// Whether the aggregate can be taken in two steps (per key, then summed per area), as an
    /// `inArea` relation needs.
    var decomposable: Bool {
        switch self {
        case .sum, .count: return true
        case .countDistinct, .offices: return false
        }
    }
}

/// A derived field's value.
struct Derived: Sendable, Hashable {
    var relation: Relation
    var aggregation: Aggregation
}

/// A field of a subject: plain (read from the row) or derived (summarising related rows).
struct FieldDef: Sendable {
    enum Value: Sendable {
        /// Read from the row; `source` is the id of the source the value itself came from when
        /// that is not the row's (an area's population).
        case plain(Expr, source: Expr?)
        case derived(Derived)
        /// The money field `of` divided by the row's population (`SubjectDef.population`), in
        /// whole pence: `spent per head`. Empty where the population is not known, never 0.
        case perHead(of: String)
    }

    let name: String
    let type: FieldType
    let summary: String
    let value: Value
    /// What `by` groups on when that is not the value shown: payments show the supplier as
    /// each file spells it and group by the supplier its spellings are grouped into.
    var group: Expr? = nil
    /// Declared by a loaded layout, not the catalogue (listed apart by `civic schema`).
    var extra = false

    var derived: Bool { if case .derived = value { return true } else { return false } }

    static func plain(_ name: String, _ type: FieldType, _ expr: Expr, _ summary: String, source: Expr? = nil, group: Expr? = nil) -> FieldDef {
        FieldDef(name: name, type: type, summary: summary, value: .plain(expr, source: source), group: group)
    }

    static func derived(_ name: String, _ type: FieldType, _ summary: String, _ aggregation: Aggregation, of relation: Relation) -> FieldDef {
        FieldDef(name: name, type: type, summary: summary, value: .derived(Derived(relation: relation, aggregation: aggregation)))
    }
}

/// The people a row of a subject stands for, which `per head` divides by.
struct Population: Sendable {
    /// The code of the area whose people they are (empty when the row stands for none).
    var area: Expr
    /// How many (empty when not known).
    var value: Expr
    /// The id of the source the figure came from.
    var source: Expr
}

/// A word that lists a subject's rows: `institutions`, or `wards` (areas whose kind is ward).
struct SubjectWord: Sendable {
    var word: String
    /// The values of the subject's `narrows` column the word keeps (nil: every row).
    var values: [String]?

    init(_ word: String, _ values: [String]? = nil) {
        self.word = word
        self.values = values
    }
}

/// A subject family's rows, fields and defaults.
struct SubjectDef: Sendable {
    let family: Family
    /// What one row is, in words.
    let row: String
    /// The words that list it (more come from the data: every institution kind and every role,
    /// in the plural), and how `civic schema` sums them up.
    var words: [SubjectWord] = []
    var wordsSummary: String = ""
    /// The column a subject word narrows by (institution or area kind, role).
    var narrows: SubjectFilter.Column? = nil
    let table: Table
    let joins: [Join]
    /// The row's key column.
    let key: String
    /// The normalised name that `named` searches.
    let nameNorm: Expr
    /// Rows the subject never lists (redacted suppliers).
    var only: [Equal] = []
    /// Rows are listed only when this relation has a row for them that the phrases allow
    /// (suppliers: those with a payment).
    var mustHave: Relation? = nil
    var fields: [FieldDef]
    let defaults: [String]
    /// The fields shown by default when a subject word narrows the rows: for those values
    /// (nil: any narrowing), first match wins.
    var narrowedDefaults: [(values: [String]?, fields: [String])] = []
    /// Fields added to the defaults when a phrase is about spending (a category or a period).
    var spendingDefaults: [String] = []
    let mainMoney: String?
    /// The date a time unit groups by when the query names no other (`by month`), if the
    /// subject has one: `by month of <date field>` names another.
    var mainDate: String? = nil
    let order: [(String, Bool)]
    let summary: String

    /// How many people a row stands for, which `per head` divides by: an area's population, a
    /// council's area's. Nil when the subject has none.
    var population: Population? = nil

    /// The words after a money field that divide it by the row's population.
    static let perHead = " per head"

    /// A field by name: one of `fields`, or a money field of them followed by `per head` when
    /// the subject has a population.
    func field(_ name: String) -> FieldDef? {
        if let f = fields.first(where: { $0.name == name }) { return f }
        guard population != nil, let base = perHeadBase(name), base.type == .money else { return nil }
        return FieldDef(name: name, type: .money, summary: "\(base.name) divided by the population, to the penny", value: .perHead(of: base.name))
    }

    /// The field a `… per head` name divides, if it names one.
    func perHeadBase(_ name: String) -> FieldDef? {
        guard name.hasSuffix(Self.perHead) else { return nil }
        let base = String(name.dropLast(Self.perHead.count))
        return fields.first { $0.name == base }
    }

    /// The fields `per head` can divide.
    var perHeadFields: [String] { population == nil ? [] : fields.filter { $0.type == .money }.map { $0.name + Self.perHead } }
}
