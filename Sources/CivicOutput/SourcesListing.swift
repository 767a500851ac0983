import CivicQuery
import CivicStorage

/// The loaded sources as a result table — file, kind, publisher, licence, period, origin and
/// rows — written through any format: `civic sources` and the REPL's `.sources` share it.
public enum SourcesListing {
    public static let columns: [ColumnInfo] = [
        ColumnInfo(name: "file", type: .text), ColumnInfo(name: "kind", type: .text),
        ColumnInfo(name: "publisher", type: .text), ColumnInfo(name: "licence", type: .text),
        ColumnInfo(name: "from", type: .date), ColumnInfo(name: "to", type: .date),
        ColumnInfo(name: "origin", type: .text), ColumnInfo(name: "rows", type: .count),
    ]

    static let sql = """
        SELECT file, kind, publisher, licence, period_start, period_end,
               CASE synthetic WHEN 1 THEN 'synthetic' ELSE 'real' END, rows_loaded
        FROM sources ORDER BY synthetic, kind, file
        """

    /// Writes every loaded source to `writer`, synthetic ones marked as such.
    public static func write(db: Database, to writer: inout some ResultWriter) throws {
        writer.begin(columns: columns)
        var rows = 0
        for r in try db.rows(sql) {
            rows += 1
            // The origin column says which are synthetic; no row marker is needed.
            writer.row(r, synthetic: false)
        }
        writer.end(footer: Footer(rows: rows, syntheticRows: 0))
    }
}

extension QueryRunner {
    /// The loaded sources in the options' format.
    public func listSources(_ o: Options) -> Outcome {
        prepared(o) { r in
            var writer = r.makeWriter(o, title: "sources")
            do {
                try SourcesListing.write(db: r.db, to: &writer)
                return .ok
            } catch {
                r.err("internal error: \(error)\n")
                return .failed("\(error)")
            }
        }
    }
}
