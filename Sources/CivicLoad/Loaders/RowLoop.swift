import CivicDiagnostics
import CivicStorage

extension LayoutReader {
    /// Feeds each data row to `body`, reporting errors to the load's sink and progress to its
    /// callback.
    func forEachRow(_ ctx: LoadContext, _ body: (MappedRow) throws -> Void) throws {
        var n = 0
        try forEachRow({ e, _ in ctx.sink.add(e) }) { row in
            try body(row)
            n += 1
            if n & 4095 == 0 { ctx.progress?(display, n) }
        }
    }

    /// Feeds each data row to `body`. A row error rejects the row and reading goes on; a syntax
    /// error (`stops` true) ends this file. Each goes to `report`, in file order.
    func forEachRow(_ report: (_ error: LoadError, _ stops: Bool) throws -> Void, _ body: (MappedRow) throws -> Void) throws {
        while true {
            let next: MappedRow?
            do {
                next = try self.next()
            } catch let e as RowError {
                rejected += 1
                try report(e.error, false)
                continue
            } catch let e as LoadError {
                try report(e, true)
                return
            }
            guard let row = next else { return }
            do {
                try body(row)
                loaded += 1
            } catch let e as RowError {
                rejected += 1
                try report(e.error, false)
            }
        }
    }

    // MARK: typed fields

    /// A field that must have a value.
    func required(_ row: MappedRow, _ field: String) throws -> String { try required(row, self.field(field)) }

    func required(_ row: MappedRow, _ field: Field) throws -> String {
        guard let v = value(row, field) else {
            throw RowError(error(row, field.name, .emptyField, expected: "a value for \(field.name)", found: Self.emptyField))
        }
        return v
    }

    /// A code or a reference, which is looked up or matched rather than shown: the field's value
    /// trimmed (`FieldParsers.code`). Nil when the field has no value.
    func code(_ row: MappedRow, _ field: String) -> String? { code(row, self.field(field)) }

    func code(_ row: MappedRow, _ field: Field) -> String? { value(row, field).flatMap(FieldParsers.code) }

    /// A code or reference that must have a value.
    func requiredCode(_ row: MappedRow, _ field: String) throws -> String { try requiredCode(row, self.field(field)) }

    func requiredCode(_ row: MappedRow, _ field: Field) throws -> String {
        guard let v = code(row, field) else {
            throw RowError(error(row, field.name, .emptyField, expected: "a value for \(field.name)", found: Self.emptyField))
        }
        return v
    }

    func date(_ row: MappedRow, _ field: String, required isRequired: Bool = false) throws -> String? {
        try date(row, self.field(field), required: isRequired)
    }

    func date(_ row: MappedRow, _ f: Field, required isRequired: Bool = false) throws -> String? {
        let field = f.name
        guard let v = value(row, f) else {
            if isRequired { throw RowError(error(row, field, .emptyField, expected: dateExpected, found: Self.emptyField)) }
            return nil
        }
        guard let d = FieldParsers.date(v) else {
            throw RowError(error(row, field, .badDate, expected: dateExpected, found: found(row, field)))
        }
        return d
    }

    /// What a date error says was expected: the layout's own example when it gives one.
    private var dateExpected: String { "a date like \(layout.dateExample ?? "25/06/2012")" }

    func money(_ row: MappedRow, _ field: String) throws -> Int64 { try money(row, self.field(field)) }

    func money(_ row: MappedRow, _ f: Field) throws -> Int64 {
        let field = f.name
        switch amount(try required(row, f)) {
        case .success(let p): return p
        case .failure(let fault): throw RowError(error(row, field, fault.id, expected: fault.expected, found: found(row, field)))
        }
    }

    func integer(_ row: MappedRow, _ field: String) throws -> Int64? {
        guard let v = value(row, field) else { return nil }
        guard let i = FieldParsers.integer(v) else {
            throw RowError(error(row, field, .badNumber, expected: "a whole number", found: found(row, field)))
        }
        return i
    }

    /// An area code that must already be loaded (nil when the field is empty).
    func area(_ row: MappedRow, _ field: String, _ ctx: LoadContext, ignoreUnknown: Bool = false) throws -> String? {
        guard let code = code(row, field) else { return nil }
        if ctx.areas[code] != nil { return code }
        if ignoreUnknown { return nil }
        throw RowError(error(row, field, .unknownArea, "unknown area code \"\(code)\": no area with that code is loaded"))
    }

    /// An institution reference `scheme:code` that must already be loaded.
    func institution(_ row: MappedRow, _ field: String, _ ctx: LoadContext) throws -> Int64 {
        try institution(row, self.field(field), ctx)
    }

    func institution(_ row: MappedRow, _ f: Field, _ ctx: LoadContext) throws -> Int64 {
        let field = f.name
        let ref = try requiredCode(row, f)
        guard let id = ctx.institutions[ref] else {
            throw RowError(error(row, field, .unknownInstitution, "unknown institution \"\(ref)\"",
                                 expected: "a loaded institution as scheme:code, e.g. ons:E08000025"))
        }
        return id
    }

    /// A category code that must be in the taxonomy (nil when the field is empty or unmapped).
    func category(_ row: MappedRow, _ field: String, _ ctx: LoadContext) throws -> Int64? {
        try category(row, self.field(field), ctx)
    }

    func category(_ row: MappedRow, _ f: Field, _ ctx: LoadContext) throws -> Int64? {
        let field = f.name
        guard let v = code(row, f) else { return nil }
        guard let code = Int64(v), ctx.categories.contains(code) else {
            throw RowError(error(row, field, .unknownCategory, "unknown category code \"\(v)\"", expected: "a line code of the taxonomy"))
        }
        return code
    }
}
