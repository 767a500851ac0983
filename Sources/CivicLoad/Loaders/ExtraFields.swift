import CivicStorage
import Foundation

/// The fields a layout reads beyond the model's own (see `Layout.extraFields`): each row keeps
/// them as one JSON object in its `extra` column, typed as the layout declares, and the
/// `extra_fields` table lists them so that the query language offers them as fields.
struct ExtraFields {
    struct Entry {
        let name: String
        let type: String
        let field: LayoutReader.Field
    }

    let entries: [Entry]
    let family: String

    init(_ r: LayoutReader) {
        entries = r.layout.extraFields.map { Entry(name: $0.name, type: $0.spec.type, field: r.field($0.name)) }
        family = Self.family(r.layout.kind)
    }

    /// The query language's name for the rows of a kind of file.
    static func family(_ kind: Layout.Kind) -> String {
        switch kind {
        case .payments: return "spending"
        case .candidacies: return "candidates"
        default: return kind.rawValue
        }
    }

    /// Lists the file's extra fields. A field another file declares with another type is an
    /// error of this layout: one name, one meaning.
    func register(_ r: LayoutReader, source: Int64, _ ctx: LoadContext) throws {
        for (name, spec) in r.layout.extraFields {
            if case .text(let other) = try ctx.db.scalar(
                "SELECT type FROM extra_fields WHERE family = ? AND name = ? AND type <> ? LIMIT 1",
                [.text(family), .text(name), .text(spec.type)]) {
                throw LoadError(.layoutInvalid, file: r.display, line: 0, column: 0,
                                "the field \"\(name)\" is \(spec.type) here but \(other) in another loaded file",
                                expected: "one type for a field of \(family) in every layout")
            }
            let column: String
            switch r.layout.columns[name] {
            case .names(let n)?: column = n[0]
            case .position(let i)?: column = "column \(i)"
            case nil: column = ""
            }
            try ctx.run("INSERT INTO extra_fields(family, name, type, about, from_column, source_id) VALUES (?,?,?,?,?,?)",
                        [.text(family), .text(name), .text(spec.type), .text(spec.about), .text(column), .integer(source)])
        }
    }

    /// The row's extra fields as a JSON object, or nil when it has none with a value. A value
    /// that is not of its declared type rejects the row, as any other field would.
    func json(_ r: LayoutReader, _ row: MappedRow) throws -> String? {
        guard !entries.isEmpty else { return nil }
        var out = ""
        for e in entries {
            guard let text = r.value(row, e.field) else { continue }
            let value: String
            switch e.type {
            case "number":
                guard let n = Self.number(text) else {
                    throw RowError(r.error(row, e.name, .badNumber, expected: "a number like 41.3", found: r.found(row, e.name)))
                }
                value = n
            case "count":
                guard let i = try r.integer(row, e.name) else { continue }
                value = String(i)
            case "money":
                value = String(try r.money(row, e.field))
            case "date":
                guard let d = try r.date(row, e.field) else { continue }
                value = JSONText.quoted(d)
            default:
                value = JSONText.quoted(text)
            }
            out += (out.isEmpty ? "{" : ",") + JSONText.quoted(e.name) + ":" + value
        }
        return out.isEmpty ? nil : out + "}"
    }

    /// A decimal number as JSON: `41.3`, `-2`, `1,234.5`, `12.5%` (the sign of a percentage is
    /// the field's `about` to state).
    static func number(_ raw: String) -> String? {
        var s = raw.trimmingSpaces.replacingOccurrences(of: ",", with: "")
        if s.hasSuffix("%") { s.removeLast() }
        guard !s.isEmpty, s.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 || $0 == 43 }),
              let d = Double(s), d.isFinite else { return nil }
        if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
        return String(d)
    }
}
