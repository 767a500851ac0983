import CivicDiagnostics
import Foundation

/// A declared layout: how one publisher's file maps onto the civic model. It lives beside the
/// file in `Datasets/` as `NAME.layout.json`, so a new publisher's file of a known kind loads by
/// writing a layout alone. See `Datasets/LAYOUTS.md` for every key.
public struct Layout: Decodable, Sendable {
    /// What the file feeds. Loads run in this order, so later kinds can refer to earlier ones.
    public enum Kind: String, Decodable, Sendable, CaseIterable, Comparable {
        case categories
        case categoryAliases = "category_aliases"
        case areas
        case areaValues = "area_values"
        case postcodes
        case parties
        case institutions
        case outturn
        case roles
        case candidacies
        case payments

        var order: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Kind, b: Kind) -> Bool { a.order < b.order }
    }

    public struct SourceInfo: Decodable, Sendable {
        public var title: String
        public var publisher: String
        public var licence: String
        public var periodStart: String?
        public var periodEnd: String?
        public var retrieved: String?
        public var url: String?
        public var synthetic: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable {
            case title, publisher, licence, retrieved, url, synthetic
            case periodStart = "period_start", periodEnd = "period_end"
        }
    }

    /// A column of the file: one or more header names (aliases, first found wins), or a 1-based
    /// position for files without a header.
    public enum ColumnRef: Decodable, Sendable {
        case names([String])
        case position(Int)

        public init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int.self) { self = .position(i) }
            else if let s = try? c.decode(String.self) { self = .names([s]) }
            else { self = .names(try c.decode([String].self)) }
        }

        var display: String {
            switch self {
            case .names(let n): return n.map { "\"\($0)\"" }.joined(separator: " or ")
            case .position(let p): return "column \(p)"
            }
        }
    }

    /// A test on a field's value, used by filters and rules.
    public struct Condition: Decodable, Sendable {
        public var field: String
        public var equals: String?
        public var contains: String?
        public var notEmpty: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable { case field, equals, contains, notEmpty = "not_empty" }
    }

    /// Sets `field` to `value` on rows where `when` holds (first matching rule wins).
    public struct Rule: Decodable, Sendable {
        public var field: String
        public var when: Condition
        public var value: String

        enum CodingKeys: String, CodingKey, CaseIterable { case field, when, value }
    }

    /// A known repair of a short row: the field found at header column `at` holds several fields
    /// fused together; `pattern`'s capture groups give them back, in order.
    public struct Repair: Decodable, Sendable {
        public var name: String
        public var at: String
        public var pattern: String
        public var whenFields: Int

        enum CodingKeys: String, CodingKey, CaseIterable { case name, at, pattern, whenFields = "when_fields" }
    }

    /// A known repair inside a field: `pattern` on `field`'s value, capture groups into `into`.
    public struct Extract: Decodable, Sendable {
        public var name: String
        public var field: String
        public var pattern: String
        public var into: [String]
        /// False for a declared transformation that mends nothing (a reordering of a name).
        public var isRepair: Bool?

        enum CodingKeys: String, CodingKey, CaseIterable { case name, field, pattern, into, isRepair = "is_repair" }
    }

    /// The footer that ends the data (Lambeth's "Total" line), optionally checked against the data.
    public struct Footer: Decodable, Sendable {
        public var firstField: String
        public var totalColumn: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case firstField = "first_field", totalColumn = "total_column" }
    }

    /// One level of an area lookup: which columns hold its code and name, and its parent level.
    public struct AreaLevel: Decodable, Sendable {
        public var kind: String
        public var code: String
        public var name: String
        public var parent: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case kind, code, name, parent }
    }

    /// A many-to-many membership: an area of level `area` lies in an area of level `container`.
    public struct AreaLink: Decodable, Sendable {
        public var area: String
        public var container: String

        enum CodingKeys: String, CodingKey, CaseIterable { case area, container }
    }

    /// An institution the layout itself declares (a payer no other file lists).
    public struct DeclaredInstitution: Decodable, Sendable {
        public var scheme: String
        public var code: String
        public var name: String
        public var kind: String
        public var subkind: String?
        public var area: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case scheme, code, name, kind, subkind, area }
    }

    /// A field a layout reads beyond the model's own, with its type and what it means: stored in
    /// the row's `extra` column and queried like any other field (`ofsted` of a school).
    public struct FieldSpec: Decodable, Sendable {
        public var type: String
        public var about: String

        enum CodingKeys: String, CodingKey, CaseIterable { case type, about }

        /// The types an extra field may have, as the query language names them.
        public static let types = ["text", "number", "count", "money", "date"]
    }

    /// A field made of others joined, those with no value left out: an address from its lines.
    public struct Join: Decodable, Sendable {
        public var fields: [String]
        /// Between the parts (", " when not given).
        public var separator: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case fields, separator }
    }

    /// Where an institution's code comes from when it has more than one scheme.
    public struct CodeAlternative: Decodable, Sendable {
        public var field: String
        public var scheme: String

        enum CodingKeys: String, CodingKey, CaseIterable { case field, scheme }
    }

    /// Parents named (not coded) in a column are created as institutions of this kind.
    public struct ParentCreate: Decodable, Sendable {
        public var scheme: String
        public var kind: String

        enum CodingKeys: String, CodingKey, CaseIterable { case scheme, kind }
    }

    /// Wide files (one column per category): which headers are values and for which category.
    public struct ValueColumns: Decodable, Sendable {
        /// A regular expression whose first group is the category code, e.g. `^(\d+):`.
        public var pattern: String
        /// Only these category codes are loaded (others are published sub-totals or memoranda).
        public var codes: [Int]

        enum CodingKeys: String, CodingKey, CaseIterable { case pattern, codes }
    }

    /// Which fields' values are trimmed of blanks at either end (spaces, tabs, line ends,
    /// no-break spaces). A value is otherwise kept as the file has it (`Datasets/LAYOUTS.md`,
    /// "Text as published"): `true` trims every field, a list the fields named, `false` none.
    public enum Trim: Decodable, Sendable, Equatable {
        case all
        case fields([String])

        public init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let all = try? c.decode(Bool.self) { self = all ? .all : .fields([]) }
            else { self = .fields(try c.decode([String].self)) }
        }

        /// Whether the layout trims this field's value.
        public func trims(_ field: String) -> Bool {
            switch self {
            case .all: return true
            case .fields(let names): return names.contains(field)
            }
        }
    }

    public var file: String
    public var kind: Kind
    public var source: SourceInfo
    public var encoding: TextEncoding?
    public var header: Bool?
    public var headerLine: Int?
    /// The most bytes a field, or a whole row or header, may hold (`CSVReader.defaultMaxFieldBytes`
    /// when not given).
    public var maxFieldBytes: Int?
    public var footer: Footer?
    public var columns: [String: ColumnRef]
    public var constants: [String: String]?
    public var maps: [String: [String: String]]?
    public var rules: [Rule]?
    public var repairs: [Repair]?
    public var extracts: [Extract]?
    public var compose: [String: String]?
    public var join: [String: Join]?
    public var filter: [Condition]?
    public var missing: [String]?
    public var trim: Trim?
    public var levels: [AreaLevel]?
    public var links: [AreaLink]?
    public var declare: [DeclaredInstitution]?
    public var scale: Int?
    /// The largest amount one row may hold either way, in whole pounds (`defaultMaxAmount` when
    /// not given; at most `largestMaxAmount`).
    public var maxAmount: Int64?
    public var valueColumns: ValueColumns?
    /// The types and meanings of the fields the layout reads beyond the model's own (every such
    /// field is kept; one not declared here is text).
    public var fields: [String: FieldSpec]?
    public var dateExample: String?
    public var codeAlternatives: [CodeAlternative]?
    public var codeFrom: [String]?
    public var parentCreate: ParentCreate?
    public var areaUnknown: String?
    public var redactionMarkers: [String]?
    public var budgetKind: String?
    public var financialYear: Int?
    /// Order among layouts of the same kind (lower first; default 50): a file that defines areas
    /// with their full parentage loads before lookups that only add memberships.
    public var order: Int?
    /// For payments: `payment` (default) when the date column is the payment date, `invoice` when
    /// it is only the invoice date and the source's period bounds the payment.
    public var dateKind: String?
    /// Free text for the people reading the layout; the loader ignores it.
    public var comment: String?

    /// The keys of a layout, and which kinds of file each belongs to: the one declaration that the
    /// decoder, the key check and the test keeping Datasets/LAYOUTS.md true all read.
    public enum CodingKeys: String, CodingKey, CaseIterable, Sendable {
        case file, kind, source, columns
        case encoding, header, headerLine = "header_line", maxFieldBytes = "max_field_bytes", footer, constants, maps, rules, repairs, extracts
        case compose, join, filter, missing, trim, dateExample = "date_example", order, declare
        case levels, links
        case scale, maxAmount = "max_amount"
        case valueColumns = "value_columns", budgetKind = "budget_kind", financialYear = "financial_year"
        case codeFrom = "code_from", codeAlternatives = "code_alternatives", parentCreate = "parent_create"
        case areaUnknown = "area_unknown"
        case redactionMarkers = "redaction_markers", dateKind = "date_kind"
        case fields
        case comment

        /// The kinds of file this key belongs to (every kind when nil).
        public var kinds: [Kind]? {
            switch self {
            case .levels, .links: return [.areas]
            case .scale, .maxAmount: return [.outturn, .payments]
            case .valueColumns, .budgetKind, .financialYear: return [.outturn]
            case .codeFrom, .codeAlternatives, .parentCreate, .areaUnknown: return [.institutions, .outturn]
            case .redactionMarkers, .dateKind: return [.payments]
            case .declare: return [.outturn, .roles, .payments]
            case .fields: return Layout.kindsWithExtraFields
            default: return nil
            }
        }

        /// Whether a layout of `kind` must have this key.
        public func isRequired(for kind: Kind) -> Bool {
            switch self {
            case .file, .kind, .source, .columns: return true
            case .levels: return kind == .areas
            case .valueColumns: return kind == .outturn
            default: return false
            }
        }
    }

    /// Reads and decodes a layout file; a decoding failure names the file and the key path.
    public static func read(path: String) throws -> Layout {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(.unreadableFile, file: path, line: 0, column: 0, "cannot read layout file")
        }
        do {
            // Unknown keys first: a misspelt "colums" explains the missing "columns" better.
            try checkKeys(data, path: path)
            let layout = try JSONDecoder().decode(Layout.self, from: data)
            try layout.checkValues(path: path)
            return layout
        } catch let e as LoadError {
            throw e
        } catch let DecodingError.keyNotFound(key, ctx) {
            throw LoadError(.layoutMissingKey, file: path, line: 0, column: 0,
                            "layout is missing the key \"\(pathString(ctx.codingPath + [key]))\"")
        } catch let DecodingError.typeMismatch(_, ctx), let DecodingError.valueNotFound(_, ctx) {
            throw LoadError(.layoutInvalid, file: path, line: 0, column: 0,
                            "layout key \"\(pathString(ctx.codingPath))\": \(ctx.debugDescription)")
        } catch let DecodingError.dataCorrupted(ctx) {
            throw LoadError(.layoutInvalid, file: path, line: 0, column: 0,
                            "layout is not valid: \(pathString(ctx.codingPath)) \(ctx.debugDescription)")
        } catch {
            throw LoadError(.layoutInvalid, file: path, line: 0, column: 0, "layout is not valid JSON: \(error)")
        }
    }

    /// Holds the layout's values to what they mean, beyond their JSON types: numbers in range,
    /// dates that are dates in the calendar, a period that does not end before it starts. A
    /// fault is an error naming the layout, the key, what it holds and what was expected, before
    /// any row is read (an impossible period would otherwise be stored as the source's, and a
    /// payment of an invoice-dated file recorded as made in it).
    func checkValues(path: String) throws {
        func invalid(_ problem: String, expected: String) -> LoadError {
            LoadError(.layoutInvalid, file: path, line: 0, column: 0, problem, expected: expected)
        }
        // A unit of 10^scale pounds: pence need scale + 2 ≥ 0, and 10^(scale + 2) fits 64 bits.
        if let scale, !(0...9).contains(scale) {
            throw invalid("layout key \"scale\" is \(scale)", expected: "0 (pounds) to 9 (£ billion)")
        }
        if let maxAmount, !(1...Self.largestMaxAmount).contains(maxAmount) {
            throw invalid("layout key \"max_amount\" is \(maxAmount)",
                          expected: "a whole number of pounds from 1 to \(Self.largestMaxAmount) (£10 trillion); the default is \(Self.defaultMaxAmount) (£1 trillion)")
        }
        if let headerLine, headerLine < 1 {
            throw invalid("layout key \"header_line\" is \(headerLine)", expected: "1 or more (the first line of the file is line 1)")
        }
        if let maxFieldBytes, !(1...CSVReader.largestMaxFieldBytes).contains(maxFieldBytes) {
            throw invalid("layout key \"max_field_bytes\" is \(maxFieldBytes)",
                          expected: "1 to \(CSVReader.largestMaxFieldBytes) (256 MiB); the default is \(CSVReader.defaultMaxFieldBytes) (1 MiB)")
        }
        if let financialYear, !(1000...9999).contains(financialYear) {
            throw invalid("layout key \"financial_year\" is \(financialYear)", expected: "the year it starts, such as 2017 for 2017/18")
        }
        // The source's dates are stored as they are written, and a period bounds the payments of
        // an invoice-dated file: each must be an ISO date in the calendar.
        let dates: [(key: String, value: String?)] = [
            ("source.period_start", source.periodStart), ("source.period_end", source.periodEnd), ("source.retrieved", source.retrieved),
        ]
        for case let (key, value?) in dates {
            switch Self.isoDate(value) {
            case .valid: continue
            case .notInCalendar:
                throw invalid("layout key \"\(key)\" is \"\(value)\", a day that is not in the calendar", expected: "a date as YYYY-MM-DD, like 2019-04-01")
            case .malformed:
                throw invalid("layout key \"\(key)\" is \"\(value)\"", expected: "a date as YYYY-MM-DD, like 2019-04-01")
            }
        }
        for (name, spec) in (fields ?? [:]).sorted(by: { $0.key < $1.key }) {
            guard Self.isFieldName(name) else {
                throw invalid("layout key \"fields\" names a field \"\(name)\"",
                              expected: "a field name of lower-case letters, digits and underscores, starting with a letter")
            }
            guard FieldSpec.types.contains(spec.type) else {
                throw invalid("layout key \"fields.\(name).type\" is \"\(spec.type)\"", expected: "one of " + FieldSpec.types.joined(separator: ", "))
            }
            guard !Self.modelFields(kind).contains(name) else {
                throw invalid("layout key \"fields\" declares \"\(name)\", a field of the model itself",
                              expected: "only fields beyond the model's own (Datasets/LAYOUTS.md lists those)")
            }
            guard readFields.contains(name) else {
                throw invalid("layout key \"fields\" declares \"\(name)\", which the layout does not read",
                              expected: "a field given by \"columns\", \"compose\", \"extracts\" or \"rules\"")
            }
        }
        if let start = source.periodStart, let end = source.periodEnd, end < start {
            throw invalid("layout key \"source.period_end\" is \(end), before \"source.period_start\" (\(start))",
                          expected: "a period that ends on or after the day it starts")
        }
        // A trim of a field the layout never declares would trim nothing, without a word: a
        // misspelt field name is refused like a misspelt key.
        if case .fields(let names)? = trim {
            let declared = declaredFields
            for name in names where !declared.contains(name) {
                let hint = Suggestions.didYouMean(name, in: declared.sorted()).map { " (\($0))" } ?? ""
                throw invalid("layout key \"trim\" names the field \"\(name)\", which the layout does not declare\(hint)",
                              expected: "fields the layout declares in \"columns\", \"constants\", \"compose\", \"rules\" or an extract's \"into\"")
            }
        }
        // The example error messages quote must be a date the loader reads, or they mislead.
        if let example = dateExample, FieldParsers.date(example) == nil {
            throw invalid("layout key \"date_example\" is \"\(example)\"",
                          expected: "a date in the calendar, written as the file writes its dates (25/06/2012, 2021-04-01, 20-Jan-17 or 20110701)")
        }
    }

    /// The kinds of file whose rows keep the fields a layout reads beyond the model's own.
    public static let kindsWithExtraFields: [Kind] = [.institutions, .roles, .candidacies, .payments]

    /// The fields the loader of a kind stores in columns of their own; any other field a layout
    /// of a kind in `kindsWithExtraFields` reads is kept as an extra field.
    public static func modelFields(_ kind: Kind) -> Set<String> {
        switch kind {
        case .institutions: return ["name", "kind", "subkind", "code", "area", "parent", "address", "postcode", "website", "opened", "closed"]
        case .roles: return ["name", "person_id", "institution", "role", "ward", "party", "party_id", "votes", "start", "end", "detail"]
        case .candidacies: return ["name", "person_id", "ward", "election", "ballot", "party", "party_id", "votes", "elected"]
        case .payments: return ["payer", "date", "supplier", "amount", "category", "expense", "service", "department", "reference", "supplier_ref"]
        case .postcodes: return ["postcode", "ward", "council", "constituency"]
        case .parties: return ["label", "party_id", "name"]
        case .categories: return ["code", "name"]
        case .categoryAliases: return ["alias", "code"]
        case .areaValues: return ["code", "population"]
        case .areas, .outturn: return []
        }
    }

    /// Every field the layout gives a value: by a column, a composition, an extract or a rule.
    public var readFields: Set<String> {
        var out = Set(columns.keys).union((compose ?? [:]).keys).union((join ?? [:]).keys)
        for x in extracts ?? [] { out.formUnion(x.into) }
        for r in rules ?? [] { out.insert(r.field) }
        return out
    }

    /// The fields kept beyond the model's own, in name order, with their types and meanings
    /// (text, "column X of the file", where the layout declares none).
    public var extraFields: [(name: String, spec: FieldSpec)] {
        guard Self.kindsWithExtraFields.contains(kind) else { return [] }
        let model = Self.modelFields(kind)
        return readFields.subtracting(model).sorted().filter(Self.isFieldName).map { name in
            if let spec = fields?[name] { return (name, spec) }
            let about: String
            switch columns[name] {
            case .names(let n)?: about = "the file's column \"\(n[0])\", as published"
            case .position(let i)?: about = "the file's column \(i), as published"
            case nil: about = "derived by the layout from the file's columns"
            }
            return (name, FieldSpec(type: "text", about: about))
        }
    }

    static func isFieldName(_ s: String) -> Bool {
        guard let first = s.utf8.first, first >= 97 && first <= 122, s.utf8.count <= 64 else { return false }
        return s.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    /// Every field the layout gives a value: its columns, constants, composed fields, the fields
    /// its rules set and the fields its extracts fill.
    var declaredFields: Set<String> {
        var names = Set(columns.keys)
        names.formUnion(constants?.keys ?? [:].keys)
        names.formUnion(compose?.keys ?? [:].keys)
        names.formUnion(join?.keys ?? [:].keys)
        names.formUnion((rules ?? []).map(\.field))
        names.formUnion((extracts ?? []).flatMap(\.into))
        return names
    }

    /// The largest amount, in pounds, one row of money may hold either way unless its layout
    /// says otherwise: £1 trillion (10^14 pence), more than any one payment or budget line of a
    /// UK public body, the whole of public spending in a year being about £1.2 trillion.
    ///
    /// The bound is what keeps sums of rows within 64 bits: civic counts pence in Int64, whose
    /// largest value is 9,223,372,036,854,775,807 pence (about £92 quadrillion), so any 92,233
    /// rows at the bound add up without overflow, and any 9,223 at `largestMaxAmount`. Sums
    /// of more rows than that are still checked wherever they are made (a file's total, the
    /// totals of payments in memory and in SQL; see `PaymentTotals`): an overflow is an
    /// `amountOverflow` error, never a trap or a wrong total.
    public static let defaultMaxAmount: Int64 = 1_000_000_000_000
    /// The most a layout may raise `max_amount` to: £10 trillion (10^15 pence).
    public static let largestMaxAmount: Int64 = 10_000_000_000_000

    enum DateCheck { case valid, notInCalendar, malformed }

    /// Whether `text` is an ISO date `YYYY-MM-DD` (exactly that form) in the calendar.
    static func isoDate(_ text: String) -> DateCheck {
        let u = Array(text.utf8)
        guard u.count == 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") else { return .malformed }
        func number(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard u[i] >= 48 && u[i] <= 57 else { return nil }
                v = v * 10 + Int(u[i] - 48)
            }
            return v
        }
        guard let y = number(0..<4), let m = number(5..<7), let d = number(8..<10) else { return .malformed }
        return FieldParsers.isValid(year: y, month: m, day: d) ? .valid : .notInCalendar
    }

    /// The keys each part of a layout may have, from the parts' own coding keys. A key not listed
    /// is a mistake (a typo such as "colums" would otherwise be ignored and the load go wrong
    /// quietly), so it is an error.
    static let allowedKeys: [String: Set<String>] = {
        func names<K: CodingKey & CaseIterable>(_: K.Type) -> Set<String> { Set(K.allCases.map(\.stringValue)) }
        return [
            "": names(CodingKeys.self),
            "source": names(SourceInfo.CodingKeys.self),
            "footer": names(Footer.CodingKeys.self),
            "rules": names(Rule.CodingKeys.self),
            "rules.when": names(Condition.CodingKeys.self),
            "filter": names(Condition.CodingKeys.self),
            "repairs": names(Repair.CodingKeys.self),
            "extracts": names(Extract.CodingKeys.self),
            "levels": names(AreaLevel.CodingKeys.self),
            "links": names(AreaLink.CodingKeys.self),
            "declare": names(DeclaredInstitution.CodingKeys.self),
            "code_alternatives": names(CodeAlternative.CodingKeys.self),
            "parent_create": names(ParentCreate.CodingKeys.self),
            "value_columns": names(ValueColumns.CodingKeys.self),
            "fields.*": names(FieldSpec.CodingKeys.self),
            "join.*": names(Join.CodingKeys.self),
        ]
    }()

    static func checkKeys(_ data: Data, path: String) throws {
        guard let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return }
        func check(_ object: [String: Any], _ at: String) throws {
            // Under "fields" the keys are the layout's own field names, each holding a spec.
            let pattern = at.hasPrefix("fields.") ? "fields.*" : at.hasPrefix("join.") ? "join.*" : at
            let allowed = allowedKeys[pattern]
            guard allowed != nil || at == "fields" || at == "join" else { return }
            for key in object.keys.sorted() where !(allowed?.contains(key) ?? true) {
                let hint = Suggestions.didYouMean(key, in: allowed?.sorted() ?? []).map { " (\($0))" } ?? ""
                throw LoadError(.layoutUnknownKey, file: path, line: 0, column: 0,
                                "layout has an unknown key \"\(at.isEmpty ? key : at + "." + key)\"\(hint); Datasets/LAYOUTS.md lists them")
            }
            for (key, value) in object {
                let inner = at.isEmpty ? key : at + "." + key
                if let o = value as? [String: Any] { try check(o, inner) }
                if let list = value as? [Any] { for case let o as [String: Any] in list { try check(o, inner) } }
            }
        }
        try check(top, "")
        // Then the keys against the kind of file: each belongs to some kinds, and some kinds need
        // keys the others do not.
        guard let kindText = top["kind"] as? String, let kind = Kind(rawValue: kindText) else { return }
        for key in CodingKeys.allCases {
            if top[key.stringValue] != nil, let kinds = key.kinds, !kinds.contains(kind) {
                throw LoadError(.layoutKeyForOtherKind, file: path, line: 0, column: 0,
                                "layout key \"\(key.stringValue)\" is for \(kinds.map { "\($0.rawValue)" }.joined(separator: " and ")) files, not \(kind.rawValue); Datasets/LAYOUTS.md says which keys each kind takes")
            }
            if top[key.stringValue] == nil, key.isRequired(for: kind) {
                throw LoadError(.layoutMissingKey, file: path, line: 0, column: 0,
                                "layout is missing the key \"\(key.stringValue)\", which every \(kind.rawValue) layout needs")
            }
        }
    }

    private static func pathString(_ keys: [CodingKey]) -> String {
        keys.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
    }

    public var isSynthetic: Bool { source.synthetic ?? false }
}
