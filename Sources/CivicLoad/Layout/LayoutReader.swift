import CivicDiagnostics
import Foundation

/// One data row of a layout's file, after repairs, with the layout's mapping applied on demand.
struct MappedRow {
    let record: CSVRecord
    fileprivate(set) var virtuals: [String: String] = [:]
    let repaired: Bool
}

/// Reads a file through its layout: skips the preamble, finds the header and maps its columns,
/// stops at the footer, applies the declared repairs, drops blank and filtered rows, and answers
/// each field's value by the layout's columns, extracts, rules, maps and constants.
///
/// A value is the file's text as published, spaces at its ends and all, unless the layout
/// declares a repair, an extract or a trim of it; a field that is blank (nothing but spaces,
/// tabs, line ends and no-break spaces) or a declared missing-value marker has no value. What
/// only matches — missing-value markers, `maps`, a condition's `equals`, the footer's first
/// field — matches on the text trimmed of those blanks. Typed readers (dates, money, whole
/// numbers, codes and references) trim before they parse.
final class LayoutReader {
    let layout: Layout
    let path: String
    /// The name errors show: the path as the user gave it.
    let display: String
    private let csv: CSVReader
    private(set) var headerNames: [String] = []
    private(set) var headerLine = 0
    private var fieldIndex: [String: Int] = [:]
    private var expectedFields = 0
    private let missingMarkers: Set<String>
    private var repairs: [(Layout.Repair, NSRegularExpression, Int)] = []
    private var extracts: [(Layout.Extract, NSRegularExpression)] = []
    private(set) var footer: CSVRecord?
    /// Where each declared field's value comes from, worked out once from the layout so a row's
    /// value costs one lookup.
    private var plans: [FieldPlan] = []
    private var planIndex: [String: Int] = [:]

    /// A class, so that reading a field's plan for each row costs one reference, not a copy of
    /// its strings, rules and map.
    private final class FieldPlan {
        let name: String
        let virtual: Bool
        let compose: String?
        let join: Layout.Join?
        let rules: [Layout.Rule]
        let index: Int?
        let map: [String: String]?
        let constant: String?
        /// The layout declares a trim of this field.
        let trim: Bool

        init(name: String, virtual: Bool, compose: String?, join: Layout.Join?, rules: [Layout.Rule], index: Int?, map: [String: String]?,
             constant: String?, trim: Bool) {
            self.name = name; self.virtual = virtual; self.compose = compose; self.join = join; self.rules = rules
            self.index = index; self.map = map; self.constant = constant; self.trim = trim
        }
    }

    private(set) var read = 0
    private(set) var repaired = 0
    private(set) var skipped = 0
    /// Rows the kind loader rejected (it reports each one to the sink).
    var rejected = 0
    var loaded = 0

    init(layout: Layout, path: String, display: String, required: [String], digest: SHA256? = nil) throws {
        self.layout = layout
        self.path = path
        self.display = display
        missingMarkers = Set(layout.missing ?? [])
        do {
            csv = try CSVReader(path: path, encoding: layout.encoding ?? .utf8,
                                maxFieldBytes: layout.maxFieldBytes ?? CSVReader.defaultMaxFieldBytes)
            csv.digest = digest
        } catch let e as CSVSyntaxError {
            throw LoadError(e.id, file: display, line: 0, column: 0, e.message)
        }
        for r in layout.repairs ?? [] {
            repairs.append((r, try regex(r.pattern, "repair \"\(r.name)\""), 0))
        }
        for x in layout.extracts ?? [] {
            extracts.append((x, try regex(x.pattern, "extract \"\(x.name)\"")))
        }
        try readHeader(required: required)
        for name in layout.declaredFields {
            planIndex[name] = plans.count
            plans.append(FieldPlan(name: name, virtual: (layout.extracts ?? []).contains { $0.into.contains(name) },
                                    compose: layout.compose?[name], join: layout.join?[name],
                                    rules: (layout.rules ?? []).filter { $0.field == name },
                                    index: fieldIndex[name], map: layout.maps?[name], constant: layout.constants?[name],
                                    trim: layout.trim?.trims(name) ?? false))
        }
    }

    private func regex(_ pattern: String, _ what: String) throws -> NSRegularExpression {
        do { return try NSRegularExpression(pattern: pattern) } catch {
            throw LoadError(.layoutBadPattern, file: display, line: 0, column: 0, "layout \(what) has a bad pattern: \(pattern)")
        }
    }

    static func normaliseHeader(_ s: String) -> String {
        s.lowercased().split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
    }

    private func nextRecord() throws -> CSVRecord? {
        do { return try csv.next() } catch let e as CSVSyntaxError {
            throw LoadError(e.id, file: display, line: e.line, column: e.column, e.message)
        }
    }

    private func readHeader(required: [String]) throws {
        let wantsHeader = layout.header ?? true
        var positions: [String: Int] = [:]
        if wantsHeader {
            let target = layout.headerLine ?? 1
            var rec: CSVRecord?
            while let r = try nextRecord() {
                if r.line >= target { rec = r; break }
            }
            guard let header = rec else {
                let lines = csv.linesRead
                throw lines <= 1 && csv.bytesRead == 0
                    ? LoadError(.emptyFile, file: display, line: 0, column: 0, "the file is empty", expected: "a header row on line \(target)")
                    : LoadError(.missingHeader, file: display, line: 0, column: 0,
                                "expected a header row on line \(target), but the file ends before it")
            }
            headerLine = header.line
            headerNames = header.texts
            expectedFields = headerNames.count
            for (i, name) in headerNames.enumerated() {
                let key = Self.normaliseHeader(name)
                if positions[key] == nil { positions[key] = i }
            }
        }
        // Resolve every declared column; all must exist, and the kind's required fields must be declared.
        for field in required where layout.columns[field] == nil && layout.constants?[field] == nil
            && layout.compose?[field] == nil && !(layout.extracts ?? []).contains(where: { $0.into.contains(field) }) {
            throw LoadError(.layoutMissingField, file: display, line: 0, column: 0,
                            "layout declares no column or constant for the required field \"\(field)\"")
        }
        for (field, ref) in layout.columns.sorted(by: { $0.key < $1.key }) {
            switch ref {
            case .position(let p):
                guard p >= 1 else {
                    throw LoadError(.layoutBadColumn, file: display, line: 0, column: 0, "layout column for \"\(field)\" must be 1 or more")
                }
                fieldIndex[field] = p - 1
            case .names(let names):
                guard wantsHeader else {
                    throw LoadError(.layoutBadColumn, file: display, line: 0, column: 0,
                                    "layout names header columns but declares \"header\": false")
                }
                guard let i = names.lazy.compactMap({ positions[Self.normaliseHeader($0)] }).first else {
                    let what = required.contains(field) ? "required column" : "column"
                    throw LoadError(.missingColumn, file: display, line: headerLine, column: headerNames.count + 1,
                                    "missing \(what) \(ref.display) for \(field); the header has: "
                                        + headerNames.map { "\"\($0)\"" }.joined(separator: ", "))
                }
                fieldIndex[field] = i
            }
        }
        for (i, r) in repairs.enumerated() {
            guard let at = positions[Self.normaliseHeader(r.0.at)] else {
                throw LoadError(.missingColumn, file: display, line: headerLine, column: 0,
                                "layout repair \"\(r.0.name)\" names a column the header lacks: \"\(r.0.at)\"")
            }
            repairs[i].2 = at
        }
    }

    /// The SHA-256 of the bytes read, once the file has been read; an error if it could not be
    /// read to its end or changed while it was read (see `CSVReader.finishDigest`).
    func finishDigest() throws -> String? {
        do { return try csv.finishDigest() } catch let e as CSVSyntaxError {
            throw LoadError(e.id, file: display, line: 0, column: 0, e.message)
        }
    }

    /// The column index a header name has (normalised), for wide layouts.
    func headerIndex(matching re: NSRegularExpression) -> [(index: Int, capture: String)] {
        headerNames.enumerated().compactMap { i, name in
            let ns = name as NSString
            guard let m = re.firstMatch(in: name, range: NSRange(location: 0, length: ns.length)),
                  m.numberOfRanges > 1, m.range(at: 1).location != NSNotFound else { return nil }
            return (i, ns.substring(with: m.range(at: 1)))
        }
    }

    /// The next data row, or nil at the end of the data. Throws on a CSV syntax error and on a
    /// row of the wrong width that no declared repair mends.
    func next() throws -> MappedRow? {
        while let rec = try nextRecord() {
            if !(layout.header ?? true) && expectedFields == 0 && !rec.isBlank {
                expectedFields = rec.fields.count  // a headerless file: the first row sets the width
            }
            if let f = layout.footer, rec.fields.first?.text.trimmingSpaces == f.firstField {
                footer = rec
                while try nextRecord() != nil {}
                try checkNotEmpty()
                return nil
            }
            if rec.isBlank { continue }
            read += 1
            var record = rec
            var wasRepaired = false
            if expectedFields > 0 && record.fields.count != expectedFields {
                if let fixed = repair(record) {
                    record = fixed
                    wasRepaired = true
                } else {
                    let found = record.fields.count
                    let col = min(found, expectedFields) + 1
                    let line = found < expectedFields ? (record.fields.last?.line ?? record.line) : record.fields[expectedFields].line
                    throw RowError(LoadError(.wrongFieldCount, file: display, line: line, column: col,
                                             expected: "\(expectedFields) fields as in the header", found: "\(found)"))
                }
            }
            var row = MappedRow(record: record, repaired: wasRepaired)
            for (x, re) in extracts {
                guard let v = value(row, x.field) else { continue }
                let ns = v as NSString
                guard let m = re.firstMatch(in: v, range: NSRange(location: 0, length: ns.length)) else { continue }
                for (k, name) in x.into.enumerated() where k + 1 < m.numberOfRanges {
                    let r = m.range(at: k + 1)
                    row.virtuals[name] = r.location == NSNotFound ? "" : ns.substring(with: r)
                }
                if x.isRepair ?? true { wasRepaired = true }
            }
            row = MappedRow(record: row.record, virtuals: row.virtuals, repaired: wasRepaired)
            if let conds = layout.filter, !conds.allSatisfy({ holds($0, row) }) {
                skipped += 1
                continue
            }
            if wasRepaired { repaired += 1 }
            return row
        }
        if let f = layout.footer, footer == nil {
            throw LoadError(.missingFooter, file: display, line: 0, column: 0,
                            "expected a footer line starting \"\(f.firstField)\", but the file ends without one")
        }
        try checkNotEmpty()
        return nil
    }

    /// A file with no data rows is a broken export, not "nothing to say": reject it at the line
    /// where the first row should be.
    private func checkNotEmpty() throws {
        guard read == 0, !reportedEmpty else { return }
        reportedEmpty = true
        if headerLine > 0 {
            throw LoadError(.noDataRows, file: display, line: headerLine + 1, column: 1,
                            expected: "data rows after the header on line \(headerLine)", found: "none")
        }
        throw LoadError(.emptyFile, file: display, line: 0, column: 0, "the file is empty", expected: "data rows")
    }
    private var reportedEmpty = false

    /// Tries each declared repair on a short row: the fused field is split by the pattern's groups.
    private func repair(_ rec: CSVRecord) -> CSVRecord? {
        for (r, re, at) in repairs where rec.fields.count == r.whenFields && at < rec.fields.count {
            let f = rec.fields[at]
            let ns = f.text as NSString
            guard let m = re.firstMatch(in: f.text, range: NSRange(location: 0, length: ns.length)),
                  m.numberOfRanges - 1 == expectedFields - rec.fields.count + 1 else { continue }
            var fields = Array(rec.fields[..<at])
            for g in 1..<m.numberOfRanges {
                let range = m.range(at: g)
                let text = range.location == NSNotFound ? "" : ns.substring(with: range)
                fields.append(CSVField(text: text, line: f.line, column: f.column))
            }
            fields.append(contentsOf: rec.fields[(at + 1)...])
            if fields.count == expectedFields { return CSVRecord(fields: fields, line: rec.line) }
        }
        return nil
    }

    private func holds(_ c: Layout.Condition, _ row: MappedRow) -> Bool {
        let v = value(row, c.field) ?? ""
        if let e = c.equals, v.trimmingSpaces != e { return false }
        if let s = c.contains, !v.localizedCaseInsensitiveContains(s) { return false }
        if c.notEmpty == true && v.isEmpty { return false }
        return true
    }

    /// The text of a column as published; nil when blank or, trimmed, a declared missing-value
    /// marker.
    func columnText(_ row: MappedRow, index: Int) -> String? {
        guard index < row.record.fields.count else { return nil }
        let text = row.record.fields[index].text
        guard !text.isEmpty else { return nil }
        let t = text.trimmingSpaces
        return t.isEmpty || (!missingMarkers.isEmpty && missingMarkers.contains(t)) ? nil : text
    }

    /// A field's value: extract results, then the first matching rule, then the column (through
    /// its map), then the constant; trimmed where the layout says so. Nil when none gives a
    /// value that is not blank.
    func value(_ row: MappedRow, _ field: String) -> String? {
        value(row, self.field(field))
    }

    /// A declared field, resolved to where its value comes from once per file, so that reading
    /// it for each row costs no lookup by name.
    struct Field {
        let name: String
        fileprivate let plan: Int  // -1: the layout gives this field no value
    }

    func field(_ name: String) -> Field { Field(name: name, plan: planIndex[name] ?? -1) }

    func value(_ row: MappedRow, _ field: Field) -> String? {
        guard field.plan >= 0 else { return nil }
        let plan = plans[field.plan]
        guard let v = untrimmedValue(row, plan) else { return nil }
        guard plan.trim else { return v }
        let t = v.trimmingSpaces
        return t.isEmpty ? nil : t
    }

    private func untrimmedValue(_ row: MappedRow, _ plan: FieldPlan) -> String? {
        if plan.virtual, let v = row.virtuals[plan.name] { return v.trimmingSpaces.isEmpty ? nil : v }
        if let template = plan.compose { return compose(template, row) }
        if let j = plan.join {
            let parts = j.fields.compactMap { value(row, $0) }
            return parts.isEmpty ? nil : parts.joined(separator: j.separator ?? ", ")
        }
        for rule in plan.rules where holds(rule.when, row) {
            return rule.value.isEmpty ? nil : rule.value
        }
        if let i = plan.index, let text = columnText(row, index: i) {
            if let map = plan.map, let m = map[text.trimmingSpaces] ?? map["*"] { return m.isEmpty ? nil : m }
            return text
        }
        if let c = plan.constant { return c.isEmpty ? nil : c }
        return nil
    }

    /// A composed value: the template's text with each part's value as published. A missing part
    /// leaves nothing, and the blanks of the template's own text that would then stand at either
    /// end of the value are dropped (`"{forenames} {surname}"` with no forenames is the surname,
    /// not a space and the surname); blanks a part's value has at its ends are kept.
    private func compose(_ template: String, _ row: MappedRow) -> String? {
        var pieces: [(text: Substring, literal: Bool)] = []
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            if open > rest.startIndex { pieces.append((rest[..<open], true)) }
            let name = String(rest[rest.index(after: open)..<close])
            if let v = value(row, name) { pieces.append((Substring(v), false)) }
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append((rest, true)) }
        func blank(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\r\n" || c == "\u{A0}" }
        while let first = pieces.first, first.literal {
            let t = first.text.drop(while: blank)
            if !t.isEmpty { pieces[0].text = t; break }
            pieces.removeFirst()
        }
        while let last = pieces.last, last.literal {
            var t = last.text
            while let c = t.last, blank(c) { t = t.dropLast() }
            if !t.isEmpty { pieces[pieces.count - 1].text = t; break }
            pieces.removeLast()
        }
        let out = pieces.map(\.text).joined()
        return out.trimmingSpaces.isEmpty ? nil : out
    }

    /// Where a field's value sits, for error messages: its line and logical (header) column.
    func location(_ row: MappedRow, _ field: String) -> (line: Int, column: Int) {
        if let i = fieldIndex[field], i < row.record.fields.count {
            return (row.record.fields[i].line, i + 1)
        }
        return (row.record.line, 1)
    }

    /// An error at a field of a row (see `LoadError` for the parts).
    func error(_ row: MappedRow, _ field: String, _ id: DiagnosticID, _ problem: String = "",
               expected: String? = nil, found: String? = nil) -> LoadError {
        let (l, c) = location(row, field)
        return LoadError(id, file: display, line: l, column: c, problem, expected: expected, found: found)
    }

    /// What an error says it found in a field: its text in quotes, as the file has it.
    func found(_ row: MappedRow, _ field: String) -> String {
        if let i = fieldIndex[field], i < row.record.fields.count { return "\"\(row.record.fields[i].text)\"" }
        return "\"\(value(row, field) ?? "")\""
    }

    /// The largest amount in pence a row may hold either way (see `Layout.defaultMaxAmount`).
    var maxAmountPence: Int64 { (layout.maxAmount ?? Layout.defaultMaxAmount) * 100 }

    /// An amount of money from a field's text, within the bound per row; or the fault
    /// (`badMoney`, or `amountTooLarge` past the bound or past 64 bits) and what was expected.
    func amount(_ text: String) -> Result<Int64, AmountFault> {
        switch FieldParsers.parseMoney(text, scale: layout.scale ?? 0) {
        case .pence(let p) where p.magnitude <= UInt64(maxAmountPence): return .success(p)
        case .pence, .tooLarge:
            let bound = "£" + Self.grouped(layout.maxAmount ?? Layout.defaultMaxAmount)
            return .failure(AmountFault(id: .amountTooLarge,
                                        expected: "an amount of at most \(bound) either way, the most one row may hold (a layout may raise it with \"max_amount\")"))
        case .malformed:
            return .failure(AmountFault(id: .badMoney, expected: "an amount of money like 1,234.50 or (264.00)"))
        }
    }

    struct AmountFault: Error {
        let id: DiagnosticID
        let expected: String
    }

    /// `1000000` → `1,000,000`.
    static func grouped(_ n: Int64) -> String {
        var digits = Array(String(n.magnitude))
        var out: [Character] = []
        while digits.count > 3 {
            out.insert(contentsOf: [","] + digits.suffix(3), at: 0)
            digits.removeLast(3)
        }
        return (n < 0 ? "-" : "") + String(digits + out)
    }

    /// What an error says it found in a field with no value.
    static let emptyField = "an empty field"
}

/// A row-level fault: the row is rejected and reading goes on.
struct RowError: Error {
    let error: LoadError
    init(_ e: LoadError) { error = e }
}
