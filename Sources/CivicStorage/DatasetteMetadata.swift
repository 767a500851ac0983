import Foundation

/// Metadata for Datasette (`datasette serve DB -m metadata.json`): for every table and view, a
/// description, and the licence, publisher and source of the files its rows come from (read from
/// `sources`), with the unit of every money column. Datasette 0.65, what `pip install
/// datasette` gives, reads metadata only from such a file, not from the database, so `civic
/// datasette` writes it beside the database.
///
/// Units are said in the column descriptions: Datasette's own `units` are physical units (Pint),
/// which have no currency.
public enum DatasetteMetadata {
    /// The table whose rows each view shows (the view's licence and sources are that table's).
    static let viewBase = [
        "payments_view": "payments", "budgets_view": "budgets", "roles_view": "roles",
        "institutions_view": "institutions", "wards_view": "areas", "sources_view": "sources",
        "candidacies_view": "candidacies",
    ]

    static let descriptions = [
        "payments_view": "Payments by public bodies, one row per line of a published spending file; money in pounds.",
        "budgets_view": "Budget and outturn lines of councils and other authorities (MHCLG revenue returns); basis says which; money in pounds.",
        "roles_view": "Offices held: councillors, governors, trustees, board members, with ward and party.",
        "institutions_view": "Public institutions: councils, schools, trusts, NHS trusts, courts, centres, with their area.",
        "wards_view": "Electoral wards with their council area, constituencies, population and councillors.",
        "sources_view": "Every loaded file: publisher, licence, period, real or synthetic, and rows.",
        "candidacies_view": "Who stood at local elections, where, for which party, and whether elected.",
        "payments": "Payments in integer pence (amount_pence); payments_view gives pounds and names.",
        "budgets": "Budget lines in integer pence (amount_pence); budgets_view gives pounds and names.",
        "sources": "Every loaded file, with its publisher, licence, period and checksum.",
    ]

    static let columns: [String: [String: String]] = [
        "payments_view": [
            "amount_pounds": "Amount in pounds sterling (£), to the penny; negative for a credit.",
            "payer": "The paying institution.",
            "supplier": "The payee exactly as the file spells it on this line.",
            "supplier_group": "The supplier its spellings are grouped into.",
            "category": "The taxonomy category the publisher's label maps to, if any.",
            "source_file": "The published file this row comes from.",
            "source_line": "The line in that file.",
            "synthetic": "1 for the labelled synthetic demo layer, 0 for real public data.",
        ],
        "budgets_view": [
            "amount_pounds": "Amount in pounds sterling (£), to the penny.",
            "basis": "budget or outturn.",
            "institution_kind": "The kind of authority (council, police authority …).",
            "synthetic": "1 for the labelled synthetic demo layer, 0 for real public data.",
        ],
        "payments": ["amount_pence": "Amount in pence (£0.01); negative for a credit."],
        "budgets": ["amount_pence": "Amount in pence (£0.01)."],
        "supplier_totals": ["amount_pence": "Total in pence (£0.01)."],
        "payer_totals": ["amount_pence": "Total in pence (£0.01)."],
        "payer_month_totals": ["amount_pence": "Total in pence (£0.01)."],
        "wards_view": ["population": "Residents (people), where the ward's file gives it."],
    ]

    /// What a table's rows were loaded from: its sources' licences and publishers.
    struct Provenance {
        var licences: [String] = []
        var publishers: [String] = []
        var urls: [String] = []
    }

    /// The metadata for the database at `db`, which Datasette will call `name`, as JSON.
    public static func json(for db: Database, name: String) throws -> Data {
        var all = Provenance()
        var byTable: [String: Provenance] = [:]
        for row in try db.rows("SELECT DISTINCT licence, publisher, url FROM sources ORDER BY licence, publisher") {
            add(row, to: &all)
        }
        for table in Schema.tables where try hasSourceColumn(db, table) {
            var p = Provenance()
            for row in try db.rows("""
                SELECT DISTINCT licence, publisher, url FROM sources
                WHERE source_id IN (SELECT DISTINCT source_id FROM \(table)) ORDER BY licence, publisher
                """) {
                add(row, to: &p)
            }
            byTable[table] = p
        }
        byTable["sources"] = all

        var tables: [String: Any] = [:]
        for name in Schema.tables + Schema.views {
            var t: [String: Any] = [:]
            if let d = descriptions[name] { t["description"] = d }
            if let p = byTable[viewBase[name] ?? name] {
                t["license"] = p.licences.isEmpty ? "none loaded" : p.licences.joined(separator: "; ")
                t["source"] = summary(p.publishers)
                if p.urls.count == 1 { t["source_url"] = p.urls[0] }
            }
            if let c = columns[name] { t["columns"] = c }
            if !t.isEmpty { tables[name] = t }
        }
        let top: [String: Any] = [
            "title": "civic: who runs local public institutions and what they spend",
            "description": "UK public datasets loaded by civic, with the file and line every row came from. Licences and publishers are those of each table's sources (see sources_view); rows from the synthetic demo layer have synthetic = 1.",
            "license": all.licences.isEmpty ? "none loaded" : all.licences.joined(separator: "; "),
            "source": summary(all.publishers),
            "databases": [name: ["tables": tables]],
        ]
        return try JSONSerialization.data(withJSONObject: top, options: [.prettyPrinted, .sortedKeys])
    }

    static func add(_ row: [Value], to p: inout Provenance) {
        if let l = row[0].string, !p.licences.contains(l) { p.licences.append(l) }
        if let s = row[1].string, !p.publishers.contains(s) { p.publishers.append(s) }
        if row.count > 2, let u = row[2].string, !u.isEmpty, !p.urls.contains(u) { p.urls.append(u) }
    }

    static func hasSourceColumn(_ db: Database, _ table: String) throws -> Bool {
        try db.prepare("SELECT * FROM \(table) LIMIT 0").columnNames.contains("source_id")
    }

    /// Publishers listed, the first few by name and the rest counted.
    static func summary(_ publishers: [String]) -> String {
        if publishers.isEmpty { return "none loaded" }
        let shown = publishers.prefix(4).joined(separator: "; ")
        return publishers.count > 4 ? shown + "; and \(publishers.count - 4) other publishers (see sources_view)" : shown
    }
}
