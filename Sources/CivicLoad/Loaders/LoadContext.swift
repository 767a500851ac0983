import CivicStorage

/// State shared by every file of one load: the database, the error sink, and in-memory indexes
/// of the keys already loaded, so rows resolve references without a query each.
final class LoadContext {
    let db: Database
    let sink = ErrorSink()
    var areas: [String: String] = [:]          // code → kind
    var institutions: [String: Int64] = [:]    // "scheme:code" → institution_id
    var people: [String: Int64] = [:]          // "scheme:code" → person_id
    var suppliers: [String: Int64] = [:]       // normalised name → supplier_id
    private var suppliersByText: [String: Int64] = [:]  // published text → supplier_id (a cache)
    private var supplierNames: [Int64: String] = [:]    // supplier_id → its first spelling (suppliers.name)
    var categories: Set<Int64> = []
    var categoryAliases: Set<String> = []
    var parties: [String: String] = [:]        // party_id → name
    var partyLabels: [String: String] = [:]    // normalised label → party_id
    private var statements: [String: Statement] = [:]
    /// Which of the key maps above hold the database's keys (each is read on first need only:
    /// a payments file has no use for 400,000 people).
    private var loaded: Set<KeyMap> = []
    /// Whether payments go through `temp.payments_staging` (see `KindLoaders.payments`).
    var stagePayments = false
    /// Where payments go when a load is for a server: straight to its COPY, not into `db`.
    var paymentSpool: PaymentSpool?
    /// Called every few thousand rows with the rows done so far in the current file.
    var progress: ((String, Int) -> Void)?

    enum KeyMap: Hashable { case areas, institutions, people, suppliers, categories, categoryAliases, parties }

    init(db: Database) {
        self.db = db
    }

    /// The key maps a file of this kind resolves its references with.
    static func maps(for kind: Layout.Kind) -> [KeyMap] {
        switch kind {
        case .categories: return [.categories]
        case .categoryAliases: return [.categories, .categoryAliases]
        case .areas, .areaValues: return [.areas]
        case .institutions: return [.areas, .institutions]
        case .outturn: return [.areas, .institutions, .categories]
        case .roles: return [.areas, .institutions, .people, .parties]
        case .candidacies: return [.areas, .people, .parties]
        case .payments: return [.institutions, .suppliers, .categories]
        case .postcodes: return [.areas]
        case .parties: return [.parties]
        }
    }

    /// Reads the keys a file of `kind` needs from the database, those not read already.
    func prepare(for kind: Layout.Kind) throws {
        for m in Self.maps(for: kind) where loaded.insert(m).inserted {
            switch m {
            case .areas:
                try db.each("SELECT area_id, kind FROM areas") { areas[$0.text(0) ?? ""] = $0.text(1) ?? "" }
            case .institutions:
                try db.each("SELECT scheme || ':' || code, institution_id FROM institutions") { institutions[$0.text(0) ?? ""] = $0.int(1) }
            case .people:
                try db.each("SELECT scheme || ':' || code, person_id FROM people") { people[$0.text(0) ?? ""] = $0.int(1) }
            case .suppliers:
                try db.each("SELECT name_norm, supplier_id, name FROM suppliers") {
                    suppliers[$0.text(0) ?? ""] = $0.int(1)
                    supplierNames[$0.int(1)] = $0.text(2) ?? ""
                }
                lastSupplierID = try db.scalar("SELECT coalesce(max(supplier_id), 0) FROM suppliers").int ?? 0
            case .categories:
                try db.each("SELECT category_id FROM categories") { categories.insert($0.int(0)) }
            case .categoryAliases:
                try db.each("SELECT alias_norm FROM category_aliases") { categoryAliases.insert($0.text(0) ?? "") }
            case .parties:
                try db.each("SELECT party_id, name FROM parties") { parties[$0.text(0) ?? ""] = $0.text(1) ?? "" }
                try db.each("SELECT label_norm, party_id FROM party_labels") { partyLabels[$0.text(0) ?? ""] = $0.text(1) ?? "" }
            }
        }
    }

    /// Forgets every key read, after rows were deleted: the next `prepare` reads them again.
    func forgetKeys() {
        areas = [:]; institutions = [:]; people = [:]; suppliers = [:]; suppliersByText = [:]; supplierNames = [:]
        categories = []; categoryAliases = []; parties = [:]; partyLabels = [:]
        lastSupplierID = 0
        loaded = []
    }

    /// A prepared statement, cached for the whole load.
    func statement(_ sql: String) throws -> Statement {
        if let s = statements[sql] { return s }
        let s = try db.prepare(sql)
        statements[sql] = s
        return s
    }

    func run(_ sql: String, _ values: [Value]) throws {
        try statement(sql).execute(values)
    }

    /// Inserts and returns the new rowid.
    func insert(_ sql: String, _ values: [Value]) throws -> Int64 {
        try statement(sql).execute(values)
        return db.lastInsertRowID
    }

    /// A supplier the current file names for the first time: its row is still to be written.
    struct NewSupplier: Sendable {
        let id: Int64
        let name: String
        let key: String
        let redacted: Bool
    }

    /// The supplier for a published name: one row per normalised name, named by the first row
    /// that published it; redaction markers are kept as their own flagged rows so they are never
    /// ranked as a supplier. A name not seen before gets the next id and comes back as `new`,
    /// for the writer to insert (this runs on the thread that checks rows, which never writes).
    func supplier(_ name: String, redactionMarkers: Set<String>) -> (id: Int64, new: NewSupplier?) {
        if let id = suppliersByText[name] { return (id, nil) }
        defer { if let id = suppliersByText[name], supplierNames[id] == nil { supplierNames[id] = name } }
        let redacted = redactionMarkers.contains(name.trimmingSpaces.lowercased())
        let key = redacted ? "redacted: " + Normalise.name(name) : Normalise.supplier(name)
        if let id = suppliers[key] {
            suppliersByText[name] = id
            return (id, nil)
        }
        lastSupplierID += 1
        suppliers[key] = lastSupplierID
        suppliersByText[name] = lastSupplierID
        return (lastSupplierID, NewSupplier(id: lastSupplierID, name: name, key: key, redacted: redacted))
    }
    /// The text a payment keeps of its supplier's spelling: nil when it is the supplier's first
    /// spelling (`suppliers.name`, which the load never changes), else the text itself.
    func spelling(_ name: String, of supplier: Int64) -> String? {
        supplierNames[supplier] == name ? nil : name
    }

    /// The highest supplier id given so far.
    private var lastSupplierID: Int64 = 0
}
